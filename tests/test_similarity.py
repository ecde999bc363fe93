"""MinHash signatures and LSH banding agree with datasketch's own MinHash and MinHashLSH."""

from __future__ import annotations

import random

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from dedup import similarity
from dedup.similarity import (
    band_pairs, candidate_pairs, minhash, range_signatures, shingle_values, signature_matrix, stable_hash32,
)


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


@pytest.mark.parametrize("compare_all_rows", [0, 1000])  # band_pairs sorts each band, or compares all pairs
def test_banding_finds_what_datasketch_lsh_finds(monkeypatch, compare_all_rows):
    monkeypatch.setattr(similarity, "_COMPARE_ALL_ROWS", compare_all_rows)
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


def test_comparing_all_rows_finds_the_pairs_that_sorting_bands_finds(monkeypatch):
    rng = np.random.default_rng(5)
    for _ in range(50):
        count, num_perm = int(rng.integers(0, 40)), int(rng.choice([12, 24]))
        matrix = rng.integers(0, 3, size=(count, num_perm)).astype(np.uint32)  # many equal bands
        matrix[rng.random(count) < 0.2] = np.iinfo(np.uint32).max  # empty sets
        for bands, rows in ((num_perm // 2, 2), (num_perm // 3, 3), (num_perm, 1)):
            monkeypatch.setattr(similarity, "_COMPARE_ALL_ROWS", 0)
            sorted_bands = band_pairs(matrix, bands, rows)
            monkeypatch.setattr(similarity, "_COMPARE_ALL_ROWS", 1000)
            assert band_pairs(matrix, bands, rows) == sorted_bands


def test_identical_sets_always_pair_and_empty_sets_never_do():
    pairs = candidate_pairs([["a", "b", "c"], [], ["a", "b", "c"], []], 0.5, 64, 1)
    assert pairs == {(0, 2)}


def test_range_signatures_equal_datasketch_minhash_of_each_slice():
    rng = random.Random(3)
    values = np.array([rng.randrange(1 << 32) for _ in range(300)], dtype=np.uint32)
    slices = [(0, 0), (0, 300), (5, 6), (10, 40), (30, 35), (299, 300), (120, 120), (100, 200)]
    matrix = range_signatures(values, [a for a, _ in slices], [b for _, b in slices], 64, 5)
    for row, (start, stop) in zip(matrix, slices):
        expected = MinHash(num_perm=64, seed=5, hashfunc=int)
        expected.update_batch(values[start:stop].tolist())
        assert np.array_equal(row, expected.hashvalues), (start, stop)


def test_shingle_values_give_each_slice_its_own_shingles():
    # Three slices laid end to end, as a document's sentences are: a sentence's shingles are
    # those of the whole stream that lie inside it, and a short slice is one shingle of its words.
    words = np.array([11, 22, 33, 44, 55, 66, 77, 88, 99], dtype=np.uint32)
    starts, stops = np.array([0, 5, 7, 0]), np.array([5, 7, 9, 9])
    values, first, last = shingle_values(words, starts, stops, 3)
    per_slice = [values[a:b].tolist() for a, b in zip(first, last)]
    assert [len(v) for v in per_slice] == [3, 1, 1, 7]
    assert per_slice[0] == per_slice[3][:3]  # the first sentence's shingles open the paragraph's
    assert per_slice[1] != [per_slice[3][5]]  # a two-word sentence is not the shingle crossing into the next
    alone, first_alone, last_alone = shingle_values(np.array([66, 77], dtype=np.uint32), [0], [2], 3)
    assert alone[first_alone[0] : last_alone[0]].tolist() == per_slice[1] != per_slice[2]


def test_passages_equal_as_word_sequences_get_equal_rows():
    from dedup.config import DEFAULT_SETTINGS
    from dedup.passages import sketches
    from dedup.segment import segment

    text = ("The council approved the new budget on Monday after a long debate.\n\n"
            "Residents asked about the opening hours of the library.\n\n"
            "The Council approved the new budget on Monday, after a long debate!\n")
    sketched = sketches(segment(text), DEFAULT_SETTINGS)
    rows = sketched.paragraph_shingles
    assert np.array_equal(rows[0], rows[2]) and not np.array_equal(rows[0], rows[1])
    assert band_pairs(rows, *DEFAULT_SETTINGS.shingle_bands) == {(0, 2)}
