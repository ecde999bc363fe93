"""The human-readable report: one line per finding, with an excerpt and where its copy is."""

from __future__ import annotations

from typing import Iterable

from ..models import CheckResult, CleanResult, LineIndex, Severity
from .common import excerpt, visible

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_RESET = "\033[0m"


def render(results: Iterable[CheckResult | CleanResult], errors: Iterable[str] = (), color: bool = False) -> str:
    out: list[str] = []
    counts = {s: 0 for s in Severity}
    files = 0
    for result in results:
        files += 1
        lines = LineIndex(result.text)
        for f in result.findings:
            counts[f.severity] += 1
            line, column = lines.position(f.span.start)
            severity = f.severity.label
            if color:
                severity = _COLOURS[f.severity] + severity + _RESET
            out.append(f"{visible(result.path)}:{line}:{column}: {severity} [{f.rule}] {visible(f.message)}")
            out.append(f"    | {visible(excerpt(result.text, f.span))}")
            for related in f.related[:1]:
                rl, rc = lines.position(related.start)
                out.append(f"    = see line {rl}, column {rc}: {visible(excerpt(result.text, related, 60))}")
        if isinstance(result, CleanResult) and result.edits:
            removed = sum(len(e.span) for e in result.edits if not e.replacement)
            out.append(f"{visible(result.path)}: {len(result.edits)} edits, {removed} characters removed")
    for error in errors:
        out.append(f"error: {visible(error)}")
    total = sum(counts.values())
    summary = ", ".join(f"{n} {s.label}" for s, n in sorted(counts.items(), reverse=True) if n)
    out.append(f"{files} file{'s' if files != 1 else ''} checked, {total} finding{'s' if total != 1 else ''}"
               + (f" ({summary})" if summary else ""))
    return "\n".join(out) + "\n"
