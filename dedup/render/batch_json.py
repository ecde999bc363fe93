"""The JSON report of a batch run: the usual report plus a ``batch`` section (docs/batch-json.md)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Iterable

from .json import SCHEMA_VERSION


def render(files: list[dict[str, Any]], errors: Iterable[str], batch: dict[str, Any]) -> str:
    """``files`` are the per-article entries of :func:`dedup.render.json.file_dict`, in article order."""
    from .. import __version__

    severities = Counter(f["severity"] for fd in files for f in fd["findings"])
    rules = Counter(f["rule"] for fd in files for f in fd["findings"])
    report = {
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
        "batch": batch,
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
