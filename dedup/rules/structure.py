"""Structure: how the article is put together, rather than what a sentence says.

Two titles for one story, a ``Summary:`` that restates the article, an acronym spelled
out two ways, one entity written two ways, and scraper boilerplate lines.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterator

from .. import lexicon
from ..align import analyse
from ..clean import block_deletion
from ..config import Settings
from ..models import Severity, Span
from ..normalize import content_stems
from ..segment import LINE, Block, Document, Kind
from . import examples_consistency as ex
from .base import Hit, RuleSet

rules = RuleSet("structure")

_MARKDOWN_TITLE = re.compile(r"#[ \t]")
_STANDALONE_NUMBER = re.compile(r"(?<![\w.,:-])\d+(?![\w.,:-])")


# --- two titles ------------------------------------------------------------------------------------


def _title_like(block: Block) -> bool:
    """A headline, not a kicker (``FOR IMMEDIATE RELEASE``), a role line (``Science
    correspondent``) or a score line (``Brackwater Rovers 1 Calder Town 2``)."""
    text = block.text.strip()
    letters = [c for c in text if c.isalpha()]
    if len(text.split()) < 4 or not letters or all(c.isupper() for c in letters):
        return False
    return len(_STANDALONE_NUMBER.findall(text)) < 2


def _headline_stems(block: Block) -> set[str]:
    return set(content_stems(re.sub(r"[-\u2010\u2011]", " ", block.text)))


def _top_headings(doc: Document) -> list[Block]:
    """The headings before the first prose; bylines may sit between them."""
    found = []
    for block in doc.blocks:
        if block.kind is Kind.BYLINE:
            continue
        if block.kind is not Kind.HEADING:
            break
        found.append(block)
    return found


@rules.rule(
    "structure.multiple-titles", Severity.WARNING, "More than one title for one article.",
    flagged=ex.MULTIPLE_TITLES_FLAGGED, passes=ex.MULTIPLE_TITLES_PASSES,
)
def multiple_titles(doc: Document, settings: Settings) -> Iterator[Hit]:
    """Two headlines for the same story: two headings at the very top with no prose between them
    that share their subject (content words), or two level-1 Markdown headings (``# …``). Scrapers
    pick up both the page title and the article headline. Kickers, role lines under a byline and
    score lines are not titles, and the title of a removed second version is reported with it."""
    top = [b for b in _top_headings(doc) if _title_like(b)]
    reported = set()
    if len(top) >= 2 and len(_headline_stems(top[0]) & _headline_stems(top[1])) >= 2:
        reported.add(top[1].index)
        yield Hit(span=top[1].span, related=(top[0].span,), message="Second title for the same article",
                  details={"first": top[0].text, "second": top[1].text})
    level_one = [b for b in doc.blocks if b.kind is Kind.HEADING and _MARKDOWN_TITLE.match(doc.text, b.span.start)]
    # The title of a second version is reported with it, and goes with it.
    reported |= analyse(doc, settings).removed_blocks
    for block in level_one[1:]:
        if block.index not in reported:
            yield Hit(span=block.span, related=(level_one[0].span,), message="Second level-1 (# ) title",
                      details={"first": level_one[0].text, "second": block.text})


# --- a summary that restates the article -------------------------------------------------------------

SUMMARY_LABELS = frozenset({
    "summary", "tl;dr", "tldr", "in brief", "in short", "key points", "key takeaways", "takeaways", "takeaway",
    "bottom line", "the bottom line", "conclusion", "in summary", "recap", "at a glance", "highlights", "the gist",
})


def _labelled_passages(doc: Document) -> Iterator[tuple[Block, Span, str]]:
    """(label block, span of label and text, text) for each summary-like label."""
    blocks = doc.blocks
    for block in blocks:
        if block.kind is not Kind.LABEL or block.label.lower().strip() not in SUMMARY_LABELS:
            continue
        if block.text.strip():
            yield block, block.span, block.text
            continue
        following = []
        for later in blocks[block.index + 1 :]:
            if later.kind not in (Kind.PARAGRAPH, Kind.LIST_ITEM):
                break
            following.append(later)
        if following:
            yield block, Span(block.span.start, following[-1].span.end), " ".join(b.text for b in following)


@rules.rule(
    "structure.restatement", Severity.INFO, "A labelled summary that restates the article.",
    flagged=ex.RESTATEMENT_FLAGGED, passes=ex.RESTATEMENT_PASSES,
)
def restatement(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A ``Summary:`` (or ``TL;DR:``, ``Key points:``, ``In brief:``) passage whose content words
    are mostly found earlier in the article: it adds nothing, and a scraper probably picked it up
    from a page widget. Reported for information; nothing is removed."""
    for label, span, text in _labelled_passages(doc):
        stems = set(content_stems(text))
        if len(stems) < 5:
            continue
        earlier = set(content_stems(doc.text[: label.span.start]))
        share = len(stems & earlier) / len(stems)
        if share >= 0.6:
            yield Hit(span=span, message=f"“{label.label}:” restates the article ({share:.0%} of its content words appear earlier)",
                      details={"label": label.label, "share_found_earlier": round(share, 3)})


# --- acronyms ------------------------------------------------------------------------------------------

_ACRONYM_AFTER = re.compile(r"\((?P<acronym>[A-Z][A-Za-z0-9&.\-]{1,11})\)")
_ACRONYM_BEFORE = re.compile(r"\b(?P<acronym>[A-Z][A-Z0-9&.\-]{1,11})\s+\((?P<long>[A-Z][^()]{3,120})\)")
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*|&")
_CONNECTORS = frozenset("of and for the on in at to de du la le des del da di van von bin al i e y &".split())


@dataclass(frozen=True, slots=True)
class Definition:
    acronym: str  # letters and digits only: "CFDB"
    long: str  # as written
    span: Span  # the long form and the acronym together

    @property
    def key(self) -> str:
        """The long form for comparison: case, apostrophes, hyphens and a leading "the" ignored."""
        folded = re.sub(r"[-\u2010\u2011\s]+", " ", self.long.replace("\u2019", "'")).casefold().strip()
        return folded[4:] if folded.startswith("the ") else folded


def _letters(acronym: str) -> str:
    return "".join(c for c in acronym if c.isalnum())


def long_form_before(text: str, end: int, acronym: str) -> int | None:
    """Where the long form of ``acronym`` starts in ``text[:end]``: the words whose initials
    spell it, read backwards, small connecting words allowed between them.

    >>> s = "the Harbour and Dock Workers' Union "
    >>> s[long_form_before(s, len(s), "HDWU"):].strip()
    "Harbour and Dock Workers' Union"
    """
    words = [m for m in _NAME_WORD.finditer(re.sub(r"[-\u2010\u2011]", " ", text[:end]))][-(len(acronym) * 3 + 3) :]
    wanted = [c for c in _letters(acronym).upper() if c.isalpha()]
    start = None
    for m in reversed(words):
        if not wanted:
            break
        word = m.group()
        if word[0].upper() == wanted[-1] and word[0].isupper():
            wanted.pop()
            start = m.start()
        elif word.lower() not in _CONNECTORS:
            return None
    return start if not wanted else None


def definitions(doc: Document) -> list[Definition]:
    return doc.memo("structure.acronyms", lambda: _definitions(doc))


def _definitions(doc: Document) -> list[Definition]:
    found = []
    for block in doc.blocks:
        body, offset = block.text, block.body.start
        if "(" not in body:
            continue  # both patterns need a bracket
        for m in _ACRONYM_AFTER.finditer(body):
            acronym = m.group("acronym")
            if sum(c.isupper() for c in acronym) < 2:
                continue
            start = long_form_before(body, m.start(), acronym)
            if start is not None:
                found.append(Definition(_letters(acronym), body[start : m.start()].strip(), Span(offset + start, offset + m.end())))
        for m in _ACRONYM_BEFORE.finditer(body):
            long, acronym = m.group("long").strip(), m.group("acronym")
            if long_form_before(long + " ", len(long) + 1, acronym) == 0:
                found.append(Definition(_letters(acronym), long, Span(offset + m.start(), offset + m.end())))
    return found


def _definition_pairs(doc: Document, same: bool) -> Iterator[tuple[Definition, Definition]]:
    first: dict[str, Definition] = {}
    for d in definitions(doc):
        seen = first.setdefault(d.acronym, d)
        if seen is not d and (seen.key == d.key) == same:
            yield seen, d


@rules.rule(
    "structure.acronym", Severity.WARNING, "An acronym spelled out two different ways.",
    flagged=ex.ACRONYM_FLAGGED, passes=ex.ACRONYM_PASSES,
)
def acronym(doc: Document, settings: Settings) -> Iterator[Hit]:
    """An acronym whose long form differs between two definitions: ``Coastal Flood Defence Board
    (CFDB)`` and later ``Coastal Flood Development Board (CFDB)``. One of them is wrong."""
    for earlier, later in _definition_pairs(doc, same=False):
        yield Hit(span=later.span, related=(earlier.span,),
                  message=f"{later.acronym} is spelled out as “{later.long}” here but “{earlier.long}” earlier",
                  details={"acronym": later.acronym, "earlier": earlier.long, "here": later.long})


@rules.rule(
    "structure.acronym-redefined", Severity.INFO, "An acronym spelled out twice the same way.",
    flagged=ex.ACRONYM_REDEFINED_FLAGGED, passes=ex.ACRONYM_REDEFINED_PASSES,
)
def acronym_redefined(doc: Document, settings: Settings) -> Iterator[Hit]:
    """An acronym defined a second time with the same long form, which usually means the passage
    around it was copied from another version of the story."""
    for earlier, later in _definition_pairs(doc, same=True):
        yield Hit(span=later.span, related=(earlier.span,), message=f"{later.acronym} is defined again",
                  details={"acronym": later.acronym, "long": later.long})


# --- one entity written two ways ----------------------------------------------------------------------


def _fold(name: str) -> str:
    return re.sub(r"[.\s\-]", "", name).casefold()


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and " " not in name


def inconsistent(a: str, b: str) -> bool:
    """Whether using both ``a`` and ``b`` for one entity is an inconsistency rather than style.

    >>> inconsistent("Türkiye", "Turkey"), inconsistent("NATO", "Nato"), inconsistent("UN", "United Nations")
    (True, True, False)
    >>> inconsistent("Federal Reserve", "Fed"), inconsistent("Britain", "Great Britain")
    (False, False)
    """
    if _fold(a) == _fold(b):
        return True  # only case, dots or hyphens differ: NATO / Nato, U.S. / US, G7 / G-7
    if _is_acronym(a) != _is_acronym(b):
        return False  # a long form and its acronym are used together on purpose
    words_a, words_b = set(a.casefold().split()), set(b.casefold().split())
    if words_a <= words_b or words_b <= words_a:
        return False  # Britain / Great Britain
    return not any(x.startswith(y) or y.startswith(x) for x in words_a for y in words_b)


@functools.cache
def _variants() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """One pattern for every variant of every entity, longest first ("UN Refugee Agency" before
    "UN"), and the group each variant belongs to."""
    group_of = {v: group for group in lexicon.entity_variants() for v in group}
    by_first_letter: dict[str, list[str]] = {}
    for variant in sorted(group_of, key=len, reverse=True):
        by_first_letter.setdefault(variant[0], []).append(variant)
    # One branch per first letter, so the search tries a handful of variants at a word start
    # instead of all of them; within a branch the longest variant still comes first. Each branch
    # opens with its letter and only then looks behind it for a word start: a pattern that opens
    # with letters lets the search skip from one of them to the next, without trying each position.
    branches = "|".join(
        f"{re.escape(letter)}(?<![\\w.]{re.escape(letter)})(?:" + "|".join(re.escape(v[1:]) for v in variants) + ")"
        for letter, variants in by_first_letter.items()
    )
    pattern = re.compile(r"(?:" + branches + r")(?![\w]|\.\w)")
    return pattern, group_of


@rules.rule(
    "structure.entity-variant", Severity.INFO, "One entity written two ways (Türkiye / Turkey).",
    flagged=ex.ENTITY_VARIANT_FLAGGED, passes=ex.ENTITY_VARIANT_PASSES,
)
def entity_variant(doc: Document, settings: Settings) -> Iterator[Hit]:
    """The same place, organisation or person written two ways in one article: ``Türkiye`` and
    ``Turkey``, ``Kyiv`` and ``Kiev``, ``NATO`` and ``Nato``. Matching is case-sensitive, on whole
    words, longest variant first. A long form next to its acronym (``United Nations``, ``UN``) is
    normal style and is not reported. The less frequent spelling is flagged."""
    pattern, group_of = _variants()
    by_group: dict[tuple[str, ...], list[re.Match[str]]] = {}
    for m in pattern.finditer(doc.text):
        by_group.setdefault(group_of[m.group()], []).append(m)
    for group, matches in by_group.items():
        counts = Counter(m.group() for m in matches)
        if len(counts) < 2:
            continue
        main = max(counts, key=lambda v: (counts[v], -next(m.start() for m in matches if m.group() == v)))
        first_main = next(m for m in matches if m.group() == main)
        for m in matches:
            if m.group() != main and inconsistent(main, m.group()):
                yield Hit(span=Span(m.start(), m.end()), related=(Span(first_main.start(), first_main.end()),),
                          message=f"“{m.group()}” is written “{main}” elsewhere ({counts[main]}×)",
                          details={"entity": group[0], "here": m.group(), "elsewhere": main})


# --- scraper boilerplate ---------------------------------------------------------------------------------


@functools.cache
def _boilerplate_pattern() -> re.Pattern[str]:
    # The patterns are anchored and carry no inline flags, so one alternation tests them all at once.
    return re.compile("|".join(f"(?:{p.pattern})" for p in lexicon.boilerplate_patterns()), re.IGNORECASE)


def boilerplate_lines(doc: Document) -> list[tuple[Span, Block | None]]:
    """Each boilerplate line (stripped span) with its block when the line is a whole block."""
    return doc.memo("structure.boilerplate_lines", lambda: _boilerplate_lines(doc))


def _boilerplate_lines(doc: Document) -> list[tuple[Span, Block | None]]:
    whole = {(b.span.start, b.span.end): b for b in doc.blocks}
    boilerplate = _boilerplate_pattern().match
    found = []
    listing = False  # under a "Related" line: the headlines of other stories, a line each
    above = ""  # the line before, in the same block
    for m in LINE.finditer(doc.text):
        raw = m.group().rstrip("\r\n")
        stripped, above_it = raw.strip(), above
        above = stripped
        if not stripped:
            listing = False
            continue
        start = m.start() + len(raw) - len(raw.lstrip())
        end = start + len(stripped)
        block = whole.get((start, end))
        body = block.text.strip() if block is not None else stripped
        matched = bool(boilerplate(stripped) or (body != stripped and boilerplate(body)))
        if block is None and (matched or listing) and _wrapped_prose(doc, start, end, above_it, matched):
            listing = False
            continue
        if matched:
            found.append((Span(start, end), block))
            listing = _LINK_SEPARATOR.search(stripped) is None and bool(_link_list_header().match(stripped))
        elif listing and _headline_like(stripped):
            found.append((Span(start, end), block))
        else:
            listing = False
    return found


def _wrapped_prose(doc: Document, start: int, end: int, above: str, matched: bool) -> bool:
    """Whether the line ``start``-``end``, inside a block, is a line of hard-wrapped prose and no
    line of its own: a sentence that did not start with the line runs on across its end (``Read
    more: Why are asylum seekers so controversial in Australia? The`` above ``Amnesty
    International and…``), or, for a line that looks like boilerplate, the line carries on the
    sentence of a long line above that stops mid-sentence (``…up 2% to £15.93 per`` above
    ``share.``). Lines set one under another with no stops (``Related`` over the headlines it
    lists) read as one sentence that starts with the line, and stay lines."""
    across = _sentence_across(doc, end)
    if across is not None and across.start != start:
        return True
    if not matched or len(above) < 40 or above[-1:] in ".!?:" or not any(c.islower() for c in above):
        return False
    return _sentence_across(doc, start) is not None


def _sentence_across(doc: Document, at: int) -> Span | None:
    """The span of the sentence that ``at`` falls strictly inside, if any."""
    starts = doc.memo("structure.sentence_starts", lambda: [s.span.start for s in doc.sentences])
    k = bisect.bisect_right(starts, at) - 1
    if k < 0:
        return None
    span = doc.sentences[k].span
    return span if span.start < at < span.end else None


# What separates a "Read more" from the one story it links to: "Read more: …", "Read more – …".
_LINK_SEPARATOR = re.compile(r":|\s[\u2013\u2014-]\s")


@functools.cache
def _link_list_header() -> re.Pattern[str]:
    """A line that introduces a list of links to other stories, one to a line below it: a
    pattern of the "read more / related" boilerplate that matches the line with nothing after
    the words ("Related", "More on this story"; not "Read more: …", which is one link itself)."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in lexicon.boilerplate_patterns("read")), re.IGNORECASE)


def _headline_like(line: str) -> bool:
    """A line that reads as a headline: capitalised, at most 16 words, no end punctuation."""
    return (line[:1].isupper() or line[:1].isdigit()) and len(line.split()) <= 16 and line[-1] not in ".!?:;,"


def _line_deletion(text: str, span: Span) -> Span:
    """The line of ``span`` with the line break after it (or before it, on the last line)."""
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    if end != -1:
        return Span(start, end + 1)
    return Span(max(0, start - 1) if start and text[start - 1] == "\n" else start, len(text))


@rules.rule(
    "structure.boilerplate", Severity.WARNING, "A scraper boilerplate line (Read more, Subscribe, Share…).",
    flagged=ex.BOILERPLATE_FLAGGED, passes=ex.BOILERPLATE_PASSES, fixes=True,
)
def boilerplate(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A whole line of page furniture that a scraper kept: ``Read more: …``, ``Subscribe to our
    newsletter``, ``Share this article``, ``Advertisement``, follow-us prompts, cookie banners.
    Cleaning deletes each such line with one adjacent line break. Only whole lines that match a
    pattern count; a sentence that mentions a newsletter is left alone."""
    lines = boilerplate_lines(doc)
    removed = frozenset(b.index for _, b in lines if b is not None)
    for span, block in lines:
        cut = block_deletion(doc, block.index, removed) if block is not None else _line_deletion(doc.text, span)
        yield Hit(span=span, fix=((cut, ""),), message=f"Boilerplate line: “{doc.text[span.start:span.end]}”",
                  details={"line": doc.text[span.start : span.end]})


RULES = tuple(rules.rules)
