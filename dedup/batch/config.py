"""The knobs of a batch run, in one frozen object (change it with ``dataclasses.replace``)."""

from __future__ import annotations

from dataclasses import dataclass

from ..io import DEFAULT_MAX_BYTES
from .corpus import Fields

KEEP_POLICIES = ("first", "longest", "newest")


@dataclass(frozen=True, slots=True)
class BatchConfig:
    # --- input and parallelism -------------------------------------------------------------
    fields: Fields = Fields()
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int = 1
    files_per_task: int = 200  # large enough that the arrays a task returns are freed to the system
    jsonl_task_bytes: int = 1024 * 1024

    # --- duplicate articles ----------------------------------------------------------------
    keep: str = "first"  # which member of a cluster stays: first, longest or newest
    min_article_words: int = 20  # shorter articles are never called duplicates of each other
    num_perm: int = 64  # MinHash of word shingles, for near-verbatim copies
    shingle_size: int = 3
    seed: int = 1
    # 16 bands of 3 rows find pairs with shingle Jaccard 0.6 98% of the time, 0.7 always;
    # lower ones are left to the rare-stem index, which finds near copies as well.
    doc_bands: tuple[int, int] = (16, 3)
    # Reworded copies share few shingles but most of their rare words (names, places,
    # numbers). Each article is also sketched by its ``rare_stems`` rarest content stems
    # that at least one other article has; 24 bands of 2 rows find pairs whose rare-stem
    # sets have Jaccard 0.3 88% of the time and 0.4 98% of the time.
    rare_stems: int = 96
    rare_perm: int = 48
    rare_bands: tuple[int, int] = (24, 2)
    rare_max_share: float = 0.01  # stems in more articles than this share (and at least 50) are not rare
    near_ratio: float = 80.0  # rapidfuzz ratio of the normalised texts: near-verbatim
    # Weighted content-stem coverage, each way, of a reworded copy. Rewordings keep most of
    # their weighted content (0.55 to 0.7 in the benchmark corpus); stories that only share
    # a cast and a topic stay near 0.3.
    reworded_coverage: float = 0.5

    # --- passages --------------------------------------------------------------------------
    passage_min_words: int = 12  # paragraphs shorter than this are not reported as shared
    passage_perm: int = 30
    passage_bands: tuple[int, int] = (10, 3)
    passage_near_ratio: float = 90.0
    boilerplate_min: int = 5  # a passage in at least this many articles (clusters) is boilerplate
    boilerplate_share: float = 0.001  # ... and in at least this share of them
    boilerplate_min_words: int = 3

    def __post_init__(self) -> None:
        if self.keep not in KEEP_POLICIES:
            raise ValueError(f"unknown keep policy {self.keep!r} (choose from {', '.join(KEEP_POLICIES)})")
        if self.jobs < 1:
            raise ValueError("jobs must be at least 1")
