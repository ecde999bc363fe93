"""Folders on the command line: bad files, refused outputs, exit codes, the text report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import dedup.io
from dedup.cli import main

from .test_batch_helpers import article, duplicate_corpus, write_files


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_bad_files_are_reported_and_skipped_and_the_run_exits_2(tmp_path):
    write_files(tmp_path / "in", {"good.txt": article(1), "other.txt": article(2)})
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    (tmp_path / "in" / "latin1.txt").write_bytes("caf\xe9 au lait\n".encode("latin-1"))
    result = invoke("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("dedup: ")]
    assert len(errors) == 2
    assert any("binary.txt: looks like a binary file" in e for e in errors)
    assert any("latin1.txt: is not valid UTF-8" in e for e in errors)
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.name != ".dedup-manifest.json") == ["good.txt", "other.txt"]


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    write_files(tmp_path, {"good.txt": article(1), "locked.txt": article(2)})
    # chmod does not stop root, so refuse the read itself (workers fork and inherit the patch).
    def refuse(path, *args, **kwargs):
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return open(path, *args, **kwargs)

    monkeypatch.setattr(dedup.io, "open", refuse, raising=False)  # the reader's own open()
    result = invoke("check", str(tmp_path), "-j", "1")
    assert result.exit_code == 2 and "locked.txt: permission denied" in result.stderr


def test_output_folder_inside_the_input_is_refused(tmp_path):
    write_files(tmp_path / "in", {"a.txt": article(1)})
    result = invoke("clean", str(tmp_path / "in"), "-o", str(tmp_path / "in" / "clean"))
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "inside the input folder" in result.stderr
    assert not (tmp_path / "in" / "clean").exists()


def test_inputs_are_not_modified_without_in_place(tmp_path):
    paths = duplicate_corpus(tmp_path / "in", boilerplate_every=1)
    before = {name: p.read_bytes() for name, p in paths.items()}
    assert invoke("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "1").exit_code == 0
    assert {name: p.read_bytes() for name, p in paths.items()} == before
    assert invoke("clean", str(tmp_path / "in"), "--in-place", "-j", "1").exit_code == 0
    after = {name: p.read_bytes() for name, p in paths.items()}
    assert after["news/a.txt"] == before["news/a.txt"]  # a dropped copy is left as it is
    assert after["lone/0.txt"] != before["lone/0.txt"]  # boilerplate removed in place


def test_exit_codes_follow_the_fail_level(tmp_path):
    write_files(tmp_path, {f"{i}.txt": article(700 + i) for i in range(4)})
    assert invoke("check", str(tmp_path), "-j", "1").exit_code == 0
    duplicate_corpus(tmp_path / "dups")
    assert invoke("check", str(tmp_path / "dups"), "-j", "1").exit_code == 1
    assert invoke("check", str(tmp_path / "dups"), "--fail-level", "error", "-j", "1").exit_code == 0
    assert invoke("check", str(tmp_path / "dups"), "--ignore", "corpus", "-j", "1").exit_code == 0


def test_usage_errors(tmp_path):
    write_files(tmp_path / "in", {"a.txt": article(1)})
    assert invoke("clean", str(tmp_path / "in")).exit_code == 2  # needs -o or --in-place
    assert invoke("check", str(tmp_path / "in"), "-").exit_code == 2
    assert invoke("clean", str(tmp_path / "in"), "-o", str(tmp_path / "o"), "--diff").exit_code == 2


def test_text_report_lists_clusters_and_per_file_counts(tmp_path):
    duplicate_corpus(tmp_path)
    result = invoke("check", str(tmp_path), "-j", "1")
    lines = result.output.splitlines()
    assert "duplicate articles: 2 clusters, 3 to drop (keep first)" in lines
    assert f"  cluster 1 (3 articles): keeps {tmp_path / 'copies' / 'a-near.txt'}" in lines
    assert lines[-1] == "9 articles in 9 files checked, 6 findings (3 warning, 3 info)"  # with look-alikes
    assert any(line.startswith(f"{tmp_path / 'news' / 'b.txt'}:1:1: warning [corpus.duplicate-article]")
               for line in lines)


def test_json_report_keeps_the_usual_keys_and_adds_batch(tmp_path):
    duplicate_corpus(tmp_path)
    report = json.loads(invoke("check", str(tmp_path), "--format", "json", "-j", "1").output)
    assert set(report) == {"schema_version", "tool", "files", "errors", "summary", "batch"}
    assert report["summary"]["by_rule"] == {"corpus.duplicate-article": 3, "duplicate.look-alike": 3}
    assert set(report["batch"]) == {"mode", "articles", "input_files", "keep", "thresholds", "duplicates",
                                    "clusters", "boilerplate", "shared_passages", "files", "removed_outputs"}
    assert [f["duplicates"] for f in report["batch"]["files"]] == [0, 1, 0, 0, 0, 0, 0, 1, 1]


def test_single_files_keep_their_old_behaviour(tmp_path):
    path = write_files(tmp_path, {"a.txt": article(1)})["a.txt"]
    result = invoke("clean", str(path))
    assert result.exit_code == 0 and result.stdout == article(1)
    assert invoke("clean", str(path), "-o", str(tmp_path)).exit_code == 2  # -o must be a file here


@pytest.mark.parametrize("report_format", ["sarif", "github", "junit", "html"])
def test_folders_are_reported_in_every_format(tmp_path, report_format):
    duplicate_corpus(tmp_path)
    result = invoke("check", str(tmp_path), "--format", report_format, "-j", "1")
    assert result.exit_code == 1, result.output
    assert result.stdout.count("corpus.duplicate-article") >= 3
    if report_format == "sarif":
        results = json.loads(result.stdout)["runs"][0]["results"]
        assert sum(r["ruleId"] == "corpus.duplicate-article" for r in results) == 3
    if report_format == "junit":
        import xml.etree.ElementTree as ET

        assert ET.fromstring(result.stdout.split("\n", 1)[1]).get("tests") == "9"


def test_several_files_are_checked_as_one_batch_as_they_are_cleaned(tmp_path):
    paths = write_files(tmp_path, {"a.txt": article(1), "b.txt": article(1), "c.txt": article(2)})
    result = invoke("check", str(paths["a.txt"]), str(paths["b.txt"]), str(paths["c.txt"]), "--format", "json",
                    "-j", "1")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["summary"]["by_rule"].get("corpus.duplicate-article") == 1
    assert report["batch"]["duplicates"]["articles_dropped"] == 1


def test_an_article_stored_in_decomposed_characters_is_a_copy_of_its_composed_twin(tmp_path):
    import unicodedata

    story = ("La façade du théâtre municipal rouvre après trois années de travaux, annonce la mairie, qui "
             "a financé la rénovation avec la région. Les premières représentations auront lieu en été, "
             "et la billetterie ouvre dès lundi au guichet comme en ligne pour tous les spectacles prévus.\n")
    paths = write_files(tmp_path, {"a.txt": story, "b.txt": unicodedata.normalize("NFD", story)})
    result = invoke("check", str(paths["a.txt"]), str(paths["b.txt"]), "--format", "json", "-j", "1")
    clusters = json.loads(result.stdout)["batch"]["clusters"]
    assert [m["relation"] for c in clusters for m in c["members"] if not m["kept"]] == ["exact"]


def test_select_corpus_reports_corpus_findings_without_reading_articles_on_their_own(tmp_path, monkeypatch):
    import dedup.pipeline

    duplicate_corpus(tmp_path / "dups", boilerplate_every=1)
    whole = json.loads(invoke("check", str(tmp_path / "dups"), "--format", "json", "-j", "1").stdout)

    def refuse(*args, **kwargs):
        raise AssertionError("a per-article check ran under --select corpus")

    monkeypatch.setattr(dedup.pipeline, "check_text", refuse)
    monkeypatch.setattr(dedup.pipeline, "clean_text", refuse)
    result = invoke("check", str(tmp_path / "dups"), "--select", "corpus", "--format", "json", "-j", "1")
    assert result.exit_code == 1, result.output
    corpus_only = json.loads(result.stdout)

    def corpus_findings(report):
        return sorted((f["path"], f["rule"], f["start"], f["end"]) for f in _findings(report)
                      if f["rule"].startswith("corpus."))

    assert corpus_findings(corpus_only) == corpus_findings(whole) != []
    assert all(f["rule"].startswith("corpus.") for f in _findings(corpus_only))
    assert corpus_only["batch"]["clusters"] == whole["batch"]["clusters"]
    cleaned = invoke("clean", str(tmp_path / "dups"), "--select", "corpus", "-o", str(tmp_path / "out"), "-j", "1")
    assert cleaned.exit_code == 0, cleaned.output


def _findings(report):
    return [dict(f, path=entry["path"]) for entry in report["files"] for f in entry["findings"]]


def test_select_corpus_reads_again_only_the_articles_the_corpus_reports(tmp_path, monkeypatch):
    import dedup.batch.apply

    duplicate_corpus(tmp_path / "dups")
    args = ("check", str(tmp_path / "dups"), "--select", "corpus.duplicate-article", "--format", "json", "-j", "1")
    expected = json.loads(invoke(*args).stdout)
    read_again = []

    def recording(path, *rest, **kwargs):
        read_again.append(path)
        return dedup.batch.corpus.read_file(path, *rest, **kwargs)

    monkeypatch.setattr(dedup.batch.apply, "read_file", recording)
    report = json.loads(invoke(*args).stdout)
    assert report == expected
    dropped = {m["path"] for c in report["batch"]["clusters"] for m in c["members"] if not m["kept"]}
    assert dropped and set(read_again) == dropped
    assert len(report["files"]) > len(dropped)  # every article still has its entry
