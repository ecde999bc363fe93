"""Sentence splitting with nltk's Punkt, using parameters shipped with the package.

An untrained Punkt splits after ``U.S.`` and ``Mr.``; we give it the abbreviations,
titles, months and initials it needs instead of downloading a trained model.
"""

from __future__ import annotations

import functools
import string
from typing import Iterator

from . import lexicon


@functools.cache
def _tokenizer():  # -> nltk PunktSentenceTokenizer; typed loosely to keep nltk out of import time
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    abbreviations = set(lexicon.abbreviations())  # full-word titles (president) may end a sentence
    abbreviations |= set(string.ascii_lowercase)  # initials: "J. K. Rowling"
    params.abbrev_types = abbreviations
    return PunktSentenceTokenizer(params)


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the sentences of ``text``.

    >>> body = "Mr. Smith went to the U.S. on Jan. 3. He stayed."
    >>> [body[a:b] for a, b in sentence_spans(body)]
    ['Mr. Smith went to the U.S. on Jan. 3.', 'He stayed.']
    """
    return _tokenizer().span_tokenize(text)
