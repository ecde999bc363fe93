"""Settings kept in the repository: found from the checked file upward, closest file wins,
validated key by key, and overridden by the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedup.cli import main
from dedup.configfile import ConfigError, discover_config, find_config_file, load_config
from dedup.models import Severity
from dedup.rules.examples import CLEAN_SHORT, EXACT_PARAGRAPH_FLAGGED

from .conftest import put

REPEATED = EXACT_PARAGRAPH_FLAGGED[0]


def rules_found(result) -> list[str]:
    assert "Traceback" not in result.output, result.output
    return sorted({f["rule"] for file in json.loads(result.stdout)["files"] for f in file["findings"]})


def test_the_closest_file_wins_and_a_pyproject_without_the_table_is_passed_over(tmp_path):
    put(tmp_path / "pyproject.toml", '[tool.dedup]\nfail-level = "error"\n')
    put(tmp_path / "news" / "dedup.toml", 'select = ["duplicate"]\n')
    put(tmp_path / "news" / "2026" / "pyproject.toml", '[project]\nname = "site"\n')
    assert find_config_file(tmp_path / "news" / "2026" / "a.md") == tmp_path / "news" / "dedup.toml"
    assert find_config_file(tmp_path / "blog" / "b.md") == tmp_path / "pyproject.toml"
    nested = discover_config(tmp_path / "news" / "2026" / "a.md")
    # Files further up are not merged in: the fail level stays the default.
    assert nested.settings.select == ("duplicate",) and nested.settings.fail_level is Severity.WARNING
    put(tmp_path / "news" / ".dedup.toml", 'ignore = ["break"]\n')
    assert find_config_file(tmp_path / "news" / "a.md").name == ".dedup.toml"


def test_every_kind_of_key_is_read(tmp_path):
    config = load_config(put(tmp_path / "dedup.toml", """
