"""The registry of rules: an explicit list, built from the rule modules without side effects."""

from __future__ import annotations

from .base import Hit, Rule, RuleSet
from . import breaks, conflicts, duplicates, structure, suppression, truncation

ALL_RULES: tuple[Rule, ...] = (*duplicates.RULES, *breaks.RULES, *truncation.RULES, *conflicts.RULES, *structure.RULES,
                             *suppression.RULES)


def get(rule_id: str) -> Rule:
    for rule in ALL_RULES:
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)


__all__ = ["ALL_RULES", "Hit", "Rule", "RuleSet", "get"]
