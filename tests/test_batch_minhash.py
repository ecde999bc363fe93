"""The vectorised sketches equal datasketch's, and the banding finds what datasketch's LSH finds."""

from __future__ import annotations

import numpy as np
from datasketch import MinHash, MinHashLSH
from hypothesis import given, settings, strategies as st

from dedup.batch.minhash import band_buckets, grouped_signatures, lsh_pairs, unique_pairs
from dedup.similarity import permutations, range_signatures

hashes32 = st.lists(st.integers(min_value=0, max_value=2**32 - 1), min_size=1, max_size=60)


@settings(max_examples=40, deadline=None)
@given(hashes32)
def test_grouped_signatures_equal_datasketch_affine32(values):
    a, b = permutations(32, 1)
    reference = MinHash(num_perm=32, seed=1, hashfunc=lambda h: h, scheme="affine32")
    reference.update_batch(values)
    one_group = np.zeros(len(values), dtype=np.int64)
    assert np.array_equal(grouped_signatures(np.array(values, dtype=np.uint32), one_group, 1, a, b)[0],
                          reference.hashvalues)


def test_groups_equal_separate_signatures():
    a, b = permutations(16, 3)
    values = np.arange(1000, 1040, dtype=np.uint32)
    group = np.repeat([0, 2, 3], [10, 25, 5])
    grouped = grouped_signatures(values, group, 5, a, b, chunk=7)
    assert np.array_equal(grouped[2], range_signatures(values, [10], [35], 16, 3)[0])
    assert (grouped[1] == 2**32 - 1).all() and (grouped[4] == 2**32 - 1).all()


def test_lsh_pairs_equal_a_single_datasketch_index():
    rng = np.random.default_rng(5)
    sigs = rng.integers(0, 2**32, size=(300, 24), dtype=np.uint32)
    sigs[50] = sigs[7]  # identical
    sigs[90, :12] = sigs[8, :12]  # half the bands
    sigs[120, 3:6] = sigs[9, 3:6]  # exactly one band of 3 rows
    lsh = MinHashLSH(num_perm=24, params=(8, 3))
    sketches = [MinHash(hashvalues=s, scheme="affine32") for s in sigs]
    for i, s in enumerate(sketches):
        lsh.insert(i, s)
    expected = sorted({(min(i, j), max(i, j)) for i, s in enumerate(sketches) for j in lsh.query(s) if i != j})
    assert lsh_pairs(sigs, np.arange(300), 8, 3).tolist() == [list(p) for p in expected]
    assert expected == [(7, 50), (8, 90), (9, 120)]
    assert band_buckets(sigs, np.arange(300), 8, 3).tolist() == [list(p) for p in expected]


def test_large_buckets_are_joined_without_all_pairs():
    sigs = np.zeros((100, 6), dtype=np.uint32)
    pairs = band_buckets(sigs, np.arange(100), 2, 3)
    assert len(pairs) < 100 * 99 // 2 and len(pairs) >= 99
    assert unique_pairs([pairs, pairs[:, ::-1]]).tolist() == pairs.tolist()
