"""The values two articles tell: copies of one story, or two reports from one template.

Two articles that tell one story hold the same figures, dates and names, or one holds
fewer. Two reports written from one template (the same notice on another day, an export
sale of another tonnage) fill the same slots (:func:`dedup.slots.other_values`) with
values the other article has nowhere. A verified pair is read whole that way
(:func:`differing`). Two copies that each left out another sentence would read so too,
so where two articles meet only through a third (:func:`dedup.batch.verify.unchained`)
each sentence of one is set against the sentence of the other that shares most of its
content words, and only two tellings of one sentence are compared
(:func:`differing_sentences`).

Most pairs are settled without reading a word: when the value marks of one article
(:func:`dedup.slots.value_marks`) are all among the other's, no slot can differ.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property

from .. import lexicon
from ..entities import Token, tokens
from ..models import Span
from ..segment import Document
from ..slots import other_values, told_values, value_marks

# Where a sentence ends: a stop before a capital or a figure, a blank line, or a wire paragraph's indent.
_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9$\u00a3\u20ac])|\n[ \t]*\n|\n[ \t]+"
)
MIN_SHARED = 0.6  # two sentences tell one fact when one has this share of the other's content words
MIN_CONTENT = 3  # sentences with fewer content words are set against nothing


class ArticleFacts:
    """The values of one article, each part found when first needed."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def marks(self) -> frozenset[str]:
        return value_marks(self.text)

    @cached_property
    def told(self) -> tuple[Token, ...]:
        """The words and numbers of the article. The text is not segmented: a capital opening a
        sentence counts as a name's, which only a first name before a surname reads."""
        return tokens(Document(self.text, (), ()), Span(0, len(self.text)))

    @cached_property
    def sentences(self) -> list[tuple[Token, ...]]:
        """The words and numbers of each sentence."""
        told = self.told
        starts = [t.start for t in told]
        cut = [bisect.bisect_left(starts, span.start) for span in sentence_spans(self.text)]
        return [found for low, high in zip(cut, cut[1:] + [len(told)]) if (found := told[low:high])]

    @cached_property
    def values(self) -> set[str]:
        """Every word and value of the article (:func:`dedup.slots.told_values`)."""
        return told_values(self.told)

    @cached_property
    def valued(self) -> list[bool]:
        """Whether each sentence holds a value: a number, a calendar word, two capitalised words in a row."""
        calendar = lexicon.calendar_words()
        return [any(t.number or (t.norm in calendar and t.text[:1].isupper()) for t in seq)
                or any(a.capitalised and b.capitalised for a, b in zip(seq, seq[1:]))
                for seq in self.sentences]

    @cached_property
    def content(self) -> list[frozenset[str]]:
        """The content words of each sentence: no numbers, function words or short words."""
        stop = lexicon.stopwords()
        return [frozenset(t.norm for t in seq if not t.number and len(t.norm) > 2 and t.norm not in stop)
                for seq in self.sentences]


def sentence_spans(text: str) -> list[Span]:
    """The sentences of ``text``, roughly: enough to set the sentences of two tellings side by side.

    >>> text = "Sales rose 5 pct. Profit fell.\\n    The bank said so."
    >>> [text[s.start : s.end] for s in sentence_spans(text)]
    ['Sales rose 5 pct.', 'Profit fell.', 'The bank said so.']
    """
    spans, start = [], 0
    for m in _SENTENCE_BREAK.finditer(text):
        if text[start : m.start()].strip():
            spans.append(Span(start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append(Span(start, len(text.rstrip())))
    return spans


def aligned(first: list[frozenset[str]], second: list[frozenset[str]],
            which: list[bool] | None = None) -> list[tuple[int, int]]:
    """Each sentence of ``first`` (those ``which`` marks, or all) with the sentence of ``second``
    that shares most of its content words, when they share at least ``MIN_SHARED`` of the
    shorter one's.

    >>> aligned([frozenset("abcd"), frozenset("xyz")], [frozenset("wxyz"), frozenset("abce")])
    [(0, 1), (1, 0)]
    """
    pairs = []
    for i, words in enumerate(first):
        if len(words) < MIN_CONTENT or (which is not None and not which[i]):
            continue
        best, best_share = -1, 0.0
        for j, other in enumerate(second):
            if len(other) >= MIN_CONTENT:
                share = len(words & other) / min(len(words), len(other))
                if share > best_share:
                    best, best_share = j, share
        if best_share >= MIN_SHARED:
            pairs.append((i, best))
    return pairs


def differing(a: ArticleFacts, b: ArticleFacts) -> bool:
    """Whether the two articles fill a slot with values the other has nowhere, or put first
    names before one surname that the other lacks (:func:`dedup.slots.other_values`)."""
    return _told_apart(other_values(a.told, b.told, a.values, b.values), a, b)


def differing_sentences(a: ArticleFacts, b: ArticleFacts) -> bool:
    """:func:`differing`, read sentence by sentence: a sentence of ``a`` and its counterpart in
    ``b`` fill a slot with values the other article has nowhere. Two copies that each left
    out another sentence do not differ so."""
    for i, j in aligned(a.content, b.content, a.valued):
        if b.valued[j] and _told_apart(other_values(a.sentences[i], b.sentences[j], a.values, b.values), a, b):
            return True
    return False


def differ(a: ArticleFacts, b: ArticleFacts, by_sentence: bool = False) -> bool:
    """Whether two articles tell other values (figures, dates, first names) of one kind of fact:
    anywhere in them, or ``by_sentence`` in two tellings of one sentence."""
    if a.marks <= b.marks or b.marks <= a.marks:
        return False
    return differing_sentences(a, b) if by_sentence else differing(a, b)


def _told_apart(changes, a: ArticleFacts, b: ArticleFacts) -> bool:
    """Whether any of the ``changes`` of :func:`dedup.slots.other_values` stands: a first name
    counts only when neither article has the other's name."""
    for kind, first, second in changes:
        if kind != "name" or (_mark(first[0]) not in b.marks and _mark(second[0]) not in a.marks):
            return True
    return False


def _mark(name: str) -> str:
    return " ".join(name.split()).lower()
