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
from typing import Iterable, Sequence


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


def signature_matrix(feature_sets: Sequence[Iterable[str]], num_perm: int, seed: int):
    """The MinHash signatures of many feature sets at once, one row each (uint32).

    Row ``i`` equals ``minhash(feature_sets[i]).hashvalues``: the same datasketch
    "affine32" scheme (MurmurHash3 finalizer, then ``a * h + b`` mod 2^32), computed
    for every set in one numpy pass instead of one MinHash object per passage. An empty
    set gets the all-ones row of an empty datasketch MinHash.
    """
    import numpy as np

    a, b = permutations(num_perm, seed)
    sizes = []
    hashes: list[int] = []
    known: dict[str, int] = {}  # the same words and shingles recur across a document's passages
    for features in feature_sets:
        before = len(hashes)
        for f in features:
            h = known.get(f)
            if h is None:
                h = known[f] = stable_hash32(f)
            hashes.append(h)
        sizes.append(len(hashes) - before)
    out = np.full((len(sizes), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    if not hashes:
        return out
    hv = fmix32(np.array(hashes, dtype=np.uint32))
    permuted = hv[:, None] * a[None, :] + b[None, :]
    filled = np.flatnonzero(np.array(sizes) > 0)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))[filled]
    out[filled] = np.minimum.reduceat(permuted, starts, axis=0)
    return out


@functools.cache
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's optimal (bands, rows) for a threshold, computed once: it integrates numerically."""
    from datasketch.lsh import _optimal_param

    return _optimal_param(threshold, num_perm, 0.5, 0.5)


def band_pairs(signatures, bands: int, rows: int) -> set[tuple[int, int]]:
    """LSH banding over a signature matrix: pairs of rows that agree on a whole band.

    Every (band number, band values) key is sorted in one pass, so equal keys sit next to
    each other; only the rare groups of equal keys go back to Python. Rows that are all
    ones (empty sets) never pair.
    """
    import numpy as np

    pairs: set[tuple[int, int]] = set()
    live = np.flatnonzero((signatures != np.iinfo(np.uint32).max).any(axis=1))
    count = len(live)
    if count < 2:
        return pairs
    keyed = np.empty((bands, count, rows + 1), dtype=np.uint32)
    keyed[:, :, 0] = np.arange(bands, dtype=np.uint32)[:, None]
    keyed[:, :, 1:] = signatures[live, : bands * rows].reshape(count, bands, rows).transpose(1, 0, 2)
    keys = keyed.reshape(bands * count, rows + 1).view(f"V{4 * (rows + 1)}").ravel()
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    same = ordered[1:] == ordered[:-1]
    if not same.any():
        return pairs
    members = live[order % count]
    edges = np.flatnonzero(np.diff(np.concatenate(([0], same.astype(np.int8), [0]))))
    for start, stop in zip(edges[::2].tolist(), edges[1::2].tolist()):
        group = sorted(set(members[start : stop + 1].tolist()))
        pairs.update((x, y) for i, x in enumerate(group) for y in group[i + 1 :])
    return pairs


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
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)


def prefix_ratio(short: str, long: str) -> float:
    """How well ``short`` matches the beginning of ``long``, 0–100 (a truncated copy scores high).

    >>> prefix_ratio("the mayor said the budget", "the mayor said the budget would pass")
    100.0
    """
    from rapidfuzz import fuzz

    if not short:
        return 0.0
    return fuzz.ratio(short, long[: len(short)])


def idf_weights(stem_sets: Sequence[frozenset[str]]) -> dict[str, float]:
    """Within-document rarity of each stem: topic words that every paragraph uses weigh little.

    >>> w = idf_weights([frozenset({"talk", "leepa"}), frozenset({"talk"}), frozenset({"talk"})])
    >>> w["leepa"] > w["talk"]
    True
    """
    df = Counter(s for stems in stem_sets for s in stems)
    n = len(stem_sets)
    return {s: math.log(1.0 + n / d) for s, d in df.items()}


def weighted_coverage(part: frozenset[str], whole: frozenset[str], weights: dict[str, float]) -> float:
    """Share of ``part``'s weight that ``whole`` also has.

    >>> weighted_coverage(frozenset("ab"), frozenset("bc"), {"a": 1.0, "b": 3.0, "c": 1.0})
    0.75
    """
    # math.fsum is exact, so the result does not depend on the (hash-seeded) order of the sets.
    total = math.fsum(weights.get(s, 1.0) for s in part)
    if not total:
        return 0.0
    return math.fsum(weights.get(s, 1.0) for s in part & whole) / total
