"""``--engine spark`` gives the report and every output byte of ``--engine local``.

Marked ``spark``: ``make test-spark`` runs these alone (they need PySpark and Java), and
``make test`` leaves them out. One Spark session (``local[2]``) serves every test.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.batch_corpus import generate
from dedup.cli import main

from .conftest import FIXTURES, put
from .test_batch_helpers import BOILERPLATE, article, near_copy, write_jsonl

pytestmark = pytest.mark.spark

MASTER = "local[2]"


@pytest.fixture(scope="session")
def spark():
    """The one session of these tests; the CLI runs find it again (``getOrCreate``)."""
    from dedup.batch.spark.session import SparkOptions, start

    return start(SparkOptions(MASTER))


def generated_corpus(root: Path) -> Path:
    """Copies, rewrites, shared passages and boilerplate in files, and a JSONL corpus with a bad line."""
    generate(root / "files", 160, seed=11, target_chars=1500)
    rng = random.Random(5)
    records: list = [{"id": i, "text": article(700 + i)} for i in range(12)]
    records += [{"id": 20, "text": near_copy(article(703))}, {"id": 21, "text": article(705)},
                {"id": 22, "text": article(706) + "\n" + BOILERPLATE + "\n"}]
    rng.shuffle(records)
    write_jsonl(root / "corpus.jsonl", [*records[:7], '{"id": 99, "text": "broken', *records[7:]])
    return root


@pytest.fixture(scope="session")
def corpora(tmp_path_factory) -> dict[str, list[str]]:
    root = tmp_path_factory.mktemp("spark-corpora")
    shutil.copytree(FIXTURES, root / "fixtures")
    generated = generated_corpus(root / "generated")
    return {"fixtures": [str(root / "fixtures")],
            "generated": [str(generated / "files"), str(generated / "corpus.jsonl")]}


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_run(inputs: list[str], out: Path, *engine: str) -> tuple[int, str, str, dict[str, bytes]]:
    code, report, errors = run(["clean", *inputs, "-o", str(out), "--format", "json", *engine])
    return code, report.replace(str(out), "OUT"), errors.replace(str(out), "OUT"), tree_bytes(out)


_LOCAL: dict[str, tuple] = {}


def local_results(name: str, inputs: list[str], root: Path) -> tuple:
    """The local engine's clean (JSON report and outputs) and check (text report), once per corpus."""
    if name not in _LOCAL:
        _LOCAL[name] = (clean_run(inputs, root / f"local-{name}", "-j", "2"),
                        run(["check", *inputs, "--format", "text", "--no-color", "-j", "2"]))
    return _LOCAL[name]


@pytest.mark.parametrize("corpus", ["fixtures", "generated"])
@pytest.mark.parametrize("partitions", [1, 3, 8])
def test_spark_report_and_outputs_are_the_local_bytes(spark, corpora, tmp_path_factory, corpus, partitions):
    root = tmp_path_factory.getbasetemp()
    inputs = corpora[corpus]
    local_clean, local_check = local_results(corpus, inputs, root)
    engine = ["--engine", "spark", "--master", MASTER, "--spark-conf", f"spark.default.parallelism={partitions}"]
    spark_clean = clean_run(inputs, root / f"spark-{corpus}-{partitions}", *engine)
    assert spark_clean[0] == local_clean[0]
    assert spark_clean[1] == local_clean[1], "the JSON reports differ"
    assert spark_clean[2] == local_clean[2], "the error lines differ"
    assert spark_clean[3] == local_clean[3], "the output files differ"
    assert run(["check", *inputs, "--format", "text", "--no-color", *engine]) == local_check
    batch = json.loads(local_clean[1])["batch"]
    assert batch["clusters"] and len(spark_clean[3]) > 10
    if corpus == "generated":
        assert batch["boilerplate"] and batch["shared_passages"]
        assert "line 8: not valid JSON" in spark_clean[2] and spark_clean[0] == 2


def test_components_on_dataframes_give_the_same_clusters(spark, corpora, tmp_path_factory):
    """With no link allowed on the driver, the large/small-star method joins the clusters."""
    root = tmp_path_factory.getbasetemp()
    inputs = corpora["generated"]
    local_clean, _ = local_results("generated", inputs, root)
    engine = ["--engine", "spark", "--master", MASTER, "--spark-conf", "spark.default.parallelism=3",
              "--spark-conf", "dedup.driver.links=0"]
    assert clean_run(inputs, root / "spark-star", *engine) == local_clean


