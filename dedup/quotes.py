"""Quotation marks: which straight quote opens a quotation and which closes one.

A straight quote (``"``) does not say which it is; the words it touches do. News style adds one
convention: a quotation that runs over several paragraphs leaves each but the last open and
opens the next with a quote mark, so a quote mark that opens a sentence inside an open
quotation reopens it (``…for him. "There are…``), which text that lost its paragraph breaks
shows in the middle of a paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from .normalize import content_stems

_DETACHED_BEFORE = "([{\u2013\u2014-/"  # a quote after these is not attached to the word before


def open_straight_quotes(text: str, end: int | None = None) -> list[int]:
    """Offsets of the straight quotes still open at ``end`` (default: the end of ``text``),
    outermost first. A mark attached to the word after it opens (or reopens, after a sentence
    end), one attached to the word before it closes, or is an inch mark (``12" wide``) when
    nothing is open; one attached on both sides or neither closes what is open, else opens.

    >>> open_straight_quotes('He said "we will win. Nobody doubted it.')
    [8]
    >>> open_straight_quotes('"We will win. "Nobody doubted it," he said.')
    []
    >>> open_straight_quotes('The pipe is 12" wide and "new".')
    []
    >>> open_straight_quotes('He called it "a disgrace and "a waste" of money.')
    [13]
    """
    end = len(text) if end is None else end
    opened: list[int] = []
    at = text.find('"', 0, end)
    while at != -1:
        before, after = text[at - 1 : at], text[at + 1 : at + 2]
        left = before.strip() != "" and before not in _DETACHED_BEFORE
        right = after.strip() != ""
        if right and not left:
            if opened and reopens(text, at):
                opened[-1] = at
            else:
                opened.append(at)
        elif opened:
            opened.pop()
        elif right == left:
            opened.append(at)
        at = text.find('"', at + 1, end)
    return opened


def reopens(text: str, at: int) -> bool:
    """Whether the quote mark at ``at`` opens a sentence, continuing a quotation left open."""
    return text[:at].rstrip()[-1:] in ".!?\u2026"


# A quotation opened with a curly mark runs to its closing mark or to the text's end.
_CURLY_QUOTED = re.compile("\u201c([^\u201c\u201d]+)(?:\u201d|\\Z)")


def quoted(text: str) -> list[str]:
    """The quoted words of ``text``: between curly marks (or from an opening one to the end),
    and between straight marks taken in pairs when there is an even number of them (an odd one
    closes or opens a quotation running over sentences, and the pairs cannot be told).

    >>> quoted('He said "no" and \u201cnever again.')
    ['never again.', 'no']
    >>> quoted('was "annihilated" if held, she said "soon.')
    []
    """
    quotes = [m.group(1) for m in _CURLY_QUOTED.finditer(text)]
    marks = [i for i, c in enumerate(text) if c == '"']
    if len(marks) % 2 == 0:
        quotes += [text[a + 1 : b] for a, b in zip(marks[::2], marks[1::2])]
    return [q.strip() for q in quotes if q.strip()]


def sayings(stem_sets: Iterable[Iterable[str]]) -> dict[str, list[int]]:
    """Each content stem of some sentences and the sentences (by position) that hold it: what
    :func:`new_quotations` weighs a quotation against."""
    found: dict[str, list[int]] = {}
    for i, stems in enumerate(stem_sets):
        for stem in stems:
            found.setdefault(stem, []).append(i)
    return found


# A quotation is said already when one kept sentence holds this share of its content words.
_QUOTE_KNOWN = 0.5


def new_quotations(text: str, kept_sayings: dict[str, list[int]], kept_text: str = "") -> list[str]:
    """The quotations of ``text`` that no kept sentence says, even in part: what someone
    said is a fact, as a name or a figure is (``…will probably not "be supported and we will
    get cuts."``). A quotation is said already when one kept sentence holds at least half of
    its content words, quoted or not (a rewrite quotes what the story reported). Titles in
    quote marks (``"Wild At Heart"``) and quotes of fewer than four words are left to the
    names. A quotation of function words only (``"We will be back"``) is said already when
    ``kept_text``, in lower case with single spaces, holds it word for word.

    >>> said = {"congress": [0], "cut": [0], "spend": [0], "get": [1], "assist": [1]}
    >>> new_quotations('It will not "be supported and we will get cuts."', said)
    ['be supported and we will get cuts.']
    >>> new_quotations('It will not "be supported and we will get cuts."', {**said, "support": [2], "cut": [0, 2]})
    []
    >>> new_quotations('"We will be back," they said.', {}, "they said: we will be back soon.")
    []
    """
    found = []
    for quote in quoted(text):
        words = quote.split()
        if len(words) < 4 or sum(w[:1].islower() for w in words) * 2 < len(words):
            continue
        stems = set(content_stems(quote))
        if not stems:
            if " ".join(quote.lower().split()).strip(",.;:!?") not in kept_text:
                found.append(quote)
            continue
        held = Counter(i for stem in stems for i in kept_sayings.get(stem, ()))
        if not any(n >= _QUOTE_KNOWN * len(stems) for n in held.values()):
            found.append(quote)
    return found
