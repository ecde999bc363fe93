"""What the cross-article stages see of one article: its lines and paragraphs, tokens and stems.

The same functions run when signatures are computed and again when the article is
cleaned, so a boilerplate passage found in the first stage is found at the same place
in the last one without keeping any text in between.

Sketches use the words of the folded text (``\\w+`` after :func:`dedup.normalize.fold`),
hashed with :func:`dedup.similarity.stable_hash32`. A corpus repeats its vocabulary
endlessly, so each worker remembers the hash of every word it has met, and the process
that merges their results the content stem of every word of the corpus.
"""

from __future__ import annotations

import hashlib
import re
from itertools import chain, repeat
from typing import NamedTuple

import numpy as np

from ..normalize import composed, content_stem_table, fold, split_at_marks, unify_quotes
from ..similarity import stable_hash32

_WORD = re.compile(r"\w+")
_WORD_OR_MARK = re.compile(r"\w+|\0")
# Every character str.split() splits at but the space and the line break (tests check the list).
_ASCII_OTHER_SPACES = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f"
_OTHER_SPACES = _ASCII_OTHER_SPACES + (
    "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
MARK = "\0"  # stands between the words of two lines

LINE, BLOCK = 0, 1  # unit kinds: one line of a longer paragraph, or a whole paragraph


class Unit(NamedTuple):
    """A line or a whole paragraph of an article (a named tuple: millions are made)."""

    kind: int  # LINE or BLOCK
    start: int  # offsets into the text, surrounding white space excluded
    end: int
    line: int  # 1-based line number of ``start``
    key: int  # 64-bit hash of the folded text: equal passages have equal keys
    words: tuple[str, ...]  # the words of the folded text


def key64(folded: str) -> int:
    """A stable 64-bit key of a folded passage.

    >>> key64("advertisement") == key64("advertisement") != key64("advertisements")
    True
    """
    return int.from_bytes(hashlib.blake2b(folded.encode("utf-8"), digest_size=8).digest(), "little")


def blocks(text: str) -> list[list[tuple[int, int, int]]]:
    """Paragraphs as lists of ``(start, end, line)`` of their non-blank lines (stripped).

    >>> blocks("a\\nb\\n\\n  c  \\n")
    [[(0, 1, 1), (2, 3, 2)], [(7, 8, 4)]]
    """
    found: list[list[tuple[int, int, int]]] = []
    current: list[tuple[int, int, int]] = []
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        body = raw.rstrip()
        if body:
            current.append((offset + len(body) - len(body.lstrip()), offset + len(body), number))
        elif current:
            found.append(current)
            current = []
        offset += len(raw) + 1
    if current:
        found.append(current)
    return found


class Layout(NamedTuple):
    """The units of an article in order (each multi-line paragraph's lines, then the paragraph), column by column."""

    kind: list[int]
    start: list[int]
    end: list[int]
    line: list[int]
    first: list[int]  # index of the unit's first line among the non-blank lines
    lines: list[int]  # how many non-blank lines it spans

    @property
    def line_count(self) -> int:
        """How many non-blank lines the article has (the last unit is its last paragraph)."""
        return self.first[-1] + self.lines[-1] if self.first else 0


def layout(paragraphs: list[list[tuple[int, int, int]]]) -> Layout:
    """The units of :func:`blocks`' paragraphs.

    >>> found = layout(blocks("a\\nb\\n\\nc\\n"))
    >>> found.kind, found.start, found.first, found.lines
    ([0, 0, 1, 1], [0, 2, 0, 5], [0, 1, 0, 2], [1, 1, 2, 1])
    """
    rows: list[tuple[int, int, int, int, int, int]] = []
    at = 0
    for lines in paragraphs:
        if len(lines) > 1:
            rows.extend([(LINE, start, end, line, index, 1) for index, (start, end, line) in enumerate(lines, at)])
        rows.append((BLOCK, lines[0][0], lines[-1][1], lines[0][2], at, len(lines)))
        at += len(lines)
    return Layout(*map(list, zip(*rows))) if rows else Layout([], [], [], [], [], [])


def unit_keys(found: Layout, folded: list[str]) -> np.ndarray:
    """``uint64``: :func:`key64` of each unit's folded text (a paragraph's lines joined by a space)."""
    texts = [folded[first] if lines == 1 else " ".join(folded[first : first + lines])
             for first, lines in zip(found.first, found.lines)]
    blake2b = hashlib.blake2b
    digests = b"".join([blake2b(t.encode("utf-8"), digest_size=8).digest() for t in texts])
    return np.frombuffer(digests, dtype="<u8").astype(np.uint64)


def article_units(text: str) -> tuple[Layout, np.ndarray, list[str]]:
    """The units of ``text``, their keys, and the words of its non-blank lines, a :data:`MARK` between lines."""
    paragraphs = blocks(text)
    spans = [line for lines in paragraphs for line in lines]  # every non-blank line
    folded, marked = _fold_spans(text, spans)
    found = layout(paragraphs)
    return found, unit_keys(found, folded), marked


def units(text: str) -> list[Unit]:
    """Every paragraph of ``text`` as a BLOCK unit, and each line of a multi-line paragraph as a LINE unit."""
    found, keys, marked = article_units(text)
    words = split_at_marks(marked, marked.count(MARK) + 1, MARK)
    return [Unit(kind, start, end, line, key,
                 tuple(words[first]) if lines == 1 else tuple(chain.from_iterable(words[first : first + lines])))
            for kind, start, end, line, first, lines, key in zip(*found, keys.tolist())]


def _fold_spans(text: str, spans: list[tuple[int, int, int]]) -> tuple[list[str], list[str]]:
    """:func:`fold` of each ``text[start:end]``, and the words of them all with a :data:`MARK` between spans.

    Quotes and case are folded once for the whole text, and the words of every span are
    found in one search over the spans laid end to end, a NUL between them (a word of its
    own, as it stands between spaces). A text without runs of white space is folded by
    slicing alone. When folding changes the length of the text (``ß`` becomes ``ss``, ``e``
    and a combining accent become ``é``), offsets no longer match and each span is folded on its own.
    """
    whole = composed(unify_quotes(text)).casefold()
    if len(whole) != len(text) or MARK in whole:
        folded = [fold(text[start:end]) for start, end, _ in spans]
        marked: list[str] = []
        for index, piece in enumerate(folded):
            if index:
                marked.append(MARK)
            marked.extend(_WORD.findall(piece))
        return folded, marked
    pieces = [whole[start:end] for start, end, _ in spans]
    if _folds_space(whole):
        pieces = [" ".join(piece.split()) for piece in pieces]
    return pieces, words_of(" \0 ".join(pieces), marks=True)


def _folds_space(text: str) -> bool:
    """Whether folding changes the white space inside a line: a run of spaces, or another space character.

    A scan per character (``in``) is many times faster than a pattern that looks for them all.

    >>> _folds_space("a b\\nc"), _folds_space("a  b"), _folds_space("a\\tb"), _folds_space("a\\u00a0b")
    (False, True, True, True)
    """
    others = _ASCII_OTHER_SPACES if text.isascii() else _OTHER_SPACES
    return "  " in text or any(c in text for c in others)


def article_words(text: str) -> list[str]:
    """The words of the folded text, as the sketches see them.

    White space separates words whether folded or not: only quotes, composed characters and
    case are folded here.

    >>> text = "The \u201cBig\u201d\u00a0  Stra\u00dfe"
    >>> article_words(text) == words_of(fold(text)) == ["the", "big", "strasse"]
    True
    """
    return words_of(composed(unify_quotes(text)).casefold())


def words_of(text: str, marks: bool = False) -> list[str]:
    """``\\w+`` words of ``text``, and with ``marks`` each NUL as a word of its own.

    Folded articles are mostly ASCII; there, mapping every other character to a space and
    splitting finds the same words twice as fast as the pattern.

    >>> words_of("it's a \\"test\\"_case, 2.5") == ["it", "s", "a", "test", "_case", "2", "5"]
    True
    """
    if text.isascii():
        return text.translate(_ASCII_GAPS_KEEPING_NUL if marks else _ASCII_GAPS).split()
    return (_WORD_OR_MARK if marks else _WORD).findall(text)


_ASCII_GAPS = str.maketrans({c: " " for c in map(chr, range(128)) if not (c.isalnum() or c == "_")})
_ASCII_GAPS_KEEPING_NUL = {**_ASCII_GAPS, 0: "\0"}


class Vocabulary:
    """Per-process memo: each word met gets an id, and its hash."""

    MAX_WORDS = 1_000_000  # a runaway vocabulary (ids, garbage) must not grow without bound

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.words: list[str] = []  # by id
        self._hashes = np.zeros(1024, dtype=np.uint32)

    def encode(self, words: list[str]) -> np.ndarray:
        """The ids of ``words`` (``int32``: sorting them is twice as fast), learning the new ones."""
        ids = np.fromiter(map(self.ids.get, words, repeat(-1)), dtype=np.int32, count=len(words))
        missing = np.flatnonzero(ids < 0)  # most articles of a corpus use only words met before
        if len(missing):
            unknown = [words[i] for i in missing.tolist()]
            self._learn(sorted(set(unknown)))
            ids[missing] = list(map(self.ids.__getitem__, unknown))
        return ids

    def start_over_if_full(self) -> None:
        """Forget every word once there are more than ``MAX_WORDS``; ids met before then mean nothing."""
        if len(self.ids) > self.MAX_WORDS:
            self.ids.clear()
            self.words.clear()

    def _learn(self, words: list[str]) -> None:
        first = len(self.ids)
        needed = first + len(words)
        if needed > len(self._hashes):
            self._hashes = np.resize(self._hashes, max(needed, 2 * len(self._hashes)))
        self.ids.update(zip(words, range(first, needed)))
        self.words.extend(words)
        self._hashes[first:needed] = [stable_hash32(w) for w in words]

    def encode_marked(self, marked: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The ids of the words of :func:`article_units`, and which of them are marks (learnt as a word)."""
        ids = self.encode(marked)
        return ids, ids == self.ids.get(MARK, -1)

    def word_hashes(self, ids: np.ndarray) -> np.ndarray:
        """``uint32`` hash of each word, in order."""
        return self._hashes[ids]


class StemHashes(dict):
    """word -> hash of its content stem (``uint32``; 0 for a word without content), remembered.

    Stemming is the costliest step per word. Workers leave it to the process that merges
    their results, which stems each word of the corpus once instead of once per worker.
    """

    def __missing__(self, word: str) -> int:
        stem = content_stem_table()[word]
        value = self[word] = stable_hash32(stem) if stem else 0
        return value

    def of(self, words: list[str]) -> np.ndarray:
        """``uint32``: the stem hash of each word."""
        return np.fromiter(map(self.__getitem__, words), dtype=np.uint32, count=len(words))


def distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values: on the word ids of an article or a task, faster than ``np.unique``.

    >>> distinct(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    ordered = np.sort(values)
    return ordered[run_starts(ordered)]


def run_starts(ordered: np.ndarray) -> np.ndarray:
    """Which values of a sorted array differ from the one before (``bool``): where each run of equal ones begins.

    >>> run_starts(np.array([1, 1, 2, 5, 5])).tolist()
    [True, False, True, True, False]
    """
    return np.concatenate([np.ones(min(len(ordered), 1), bool), ordered[1:] != ordered[:-1]])


def marked_loose_key(marked: list[str]) -> int:
    """Key of the word sequence of :func:`article_units` (the marks left out), joined by spaces.

    Articles equal up to case, spacing and punctuation share it. Every mark but a first one
    follows a space once joined: dropping those pairs, then a leading mark and its space, is
    much faster than filtering the list.

    >>> marked_loose_key(["\\0", "a", "\\0", "\\0", "b", "\\0"]) == key64("a b")
    True
    """
    joined = " ".join(marked).replace(" " + MARK, "")
    return key64(joined[2:] if joined.startswith(MARK) else joined)
