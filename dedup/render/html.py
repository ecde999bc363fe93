"""A self-contained HTML page for reviewing a report: the text with every finding marked.

Marks come from spans only. The text is cut at every span boundary and the pieces are
wrapped in properly nested elements; where two spans cross, the inner element is closed
and reopened, so each finding stays one element (or a few fragments sharing its number).
Text and attributes are escaped by jinja2's autoescaping; this module builds no HTML.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..models import CheckResult, CleanResult, Edit, Finding, LineIndex, Severity, Span
from .common import excerpt

# Among marks with the same start and end, the lower rank is the outer element. The finding
# goes innermost so that hovering shows its message rather than "removed".
_RANK = {"removed": 0, "related": 1, "finding": 2, "repair": 3}


@dataclass(frozen=True, slots=True)
class Mark:
    span: Span
    kind: str  # a key of _RANK
    tag: str  # the element: mark, del, span or ins
    classes: str
    title: str
    number: int = 0  # the finding's number in the list below the text; 0 for other marks
    insert: str = ""  # for an edit that puts text in: the sign the page shows there


@dataclass(frozen=True, slots=True)
class Piece:
    """One step of the highlighted text: plain ``text``, or ``open``/``close``/``point`` of a mark."""

    kind: str
    text: str = ""
    mark: Mark | None = None
    first: bool = True  # False for a fragment reopened after a crossing span closed


def layer(text: str, marks: Iterable[Mark]) -> list[Piece]:
    """Cut ``text`` at every mark boundary and nest the marks around the pieces.

    >>> a = Mark(Span(0, 4), "finding", "mark", "", "a")
    >>> b = Mark(Span(2, 6), "removed", "del", "", "b")
    >>> [(p.kind, p.text or p.mark.title) for p in layer("abcdefg", [a, b])]  # doctest: +NORMALIZE_WHITESPACE
    [('open', 'a'), ('text', 'ab'), ('open', 'b'), ('text', 'cd'), ('close', 'b'), ('close', 'a'),
     ('open', 'b'), ('text', 'ef'), ('close', 'b'), ('text', 'g')]
    """
    marks = list(marks)
    points: dict[int, list[Mark]] = {}
    starts: dict[int, list[Mark]] = {}
    for mark in marks:
        bucket = points if not len(mark.span) else starts
        bucket.setdefault(mark.span.start, []).append(mark)
    boundaries = sorted({0, len(text)} | {m.span.start for m in marks} | {m.span.end for m in marks})
    pieces: list[Piece] = []
    stack: list[Mark] = []
    for position, following in zip(boundaries, boundaries[1:] + [None]):
        stack = _close_ending(stack, position, pieces)
        pieces.extend(Piece("point", mark=m) for m in sorted(points.get(position, ()), key=_order))
        for mark in sorted(starts.get(position, ()), key=_order):
            pieces.append(Piece("open", mark=mark))
            stack.append(mark)
        if following is not None and following > position:
            pieces.append(Piece("text", text[position:following]))
    return pieces


def _order(mark: Mark) -> tuple[int, int, int]:
    # Longer marks open first, so that they enclose the shorter ones starting at the same place.
    return (-mark.span.end, _RANK[mark.kind], mark.number)


def _close_ending(stack: list[Mark], position: int, pieces: list[Piece]) -> list[Mark]:
    """Close the marks that end at ``position``, and reopen the ones nested inside them that go on."""
    ending = [i for i, m in enumerate(stack) if m.span.end == position]
    if not ending:
        return stack
    lowest = ending[0]
    pieces.extend(Piece("close", mark=m) for m in reversed(stack[lowest:]))
    going_on = [m for m in stack[lowest:] if m.span.end > position]
    pieces.extend(Piece("open", mark=m, first=False) for m in going_on)
    return stack[:lowest] + going_on


def finding_marks(findings: Iterable[Finding]) -> list[Mark]:
    marks: list[Mark] = []
    related: dict[Span, list[str]] = {}
    for number, f in enumerate(findings, start=1):
        title = f"#{number} {f.severity.label} \u00b7 {f.rule}: {f.message}"
        marks.append(Mark(f.span, "finding", "mark", f"finding sev-{f.severity.label}", title, number))
        for span in dict.fromkeys(f.related):
            related.setdefault(span, []).append(f"#{number}")
    # One underline per related span, however many findings point at it.
    for span, numbers in related.items():
        title = "Related to finding " + ", ".join(numbers)
        marks.append(Mark(span, "related", "span", "related", title))
    return marks


def _insert_symbol(replacement: str) -> str:
    """What the page shows where an edit puts text in (drawn by CSS, so it is not part of the text).

    >>> _insert_symbol("\\n\\n"), _insert_symbol(" "), _insert_symbol("It rained.")
    ('\u21b5', '\u2423', '+ It rained.')
    """
    if replacement.isspace():
        # A return arrow for a line break, an open box (the usual sign for a space) otherwise.
        return "\u21b5" if "\n" in replacement else "\u2423"
    return "+ " + _shorten(replacement)


def _shorten(value: str, width: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1] + "\u2026"


def edit_marks(edits: Iterable[Edit]) -> list[Mark]:
    marks: list[Mark] = []
    for edit in edits:
        if len(edit.span):
            marks.append(Mark(edit.span, "removed", "del", "removed", f"Removed by {edit.rule}"))
        if edit.replacement:
            at = Span(edit.span.end, edit.span.end)
            verb = "replaces it with" if len(edit.span) else "inserts"
            title = f"{edit.rule} {verb} {edit.replacement!r}"
            marks.append(Mark(at, "repair", "ins", "repair", title, insert=_insert_symbol(edit.replacement)))
    return marks


def planned_edits(result: CheckResult | CleanResult) -> tuple[Edit, ...]:
    """The edits ``clean`` makes, or for a check, the ones it would make."""
    if isinstance(result, CleanResult):
        return result.edits
    from ..clean import resolve

    return tuple(resolve(result.text, (e for f in result.findings for e in f.fix)))


def edit_row(edit: Edit, text: str, lines: LineIndex) -> dict:
    line, column = lines.position(edit.span.start)
    if edit.replacement and not len(edit.span):
        action = "insert " + ("a line break" if "\n" in edit.replacement else repr(edit.replacement))
    elif edit.replacement:
        action = f"replace {len(edit.span)} characters with \u201c{_shorten(edit.replacement)}\u201d"
    else:
        action = f"delete {len(edit.span)} characters"
    return {"rule": edit.rule, "line": line, "column": column, "action": action,
            "excerpt": excerpt(text, edit.span) if len(edit.span) else ""}


def where(span: Span, lines: LineIndex) -> str:
    """
    >>> lines = LineIndex("ab\\ncd\\nef")
    >>> where(Span(1, 2), lines), where(Span(0, 7), lines)
    ('line 1, column 2', 'lines 1–3')
    """
    line, column = lines.position(span.start)
    last_line, _ = lines.position(max(span.start, span.end - 1))
    return f"line {line}, column {column}" if last_line == line else f"lines {line}–{last_line}"


def finding_row(number: int, f: Finding, text: str, lines: LineIndex, anchor: str) -> dict:
    line, column = lines.position(f.span.start)
    # A second version lists its whole earlier run and each paragraph in it; name only the outermost.
    outer = [r for r in dict.fromkeys(f.related) if not any(o != r and o.contains(r) for o in f.related)]
    return {"number": number, "anchor": anchor, "severity": f.severity.label, "rule": f.rule,
            "line": line, "column": column, "message": f.message, "excerpt": excerpt(text, f.span),
            "related": [where(r, lines) for r in outer]}


def file_view(index: int, result: CheckResult | CleanResult) -> dict:
    lines = LineIndex(result.text)
    edits = planned_edits(result)
    prefix = f"file{index}"
    counts = Counter(f.severity for f in result.findings)
    return {
        "anchor": prefix,
        "path": result.path,
        "cleaned": result.cleaned if isinstance(result, CleanResult) else None,
        "changed": result.changed if isinstance(result, CleanResult) else bool(edits),
        "counts": [(s.label, counts[s]) for s in sorted(Severity, reverse=True) if counts[s]],
        "pieces": layer(result.text, finding_marks(result.findings) + edit_marks(edits)),
        "findings": [finding_row(n, f, result.text, lines, f"{prefix}-{n}")
                     for n, f in enumerate(result.findings, start=1)],
        "edits": [edit_row(e, result.text, lines) for e in edits],
    }


@lru_cache(maxsize=1)
def _template():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("dedup.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html.j2")


def render(results: Iterable[CheckResult | CleanResult], errors: Iterable[str] = ()) -> str:
    from .. import __version__

    files = [file_view(i, r) for i, r in enumerate(results, start=1)]
    totals = Counter(row["severity"] for fv in files for row in fv["findings"])
    return _template().render(
        version=__version__,
        files=files,
        errors=list(errors),
        cleaning=any(fv["cleaned"] is not None for fv in files),
        totals=[(s.label, totals[s.label]) for s in sorted(Severity, reverse=True) if totals[s.label]],
        finding_total=sum(totals.values()),
    )
