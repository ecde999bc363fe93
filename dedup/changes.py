"""Lines changed since a git revision, for ``--diff-base``: read from ``git diff -U0``.

Git is run in the file's own folder, so the file's repository is the one asked. A missing git,
a file outside any repository, a file git does not track and an unknown revision each raise
:class:`ChangesError`, whose message is one line naming the file.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from typing import Iterable

from .models import Finding, LineIndex

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


class ChangesError(Exception):
    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")


def parse_hunks(diff: str) -> set[int]:
    """The 1-based line numbers of the new file that a ``-U0`` diff adds or changes; where lines
    were only deleted, the lines on either side of the cut.

    >>> sorted(parse_hunks("@@ -1,0 +2,3 @@\\n+a\\n+b\\n+c\\n@@ -9 +12 @@\\n-x\\n+y\\n@@ -20,2 +22,0 @@\\n-z\\n-w\\n"))
    [2, 3, 4, 12, 22, 23]
    """
    lines: set[int] = set()
    for match in _HUNK.finditer(diff):
        start, count = int(match.group(1)), int(match.group(2) or 1)
        lines.update(range(start, start + count) if count else (start, start + 1))
    return lines


def changed_lines(path: str, ref: str) -> set[int]:
    """The lines of ``path`` added or changed since the git revision ``ref``."""
    git = shutil.which("git")
    if git is None:
        raise ChangesError(path, "--diff-base needs git, and git was not found")
    folder, name = os.path.split(os.path.abspath(path))

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([git, "-C", folder, *args], capture_output=True, text=True,
                              encoding="utf-8", errors="replace", stdin=subprocess.DEVNULL)

    inside = run("rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise ChangesError(path, "not in a git repository, so --diff-base cannot tell what changed")
    if run("ls-files", "--error-unmatch", "--", name).returncode != 0:
        raise ChangesError(path, "not tracked by git (git add it, or leave out --diff-base)")
    if run("rev-parse", "--verify", "--quiet", ref + "^{commit}").returncode != 0:
        raise ChangesError(path, f"--diff-base {ref}: no such git revision")
    diff = run("-c", "core.quotepath=off", "diff", "-U0", "--no-color", "--no-ext-diff", ref, "--", name)
    if diff.returncode != 0:
        raise ChangesError(path, f"git diff failed: {diff.stderr.strip().splitlines()[-1:] or ['no message']}")
    return parse_hunks(diff.stdout)


def touches(text: str, finding: Finding, lines: set[int], index: LineIndex | None = None) -> bool:
    """Whether the finding's span or one of its related spans lies on a line in ``lines``."""
    index = index or LineIndex(text)
    for span in (finding.span, *finding.related):
        first = index.position(span.start)[0]
        last = index.position(max(span.start, span.end - 1))[0]
        if any(line in lines for line in range(first, last + 1)):
            return True
    return False


def only_touching(text: str, findings: Iterable[Finding], lines: set[int]) -> list[Finding]:
    index = LineIndex(text)
    return [f for f in findings if touches(text, f, lines, index)]
