"""The same corpus gives the same report and the same bytes, whatever --jobs and the order of inputs."""

from __future__ import annotations

import json
import random
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from dedup.cli import main

from .test_batch_helpers import BOILERPLATE, article, duplicate_corpus, near_copy, write_files, write_jsonl


def build(root: Path) -> list[str]:
    """Two folders and a JSONL corpus, with copies across them, boilerplate and a shared paragraph."""
    duplicate_corpus(root / "one", boilerplate_every=1)
    shared = article(900).split("\n\n")[2]
    write_files(root / "two", {"x.txt": article(901).replace("\n\n", f"\n\n{shared}\n\n", 1),
                               "y.txt": article(900), "z/deep.md": near_copy(article(2)) + "\n" + BOILERPLATE + "\n"})
    write_jsonl(root / "c.jsonl", [{"id": i, "text": t} for i, t in
                                   enumerate([article(1), article(950), article(951) + "\n" + BOILERPLATE + "\n"])])
    return [str(root / "one"), str(root / "two"), str(root / "c.jsonl")]


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.output


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_jobs_1_and_2_give_identical_json_and_output_bytes(tmp_path):
    inputs = build(tmp_path / "in")
    code1, report1 = run(["clean", *inputs, "-o", str(tmp_path / "o1"), "--format", "json", "-j", "1"])
    code2, report2 = run(["clean", *inputs, "-o", str(tmp_path / "o2"), "--format", "json", "-j", "2"])
    assert code1 == code2 == 0
    assert report1.replace(str(tmp_path / "o1"), "OUT") == report2.replace(str(tmp_path / "o2"), "OUT")
    first, second = tree_bytes(tmp_path / "o1"), tree_bytes(tmp_path / "o2")
    assert first == second and "c.jsonl" in first and len(first) >= 8
    batch = json.loads(report1)["batch"]
    assert batch["clusters"] and batch["boilerplate"] and batch["shared_passages"]


def test_check_text_report_is_identical_with_more_jobs(tmp_path):
    inputs = build(tmp_path)
    assert run(["check", *inputs, "-j", "1"]) == run(["check", *inputs, "-j", "2"])


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.randoms(use_true_random=False))
def test_order_of_inputs_never_changes_the_report(tmp_path_factory, rng: random.Random):
    root = tmp_path_factory.getbasetemp() / "order-corpus"
    if not root.exists():
        build(root)
    files = sorted(str(p) for p in root.rglob("*") if p.is_file() and p.suffix in (".txt", ".md", ".jsonl"))
    reference = run(["check", *files, "--format", "json", "-j", "1"])
    shuffled = list(files)
    rng.shuffle(shuffled)
    assert run(["check", *shuffled, "--format", "json", "-j", "1"]) == reference
    assert json.loads(reference[1])["batch"]["articles"] == 15