@pytest.mark.parametrize(("corpus", "partitions", "bounds"), [
    ("fixtures", 8, ["dedup.driver.bytes=0"]),
    ("generated", 1, ["dedup.driver.bytes=0"]),
    ("generated", 3, ["dedup.driver.bytes=0", "dedup.driver.links=0"]),
])
def test_sketches_kept_on_the_executors_give_the_local_bytes(spark, corpora, tmp_path_factory, monkeypatch,
                                                            corpus, partitions, bounds):
    """Past the driver's bound (here any input), stages 1 and 2 run on DataFrames: same report, same outputs."""
    from dedup.batch.spark import engine as spark_engine

    calls = []
    signed_candidates = spark_engine.signed_candidates
    monkeypatch.setattr(spark_engine, "signed_candidates", lambda *a: calls.append(a) or signed_candidates(*a))
    root = tmp_path_factory.getbasetemp()
    inputs = corpora[corpus]
    local_clean, local_check = local_results(corpus, inputs, root)
    engine = ["--engine", "spark", "--master", MASTER, "--spark-conf", f"spark.default.parallelism={partitions}"]
    for bound in bounds:
        engine += ["--spark-conf", bound]
    assert clean_run(inputs, root / f"spark-sketches-{corpus}-{partitions}", *engine) == local_clean
    assert run(["check", *inputs, "--format", "text", "--no-color", *engine]) == local_check
    assert len(calls) == 2, "the sketches were merged on the driver"


def test_star_components_equal_union_find_on_random_graphs(spark):
    from dedup.batch.clusters import components
    from dedup.batch.spark.components import star_components
    from dedup.batch.verify import Link

    rng = random.Random(3)
    edges = [(rng.randrange(300), rng.randrange(300)) for _ in range(220)] + [(i, i + 1) for i in range(400, 460)]
    links = [Link(min(a, b), max(a, b), "near", 1.0) for a, b in edges if a != b]
    assert star_components(spark, edges, 4) == components(500, links)


def test_a_master_that_cannot_be_reached_is_one_line_and_exit_2(corpora):
    code, out, err = run(["check", *corpora["fixtures"], "--engine", "spark", "--master", "spark://127.0.0.1:9"])
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "spark://127.0.0.1:9 cannot be reached" in err


def test_no_java_is_one_line_and_exit_2(corpora, monkeypatch):
    monkeypatch.setenv("JAVA_HOME", "/nonexistent")
    code, out, err = run(["check", *corpora["fixtures"], "--engine", "spark", "--master", MASTER])
    assert code == 2 and err.count("\n") == 1 and "needs Java 17" in err


def test_a_failed_job_leaves_no_output(spark, tmp_path):
    """The first article is cleaned and written on an executor; the second task fails, so nothing is kept."""
    from dataclasses import replace

    from dedup.batch import spark as engine_package
    from dedup.batch.apply import ArticlePlan, StageOptions, apply_task
    from dedup.batch.config import BatchConfig
    from dedup.batch.corpus import DocRef
    from dedup.batch.spark.engine import SparkEngine
    from dedup.config import Settings

    source = tmp_path / "in" / "a.txt"
    source.parent.mkdir()
    source.write_text(article(1) + "\n" + article(1), encoding="utf-8")
    target = tmp_path / "out" / "a.txt"
    plan = ArticlePlan(0, DocRef(str(source)), len(source.read_text(encoding="utf-8")), output=str(target))
    options = StageOptions(Settings(), BatchConfig(), True, "json", False, {})
    engine = SparkEngine(spark, partitions=2)
    written = list(engine.run_tasks(apply_task, [("files", (plan,))], 1, {"options": options}))
    assert written[0][0][0].written == str(target) and target.read_text(encoding="utf-8").count("\n") > 3
    target.unlink()
    broken = replace(plan, drop="not a drop")  # fails on the executor, in the duplicate finding
    with pytest.raises(engine_package.SparkJobFailed):
        engine.run_tasks(apply_task, [("files", (plan,)), ("files", (broken,))], 1, {"options": options})
    assert not target.exists() and not [p for p in target.parent.iterdir() if not p.name.startswith(".")]


