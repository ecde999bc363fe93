"""Candidate generation with MinHash LSH (datasketch) and verification with rapidfuzz.

Candidates are generated on more than one representation of a passage: word shingles
find verbatim and near-verbatim copies; sets of stemmed content words find reworded
ones. Candidates are only candidates: every pair is verified before it is reported.
"""

from __future__ import annotations

import functools
import math
import zlib
from collections import Counter
from itertools import chain, repeat
from typing import Iterable, Sequence

from rapidfuzz import fuzz


def stable_hash32(token: str) -> int:
    """A hash that is the same in every process (unlike ``hash``), for reproducible sketches.

    >>> stable_hash32("talks") == stable_hash32("talks")
    True
    """
    return zlib.crc32(token.encode("utf-8"))


@functools.cache
def permutations(num_perm: int, seed: int):
    """datasketch's "affine32" permutations ``(a, b)`` for ``num_perm`` and ``seed``.

    Drawn from numpy's seeded generator exactly as datasketch draws them (an odd ``a``,
    any ``b``), so that checking one article need not import datasketch, whose package
    import alone costs more than the check. ``tests/test_similarity.py`` holds them equal
    to ``datasketch.MinHash(num_perm, seed).permutations``.
    """
    import numpy as np

    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return np.array([a, b])


def minhash(features: Iterable[str], num_perm: int, seed: int):
    """A datasketch MinHash of a set of string features (one at a time; see :func:`signature_matrix`)."""
    from datasketch import MinHash

    sketch = MinHash(
        num_perm=num_perm, seed=seed, hashfunc=stable_hash32,
        permutations=permutations(num_perm, seed), scheme="affine32",
    )
    sketch.update_batch(features)
    return sketch


def fmix32(values):
    """MurmurHash3's 32-bit finalizer: the pre-mix of datasketch's affine32 scheme (a new array).

    >>> import numpy as np
    >>> int(fmix32(np.array([1], dtype=np.uint32))[0])
    1364076727
    """
    import numpy as np

    h = values.astype(np.uint32, copy=True)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h


class HashMemo(dict):
    """``stable_hash32`` of every string looked up, remembered: ``memo[word]``.

    A document, and a corpus even more, repeats its vocabulary, so each string is hashed
    once per process; ``map(memo.__getitem__, words)`` hashes a whole passage in C.
    """

    __slots__ = ()
    LIMIT = 1 << 20  # forget everything past a million strings: memory stays bounded on any corpus

    def __missing__(self, key: str) -> int:
        if len(self) >= self.LIMIT:
            self.clear()
        value = self[key] = zlib.crc32(key.encode("utf-8"))
        return value


WORD_HASHES = HashMemo()


def signature_matrix(feature_sets: Sequence[Iterable[str]], num_perm: int, seed: int):
    """The MinHash signatures of many feature sets at once, one row each (uint32).

    Row ``i`` equals ``minhash(feature_sets[i]).hashvalues``: the same datasketch
    "affine32" scheme, computed for every set in one numpy pass instead of one MinHash
    object per passage. An empty set gets the all-ones row of an empty datasketch MinHash.
    """
    import numpy as np

    hashes: list[int] = []
    bounds = [0]
    for features in feature_sets:
        hashes.extend(map(WORD_HASHES.__getitem__, features))
        bounds.append(len(hashes))
    edges = np.array(bounds, dtype=np.int64)
    return range_signatures(np.array(hashes, dtype=np.uint32), edges[:-1], edges[1:], num_perm, seed)


