"""Sentence splitting with nltk's Punkt, using parameters shipped with the package.

An untrained Punkt splits after ``U.S.`` and ``Mr.``; we give it the abbreviations,
titles, months and initials it needs instead of downloading a trained model.

Running Punkt costs far more than the rest of segmentation, so two fast paths come
first: :func:`plain_spans` for paragraphs whose every possible end is an ordinary word
and a capital, and :func:`punkt_equal_spans`, which takes the decisions Punkt takes with
these parameters (numbers, abbreviations, initials) wherever it can be sure of them.
The order matters: ``plain_spans`` keeps Markdown emphasis on a sentence where Punkt
breaks it off, and its splits stand; ``punkt_equal_spans`` must split exactly as Punkt.
"""

from __future__ import annotations

import functools
import re
import string
from typing import Iterator

from . import lexicon


@functools.cache
def _abbreviations() -> frozenset[str]:
    """The abbreviations Punkt is given; the fast paths look words up in the same list."""
    # Initials ("J. K. Rowling"); not "a", which ends a cut-off sentence ("…with a.") far more often.
    # Full-word titles (president) stay out of the list: they may end a sentence.
    return lexicon.abbreviations() | (frozenset(string.ascii_lowercase) - {"a"})


@functools.cache
def _tokenizer():  # -> nltk PunktSentenceTokenizer; typed loosely to keep nltk out of import time
    from .nltk_import import load

    punkt = load("nltk.tokenize.punkt")
    params = punkt.PunktParameters()
    params.abbrev_types = set(_abbreviations())
    return punkt.PunktSentenceTokenizer(params)


# A possible sentence end: a mark, closing quotes or brackets, then white space and more
# text, whose first character is group 2.
_END = re.compile(r"([.?!])[\"'\u201d\u2019)\]*_]*(?=\s+(\S))")
_GLUED_END = re.compile(r"[.?!][\"'\u201d\u2019)\]]+\w")
_OPENERS = "\"'\u201c\u2018(["


def sentence_spans(text: str) -> Iterator[tuple[int, int]] | list[tuple[int, int]]:
    """Spans of the sentences of ``text``.

    >>> body = "Mr. Smith went to the U.S. on Jan. 3. He stayed."
    >>> [body[a:b] for a, b in sentence_spans(body)]
    ['Mr. Smith went to the U.S. on Jan. 3.', 'He stayed.']
    """
    spans = plain_spans(text)
    if spans is not None:
        return spans
    spans = punkt_equal_spans(text)
    return _rejoined(text, spans if spans is not None else list(_tokenizer().span_tokenize(text)))


