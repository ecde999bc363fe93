"""The manifest of an output folder: what a batch clean wrote there, and whether it finished.

``.dedup-manifest.json`` (hidden, so a later run over the folder does not read it as an
article) is rewritten twice per run:

1. before the first output is written, marked incomplete and listing every file this run
   or an earlier one may have written there;
2. after the last output is written, marked complete and listing exactly the files this run
   wrote; outputs of earlier runs that this run did not write (an article now dropped as a
   duplicate, an input since deleted) are removed first.

A folder whose manifest is missing or says ``"complete": false`` is not a finished output:
the run was interrupted. Only files a manifest lists are ever removed.
"""

from __future__ import annotations

import json
import os
from typing import Iterable

from ..io import write_atomic

NAME = ".dedup-manifest.json"


def _path(folder: str) -> str:
    return os.path.join(folder, NAME)


def _relative(folder: str, paths: Iterable[str]) -> set[str]:
    return {os.path.relpath(p, folder).replace(os.sep, "/") for p in paths}


def _write(folder: str, complete: bool, files: Iterable[str]) -> None:
    body = {"tool": "dedup", "complete": complete, "files": sorted(files)}
    os.makedirs(folder, exist_ok=True)
    write_atomic(_path(folder), (json.dumps(body, indent=1) + "\n").encode("utf-8"))


def listed(folder: str) -> set[str]:
    """The files an earlier run's manifest lists (relative to ``folder``); none without one."""
    try:
        with open(_path(folder), encoding="utf-8") as handle:
            files = json.load(handle).get("files", [])
    except (OSError, ValueError, AttributeError):
        return set()
    return {f for f in files if isinstance(f, str) and not os.path.isabs(f) and ".." not in f.split("/")}


def begin(folder: str, targets: Iterable[str]) -> set[str]:
    """Mark ``folder`` incomplete before writing; returns what earlier runs wrote there."""
    earlier = listed(folder)
    _write(folder, False, earlier | _relative(folder, targets))
    return earlier


def finish(folder: str, written: Iterable[str], earlier: set[str]) -> list[str]:
    """Remove what earlier runs wrote and this one did not, then mark ``folder`` complete.

    Returns the removed files (relative to ``folder``), sorted.
    """
    now = _relative(folder, written)
    removed = []
    for relative in sorted(earlier - now):
        path = os.path.join(folder, *relative.split("/"))
        if os.path.isfile(path) and not os.path.islink(path):
            os.unlink(path)
            removed.append(relative)
    _write(folder, True, now)
    return removed