def range_signatures(values, starts, stops, num_perm: int, seed: int):
    """MinHash signatures of the slices ``values[start:stop]``, one row per slice (uint32).

    ``values`` are 32-bit feature hashes, as a datasketch ``hashfunc`` returns them; row
    ``i`` equals a datasketch "affine32" MinHash updated with ``values[starts[i]:stops[i]]``
    (MurmurHash3's finalizer, then ``a * h + b`` mod 2^32, then the minimum). Slices may
    overlap, so one pass serves the sentences of a document and the paragraphs they make.
    An empty slice gets the all-ones row of an empty MinHash.
    """
    import numpy as np

    a, b = permutations(num_perm, seed)
    starts = np.asarray(starts, dtype=np.int64)
    stops = np.asarray(stops, dtype=np.int64)
    out = np.full((len(starts), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    filled = np.flatnonzero(stops > starts)
    if not len(filled):
        return out
    mixed = fmix32(np.asarray(values, dtype=np.uint32))
    # The permuted values of a whole long article would take num_perm times its size in
    # memory: slices are taken in blocks, by start, that each span a bounded stretch of values.
    order = filled[np.argsort(starts[filled], kind="stable")]
    for block in _slice_blocks(starts[order].tolist(), stops[order].tolist(), _BLOCK_VALUES):
        rows = order[block]
        low, high = int(starts[rows].min()), int(stops[rows].max())
        permuted = np.empty((high - low + 1, num_perm), dtype=np.uint32)  # a spare row: a stop may be at the end
        np.multiply(mixed[low:high, None], a[None, :], out=permuted[:-1])
        permuted[:-1] += b[None, :]
        # reduceat reduces values[i[k]:i[k+1]]; interleaving starts and stops gives every slice at the even places.
        bounds = np.empty(2 * len(rows), dtype=np.int64)
        bounds[0::2] = starts[rows] - low
        bounds[1::2] = stops[rows] - low
        out[rows] = np.minimum.reduceat(permuted, bounds, axis=0)[0::2]
    return out


_BLOCK_VALUES = 1 << 15  # values per block of range_signatures: 16 MiB of permuted values at 128 permutations


def _slice_blocks(starts: list[int], stops: list[int], span: int) -> list[slice]:
    """Consecutive runs of slices (sorted by start) that each cover at most ``span`` values,
    or one slice when it alone is longer.

    >>> _slice_blocks([0, 2, 5, 9], [3, 6, 9, 20], 8)
    [slice(0, 2, None), slice(2, 3, None), slice(3, 4, None)]
    """
    if starts and max(stops) - starts[0] <= span:
        return [slice(0, len(starts))]  # one block holds them all (the passages of an article)
    blocks: list[slice] = []
    first, high = 0, stops[0] if stops else 0
    for i in range(1, len(starts)):
        reach = max(high, stops[i])
        if reach - starts[first] > span:
            blocks.append(slice(first, i))
            first, reach = i, stops[i]
        high = reach
    if starts:
        blocks.append(slice(first, len(starts)))
    return blocks


# Odd multipliers that spread a shingle's word hashes before MurmurHash3's finalizer mixes them.
_SHINGLE_WEIGHTS = (0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1)


def shingle_values(word_hashes, starts, stops, size: int):
    """Hashed word ``size``-grams of the slices ``word_hashes[start:stop]``, for :func:`range_signatures`.

    Returns ``(values, starts, stops)``: slice ``i``'s shingles are ``values[starts[i]:stops[i]]``.
    A shingle's hash combines its words' hashes by position, so the shingles of every
    slice come from one vectorised pass over the stream; the shingles of a sentence are
    those of its paragraph that lie inside it. A slice shorter than ``size`` words is one
    shingle of all its words.
    """
    import numpy as np

    if size > len(_SHINGLE_WEIGHTS):
        raise ValueError(f"shingles of up to {len(_SHINGLE_WEIGHTS)} words are supported, not {size}")
    words = np.asarray(word_hashes, dtype=np.uint32)
    starts = np.asarray(starts, dtype=np.int64)
    stops = np.asarray(stops, dtype=np.int64)
    count = len(words)
    padded = np.concatenate((words, np.zeros(size, dtype=np.uint32)))
    weights = np.array(_SHINGLE_WEIGHTS[:size], dtype=np.uint32)
    values = padded[:count] * weights[0]
    for k in range(1, size):
        values += padded[k : k + count] * weights[k]
    lengths = stops - starts
    short = np.flatnonzero((lengths > 0) & (lengths < size))
    stops = np.where(lengths >= size, stops - (size - 1), stops)
    if len(short):
        extra = []
        for i in short.tolist():
            piece = words[starts[i] : starts[i] + lengths[i]]
            extra.append((piece * weights[: len(piece)]).sum(dtype=np.uint32))
        starts = starts.copy()
        starts[short] = count + np.arange(len(short))
        stops[short] = starts[short] + 1
        values = np.concatenate((values, np.array(extra, dtype=np.uint32)))
    return values, starts, stops


@functools.cache
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's optimal (bands, rows) for a threshold, computed once: it integrates numerically."""
    from datasketch.lsh import _optimal_param

    return _optimal_param(threshold, num_perm, 0.5, 0.5)


def band_pairs(signatures, bands: int, rows: int, largest: int | None = None) -> set[tuple[int, int]]:
    """LSH banding over a signature matrix: pairs of rows that agree on a whole band.

    Each band's keys are sorted, so equal keys sit next to each other; only the rare
    groups of equal keys go back to Python. Rows that are all ones (empty sets) never pair.
    """
    import numpy as np

    live = np.flatnonzero((signatures != np.iinfo(np.uint32).max).any(axis=1))
    count = len(live)
    if count < 2:
        return set()
    banded = signatures[live, : bands * rows].reshape(count, bands, rows).transpose(1, 0, 2)
    if count <= _COMPARE_ALL_ROWS:
        return _compared_pairs(banded, live)
    order, same = _sorted_band_keys(np.ascontiguousarray(banded))
    if not same.any():
        return set()
    members = live[order]
    # Runs of equal keys: most are two rows long and pair at once; longer runs pair all their members.
    edges = np.flatnonzero(np.diff(np.concatenate(([0], same.astype(np.int8), [0]))))
    starts, stops = edges[::2], edges[1::2] + 1
    two = stops - starts == 2
    first, second = members[starts[two]], members[starts[two] + 1]
    size = len(signatures)
    codes = np.unique(np.minimum(first, second) * size + np.maximum(first, second)).tolist()
    pairs = {divmod(code, size) for code in codes}
    for start, stop in zip(starts[~two].tolist(), stops[~two].tolist()):
        if stop - start > (largest or _LARGEST_BUCKET):
            continue  # a band value this common says nothing; pairing its rows grows with the square
        group = sorted(members[start:stop].tolist())
        pairs.update((x, y) for i, x in enumerate(group) for y in group[i + 1 :])
    return pairs


def band_pairs_among(
    signatures, rows: list[int], bands: int, band_rows: int, largest: int | None = None,
) -> set[tuple[int, int]]:
    """:func:`band_pairs` over some ``rows`` of ``signatures`` only (in increasing order), each
    pair named by its rows in ``signatures``.

    Callers leave out passages already known as copies of an earlier one: their pairs would
    be passed over anyway, and a passage said a thousand times would make a million of them.
    """
    import numpy as np

    index = np.asarray(rows, dtype=np.int64)
    if len(index) < 2:
        return set()
    named = index.tolist()
    return {(named[i], named[j]) for i, j in band_pairs(signatures[index], bands, band_rows, largest)}


# Rows agreeing on one band beyond this many (in a long article, passages that share its most
# common words) are not paired through that band; a pair that is alike agrees on other bands too.
_LARGEST_BUCKET = 64

# Up to this many rows, comparing every row with every other in one numpy pass is quicker
# than sorting each band (the passages of one article); memory grows with its square.
_COMPARE_ALL_ROWS = 128


def _compared_pairs(banded, live) -> set[tuple[int, int]]:
    """:func:`band_pairs` for ``banded[band, row, :]`` of the ``live`` rows, by comparing all pairs."""
    import numpy as np

    bands, count, rows = banded.shape
    if rows == 2:  # a band's two values as one 64-bit key
        keys = np.ascontiguousarray(banded).view(np.uint64).reshape(bands, count)
        same = keys[:, :, None] == keys[:, None, :]
    else:
        same = (banded[:, :, None, :] == banded[:, None, :, :]).all(axis=3)
    first, second = np.nonzero(np.triu(same.any(axis=0), 1))
    return set(zip(live[first].tolist(), live[second].tolist()))


def _sorted_band_keys(banded):
    """For ``banded[band, row, :]``: each band's rows in key order, laid end to end, and
    whether each key of that sequence equals the one after it within its band."""
    import numpy as np

    bands, count, rows = banded.shape
    if rows <= 2:  # a band packs exactly into one 64-bit key: a plain integer sort per band
        keys = banded[:, :, 0].astype(np.uint64)
        if rows == 2:
            keys = (keys << np.uint64(32)) | banded[:, :, 1]
    else:  # compare the band's bytes
        keys = banded.view(f"V{4 * rows}").reshape(bands, count)
    order = np.argsort(keys, axis=1, kind="stable")
    ordered = np.take_along_axis(keys, order, axis=1)
    same = np.zeros((bands, count), dtype=bool)  # same[b, k]: key k equals key k - 1
    same[:, 1:] = ordered[:, 1:] == ordered[:, :-1]
    return order.ravel(), same.ravel()[1:]


def candidate_pairs(
    feature_sets: Sequence[Iterable[str]], threshold: float, num_perm: int, seed: int,
    bands: tuple[int, int] | None = None,
) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, whose feature sets may have Jaccard ≥ ``threshold``.

    ``bands`` fixes the LSH banding (bands, rows) instead of deriving it from the
    threshold, as datasketch's MinHashLSH does. Empty feature sets never pair.
    """
    b, r = bands or lsh_bands(threshold, num_perm)
    return band_pairs(signature_matrix(feature_sets, num_perm, seed), b, r)


def near_ratio(a: str, b: str) -> float:
    """rapidfuzz's normalised Indel similarity, 0–100.

    >>> round(near_ratio("the council met on monday", "the council met monday"), 1)
    93.6
    """
    return fuzz.ratio(a, b)


def prefix_ratio(short: str, long: str) -> float:
    """How well ``short`` matches the beginning of ``long``, 0–100 (a truncated copy scores high).

    >>> prefix_ratio("the mayor said the budget", "the mayor said the budget would pass")
    100.0
    """
    if not short:
        return 0.0
    return fuzz.ratio(short, long[: len(short)])


def idf_weights(stem_sets: Sequence[frozenset[str]]) -> dict[str, float]:
    """Within-document rarity of each stem: topic words that every paragraph uses weigh little.

    >>> w = idf_weights([frozenset({"talk", "leepa"}), frozenset({"talk"}), frozenset({"talk"})])
    >>> w["leepa"] > w["talk"]
    True
    """
    df = Counter(chain.from_iterable(stem_sets))
    n = len(stem_sets)
    # Most stems share a handful of counts: each count's weight is worked out once.
    by_count = {d: math.log(1.0 + n / d) for d in set(df.values())}
    return {s: by_count[d] for s, d in df.items()}


def weighted_coverage(
    part: frozenset[str], whole: frozenset[str], weights: dict[str, float], total: float | None = None
) -> float:
    """Share of ``part``'s weight that ``whole`` also has. ``total`` is ``weight(part, weights)``,
    for a caller that compares one part with many wholes.

    >>> weighted_coverage(frozenset("ab"), frozenset("bc"), {"a": 1.0, "b": 3.0, "c": 1.0})
    0.75
    """
    if total is None:
        total = weight(part, weights)
    if not total:
        return 0.0
    return math.fsum(map(weights.get, part & whole, repeat(1.0))) / total


def weight(stems: frozenset[str], weights: dict[str, float]) -> float:
    """The summed weight of ``stems`` (a stem without a weight counts 1).

    >>> weight(frozenset("ab"), {"a": 0.5})
    1.5
    """
    # math.fsum is exact, so the result does not depend on the (hash-seeded) order of the set.
    return math.fsum(map(weights.get, stems, repeat(1.0)))
