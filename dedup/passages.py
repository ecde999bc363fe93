"""Passages: paragraphs and sentences prepared for comparison, and the pairs found between them."""

from __future__ import annotations

from dataclasses import dataclass

from .config import Settings
from .models import Span
from .normalize import shingles, stems_of, tokens
from .segment import Document
from .similarity import weighted_coverage

@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph or sentence prepared for comparison."""

    index: int  # block index (paragraphs) or sentence index (sentences)
    span: Span
    text: str
    loose: str  # lower-cased words and numbers joined by spaces: what near-verbatim comparison uses
    shingles: frozenset[str]
    stems: frozenset[str]


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

    @property
    def kept_passage(self) -> Passage:
        return self.earlier if self.removed == "later" else self.later

    @property
    def removed_passage(self) -> Passage:
        return self.later if self.removed == "later" else self.earlier


# --- building passages ------ -------------------------------------------------------------------------


def passage(index: int, span: Span, text: str, settings: Settings, words: list[str] | None = None) -> Passage:
    words = tokens(text) if words is None else words
    return Passage(
        index=index,
        span=span,
        text=text,
        loose=" ".join(words),
        shingles=frozenset(shingles(words, settings.shingle_size)),
        stems=frozenset(stems_of(words)),
    )


def sentence_passages(doc: Document, settings: Settings) -> list[Passage]:
    """Every sentence prepared for comparison, computed once per document."""
    cached = doc.cache.get("sentence_passages")
    if cached is None:
        cached = doc.cache["sentence_passages"] = [passage(s.index, s.span, s.text, settings) for s in doc.sentences]
    return cached


def prepare_paragraphs(doc: Document, settings: Settings) -> list[Passage]:
    sentences = sentence_passages(doc, settings)
    out = []
    for b in doc.blocks:
        if not b.is_prose or len(b.text.split()) < settings.min_paragraph_words:
            continue
        words = None
        if b.sentences and b.sentences[0].span.start == b.body.start and b.sentences[-1].span.end == b.body.end:
            words = [w for s in b.sentences for w in _words(sentences[s.index])]
        out.append(passage(b.index, b.body, b.text, settings, words))
    return out


def _words(p: Passage) -> list[str]:
    return p.loose.split(" ") if p.loose else []


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
