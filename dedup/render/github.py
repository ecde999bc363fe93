"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request.

A line such as ``::warning file=a.txt,line=3,col=1,endLine=3,endColumn=9,title=dedup(rule)::message``
in a job's log becomes an annotation. GitHub reads the message up to the end of the line and
the properties up to the next comma, so both are percent-escaped the way its toolkit does it.
"""

from __future__ import annotations

from typing import Iterable

from ..models import CheckResult, CleanResult, Finding, LineIndex, Severity

# GitHub has no "info" annotation; "notice" is its mildest level.
COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """Escape a message: only ``%`` and line breaks would end or corrupt the command.

    >>> escape_data("100% sure\\nnext")
    '100%25 sure%0Anext'
    """
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value, where ``,`` separates properties and ``:`` ends them.

    >>> escape_property("a,b:c")
    'a%2Cb%3Ac'
    """
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, finding: Finding, lines: LineIndex) -> str:
    line, column = lines.position(finding.span.start)
    # GitHub marks up to and including endColumn, so point at the last character, not past it.
    last = max(finding.span.start, finding.span.end - 1)
    end_line, end_column = lines.position(last)
    properties = {
        "file": path,
        "line": line,
        "col": column,
        "endLine": end_line,
        "endColumn": end_column,
        "title": f"dedup({finding.rule})",
    }
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    message = finding.message
    if finding.related:
        related_line, related_column = lines.position(finding.related[0].start)
        message += f" (related: line {related_line}, column {related_column})"
    return f"::{COMMANDS[finding.severity]} {props}::{escape_data(message)}"


# GitHub shows at most this many annotations of each level (error, warning, notice) per step and
# drops the rest silently; the rest are counted in a plain log line instead.
ANNOTATIONS_PER_LEVEL = 10


def render(results: Iterable[CheckResult | CleanResult], errors: Iterable[str] = (),
           cap: int | None = ANNOTATIONS_PER_LEVEL) -> str:
    out: list[str] = []
    files = findings = left_out = 0
    shown: dict[str, int] = {}

    def add(level: str, line: str) -> None:
        nonlocal left_out
        if cap is not None and shown.get(level, 0) >= cap:
            left_out += 1
            return
        shown[level] = shown.get(level, 0) + 1
        out.append(line)

    for result in results:
        files += 1
        lines = LineIndex(result.text)
        for finding in result.findings:
            findings += 1
            add(COMMANDS[finding.severity], annotation(result.path, finding, lines))
    for error in errors:
        add("error", f"::error title={escape_property('dedup')}::{escape_data(error)}")
    # A plain line for the log; GitHub only turns lines starting with "::" into annotations.
    out.append(f"dedup: {files} file{'s' if files != 1 else ''} checked, "
               f"{findings} finding{'s' if findings != 1 else ''}")
    if left_out:
        out.append(f"dedup: {left_out} more not shown as annotations (GitHub shows {cap} of each level per step); "
                   "the job's step summary lists every finding")
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def summary(results: Iterable[CheckResult | CleanResult], errors: Iterable[str] = ()) -> str:
    """Every finding as a Markdown table, for the job's step summary (``$GITHUB_STEP_SUMMARY``).

    >>> from dedup.models import CheckResult
    >>> summary([CheckResult("x", (), "a|b.md")])
    '### dedup\\n\\n1 file checked, no findings.\\n'
    """
    rows, files = [], 0
    for result in results:
        files += 1
        lines = LineIndex(result.text)
        for f in result.findings:
            line, column = lines.position(f.span.start)
            rows.append(f"| {_cell(result.path)} | {line}:{column} | {f.severity.label} | `{f.rule}` | {_cell(f.message)} |")
    head = f"### dedup\n\n{files} file{'s' if files != 1 else ''} checked, "
    head += f"{len(rows)} finding{'s' if len(rows) != 1 else ''}" if rows else "no findings"
    out = [head + "."]
    if rows:
        out += ["", "| file | line | severity | rule | message |", "| --- | --- | --- | --- | --- |", *rows]
    out += [f"\n**Error:** {_cell(error)}" for error in errors]
    return "\n".join(out) + "\n"
