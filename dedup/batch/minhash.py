"""Vectorised MinHash in datasketch's "affine32" scheme, and LSH bucketing.

datasketch hashes one feature at a time in Python; a corpus needs many documents'
features hashed at once. The functions here compute exactly what
``datasketch.MinHash(scheme="affine32", hashfunc=lambda h: h).update_batch(hashes)``
computes (the same MurmurHash3 pre-mix and the same ``a * h + b mod 2**32`` permutations, from
:mod:`dedup.similarity`, where tests hold them equal to datasketch's), on a ``(features x permutations)`` matrix.

Buckets, of documents and of passages, come from :func:`band_buckets`: the banding of
``datasketch.MinHashLSH`` done with numpy sorts, one band at a time (tests hold the two
equal). An index of Python dictionaries costs about 350 bytes per document and band and
inserts one document at a time; a sort of one 64-bit key per document and band does the
same grouping in a few milliseconds per band.
"""

from __future__ import annotations

import numpy as np

from ..similarity import fmix32  # the one definition of the affine32 pre-mix

_SHINGLE_MIX = (np.uint32(0x9E3779B1), np.uint32(0x85EBCA77))  # odd multipliers: order-sensitive mixing
# Buckets larger than this are joined as a chain and a star instead of all their pairs:
# every member still meets the first member and its neighbours, but the cost stays linear.
MAX_BUCKET_PAIRS_SIZE = 40
# A task copies the columns of its bands: at most this many (article, band) entries.
BAND_ENTRIES_PER_TASK = 400_000
MAX_BANDS_PER_TASK = 24  # fewer, larger tasks: each article's sketch is built once per task


def shingle_hashes(token_hashes: np.ndarray, size: int) -> np.ndarray:
    """Hashes of consecutive ``size``-token windows; fewer tokens than ``size`` give one window.

    >>> shingle_hashes(np.array([1, 2, 3, 4], dtype=np.uint32), 3).shape
    (2,)
    """
    t = token_hashes.astype(np.uint32)
    if len(t) < size:
        if not len(t):
            return t
        t = np.concatenate([t, np.zeros(size - len(t), dtype=np.uint32)])
    return _windows(t, size)


