"""Every rule's examples table: at least three texts it must flag and three it must pass, and
the rule, run alone, flags and passes each of them."""

from __future__ import annotations

import re

import pytest

from dedup import check_text
from dedup.config import Settings
from dedup.rules import ALL_RULES

FLAGGED = [(rule, i) for rule in ALL_RULES for i in range(len(rule.flagged))]
PASSES = [(rule, i) for rule in ALL_RULES for i in range(len(rule.passes))]


def findings_of(rule, text):
    return [f for f in check_text(text, Settings(select=(rule.id,))).findings if f.rule == rule.id]


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.id for r in ALL_RULES])
def test_rule_has_enough_examples_and_an_explanation(rule):
    assert len(rule.flagged) >= 3, f"{rule.id} has {len(rule.flagged)} flagged examples; it needs 3"
    assert len(rule.passes) >= 3, f"{rule.id} has {len(rule.passes)} passing examples; it needs 3"
    assert re.fullmatch(r"[a-z]+(?:\.[a-z]+(?:-[a-z]+)*)+", rule.id) and rule.id.startswith(rule.category + ".")
    assert len(rule.explanation.split()) >= 12, f"{rule.id} needs a docstring that explains it"


@pytest.mark.parametrize("rule,index", FLAGGED, ids=[f"{r.id}-{i}" for r, i in FLAGGED])
def test_flagged_example_is_flagged(rule, index):
    text = rule.flagged[index]
    assert findings_of(rule, text), f"{rule.id} does not flag its example {index}: {text[:100]!r}"


@pytest.mark.parametrize("rule,index", PASSES, ids=[f"{r.id}-{i}" for r, i in PASSES])
def test_passing_example_passes(rule, index):
    text = rule.passes[index]
    found = findings_of(rule, text)
    assert not found, f"{rule.id} flags its passing example {index}: {[text[f.span.start:f.span.end] for f in found]}"


def test_no_two_rules_share_an_id():
    ids = [r.id for r in ALL_RULES]
    assert len(ids) == len(set(ids))
