"""Helpers shared by the renderers: positions and plain-data views of results."""

from __future__ import annotations

import re
from typing import Any

from ..models import Edit, Finding, LineIndex, Span


def span_dict(span: Span, lines: LineIndex) -> dict[str, int]:
    line, column = lines.position(span.start)
    end_line, end_column = lines.position(span.end)
    return {"start": span.start, "end": span.end, "line": line, "column": column,
            "end_line": end_line, "end_column": end_column}


def finding_dict(f: Finding, lines: LineIndex) -> dict[str, Any]:
    out: dict[str, Any] = {"rule": f.rule, "category": f.category, "severity": f.severity.label, "message": f.message}
    out.update(span_dict(f.span, lines))
    out["related"] = [span_dict(r, lines) for r in f.related]
    out["fix"] = [edit_dict(e, lines) for e in f.fix]
    if f.fix:
        out["applicability"] = f.applicability
    out["details"] = dict(f.details)
    return out


def edit_dict(e: Edit, lines: LineIndex) -> dict[str, Any]:
    out: dict[str, Any] = {"rule": e.rule}
    out.update(span_dict(e.span, lines))
    out["replacement"] = e.replacement
    return out


def excerpt(text: str, span: Span, width: int = 72) -> str:
    """A one-line excerpt of ``span``, shortened in the middle when long.

    >>> excerpt("alpha beta gamma", Span(6, 16), width=20)
    'beta gamma'
    """
    piece = " ".join(text[span.start : span.end].split())
    if len(piece) <= width:
        return piece
    half = (width - 5) // 2
    return piece[:half] + " \u2026 " + piece[-half:]


# C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional overrides and
# isolates that can make a terminal show text in another order than it is stored.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return "^" + chr(code + 0x40)  # caret notation, as git and less show them: ESC is ^[
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """``text`` with control characters written out, so that article text and file names
    cannot move the cursor, change colours or set a terminal's title.

    >>> visible("red \x1b[31mtext\x07 and \x9b")
    'red ^[[31mtext^G and <U+009B>'
    """
    return _CONTROL.sub(_shown, text)
