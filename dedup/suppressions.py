"""Inline suppressions: comments in an article that silence findings, as markdownlint's do.

In Markdown and HTML::

    <!-- dedup-disable duplicate -->        from here ...
    <!-- dedup-enable duplicate -->         ... to here (or to the end of the text)
    <!-- dedup-disable-next-line -->        the next line that is not blank
    <!-- dedup-disable-file truncation -->  the whole text

In plain text, the same words on a line of their own after ``#`` or ``//``. Rules are ids or
prefixes separated by commas or spaces; none means every rule. A finding is suppressed when its
span touches a place disabled for its rule. Cleaning never deletes text that a suppression covers
(see :func:`apply`): the comments themselves, the ranges and lines they disable, and the spans of
the findings they suppressed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .models import Edit, Finding, Severity, Span

UNUSED = "suppression.unused"

_WORDS = r"dedup-(?P<kind>disable-next-line|disable-file|disable|enable)(?![\w-])"
_HTML = re.compile(r"<!--[ \t]*" + _WORDS + r"(?P<rules>[^>]*?)[ \t]*-->")
_LINE = re.compile(r"^[ \t]*(?:#|//)[ \t]*" + _WORDS + r"(?P<rules>[^\n]*?)[ \t]*\r?$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Directive:
    """One suppression comment and the part of the text it disables."""

    kind: str  # "disable", "enable", "disable-next-line" or "disable-file"
    rules: tuple[str, ...]  # ids or prefixes; empty: every rule
    comment: Span  # the comment itself
    scope: Span  # what it disables (empty for "enable")

    def covers(self, rule: str) -> bool:
        return not self.rules or any(rule == p or rule.startswith(p.rstrip(".") + ".") for p in self.rules)

    def suppresses(self, finding: Finding) -> bool:
        if self.kind == "enable" or finding.rule.startswith("suppression.") or not self.covers(finding.rule):
            return False
        return _touches(self.scope, finding.span)

    @property
    def label(self) -> str:
        return f"dedup-{self.kind}" + (" " + ", ".join(self.rules) if self.rules else "")


def _touches(scope: Span, span: Span) -> bool:
    if len(span) == 0:
        return scope.start <= span.start <= scope.end
    return scope.overlaps(span)


def parse(text: str) -> list[Directive]:
    """Every suppression comment in ``text``, in order, with what it disables.

    >>> text = "a\\n<!-- dedup-disable-next-line duplicate -->\\n\\nbe kept\\n"
    >>> [(d.kind, d.rules, text[d.scope.start : d.scope.end]) for d in parse(text)]
    [('disable-next-line', ('duplicate',), 'be kept')]
    >>> [(d.kind, d.rules) for d in parse("x\\n# dedup-disable-file break, truncation.no-verb\\n")]
    [('disable-file', ('break', 'truncation.no-verb'))]
    """
    if "dedup-" not in text:
        return []
    found = sorted((m for pattern in (_HTML, _LINE) for m in pattern.finditer(text)), key=lambda m: m.start())
    directives: list[Directive] = []
    open_ranges: list[tuple[tuple[str, ...], Span]] = []  # (rules, comment) of a disable not yet enabled
    for match in found:
        kind = match.group("kind")
        rules = tuple(r for r in re.split(r"[\s,]+", match.group("rules")) if r)
        comment = Span(match.start(), match.end())
        if kind == "disable":
            open_ranges.append((rules, comment))
            continue
        if kind == "enable":
            still_open = []
            for opened, at in open_ranges:
                if not rules or opened == rules:
                    directives.append(Directive("disable", opened, at, Span(at.end, comment.start)))
                else:
                    still_open.append((opened, at))
            open_ranges = still_open
            directives.append(Directive("enable", rules, comment, Span(comment.end, comment.end)))
        elif kind == "disable-file":
            directives.append(Directive(kind, rules, comment, Span(0, len(text))))
        else:
            directives.append(Directive(kind, rules, comment, _next_line(text, comment.end)))
    directives += [Directive("disable", rules, at, Span(at.end, len(text))) for rules, at in open_ranges]
    return sorted(directives, key=lambda d: d.comment.start)


def _next_line(text: str, position: int) -> Span:
    """The first line after the one that holds ``position`` with anything on it."""
    start = text.find("\n", position)
    while start != -1:
        end = text.find("\n", start + 1)
        end = len(text) if end == -1 else end
        if text[start + 1 : end].strip():
            return Span(start + 1, end - (text[end - 1 : end] == "\r"))
        start = end if end < len(text) else -1
    return Span(len(text), len(text))


def masked(text: str, directives: Iterable[Directive]) -> str:
    """``text`` with every suppression comment blanked out by spaces, line breaks and offsets kept.

    >>> masked("a\\n# dedup-disable\\nb", parse("a\\n# dedup-disable\\nb"))
    'a\\n               \\nb'
    """
    chars = None
    for directive in directives:
        chars = chars or list(text)
        for i in range(directive.comment.start, directive.comment.end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars) if chars else text


@dataclass(frozen=True, slots=True)
class Suppressed:
    """Findings after the suppressions: those reported, those silenced, and what cleaning keeps."""

    findings: tuple[Finding, ...]
    suppressed: tuple[Finding, ...]
    protected: tuple[Span, ...]  # text no fix may delete
    directives: tuple[Directive, ...]

    def trim(self, text: str, edits: Iterable[Edit]) -> list[Edit]:
        """``edits`` with every protected span taken out of them.

        An insertion (a mended break) stays; a replacement that meets a protected span goes. A
        deletion that meets (or ends at) a protected span is cut around it, and of the pieces only
        those with more than white space in them are kept; a piece that takes the break before it
        leaves the break before the protected span.
        """
        out = []
        for edit in edits:
            hits = sorted(p for p in self.protected if p.overlaps(edit.span) or p.start == edit.span.end)
            if not len(edit.span) or not hits:
                out.append(edit)
                continue
            if edit.replacement:  # a replacement is whole or nothing
                continue
            start = edit.span.start
            for piece_end, next_start in [(p.start, p.end) for p in hits] + [(edit.span.end, None)]:
                if next_start is not None and text[start : start + 1].isspace():
                    # A piece that takes the break before it leaves the one before the protected span.
                    piece_end = start + len(text[start:piece_end].rstrip())
                if piece_end > start and text[start:piece_end].strip():
                    out.append(Edit(edit.rule, Span(start, piece_end), "", edit.reason))
                start = max(start, next_start or start)
        return out

    def with_unused(self, every: Iterable[Finding], category: str, severity: Severity) -> "Suppressed":
        """These findings with one ``suppression.unused`` finding for each comment that suppresses
        none of ``every`` (the findings of every rule)."""
        reports = []
        for directive in unused(self.directives, every):
            what = "" if not directive.rules else " of " + ", ".join(directive.rules)
            reports.append(Finding(
                rule=UNUSED, category=category, severity=severity, span=directive.comment,
                message=f"'{directive.label}' suppresses nothing: there is no finding{what} where it applies",
                details={"kind": directive.kind, "rules": list(directive.rules)},
            ))
        findings = tuple(sorted((*self.findings, *reports), key=Finding.sort_key))
        return Suppressed(findings, self.suppressed, self.protected, self.directives)


def apply(directives: Iterable[Directive], findings: Iterable[Finding]) -> Suppressed:
    """Split ``findings`` into those reported and those suppressed by ``directives``."""
    findings = tuple(findings)
    directives = tuple(directives)
    if not directives:
        return Suppressed(findings, (), (), ())
    kept, silenced = [], []
    for finding in findings:
        (silenced if any(d.suppresses(finding) for d in directives) else kept).append(finding)
    protected = [d.comment for d in directives]
    protected += [d.scope for d in directives if d.kind in ("disable", "disable-next-line") and len(d.scope)]
    protected += [f.span for f in silenced if len(f.span)]
    return Suppressed(tuple(kept), tuple(silenced), tuple(protected), directives)


def unused(directives: Iterable[Directive], findings: Iterable[Finding]) -> list[Directive]:
    """The directives (other than ``enable``) that suppress none of ``findings``."""
    findings = tuple(findings)
    return [d for d in directives if d.kind != "enable" and not any(d.suppresses(f) for f in findings)]
