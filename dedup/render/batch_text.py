"""The text report of a batch run: each article's findings, then what the corpus showed."""

from __future__ import annotations

from typing import Any, Iterable

from .common import excerpt, visible
from ..models import Span

KIND_LABELS = {"exact": "verbatim copy", "near": "near-verbatim copy", "reworded": "reworded copy"}
# Longer lists are cut in the text report; the JSON report has them whole.
LIST_LIMIT = 50


def render(article_lines: Iterable[list[str]], batch: dict[str, Any], errors: Iterable[str],
           totals: dict[str, int]) -> str:
    """``article_lines`` are each article's rendered findings; ``totals`` maps severity labels to counts."""
    out: list[str] = [line for lines in article_lines for line in lines]  # made visible by the text renderer
    corpus = [*_clusters(batch), *_boilerplate(batch), *_shared(batch), *_files(batch), *_removed(batch),
              *(f"error: {e}" for e in errors)]
    out.extend(visible(line) for line in corpus)  # file names and passages may hold control characters
    out.append(_total_line(batch, totals))
    return "\n".join(out) + "\n"


def _more(count: int) -> list[str]:
    return [f"  ... and {count - LIST_LIMIT} more (see --format json)"] if count > LIST_LIMIT else []


def _clusters(batch: dict[str, Any]) -> list[str]:
    dup = batch["duplicates"]
    if not dup["clusters"]:
        return []
    verb = "dropped" if batch["mode"] == "clean" else "to drop"
    out = [f"duplicate articles: {dup['clusters']} cluster{'s' if dup['clusters'] != 1 else ''}, "
           f"{dup['articles_dropped']} {verb} (keep {batch['keep']})"]
    for c in batch["clusters"][:LIST_LIMIT]:
        out.append(f"  cluster {c['id']} ({c['size']} articles): keeps {c['kept']}")
        for m in c["members"]:
            if m["kept"]:
                continue
            via = "" if m["via"] == c["kept"] else f" via {m['via']}"
            out.append(f"    drops {m['path']} ({KIND_LABELS.get(m['relation'], m['relation'])}{via}, "
                       f"similarity {m['similarity']:.2f})")
    return out + _more(len(batch["clusters"]))


def _boilerplate(batch: dict[str, Any]) -> list[str]:
    items = batch["boilerplate"]
    if not items:
        return []
    action = "removed from" if batch["mode"] == "clean" else "found in"
    out = [f"boilerplate: {len(items)} passage{'s' if len(items) != 1 else ''} {action} many articles "
           f"(each in at least {batch['thresholds']['boilerplate_min_articles']} different stories)"]
    for b in items[:LIST_LIMIT]:
        out.append(f"  {b['articles']} articles: {excerpt(b['text'], Span(0, len(b['text'])), 70)!r}")
    return out + _more(len(items))


def _shared(batch: dict[str, Any]) -> list[str]:
    items = batch["shared_passages"]
    if not items:
        return []
    out = [f"shared passages: {len(items)}"]
    for s in items[:LIST_LIMIT]:
        how = "word for word" if s["kind"] == "exact" else f"near-verbatim, {s['similarity']:.2f}"
        first, second = s["first"], s["second"]
        out.append(f"  {first['path']}:{first['line']} = {second['path']}:{second['line']} ({how}, {s['words']} words)")
    return out + _more(len(items))


def _files(batch: dict[str, Any]) -> list[str]:
    busy = [f for f in batch["files"] if f["findings"] or f["duplicates"] or f["changed"]]
    if not busy:
        return []
    out = ["per file:"]
    for f in busy[:LIST_LIMIT]:
        parts = [_count(f["findings"], "finding", "findings")]
        if f["articles"] != 1:
            parts.insert(0, f"{f['articles']} articles")
        for key, one, many in (("duplicates", "duplicate", "duplicates"), ("boilerplate", "boilerplate", "boilerplate"),
                               ("shared_passages", "shared passage", "shared passages"), ("changed", "changed", "changed")):
            if f[key]:
                parts.append(_count(f[key], one, many))
        if f.get("written"):
            parts.append(f"written to {f['written']}")
        out.append(f"  {f['path']}: " + ", ".join(parts))
    return out + _more(len(busy))


def _removed(batch: dict[str, Any]) -> list[str]:
    removed = batch.get("removed_outputs", [])
    if not removed:
        return []
    out = [f"removed {_count(len(removed), 'output', 'outputs')} of an earlier run that this run did not write:"]
    out.extend(f"  {name}" for name in removed[:LIST_LIMIT])
    return out + _more(len(removed))


def _count(n: int, one: str, many: str) -> str:
    """
    >>> _count(1, "finding", "findings"), _count(2, "finding", "findings")
    ('1 finding', '2 findings')
    """
    return f"{n} {one if n == 1 else many}"


def _total_line(batch: dict[str, Any], totals: dict[str, int]) -> str:
    total = sum(totals.values())
    order = ("error", "warning", "info")
    detail = ", ".join(f"{totals[s]} {s}" for s in order if totals.get(s))
    articles = batch["articles"]
    verb = "cleaned" if batch["mode"] == "clean" else "checked"
    return (f"{articles} article{'s' if articles != 1 else ''} in {batch['input_files']} "
            f"file{'s' if batch['input_files'] != 1 else ''} {verb}, {total} finding{'s' if total != 1 else ''}"
            + (f" ({detail})" if detail else ""))
