"""Reporting only what is new: findings a baseline holds, or that lie off the lines changed since
a git revision, are hidden and counted (``--baseline``, ``--diff-base``)."""

from __future__ import annotations

import dataclasses
from typing import Callable

from .baseline import load
from .changes import ChangesError, changed_lines, touches
from .models import CheckResult, Finding, LineIndex


class OnlyNew:
    """Hides findings that a baseline holds or that lie off the changed lines, and counts them."""

    def __init__(self, baseline_file: str | None = None, diff_base: str | None = None) -> None:
        self.baseline = load(baseline_file) if baseline_file else None
        self.baseline_file = baseline_file
        self.diff_base = diff_base
        self.hidden = {"baseline": 0, "diff": 0}

    @property
    def active(self) -> bool:
        return bool(self.baseline or self.diff_base)

    def hider(self, path: str, text: str) -> Callable[[Finding], bool] | None:
        """A predicate that is true for each finding of ``text`` to hide (counting it), or None
        when nothing is hidden."""
        tests = []
        if self.diff_base:
            if path in ("-", "<stdin>"):
                raise ChangesError(path, "--diff-base needs files, not standard input")
            lines, index = changed_lines(path, self.diff_base), LineIndex(text)
            tests.append(("diff", lambda f: not touches(text, f, lines, index)))
        if self.baseline:
            tests.append(("baseline", self.baseline.hider(path, text)))
        if not tests:
            return None

        def hide(finding: Finding) -> bool:
            for reason, test in tests:
                if test(finding):
                    self.hidden[reason] += 1
                    return True
            return False

        return hide

    def check(self, result: CheckResult) -> CheckResult:
        hide = self.hider(result.path, result.text)
        if hide is None:
            return result
        return dataclasses.replace(result, findings=tuple(f for f in result.findings if not hide(f)))

    def summary(self) -> list[str]:
        """One line for each kind of hiding in force: how many findings it hid."""
        out = []
        if self.diff_base:
            n = self.hidden["diff"]
            out.append(f"{n} finding{'s' * (n != 1)} off the lines changed since {self.diff_base} not shown")
        if self.baseline:
            n = self.hidden["baseline"]
            out.append(f"{n} finding{'s' * (n != 1)} hidden by the baseline {self.baseline_file}")
        return out