def _rejoined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with a sentence that starts in lower case joined to the one before it when
    that one ends on ``a.m.``, ``p.m.`` or ``etc.``: abbreviations that end a sentence as often
    as not, left out of Punkt's list, and here followed by more of the same sentence.

    >>> body = "They talked until 2 p.m. on Dec. 24, he said. Then he left at 5 p.m. He slept."
    >>> [body[a:b] for a, b in sentence_spans(body)]
    ['They talked until 2 p.m. on Dec. 24, he said.', 'Then he left at 5 p.m.', 'He slept.']
    """
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and text[a : a + 1].islower() and _AMBIGUOUS_END.search(text, out[-1][0], out[-1][1]):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


# An abbreviation that may or may not end its sentence, at the end of a span.
_AMBIGUOUS_END = re.compile(r"(?<![^\s(])(?:[ap]\.m|etc)\.\Z", re.IGNORECASE)


def plain_spans(text: str) -> list[tuple[int, int]] | None:
    """Sentence spans when every possible end in ``text`` is unambiguous, else ``None``.

    Unambiguous: the mark follows a plain word of two or more letters that is not a known
    abbreviation, and the next sentence starts with a capital or an opening quote. Most
    paragraphs are like that; the rest (abbreviations, initials, numbers, ellipses,
    lower-case continuations) go to :func:`punkt_equal_spans` or Punkt. Splitting these is
    what Punkt would do too, and skipping it halves the cost of sentence splitting.

    >>> plain_spans("It rained. Then it stopped!")
    [(0, 10), (11, 27)]
    >>> plain_spans("Mr. Smith left.") is None
    True
    """
    if _GLUED_END.search(text):
        return None  # 'landing."It': Punkt may end a sentence at a quote with no space after it
    abbreviations = lexicon.abbreviations()
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for m in _END.finditer(text):
        mark, first = m.groups()
        if mark == ".":
            dot = m.start()
            word = text[text.rfind(" ", 0, dot) + 1 : dot].lstrip(_OPENERS).lower()
            if len(word) < 2 or not word.isalpha() or word in abbreviations:
                return None
        if not (first.isupper() or first in _OPENERS):
            return None
        spans.append((start, m.end()))
        start = m.start(2)
    end = len(text.rstrip())
    if start < end:
        spans.append((start, end))
    return spans


# Where Punkt may not do what reading ends off ``_END`` does: white space other than
# ``string.whitespace`` (Punkt looks for the word before a mark by that, and its regex engine
# disagrees with ``re`` on \x1c-\x1f), line breaks, and a mark followed by punctuation other
# than closing quotes and brackets (``.)So``, ``?!``, ``.**``, ``._``).
_UNSURE = re.compile(
    r"[^\S \t\f\v]"
    r"|[.?!](?=[)\";}\]*:@'({\[\u2018\u2019\u201c\u201d\xab\xbb?!_])(?![\"'\u201d\u2019)\]]*(?:\s|\Z))"
)
# Punkt moves these onto the previous sentence when they stand alone at a sentence start.
_REALIGNED = "\"')]}\u2018\u2019\u201c\u201d\xab\xbb"
_NUMBER = re.compile(r"(?:[0-9]+:)*[0-9]+(?:[.,][0-9]+)*")  # Punkt types the part after any colon ##number##
_FIGURE = re.compile(r"[$\u00a3\u20ac]?[0-9][0-9A-Za-z%]*(?:[.,\u2013][0-9A-Za-z%]+)*")  # 5%, $12m, 1990s, 22–7
_CONTRACTION = re.compile(r"[^\W\d_]+['\u2019][^\W\d_]+")  # Punkt's last token is then 't or 's
_LETTERS = re.compile(r"[^\W\d_]+(?:[.-][^\W\d_]+)*")  # words and abbreviations: U.S, Ph.D, ex-Gov
_NEXT_WORD = re.compile(r"\S+")
_MARK = re.compile(r"[.?!]")


def punkt_equal_spans(text: str) -> list[tuple[int, int]] | None:
    """The spans Punkt finds in ``text``, or ``None`` where Punkt itself must decide.

    With our parameters Punkt does not split after an abbreviation, nor after a number or
    a lone letter that the next word is sure to continue (see ``_splits_after_number_or_initial``),
    and splits after any other word; what it may treat in other ways (``_UNSURE``) is left to it.

    >>> body = "Mr. Smith went to the U.S. on Jan. 3. He stayed in 1992. and left."
    >>> [body[a:b] for a, b in punkt_equal_spans(body)]
    ['Mr. Smith went to the U.S. on Jan. 3.', 'He stayed in 1992. and left.']
    """
    if text[:1].isspace() or _UNSURE.search(text):  # Punkt's first sentence keeps leading space
        return None
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        splits = _punkt_splits(text, m)
        if splits is None:
            return None
        if splits:
            rest = m.start(2)
            if text[rest] in _REALIGNED and not text[rest + 1 : rest + 2].isalnum():
                return None  # Punkt may move this quote or bracket onto the sentence before
            spans.append((start, m.end()))
            start = rest
    end = len(text.rstrip())
    if start < end:
        spans.append((start, end))
    return spans


def _punkt_splits(text: str, end: re.Match[str]) -> bool | None:
    """Whether Punkt splits at the possible end ``end``, or ``None`` when unsure."""
    if end.group(1) != ".":
        return True  # "?" and "!" always end a sentence
    # Punkt's last token before the period; it splits these openers off as tokens of their own.
    word = text[text.rfind(" ", 0, end.start(1)) + 1 : end.start(1)].lstrip("\"([")
    if _NUMBER.fullmatch(word):
        return _splits_after_number_or_initial(text, end, initial=False)
    if _FIGURE.fullmatch(word) or _CONTRACTION.fullmatch(word):
        return True
    if not _LETTERS.fullmatch(word):
        return None
    key = word.lower()
    if key in _abbreviations() or key.rsplit("-", 1)[-1] in _abbreviations():
        return False if end.end() > end.end(1) else _joins(text, end)
    if len(word) > 1:
        return True
    # "a." (not listed, see _abbreviations); nltk's regex engine and ``re`` disagree on what
    # counts as a letter outside ASCII.
    return _splits_after_number_or_initial(text, end, initial=True) if word.isascii() else None


def _splits_after_number_or_initial(text: str, end: re.Match[str], initial: bool) -> bool | None:
    """Punkt joins a number or an initial ("a.") to a next word that it is sure does not
    start a sentence: one in lower case, and for an initial one in upper case too."""
    if end.end() > end.end(1):
        return True  # a closing quote or bracket follows the period
    first = end.group(2)
    if first.islower() or (initial and first.isupper()):
        return _joins(text, end)
    return None if first in ";:,.!?" else True


def _joins(text: str, end: re.Match[str]) -> bool | None:
    """``False`` (no split) unless the next word holds a mark Punkt would also weigh here."""
    word = _NEXT_WORD.match(text, end.start(2)).group()
    return None if _MARK.search(word, 0, len(word) - 1) else False
