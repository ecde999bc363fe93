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
from typing import Any, Callable, Iterable, Iterator, TypeVar

from . import lexicon
from .models import Span
from .punkt import sentence_spans
from .quotes import open_straight_quotes

T = TypeVar("T")


class Kind(str, enum.Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list-item"
    LABEL = "label"
    BYLINE = "byline"
    TABLE = "table"  # rows of a Markdown pipe table: data, not sentences


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
        return _holds_prose(self.kind, self.text)


def _holds_prose(kind: Kind, text: str) -> bool:
    """Whether a block of this kind and body text holds sentences."""
    return kind is Kind.PARAGRAPH or kind is Kind.LIST_ITEM or (kind is Kind.LABEL and bool(text))


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

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """``make()``, computed once per document and kept under ``key`` for every later caller."""
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = make()
        return found

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.memo("sentences", lambda: tuple(s for b in self.blocks for s in b.sentences))


# Line breaks besides CR and LF that str.splitlines() knows: vertical tab, form feed, the
# information separators, NEL, and the Unicode line and paragraph separators. Each is read as
# a line feed, so that a text means the same whichever breaks it uses.
OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_AS_LINE_FEED = str.maketrans({ch: "\n" for ch in OTHER_BREAKS})
LINE = re.compile(r"[^\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]|$)")


def line_feeds(text: str) -> str:
    r"""``text`` with every line break other than CR and CRLF written as a line feed (same length).

    >>> line_feeds("a\u2029b\x0bc\r\nd")
    'a\nb\nc\r\nd'
    """
    return text.translate(_AS_LINE_FEED) if any(ch in text for ch in OTHER_BREAKS) else text


_EMPHASISED_LINE = re.compile(r"(\*\*|__)(?=\S).*\S\1\Z")
_MD_HEADING = re.compile(r"#{1,6}[ \t]+(?=\S)")
_LIST_MARK = re.compile(r"(?:[-*\u2022+]|\d{1,3}[.)])[ \t]+(?=\S)")
_LABEL_ALONE = re.compile(r"[A-Z][A-Za-z'\u2019&/ -]{0,40}:\Z")
_LABEL_INLINE = re.compile(
    r"(?:Summary|TL;DR|TLDR|In brief|Key points|Key takeaways|Editor['\u2019]s note|Update|Updated"
    r"|Correction|Note|Background|Bottom line|Conclusion|Takeaway|Why it matters)[ \t]*:[ \t]+(?=\S)",
    re.IGNORECASE,
)
_LABELLED_LINE = re.compile(r"[A-Z][A-Za-z'\u2019&/ -]{0,20}:[ \t]+\S")
_BYLINE = re.compile(r"(?:By|BY|Written by|Reporting by)[ \t]+[A-Z\u00c0-\u024f]")
# A heading glued after a sentence end: ``stability.## Heading``.
_GLUED_HEADING = re.compile(r"(?<=[.!?\u2026\"\u201d\u2019)\]])[ \t]*(?=#{1,6}[ \t]+\S)")
_TERMINAL = re.compile(r"[.!?\u2026:;,][\"'\u201d\u2019)\]*_]*\Z")
_ABBREVIATION_END = re.compile(r"(?<![\w.])(?:[A-Za-z]\.){2,}\Z")  # U.S., a.m.: ends a line, not a sentence
SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]*_]*\Z")
# ``said.The``: a word of two or more lower-case letters (or a number), a sentence end, and a capitalised word.
_MISSING_SPACE = re.compile(r"(?<![\w.@/])([a-z]{2,}|\d+%?)([.!?][\"\u201d\u2019]?)(?=[A-Z][a-z]+\b)")
# What every ``_MISSING_SPACE`` match holds, and is much cheaper to look for.
_NO_SPACE_AFTER_END = re.compile(r"[.!?][\"\u201d\u2019]?[A-Z][a-z]")

MAX_HEADING_WORDS = 16
MAX_HEADING_CHARS = 140


