"""The library entry points: check a text, clean a text."""

from __future__ import annotations

import dataclasses
from typing import Callable

from . import suppressions
from .clean import apply_edits, compose, fixes
from .config import DEFAULT_SETTINGS, Settings
from .models import CheckResult, CleanResult, Edit, Finding, Span
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

    Cleaning settles: a removal can leave what a first reading would have removed too (a title
    right under a copy of itself once the paragraphs between go), so the cleaned text is read
    again, up to :data:`SETTLING_PASSES` times, until nothing more changes, and the edits of
    every pass are given as edits of ``text``. Cleaning twice then changes nothing more. The
    findings are those of the first reading. With ``hide`` (a baseline, changed lines), which
    speaks of ``text`` alone, the first reading is the only one; with ``keep_unique``, the
    readings stop before one would take a sentence the first kept for what only it says.
    """
    doc, outcome = analyse(text, settings)
    findings = outcome.findings if hide is None else tuple(f for f in outcome.findings if not hide(f))
    edits = _edits(doc, outcome, findings, settings)
    cleaned = apply_edits(text, edits)
    kept = [span for span in _kept_on_purpose(outcome.findings, settings) if not any(span.overlaps(e.span) for e in edits)]
    for _ in range(SETTLING_PASSES if hide is None and edits else 0):
        again, more_outcome = analyse(cleaned, settings)
        more = _edits(again, more_outcome, more_outcome.findings, settings)
        if not more:
            break
        settled = tuple(compose(text, edits, more))
        if any(span.overlaps(e.span) for span in kept for e in settled):
            break  # what only a copy says, kept on purpose, stays as the first reading left it
        edits, cleaned = settled, apply_edits(text, settled)
    return CleanResult(text=text, cleaned=cleaned, edits=edits, findings=findings, path=path)


def _kept_on_purpose(findings: tuple[Finding, ...], settings: Settings) -> list[Span]:
    """With ``keep_unique``, the sentences of removed copies that the first reading keeps for
    their plain words: a later reading, which sees them without the copy, must not take them.
    (News needs no such care: every reading keeps a sentence whose facts the text it leaves
    lacks, so no fact is lost however many readings there are.)"""
    if not settings.keep_unique:
        return []
    return [f.span for f in findings if f.rule == "duplicate.only-in-removed"]


# Readings of the cleaned text after the first; one more is almost always enough.
SETTLING_PASSES = 3


def _edits(doc: Document, outcome: suppressions.Suppressed, findings: tuple[Finding, ...],
           settings: Settings) -> tuple[Edit, ...]:
    """The edits of the fixes that apply: safe ones, and unsafe ones when asked."""
    fixable = {rule.id for rule in ALL_RULES if rule.fixes}
    applied = [f for f in findings if f.rule in fixable and (f.applicability == "safe" or settings.unsafe_fixes)]
    return tuple(outcome.trim(doc.text, fixes(doc.text, applied)))
