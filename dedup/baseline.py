"""A baseline: today's findings, recorded so that later runs report only new ones.

A finding is recorded by a content fingerprint, not by its line: its rule, the normalised text
of its span and of its first related span (the earlier copy, the other side of a conflict). A
finding keeps its fingerprint when lines are added above it or the file is re-wrapped, and a
baseline says how many findings of each fingerprint each file had, so that a third copy of a
paragraph recorded twice is still reported.

The file is JSON, sorted, with paths relative to the baseline's own folder, so it reads well in
a diff and means the same from any working folder.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterable

from .io import read_dedup_document
from .models import Finding
from .normalize import fold

SCHEMA_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be used; the message is one line naming the file."""

    def __init__(self, path: str | os.PathLike, problem: str) -> None:
        super().__init__(f"{path}: {problem}")


def fingerprint(text: str, finding: Finding) -> str:
    """The content fingerprint of one finding of ``text``.

    >>> from dedup.models import Finding, Severity, Span
    >>> def at(start, end):
    ...     return Finding("duplicate.sentence", "duplicate", Severity.WARNING, Span(start, end), "")
    >>> text = "Rain  on.\\n\\nRAIN on.\\n\\nSnow on."
    >>> fingerprint(text, at(0, 9)) == fingerprint(text, at(11, 19))  # case and spacing aside
    True
    >>> fingerprint(text, at(0, 9)) == fingerprint(text, at(21, 29))
    False
    """
    parts = [finding.rule, fold(text[finding.span.start : finding.span.end])]
    if finding.related:
        first = finding.related[0]
        parts.append(fold(text[first.start : first.end]))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


@dataclass(slots=True)
class Baseline:
    """Fingerprint counts per file, with paths relative to ``root``."""

    root: Path
    counts: Counter = field(default_factory=Counter)  # (path, rule, fingerprint) -> how many
    path: str = ""

    def key(self, path: str) -> str:
        """How a checked file is named in the baseline: relative to its folder, POSIX style."""
        if path in ("-", "<stdin>", "<text>"):
            return path
        absolute = os.path.abspath(path)
        try:
            return PurePosixPath(Path(absolute).relative_to(os.path.abspath(self.root))).as_posix()
        except ValueError:
            return Path(absolute).as_posix()

    def add(self, path: str, text: str, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.counts[(self.key(path), finding.rule, fingerprint(text, finding))] += 1

    def hider(self, path: str, text: str):
        """A predicate telling which findings of ``text`` the baseline holds; each recorded
        finding hides one finding with its fingerprint, no more."""
        left = Counter({k: n for k, n in self.counts.items() if k[0] == self.key(path)})

        def hidden(finding: Finding) -> bool:
            key = (self.key(path), finding.rule, fingerprint(text, finding))
            if left[key] > 0:
                left[key] -= 1
                return True
            return False

        return hidden

    def dumps(self) -> str:
        entries = [{"path": p, "rule": r, "fingerprint": f, "count": n} for (p, r, f), n in sorted(self.counts.items())]
        return json.dumps({"schema_version": SCHEMA_VERSION, "tool": "dedup", "findings": entries},
                          indent=2, ensure_ascii=False) + "\n"


def new_baseline(output: str | os.PathLike) -> Baseline:
    return Baseline(root=Path(os.path.abspath(output)).parent, path=str(output))


def load(path: str | os.PathLike) -> Baseline:
    """Read a baseline file; a missing or malformed one raises :class:`BaselineError`."""
    data = read_dedup_document(path, "baseline", "findings", SCHEMA_VERSION, BaselineError,
                               "no such baseline file (make one with 'dedup baseline PATHS -o FILE')")
    baseline = new_baseline(path)
    for entry in data["findings"]:
        try:
            key = (str(entry["path"]), str(entry["rule"]), str(entry["fingerprint"]))
            count = int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise BaselineError(path, f"not a baseline: bad entry {json.dumps(entry)[:80]}") from None
        baseline.counts[key] += count
    return baseline
