"""MinHash signatures and LSH banding agree with datasketch's own MinHash and MinHashLSH."""

from __future__ import annotations

import random

import numpy as np
from datasketch import MinHash, MinHashLSH

from dedup.similarity import band_pairs, candidate_pairs, minhash, signature_matrix, stable_hash32


def _random_sets(seed: int, count: int = 60) -> list[list[str]]:
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(200)]
    base = [rng.sample(vocabulary, rng.randint(0, 30)) for _ in range(count // 2)]
    # Half the sets are perturbed copies of the others, so that real pairs exist.
    copies = [s[: max(0, len(s) - rng.randint(0, 6))] + rng.sample(vocabulary, rng.randint(0, 4)) for s in base]
    return base + copies


def test_permutations_equal_datasketch_ones():
    from dedup.similarity import permutations

    for num_perm, seed in ((64, 1), (128, 1), (64, 7), (256, 42)):
        assert np.array_equal(permutations(num_perm, seed), MinHash(num_perm=num_perm, seed=seed).permutations)


def test_signature_rows_equal_datasketch_minhash():
    sets = _random_sets(1)
    matrix = signature_matrix(sets, 64, 7)
    for row, features in zip(matrix, sets):
        expected = MinHash(num_perm=64, seed=7, hashfunc=stable_hash32)
        expected.update_batch(features)
        assert np.array_equal(row, expected.hashvalues)
        assert np.array_equal(row, minhash(features, 64, 7).hashvalues)


def test_banding_finds_what_datasketch_lsh_finds():
    sets = _random_sets(2)
    matrix = signature_matrix(sets, 64, 3)
    lsh = MinHashLSH(num_perm=64, params=(16, 4))
    for i, row in enumerate(matrix):
        if sets[i]:
            lsh.insert(i, MinHash(num_perm=64, hashvalues=row, scheme="affine32"))
    expected = {(min(i, j), max(i, j)) for i in range(len(sets)) if sets[i]
                for j in lsh.query(MinHash(num_perm=64, hashvalues=matrix[i], scheme="affine32")) if j != i}
    assert expected, "the test data must contain candidate pairs"
    assert band_pairs(matrix, 16, 4) == expected


def test_identical_sets_always_pair_and_empty_sets_never_do():
    pairs = candidate_pairs([["a", "b", "c"], [], ["a", "b", "c"], []], 0.5, 64, 1)
    assert pairs == {(0, 2)}
