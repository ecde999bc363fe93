"""Sentence splitting with nltk's Punkt, using parameters shipped with the package.

An untrained Punkt splits after ``U.S.`` and ``Mr.``; we give it the abbreviations,
titles, months and initials it needs instead of downloading a trained model.
"""

from __future__ import annotations

import functools
import re
import string
from typing import Iterator

from . import lexicon


@functools.cache
def _tokenizer():  # -> nltk PunktSentenceTokenizer; typed loosely to keep nltk out of import time
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    abbreviations = set(lexicon.abbreviations())  # full-word titles (president) may end a sentence
    # Initials ("J. K. Rowling"); not "a", which ends a cut-off sentence ("…with a.") far more often.
    abbreviations |= set(string.ascii_lowercase) - {"a"}
    params.abbrev_types = abbreviations
    return PunktSentenceTokenizer(params)


# A possible sentence end: a mark, closing quotes or brackets, then white space and more text.
_END = re.compile(r"([.?!])[\"'\u201d\u2019)\]*_]*(?=\s+\S)")
_OPENERS = "\"'\u201c\u2018(["


def sentence_spans(text: str) -> Iterator[tuple[int, int]] | list[tuple[int, int]]:
    """Spans of the sentences of ``text``.

    >>> body = "Mr. Smith went to the U.S. on Jan. 3. He stayed."
    >>> [body[a:b] for a, b in sentence_spans(body)]
    ['Mr. Smith went to the U.S. on Jan. 3.', 'He stayed.']
    """
    spans = plain_spans(text)
    return spans if spans is not None else _tokenizer().span_tokenize(text)


def plain_spans(text: str) -> list[tuple[int, int]] | None:
    """Sentence spans when every possible end in ``text`` is unambiguous, else ``None``.

    Unambiguous: the mark follows a plain word of two or more letters that is not a known
    abbreviation, and the next sentence starts with a capital or an opening quote. Most
    paragraphs are like that; the rest (abbreviations, initials, numbers, ellipses,
    lower-case continuations) go to Punkt. Splitting these is what Punkt would do too,
    and skipping it halves the cost of sentence splitting.

    >>> plain_spans("It rained. Then it stopped!")
    [(0, 10), (11, 27)]
    >>> plain_spans("Mr. Smith left.") is None
    True
    """
    abbreviations = lexicon.abbreviations()
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for m in _END.finditer(text):
        if m.group(1) == ".":
            word_start = text.rfind(" ", 0, m.start(1)) + 1
            word = text[word_start : m.start(1)].lstrip(_OPENERS).lower()
            if len(word) < 2 or not word.isalpha() or word in abbreviations:
                return None
        rest = m.end() + len(text[m.end() :]) - len(text[m.end() :].lstrip())
        if not (text[rest].isupper() or text[rest] in _OPENERS):
            return None
        spans.append((start, m.end()))
        start = rest
    end = len(text.rstrip())
    if start < end:
        spans.append((start, end))
    return spans
