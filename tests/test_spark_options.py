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


@pytest.mark.parametrize("command", [
    ["check", str(FIXTURES / "clean"), "hdfs://cluster/articles"],
    ["clean", str(FIXTURES / "clean"), "-o", "s3a://bucket/cleaned"],
])
def test_urls_are_one_line_and_exit_2(runner, command):
    result = runner.invoke(main, [*command, "--engine", "spark"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "URLs are not read yet" in result.stderr