def test_a_worker_that_dies_is_retried_by_spark(tmp_path):
    """In its own process: ``local[2,2]`` lets Spark try each task twice, as a cluster's maxFailures does."""
    import os
    import subprocess
    import sys

    from .conftest import ROOT

    marker = tmp_path / "crashed"
    script = ("from dedup.batch.spark.engine import SparkEngine\n"
              "from dedup.batch.spark.session import SparkOptions, start\n"
              "from tests.spark_faults import crash_once\n"
              "engine = SparkEngine(start(SparkOptions('local[2,2]')))\n"
              f"print(list(engine.run_tasks(crash_once, [('{tmp_path / 'none'}', 1), ('{marker}', 2)], 1, {{}})))\n")
    (tmp_path / "none").touch()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert marker.exists() and done.stdout.strip().splitlines()[-1] == "[2, 4]"


# --- inputs named by URIs ---------------------------------------------------------------------------


def uri_corpus(root: Path) -> Path:
    """A folder with what the walk and the readers must treat alike through a URI: a .gitignore (with a
    negation), hidden and ignored folders, names with spaces, brackets and percent signs, files that
    cannot be decoded, an empty file, another extension, and JSONL corpora (one empty) with a BOM, CRLF
    breaks and bad lines."""
    generate(root / "articles", 60, seed=23, target_chars=1200)
    texts = sorted((root / "articles").rglob("*.txt"))
    copy = texts[3].read_text(encoding="utf-8")
    put(root / ".gitignore", "drafts/\n*.skip.txt\n!keep.skip.txt\n")
    put(root / "drafts" / "copy.txt", copy)
    put(root / "articles" / "a.skip.txt", copy)
    put(root / "articles" / "keep.skip.txt", near_copy(article(31)))
    put(root / ".hidden" / "h.txt", copy)
    put(root / "odd names" / "sp ace [1] %20 {x}.txt", near_copy(copy.replace("\n\n", "\n\n\n", 1)))
    put(root / "odd names" / "é.md", article(31))
    put(root / "odd names" / "notes.rst", copy)
    (root / "bad").mkdir()
    (root / "bad" / "latin1.txt").write_bytes("caf\xe9 au lait\n".encode("latin-1"))
    (root / "bad" / "nul.txt").write_bytes(b"text\x00more\n")
    (root / "bad" / "empty.txt").write_bytes(b"")
    lines = [json.dumps({"id": i, "text": article(800 + i)}) for i in range(6)]
    lines += [json.dumps({"id": 2, "text": near_copy(article(802))}), '{"id": 9, "text": "cut',
              json.dumps({"id": 10, "text": texts[5].read_text(encoding="utf-8")}), json.dumps({"id": 11})]
    data = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
    (root / "feed.jsonl").write_bytes(data.replace(b'"id": 4', b'"id": "\xff4"'))
    (root / "bad" / "empty.jsonl").write_bytes(b"")
    return root


EXT = ["--ext", "txt,md,jsonl"]


@pytest.fixture(scope="session")
def uris(tmp_path_factory) -> tuple[Path, str]:
    root = uri_corpus(tmp_path_factory.mktemp("uris") / "corpus")
    return root, f"file://{root}"


def named_locally(text: str, uri: str, root: Path) -> str:
    """A report on a URI with the URI root named as the local folder it is (the only difference allowed)."""
    return text.replace(uri, str(root))


