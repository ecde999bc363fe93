"""The Spark engine's options, without Spark: what a missing PySpark or a bad setting says."""

from __future__ import annotations

import sys

import pytest

from dedup.cli import main

from .conftest import FIXTURES


def test_missing_pyspark_names_the_install_command(runner, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark raises ImportError
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    result = runner.invoke(main, ["check", str(FIXTURES / "clean"), "--engine", "spark"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == "dedup: --engine spark needs PySpark: pip install 'dedup[spark]'\n"


def test_a_spark_setting_without_equals_is_a_usage_error(runner):
    result = runner.invoke(main, ["check", str(FIXTURES / "clean"), "--engine", "spark", "--spark-conf", "spark.x"])
    assert result.exit_code == 2 and "'spark.x' is not KEY=VALUE" in result.stderr


@pytest.mark.parametrize("setting", ["dedup.driver.links", "dedup.driver.bytes"])
def test_dedup_settings_must_be_whole_numbers(runner, setting):
    result = runner.invoke(main, ["check", str(FIXTURES / "clean"), "--engine", "spark",
                                  "--spark-conf", f"{setting}=many"])
    assert result.exit_code == 2 and f"{setting}=many: not a whole number" in result.stderr


def test_the_local_engine_never_imports_pyspark(runner, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    result = runner.invoke(main, ["check", str(FIXTURES / "clean"), "-j", "1"])
    assert result.exit_code in (0, 1) and "dedup:" not in result.stderr


@pytest.mark.parametrize(("command", "message"), [
    (["check", "hdfs://cluster/articles"], "hdfs://cluster/articles: hdfs:// inputs need --engine spark"),
    (["clean", "s3a://bucket/articles", "-o", "out"], "s3a://bucket/articles: s3a:// inputs need --engine spark"),
    (["check", "file://elsewhere/articles"], "file://elsewhere/articles: is not a path of this machine (file:///PATH)"),
    (["clean", "hdfs://nn/articles", "-o", "s3a://bucket/cleaned", "--engine", "spark"],
     "s3a://bucket/cleaned: -o writes to a folder path (on a cluster, one the driver and every executor share); "
     "s3a:// outputs are not written"),
    (["clean", "hdfs://nn/articles", "--in-place", "--engine", "spark"],
     "hdfs://nn/articles: --in-place cannot rewrite hdfs:// inputs; give -o OUTDIR"),
    (["check", str(FIXTURES / "clean"), "hdfs://nn/articles", "--engine", "spark"],
     "hdfs://nn/articles: give either URIs or local paths as inputs, not both"),
    (["check", "hdfs://nn/articles", "--per-file", "--engine", "spark"],
     "hdfs://nn/articles: hdfs:// inputs are read by a batch only (not with --per-file, --against, --baseline, "
     "--diff-base, --review or --decisions)"),
])
def test_uris_that_cannot_be_read_or_written_are_one_line_and_exit_2(runner, monkeypatch, command, message):
    """Told before any Spark session starts (without PySpark, the same line)."""
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    result = runner.invoke(main, command)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"dedup: {message}\n")


def test_the_local_engine_reads_a_file_uri_as_its_path(runner, tmp_path):
    folder = FIXTURES / "clean"
    by_path = runner.invoke(main, ["check", str(folder), "--format", "json", "-j", "1"])
    by_uri = runner.invoke(main, ["check", f"file://{folder}", "--format", "json", "-j", "1"])
    assert (by_uri.exit_code, by_uri.stdout) == (by_path.exit_code, by_path.stdout)
    assert by_path.stdout.count("clean/") > 3
    cleaned = runner.invoke(main, ["clean", f"file://{folder}", "-o", f"file://{tmp_path}/out", "-j", "1"])
    assert cleaned.exit_code == 0 and len(list((tmp_path / "out").iterdir())) > 3
