"""SARIF 2.1.0, the static-analysis format that code-scanning dashboards read.

One run; the driver declares every rule of :data:`dedup.rules.ALL_RULES`, and each
result points at its rule by id and index. Columns and character offsets count Unicode
code points (``columnKind``), as every position in dedup does.
"""

from __future__ import annotations

import json
from pathlib import PurePath, PurePosixPath
from typing import Any, Iterable
from urllib.parse import quote

from ..models import CheckResult, CleanResult, Edit, Finding, LineIndex, Severity, Span

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A URI reference for a report path: relative paths stay relative.

    >>> artifact_uri("news/a b.txt")
    'news/a%20b.txt'
    >>> artifact_uri("/data/x.txt")
    'file:///data/x.txt'
    """
    posix = PurePath(path).as_posix()
    if PurePosixPath(posix).is_absolute():
        return "file://" + quote(posix)
    return quote(posix)


def region(span: Span, lines: LineIndex) -> dict[str, int]:
    line, column = lines.position(span.start)
    end_line, end_column = lines.position(span.end)  # SARIF's end column is the one after the region
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column,
            "charOffset": span.start, "charLength": len(span)}


def location(uri: str, span: Span, lines: LineIndex) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region(span, lines)}}


def rule_descriptors() -> tuple[list[dict[str, Any]], dict[str, int]]:
    from ..rules import ALL_RULES

    descriptors = [
        {
            "id": rule.id,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.explanation},
            "defaultConfiguration": {"level": LEVELS[rule.severity]},
            "properties": {"category": rule.category, "fixes": rule.fixes},
        }
        for rule in ALL_RULES
    ]
    return descriptors, {rule.id: index for index, rule in enumerate(ALL_RULES)}


def fix_object(uri: str, edits: Iterable[Edit], lines: LineIndex) -> dict[str, Any]:
    replacements = [{"deletedRegion": region(e.span, lines), "insertedContent": {"text": e.replacement}}
                    for e in edits]
    return {"artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": replacements}]}


def result_object(uri: str, finding: Finding, lines: LineIndex, rule_index: dict[str, int],
                  text: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"ruleId": finding.rule}
    if finding.rule in rule_index:
        out["ruleIndex"] = rule_index[finding.rule]
    out["level"] = LEVELS[finding.severity]
    out["message"] = {"text": finding.message}
    out["locations"] = [location(uri, finding.span, lines)]
    if finding.related:
        out["relatedLocations"] = [
            {"id": number, **location(uri, span, lines), "message": {"text": "related passage"}}
            for number, span in enumerate(finding.related, start=1)
        ]
    if finding.fix:
        out["fixes"] = [fix_object(uri, finding.fix, lines)]
    if text is not None:
        # The baseline's content fingerprint: the same finding keeps it when lines move, so code
        # scanning matches it across runs.
        from ..baseline import fingerprint

        out["partialFingerprints"] = {"dedupContent/v1": fingerprint(text, finding)}
    out["properties"] = {"category": finding.category}
    if finding.details:
        out["properties"]["details"] = dict(finding.details)
    return out


def render(results: Iterable[CheckResult | CleanResult], errors: Iterable[str] = ()) -> str:
    from .. import __version__

    descriptors, rule_index = rule_descriptors()
    sarif_results: list[dict[str, Any]] = []
    for result in results:
        lines = LineIndex(result.text)
        uri = artifact_uri(result.path)
        sarif_results.extend(result_object(uri, f, lines, rule_index, result.text) for f in result.findings)
    notifications = [{"level": "error", "message": {"text": error}} for error in errors]
    run = {
        "tool": {"driver": {"name": "dedup", "version": __version__, "semanticVersion": __version__,
                            "rules": descriptors}},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": not notifications,
                         "toolExecutionNotifications": notifications}],
        "results": sarif_results,
    }
    report = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
