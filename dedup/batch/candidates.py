"""Stage 2, candidate buckets: which articles and passages might be copies of each other.

Nothing here compares texts; it only groups signatures. Verbatim copies share a key
and need no bucket. Near-verbatim copies meet in the LSH buckets of word-shingle
MinHashes, reworded ones in those of rare-stem MinHashes (see
:class:`~dedup.batch.config.BatchConfig`). Long paragraphs are bucketed the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np

from ..similarity import permutations
from .config import BatchConfig
from .features import run_starts
from .minhash import band_buckets, grouped_signatures, lsh_task, lsh_tasks, unique_pairs
from .parallel import Progress, progressed, workers
from .signatures import Signatures

# Pairs whose shingle MinHashes agree on fewer positions than this are no near-verbatim copies
# (a shingle Jaccard of 0.5, the lowest such copies reach, gives 0.3 or more 99.9% of the time).
MIN_SHINGLE_AGREEMENT = 0.3
# Reworded copies keep most of their rarest stems: their rare-stem MinHashes agree on 0.4
# or more of the positions in the benchmark corpus; below 0.2 a pair is not worth a look.
MIN_RARE_AGREEMENT = 0.2
MIN_PASSAGE_AGREEMENT = 0.3
MIN_RARE_STEMS = 4
_BLOCK_ARTICLES = 4096  # articles handled at once where a temporary per stem is needed


@dataclass(slots=True)
class StemTable:
    """Document frequency of every content stem: ``counts[i]`` articles have ``hashes[i]``."""

    hashes: np.ndarray  # uint32[v], sorted
    counts: np.ndarray  # int64[v]
    articles: int

    def frequencies(self, stems: np.ndarray, block: int = 1 << 20) -> np.ndarray:
        """``int32``: the document frequency of each stem hash (unknown stems count as df 1).

        A corpus has hundreds of millions of stems: they are looked up a block at a time, so
        that only the result is as long as ``stems``.
        """
        out = np.ones(len(stems), np.int32)
        if len(self.hashes):
            bits = min(_MAX_BUCKET_BITS, len(self.hashes).bit_length())
            shift = np.uint32(32 - bits)
            buckets = np.searchsorted(self.hashes >> shift, np.arange((1 << bits) + 1))  # where each begins
            for start in range(0, len(stems), block):
                part = stems[start : start + block]
                at = np.minimum(_search(self.hashes, buckets, part, shift), len(self.hashes) - 1)
                out[start : start + block] = np.where(self.hashes[at] == part, self.counts[at], 1)
        return out

    def weights(self, frequencies: np.ndarray) -> np.ndarray:
        """Inverse document frequency ``log(1 + n / df)`` of stems with the given :meth:`frequencies`."""
        return np.log1p(self.articles / frequencies)


_MAX_BUCKET_BITS = 20  # a table of 2**20 bucket starts: 8 MB


def _search(hashes: np.ndarray, buckets: np.ndarray, values: np.ndarray, shift: np.uint32) -> np.ndarray:
    """``np.searchsorted(hashes, values)`` for the sorted ``uint32`` ``hashes``, by their leading bits.

    ``buckets[b]`` is where the hashes whose leading bits are ``b`` begin. Hashes are spread
    evenly, so a bucket holds one or two: a step or two from its start finds each value,
    where a binary search over the whole table misses the cache at nearly every step. The
    next bucket's hashes (or a largest value after the last) stop the steps.
    """
    stops = np.append(hashes, np.uint32(np.iinfo(np.uint32).max))
    at = buckets[(values >> shift).astype(np.int64)]
    todo = np.flatnonzero(stops[at] < values)
    while len(todo):
        at[todo] += 1
        todo = todo[stops[at[todo]] < values[todo]]
    return at


@dataclass(slots=True)
class Candidates:
    """What stage 3 must look at."""

    exact_pairs: np.ndarray  # int64[e, 2]: articles with the same word sequence (need no check)
    doc_pairs: np.ndarray  # int64[p, 2]: article pairs to verify, first < second
    agreement: np.ndarray  # float64[p]: their shingle-MinHash agreement (a Jaccard estimate)
    coverage: np.ndarray  # float64[p]: their weighted content-stem coverage, the smaller way
    passage_pairs: np.ndarray  # int64[q, 2]: unit rows of long paragraphs that may be near copies


def stem_frequencies(sigs: Signatures) -> tuple[StemTable, np.ndarray]:
    """The corpus's :class:`StemTable`, and the document frequency of every stem in ``sigs.stems`` (``int32``)."""
    ordered = np.sort(sigs.stems)
    starts = np.flatnonzero(run_starts(ordered))
    counts = np.diff(np.append(starts, len(ordered)))
    table = StemTable(ordered[starts], counts.astype(np.int64), len(sigs))
    return table, table.frequencies(sigs.stems)


