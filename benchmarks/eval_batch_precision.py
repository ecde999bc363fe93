"""How often a batch cluster joins two articles that are not copies, on real articles.

Run with ``make eval-batch`` or ``python -m benchmarks.eval_batch_precision [CASEDIR]``.
It is a measurement, not a test: it prints its figures and exits 0 either way.

The dev set's cases of two articles (see ``../shared/devset/README.md``) are split into
their two articles, each written as a file of its own to a temporary folder, and the
cross-article stages (:func:`dedup.batch.run.cross_article`, duplicate articles only) run
over the folder as one batch. Each pair of articles inside a cluster is then labelled:

- ``copy``: the two halves of a ``same_story`` or ``double_real`` case (a re-sent or
  re-published story), or two articles from the same source document;
- ``not copy``: the halves of a ``related_story`` or ``templated_pair`` case (different
  stories on one subject, different briefs from one template), or articles of different
  cases and sources;
- ``update``: the halves of an ``update_story`` case (a follow-up that adds facts),
  counted apart, since keeping one of them loses those facts.

Precision is the share of clustered pairs that are copies (update pairs left out, and
also counted in); recall the share of copy pairs that end in one cluster. The figures are
given for the whole batch and for its wire items alone (Reuters sources). The clean
cases' articles join the batch as articles with no copy, so that words are weighted by
their rarity in a corpus of more than these pairs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_CASES = Path(__file__).resolve().parents[2] / "shared" / "devset" / "cases"
PAIRED_KINDS = ("same_story", "double_real", "update_story", "related_story", "templated_pair")
COPY_KINDS = ("same_story", "double_real", "double_llm")
PRECISION_GOAL = 0.95


@dataclass(frozen=True)
class Article:
    name: str  # file name in the batch folder
    case: str  # the case, or the article an LLM rewrote (its rewrites are copies of each other)
    kind: str  # the case's kind
    source: str  # the source document (e.g. reuters/9689)
    text: str


END_OF_STORY = "&#3;"  # the line that ends each Reuters item


def split_case(meta: dict, text: str) -> tuple[str, str] | None:
    """The two articles of a case: its original, then the text after it (None when it is not found).

    A templated pair's original is its whole text (both briefs must stay): it is split
    after the first brief's end-of-story line.
    """
    original = meta["original"].strip()
    at = text.find(original)
    if at < 0:
        return None
    end = at + len(original)
    if not text[end:].strip():
        end = text.find(END_OF_STORY) + len(END_OF_STORY) if END_OF_STORY in text.rstrip()[:-1] else -1
        if end < 0:
            return None
    return text[:end], text[end:]


def articles(casedir: Path, with_clean: bool = True, rewrites: bool = False) -> list[Article]:
    """The articles of the paired cases (two each), of the clean cases (one each) when asked,
    and with ``rewrites`` of the LLM-rewrite cases (an article and its rewrite: copies)."""
    found = []
    kinds = PAIRED_KINDS + (("double_llm",) if rewrites else ())
    for path in sorted(casedir.glob("*.json")):
        meta = json.loads(path.read_text(encoding="utf-8"))
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        kind = meta["kind"]
        sources = meta.get("source", "").split("+")
        if kind == "clean" and with_clean:
            found.append(Article(f"{meta['id']}-a.txt", meta["id"], kind, sources[0], text))
        if kind not in kinds:
            continue
        halves = split_case(meta, text)
        if halves is None:
            print(f"{meta['id']}: original not found in the text, case skipped", file=sys.stderr)
            continue
        story, first_source = meta["id"], sources[0]
        second_source = sources[1] if len(sources) > 1 else sources[0] + "#2"
        if kind == "double_llm":  # "l2r/gpt4o-064": rewrites of one article by several models share its number
            story = first_source = "l2r/" + sources[0].rsplit("-", 1)[-1]
        for half, text_half, source in zip("ab", halves, (first_source, second_source)):
            found.append(Article(f"{meta['id']}-{half}.txt", story, kind, source, text_half))
    return found


def label(a: Article, b: Article) -> str:
    """``copy``, ``update`` or ``not copy`` for two articles (see the module's docstring)."""
    if a.source == b.source:
        return "copy"
    if a.case == b.case:
        return "copy" if a.kind in COPY_KINDS else "update" if a.kind == "update_story" else "not copy"
    return "not copy"


def run_batch(folder: Path, jobs: int) -> list[list[str]]:
    """The clusters of the batch, as lists of file names (each with how it joined, after a space)."""
    from dedup.batch.config import BatchConfig
    from dedup.batch.rules import DUPLICATE_ARTICLE
    from dedup.batch.run import cross_article
    from dedup.batch.walk import WalkOptions
    from dedup.config import Settings

    settings = replace(Settings(), select=(DUPLICATE_ARTICLE,))
    corpus = cross_article([str(folder)], WalkOptions(), BatchConfig(jobs=jobs), settings)
    names = [os.path.basename(r.path) for r in corpus.signatures.refs]
    return [[f"{names[m.row]} {m.kind}" for m in c.members] for c in corpus.clusters]


def score(batch: list[Article], clusters: list[list[str]], wire_only: bool = False) -> dict:
    """Counts of clustered pairs by label, precision, and recall on the copy pairs."""
    by_name = {a.name: a for a in batch if not wire_only or a.source.startswith("reuters")}
    clustered = Counter()
    wrong: list[tuple[str, str, str]] = []
    seen = set()
    joined = {}
    for members in clusters:
        joined.update(m.split(" ") for m in members)
        members = [m.split(" ")[0] for m in members]
        for x, y in itertools.combinations(sorted(m for m in members if m in by_name), 2):
            verdict = label(by_name[x], by_name[y])
            clustered[verdict] += 1
            seen.add((x, y))
            if verdict != "copy":
                wrong.append((verdict, f"{x} ({joined[x]})", f"{y} ({joined[y]})"))
    copies = [(x.name, y.name) for x, y in itertools.combinations(sorted(by_name.values(), key=lambda a: a.name), 2)
              if x.case == y.case and label(x, y) == "copy"]
    judged = clustered["copy"] + clustered["not copy"]
    return {
        "articles": len(by_name),
        "clusters": sum(1 for c in clusters if sum(m.split(" ")[0] in by_name for m in c) > 1),
        "largest": max((sum(m.split(" ")[0] in by_name for m in c) for c in clusters), default=0),
        "pairs": dict(clustered),
        "precision": clustered["copy"] / judged if judged else 1.0,
        "precision_with_updates": clustered["copy"] / sum(clustered.values()) if clustered else 1.0,
        "copy_pairs": len(copies),
        "recall": sum(p in seen for p in copies) / len(copies) if copies else 1.0,
        "wrong": sorted(wrong),
    }


def report(name: str, figures: dict, show_wrong: bool) -> None:
    pairs = figures["pairs"]
    mark = "ok  " if figures["precision"] >= PRECISION_GOAL else "MISS"
    print(f"{mark} {name:6} {figures['articles']:4} articles, {figures['clusters']:3} clusters "
          f"(largest {figures['largest']}); pairs in clusters: {pairs.get('copy', 0)} copies, "
          f"{pairs.get('not copy', 0)} not copies, {pairs.get('update', 0)} updates")
    print(f"     precision {figures['precision']:.3f} (goal >= {PRECISION_GOAL}; "
          f"{figures['precision_with_updates']:.3f} counting updates as wrong), "
          f"recall {figures['recall']:.3f} of {figures['copy_pairs']} copy pairs")
    if show_wrong:
        for verdict, x, y in figures["wrong"]:
            print(f"       {verdict:8} {x} ~ {y}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("casedir", nargs="?", default=str(DEFAULT_CASES), help="the dev set's cases folder")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--no-clean", action="store_true", help="leave the clean cases' articles out")
    parser.add_argument("--rewrites", action="store_true",
                        help="add the LLM-rewrite cases: each article and its rewrite, a reworded copy")
    parser.add_argument("--show", action="store_true", help="list the clustered pairs that are not copies")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line too")
    args = parser.parse_args(argv)
    casedir = Path(args.casedir)
    if not casedir.is_dir():
        print(f"{casedir}: no such folder of cases", file=sys.stderr)
        return 0
    batch = articles(casedir, with_clean=not args.no_clean, rewrites=args.rewrites)
    with tempfile.TemporaryDirectory(prefix="dedup-eval-batch-") as tmp:
        for a in batch:
            (Path(tmp) / a.name).write_text(a.text, encoding="utf-8")
        clusters = run_batch(Path(tmp), args.jobs)
    figures = {"all": score(batch, clusters), "wire": score(batch, clusters, wire_only=True)}
    print(f"batch of {len(batch)} dev-set articles from {casedir}")
    for name, found in figures.items():
        report(name, found, args.show and name == "all")
    if args.json:
        print(json.dumps({k: {f: v for f, v in found.items() if f != "wrong"} for k, found in figures.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
