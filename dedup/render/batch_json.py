"""The JSON report of a batch run: the usual report plus a ``batch`` section (docs/batch-json.md)."""

from __future__ import annotations

from typing import Any, Iterable

from .json import dump, report


def render(files: list[dict[str, Any]], errors: Iterable[str], batch: dict[str, Any]) -> str:
    """``files`` are the per-article entries of :func:`dedup.render.json.file_dict`, in article order."""
    return dump({**report(files, errors), "batch": batch})
