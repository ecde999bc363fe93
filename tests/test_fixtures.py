"""Data-driven checks over fixtures/: what must be found, kept and removed in each article."""

from __future__ import annotations

import json

import pytest

from dedup import check_text, clean_text
from dedup.models import Severity
from dedup.rules import ALL_RULES

from .conftest import FIXTURES, read

CASES = json.loads((FIXTURES / "expectations.json").read_text(encoding="utf-8"))
CLEAN = sorted((FIXTURES / "clean").glob("*.txt"))


def test_there_are_enough_fixtures():
    assert len(CASES) >= 20 and len(CLEAN) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_expected_rules_are_reported(case):
    text = read(FIXTURES / case["file"])
    found = {f.rule for f in check_text(text).findings}
    for family in case["expect_rules"]:
        assert any(r.id.startswith(family) for r in ALL_RULES), f"no registered rule in family {family}"
        assert any(rule.startswith(family) for rule in found), f"{case['file']}: expected {family}, found {sorted(found)}"


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_cleaning_keeps_and_removes(case):
    result = clean_text(read(FIXTURES / case["file"]))
    for needle in case["must_keep"]:
        assert needle in result.cleaned, f"{case['file']}: cleaning lost {needle!r}"
    for needle in case["must_remove"]:
        assert needle not in result.cleaned, f"{case['file']}: cleaning kept {needle!r}"


@pytest.mark.parametrize("path", CLEAN, ids=[p.name for p in CLEAN])
def test_clean_articles_have_no_warnings_and_stay_byte_for_byte(path):
    text = read(path)
    loud = [f for f in check_text(text).findings if f.severity >= Severity.WARNING]
    assert not loud, f"{path.name}: {[(f.rule, f.message) for f in loud]}"
    assert clean_text(text).cleaned == text


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_cleaning_leaves_no_space_at_the_end_of_a_line(case):
    # The last sentences of a paragraph go with the space before them.
    text = read(FIXTURES / case["file"])
    ends = {line for line in text.splitlines() if line != line.rstrip()}
    left = [line for line in clean_text(text).cleaned.splitlines() if line != line.rstrip() and line not in ends]
    assert not left, f"{case['file']}: {left}"
