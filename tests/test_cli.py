"""The command line: exit codes, bad input as one-line errors, atomic and faithful output."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import dedup.io
from dedup.cli import main
from dedup.rules.examples import CLEAN_SHORT, EXACT_PARAGRAPH_FLAGGED

REPEATED = EXACT_PARAGRAPH_FLAGGED[0]
CLEAN = CLEAN_SHORT[0]


@pytest.fixture()
def runner():
    return CliRunner()


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def one_line_error(result, path_fragment: str) -> str:
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and path_fragment in lines[0], lines
    assert "Traceback" not in result.output + result.stderr
    return lines[0]


def test_exit_codes(runner, tmp_path):
    clean = write(tmp_path, "clean.txt", CLEAN)
    repeated = write(tmp_path, "repeated.txt", REPEATED)
    assert runner.invoke(main, ["check", str(clean)]).exit_code == 0
    assert runner.invoke(main, ["check", str(repeated)]).exit_code == 1
    assert runner.invoke(main, ["check", "--fail-level", "error", str(repeated)]).exit_code == 0
    assert runner.invoke(main, ["check", "--fail-level", "loud", str(repeated)]).exit_code == 2


@pytest.mark.parametrize(
    "name, data, problem",
    [
        ("binary.bin", b"\x00\x01\x02PNG", "binary"),
        ("latin1.txt", "café au lait".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_bad_files_give_one_line_errors(runner, tmp_path, name, data, problem):
    path = write(tmp_path, name, data)
    assert problem in one_line_error(runner.invoke(main, ["check", str(path)]), name)


def test_missing_file(runner, tmp_path):
    assert "no such file" in one_line_error(runner.invoke(main, ["check", str(tmp_path / "nope.txt")]), "nope.txt")


def test_unreadable_file(runner, tmp_path, monkeypatch):
    path = write(tmp_path, "locked.txt", CLEAN)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(dedup.io, "open", refuse, raising=False)  # the reader's own open()
    assert "permission denied" in one_line_error(runner.invoke(main, ["check", str(path)]), "locked.txt")


def test_a_file_that_is_too_large(runner, tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # a sparse 50 MB file
    assert "too large" in one_line_error(runner.invoke(main, ["check", str(path)]), "huge.txt")


def test_empty_file_is_fine(runner, tmp_path):
    path = write(tmp_path, "empty.txt", b"")
    result = runner.invoke(main, ["check", "--format", "json", str(path)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["files"][0]["findings"] == []


def test_stdin(runner):
    result = runner.invoke(main, ["check", "-", "--format", "json"], input=REPEATED)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["files"][0]["path"] == "<stdin>"
    assert report["files"][0]["findings"][0]["rule"] == "duplicate.exact-paragraph"


@pytest.mark.parametrize("prefix, newline", [(b"", "\r\n"), (b"\xef\xbb\xbf", "\n"), (b"\xef\xbb\xbf", "\r\n")])
def test_crlf_and_bom_survive_cleaning(runner, tmp_path, prefix, newline):
    clean = write(tmp_path, "clean.txt", prefix + CLEAN.replace("\n", newline).encode())
    out = tmp_path / "out.txt"
    assert runner.invoke(main, ["clean", str(clean), "-o", str(out)]).exit_code == 0
    assert out.read_bytes() == clean.read_bytes()
    repeated = write(tmp_path, "repeated.txt", prefix + REPEATED.replace("\n", newline).encode())
    assert runner.invoke(main, ["clean", str(repeated), "-o", str(out)]).exit_code == 0
    cleaned = out.read_bytes()
    assert cleaned.startswith(prefix) and cleaned.count(newline.encode()) >= 2
    assert cleaned.decode("utf-8-sig").count("The council met on Monday") == 1
    if newline == "\r\n":
        assert b"\n" not in cleaned.replace(b"\r\n", b"")


def test_clean_never_touches_the_input_unless_in_place(runner, tmp_path):
    path = write(tmp_path, "repeated.txt", REPEATED)
    before = path.read_bytes()
    result = runner.invoke(main, ["clean", str(path)])
    assert result.exit_code == 0 and path.read_bytes() == before
    assert result.stdout.count("The council met on Monday") == 1
    assert runner.invoke(main, ["clean", "--in-place", str(path)]).exit_code == 0
    assert path.read_bytes().decode().count("The council met on Monday") == 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_diff_and_json_edits(runner, tmp_path):
    path = write(tmp_path, "repeated.txt", REPEATED)
    diff = runner.invoke(main, ["clean", "--diff", str(path)])
    assert diff.stdout.startswith("--- ") and "\n-The council met on Monday" in diff.stdout
    out = tmp_path / "out.txt"
    result = runner.invoke(main, ["clean", str(path), "-o", str(out), "--format", "json"])
    report = json.loads(result.stdout)
    edits = report["files"][0]["edits"]
    assert edits and all({"rule", "start", "end", "line", "column", "replacement"} <= set(e) for e in edits)


def test_json_findings_have_documented_fields(runner, tmp_path):
    path = write(tmp_path, "repeated.txt", REPEATED)
    report = json.loads(runner.invoke(main, ["check", "--format", "json", str(path)]).stdout)
    assert report["schema_version"] == 1
    finding = report["files"][0]["findings"][0]
    for key in ("rule", "category", "severity", "message", "start", "end", "line", "column",
                "end_line", "end_column", "related"):
        assert key in finding
    text = path.read_text()
    assert text[finding["start"] : finding["end"]].startswith("The council met")


def test_select_ignore_and_severity_override(runner, tmp_path):
    path = write(tmp_path, "repeated.txt", REPEATED)
    assert runner.invoke(main, ["check", "--ignore", "duplicate", str(path)]).exit_code == 0
    assert runner.invoke(main, ["check", "--select", "break", str(path)]).exit_code == 0
    assert runner.invoke(main, ["check", "--severity", "duplicate.exact-paragraph=info", str(path)]).exit_code == 0
    assert runner.invoke(main, ["check", "--severity", "nonsense", str(path)]).exit_code == 2


def test_rules_and_explain(runner):
    listing = runner.invoke(main, ["rules"]).stdout
    assert "duplicate.second-version" in listing
    explained = runner.invoke(main, ["explain", "duplicate.second-version"])
    assert explained.exit_code == 0 and "Flagged:" in explained.stdout
    assert runner.invoke(main, ["explain", "no.such-rule"]).exit_code == 2


def _all_params(group: click.Group):
    for name, command in group.commands.items():
        for param in command.params:
            yield name, param


def test_every_option_has_help_text():
    missing = [f"{name} {param.name}" for name, param in _all_params(main)
               if isinstance(param, click.Option) and not param.help]
    assert not missing, missing


def test_an_internal_error_is_one_line_and_exit_123(runner, tmp_path, monkeypatch):
    import dedup.pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(dedup.pipeline, "check_text", broken)
    path = write(tmp_path, "clean.txt", CLEAN)
    result = runner.invoke(main, ["check", str(path)])
    assert result.exit_code == 123
    assert result.stderr.strip() == "dedup: internal error: RuntimeError: boom (please report it)"


def test_rules_lists_the_corpus_rules_too(runner):
    listing = runner.invoke(main, ["rules"]).stdout
    assert "corpus.duplicate-article" in listing and "corpus.boilerplate" in listing
    assert runner.invoke(main, ["explain", "corpus.shared-passage"]).exit_code == 0
