"""The library entry points: check a text, clean a text."""

from __future__ import annotations

from .clean import apply_edits, fixes
from .config import DEFAULT_SETTINGS, Settings
from .models import CheckResult, CleanResult, Finding
from .rules import ALL_RULES
from .segment import Document, segment


def find(doc: Document, settings: Settings) -> tuple[Finding, ...]:
    """Run every enabled rule over a segmented document."""
    findings: list[Finding] = []
    for rule in ALL_RULES:
        if settings.rule_enabled(rule.id):
            findings.extend(rule.run(doc, settings))
    return tuple(sorted(findings, key=Finding.sort_key))


def check_text(text: str, settings: Settings = DEFAULT_SETTINGS, path: str = "<text>") -> CheckResult:
    """Check one text and return its findings.

    >>> check_text("A short and clean note about the weather today.\\n").findings
    ()
    """
    return CheckResult(text=text, findings=find(segment(text), settings), path=path)


def clean_text(text: str, settings: Settings = DEFAULT_SETTINGS, path: str = "<text>") -> CleanResult:
    """Clean one text: the cleaned text, the edits that make it, and the findings behind them."""
    findings = find(segment(text), settings)
    fixable = {rule.id for rule in ALL_RULES if rule.fixes}
    applied = [f for f in findings if f.rule in fixable and (f.applicability == "safe" or settings.unsafe_fixes)]
    edits = tuple(fixes(text, applied))
    return CleanResult(text=text, cleaned=apply_edits(text, edits), edits=edits, findings=findings, path=path)
