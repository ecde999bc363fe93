"""Broken boundaries: a heading glued onto a paragraph, a missing space after a sentence end."""

from __future__ import annotations

from typing import Iterator

from ..config import Settings
from ..models import Severity, Span
from ..segment import Document
from . import examples as ex
from .base import Hit, RuleSet

rules = RuleSet("break")


def _repairs(doc: Document, kind: str, message: str) -> Iterator[Hit]:
    for repair in doc.repairs:
        if repair.kind != kind:
            continue
        at = repair.span.end
        if kind == "missing-space":
            span = _words_around(doc.text, at)  # "said.The": the two words the gap joins
        else:
            span = Span(repair.span.start, _line_end(doc.text, at))
        yield Hit(span=span, message=message, fix=((repair.span, repair.insert),))


def _words_around(text: str, at: int) -> Span:
    """
    >>> text = "He said.The end"
    >>> span = _words_around(text, 8)
    >>> text[span.start:span.end]
    'said.The'
    """
    start = at
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = at
    while end < len(text) and not text[end].isspace():
        end += 1
    return Span(start, end)


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    end = len(text) if end == -1 else end
    return end - 1 if end > at and text[end - 1] == "\r" else end


@rules.rule(
    "break.glued-heading", Severity.WARNING, "A heading glued onto the end of the previous paragraph.",
    flagged=ex.GLUED_HEADING_FLAGGED, passes=ex.GLUED_HEADING_PASSES, fixes=True,
)
def glued_heading(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A Markdown heading that starts right after a sentence end, on the same line
    (``…stability.## Istanbul Impasse``). Scrapers produce it when they drop the line break
    between two page elements. Cleaning puts the heading back on a line of its own."""
    return _repairs(doc, "glued-heading", "Heading glued onto the end of the previous paragraph")


@rules.rule(
    "break.missing-space", Severity.WARNING, "No space after a sentence end (said.The).",
    flagged=ex.MISSING_SPACE_FLAGGED, passes=ex.MISSING_SPACE_PASSES, fixes=True,
)
def missing_space(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A sentence end followed directly by the capitalised first word of the next sentence
    (``said.The``). Abbreviations, web addresses, e-mail addresses and file names are left alone.
    Cleaning inserts the missing space."""
    return _repairs(doc, "missing-space", "Missing space after the end of a sentence")


RULES = tuple(rules.rules)
