"""The JSON report. Its format is documented in docs/json-report.md and versioned."""

from __future__ import annotations

import io
import json
from collections import Counter
from typing import Any, Iterable

from ..models import CheckResult, CleanResult, LineIndex
from .common import edit_dict, finding_dict

SCHEMA_VERSION = 1


def file_dict(result: CheckResult | CleanResult) -> dict[str, Any]:
    lines = LineIndex(result.text)
    out: dict[str, Any] = {"path": result.path, "findings": [finding_dict(f, lines) for f in result.findings]}
    if isinstance(result, CleanResult):
        out["changed"] = result.changed
        out["edits"] = [edit_dict(e, lines) for e in result.edits]
    return out


def render(results: Iterable[CheckResult | CleanResult], errors: Iterable[str] = ()) -> str:
    return dump(report([file_dict(r) for r in results], errors))


def dump(report_object: dict[str, Any]) -> str:
    # Written piece by piece: json.dumps with an indent first lists every piece (numbers, keys,
    # indents) of the text, which for a corpus's report takes several times the text's size.
    text = io.StringIO()
    json.dump(report_object, text, ensure_ascii=False, indent=2)
    text.write("\n")
    return text.getvalue()


def report(files: list[dict[str, Any]], errors: Iterable[str]) -> dict[str, Any]:
    """The report object around per-file entries (see :func:`file_dict`)."""
    from .. import __version__

    severities = Counter(f["severity"] for fd in files for f in fd["findings"])
    rules = Counter(f["rule"] for fd in files for f in fd["findings"])
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "dedup", "version": __version__},
        "files": files,
        "errors": list(errors),
        "summary": {
            "files": len(files),
            "findings": sum(severities.values()),
            "by_severity": dict(sorted(severities.items())),
            "by_rule": dict(sorted(rules.items())),
        },
    }
