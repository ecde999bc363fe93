"""The cross-article findings: ids, default severities, and how each is built.

They are findings like any rule's (``--select``, ``--ignore`` and ``--severity`` apply),
but they come from the whole corpus, not from one document, so they are not in the
per-document registry :data:`dedup.rules.ALL_RULES`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Settings
from ..models import Edit, Finding, Severity, Span

CATEGORY = "corpus"
DUPLICATE_ARTICLE = "corpus.duplicate-article"
BOILERPLATE = "corpus.boilerplate"
SHARED_PASSAGE = "corpus.shared-passage"

SUMMARIES = {
    DUPLICATE_ARTICLE: (Severity.WARNING, "The article is a copy (verbatim, near-verbatim or reworded) of another one."),
    BOILERPLATE: (Severity.WARNING, "A line or paragraph found in many articles (scraper boilerplate)."),
    SHARED_PASSAGE: (Severity.INFO, "A paragraph also found in an article that tells another story."),
}

KIND_LABELS = {"exact": "verbatim copy", "near": "near-verbatim copy", "reworded": "reworded copy"}


@dataclass(frozen=True, slots=True)
class Drop:
    """Why an article is dropped: the member its cluster keeps."""

    cluster: int
    kept: str  # name of the kept article
    kind: str  # "exact", "near" or "reworded": how this article joined the cluster
    score: float
    via: str  # name of the member it was verified against


@dataclass(frozen=True, slots=True)
class Mention:
    """A shared passage as seen from one of its two articles."""

    start: int
    end: int
    other: str  # name of the other article
    other_start: int
    other_end: int
    other_line: int
    kind: str  # "exact" or "near"
    score: float


def _finding(settings: Settings, rule: str, span: Span, message: str, fix=(), **details) -> Finding:
    severity = settings.severity_for(rule, SUMMARIES[rule][0])
    return Finding(rule, CATEGORY, severity, span, message, fix=tuple(fix), details=details)


def duplicate_finding(settings: Settings, text: str, drop: Drop) -> Finding:
    label = KIND_LABELS.get(drop.kind, drop.kind)
    via = "" if drop.via == drop.kept else f" (through {drop.via})"
    message = f"Article is a {label} of {drop.kept}{via}, similarity {drop.score:.2f}; cluster {drop.cluster} keeps {drop.kept}"
    return _finding(settings, DUPLICATE_ARTICLE, Span(0, len(text)), message, cluster=drop.cluster,
                    kept=drop.kept, kind=drop.kind, similarity=drop.score, via=drop.via)


def boilerplate_finding(settings: Settings, span: Span, deletion: Span, articles: int) -> Finding:
    message = f"Boilerplate: this passage is found in {articles} articles"
    return _finding(settings, BOILERPLATE, span, message, fix=(Edit(BOILERPLATE, deletion, ""),), articles=articles)


def shared_finding(settings: Settings, mention: Mention) -> Finding:
    label = "word for word" if mention.kind == "exact" else f"nearly word for word ({mention.score:.2f})"
    message = f"Passage also found {label} in {mention.other}, line {mention.other_line}"
    other = {"path": mention.other, "start": mention.other_start, "end": mention.other_end, "line": mention.other_line}
    return _finding(settings, SHARED_PASSAGE, Span(mention.start, mention.end), message,
                    kind=mention.kind, similarity=mention.score, other=other)
