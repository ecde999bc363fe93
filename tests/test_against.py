"""New articles against a folder of published ones: a repeat or a rewording names the published one."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from dedup.cli import main

from .test_batch_helpers import article, write_files


def reworded(text: str) -> str:
    swaps = {"said": "stated", "because": "as", "approved": "backed", "delayed": "postponed", "plans": "proposals",
             "group": "association", "closed": "shut", "opened": "launched"}
    for old, new in swaps.items():
        text = text.replace(f" {old} ", f" {new} ")
    paragraphs = text.split("\n\n")
    return "\n\n".join([paragraphs[0]] + [" ".join(reversed(p.split(". "))) for p in paragraphs[1:]])


def corpus_findings(result) -> dict[str, list[dict]]:
    assert "Traceback" not in result.output, result.output
    files = json.loads(result.stdout)["files"]
    return {f["path"].rsplit("/", 1)[-1]: [x for x in f["findings"] if x["rule"].startswith("corpus.")] for f in files}


def test_a_new_article_that_rewords_a_published_one_names_it(tmp_path):
    published = tmp_path / "published"
    write_files(published, {"story.txt": article(21, paragraphs=6), "other.txt": article(22, paragraphs=6),
                            **{f"z{i}.txt": article(300 + i) for i in range(5)}})
    write_files(tmp_path / "new", {"copy.txt": reworded(article(21, paragraphs=6)), "fresh.txt": article(23)})
    result = CliRunner().invoke(main, ["check", "--format", "json", "--jobs", "1", "--against", str(published),
                                       str(tmp_path / "new" / "copy.txt"), str(tmp_path / "new" / "fresh.txt")])
    found = corpus_findings(result)
    assert found["fresh.txt"] == []
    [duplicate] = found["copy.txt"]
    assert duplicate["rule"] == "corpus.duplicate-article" and "story.txt" in duplicate["message"]
    assert duplicate["details"]["kind"] == "reworded" and duplicate["details"]["kept"].endswith("story.txt")
    assert result.exit_code == 1


def test_an_article_already_in_the_folder_is_not_its_own_copy(tmp_path):
    published = tmp_path / "published"
    write_files(published, {"story.txt": article(21, paragraphs=6), "other.txt": article(22, paragraphs=6)})
    shutil.copy(published / "story.txt", tmp_path / "same.txt")
    runner = CliRunner()
    inside = runner.invoke(main, ["check", "--format", "json", "--jobs", "1", "--against", str(published),
                                  str(published / "story.txt")])
    assert corpus_findings(inside) == {"story.txt": []}
    outside = runner.invoke(main, ["check", "--format", "json", "--jobs", "1", "--against", str(published),
                                   str(tmp_path / "same.txt")])
    [duplicate] = corpus_findings(outside)["same.txt"]
    assert duplicate["details"]["kind"] == "exact"


def test_against_needs_a_folder(tmp_path):
    write_files(tmp_path, {"a.txt": article(21)})
    result = CliRunner().invoke(main, ["check", "--against", str(tmp_path / "missing"), str(tmp_path / "a.txt")])
    assert result.exit_code == 2 and "missing" in result.output + result.stderr
