"""Vectorised MinHash in datasketch's "affine32" scheme, and LSH bucketing.

datasketch hashes one feature at a time in Python; a corpus needs many documents'
features hashed at once. The functions here compute exactly what
``datasketch.MinHash(scheme="affine32", hashfunc=lambda h: h).update_batch(hashes)``
computes (the same MurmurHash3 pre-mix and the same ``a * h + b mod 2**32`` permutations, from
:mod:`dedup.similarity`, where tests hold them equal to datasketch's), on a ``(features x permutations)`` matrix.

Document-level buckets come from ``datasketch.MinHashLSH``, a few bands at a time so
that its dictionaries never hold every band of every document at once. Passage-level
buckets come from :func:`band_buckets`, the same banding done with numpy sorts, because
datasketch's dictionary storage costs about 350 bytes per passage and band, and a corpus
has millions of passages.
"""

from __future__ import annotations

from typing import Iterator

import numpy as np

from ..similarity import fmix32  # the one definition of the affine32 pre-mix

SCHEME = "affine32"
_SHINGLE_MIX = (np.uint32(0x9E3779B1), np.uint32(0x85EBCA77))  # odd multipliers: order-sensitive mixing
# Buckets larger than this are joined as a chain and a star instead of all their pairs:
# every member still meets the first member and its neighbours, but the cost stays linear.
MAX_BUCKET_PAIRS_SIZE = 40
# datasketch keeps about 350 bytes per article and band: a task indexes at most this many of them.
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
    n = len(t) - size + 1
    h = t[:n].copy()
    for k in range(1, size):
        h = h * _SHINGLE_MIX[k % 2] + fmix32(t[k : k + n])
    return h


def permuted(hashes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The ``(len(hashes), num_perm)`` matrix of permuted values; its column minima are the MinHash."""
    mixed = fmix32(hashes)
    return mixed[:, None] * a[None, :] + b[None, :]


def signature(hashes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The MinHash of one set of 32-bit feature hashes (``uint32[num_perm]``); empty sets give all ones."""
    if not len(hashes):
        return np.full(len(a), np.iinfo(np.uint32).max, dtype=np.uint32)
    return permuted(hashes, a, b).min(axis=0)


def segment_signatures(hashes: np.ndarray, bounds: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """MinHashes of many segments of ``hashes`` at once.

    ``bounds`` is ``int64[k, 2]``: each row a non-empty half-open range ``[start, end)``.
    Returns ``uint32[k, num_perm]``.
    """
    if not len(bounds):
        return np.zeros((0, len(a)), dtype=np.uint32)
    matrix = permuted(hashes, a, b)
    # reduceat over (start, end) pairs: even slots are the segments, odd slots the gaps between them.
    edges = bounds.reshape(-1)
    if edges[-1] == len(hashes):
        edges = edges[:-1]
    return np.minimum.reduceat(matrix, edges, axis=0)[::2]


def grouped_signatures(hashes: np.ndarray, group: np.ndarray, groups: int, a: np.ndarray, b: np.ndarray,
                       chunk: int = 1 << 16) -> np.ndarray:
    """MinHashes of the sets ``hashes[group == g]`` for every ``g < groups``.

    ``group`` must be sorted. Returns ``uint32[groups, num_perm]``; empty groups are all ones.
    Works in chunks so the permuted matrix stays small.
    """
    out = np.full((groups, len(a)), np.iinfo(np.uint32).max, dtype=np.uint32)
    for start in range(0, len(hashes), chunk):
        part_hashes, part_group = hashes[start : start + chunk], group[start : start + chunk]
        firsts = np.flatnonzero(np.r_[True, part_group[1:] != part_group[:-1]])
        minima = np.minimum.reduceat(permuted(part_hashes, a, b), firsts, axis=0)
        ids = part_group[firsts]
        out[ids] = np.minimum(out[ids], minima)
    return out


def bucket_pairs(members: list[int]) -> Iterator[tuple[int, int]]:
    """The pairs to verify from one bucket of sorted member ids.

    >>> list(bucket_pairs([3, 5, 9]))
    [(3, 5), (3, 9), (5, 9)]
    """
    if len(members) <= MAX_BUCKET_PAIRS_SIZE:
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                yield first, second
        return
    head = members[0]
    for previous, member in zip(members, members[1:]):
        yield previous, member
        if previous != head:
            yield head, member


def lsh_tasks(signatures: np.ndarray, rows: np.ndarray, bands: int, band_rows: int) -> list[tuple]:
    """Tasks for :func:`lsh_task`: the signatures of ``rows``, a few bands per task.

    ``signatures`` is ``uint32[n, num_perm]``; ``rows`` the ids to index. Each task indexes
    its bands in its own ``datasketch.MinHashLSH``; the union of the tasks' buckets is what
    one index with every band gives, and no index holds every band of a large corpus at once.
    """
    rows = np.sort(rows)
    per_task = int(min(MAX_BANDS_PER_TASK, max(1, BAND_ENTRIES_PER_TASK // max(1, len(rows)))))
    tasks = []
    for first_band in range(0, bands, per_task):
        count = min(per_task, bands - first_band)
        columns = slice(first_band * band_rows, (first_band + count) * band_rows)
        tasks.append(("lsh", np.ascontiguousarray(signatures[rows, columns]), rows, count, band_rows))
    return tasks


def lsh_task(task: tuple) -> np.ndarray:
    """Worker: candidate pairs ``int64[p, 2]`` from the buckets of one ``MinHashLSH``."""
    from datasketch import MinHash, MinHashLSH

    _, matrix, rows, count, band_rows = task
    width = count * band_rows
    lsh = MinHashLSH(num_perm=max(width, 2), params=(count, band_rows))
    # Identity permutations, already in datasketch's canonical form so they are shared, not checked.
    identity = np.array([np.ones(width, dtype=np.uint32), np.zeros(width, dtype=np.uint32)])
    with lsh.insertion_session(buffer_size=len(rows) + 1) as session:
        for i, row in enumerate(rows.tolist()):
            session.insert(row, MinHash(hashvalues=matrix[i], permutations=identity, scheme=SCHEME),
                           check_duplication=False)
    pairs = [pair for table in lsh.hashtables for pair in _table_pairs(table)]
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def lsh_pairs(signatures: np.ndarray, rows: np.ndarray, bands: int, band_rows: int) -> np.ndarray:
    """Candidate pairs from ``datasketch.MinHashLSH`` (all tasks of :func:`lsh_tasks`, in this process).

    Returns sorted unique pairs ``int64[p, 2]`` with ``first < second``.
    """
    return unique_pairs([lsh_task(t) for t in lsh_tasks(signatures, rows, bands, band_rows)])


def _table_pairs(table) -> Iterator[tuple[int, int]]:
    for key in table.keys():
        members = table.get(key)
        if len(members) > 1:
            yield from bucket_pairs(sorted(members))


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
        order = np.lexsort((ids, keys))
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, len(keys)])
        pairs = []
        for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist()):
            pairs.extend(bucket_pairs(ids[order[start : start + size]].tolist()))
        if pairs:
            found.append(np.array(pairs, dtype=np.int64))
    return unique_pairs(found)


def unique_pairs(parts: list[np.ndarray]) -> np.ndarray:
    """Concatenate ``int64[k, 2]`` pair arrays, drop self-pairs and repeats, sort.

    >>> unique_pairs([np.array([[2, 1], [1, 2], [3, 3]])]).tolist()
    [[1, 2]]
    """
    if not parts:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(parts)
    pairs = np.sort(pairs, axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return np.unique(pairs, axis=0)