select = ["duplicate", "break"]
ignore = "duplicate.sentence"
fail-level = "info"
unsafe-fixes = true
keep-unique = true
near-ratio = 85
min-paragraph-words = 8
shingle-bands = [16, 4]
exclude = ["drafts/"]
[severity]
"duplicate.exact-paragraph" = "error"
[per-file-ignores]
"archive/**" = ["truncation"]
"""))
    s = config.settings
    assert s.select == ("duplicate", "break") and s.ignore == ("duplicate.sentence",)
    assert s.fail_level is Severity.INFO and s.unsafe_fixes and s.keep_unique
    assert s.near_ratio == 85.0 and s.min_paragraph_words == 8 and s.shingle_bands == (16, 4)
    assert s.severity_for("duplicate.exact-paragraph", Severity.WARNING) is Severity.ERROR
    assert config.excludes(tmp_path / "drafts" / "x.md") and not config.excludes(tmp_path / "x.md")
    assert "truncation" in config.settings_for(tmp_path / "archive" / "2020" / "x.md").ignore
    assert "truncation" not in config.settings_for(tmp_path / "x.md").ignore


@pytest.mark.parametrize("body, problem", [
    ('selct = ["duplicate"]\n', "unknown key 'selct' (did you mean 'select'?)"),
    ("near_ratio = 80\n", "unknown key 'near_ratio' (did you mean 'near-ratio'?)"),
    ('fail-level = "loud"\n', "unknown severity 'loud'"),
    ('near-ratio = "high"\n', "near-ratio must be a number"),
    ("unsafe-fixes = 1\n", "unsafe-fixes must be true or false"),
    ("select = [1]\n", "select must be a list of strings"),
    ("select = [\n", "not valid TOML"),
    ('select = ["duplicat"]\n', "select: no rule or prefix 'duplicat' (did you mean 'duplicate'?)"),
    ('[severity]\n"break.missing-spaces" = "info"\n', "(did you mean 'break.missing-space'?)"),
    ('[per-file-ignores]\n"*.md" = ["truncaton"]\n', "no rule or prefix 'truncaton'"),
])
def test_a_bad_file_is_a_one_line_error_naming_the_file(runner, tmp_path, body, problem):
    config = put(tmp_path / "dedup.toml", body)
    article = put(tmp_path / "a.txt", REPEATED)
    with pytest.raises(ConfigError, match="dedup.toml"):
        load_config(config)
    result = runner.invoke(main, ["check", str(article)])
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert result.exit_code == 2 and len(lines) == 1, result.output
    assert lines[0].startswith(f"dedup: {config}: ") and problem in lines[0], lines


def test_an_unknown_key_in_pyproject_names_it(runner, tmp_path):
    put(tmp_path / "pyproject.toml", '[tool.dedup]\nunsafe_fix = true\n')
    result = runner.invoke(main, ["config", str(tmp_path)])
    assert result.exit_code == 2
    assert "pyproject.toml: unknown key 'unsafe_fix' (did you mean 'unsafe-fixes'?)" in result.stderr


def test_the_command_line_overrides_the_file(runner, tmp_path):
    put(tmp_path / "dedup.toml", 'fail-level = "error"\nselect = ["break"]\n')
    article = put(tmp_path / "a.txt", REPEATED)
    # The file's select leaves only the break rules, which find nothing here.
    assert runner.invoke(main, ["check", "--format", "json", str(article)]).exit_code == 0
    result = runner.invoke(main, ["check", "--format", "json", "--select", "duplicate", str(article)])
    assert rules_found(result) == ["duplicate.exact-paragraph"]
    assert result.exit_code == 0  # the file's fail level still holds
    result = runner.invoke(main, ["check", "--select", "duplicate", "--fail-level", "warning", str(article)])
    assert result.exit_code == 1


def test_severities_from_the_file_and_the_command_line_merge(runner, tmp_path):
    put(tmp_path / "dedup.toml", '[severity]\n"duplicate" = "info"\n"break" = "error"\n')
    article = put(tmp_path / "a.txt", REPEATED)
    result = runner.invoke(main, ["check", "--format", "json", str(article)])
    assert result.exit_code == 0  # the copy is only info now
    severities = {f["severity"] for f in json.loads(result.stdout)["files"][0]["findings"]}
    assert severities == {"info"}
    result = runner.invoke(main, ["check", "--severity", "duplicate.exact-paragraph=warning", str(article)])
    assert result.exit_code == 1


def test_per_file_ignores_and_exclude_apply_to_files_named_one_by_one(runner, tmp_path):
    put(tmp_path / "pyproject.toml",
        '[tool.dedup]\nexclude = ["vendor/"]\n[tool.dedup.per-file-ignores]\n"drafts/*.txt" = ["duplicate"]\n')
    draft = put(tmp_path / "drafts" / "a.txt", REPEATED)
    final = put(tmp_path / "final" / "a.txt", REPEATED)
    vendored = put(tmp_path / "vendor" / "a.txt", REPEATED)
    # --per-file: the files named are checked one by one (without it they are one batch).
    result = runner.invoke(main, ["check", "--per-file", "--format", "json", str(draft), str(final), str(vendored)])
    files = {Path(f["path"]).parent.name: f["findings"] for f in json.loads(result.stdout)["files"]}
    assert set(files) == {"drafts", "final"}
    assert files["drafts"] == [] and files["final"], files
    assert result.exit_code == 1


def test_files_named_together_are_one_batch_without_the_excluded_ones(runner, tmp_path):
    put(tmp_path / "pyproject.toml", '[tool.dedup]\nexclude = ["vendor/"]\n')
    first = put(tmp_path / "final" / "a.txt", REPEATED)
    vendored = put(tmp_path / "vendor" / "a.txt", REPEATED)
    result = runner.invoke(main, ["check", "--format", "json", str(first), str(vendored)])
    paths = {Path(f["path"]).parent.name for f in json.loads(result.stdout)["files"]}
    assert paths == {"final"}, result.stdout


def test_clean_reads_keep_unique_and_unsafe_fixes_from_the_file(runner, tmp_path):
    put(tmp_path / "dedup.toml", "unsafe-fixes = true\nkeep-unique = true\n")
    article = put(tmp_path / "a.txt", REPEATED)
    out = tmp_path / "out.txt"
    result = runner.invoke(main, ["clean", str(article), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().count("The council met on Monday") == 1
    config = discover_config(article)
    assert config.settings.unsafe_fixes and config.settings.keep_unique


def test_a_folder_batch_honours_the_files_exclude(runner, tmp_path):
    put(tmp_path / "dedup.toml", 'exclude = ["/site/drafts/"]\n')
    put(tmp_path / "site" / "kept.txt", CLEAN_SHORT[0])
    put(tmp_path / "site" / "drafts" / "skipped.txt", REPEATED)
    result = runner.invoke(main, ["check", str(tmp_path / "site")])
    assert "kept.txt" in result.output or result.exit_code == 0, result.output
    assert "skipped.txt" not in result.output and result.exit_code == 0, result.output
    # Without the exclude, the draft is read and its repeat found.
    (tmp_path / "dedup.toml").write_text("")
    result = runner.invoke(main, ["check", str(tmp_path / "site")])
    assert result.exit_code == 1 and "skipped.txt" in result.output


def test_dedup_config_shows_each_value_and_where_it_came_from(runner, tmp_path):
    config = put(tmp_path / "dedup.toml", 'select = ["duplicate"]\nnear-ratio = 85\n')
    result = runner.invoke(main, ["config", str(tmp_path / "any.md")])
    assert result.exit_code == 0, result.output
    lines = {ln.split(" = ")[0]: ln for ln in result.stdout.splitlines() if " = " in ln}
    assert lines["select"].endswith(f"# {config}") and '["duplicate"]' in lines["select"]
    assert "85.0" in lines["near-ratio"] and lines["near-ratio"].endswith(f"# {config}")
    assert lines["fail-level"].endswith("# default") and '"warning"' in lines["fail-level"]
    assert str(config) in result.stdout.splitlines()[0]
