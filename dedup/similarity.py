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
def _permutations(num_perm: int, seed: int):
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=seed, hashfunc=stable_hash32).permutations


def minhash(features: Iterable[str], num_perm: int, seed: int):
    """A datasketch MinHash of a set of string features."""
    from datasketch import MinHash

    sketch = MinHash(
        num_perm=num_perm, seed=seed, hashfunc=stable_hash32,
        permutations=_permutations(num_perm, seed), scheme="affine32",
    )
    sketch.update_batch(features)
    return sketch


def candidate_pairs(
    feature_sets: Sequence[Iterable[str]], threshold: float, num_perm: int, seed: int,
    bands: tuple[int, int] | None = None,
) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, whose feature sets may have Jaccard ≥ ``threshold``.

    ``bands`` fixes the LSH banding (bands, rows) instead of deriving it from the
    threshold. Empty feature sets never pair.
    """
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, params=bands)
    sketches = []
    for i, features in enumerate(feature_sets):
        features = list(features)
        sketch = minhash(features, num_perm, seed) if features else None
        sketches.append(sketch)
        if sketch is not None:
            lsh.insert(i, sketch, check_duplication=False)
    pairs: set[tuple[int, int]] = set()
    for i, sketch in enumerate(sketches):
        if sketch is None:
            continue
        for j in lsh.query(sketch):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    return pairs


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
    total = sum(weights.get(s, 1.0) for s in part)
    if not total:
        return 0.0
    return sum(weights.get(s, 1.0) for s in part & whole) / total
