"""The shared views the consistency rules read: prose sentences, shared words, names, pairs.

Each quick path is checked against the plain way of computing the same thing.
"""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings, strategies as st

from dedup import entities, lexicon
from dedup.config import DEFAULT_SETTINGS
from dedup.normalize import TOKEN_RE
from dedup.prose import block_units, prose_blocks, prose_sentences, unclosed_quote, words_of
from dedup.rules import conflicts, structure, truncation
from dedup.segment import segment

from .conftest import FIXTURES, read

TEXTS = [read(p) for p in sorted(FIXTURES.rglob("*.txt"))]

PIECES = st.sampled_from([
    "the", "Council", "said", "Acme", "Jo", "Park", "Mr", "Dr.", "U.S.", "No.", "Corp.", "3.5%", "1,200", "twenty",
    "half", "well\u2013known", "rock\u2018n\u2019roll", "team\u2019s", "\u0130stanbul", "caf\u00e9", "a.", "e.g.",
    ".", ",", ":", "?", "!", "\u2026", "-", " - ", "\u201c", "\u201d", "\"", "'", "(", ")", "_", "\u00a0", "\n", "\t",
])


@st.composite
def texts(draw) -> str:
    words = draw(st.lists(PIECES, min_size=1, max_size=40))
    return "".join(w + draw(st.sampled_from([" ", " ", "", ". ", "\n\n"])) for w in words)


# --- prose sentences -----------------------------------------------------------------------------------


def test_prose_sentences_lie_in_prose_blocks_in_order():
    for text in TEXTS[:30]:
        doc = segment(text)
        sentences = prose_sentences(doc)
        blocks = {b.index for b in prose_blocks(doc)}
        assert all(p.sentence.block in blocks for p in sentences)
        starts = [p.sentence.span.start for p in sentences]
        assert starts == sorted(starts)
        assert all(p.words == words_of(p.sentence.text.strip()) for p in sentences)


@settings(max_examples=200, deadline=None)
@given(texts())
def test_units_cover_their_block_without_overlap(text):
    doc = segment(text)
    for block in doc.blocks:
        units = block_units(doc, block)
        if not block.sentences:
            assert units == ()
            continue
        assert units[0].span.start == block.sentences[0].span.start
        assert units[-1].span.end == block.sentences[-1].span.end
        assert all(a.span.end <= b.span.start for a, b in zip(units, units[1:]))


# --- the words of a sentence, shared with the duplicate analysis --------------------------------------------


def _found_again(text: str) -> tuple[str, ...]:
    return tuple(m.group().lower().replace("\u2019", "'") for m in TOKEN_RE.finditer(text))


@settings(max_examples=300, deadline=None)
@given(texts())
def test_shared_words_are_the_words_found_again(text):
    doc = segment(text)
    for block in doc.blocks:
        for unit in block_units(doc, block):
            words = truncation.shared_words(doc, DEFAULT_SETTINGS, unit)
            assert words is None or words == _found_again(unit.text)
            assert truncation.found_words(unit) == _found_again(unit.text)
            start = tuple(TOKEN_RE.findall(unit.text[:100].lower().replace("\u2019", "'")))[:4]
            assert truncation._start(unit) == start


def test_shared_words_are_used_on_the_fixtures():
    units = [(doc, u) for doc in map(segment, TEXTS) for b in doc.blocks for u in block_units(doc, b)]
    shared = [(doc, u) for doc, u in units if truncation.shared_words(doc, DEFAULT_SETTINGS, u) is not None]
    assert len(shared) > len(units) / 2  # the quick path must actually be taken
    assert all(truncation.shared_words(doc, DEFAULT_SETTINGS, u) == _found_again(u.text) for doc, u in shared)


# --- names in a passage -----------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['\u2019.&-][^\W_]+)*\.?")
_BREAK = re.compile(r"[.!?\u2026][\"'\u201d\u2019)]*\s+|[\n\r]+|:\s+")


def _names_word_by_word(text: str) -> list[str]:
    """The names of ``text``, one word and one gap at a time: the plain statement of the rule."""
    names, run, opened, sentence_start, position = [], [], False, True, 0
    for m in _WORD.finditer(text):
        gap = text[position : m.start()]
        position = m.end()
        if run and (gap.strip() not in ("", "-") or _BREAK.search(gap)):
            if not (opened and len(run) == 1):
                names.append(" ".join(run))
            run = []
        sentence_start = sentence_start or bool(_BREAK.search(gap)) or gap.endswith(('"', "\u201c", "\u2018"))
        word = m.group().rstrip(".")
        lower = word.lower()
        if word[:1].isupper() and not word.isdigit() and lower not in lexicon.stopwords() | lexicon.titles():
            opened = sentence_start if not run else opened
            run.append(word)
        else:
            if run and not (opened and len(run) == 1):
                names.append(" ".join(run))
            run = []
        sentence_start = m.group().endswith(".") and lower not in lexicon.abbreviations()
    if run and not (opened and len(run) == 1):
        names.append(" ".join(run))
    return names


@settings(max_examples=500, deadline=None)
@given(texts())
def test_names_match_the_word_by_word_reading(text):
    assert entities._names(text) == _names_word_by_word(text)


def test_names_match_the_word_by_word_reading_on_the_fixtures():
    paragraphs = [p for text in TEXTS for p in text.split("\n\n")]
    assert all(entities._names(p) == _names_word_by_word(p) for p in paragraphs)


def test_names_take_linear_time_after_the_last_word():
    entities._names("Acme Corp said. " + "-=" * 50_000)  # a gap-and-word search that backtracked would hang here


# --- candidate pairs and entity variants --------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.frozensets(st.sampled_from("abcdefghij"), max_size=8), max_size=12), st.integers(1, 5))
def test_sharing_pairs_are_the_pairs_sharing_enough(sets, least):
    expected = [(i, j) for i, j in itertools.combinations(range(len(sets)), 2) if len(sets[i] & sets[j]) >= least]
    assert conflicts._sharing_pairs(sets, least) == expected


def test_entity_variant_search_finds_what_the_plain_alternation_finds():
    pattern, group_of = structure._variants()
    ordered = sorted(group_of, key=len, reverse=True)
    plain = re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w]|\.\w)")
    text = " ".join(TEXTS) + " " + " | ".join(v + s for v in ordered for s in ("", "s", ".", ".x", "'s"))
    found = [(m.start(), m.group()) for m in pattern.finditer(text)]
    assert found == [(m.start(), m.group()) for m in plain.finditer(text)]
    assert len(found) >= len(ordered)


# --- quotation marks -----------------------------------------------------------------------------------


def test_a_quotation_continued_after_a_sentence_is_reopened_not_left_open():
    # News style leaves each paragraph of a long quotation open; glued paragraphs keep that.
    assert unclosed_quote('"We lost the hall. "Since then we rehearse outside," she said.') is None
    assert unclosed_quote("\u201cWe lost the hall. \u201cSince then we rehearse outside,\u201d she said.") is None
    # The quotation reopened last is the one left open.
    text = '"We lost the hall. "Since then we rehearse outside and nobody'
    assert unclosed_quote(text) == text.index('"Since')


def test_a_straight_quote_is_read_by_the_words_it_touches():
    assert unclosed_quote('The choir sang "Carols 1962" at the station.') is None  # closes after a digit
    assert unclosed_quote('The pipe is 12" wide.') is None  # an inch mark
    assert unclosed_quote('She said:"We will stay."') is None  # opens after a colon with no space
    assert unclosed_quote('He called it "a disgrace and "a waste" of money.') == 13  # the outer one stays open
