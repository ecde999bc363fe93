"""The editor's review page: one self-contained HTML file (inline CSS and JS, nothing fetched)
showing the article with every edit of a clean run, each of which the editor may reject.

The page exports the cleaned text with the editor's decisions and a decisions file; both are
computed in the page from the original text and the numbered edits it carries as JSON, the same
way :func:`dedup.review.apply` does (offsets count code points). Text is escaped by jinja2's
autoescaping, and the JSON is escaped so that it cannot close its script element.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache

from ..models import CleanResult, Edit, Finding, LineIndex
from ..review import decisions, edit_table, proposals, text_hash
from .common import excerpt


def _severity(edit: Edit, findings: tuple[Finding, ...]) -> str:
    for f in findings:
        if f.rule == edit.rule and any(e.span.overlaps(edit.span) or e.span == edit.span for e in f.fix):
            return f.severity.label
    for f in findings:
        if f.rule == edit.rule:
            return f.severity.label
    return "warning"


def _message(edit: Edit, findings: tuple[Finding, ...]) -> str:
    for f in findings:
        if f.rule == edit.rule and (f.span.overlaps(edit.span) or f.span.contains(edit.span)):
            return f.message
    return next((f.message for f in findings if f.rule == edit.rule), edit.reason or edit.rule)


def _pieces(text: str, proposals) -> list[dict]:
    pieces, position = [], 0
    for proposal in proposals:
        edit = proposal.edit
        if edit.span.start > position:
            pieces.append({"kind": "text", "text": text[position : edit.span.start]})
        pieces.append({"kind": "edit", "id": proposal.id, "removed": text[edit.span.start : edit.span.end],
                       "inserted": edit.replacement, "unsafe": proposal.unsafe})
        position = edit.span.end
    pieces.append({"kind": "text", "text": text[position:]})
    return pieces


def _script_json(value) -> str:
    """JSON that is safe inside a script element."""
    return (json.dumps(value, ensure_ascii=False).replace("&", "\\u0026").replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def word_diff(kept: str, removed: str) -> tuple[list[dict], list[dict]]:
    """Both sides as runs of words, marked where they differ.

    >>> k, r = word_diff("The vote was five to two.", "The vote was six to two.")
    >>> [(w["text"], w["differs"]) for w in k], [(w["text"], w["differs"]) for w in r]
    ([('The vote was', False), ('five', True), ('to two.', False)], [('The vote was', False), ('six', True), ('to two.', False)])
    """
    from difflib import SequenceMatcher

    a, b = kept.split(), removed.split()
    left, right = [], []
    matcher = SequenceMatcher(None, [w.casefold() for w in a], [w.casefold() for w in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            left.append({"text": " ".join(a[i1:i2]), "differs": tag != "equal"})
        if j2 > j1:
            right.append({"text": " ".join(b[j1:j2]), "differs": tag != "equal"})
    return left, right


def _words(text: str) -> set[str]:
    return {w.casefold().strip(".,;:!?\"'()“”‘’") for w in text.split()} - {""}


def _sentence_rows(sentences, kept: tuple[int, int], removed: tuple[int, int]) -> list[dict]:
    """The removed paragraph's sentences, each beside the kept sentence sharing most words with it;
    kept sentences that none matches come after, alone."""
    inside = lambda span, s: span[0] <= s.span.start and s.span.end <= span[1]  # noqa: E731
    left = [s.text for s in sentences if inside(kept, s)]
    right = [s.text for s in sentences if inside(removed, s)]
    rows, used = [], set()
    for sentence in right:
        words = _words(sentence)
        scores = [(len(words & _words(k)) / max(1, len(words | _words(k))), i) for i, k in enumerate(left)]
        best = max(scores, default=(0.0, -1))
        match = left[best[1]] if best[0] >= 0.2 else ""
        if match:
            used.add(best[1])
        k, r = word_diff(match, sentence)
        rows.append({"kept": k, "removed": r})
    rows += [{"kept": word_diff(k, "")[0], "removed": []} for i, k in enumerate(left) if i not in used]
    return rows


def versions(result: CleanResult) -> list[dict]:
    """For each finding that pairs passages (a second version), the pairs side by side, sentence
    against sentence, with word-level differences marked."""
    from ..segment import segment

    sections, sentences = [], None
    lines = LineIndex(result.text)
    for finding in result.findings:
        pairs = finding.details.get("pairs")
        if not pairs or not isinstance(pairs, (list, tuple)):
            continue
        sentences = sentences if sentences is not None else segment(result.text).sentences
        rows = []
        for pair in pairs:
            try:
                kept = (int(pair["kept"]["start"]), int(pair["kept"]["end"]))
                removed = (int(pair["removed"]["start"]), int(pair["removed"]["end"]))
            except (KeyError, TypeError, ValueError):
                continue
            rows.append({"kept_line": lines.position(kept[0])[0], "removed_line": lines.position(removed[0])[0],
                         "rows": _sentence_rows(sentences, kept, removed)})
        if rows:
            sections.append({"rule": finding.rule, "message": finding.message,
                             "line": lines.position(finding.span.start)[0], "pairs": rows})
    return sections


@lru_cache(maxsize=1)
def _template():
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("dedup.render", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("review.html.j2")


def render(result: CleanResult, bom: bool = False) -> str:
    from .. import __version__

    lines = LineIndex(result.text)
    rows = []
    for proposal in proposals(result):
        edit = proposal.edit
        line, column = lines.position(edit.span.start)
        kind = "removal" if not edit.replacement else ("repair" if edit.replacement.isspace() else "replacement")
        if proposal.unsafe:
            kind += ", off unless applied: it could lose a fact"
        rows.append({"id": proposal.id, "unsafe": proposal.unsafe, "rule": edit.rule,
                     "severity": _severity(edit, result.findings),
                     "line": line, "column": column, "kind": kind, "message": _message(edit, result.findings),
                     "excerpt": excerpt(result.text, edit.span) if len(edit.span) else repr(edit.replacement)})
    data = {"text": result.text, "bom": bom, "text_sha256": text_hash(result.text), "edits": edit_table(result),
            "decisions": decisions(result)}
    return _template().render(
        version=__version__, path=result.path, rows=rows, pieces=_pieces(result.text, proposals(result)),
        rules=sorted(Counter(r["rule"] for r in rows).items()),
        severities=sorted({r["severity"] for r in rows}), data=_script_json(data), versions=versions(result),
    )