def ragged_shingle_hashes(tokens: np.ndarray, sizes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`shingle_hashes` of many token sequences laid end to end (``sizes[i]`` tokens each), in one pass.

    Returns the shingles of every sequence, end to end, and how many each has. Short
    sequences are padded with zeros as :func:`shingle_hashes` pads them; the windows that
    straddle two sequences are computed and dropped.

    >>> shingles, counts = ragged_shingle_hashes(np.arange(1, 7, dtype=np.uint32), np.array([4, 0, 2]), 3)
    >>> alone = np.concatenate([shingle_hashes(np.arange(1, 5), 3), shingle_hashes(np.arange(5, 7), 3)])
    >>> counts.tolist(), shingles.tolist() == alone.tolist()
    ([2, 0, 1], True)
    """
    padded = np.where(sizes > 0, np.maximum(sizes, size), 0)
    counts = np.maximum(padded - size + 1, 0)
    if not padded.sum():
        return np.zeros(0, np.uint32), counts
    t = np.zeros(int(padded.sum()), np.uint32)
    t[np.arange(len(tokens)) + np.repeat(_starts(padded) - _starts(sizes), sizes)] = tokens
    kept = np.arange(int(counts.sum())) + np.repeat(_starts(padded) - _starts(counts), counts)
    return _windows(t, size)[kept], counts


def _windows(t: np.ndarray, size: int) -> np.ndarray:
    """The hash of every ``size``-token window of ``t`` (``uint32``, at least ``size`` tokens)."""
    n = len(t) - size + 1
    h = t[:n].copy()
    for k in range(1, size):
        h = h * _SHINGLE_MIX[k % 2] + fmix32(t[k : k + n])
    return h


def _starts(sizes: np.ndarray) -> np.ndarray:
    """Where each of consecutive runs of the given sizes starts (``int64``)."""
    return np.cumsum(sizes) - sizes


def _permuted_by_row(hashes: np.ndarray, a: np.ndarray, b: np.ndarray, out: np.ndarray) -> np.ndarray:
    """The permuted values of ``hashes`` (one row per permutation, whose minima are the MinHash),
    written to ``out[:, :len(hashes)]`` (``out`` has ``num_perm`` rows).

    Laid out this way the arithmetic runs along long rows, and minima over runs of features
    reduce contiguous memory: both several times faster than on the other layout.
    """
    matrix = np.multiply.outer(a, fmix32(hashes), out=out[:, : len(hashes)])
    matrix += b[:, None]
    return matrix


def grouped_signatures(hashes: np.ndarray, group: np.ndarray, groups: int, a: np.ndarray, b: np.ndarray,
                       chunk: int = 1 << 14) -> np.ndarray:
    """MinHashes of the sets ``hashes[group == g]`` for every ``g < groups``.

    ``group`` must be sorted. Returns ``uint32[groups, num_perm]``; empty groups are all ones.
    Works in chunks so the permuted matrix stays small (a few megabytes: larger ones run slower).
    """
    out = np.full((groups, len(a)), np.iinfo(np.uint32).max, dtype=np.uint32)
    matrix = np.empty((len(a), min(chunk, len(hashes))), np.uint32)  # reused: fresh pages cost more than the math
    for start in range(0, len(hashes), chunk):
        part_hashes, part_group = hashes[start : start + chunk], group[start : start + chunk]
        firsts = np.flatnonzero(np.r_[True, part_group[1:] != part_group[:-1]])
        minima = np.minimum.reduceat(_permuted_by_row(part_hashes, a, b, matrix), firsts, axis=1).T
        ids = part_group[firsts]
        out[ids] = np.minimum(out[ids], minima)
    return out


def run_minima(hashes: np.ndarray, starts: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """MinHashes of the runs of ``hashes`` that begin at the sorted ``starts`` (the first at 0), each up to the next.

    >>> from dedup.similarity import permutations, range_signatures
    >>> a, b = permutations(4, 1)
    >>> values = np.arange(10, 16, dtype=np.uint32)
    >>> run_minima(values, np.array([0, 4]), a, b).tolist() == range_signatures(values, [0, 4], [4, 6], 4, 1).tolist()
    True
    """
    sizes = np.diff(np.append(starts, len(hashes)))
    return grouped_signatures(hashes, np.repeat(np.arange(len(starts)), sizes), len(starts), a, b)


def bucket_pairs(members: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The pairs to verify from buckets laid end to end in ``members`` (``int64[p, 2]``).

    A bucket of up to ``MAX_BUCKET_PAIRS_SIZE`` members gives all its pairs; a larger one a
    chain through its members, by id, and a star from its smallest. Pairs come in no
    particular order.

    >>> sorted(map(tuple, bucket_pairs(np.array([9, 3, 5, 2, 1]), np.array([3, 2])).tolist()))
    [(1, 2), (3, 5), (3, 9), (5, 9)]
    """
    bucket = np.repeat(np.arange(len(sizes)), sizes)
    members = np.asarray(members, dtype=np.int64)[np.lexsort((members, bucket))]
    size = np.repeat(sizes, sizes)
    head = np.repeat(np.cumsum(sizes) - sizes, sizes)  # where each member's bucket starts
    position = np.arange(len(members))
    later = head + size - 1 - position  # members after this one in its bucket
    small = size <= MAX_BUCKET_PAIRS_SIZE
    found = []
    # All pairs of a small bucket: each member with the one ``gap`` places after it.
    left = np.flatnonzero(small & (later > 0))
    for gap in range(1, MAX_BUCKET_PAIRS_SIZE):
        left = left[later[left] >= gap]
        if not len(left):
            break
        found.append(np.stack([members[left], members[left + gap]], axis=1))
    linked = np.flatnonzero(~small & (later > 0))
    spoke = np.flatnonzero(~small & (position - head >= 2))
    found.append(np.stack([members[linked], members[linked + 1]], axis=1))
    found.append(np.stack([members[head[spoke]], members[spoke]], axis=1))
    return np.concatenate(found)


def lsh_tasks(signatures: np.ndarray, rows: np.ndarray, bands: int, band_rows: int, parts: int = 1) -> list[tuple]:
    """Tasks for :func:`lsh_task`: the signatures of ``rows``, a few bands per task, a multiple of ``parts`` tasks.

    ``signatures`` is ``uint32[n, num_perm]``; ``rows`` the ids to index. The union of the
    tasks' buckets is what one index with every band gives.
    """
    rows = np.sort(rows)
    most = int(min(MAX_BANDS_PER_TASK, max(1, BAND_ENTRIES_PER_TASK // max(1, len(rows)))))
    count = -(-bands // most)
    count = -(-count // parts) * parts  # a multiple of parts: the workers finish together
    per_task = -(-bands // count)
    tasks = []
    for first_band in range(0, bands, per_task):
        count = min(per_task, bands - first_band)
        columns = slice(first_band * band_rows, (first_band + count) * band_rows)
        tasks.append(("lsh", np.ascontiguousarray(signatures[rows, columns]), rows, count, band_rows))
    return tasks


def lsh_task(task: tuple) -> np.ndarray:
    """Worker: candidate pairs ``int64[p, 2]`` from the buckets of one task's bands."""
    _, matrix, rows, count, band_rows = task
    return band_buckets(matrix, rows, count, band_rows)


def lsh_pairs(signatures: np.ndarray, rows: np.ndarray, bands: int, band_rows: int) -> np.ndarray:
    """Candidate pairs of ``rows`` whose signatures agree on a band (all tasks of :func:`lsh_tasks`, here).

    The pairs a ``datasketch.MinHashLSH`` with these bands would bucket together. Returns
    sorted unique pairs ``int64[p, 2]`` with ``first < second``.
    """
    return unique_pairs([lsh_task(t) for t in lsh_tasks(signatures, rows, bands, band_rows)])


def band_keys(signatures: np.ndarray, band: int, band_rows: int) -> np.ndarray:
    """One 64-bit key per row for band ``band`` (rows equal in the band get equal keys)."""
    part = signatures[:, band * band_rows : (band + 1) * band_rows].astype(np.uint64)
    key = np.full(len(signatures), ((band + 1) * 0x9E3779B97F4A7C15) % 2**64, dtype=np.uint64)
    for column in range(part.shape[1]):
        key = (key ^ part[:, column]) * np.uint64(0x100000001B3)
    return key


def band_buckets(signatures: np.ndarray, ids: np.ndarray, bands: int, band_rows: int) -> np.ndarray:
    """Candidate pairs of ``ids`` whose signatures agree on a whole band (numpy banding).

    ``signatures[i]`` belongs to ``ids[i]``. Returns sorted unique pairs ``int64[p, 2]``.
    """
    found: list[np.ndarray] = []
    for band in range(bands):
        keys = band_keys(signatures, band, band_rows)
        order = np.argsort(keys)
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, len(keys)])
        shared = sizes > 1
        found.append(bucket_pairs(ids[order[np.repeat(shared, sizes)]], sizes[shared]))
    return unique_pairs(found)


def unique_pairs(parts: list[np.ndarray]) -> np.ndarray:
    """Concatenate ``int64[k, 2]`` pair arrays (ids below ``2**32``), drop self-pairs and repeats, sort.

    >>> unique_pairs([np.array([[2, 1], [1, 2], [3, 3]])]).tolist()
    [[1, 2]]
    """
    if not parts:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.sort(np.concatenate(parts), axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]].astype(np.uint64)
    # One 64-bit key per pair (ids are below 2**32) sorts like the pair and is faster to unique.
    keys = np.unique((pairs[:, 0] << np.uint64(32)) | pairs[:, 1])
    return np.stack([keys >> np.uint64(32), keys & np.uint64(0xFFFFFFFF)], axis=1).astype(np.int64)
