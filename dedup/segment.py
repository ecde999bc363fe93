"""Split a text into blocks (headings, paragraphs, list items, labels) and sentences.

Every segment carries its span in the original text, so nothing downstream has to
search for where a piece came from. Two kinds of broken boundary are repaired on the
way and recorded as :class:`Repair` objects: a heading glued onto the end of a
paragraph (``…stability.## Istanbul Impasse``) and a missing space after a sentence
end (``said.The``).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from . import lexicon
from .models import Span
from .punkt import sentence_spans


class Kind(str, enum.Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list-item"
    LABEL = "label"
    BYLINE = "byline"


@dataclass(frozen=True, slots=True)
class Sentence:
    span: Span
    text: str
    index: int  # position among all sentences of the document
    block: int  # index of the block that holds it


@dataclass(frozen=True, slots=True)
class Block:
    kind: Kind
    span: Span  # the whole block, markers included
    body: Span  # the text after any marker (``## ``, ``- ``, ``Summary:``)
    text: str  # the body, line breaks turned into spaces (same length as the body span)
    index: int
    sentences: tuple[Sentence, ...] = ()
    label: str = ""  # for LABEL blocks and labelled paragraphs: the label word
    glued: bool = False  # this block started in the middle of a line

    @property
    def is_prose(self) -> bool:
        return self.kind in (Kind.PARAGRAPH, Kind.LIST_ITEM) or (self.kind is Kind.LABEL and bool(self.text))


@dataclass(frozen=True, slots=True)
class Repair:
    """A broken boundary: ``span`` (often empty) is replaced by ``insert`` to mend it."""

    kind: str  # "glued-heading" or "missing-space"
    span: Span
    insert: str


@dataclass(slots=True)
class Document:
    text: str
    blocks: tuple[Block, ...]
    repairs: tuple[Repair, ...]
    cache: dict[str, Any] = field(default_factory=dict)  # per-document results shared by rules

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        cached = self.cache.get("sentences")
        if cached is None:
            cached = self.cache["sentences"] = tuple(s for b in self.blocks for s in b.sentences)
        return cached


LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")  # a line with its ending, whichever it is
_MD_HEADING = re.compile(r"#{1,6}[ \t]+(?=\S)")
_LIST_MARK = re.compile(r"(?:[-*\u2022+]|\d{1,3}[.)])[ \t]+(?=\S)")
_LABEL_ALONE = re.compile(r"[A-Z][A-Za-z'\u2019&/ -]{0,40}:\Z")
_LABEL_INLINE = re.compile(
    r"(?:Summary|TL;DR|TLDR|In brief|Key points|Key takeaways|Editor['\u2019]s note|Update|Updated"
    r"|Correction|Note|Background|Bottom line|Conclusion|Takeaway|Why it matters)[ \t]*:[ \t]+(?=\S)",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"(?:By|BY|Written by|Reporting by)[ \t]+[A-Z\u00c0-\u024f]")
# A heading glued after a sentence end: ``stability.## Heading``.
_GLUED_HEADING = re.compile(r"(?<=[.!?\u2026\"\u201d\u2019)\]])[ \t]*(?=#{1,6}[ \t]+\S)")
_TERMINAL = re.compile(r"[.!?\u2026:;,][\"'\u201d\u2019)\]*_]*\Z")
SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]*_]*\Z")
# ``said.The``: a word of two or more lower-case letters (or a number), a sentence end, and a capitalised word.
_MISSING_SPACE = re.compile(r"(?<![\w.@/])([a-z]{2,}|\d+%?)([.!?][\"\u201d\u2019]?)(?=[A-Z][a-z]+\b)")

MAX_HEADING_WORDS = 16
MAX_HEADING_CHARS = 140


@dataclass(slots=True)
class _Line:
    start: int  # first non-blank character
    end: int  # after the last non-blank character
    text: str
    glued: bool = False


def segment(text: str) -> Document:
    """Segment ``text``; offsets are code points into ``text`` itself."""
    lines, repairs = _lines(text)
    blocks: list[Block] = []
    sentence_count = 0
    for group in _paragraph_groups(lines):
        block = _classify(text, group, len(blocks))
        if block.is_prose:
            sentences, spaces = _sentences(text, block, sentence_count)
            sentence_count += len(sentences)
            repairs.extend(spaces)
            block = Block(block.kind, block.span, block.body, block.text, block.index, sentences, block.label, block.glued)
        blocks.append(block)
    repairs.sort(key=lambda r: r.span)
    return Document(text=text, blocks=tuple(blocks), repairs=tuple(repairs))


def _lines(text: str) -> tuple[list[_Line | None], list[Repair]]:
    """Non-blank lines with their stripped spans; ``None`` marks a blank line."""
    out: list[_Line | None] = []
    repairs: list[Repair] = []
    for m in LINE.finditer(text):
        raw = m.group()
        if not raw:
            break
        content = raw.rstrip("\r\n")
        stripped = content.strip()
        if not stripped:
            out.append(None)
            continue
        start = m.start() + (len(content) - len(content.lstrip()))
        end = start + len(stripped)
        pieces = [start]
        for g in _GLUED_HEADING.finditer(text, start, end):
            if g.start() > start:
                pieces.append(g.end())
                repairs.append(Repair("glued-heading", Span(g.start(), g.end()), "\n\n"))
        pieces.append(end)
        for i, (a, b) in enumerate(zip(pieces, pieces[1:])):
            piece = text[a:b].rstrip()
            out.append(_Line(a, a + len(piece), piece, glued=i > 0))
    return out, repairs


def _paragraph_groups(lines: list[_Line | None]) -> Iterator[list[_Line]]:
    """Group runs of lines into blocks, joining hard-wrapped lines."""
    run: list[_Line] = []
    for line in lines + [None]:
        if line is None or line.glued:
            if run:
                yield from _split_run(run)
            run = [line] if line is not None else []
        else:
            run.append(line)


def _split_run(run: list[_Line]) -> Iterator[list[_Line]]:
    width = max(len(ln.text) for ln in run)
    group: list[_Line] = [run[0]]
    for prev, line in zip(run, run[1:]):
        if _continues(prev, line, width):
            group.append(line)
        else:
            yield group
            group = [line]
    yield group


def _continues(prev: _Line, line: _Line, width: int) -> bool:
    """Whether ``line`` is the hard-wrapped continuation of ``prev``."""
    if _MD_HEADING.match(line.text) or _LIST_MARK.match(line.text) or _MD_HEADING.match(prev.text):
        return False
    if prev.text.endswith(":"):
        return False
    # A wrapped line fills most of the wrap width; a heading is much shorter than its paragraph.
    wrapped = 50 <= width <= 100 and len(prev.text) >= 0.7 * width and len(prev.text.split()) > MAX_HEADING_WORDS // 2
    if SENTENCE_END.search(prev.text):
        return wrapped and not line.glued
    return wrapped or line.text[0].islower()


def _classify(text: str, group: list[_Line], index: int) -> Block:
    start, end = group[0].start, group[-1].end
    span = Span(start, end)
    glued = group[0].glued
    first = group[0].text
    one_line = len(group) == 1

    def block(kind: Kind, body_start: int, label: str = "") -> Block:
        body = text[body_start:end].replace("\r", " ").replace("\n", " ")
        return Block(kind, span, Span(body_start, end), body, index, label=label, glued=glued)

    if one_line and (m := _MD_HEADING.match(first)):
        return block(Kind.HEADING, start + m.end())
    if m := _LIST_MARK.match(first):
        return block(Kind.LIST_ITEM, start + m.end())
    if one_line and _LABEL_ALONE.match(first) and len(first.split()) <= 5:
        return block(Kind.LABEL, end, label=first[:-1].strip())
    if m := _LABEL_INLINE.match(first):
        return block(Kind.LABEL, start + m.end(), label=first[: first.index(":")].strip())
    if one_line and _BYLINE.match(first) and len(first.split()) <= 10 and not SENTENCE_END.search(first):
        return block(Kind.BYLINE, start)
    if one_line and _looks_like_heading(first):
        return block(Kind.HEADING, start)
    return block(Kind.PARAGRAPH, start)


def _looks_like_heading(line: str) -> bool:
    """A short line without terminal punctuation that starts like a title.

    >>> _looks_like_heading("Path Forward After Unresolved Talks")
    True
    >>> _looks_like_heading("Then the rain came.")
    False
    """
    if len(line) > MAX_HEADING_CHARS or len(line.split()) > MAX_HEADING_WORDS:
        return False
    if _TERMINAL.search(line) or line.endswith(("?", "\u201d", '"')):
        return False
    return line[0].isupper() or line[0].isdigit() or line[0] in "\"'\u201c\u2018"


def _sentences(text: str, block: Block, first_index: int) -> tuple[tuple[Sentence, ...], list[Repair]]:
    body = block.text
    offset = block.body.start
    spans: list[tuple[int, int]] = []
    repairs: list[Repair] = []
    abbreviations = lexicon.abbreviations()
    for a, b in sentence_spans(body):
        cut = a
        for m in _MISSING_SPACE.finditer(body, a, b):
            if m.group(1).lower() in abbreviations or _inside_address(body, m.start()):
                continue
            split_at = m.end()
            spans.append((cut, split_at))
            repairs.append(Repair("missing-space", Span(offset + split_at, offset + split_at), " "))
            cut = split_at
        spans.append((cut, b))
    sentences = tuple(
        Sentence(Span(offset + a, offset + b), text[offset + a : offset + b].replace("\n", " ").replace("\r", " "),
                 first_index + i, block.index)
        for i, (a, b) in enumerate(spans)
    )
    return sentences, repairs


def _inside_address(body: str, at: int) -> bool:
    """Whether position ``at`` sits in a URL, e-mail address or file name (no spaces around)."""
    left = body.rfind(" ", 0, at) + 1
    right = body.find(" ", at)
    token = body[left : right if right != -1 else len(body)]
    return "://" in token or "www." in token.lower() or "@" in token or token.count(".") > 1
