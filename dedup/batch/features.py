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
from typing import NamedTuple

import numpy as np

from ..normalize import fold, stemmer, unify_quotes
from ..similarity import stable_hash32

_LINE = re.compile(r"[^\n]*\n?")
_WORD = re.compile(r"\w+")

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
    fold_span, words_of = _spans_folder(text)
    out: list[Unit] = []
    for lines in blocks(text):
        if len(lines) > 1:
            folded_lines = []
            block_words: list[str] = []
            for start, end, line in lines:
                folded = fold_span(start, end)
                words = tuple(words_of(folded, start, end))
                out.append(Unit(LINE, start, end, line, key64(folded), words))
                folded_lines.append(folded)
                block_words.extend(words)
            out.append(Unit(BLOCK, lines[0][0], lines[-1][1], lines[0][2], key64(" ".join(folded_lines)),
                            tuple(block_words)))
        else:
            start, end, line = lines[0]
            folded = fold_span(start, end)
            out.append(Unit(BLOCK, start, end, line, key64(folded), tuple(words_of(folded, start, end))))
    return out


def _spans_folder(text: str):
    """``(fold_span, words_of)``: :func:`fold` of ``text[start:end]`` and the words of that span.

    Quotes and case are folded once for the whole text; a span then only needs its white
    space collapsed, and its words are found in place. When case folding changes the
    length of the text (``ß`` becomes ``ss``), offsets no longer match and each span is
    folded on its own.
    """
    whole = unify_quotes(text).casefold()
    if len(whole) != len(text):
        return (lambda start, end: fold(text[start:end])), (lambda folded, start, end: _WORD.findall(folded))
    findall = _WORD.findall
    return (lambda start, end: " ".join(whole[start:end].split())), (lambda folded, start, end: findall(whole, start, end))


def article_words(text: str) -> list[str]:
    """The words of the folded text, as the sketches see them."""
    return _WORD.findall(fold(text))


class Vocabulary:
    """Per-process memo: each word met gets an id, with its hash and its content-stem hash (0 if none)."""

    MAX_WORDS = 1_000_000  # a runaway vocabulary (ids, garbage) must not grow without bound

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self._hashes = np.zeros(1024, dtype=np.uint32)
        self._stems = np.zeros(1024, dtype=np.uint32)

    def encode(self, words: list[str]) -> np.ndarray:
        """The ids of ``words`` (``int64``), learning the new ones."""
        try:  # most articles of a corpus use only words met before: one pass
            return np.fromiter(map(self.ids.__getitem__, words), dtype=np.int64, count=len(words))
        except KeyError:
            pass
        new = set(words).difference(self.ids)
        if new:
            if len(self.ids) + len(new) > self.MAX_WORDS:
                self.ids.clear()
                new = set(words)
            self._learn(sorted(new))
        return np.fromiter(map(self.ids.__getitem__, words), dtype=np.int64, count=len(words))

    def _learn(self, words: list[str]) -> None:
        from .. import lexicon

        stop = lexicon.stopwords()
        stem = stemmer()
        first = len(self.ids)
        needed = first + len(words)
        if needed > len(self._hashes):
            size = max(needed, 2 * len(self._hashes))
            self._hashes = np.resize(self._hashes, size)
            self._stems = np.resize(self._stems, size)
        for i, w in enumerate(words, start=first):
            self.ids[w] = i
            self._hashes[i] = stable_hash32(w)
            content = w not in stop and (len(w) > 1 or w.isdigit())
            self._stems[i] = stable_hash32(stem(w)) if content else 0

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
