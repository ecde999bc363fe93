"""The editor's review page: one self-contained HTML file (inline CSS and JS, nothing fetched)
showing the article with every edit of a clean run, each of which the editor may reject.

The page exports the cleaned text with the editor's decisions and a decisions file; both are
computed in the page from the original text and the numbered edits it carries as JSON, the same
way :func:`dedup.review.apply` does (offsets count code points). Text is escaped by jinja2's
autoescaping, and the JSON is escaped so that it cannot close its script element.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache

from ..models import CleanResult, Edit, Finding, LineIndex
from ..review import decisions, edit_table, text_hash
from .common import excerpt


def _severity(edit: Edit, findings: tuple[Finding, ...]) -> str:
    for f in findings:
        if f.rule == edit.rule and any(e.span.overlaps(edit.span) or e.span == edit.span for e in f.fix):
            return f.severity.label
    for f in findings:
        if f.rule == edit.rule:
            return f.severity.label
    return "warning"


def _message(edit: Edit, findings: tuple[Finding, ...]) -> str:
    for f in findings:
        if f.rule == edit.rule and (f.span.overlaps(edit.span) or f.span.contains(edit.span)):
            return f.message
    return next((f.message for f in findings if f.rule == edit.rule), edit.reason or edit.rule)


def _pieces(text: str, edits: tuple[Edit, ...]) -> list[dict]:
    pieces, position = [], 0
    for number, edit in enumerate(edits):
        if edit.span.start > position:
            pieces.append({"kind": "text", "text": text[position : edit.span.start]})
        pieces.append({"kind": "edit", "id": number, "removed": text[edit.span.start : edit.span.end],
                       "inserted": edit.replacement})
        position = edit.span.end
    pieces.append({"kind": "text", "text": text[position:]})
    return pieces


def _script_json(value) -> str:
    """JSON that is safe inside a script element."""
    return (json.dumps(value, ensure_ascii=False).replace("&", "\\u0026").replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@lru_cache(maxsize=1)
def _template():
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("dedup.render", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("review.html.j2")


def render(result: CleanResult, bom: bool = False) -> str:
    from .. import __version__

    lines = LineIndex(result.text)
    rows = []
    for entry, edit in zip(edit_table(result), result.edits):
        line, column = lines.position(edit.span.start)
        kind = "removal" if not edit.replacement else ("repair" if edit.replacement.isspace() else "replacement")
        rows.append({"id": entry["id"], "rule": edit.rule, "severity": _severity(edit, result.findings),
                     "line": line, "column": column, "kind": kind, "message": _message(edit, result.findings),
                     "excerpt": excerpt(result.text, edit.span) if len(edit.span) else repr(edit.replacement)})
    data = {"text": result.text, "bom": bom, "text_sha256": text_hash(result.text), "edits": edit_table(result),
            "decisions": decisions(result)}
    return _template().render(
        version=__version__, path=result.path, rows=rows, pieces=_pieces(result.text, result.edits),
        rules=sorted(Counter(r["rule"] for r in rows).items()),
        severities=sorted({r["severity"] for r in rows}), data=_script_json(data),
    )
