"""The vectorised candidate and passage helpers equal the plain per-pair and per-bucket loops they replace."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from types import SimpleNamespace

import numpy as np
from hypothesis import given, settings, strategies as st

from dedup.batch.candidates import (
    MIN_RARE_STEMS, StemTable, _search, pair_coverage, rare_stem_signatures, segment_sums, stem_frequencies,
)
from dedup.batch.config import BatchConfig
from dedup.batch.minhash import (
    MAX_BUCKET_PAIRS_SIZE, band_buckets, band_keys, bucket_pairs, grouped_signatures, lsh_pairs, unique_pairs,
)
from dedup import slots
from dedup.batch.passages import exact_shared
from dedup.similarity import permutations


@dataclass
class _Stems:
    """The part of ``Signatures`` the stem helpers read."""

    stem_offsets: np.ndarray
    stems: np.ndarray

    def __len__(self) -> int:
        return len(self.stem_offsets) - 1


def _corpus(seed: int, articles: int = 60, vocabulary: int = 300) -> _Stems:
    rng = np.random.default_rng(seed)
    words = rng.integers(1, 2**32, vocabulary, dtype=np.uint64).astype(np.uint32)
    sets = [np.unique(rng.choice(words, int(rng.integers(0, 80)))) for _ in range(articles)]
    return _Stems(np.r_[0, np.cumsum([len(s) for s in sets])].astype(np.int64),
                  np.concatenate(sets).astype(np.uint32))


def _reference_bucket_pairs(members: list[int]) -> set[tuple[int, int]]:
    members = sorted(members)
    if len(members) <= MAX_BUCKET_PAIRS_SIZE:
        return {(a, b) for i, a in enumerate(members) for b in members[i + 1 :]}
    head = members[0]
    return {(a, b) for a, b in zip(members, members[1:])} | {(head, b) for b in members[2:]}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(0, 10_000), min_size=1, max_size=70, unique=True), max_size=8))
def test_bucket_pairs_are_all_pairs_or_a_chain_and_a_star(buckets):
    members = np.array([m for bucket in buckets for m in bucket], dtype=np.int64)
    sizes = np.array([len(bucket) for bucket in buckets], dtype=np.int64)
    expected = set().union(*(_reference_bucket_pairs(b) for b in buckets))
    assert {tuple(p) for p in bucket_pairs(members, sizes).tolist()} == expected


def test_band_buckets_and_lsh_equal_a_bucket_by_bucket_loop():
    rng = np.random.default_rng(3)
    sigs = rng.integers(0, 3, size=(400, 12), dtype=np.uint32)  # few values: buckets of every size
    ids = rng.permutation(1000)[:400]
    expected = set()
    for band in range(4):
        keys = band_keys(sigs, band, 3)
        for key in np.unique(keys):
            expected |= _reference_bucket_pairs(ids[keys == key].tolist())
    assert band_buckets(sigs, ids, 4, 3).tolist() == sorted(map(list, expected))
    by_id = np.zeros((1000, 12), dtype=np.uint32)  # the LSH index takes the rows of a signature matrix
    by_id[ids] = sigs
    assert lsh_pairs(by_id, ids, 4, 3).tolist() == sorted(map(list, expected))


def test_unique_pairs_sort_and_drop_repeats():
    rng = np.random.default_rng(4)
    parts = [rng.integers(0, 50, size=(200, 2)), rng.integers(2**31, 2**32 - 1, size=(20, 2))]
    pairs = np.sort(np.concatenate(parts), axis=1)
    expected = np.unique(pairs[pairs[:, 0] != pairs[:, 1]], axis=0)
    assert np.array_equal(unique_pairs(parts), expected)
    assert unique_pairs([]).shape == (0, 2)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 300), max_size=30), st.integers(0, 2**32 - 1))
def test_segment_sums_equal_each_segments_own_float32_sum(sizes, seed):
    sizes = np.array(sizes, dtype=np.int64)
    values = np.random.default_rng(seed).random(int(sizes.sum())).astype(np.float32) * 7
    starts = np.cumsum(sizes) - sizes
    expected = np.array([values[s : s + n].sum() for s, n in zip(starts, sizes)], dtype=np.float32)
    assert segment_sums(values, sizes).tobytes() == expected.tobytes()


def _reference_coverage(corpus: _Stems, table: StemTable, a: int, b: int) -> float:
    offsets, stems = corpus.stem_offsets, corpus.stems
    weights = table.weights(table.frequencies(stems)).astype(np.float32)
    sa, sb = stems[offsets[a] : offsets[a + 1]], stems[offsets[b] : offsets[b + 1]]
    wa, wb = weights[offsets[a] : offsets[a + 1]], weights[offsets[b] : offsets[b + 1]]
    if not len(sa) or not len(sb):
        return 0.0
    return float(min(wa[np.isin(sa, sb)].sum() / wa.sum(), wb[np.isin(sb, sa)].sum() / wb.sum()))


def test_pair_coverage_equals_the_per_pair_float32_computation():
    corpus = _corpus(5)
    table, _ = stem_frequencies(corpus)
    pairs = np.array([(a, b) for a in range(len(corpus)) for b in range(a + 1, len(corpus)) if (a + b) % 3 == 0])
    expected = [_reference_coverage(corpus, table, a, b) for a, b in pairs.tolist()]
    found = pair_coverage(corpus, table, table.frequencies(corpus.stems), pairs, block=97)
    assert found.tolist() == expected
    assert pair_coverage(corpus, table, table.frequencies(corpus.stems), np.zeros((0, 2), np.int64)).shape == (0,)


def test_stem_frequencies_in_blocks_and_for_unknown_stems():
    corpus = _corpus(6)
    table, frequencies = stem_frequencies(corpus)
    hashes, counts = np.unique(corpus.stems, return_counts=True)
    assert table.hashes.tolist() == hashes.tolist() and table.counts.tolist() == counts.tolist()
    expected = counts[np.searchsorted(hashes, corpus.stems)]
    assert frequencies.dtype == np.int32 and frequencies.tolist() == expected.tolist()
    assert table.frequencies(corpus.stems, block=7).tolist() == expected.tolist()
    missing = np.setdiff1d(np.arange(5, dtype=np.uint32), hashes)
    assert table.frequencies(missing).tolist() == [1] * len(missing)
    assert StemTable(hashes[:0], counts[:0], 3).frequencies(hashes[:2]).tolist() == [1, 1]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 2**32 - 1), max_size=300), st.lists(st.integers(0, 2**32 - 1), max_size=50),
       st.integers(1, 20))
def test_bucketed_search_equals_searchsorted(hashes, values, bits):
    hashes = np.unique(np.array(hashes, np.uint32))
    values = np.concatenate([hashes, np.array(values + [0, 2**32 - 1], np.uint32)])
    shift = np.uint32(32 - bits)
    buckets = np.searchsorted(hashes >> shift, np.arange((1 << bits) + 1))
    assert _search(hashes, buckets, values, shift).tolist() == np.searchsorted(hashes, values).tolist()


def test_rare_stem_signatures_take_each_articles_rarest_shared_stems():
    corpus = _corpus(7, articles=80, vocabulary=120)
    config = replace(BatchConfig(), rare_stems=9, rare_perm=8)
    table, _ = stem_frequencies(corpus)
    signatures, rows = rare_stem_signatures(corpus, table.frequencies(corpus.stems), config)
    max_df = max(50, int(config.rare_max_share * len(corpus)))
    a, b = permutations(config.rare_perm, config.seed + 1)
    chosen, group = [], []
    for row in range(len(corpus)):
        stems = corpus.stems[corpus.stem_offsets[row] : corpus.stem_offsets[row + 1]]
        df = table.frequencies(stems)
        shared = sorted((int(d), int(s)) for d, s in zip(df, stems) if 2 <= d <= max_df)[: config.rare_stems]
        chosen += [s for _, s in shared]
        group += [row] * len(shared)
    expected = grouped_signatures(np.array(chosen, np.uint32), np.array(group), len(corpus), a, b)
    assert np.array_equal(signatures, expected)
    assert rows.tolist() == [r for r in range(len(corpus)) if group.count(r) >= MIN_RARE_STEMS]


def test_exact_shared_joins_each_repeat_to_the_first_of_its_key_across_stories():
    rng = np.random.default_rng(8)
    units = SimpleNamespace(key=rng.integers(0, 12, 200).astype(np.uint64), doc=rng.integers(0, 30, 200))
    sigs = SimpleNamespace(units=units, passages=np.sort(rng.choice(200, 150, replace=False)))
    labels = rng.integers(0, 10, 30)
    boilerplate = {3, 7}
    expected = []
    for key in sorted(set(units.key[sigs.passages].tolist()) - boilerplate):
        head, *others = [r for r in sigs.passages.tolist() if units.key[r] == key]
        expected += [(head, r) for r in others if labels[units.doc[r]] != labels[units.doc[head]]]
    found = exact_shared(sigs, labels, boilerplate)
    assert [(s.first, s.second) for s in found] == expected
    assert exact_shared(SimpleNamespace(units=units, passages=sigs.passages[:0]), labels, boilerplate) == []


# The patterns of dedup.slots.value_marks as first written: each tries every position.
_PLAIN_NUMBER = re.compile(r"[$\u00a3\u20ac]?\d+(?:[.,:]\d+)*(?:\s?(?:%|per\s?cent|percent))?"
                           r"(?:\s(?:million|billion|trillion|thousand))?")
_PLAIN_CAPITALISED = r"[^\W\d_a-z][^\W\d_]*(?:['\u2019\-][^\W\d_]+)*"
_PLAIN_NAME_PAIR = re.compile(
    rf"(?<![^\W\d_])({_PLAIN_CAPITALISED})[\W_](?=({_PLAIN_CAPITALISED})(?![^\W\d_]))"
)
_VALUE_TEXT = st.lists(st.sampled_from(list("aAbZé É1 2$\u00a3.,:%'\u2019-_\n") + [" per cent", " million"]),
                       max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(_VALUE_TEXT)
def test_value_mark_patterns_find_what_the_plain_patterns_find(text):
    assert slots._NUMBER.findall(text) == _PLAIN_NUMBER.findall(text)
    assert slots._NAME_PAIR.findall(text) == _PLAIN_NAME_PAIR.findall(text)
    assert slots._letter_runs(text) == re.findall(r"[^\W\d_]+", text)


def test_value_mark_patterns_on_names_and_amounts():
    text = "Jean-Pierre said O'Neil Jones paid $1,200.50 million, up 5 per cent; $x, 3rd Bank of England"
    assert slots._NUMBER.findall(text) == _PLAIN_NUMBER.findall(text) == ["$1,200.50 million", "5 per cent", "3"]
    assert slots._NAME_PAIR.findall(text) == _PLAIN_NAME_PAIR.findall(text) == [("Jean", "Pierre"), ("O'Neil", "Jones")]
