"""The library entry points: check a text, clean a text."""

from __future__ import annotations

import dataclasses
from typing import Callable

from . import suppressions
from .clean import apply_edits, fixes
from .config import DEFAULT_SETTINGS, Settings
from .models import CheckResult, CleanResult, Finding
from .rules import ALL_RULES, get
from .segment import Document, segment


def run_rules(doc: Document, settings: Settings) -> list[Finding]:
    """Every enabled rule's findings, before suppression comments are read."""
    findings: list[Finding] = []
    for rule in ALL_RULES:
        if settings.rule_enabled(rule.id):
            findings.extend(rule.run(doc, settings))
    return sorted(findings, key=Finding.sort_key)


def find(doc: Document, settings: Settings) -> tuple[Finding, ...]:
    """Run every enabled rule over a segmented document; suppressed findings are left out."""
    return suppressions.apply(suppressions.parse(doc.text), run_rules(doc, settings)).findings


def analyse(text: str, settings: Settings) -> tuple[Document, suppressions.Suppressed]:
    """Segment ``text`` and run the rules, with its suppression comments applied.

    The comments are read first and blanked out (offsets kept) before the text is segmented,
    so that a comment line neither joins the paragraph next to it nor is judged as prose.
    """
    directives = suppressions.parse(text)
    doc = segment(suppressions.masked(text, directives))
    findings = run_rules(doc, settings)
    outcome = suppressions.apply(directives, findings)
    if directives and settings.rule_enabled(suppressions.UNUSED):
        # A comment counts as used when any rule, run or not, would have fired where it stands.
        everything = dataclasses.replace(settings, select=(), ignore=())
        every = findings if everything == settings else run_rules(doc, everything)
        rule = get(suppressions.UNUSED)
        outcome = outcome.with_unused(every, rule.category, settings.severity_for(rule.id, rule.severity))
    return doc, outcome


def check_text(text: str, settings: Settings = DEFAULT_SETTINGS, path: str = "<text>") -> CheckResult:
    """Check one text and return its findings.

    >>> check_text("A short and clean note about the weather today.\\n").findings
    ()
    """
    return CheckResult(text=text, findings=analyse(text, settings)[1].findings, path=path)


def clean_text(text: str, settings: Settings = DEFAULT_SETTINGS, path: str = "<text>",
               hide: Callable[[Finding], bool] | None = None) -> CleanResult:
    """Clean one text: the cleaned text, the edits that make it, and the findings behind them.

    No edit deletes text that a suppression comment covers (see dedup.suppressions). Findings
    for which ``hide`` is true (those in a baseline, say) are left out, and so are their fixes.
    """
    doc, outcome = analyse(text, settings)
    findings = outcome.findings if hide is None else tuple(f for f in outcome.findings if not hide(f))
    fixable = {rule.id for rule in ALL_RULES if rule.fixes}
    applied = [f for f in findings if f.rule in fixable and (f.applicability == "safe" or settings.unsafe_fixes)]
    edits = tuple(outcome.trim(doc.text, fixes(doc.text, applied)))
    return CleanResult(text=text, cleaned=apply_edits(text, edits), edits=edits, findings=findings, path=path)