@dataclass(slots=True)
class _Line:
    start: int  # first non-blank character
    end: int  # after the last non-blank character
    text: str
    glued: bool = False
    indent: int = 0  # white space before the first character of the line


def segment(text: str) -> Document:
    """Segment ``text``; offsets are code points into ``text`` itself."""
    lines, repairs = _lines(text)
    blocks: list[Block] = []
    sentence_count = 0
    for group in _paragraph_groups(lines):
        kind, body_start, label = _classify(group)
        end = group[-1].end
        body = line_feeds(text[body_start:end]).replace("\r", " ").replace("\n", " ")
        sentences: tuple[Sentence, ...] = ()
        if _holds_prose(kind, body):
            sentences, spaces = _sentences(body, body_start, sentence_count, len(blocks))
            sentence_count += len(sentences)
            repairs.extend(spaces)
        blocks.append(Block(kind, Span(group[0].start, end), Span(body_start, end), body, len(blocks), sentences,
                            label, group[0].glued))
    repairs.sort(key=lambda r: r.span)
    return Document(text=text, blocks=tuple(blocks), repairs=tuple(repairs))


def _lines(text: str) -> tuple[list[_Line | None], list[Repair]]:
    """Non-blank lines with their stripped spans; ``None`` marks blank lines between them."""
    out: list[_Line | None] = []
    repairs: list[Repair] = []
    # Every line break becomes one "\n", and offsets stay put: "\r\n" turns into " \n".
    flat = line_feeds(text)
    flat = flat.replace("\r\n", " \n").replace("\r", "\n") if "\r" in flat else flat
    start = 0
    blank = False
    for line in flat.split("\n"):
        stripped = line.strip()
        if not stripped:
            blank = True
        else:
            if blank:
                out.append(None)
                blank = False
            first = start + len(line) - len(line.lstrip())
            end = first + len(stripped)
            if "#" in stripped and _GLUED_HEADING.search(text, first, end):
                _split_glued_headings(text, first, end, out, repairs)
            elif stripped[-1].isalpha() and (cut := _glued_title(text, first, end)) is not None:
                repairs.append(Repair("glued-heading", Span(cut, cut), "\n\n"))
                out.append(_Line(first, cut, text[first:cut]))
                out.append(_Line(cut, end, text[cut:end], glued=True))
            else:
                out.append(_Line(first, end, stripped, indent=first - start))
        start += len(line) + 1
    return out, repairs


def _glued_title(text: str, start: int, end: int) -> int | None:
    """Where a heading without ``#`` starts that is glued onto the sentence ending the line
    ``text[start:end]`` (``…for most of last year it worked.Who Pays for the Delay``): a
    title-case phrase of two to ten words with no end punctuation, straight after a sentence
    end with no space. Names (``Hallam & Dray``) and sentences are not titles."""
    m = _GLUED_TITLE.search(text, start, end)
    if m is None:
        return None
    phrase = text[m.start() : end]
    words = phrase.split()
    small = _TITLE_SMALL_WORDS
    if not 2 <= len(words) <= 10:
        return None
    if not all(w[0].isupper() or w in small for w in words) and not _opens_next_paragraph(text, end, phrase):
        return None
    return m.start() if _looks_like_heading(phrase) else None


def _opens_next_paragraph(text: str, end: int, phrase: str) -> bool:
    r"""Whether the paragraph after a blank line at ``end`` opens with ``phrase`` word for word
    and goes on: a title cut from the first words of the paragraph under it, the way a page's
    headline is made from its lead (``…saved his life.A tragic incident shook the cricket
    world`` above ``A tragic incident shook the cricket world when…``), written in sentence
    case. Four words at least.

    >>> text = "It ended.A storm hit the coast today\n\nA storm hit the coast today and closed roads."
    >>> _opens_next_paragraph(text, text.index("\n"), "A storm hit the coast today")
    True
    """
    if len(phrase.split()) < 4:
        return False
    gap = _BLANK_LINE.match(text, end)
    if gap is None:
        return False
    after = text[gap.end() : gap.end() + len(phrase) + 1]
    return after.startswith(phrase) and after[len(phrase) :] in (" ", ",", ";", ":")


