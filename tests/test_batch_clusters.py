"""Duplicate articles: verified pairs, clusters, which member is kept, what clean writes."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
from click.testing import CliRunner

from dedup.batch.clusters import Cluster, build_clusters, components
from dedup.batch.config import BatchConfig
from dedup.batch.run import cross_article
from dedup.batch.verify import Link
from dedup.batch.walk import WalkOptions
from dedup.cli import main
from dedup.config import Settings

from .test_batch_helpers import article, duplicate_corpus, near_copy, write_files, write_jsonl


def clusters_by_name(folder, **config) -> list[list[tuple[str, str]]]:
    corpus = cross_article([str(folder)], WalkOptions(), BatchConfig(**config), Settings())
    names = [os.path.relpath(r.path, folder) for r in corpus.signatures.refs]
    return [[(names[m.row], "kept" if m.row == c.kept else m.kind) for m in c.members] for c in corpus.clusters]


def test_components_are_transitive_and_sorted():
    links = [Link(5, 7, "near", 0.9), Link(1, 2, "exact", 1.0), Link(2, 7, "reworded", 0.6)]
    assert components(9, links) == [[1, 2, 5, 7]]
    assert components(3, []) == []


def test_verbatim_and_near_copies_form_clusters(tmp_path):
    duplicate_corpus(tmp_path)
    assert clusters_by_name(tmp_path) == [
        [("copies/a-near.txt", "kept"), ("copies/a-verbatim.txt", "near"), ("news/a.txt", "exact")],
        [("mirror/b-near.txt", "kept"), ("news/b.txt", "near")],
    ]


def test_keep_longest_and_newest(tmp_path):
    paths = duplicate_corpus(tmp_path)
    longest = clusters_by_name(tmp_path, keep="longest")
    assert [name for name, role in longest[0] if role == "kept"] == ["copies/a-verbatim.txt"]  # ties: first
    assert [name for name, role in longest[1] if role == "kept"] == ["news/b.txt"]  # the near copy lost a sentence
    os.utime(paths["news/a.txt"], (2_000_000_000, 2_000_000_000))
    newest = clusters_by_name(tmp_path, keep="newest")
    assert [name for name, role in newest[0] if role == "kept"] == ["news/a.txt"]


def test_keep_newest_uses_the_date_field_in_a_corpus(tmp_path):
    rows = [{"id": "x", "text": article(5), "date": "2024-03-01"},
            {"id": "y", "text": article(5), "date": "2024-05-01T08:00:00Z"},
            {"id": "z", "text": near_copy(article(5)), "date": "2023-12-31"},
            {"id": "w", "text": article(6), "date": "2025-01-01"}]
    path = write_jsonl(tmp_path / "c.jsonl", rows)
    result = CliRunner().invoke(main, ["check", str(path), "--keep", "newest", "--date-field", "date",
                                       "--format", "json", "-j", "1"])
    cluster = json.loads(result.output)["batch"]["clusters"]
    assert result.exit_code == 1
    assert [(c["kept"], c["size"]) for c in cluster] == [(f"{path}#y", 3)]


def test_reworded_copy_is_found_and_unrelated_article_is_not(tmp_path):
    original = article(21, paragraphs=6)
    swaps = {"said": "stated", "because": "as", "approved": "backed", "delayed": "postponed", "plans": "proposals",
             "group": "association", "closed": "shut", "opened": "launched"}
    reworded = original
    for old, new in swaps.items():
        reworded = reworded.replace(f" {old} ", f" {new} ")
    paragraphs = reworded.split("\n\n")
    reworded = "\n\n".join([paragraphs[0]] + [" ".join(reversed(p.split(". "))) for p in paragraphs[1:]])
    write_files(tmp_path, {"a.txt": original, "b.txt": reworded, "c.txt": article(22, paragraphs=6),
                           **{f"z{i}.txt": article(300 + i) for i in range(5)}})
    found = clusters_by_name(tmp_path)
    assert found == [[("a.txt", "kept"), ("b.txt", "reworded")]]


def test_templated_articles_about_other_subjects_are_not_copies(tmp_path):
    template = ("{co} reported third-quarter revenue of ${rev} million, up {pct} per cent from a year earlier, "
                "and net income of ${inc} million. The {city}-based maker of industrial sensors said orders from "
                "automotive customers rose {ord} per cent in the quarter, and chief executive {boss} said the "
                "backlog was the strongest it has been in three years. Shares of {co} closed up {sh} per cent.")
    briefs = {}
    for i, (co, city, boss) in enumerate([("Corvale Systems", "Hallam", "Amrit Sandhu"),
                                          ("Birchmont Ltd", "Wexcombe", "Laura Kettridge"),
                                          ("Tamsin Biologics", "Carrow", "Ines Marlow")]):
        briefs[f"brief{i}.txt"] = "\n\n".join(
            template.format(co=co, city=city, boss=boss, rev=12 + 9 * i, pct=3 + i, inc=1 + i, ord=14 + 2 * i,
                            sh=2 + i) for _ in range(1)) + "\n"
    write_files(tmp_path, {**briefs, **{f"z{i}.txt": article(400 + i) for i in range(4)}})
    assert clusters_by_name(tmp_path) == []


def test_build_clusters_records_how_each_member_joined():
    class Sigs:
        chars = np.array([10, 30, 20, 5])
        dates = np.array([np.nan, 1.0, 2.0, np.nan])

        def __len__(self):
            return 4

    links = [Link(0, 1, "near", 0.95), Link(1, 2, "reworded", 0.7)]
    [first] = build_clusters(Sigs(), links, "first")
    assert isinstance(first, Cluster) and first.kept == 0 and first.dropped == (1, 2)
    assert [(m.row, m.via, m.kind) for m in first.members] == [(0, 0, "kept"), (1, 0, "near"), (2, 1, "reworded")]
    assert build_clusters(Sigs(), links, "longest")[0].kept == 1
    assert build_clusters(Sigs(), links, "newest")[0].kept == 2


@pytest.mark.parametrize("keep", ["first", "longest"])
def test_clean_writes_only_the_kept_member_and_reports_the_others(tmp_path, keep):
    duplicate_corpus(tmp_path / "in")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["clean", str(tmp_path / "in"), "-o", str(out), "--keep", keep, "-j", "1"])
    assert result.exit_code == 0, result.output
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.txt"))
    clusters = clusters_by_name(tmp_path / "in", keep=keep)
    dropped = {name for c in clusters for name, role in c if role != "kept"}
    assert len(written) == 9 - len(dropped) == 6
    assert not dropped & set(written)
    for name in dropped:
        assert f"drops {tmp_path / 'in' / name}" in result.output
