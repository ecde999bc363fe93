"""Several reports from one run, and the result cache: a hit gives the same report without
analysing again, a change of text or settings misses, a corrupt entry is rebuilt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dedup.pipeline
from dedup.cache import CACHE_DIR, ResultCache, entry_key
from dedup.cli import main
from dedup.config import Settings

from .conftest import put

A = "The council met on Monday to discuss the new budget for the library.\n\n"
B = "It approved the plan by five votes to two after a long debate.\n\n"
REPEATED = A + B + A.rstrip() + "\n"


def test_several_reports_in_one_run(runner, tmp_path):
    article = put(tmp_path / "a.txt", REPEATED)
    sarif, report = tmp_path / "r.sarif", tmp_path / "r.json"
    result = runner.invoke(main, ["check", str(article), "--output-format", f"sarif={sarif}",
                                  "--output-format", f"json={report}", "--output-format", "github"])
    assert result.exit_code == 1, result.output
    text, _, annotations = result.stdout.partition("::warning ")
    assert "warning [duplicate.exact-paragraph]" in text  # the --format report comes first
    assert "title=dedup(duplicate.exact-paragraph)" in annotations
    runs = json.loads(sarif.read_text())["runs"]
    assert [r["ruleId"] for r in runs[0]["results"]] == ["duplicate.exact-paragraph"]
    alone = runner.invoke(main, ["check", str(article), "--format", "json"])
    assert report.read_text() == alone.stdout  # the same report as --format json prints


@pytest.mark.parametrize("args, problem", [
    (["--output-format", "yaml=x.yaml"], "unknown format 'yaml'"),
    (["--output-format", "json={article}"], "is the input"),
])
def test_bad_output_formats_are_refused(runner, tmp_path, args, problem):
    article = put(tmp_path / "a.txt", REPEATED)
    result = runner.invoke(main, ["check", str(article), *[a.format(article=article) for a in args]])
    assert result.exit_code == 2 and problem in result.output + result.stderr
    assert article.read_text() == REPEATED


def test_folders_take_no_extra_outputs(runner, tmp_path):
    put(tmp_path / "site" / "a.txt", REPEATED)
    result = runner.invoke(main, ["check", str(tmp_path / "site"), "--output-format", "sarif=r.sarif"])
    assert result.exit_code == 2 and "one by one" in result.output


def test_a_cached_file_is_not_analysed_again(runner, tmp_path, monkeypatch):
    put(tmp_path / "dedup.toml", "near-ratio = 90\n")
    article = put(tmp_path / "a.txt", REPEATED)
    first = runner.invoke(main, ["check", str(article), "--format", "json"])
    assert first.exit_code == 1
    assert (tmp_path / CACHE_DIR / "CACHEDIR.TAG").is_file()
    assert (tmp_path / CACHE_DIR / ".gitignore").read_text().splitlines()[-1] == "*"

    def no_analysis(*args, **kwargs):
        raise AssertionError("analysed again")

    monkeypatch.setattr(dedup.pipeline, "analyse", no_analysis)
    second = runner.invoke(main, ["check", str(article), "--format", "json"])
    assert second.exit_code == 1 and second.stdout == first.stdout
    # Other settings, other text, or --no-cache: analysed again.
    for args in (["--select", "duplicate"], ["--no-cache"]):
        assert runner.invoke(main, ["check", str(article), *args]).exit_code == 123
    put(article, REPEATED + "\nOne more line.\n")
    assert runner.invoke(main, ["check", str(article)]).exit_code == 123


def test_no_configuration_file_no_cache(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    article = put(tmp_path / "a.txt", REPEATED)
    assert runner.invoke(main, ["check", str(article)]).exit_code == 1
    assert not (tmp_path / CACHE_DIR).exists()


@pytest.mark.parametrize("damage", [b"", b"garbage", b"dedup-cache 1\n\x80\x05junk",
                                    b"dedup-cache 1\n" + b"cos\nsystem\n(S'true'\ntR."])
def test_a_corrupt_entry_is_rebuilt(tmp_path, damage):
    cache = ResultCache(tmp_path / CACHE_DIR)
    settings = Settings()
    fresh = cache.check(REPEATED, settings, "a.txt")
    assert fresh.findings and cache.misses == 1
    entry = cache._path(entry_key(REPEATED, settings))
    entry.write_bytes(damage)
    again = cache.check(REPEATED, settings, "a.txt")
    assert again.findings == fresh.findings and cache.misses == 2  # read as missing, analysed again
    assert cache.check(REPEATED, settings, "a.txt").findings == fresh.findings and cache.hits == 1
    assert entry.read_bytes() != damage  # and written back whole


def test_sarif_fingerprints_survive_lines_added_above(runner, tmp_path):
    article = put(tmp_path / "a.txt", REPEATED)

    def fingerprints() -> list[tuple[int, str]]:
        result = runner.invoke(main, ["check", str(article), "--format", "sarif"])
        return [(r["locations"][0]["physicalLocation"]["region"]["startLine"],
                 r["partialFingerprints"]["dedupContent/v1"]) for r in json.loads(result.stdout)["runs"][0]["results"]]

    before = fingerprints()
    put(article, "Library Budget Approved\n\nBy a staff reporter\n\n" + REPEATED)
    after = fingerprints()
    assert len(before) == len(after) == 1
    assert after[0][0] == before[0][0] + 4 and after[0][1] == before[0][1]


def many_repeats(count: int) -> str:
    paragraphs = [f"Paragraph number {i} tells of the harbour council and its {i} new library rooms.\n\n"
                  for i in range(count)]
    return "".join(paragraphs) + "".join(paragraphs)


def test_github_annotations_are_capped_and_the_step_summary_has_them_all(runner, tmp_path, monkeypatch):
    article = put(tmp_path / "a.txt", many_repeats(13))
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    report = json.loads(runner.invoke(main, ["check", str(article), "--format", "json"]).stdout)
    levels = [f["severity"] for f in report["files"][0]["findings"]]
    assert levels.count("warning") > 10 and "error" not in levels
    assert not summary.exists() or summary.read_text() == "earlier step\n"
    result = runner.invoke(main, ["check", str(article), "--format", "github"])
    assert result.exit_code == 1
    annotations = [ln for ln in result.stdout.splitlines() if ln.startswith("::warning ")]
    assert len(annotations) == 10
    left = levels.count("warning") - 10 + max(0, levels.count("info") - 10)
    assert f"dedup: {left} more not shown as annotations" in result.stdout
    table = summary.read_text()
    assert table.startswith("earlier step\n### dedup")  # appended, not overwritten
    rows = [ln for ln in table.splitlines() if ln.startswith("| ") and "`" in ln]
    assert len(rows) == len(levels)


def test_no_step_summary_without_a_github_report(runner, tmp_path, monkeypatch):
    article = put(tmp_path / "a.txt", REPEATED)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert runner.invoke(main, ["check", str(article)]).exit_code == 1
    assert not summary.exists()
    assert runner.invoke(main, ["check", str(article), "--output-format", "github"]).exit_code == 1
    assert "duplicate.exact-paragraph" in summary.read_text()