_BLANK_LINE = re.compile(r"[ \t]*\r?\n(?:[ \t]*\r?\n)+[ \t]*")


# The words a title leaves in lower case, and a sentence end with a capital right after it.
_TITLE_SMALL_WORDS = frozenset("a an and as at but by for from in into nor of on or over the to up with vs".split())
_GLUED_TITLE = re.compile(r"(?<=[a-z]{2}[.!?])[A-Z][A-Za-z'\u2019 -]{2,80}\Z")


def _split_glued_headings(text: str, start: int, end: int, out: list[_Line | None], repairs: list[Repair]) -> None:
    """Add the line ``text[start:end]`` to ``out`` in pieces, cut before every glued heading."""
    pieces = [start]
    for g in _GLUED_HEADING.finditer(text, start, end):
        if g.start() > start:
            pieces.append(g.end())
            repairs.append(Repair("glued-heading", Span(g.start(), g.end()), "\n\n"))
    pieces.append(end)
    for i, (a, b) in enumerate(zip(pieces, pieces[1:])):
        piece = text[a:b].rstrip()
        out.append(_Line(a, a + len(piece), piece, glued=i > 0))


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
    if len(run) == 1:
        yield run
        return
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
    if (line.text[0] == "|") != (prev.text[0] == "|"):
        return False  # a table starts or ends
    if line.text[0] == "|":
        return True  # the next row of a table
    if _MD_HEADING.match(line.text) or _LIST_MARK.match(line.text) or _MD_HEADING.match(prev.text):
        return False
    if prev.text.endswith(":") or line.text == prev.text:
        return False  # a label above its list; a line said twice (a caption) is no wrapped text
    if _EMPHASISED_LINE.match(prev.text) or _EMPHASISED_LINE.match(line.text):
        return False  # a line set in bold whole (an interview's question) stands on its own
    if line.indent >= 2 and line.indent > prev.indent and SENTENCE_END.search(prev.text):
        return False  # wire copy: an indented first line after a sentence end starts a paragraph
    if lexicon.ends_a_story(prev.text) or lexicon.ends_a_story(line.text):
        return False  # "Reuter", "&#3;": the line that ends a news item stands alone
    if _LABELLED_LINE.match(prev.text) and _LABELLED_LINE.match(line.text):
        return False  # "Pros: …" then "Cons: …": a fact box, a line each
    # A wrapped line fills most of the wrap width; a heading is much shorter than its paragraph.
    wrapped = 50 <= width <= 100 and len(prev.text) >= 0.7 * width and len(prev.text.split()) > MAX_HEADING_WORDS // 2
    # Narrow wrapping (a column of 30 to 50 characters) is told by lines that fill the column.
    wrapped = wrapped or 30 <= width < 50 and len(prev.text) >= 0.8 * width and len(prev.text.split()) >= 5 \
        and "  " not in prev.text and "  " not in line.text  # columns apart: a table's rows
    if SENTENCE_END.search(prev.text):
        # "... subject to the U.S." above "sugar import quota ...": an abbreviation, not a sentence end.
        return (wrapped or line.text[0].islower() and _ABBREVIATION_END.search(prev.text) is not None) \
            and not line.glued
    # A line that stops mid-sentence because its next word would not fit is wrapped, however
    # long its words ("... the previous week, the Agriculture" above "Department said.").
    forced = 50 <= width <= 100 and len(prev.text) >= 0.7 * width and len(prev.text.split()) >= 4 \
        and len(prev.text) + 1 + len(line.text.split(None, 1)[0]) > width
    return wrapped or forced or line.text[0].islower()


