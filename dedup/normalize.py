"""Text normalisation and tokenising: the representations passages are compared on."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Callable

from . import lexicon

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    }
)

_QUOTE_PAIRS = tuple((chr(code), mapped) for code, mapped in _QUOTES.items())

# Chinese and Japanese are written without spaces between words: each of their characters is
# a token, so passages are compared on character n-grams (kana, CJK ideographs).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK}]")
# Words keep inner apostrophes and hyphens; numbers keep their decimal and thousands marks.
TOKEN_RE = re.compile(rf"[{_CJK}]|\d+(?:[.,]\d+)*%?|[^\W\d_{_CJK}]+(?:['\u2019-][^\W\d_{_CJK}]+)*")
# The same tokens in ASCII text, where a letter is [A-Za-z] and a digit [0-9]: plain ranges
# are matched about twice as fast as the Unicode classes above.
_ASCII_TOKEN_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?|[A-Za-z]+(?:['-][A-Za-z]+)*")


def word_count(text: str) -> int:
    """Words separated by white space, each Chinese or Japanese character counting as one.

    >>> word_count("The pier reopened."), word_count("\u5e02\u8bae\u4f1a\u6295\u7968 today")
    (3, 6)
    """
    words = text.split()
    if text.isascii():
        return len(words)
    cjk = len(_CJK_RE.findall(text))
    return sum(not _CJK_RE.search(w) for w in words) + cjk if cjk else len(words)


def unify_quotes(text: str) -> str:
    """Straight quotes and hyphens for their typographic forms; the length never changes.

    >>> unify_quotes("\u201cBig\u201d \u2014 day")
    '"Big" - day'
    """
    if text.isascii():
        return text
    # str.translate looks every character up in a dict; a few replace calls, each a scan
    # in C, are a hundred times faster on an article that has only curly quotes to map.
    for old, new in _QUOTE_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


def composed(text: str) -> str:
    """``text`` in Unicode's composed form (NFC), so that ``e`` plus a combining accent is ``é``:
    two copies of a passage stored in different forms compare equal.

    >>> composed("cafe\u0301") == "caf\u00e9"
    True
    """
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Normalise case, whitespace, quotes, dashes and composed characters, for exact comparison.

    >>> fold("  The \u201cBig\u201d   Day \u2014 Again ")
    'the "big" day - again'
    """
    return " ".join(composed(unify_quotes(text)).split()).casefold()


def fold_loose(text: str) -> str:
    """:func:`fold`, then drop everything but letters, digits and single spaces.

    >>> fold_loose("Hello,  World!  It's 3.5%.")
    'hello world it s 3 5'
    """
    return " ".join(re.findall(r"[^\W_]+", fold(text)))


def tokens(text: str) -> list[str]:
    """Lower-cased word and number tokens.

    >>> tokens("Acme's revenue rose 3.5% to $1,200.")
    ["acme's", 'revenue', 'rose', '3.5%', 'to', '1,200']
    """
    return find_tokens(normalize_for_tokens(text))


def find_tokens(text: str, marks: str = "") -> list[str]:
    """``TOKEN_RE.findall(text)``, faster on ASCII text, and each character of ``marks`` where it
    occurs, in order. :func:`tokens` passes text through :func:`normalize_for_tokens` first.

    >>> find_tokens("it's 3.5% - up\\0 again", marks="\\0")
    ["it's", '3.5%', 'up', '\\x00', 'again']
    """
    ascii_text = text.isascii()
    if not marks:
        return (_ASCII_TOKEN_RE if ascii_text else TOKEN_RE).findall(text)
    return _marked_pattern(marks, ascii_text).findall(text)


@functools.cache
def _marked_pattern(marks: str, ascii_text: bool) -> re.Pattern[str]:
    pattern = (_ASCII_TOKEN_RE if ascii_text else TOKEN_RE).pattern
    return re.compile(pattern + "|[" + re.escape(marks) + "]")


def split_at_marks(found: list[str], parts: int, mark: str = "\0") -> list[list[str]]:
    """``found`` cut into ``parts`` lists at each ``mark`` (dropped): the words of pieces of
    text that were searched in one pass, laid end to end with a mark between them.

    >>> split_at_marks(["a", "b", "\\0", "\\0", "c"], 3)
    [['a', 'b'], [], ['c']]
    """
    out: list[list[str]] = []
    start = 0
    for _ in range(parts - 1):
        stop = found.index(mark, start)
        out.append(found[start:stop])
        start = stop + 1
    out.append(found[start:])
    return out


def normalize_for_tokens(text: str) -> str:
    """The text :func:`tokens` finds words in: quotes and dashes unified, characters composed,
    lower-cased. (Composing may shorten a text; callers that need offsets check the length.)"""
    return composed(unify_quotes(text)).lower()


class Stemmer:
    """Snowball (Porter2) stemming with a per-instance memo; needs no data files."""

    __slots__ = ("memo", "_stem")

    def __init__(self) -> None:
        from .nltk_import import load

        self._stem: Callable[[str], str] = load("nltk.stem.snowball").EnglishStemmer().stem
        self.memo: dict[str, str] = {}  # read directly by hot loops

    def __call__(self, word: str) -> str:
        stem = self.memo.get(word)
        if stem is None:
            stem = self.memo[word] = self._stem(word.replace("'", "")) if word[0].isalpha() else word
        return stem


_STEMMER: Stemmer | None = None


def stemmer() -> Stemmer:
    global _STEMMER  # a process-wide memo; stemming is pure, so sharing it is safe
    if _STEMMER is None:
        _STEMMER = Stemmer()
    return _STEMMER


def content_stems(text: str) -> list[str]:
    """Stems of the content words and numbers of ``text``, in order.

    >>> content_stems("The talks were stretching into a second day.")
    ['talk', 'stretch', 'second', 'day']
    """
    return stems_of(tokens(text))


def stems_of(words: list[str]) -> list[str]:
    """:func:`content_stems` for words already tokenised."""
    return list(filter(None, map(content_stem_table().__getitem__, words)))


def token_stem(token: str) -> str:
    """The first of :func:`content_stems` of one :data:`TOKEN_RE` token as written, or "".

    >>> token_stem("Talks"), token_stem("the"), token_stem("3.5%")
    ('talk', '', '3.5%')
    """
    if token.isascii():  # lower-cased, an ASCII token is still the one token it was
        return content_stem_table()[token.lower()]
    return next(iter(content_stems(token)), "")


class _ContentStems(dict):
    """word -> its stem, or "" for a word that carries no content (a stop word, a lone letter).

    Filled on demand, so that :func:`stems_of` runs as one ``map`` in C for words already met.
    """

    __slots__ = ("_stop", "_stem")

    def __init__(self) -> None:
        super().__init__()
        self._stop = lexicon.stopwords()
        self._stem = stemmer()

    def __missing__(self, word: str) -> str:
        content = word not in self._stop and (len(word) > 1 or word.isdigit())
        stem = self[word] = self._stem(word) if content else ""
        return stem


_CONTENT_STEMS: _ContentStems | None = None


def content_stem_table() -> _ContentStems:
    """word -> stem, or "" for a word without content: look words up with ``table[word]``."""
    global _CONTENT_STEMS  # process-wide, like the stemmer's memo
    if _CONTENT_STEMS is None:
        _CONTENT_STEMS = _ContentStems()
    return _CONTENT_STEMS
