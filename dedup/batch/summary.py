"""The batch summary as plain data: the ``batch`` section of the JSON report (see docs/batch-json.md).

The text report is rendered from the same data, so the two never disagree.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..models import Severity
from .apply import WHOLE_RESULT_FORMATS
from .passages import boilerplate_threshold
from .run import BatchResult, Location


def worst_severity(result: BatchResult) -> Severity | None:
    """The highest severity of any finding of the run, or None."""
    worst = max((r.worst for r in result.reports), default=0)
    return Severity(worst) if worst else None


def batch_section(result: BatchResult) -> dict[str, Any]:
    """The ``batch`` section: counts, clusters, boilerplate, shared passages and per-file counts."""
    config = result.config
    stories = len(result.refs) - sum(len(c.dropped) for c in result.clusters)
    names = [r.name for r in result.refs]
    return {
        "mode": result.mode,
        "articles": len(result.refs),
        "input_files": len(result.files),
        "keep": config.keep,
        "thresholds": {
            "near_ratio": config.near_ratio,
            "reworded_coverage": config.reworded_coverage,
            "passage_near_ratio": config.passage_near_ratio,
            "boilerplate_min_articles": boilerplate_threshold(stories, config),
            "min_article_words": config.min_article_words,
        },
        "duplicates": {
            "clusters": len(result.clusters),
            "articles_dropped": sum(len(c.dropped) for c in result.clusters),
        },
        "clusters": [_cluster(c, names) for c in result.clusters],
        "boilerplate": [
            {"text": text, "articles": b.articles, "stories": b.stories, "words": b.words,
             "example": _location(where)}
            for b, text, where in result.boilerplate
        ],
        "shared_passages": [
            {"kind": s.kind, "similarity": s.score, "words": words, "first": _location(first),
             "second": _location(second)}
            for s, first, second, words in result.shared
        ],
        "files": per_file(result),
        "removed_outputs": list(result.removed),
    }


def _cluster(c, names: list[str]) -> dict[str, Any]:
    kinds = sorted({m.kind for m in c.members if m.row != c.kept})
    return {
        "id": c.number,
        "size": len(c.members),
        "kept": names[c.kept],
        "kinds": kinds,
        "members": [
            {"path": names[m.row], "kept": m.row == c.kept, "relation": m.kind, "similarity": m.score,
             "via": names[m.via]}
            for m in c.members
        ],
    }


def _location(where: Location) -> dict[str, Any]:
    return {"path": where.name, "line": where.line, "start": where.start, "end": where.end}


def per_file(result: BatchResult) -> list[dict[str, Any]]:
    """Counts for each input file (a JSONL corpus counts all its records)."""
    by_path: dict[str, dict[str, Any]] = {}
    for f in result.files:
        by_path[f.path] = {"path": f.path, "articles": 0, "findings": 0, "by_severity": Counter(),
                           "duplicates": 0, "boilerplate": 0, "shared_passages": 0, "changed": 0,
                           "written": result.outputs.get(f.path)}
    for r in result.reports:
        entry = by_path.get(r.path)
        if entry is None:
            continue
        entry["articles"] += 1
        entry["findings"] += sum(r.severities.values())
        entry["by_severity"].update(r.severities)
        entry["duplicates"] += r.dropped
        entry["boilerplate"] += r.boilerplate
        entry["shared_passages"] += r.shared
        entry["changed"] += r.changed
    out = []
    for path in sorted(by_path):
        entry = by_path[path]
        entry["by_severity"] = dict(sorted(entry["by_severity"].items()))
        out.append(entry)
    return out


def severity_totals(result: BatchResult) -> dict[str, int]:
    totals: Counter[str] = Counter()
    for r in result.reports:
        totals.update(r.severities)
    return dict(totals)


def render_report(result: BatchResult, report_format: str) -> str:
    """The whole report of a batch run in ``report_format``.

    JSON and text carry the ``batch`` section too; the other formats list each article's
    findings, the corpus findings among them, as they do for single files.
    """
    errors = [str(e) for e in result.errors]
    if report_format in WHOLE_RESULT_FORMATS:
        from importlib import import_module

        return import_module(f"dedup.render.{report_format}").render([r.payload for r in result.reports], errors)
    batch = batch_section(result)
    if report_format == "json":
        from ..render import batch_json

        return batch_json.render([r.payload for r in result.reports], errors, batch)
    from ..render import batch_text

    return batch_text.render((r.payload for r in result.reports), batch, errors, severity_totals(result))
