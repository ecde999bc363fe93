"""Suppression comments that suppressed nothing (as ruff's RUF100 reports unused ``noqa``)."""

from __future__ import annotations

from typing import Iterator

from ..config import Settings
from ..models import Severity
from ..segment import Document
from .base import Hit, RuleSet

rules = RuleSet("suppression")

_REPEAT = (
    "The council met on Monday to discuss the new budget for the library.\n\n"
    "It approved the plan by five votes to two after a long debate.\n\n"
)
_COPY = "The council met on Monday to discuss the new budget for the library.\n"


@rules.rule(
    "suppression.unused", Severity.INFO, "a dedup-disable comment that suppresses no finding",
    flagged=(
        "<!-- dedup-disable-next-line duplicate -->\n"
        "The harbour council approved a new budget for the town library on Monday night.\n",
        _REPEAT + "# dedup-disable-next-line truncation\n" + _COPY + "\nThe vote ends a year of talks.\n",
        "<!-- dedup-disable-file break.missing-space -->\n\n"
        "Rain is expected across the valley from Thursday evening onwards. Farmers were told "
        "to move livestock to higher ground.\n",
    ),
    passes=(
        _REPEAT + "<!-- dedup-disable-next-line duplicate -->\n" + _COPY,
        _REPEAT + "// dedup-disable duplicate.exact-paragraph\n" + _COPY + "// dedup-enable\n",
        "<!-- dedup-disable-file -->\n\n" + _REPEAT + _COPY,
    ),
)
def unused_suppression(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A suppression comment (dedup-disable, dedup-disable-next-line, dedup-disable-file) that
    silences no finding of any rule where it stands is noise that hides nothing, or a comment
    left behind after the text it guarded was fixed; it is reported so it can go. Every rule is
    run for this, whatever --select says, so that a comment counts as used whenever the check it
    names would have fired. The pipeline makes these findings (dedup.pipeline.analyse), since
    they need every other rule's findings and the comments, which the document no longer holds."""
    return iter(())


RULES = tuple(rules.rules)
