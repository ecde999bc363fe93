"""Stage 4b, passages: boilerplate found in many articles, and passages two articles share.

Both are counted per story, not per file: the copies of one article (a cluster) count
once, so a story saved six times does not turn its own paragraphs into boilerplate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .config import BatchConfig
from .signatures import Signatures
from .verify import PassageLink


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """A passage (line or paragraph, folded) found in many stories."""

    key: int  # features.key64 of the folded text
    stories: int  # distinct stories (clusters or lone articles) that have it
    articles: int  # articles that have it
    words: int
    example: int  # unit row of its first occurrence


@dataclass(frozen=True, slots=True)
class SharedPassage:
    """A paragraph found again in an article that tells another story."""

    first: int  # unit row in the earlier article (by path and id)
    second: int  # unit row in the later one
    kind: str  # "exact" or "near"
    score: float


def boilerplate_threshold(stories: int, config: BatchConfig) -> int:
    """How many stories must share a passage before it is boilerplate.

    >>> from dedup.batch.config import BatchConfig
    >>> boilerplate_threshold(100_000, BatchConfig())
    100
    """
    return max(config.boilerplate_min, math.ceil(config.boilerplate_share * stories))


def find_boilerplate(sigs: Signatures, labels: np.ndarray, config: BatchConfig) -> list[Boilerplate]:
    """Passages in at least :func:`boilerplate_threshold` stories, most widespread first."""
    units = sigs.units
    rows = np.flatnonzero(units.words >= config.boilerplate_min_words)
    if not len(rows):
        return []
    keys, story = units.key[rows], labels[units.doc[rows]]
    order = np.lexsort((rows, story, keys))
    keys, story, rows = keys[order], story[order], rows[order]
    new_key = np.r_[True, keys[1:] != keys[:-1]]
    new_story = new_key | np.r_[True, story[1:] != story[:-1]]
    key_start = np.flatnonzero(new_key)
    story_counts = np.add.reduceat(new_story.astype(np.int64), key_start)
    docs = units.doc[rows]
    new_doc = new_key | np.r_[True, docs[1:] != docs[:-1]]
    article_counts = np.add.reduceat(new_doc.astype(np.int64), key_start)
    threshold = boilerplate_threshold(len(np.unique(labels)), config)
    found = []
    for i in np.flatnonzero(story_counts >= threshold).tolist():
        start = key_start[i]
        end = key_start[i + 1] if i + 1 < len(key_start) else len(keys)
        example = int(rows[start:end].min())
        found.append(Boilerplate(int(keys[start]), int(story_counts[i]), int(article_counts[i]),
                                 int(units.words[example]), example))
    return sorted(found, key=lambda b: (-b.stories, b.example))


def exact_shared(sigs: Signatures, labels: np.ndarray, boilerplate_keys: set[int]) -> list[SharedPassage]:
    """Long paragraphs found word for word in articles of other stories (star: each to the first)."""
    units = sigs.units
    rows = sigs.passages
    if not len(rows):
        return []
    keys = units.key[rows]
    order = np.lexsort((rows, keys))
    rows, keys = rows[order], keys[order]
    first = np.r_[True, keys[1:] != keys[:-1]]
    head = rows[np.maximum.accumulate(np.where(first, np.arange(len(rows)), 0))]  # first row with the key
    story = labels[units.doc]
    boilerplate = np.isin(keys, np.fromiter(boilerplate_keys, keys.dtype, len(boilerplate_keys)))
    found = ~first & ~boilerplate & (story[head] != story[rows])
    return [SharedPassage(a, b, "exact", 1.0) for a, b in zip(head[found].tolist(), rows[found].tolist())]


def near_shared(sigs: Signatures, labels: np.ndarray, links: list[PassageLink],
                boilerplate_keys: set[int]) -> list[SharedPassage]:
    """Verified near-copies of paragraphs between articles of different stories."""
    units = sigs.units
    found = []
    for link in links:
        if labels[units.doc[link.first]] == labels[units.doc[link.second]]:
            continue
        if int(units.key[link.first]) in boilerplate_keys or int(units.key[link.second]) in boilerplate_keys:
            continue
        found.append(SharedPassage(link.first, link.second, "near", link.score))
    return found


def shared_passages(sigs: Signatures, labels: np.ndarray, links: list[PassageLink],
                    boilerplate: list[Boilerplate]) -> list[SharedPassage]:
    keys = {b.key for b in boilerplate}
    found = exact_shared(sigs, labels, keys) + near_shared(sigs, labels, links, keys)
    return sorted(found, key=lambda s: (s.first, s.second))
