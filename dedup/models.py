"""The plain data that flows through the pipeline: spans, findings, edits and results.

Every position is a code-point offset into the decoded original text. Line and column
numbers are derived only when a report is rendered (see :class:`LineIndex`).
"""

from __future__ import annotations

import bisect
import enum
from dataclasses import dataclass, field
from typing import Any, Mapping


class Severity(enum.IntEnum):
    """How much a finding matters. Ordered, so ``--fail-level`` is a comparison."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> "Severity":
        """
        >>> Severity.parse("Warning")
        <Severity.WARNING: 2>
        """
        try:
            return cls[name.strip().upper()]
        except KeyError:
            choices = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown severity {name!r} (choose from {choices})") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of code points in the original text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``span`` of the original with ``replacement``.

    A deletion has an empty replacement; a repaired break is a zero-width span
    with a whitespace replacement. Replaying the edits of a clean run reproduces
    its output (see :func:`dedup.clean.apply_edits`).
    """

    rule: str
    span: Span
    replacement: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a rule noticed.

    ``related`` holds the other places involved (the earlier copy, the
    counterpart of a conflict). ``fix`` holds the edits that ``clean`` may apply,
    always when ``applicability`` is "safe", only when asked when it is "unsafe";
    a finding without a fix is only reported. ``details`` carries rule-specific
    plain data (scores, pairs, differing tokens) for the JSON report.
    """

    rule: str
    category: str
    severity: Severity
    span: Span
    message: str
    related: tuple[Span, ...] = ()
    fix: tuple[Edit, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # "safe": ``clean`` applies the fix; "unsafe": it could lose meaning (a fact only this
    # passage has), so ``clean`` applies it only with unsafe fixes turned on.
    applicability: str = "safe"

    def sort_key(self) -> tuple[int, int, str]:
        return (self.span.start, self.span.end, self.rule)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What checking one text produced."""

    text: str
    findings: tuple[Finding, ...]
    path: str = "<text>"

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def at_or_above(self, level: Severity) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity >= level)


@dataclass(frozen=True, slots=True)
class CleanResult:
    """What cleaning one text produced: the output, the edits that make it, and why."""

    text: str
    cleaned: str
    edits: tuple[Edit, ...]
    findings: tuple[Finding, ...]
    path: str = "<text>"

    @property
    def changed(self) -> bool:
        return self.cleaned != self.text


class LineIndex:
    """Maps offsets to 1-based (line, column) pairs; columns count code points.

    >>> LineIndex("ab\\ncd").position(4)
    (2, 2)
    """

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