def _classify(group: list[_Line]) -> tuple[Kind, int, str]:
    """The kind of the block made of ``group``, where its body starts, and its label."""
    start, end = group[0].start, group[-1].end
    first = group[0].text
    one_line = len(group) == 1
    if one_line and (m := _MD_HEADING.match(first)):
        return Kind.HEADING, start + m.end(), ""
    if first.startswith("|") and group[-1].text.endswith("|"):
        return Kind.TABLE, start, ""
    if m := _LIST_MARK.match(first):
        return Kind.LIST_ITEM, start + m.end(), ""
    if one_line and _LABEL_ALONE.match(first) and len(first.split()) <= 5:
        return Kind.LABEL, end, first[:-1].strip()
    if m := _LABEL_INLINE.match(first):
        return Kind.LABEL, start + m.end(), first[: first.index(":")].strip()
    if one_line and _BYLINE.match(first) and len(first.split()) <= 10 and not SENTENCE_END.search(first):
        return Kind.BYLINE, start, ""
    if one_line and _looks_like_heading(first):
        return Kind.HEADING, start, ""
    return Kind.PARAGRAPH, start, ""


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


def _sentences(body: str, offset: int, first_index: int, block: int) -> tuple[tuple[Sentence, ...], list[Repair]]:
    """The sentences of a block whose body text ``body`` starts at ``offset``."""
    spans = sentence_spans(body)
    repairs: list[Repair] = []
    if _NO_SPACE_AFTER_END.search(body):
        spans, repairs = _split_missing_spaces(body, offset, spans)
    # ``body`` already has its line breaks turned into spaces, as a sentence's text should.
    sentences = tuple(
        Sentence(Span(offset + a, offset + b), body[a:b], first_index + i, block) for i, (a, b) in enumerate(spans)
    )
    return sentences, repairs


def _split_missing_spaces(
    body: str, offset: int, spans: Iterable[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[Repair]]:
    """Cut sentences at ``said.The``, unless the word is an abbreviation or part of an address."""
    out: list[tuple[int, int]] = []
    repairs: list[Repair] = []
    abbreviations = lexicon.abbreviations()
    for a, b in spans:
        cut = a
        # Punkt may already end the sentence at the mark ('landing.|"It'): the next word is looked at too.
        for m in _MISSING_SPACE.finditer(body, a, min(len(body), b + 3)):  # a quote and two letters
            if m.start() >= b:
                break
            if m.group(1).lower() in abbreviations or _inside_address(body, m.start()):
                continue
            split_at = m.end()
            side = _straight_quote_side(body, split_at - 1) if m.group(2).endswith('"') else "closes"
            if side == "opens":
                split_at -= 1  # 'carpet."It's fine," she said': the space goes before the quote
            if cut < split_at < b:
                out.append((cut, split_at))
                cut = split_at
            if side is not None:  # a fix is made only where it is known to be right
                repairs.append(Repair("missing-space", Span(offset + split_at, offset + split_at), " "))
        out.append((cut, b))
    return out, repairs


def _straight_quote_side(body: str, at: int) -> str | None:
    """Whether the straight quote at ``at``, between a sentence end and a capital, ``"closes"``
    the quotation open before it (:func:`dedup.quotes.open_straight_quotes`) or ``"opens"`` the
    next sentence's: the one that leaves the quote marks after it paired. None when either could.

    >>> _straight_quote_side('He stood on the carpet."It is new," she said.', 23)
    'opens'
    >>> _straight_quote_side('She said "we stood on the carpet."It is new.', 33)
    'closes'
    >>> _straight_quote_side('"We stood on the carpet."It is new," she said.', 24) is None
    True
    >>> _straight_quote_side('He said: "It burned. "It was set on purpose."A fire', 44)
    'closes'
    """
    is_open, after = bool(open_straight_quotes(body, at)), body.count('"', at + 1) % 2
    if is_open != bool(after):
        return "closes" if is_open else "opens"
    return None


def _inside_address(body: str, at: int) -> bool:
    """Whether position ``at`` sits in a URL, e-mail address or file name (no spaces around)."""
    left = body.rfind(" ", 0, at) + 1
    right = body.find(" ", at)
    token = body[left : right if right != -1 else len(body)]
    return "://" in token or "www." in token.lower() or "@" in token or token.count(".") > 1