def eligible_articles(sigs: Signatures, config: BatchConfig) -> np.ndarray:
    return np.flatnonzero(sigs.words >= config.min_article_words)


def exact_groups(sigs: Signatures, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs joining each verbatim copy to the first article with its key, and one representative per key."""
    order = rows[np.lexsort((rows, sigs.exact[rows]))]
    keys = sigs.exact[order]
    first = np.r_[True, keys[1:] != keys[:-1]] if len(order) else np.zeros(0, bool)
    group_start = np.maximum.accumulate(np.where(first, np.arange(len(order)), 0)) if len(order) else order
    pairs = np.stack([order[group_start], order], axis=1)[~first] if len(order) else np.zeros((0, 2), np.int64)
    return pairs.astype(np.int64), np.sort(order[first])


def rare_stem_signatures(sigs: Signatures, frequencies: np.ndarray, config: BatchConfig,
                         articles: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """MinHash of each article's ``rare_stems`` rarest shared stems, and the rows that have enough of them.

    ``frequencies`` is the document frequency of every stem in ``sigs.stems``. Returns
    ``(uint32[n, rare_perm], int64[r])``. Works through the articles a block at a time, so
    the per-stem temporaries stay small. ``articles``: the corpus's size, when ``sigs`` holds
    only some of its articles (what is rare depends on it).
    """
    n = len(sigs)
    max_df = max(50, int(config.rare_max_share * (n if articles is None else articles)))
    # Each kept stem sorts by one 64-bit key: article in the block, then df, then hash.
    df_bits = max_df.bit_length()
    block = min(_BLOCK_ARTICLES, 1 << (32 - df_bits))
    chosen_docs: list[np.ndarray] = []
    chosen_stems: list[np.ndarray] = []
    offsets = sigs.stem_offsets
    for low in range(0, n, block):
        high = min(n, low + block)
        stems = sigs.stems[offsets[low] : offsets[high]]
        df = frequencies[offsets[low] : offsets[high]]
        article = np.repeat(np.arange(high - low, dtype=np.uint64), np.diff(offsets[low : high + 1]))
        keep = (df >= 2) & (df <= max_df)
        keys = np.sort((article[keep] << np.uint64(32 + df_bits)) | (df[keep].astype(np.uint64) << np.uint64(32))
                       | stems[keep])
        doc = (keys >> np.uint64(32 + df_bits)).astype(np.int64) + low
        first = np.searchsorted(doc, np.arange(low, high))
        rank = np.arange(len(doc)) - first[doc - low]
        chosen = rank < config.rare_stems
        chosen_docs.append(doc[chosen])
        chosen_stems.append(keys[chosen].astype(np.uint32))  # the low 32 bits: the stem hash
    doc = np.concatenate(chosen_docs) if chosen_docs else np.zeros(0, np.int64)
    stems = np.concatenate(chosen_stems) if chosen_stems else np.zeros(0, np.uint32)
    a, b = permutations(config.rare_perm, config.seed + 1)
    signatures = grouped_signatures(stems, doc, n, a, b)
    sizes = np.bincount(doc, minlength=n)
    return signatures, np.flatnonzero(sizes >= MIN_RARE_STEMS)


def agreement(signatures: np.ndarray, first: np.ndarray, second: np.ndarray, block: int = 1 << 16) -> np.ndarray:
    """For each pair of rows, the share of equal positions: the MinHash estimate of their Jaccard.

    Pairs are taken a block at a time, so the two gathered matrices stay small.

    >>> agreement(np.array([[1, 2, 3, 4], [1, 2, 0, 0]]), np.array([0]), np.array([1])).tolist()
    [0.5]
    """
    out = np.zeros(len(first))
    for start in range(0, len(first), block):
        a, b = first[start : start + block], second[start : start + block]
        out[start : start + block] = (signatures[a] == signatures[b]).mean(axis=1)
    return out


def plausible_pairs(sigs: Signatures, table: StemTable, frequencies: np.ndarray, rare: np.ndarray,
                    pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The bucketed article ``pairs`` worth verifying, with their shingle agreement and content coverage.

    A pair is kept when its shingle MinHashes agree enough to be a near-verbatim copy, or
    when its content-stem coverage (computed exactly from the stem hashes) reaches the
    reworded threshold; the others are dropped without reading a text.
    """
    first, second = pairs[:, 0], pairs[:, 1]
    words = sigs.words
    balanced = np.minimum(words[first], words[second]) >= 0.3 * np.maximum(words[first], words[second])
    shingle_agree = agreement(sigs.shingles, first, second)
    rare_agree = agreement(rare, first, second)
    plausible = balanced & ((shingle_agree >= MIN_SHINGLE_AGREEMENT) | (rare_agree >= MIN_RARE_AGREEMENT))
    pairs, shingle_agree = pairs[plausible], shingle_agree[plausible]
    shared = pair_coverage(sigs, table, frequencies, pairs)
    return pairs, shingle_agree, shared


def pair_coverage(sigs: Signatures, table: StemTable, frequencies: np.ndarray, pairs: np.ndarray,
                  block: int = 1 << 14) -> np.ndarray:
    """For each pair, the smaller of the two weighted content-stem coverages (0–1).

    The share of one article's stem weight (``log(1 + n / df)``, from the ``frequencies`` of
    ``sigs.stems``) that the other article has, as :func:`dedup.similarity.weighted_coverage`
    measures it. Weights and their sums are float32. Pairs are taken a block at a time, so
    the per-stem temporaries stay small.
    """
    sizes = np.diff(sigs.stem_offsets)
    out = np.zeros(len(pairs))
    for start in range(0, len(pairs), block):
        first, second = pairs[start : start + block, 0], pairs[start : start + block, 1]
        keys_first, pair_first, weights_first = _pair_stems(sigs, table, frequencies, first)
        keys_second, pair_second, weights_second = _pair_stems(sigs, table, frequencies, second)
        in_second, in_first = _shared_keys(keys_first, keys_second)
        with np.errstate(divide="ignore", invalid="ignore"):  # an article without stems covers nothing
            smaller = np.minimum(_covered_share(weights_first, pair_first, in_second, len(first)),
                                 _covered_share(weights_second, pair_second, in_first, len(first)))
        out[start : start + block] = np.where((sizes[first] > 0) & (sizes[second] > 0), smaller, 0)
    return out


def _pair_stems(sigs: Signatures, table: StemTable, frequencies: np.ndarray,
                rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The stems of each article of ``rows``, one after another: ``(keys, pair, weights)``.

    ``pair`` is the index in ``rows`` each stem belongs to; ``keys`` the stem hash tagged with
    it (sorted, since each article's stems are); ``weights`` the float32 weight of the stem.
    """
    offsets = sigs.stem_offsets
    sizes = offsets[rows + 1] - offsets[rows]
    ends = np.cumsum(sizes)
    positions = np.arange(ends[-1] if len(ends) else 0) + np.repeat(offsets[rows] - (ends - sizes), sizes)
    pair = np.repeat(np.arange(len(rows)), sizes)
    keys = (pair.astype(np.uint64) << np.uint64(32)) | sigs.stems[positions]
    return keys, pair, table.weights(frequencies[positions]).astype(np.float32)


def _shared_keys(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of the sorted unique keys ``first`` are in ``second``, and which of ``second`` in ``first``."""
    both = np.concatenate([first, second])
    order = np.argsort(both, kind="stable")  # two sorted runs: a single merge
    ordered = both[order]
    repeated = np.flatnonzero(ordered[1:] == ordered[:-1])
    shared = np.zeros(len(both), bool)
    shared[order[repeated]] = True
    shared[order[repeated + 1]] = True
    return shared[: len(first)], shared[len(first) :]


def _covered_share(weights: np.ndarray, pair: np.ndarray, found: np.ndarray, pairs: int) -> np.ndarray:
    """``float32[pairs]``: the share of each pair's stem ``weights`` on the stems ``found`` in the other article."""
    covered = segment_sums(weights[found], np.bincount(pair[found], minlength=pairs))
    return covered / segment_sums(weights, np.bincount(pair, minlength=pairs))


def segment_sums(values: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Sums of the consecutive segments of ``values`` of the given sizes, each equal to its ``.sum()``.

    numpy sums a row pairwise, so a float32 sum depends on how its terms are grouped. The
    segments are gathered a size at a time into a matrix, whose rows numpy sums one by one
    exactly as it sums each segment alone.

    >>> segment_sums(np.array([1.0, 2.0, 3.0, 4.0], np.float32), np.array([1, 0, 3])).tolist()
    [1.0, 0.0, 9.0]
    """
    starts = np.cumsum(sizes) - sizes
    out = np.zeros(len(sizes), values.dtype)
    for size in np.unique(sizes[sizes > 0]).tolist():
        which = np.flatnonzero(sizes == size)
        out[which] = values[starts[which, None] + np.arange(size)].sum(axis=1)
    return out


def passage_candidates(sigs: Signatures, config: BatchConfig) -> np.ndarray:
    """Pairs of long paragraphs (unit rows) in different articles whose MinHashes share a band."""
    units = sigs.units
    rows = sigs.passages
    if not len(rows):
        return np.zeros((0, 2), np.int64)
    # One representative per distinct text: exact repeats are grouped by key later.
    order = np.lexsort((rows, units.key[rows]))
    keys = units.key[rows[order]]
    first = np.r_[True, keys[1:] != keys[:-1]]
    chosen = np.sort(order[first])
    pairs = band_buckets(sigs.passage_sigs[chosen], rows[chosen], *config.passage_bands)
    if not len(pairs):
        return pairs
    left, right = np.searchsorted(rows, pairs[:, 0]), np.searchsorted(rows, pairs[:, 1])  # rows are sorted
    close = agreement(sigs.passage_sigs, left, right) >= MIN_PASSAGE_AGREEMENT
    other_article = units.doc[pairs[:, 0]] != units.doc[pairs[:, 1]]
    return pairs[close & other_article]


def candidates(sigs: Signatures, config: BatchConfig, progress: Progress | None = None) -> Candidates:
    """Stage 2: every candidate pair, from the signatures alone.

    Workers build the LSH indexes: the word-shingle ones while this process sketches the
    articles' rare stems, the rare-stem ones while it buckets the paragraphs.
    """
    exact_pairs, representatives = exact_groups(sigs, eligible_articles(sigs, config))
    with workers(config.jobs, {}) as submit:
        # Each index is split among the workers, so that they start together and finish together.
        shingle_tasks = lsh_tasks(sigs.shingles, representatives, *config.doc_bands, parts=config.jobs)
        shingle_buckets = submit(lsh_task, shingle_tasks)
        table, frequencies = stem_frequencies(sigs)
        rare, rare_rows = rare_stem_signatures(sigs, frequencies, config)
        rare_tasks = lsh_tasks(rare, np.intersect1d(representatives, rare_rows), *config.rare_bands, parts=config.jobs)
        rare_buckets = submit(lsh_task, rare_tasks)
        passage_pairs = passage_candidates(sigs, config)
        buckets = progressed(chain(shingle_buckets, rare_buckets), shingle_tasks + rare_tasks, progress, "buckets")
        pairs = unique_pairs(list(buckets))
    doc_pairs, shingle_agree, shared = plausible_pairs(sigs, table, frequencies, rare, pairs)
    keep = (shingle_agree >= MIN_SHINGLE_AGREEMENT) | (shared >= config.reworded_coverage)
    return Candidates(exact_pairs, doc_pairs[keep], shingle_agree[keep], shared[keep], passage_pairs)
