"""What a rule is: data (id, category, default severity, examples) plus a check function.

A check function looks at a :class:`~dedup.segment.Document` and yields :class:`Hit`
objects; :meth:`Rule.run` turns them into :class:`~dedup.models.Finding` objects with
the rule's id and the severity the settings give it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping

from ..config import Settings
from ..models import Edit, Finding, Severity, Span
from ..segment import Document


@dataclass(frozen=True, slots=True)
class Hit:
    span: Span
    message: str
    related: tuple[Span, ...] = ()
    fix: tuple[tuple[Span, str], ...] = ()  # (span, replacement) pairs
    details: Mapping[str, Any] = field(default_factory=dict)
    unsafe: bool = False  # the fix could lose a fact: applied only with unsafe fixes


Check = Callable[[Document, Settings], Iterator[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str  # stable dotted id, e.g. "duplicate.second-version"
    category: str
    severity: Severity  # the default; settings may override it
    summary: str  # one line for ``dedup rules``
    explanation: str  # a paragraph for ``dedup explain``
    check: Check
    flagged: tuple[str, ...] = ()  # example texts this rule must flag
    passes: tuple[str, ...] = ()  # example texts this rule must not flag
    fixes: bool = False  # whether ``clean`` may apply its findings

    def run(self, doc: Document, settings: Settings) -> Iterator[Finding]:
        severity = settings.severity_for(self.id, self.severity)
        for hit in self.check(doc, settings):
            yield Finding(
                rule=self.id,
                category=self.category,
                severity=severity,
                span=hit.span,
                message=hit.message,
                related=hit.related,
                fix=tuple(Edit(self.id, span, replacement) for span, replacement in hit.fix),
                details=dict(hit.details),
                applicability="unsafe" if hit.unsafe else "safe",
            )


@dataclass(slots=True)
class RuleSet:
    """Collects the rules of one module in declaration order (no global registry)."""

    category: str
    rules: list[Rule] = field(default_factory=list)

    def rule(self, id: str, severity: Severity, summary: str, *, flagged=(), passes=(), fixes=False):
        def register(check: Check) -> Check:
            explanation = " ".join((check.__doc__ or summary).split())
            self.rules.append(
                Rule(id, self.category, severity, summary, explanation, check, tuple(flagged), tuple(passes), fixes)
            )
            return check

        return register
