"""Only what is new: a baseline of findings by content, and --diff-base for lines changed in git."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from dedup.cli import main

from .conftest import put

A = "The council met on Monday to discuss the new budget for the library.\n\n"
B = "It approved the plan by five votes to two after a long debate.\n\n"
C = "Work on the two new reading rooms starts in the spring, the chief librarian said.\n\n"
D = "The library will stay open during the building work, with shorter hours on Sundays.\n\n"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def findings(result) -> list[tuple[str, str]]:
    assert "Traceback" not in result.output, result.output
    report = json.loads(result.stdout)
    return [(f["rule"], f["line"]) for file in report["files"] for f in file["findings"]]


def one_line_error(result, *fragments: str) -> str:
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and all(f in lines[0] for f in fragments), lines
    assert "Traceback" not in result.output
    return lines[0]


def test_a_baseline_hides_old_findings_wherever_they_move(runner, tmp_path, monkeypatch):
    article = put(tmp_path / "news" / "a.txt", A + B + A.rstrip() + "\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["baseline", "news", "-o", "base.json"])
    assert result.exit_code == 0, result.output
    entries = json.loads((tmp_path / "base.json").read_text())["findings"]
    assert [(e["path"], e["rule"], e["count"]) for e in entries] == [("news/a.txt", "duplicate.exact-paragraph", 1)]

    result = runner.invoke(main, ["check", str(article), "--baseline", "base.json", "--format", "json"])
    assert result.exit_code == 0 and findings(result) == []
    assert "1 finding hidden by the baseline base.json" in result.stderr

    # Lines added above do not change a fingerprint; a new repeat is reported.
    put(article, "Harbour Council Approves Library Budget\n\n" + A + B + C + A + C.rstrip() + "\n")
    result = runner.invoke(main, ["check", "news/a.txt", "--baseline", "base.json", "--format", "json"])
    assert result.exit_code == 1
    assert [rule for rule, _ in findings(result)] == ["duplicate.exact-paragraph"]
    assert findings(result)[0][1] == 11  # the new copy of C, not the old copy of A
    assert "1 finding hidden" in result.stderr


def test_each_recorded_finding_hides_one_finding_only(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    put(tmp_path / "a.txt", A + B + A + C)
    assert runner.invoke(main, ["baseline", "a.txt"]).exit_code == 0
    assert Path(".dedup-baseline.json").is_file()
    put(tmp_path / "a.txt", A + B + A + C + A)  # a third copy of the same paragraph
    result = runner.invoke(main, ["check", "a.txt", "--baseline", ".dedup-baseline.json", "--format", "json"])
    assert [rule for rule, _ in findings(result)] == ["duplicate.exact-paragraph"]


def test_clean_leaves_what_the_baseline_holds(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    put(tmp_path / "a.txt", A + B + A + D)
    assert runner.invoke(main, ["baseline", "a.txt", "-o", "b.json"]).exit_code == 0
    put(tmp_path / "a.txt", A + B + A + D + C + D)
    result = runner.invoke(main, ["clean", "a.txt", "--baseline", "b.json", "-o", "out.txt"])
    assert result.exit_code == 0, result.output
    # The old repeat of A stays (it is in the baseline); the new repeat of D goes.
    assert Path("out.txt").read_text() == A + B + A + D + C  # the text ends as it did


@pytest.mark.parametrize("content, problem", [
    (None, "no such baseline file"),
    ("{not json", "invalid JSON"),
    ('{"tool": "ruff"}', "not a dedup baseline"),
    ('{"tool": "dedup", "schema_version": 9, "findings": []}', "schema version 9"),
])
def test_a_bad_baseline_is_a_one_line_error(runner, tmp_path, content, problem):
    article = put(tmp_path / "a.txt", A + B)
    baseline = tmp_path / "base.json"
    if content is not None:
        baseline.write_text(content)
    one_line_error(runner.invoke(main, ["check", str(article), "--baseline", str(baseline)]), "base.json", problem)


def git(repo: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def make_repo(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    for name, text in files.items():
        put(root / name, text)
    git(root, "add", "-A")
    git(root, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "first")
    return root


@needs_git
def test_diff_base_reports_only_findings_on_changed_lines(runner, tmp_path):
    repo = make_repo(tmp_path / "repo", {"a.txt": A + B + A + D})
    article = repo / "a.txt"
    result = runner.invoke(main, ["check", str(article), "--diff-base", "HEAD", "--format", "json"])
    assert result.exit_code == 0 and findings(result) == []
    assert "1 finding off the lines changed since HEAD not shown" in result.stderr

    put(article, A + B + A + D + C + D)  # a new repeat, of D, at the end
    result = runner.invoke(main, ["check", str(article), "--diff-base", "HEAD", "--format", "json"])
    assert result.exit_code == 1
    assert findings(result) == [("duplicate.exact-paragraph", 11)]

    # A new earlier copy makes an old paragraph a repeat: it touches a changed line through its
    # counterpart, so it is reported.
    put(article, D + A + B + A + D)  # the old text now repeats D, added at the top
    lines = findings(runner.invoke(main, ["check", str(article), "--diff-base", "HEAD", "--format", "json"]))
    assert lines == [("duplicate.exact-paragraph", 9)]  # the old D; the old repeat of A stays hidden


@needs_git
def test_diff_base_problems_are_one_line_errors(runner, tmp_path):
    repo = make_repo(tmp_path / "repo", {"a.txt": A + B})
    untracked = put(repo / "new.txt", A + B)
    outside = put(tmp_path / "outside" / "b.txt", A + B)
    one_line_error(runner.invoke(main, ["check", str(untracked), "--diff-base", "HEAD"]), "new.txt", "not tracked")
    one_line_error(runner.invoke(main, ["check", str(outside), "--diff-base", "HEAD"]), "b.txt", "not in a git")
    one_line_error(runner.invoke(main, ["check", str(repo / "a.txt"), "--diff-base", "no-such-ref"]),
                   "a.txt", "no such git revision")


@needs_git
def test_diff_base_without_git_is_a_one_line_error(runner, tmp_path, monkeypatch):
    repo = make_repo(tmp_path / "repo", {"a.txt": A + B})
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    one_line_error(runner.invoke(main, ["check", str(repo / "a.txt"), "--diff-base", "HEAD"]),
                   "a.txt", "git was not found")


def test_per_file_cleans_several_files_in_place_each_on_its_own(runner, tmp_path):
    one = put(tmp_path / "one.txt", A + B + A.rstrip() + "\n")
    two = put(tmp_path / "two.txt", A + B + A.rstrip() + "\n")  # the same article: not a batch cluster here
    result = runner.invoke(main, ["clean", "--per-file", "--in-place", str(one), str(two)])
    assert result.exit_code == 0, result.output
    assert one.read_text() == two.read_text() == A + B.rstrip() + "\n"
    result = runner.invoke(main, ["clean", "--per-file", str(one), str(two)])
    assert result.exit_code == 2 and "--in-place or --diff" in result.output


def test_check_per_file_reads_a_folder_file_by_file(runner, tmp_path):
    put(tmp_path / "site" / "a.txt", A + B + C)
    put(tmp_path / "site" / "b.txt", A + B + C)  # a copy of a.txt: a batch would cluster them
    result = runner.invoke(main, ["check", "--per-file", "--format", "json", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert "batch" not in report and len(report["files"]) == 2 and findings(result) == []
    batch = runner.invoke(main, ["check", "--format", "json", "--jobs", "1", str(tmp_path / "site")])
    assert batch.exit_code == 1 and "corpus.duplicate-article" in batch.stdout


def test_check_per_file_honours_the_folder_options(runner, tmp_path):
    put(tmp_path / "site" / "a.txt", A + B + A)
    put(tmp_path / "site" / "b.md", A + B + A)
    put(tmp_path / "site" / "skip" / "c.txt", A + B + A)
    result = runner.invoke(main, ["check", "--per-file", "--format", "json", "--ext", "md", str(tmp_path / "site")])
    assert [Path(f["path"]).name for f in json.loads(result.stdout)["files"]] == ["b.md"]
    result = runner.invoke(main, ["check", "--per-file", "--format", "json", "--exclude", "skip/", str(tmp_path / "site")])
    assert [Path(f["path"]).name for f in json.loads(result.stdout)["files"]] == ["a.txt", "b.md"]
