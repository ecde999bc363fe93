"""What the cross-article stages see of one article: its lines and paragraphs, tokens and stems.

The same functions run when signatures are computed and again when the article is
cleaned, so a boilerplate passage found in the first stage is found at the same place
in the last one without keeping any text in between.

Sketches use the words of the folded text (``\\w+`` after :func:`dedup.normalize.fold`),
hashed with :func:`dedup.similarity.stable_hash32`. A corpus repeats its vocabulary
endlessly, so each process remembers the hash and stem of every word it has met.
"""

from __future__ import annotations

import hashlib
import re
from itertools import repeat
from typing import NamedTuple

import numpy as np

from ..normalize import content_stem_table, fold, split_at_marks, unify_quotes
from ..similarity import stable_hash32

_LINE = re.compile(r"[^\n]*\n?")
_WORD = re.compile(r"\w+")
_WORD_OR_MARK = re.compile(r"\w+|\0")

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
    for number, m in enumerate(_LINE.finditer(text), start=1):
        raw = m.group()
        if not raw:
            break
        body = raw.rstrip()
        stripped = body.lstrip()
        if not stripped:
            if current:
                found.append(current)
                current = []
            continue
        start = m.start() + len(body) - len(stripped)
        current.append((start, m.start() + len(body), number))
    if current:
        found.append(current)
    return found


def units(text: str) -> list[Unit]:
    """Every paragraph of ``text`` as a BLOCK unit, and each line of a multi-line paragraph as a LINE unit."""
    paragraphs = blocks(text)
    spans = [line for lines in paragraphs for line in lines]  # every non-blank line
    folded, words = _fold_spans(text, spans)
    out: list[Unit] = []
    at = 0
    for lines in paragraphs:
        if len(lines) > 1:
            block_words: list[str] = []
            for (start, end, line), line_folded, line_words in zip(lines, folded[at:], words[at:]):
                out.append(Unit(LINE, start, end, line, key64(line_folded), tuple(line_words)))
                block_words.extend(line_words)
            out.append(Unit(BLOCK, lines[0][0], lines[-1][1], lines[0][2],
                            key64(" ".join(folded[at : at + len(lines)])), tuple(block_words)))
        else:
            start, end, line = lines[0]
            out.append(Unit(BLOCK, start, end, line, key64(folded[at]), tuple(words[at])))
        at += len(lines)
    return out


def _fold_spans(text: str, spans: list[tuple[int, int, int]]) -> tuple[list[str], list[list[str]]]:
    """:func:`fold` of each ``text[start:end]``, and the words of each.

    Quotes and case are folded once for the whole text, and the words of every span are
    found in one search over the spans laid end to end, a NUL between them (a word of its
    own, as it stands between spaces). When case folding changes the length of the text
    (``ß`` becomes ``ss``), offsets no longer match and each span is folded on its own.
    """
    whole = unify_quotes(text).casefold()
    if len(whole) != len(text) or "\0" in whole:
        folded = [fold(text[start:end]) for start, end, _ in spans]
        return folded, [_WORD.findall(f) for f in folded]
    pieces = [whole[start:end] for start, end, _ in spans]
    words = split_at_marks(words_of(" \0 ".join(pieces), marks=True), len(spans))
    return [" ".join(piece.split()) for piece in pieces], words


def article_words(text: str) -> list[str]:
    """The words of the folded text, as the sketches see them."""
    return words_of(fold(text))


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
    """Per-process memo: each word met gets an id, with its hash and its content-stem hash (0 if none)."""

    MAX_WORDS = 1_000_000  # a runaway vocabulary (ids, garbage) must not grow without bound

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self._hashes = np.zeros(1024, dtype=np.uint32)
        self._stems = np.zeros(1024, dtype=np.uint32)

    def encode(self, words: list[str]) -> np.ndarray:
        """The ids of ``words`` (``int64``), learning the new ones."""
        ids = np.fromiter(map(self.ids.get, words, repeat(-1)), dtype=np.int64, count=len(words))
        missing = np.flatnonzero(ids < 0)  # most articles of a corpus use only words met before
        if len(missing):
            unknown = [words[i] for i in missing.tolist()]
            new = sorted(set(unknown))
            if len(self.ids) + len(new) > self.MAX_WORDS:
                self.ids.clear()
                self._learn(sorted(set(words)))
                return np.fromiter(map(self.ids.__getitem__, words), dtype=np.int64, count=len(words))
            self._learn(new)
            ids[missing] = list(map(self.ids.__getitem__, unknown))
        return ids

    def _learn(self, words: list[str]) -> None:
        first = len(self.ids)
        needed = first + len(words)
        if needed > len(self._hashes):
            size = max(needed, 2 * len(self._hashes))
            self._hashes = np.resize(self._hashes, size)
            self._stems = np.resize(self._stems, size)
        self.ids.update(zip(words, range(first, needed)))
        self._hashes[first:needed] = [stable_hash32(w) for w in words]
        stems = map(content_stem_table().__getitem__, words)  # "" for a word without content
        self._stems[first:needed] = [stable_hash32(stem) if stem else 0 for stem in stems]

    def word_hashes(self, ids: np.ndarray) -> np.ndarray:
        """``uint32`` hash of each word, in order."""
        return self._hashes[ids]

    def stem_hashes(self, ids: np.ndarray) -> np.ndarray:
        """Sorted unique hashes of the content stems among the words."""
        stems = np.unique(self._stems[ids])
        return stems[1:] if len(stems) and stems[0] == 0 else stems


def loose_key(words) -> int:
    """Key of the whole word sequence: articles equal up to case, spacing and punctuation share it."""
    return key64(" ".join(words))
