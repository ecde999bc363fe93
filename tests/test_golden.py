"""Golden files: for a few defect fixtures, the exact findings JSON, cleaned text and diff.

The algorithm is expected to change; when it does, these files change with it. Review the
difference, then regenerate every golden file with one command:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

from dedup.clean import apply_edits
from dedup.io import read_source, write_atomic
from dedup.models import CleanResult, Edit, Span
from dedup.pipeline import clean_text
from dedup.render import diff as diff_report
from dedup.render import json as json_report

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
REGENERATE = "UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py"
UPDATING = os.environ.get("UPDATE_GOLDEN") == "1"

# One input per kind of defect the cleaner must handle; the golden files are named after them.
CASES = (
    "fixtures/defects/02-reworded-county-budget.txt",  # a reworded second version behind a glued heading
    "fixtures/defects/06-repeated-paragraph-exact-parking-app.txt",  # an exact repeat
    "fixtures/defects/08-repeated-sentence-orchestra.txt",  # a sentence repeated inside a paragraph
    "fixtures/defects/15-glued-heading-missing-space-festival.txt",  # glued heading, missing spaces
)


def clean_case(relative: str) -> CleanResult:
    path = ROOT / relative
    assert path.is_file(), f"golden input {relative} is missing; restore it or change CASES in {__file__}"
    source = read_source(str(path))
    # The report path is the repository-relative one, so the output does not depend on the checkout.
    return clean_text(source.text, path=relative)


def findings_json(result: CleanResult) -> str:
    report = json.loads(json_report.render([result]))
    # The version changes with every release and says nothing about the findings.
    report["tool"].pop("version", None)
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


OUTPUTS = {
    "findings.json": findings_json,
    "cleaned.txt": lambda result: result.cleaned,
    "diff": diff_report.render,
}


def compare(golden: Path, actual: str, relative: str) -> None:
    if UPDATING:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        write_atomic(golden, actual.encode("utf-8"))
        return
    how = (f"{golden.relative_to(ROOT)} does not match the output for {relative}. If the change is intended, "
           f"regenerate the golden files with:\n    {REGENERATE}\n")
    if not golden.is_file():
        pytest.fail(f"{golden.relative_to(ROOT)} is missing. Create it with:\n    {REGENERATE}")
    expected = golden.read_bytes().decode("utf-8")
    if expected != actual:
        delta = difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                     "expected", "actual", n=1)
        pytest.fail(how + "".join(list(delta)[:60]), pytrace=False)


@pytest.mark.parametrize("output", sorted(OUTPUTS))
@pytest.mark.parametrize("relative", CASES)
def test_golden(relative: str, output: str) -> None:
    result = clean_case(relative)
    golden = GOLDEN / f"{Path(relative).stem}.{output}"
    compare(golden, OUTPUTS[output](result), relative)


@pytest.mark.parametrize("relative", CASES)
def test_golden_edits_replay_to_golden_cleaned_text(relative: str) -> None:
    """The edits in the JSON report are enough to rebuild the cleaned text from the input."""
    stem = Path(relative).stem
    report_path, cleaned_path = GOLDEN / f"{stem}.findings.json", GOLDEN / f"{stem}.cleaned.txt"
    if not (report_path.is_file() and cleaned_path.is_file()):
        pytest.fail(f"golden files for {relative} are missing. Create them with:\n    {REGENERATE}")
    edits = [Edit(e["rule"], Span(e["start"], e["end"]), e["replacement"])
             for e in json.loads(report_path.read_text("utf-8"))["files"][0]["edits"]]
    original = read_source(str(ROOT / relative)).text
    assert edits, f"{relative} is meant to need cleaning, but its golden report has no edits"
    assert apply_edits(original, edits) == cleaned_path.read_bytes().decode("utf-8"), (
        f"replaying the edits of {report_path.name} does not give {cleaned_path.name}; if {relative} or the "
        f"cleaner changed on purpose, regenerate with:\n    {REGENERATE}")
