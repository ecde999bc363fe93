"""An editor's decisions on the edits of a clean run: which ones apply.

The review page (``dedup clean FILE --review PAGE``) numbers the edits of the clean run in order
and lets the editor reject any of them, and offers the unsafe fixes the run left out (a sentence
with news in a repeated copy), off until the editor applies one; it exports the cleaned text and
a decisions file.
``dedup clean FILE --decisions FILE`` reads the decisions back and applies the accepted edits
only, giving the same text the page exported. Edits never overlap, so any choice of them applies.

A decisions file records the original text's SHA-256 and every edit's rule and span; it is
refused for another version of the article, or for a clean run that proposes other edits (other
settings, another dedup).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any

from .clean import apply_edits
from .io import read_dedup_document
from .models import CleanResult, Edit, Span

SCHEMA_VERSION = 1


class DecisionsError(Exception):
    """A decisions file that cannot be applied; the message is one line naming the file."""

    def __init__(self, path: str | os.PathLike, problem: str) -> None:
        super().__init__(f"{path}: {problem}")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Proposal:
    """One edit the editor decides on: applied by default unless ``unsafe``."""

    id: int
    edit: Edit
    unsafe: bool = False  # a fix that could lose a fact (news in a repeated copy): off by default


def proposals(result: CleanResult) -> list[Proposal]:
    """The edits of a clean run (numbered first, in order), then the unsafe fixes it left out, each
    cut so that it overlaps no other edit; sorted by where they start."""
    out = [Proposal(number, edit) for number, edit in enumerate(result.edits)]
    taken = [edit.span for edit in result.edits]
    for finding in result.findings:
        if finding.applicability != "unsafe":
            continue
        for edit in finding.fix:
            if edit.replacement:
                if not any(span.overlaps(edit.span) for span in taken) and edit not in result.edits:
                    out.append(Proposal(len(out), edit, unsafe=True))
                    taken.append(edit.span)
                continue
            for piece in _outside(edit.span, taken):
                if result.text[piece.start : piece.end].strip():
                    out.append(Proposal(len(out), Edit(edit.rule, piece, "", edit.reason), unsafe=True))
                    taken.append(piece)
    return sorted(out, key=lambda p: (p.edit.span.start, p.edit.span.end, p.id))


def _outside(span: Span, taken: list[Span]) -> list[Span]:
    """The parts of ``span`` that no span in ``taken`` covers.

    >>> _outside(Span(0, 10), [Span(2, 4), Span(8, 12)])
    [Span(start=0, end=2), Span(start=4, end=8)]
    """
    pieces, start = [], span.start
    for other in sorted(s for s in taken if s.overlaps(span)):
        if other.start > start:
            pieces.append(Span(start, other.start))
        start = max(start, other.end)
    if start < span.end:
        pieces.append(Span(start, span.end))
    return pieces


def edit_table(result: CleanResult) -> list[dict[str, Any]]:
    """The proposals of a clean run as the page and the decisions file list them."""
    return [{"id": p.id, "rule": p.edit.rule, "start": p.edit.span.start, "end": p.edit.span.end,
             "replacement": p.edit.replacement, "unsafe": p.unsafe} for p in proposals(result)]


def decisions(result: CleanResult, rejected: set[int] = frozenset(), applied: set[int] = frozenset()) -> dict[str, Any]:
    """A decisions file: every edit of the clean run applied but those in ``rejected``, and the unsafe
    fixes in ``applied``."""
    return {"schema_version": SCHEMA_VERSION, "tool": "dedup", "text_sha256": text_hash(result.text),
            "edits": [{"id": e["id"], "rule": e["rule"], "start": e["start"], "end": e["end"],
                       "accepted": e["id"] in applied or (not e["unsafe"] and e["id"] not in rejected)}
                      for e in edit_table(result)]}


def load(path: str | os.PathLike) -> dict[str, Any]:
    data = read_dedup_document(path, "decisions", "edits", SCHEMA_VERSION, DecisionsError, "no such decisions file")
    return data


def apply(result: CleanResult, data: dict[str, Any], path: str | os.PathLike) -> CleanResult:
    """``result`` with only the edits the decisions accept."""
    if data.get("text_sha256") != text_hash(result.text):
        raise DecisionsError(path, "made for another version of the article (its text has changed); "
                                   "review it again")
    ours = [(e["id"], e["rule"], e["start"], e["end"]) for e in edit_table(result)]
    try:
        theirs = [(int(e["id"]), str(e["rule"]), int(e["start"]), int(e["end"])) for e in data["edits"]]
        accepted = {int(e["id"]) for e in data["edits"] if e["accepted"] is True}
    except (KeyError, TypeError, ValueError):
        raise DecisionsError(path, "not a decisions file: an edit lacks id, rule, start, end or accepted") from None
    if ours != theirs:
        raise DecisionsError(path, "made for other edits than this clean run proposes (other settings or "
                                   "another dedup); review it again")
    edits = tuple(p.edit for p in proposals(result) if p.id in accepted)
    return CleanResult(text=result.text, cleaned=apply_edits(result.text, edits), edits=edits,
                       findings=result.findings, path=result.path)
