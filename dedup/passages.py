"""Passages: paragraphs and sentences prepared for comparison, and the pairs found between them."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Any

from .config import Settings
from .models import Span
from .normalize import (
    content_stem_table, find_tokens, normalize_for_tokens, split_at_marks, stems_of, tokens, word_count,
)
from .segment import Document
from .similarity import WORD_HASHES, idf_weights, range_signatures, shingle_values, weighted_coverage


@dataclass(slots=True)  # not frozen: tens are made per article, and a frozen dataclass is slow to build
class Passage:
    """A paragraph or sentence prepared for comparison (treat it as read-only)."""

    index: int  # block index (paragraphs) or sentence index (sentences)
    span: Span
    text: str
    loose: str  # lower-cased words and numbers joined by spaces: what near-verbatim comparison uses
    stems: frozenset[str]  # stemmed content words: what reworded comparison uses


@dataclass(frozen=True, slots=True)
class Match:
    """Two copies of one passage. ``removed`` is the copy that cleaning drops."""

    kind: str  # "exact", "near" or "reworded"
    level: str  # "paragraph" or "sentence"
    earlier: Passage
    later: Passage
    score: float  # 0–1: ratio for exact/near, content coverage for reworded
    removed: str = "later"  # or "earlier", when the earlier copy is the truncated one
    partners: tuple[Passage, ...] = ()  # further earlier paragraphs a reworded paragraph merges in
    contained: float = 0.0  # for a cut-off earlier copy: how much of it the later one covers
    why_earlier: str = "the earlier copy is cut short"  # why the earlier copy goes, when it does

    @property
    def kept_passage(self) -> Passage:
        return self.earlier if self.removed == "later" else self.later

    @property
    def removed_passage(self) -> Passage:
        return self.later if self.removed == "later" else self.earlier


# --- building passages ---------------------------------------------------------------------------


def passage(index: int, span: Span, text: str, settings: Settings, words: list[str] | None = None) -> Passage:
    words = tokens(text) if words is None else words
    return Passage(index=index, span=span, text=text, loose=" ".join(words), stems=frozenset(stems_of(words)))


@dataclass(frozen=True, slots=True)
class Sketches:
    """A document's passages and their MinHash signatures, one row per passage.

    Word shingles find verbatim and near-verbatim copies; stemmed content words find
    reworded ones. All come from one pass over the words of the document.
    """

    sentences: list[Passage]  # every sentence, by sentence index
    paragraphs: list[Passage]  # prose blocks long enough to compare, in order
    sentence_shingles: Any  # uint32 matrix, a row per sentence
    paragraph_shingles: Any  # a row per paragraph
    paragraph_stems: Any  # a row per paragraph


def sentence_passages(doc: Document, settings: Settings) -> list[Passage]:
    """Every sentence prepared for comparison, computed once per document."""
    return sketches(doc, settings).sentences


def sentence_weights(doc: Document, settings: Settings) -> dict[str, float]:
    """The within-document rarity of each stem among the sentences (see
    :func:`~dedup.similarity.idf_weights`), computed once per document for every rule that weighs them."""
    return doc.memo("sentence.weights", lambda: idf_weights([p.stems for p in sentence_passages(doc, settings)]))


def sketches(doc: Document, settings: Settings) -> Sketches:
    return doc.memo("sketches", lambda: _sketch(doc, settings))


def _sketch(doc: Document, settings: Settings) -> Sketches:
    hashes = WORD_HASHES.__getitem__
    content = content_stem_table().__getitem__
    sentence_words = _sentence_words(doc)
    all_words = list(chain.from_iterable(sentence_words))
    word_hashes = list(map(hashes, all_words))  # every sentence's words, end to end; then blocks not covered
    all_stems = list(map(content, all_words))  # "" for a word that carries no content
    stem_hashes = list(map(hashes, filter(None, all_stems)))  # the same for content-word stems
    sentence_bounds: list[tuple[int, int]] = []  # (word, stem) offsets where each sentence starts
    sentences: list[Passage] = []
    word_at = stem_at = 0
    for s, words in zip(doc.sentences, sentence_words):
        sentence_bounds.append((word_at, stem_at))
        stems = list(filter(None, all_stems[word_at : word_at + len(words)]))
        word_at += len(words)
        stem_at += len(stems)
        sentences.append(Passage(s.index, s.span, s.text, " ".join(words), frozenset(stems)))
    sentence_bounds.append((word_at, stem_at))

    paragraphs: list[Passage] = []
    paragraph_bounds: list[tuple[int, int, int, int]] = []  # word start, word stop, stem start, stem stop
    for b in doc.blocks:
        if not b.is_prose or word_count(b.text) < settings.min_paragraph_words:
            continue
        if b.sentences and b.sentences[0].span.start == b.body.start and b.sentences[-1].span.end == b.body.end:
            first, last = b.sentences[0].index, b.sentences[-1].index
            (word_start, stem_start), (word_stop, stem_stop) = sentence_bounds[first], sentence_bounds[last + 1]
            paragraphs.append(Passage(b.index, b.body, b.text, " ".join(all_words[word_start:word_stop]),
                                      frozenset(filter(None, all_stems[word_start:word_stop]))))
        else:  # the sentences do not tile the block (a repaired break): its own words
            words = tokens(b.text)
            stems = stems_of(words)
            word_start, stem_start = len(word_hashes), len(stem_hashes)
            word_hashes.extend(map(hashes, words))
            stem_hashes.extend(map(hashes, stems))
            word_stop, stem_stop = len(word_hashes), len(stem_hashes)
            paragraphs.append(Passage(b.index, b.body, b.text, " ".join(words), frozenset(stems)))
        paragraph_bounds.append((word_start, word_stop, stem_start, stem_stop))
    return Sketches(sentences, paragraphs, *_signatures(word_hashes, stem_hashes, sentence_bounds,
                                                        paragraph_bounds, settings))


def _sentence_words(doc: Document) -> list[list[str]]:
    """:func:`~dedup.normalize.tokens` of every sentence (and one empty list when there is none).

    The sentences are normalised together and searched in one pass, laid end to end with
    a NUL between them, which the pattern finds as a marker. A sentence's text is its span
    of the document with line breaks as spaces, which no token contains. Lower-casing may
    change the length of a text (``İ``); then each sentence is normalised on its own.
    """
    sentences = doc.sentences
    folded = normalize_for_tokens(doc.text)
    if len(folded) != len(doc.text) or "\0" in folded:
        return [tokens(s.text) for s in sentences] or [[]]
    found = find_tokens("\0".join(folded[s.span.start : s.span.end] for s in sentences), marks="\0")
    return split_at_marks(found, len(sentences))


def _signatures(word_hashes, stem_hashes, sentence_bounds, paragraph_bounds, settings: Settings):
    import numpy as np

    edges = np.array(sentence_bounds, dtype=np.int64).reshape(-1, 2)[:, 0]
    spans = np.array(paragraph_bounds, dtype=np.int64).reshape(-1, 4)
    starts = np.concatenate((edges[:-1], spans[:, 0]))
    stops = np.concatenate((edges[1:], spans[:, 1]))
    values, starts, stops = shingle_values(word_hashes, starts, stops, settings.shingle_size)
    shingle_rows = range_signatures(values, starts, stops, settings.num_perm, settings.seed)
    count = len(sentence_bounds) - 1
    stem_rows = range_signatures(stem_hashes, spans[:, 2], spans[:, 3], settings.content_num_perm, settings.seed)
    return shingle_rows[:count], shingle_rows[count:], stem_rows


def supported_share(sentences, counterpart: frozenset[str], weights: dict[str, float], settings: Settings,
                     passages: list[Passage]) -> float:
    """Share of ``sentences`` whose content words ``counterpart`` mostly has."""
    if not sentences:
        return 0.0
    supported = 0
    for s in sentences:
        stems = passages[s.index].stems
        if not stems or weighted_coverage(stems, counterpart, weights) >= settings.sentence_support:
            supported += 1
    return supported / len(sentences)