def test_a_file_uri_gives_the_local_decisions_and_outputs(spark, uris, tmp_path_factory):
    """The folder given by path (local engine) and as a file:// URI (Spark, at 3 partitions, then with the
    sketches on the executors): the same JSON and text reports once the root is named alike, the same
    error lines, the same output files."""
    root, uri = uris
    base = tmp_path_factory.getbasetemp()
    local_clean = clean_run([str(root), *EXT], base / "uri-local", "-j", "2")
    local_check = run(["check", str(root), *EXT, "--format", "text", "--no-color", "-j", "2"])
    report = json.loads(local_clean[1])
    assert report["batch"]["clusters"] and report["batch"]["boilerplate"] and report["batch"]["shared_passages"]
    for line in ("latin1.txt: is not valid UTF-8", "nul.txt: looks like a binary file",
                 "feed.jsonl: line 8: not valid JSON", "feed.jsonl: line 5: not valid UTF-8",
                 "feed.jsonl: line 10: has no 'text' field"):
        assert line in local_clean[2]
    names = {f["path"].removeprefix(str(root)) for f in report["files"]}
    assert "/odd names/sp ace [1] %20 {x}.txt" in names and "/articles/keep.skip.txt" in names
    assert not any("drafts" in n or ".hidden" in n or n.endswith((".rst", "a.skip.txt")) for n in names)
    for partitions, extra in ((3, []), (2, ["--spark-conf", "dedup.driver.bytes=0"])):
        engine = ["--engine", "spark", "--master", MASTER, "--spark-conf", f"spark.default.parallelism={partitions}",
                  *extra]
        code, spark_report, errors, outputs = clean_run([uri, *EXT], base / f"uri-spark-{partitions}", *engine)
        assert uri + "/articles/" in spark_report and uri + "/feed.jsonl: line 8" in errors
        assert (code, named_locally(spark_report, uri, root), named_locally(errors, uri, root), outputs) == local_clean
        if not extra:
            checked = run(["check", uri, *EXT, "--format", "text", "--no-color", *engine])
            checked = (checked[0], named_locally(checked[1], uri, root), named_locally(checked[2], uri, root))
            assert checked == local_check


@pytest.mark.parametrize("walk", [
    {}, {"gitignore": False}, {"exclude": ("odd names/", "*.jsonl")}, {"include": ("articles/**",)},
    {"extensions": ("md", "rst", "jsonl")},
])
def test_a_uri_is_walked_by_the_local_rules(spark, uris, walk):
    from dedup.batch.spark.files import HadoopTree
    from dedup.batch.walk import WalkOptions, discover

    root, uri = uris
    options = WalkOptions(**walk)
    local = discover([str(root)], options)
    listed = discover([uri], options, HadoopTree(spark))
    assert local.files and [(f.relative, f.jsonl) for f in listed.files] == [(f.relative, f.jsonl) for f in local.files]
    assert [f.path for f in listed.files] == [uri + f.path.removeprefix(str(root)) for f in local.files]
    assert [str(e) for e in listed.errors] == [str(e) for e in local.errors]


def test_a_name_spark_skips_is_an_error_naming_it(spark, tmp_path):
    """Spark's file sources pass over names that start with '_': such a file is one error line, the rest is read."""
    for seed in range(3):
        put(tmp_path / f"a{seed}.txt", article(900 + seed))
    put(tmp_path / "_draft.txt", article(900))
    code, out, err = run(["check", f"file://{tmp_path}", "--format", "json", "--engine", "spark", "--master", MASTER])
    assert code == 2 and err == (f"dedup: file://{tmp_path}/_draft.txt: cannot be read on Spark: it skips names "
                                 "that start with '_' (rename the file, or leave it out with --exclude)\n")
    assert [f["path"] for f in json.loads(out)["files"]] == [f"file://{tmp_path}/a{seed}.txt" for seed in range(3)]


@pytest.mark.parametrize(("uri", "message"), [
    ("s3a://bucket/articles", "s3a://bucket/articles: Spark has no Hadoop FileSystem for s3a:// (Class "
                              "org.apache.hadoop.fs.s3a.S3AFileSystem not found); add the hadoop-aws jar of Spark's "
                              "Hadoop {hadoop} and its dependencies, e.g. --spark-conf "
                              "spark.jars.packages=org.apache.hadoop:hadoop-aws:{hadoop} (or spark.jars=PATH.jar)"),
    ("nosuch://host/articles", "nosuch://host/articles: Spark has no Hadoop FileSystem for nosuch:// (No FileSystem "
                               "for scheme \"nosuch\"); add the jar of a Hadoop FileSystem for nosuch:// with "
                               "--spark-conf spark.jars=PATH.jar"),
    ("file:///nonexistent/articles", "file:///nonexistent/articles: no such file or folder"),
])
def test_a_uri_that_cannot_be_listed_is_one_line_and_exit_2(spark, uri, message):
    hadoop = spark.sparkContext._jvm.org.apache.hadoop.util.VersionInfo.getVersion()
    code, out, err = run(["check", uri, "--engine", "spark", "--master", MASTER])
    assert (code, out, err) == (2, "", "dedup: " + message.format(hadoop=hadoop) + "\n")
