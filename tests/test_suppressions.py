"""Inline suppressions: which findings each comment silences, the unused ones reported, and
cleaning that never deletes what a suppression covers."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from dedup import check_text, clean_text
from dedup.clean import apply_edits
from dedup.models import Severity
from dedup.rules.examples import EXACT_PARAGRAPH_FLAGGED
from dedup.suppressions import parse

FIRST = "The council met on Monday to discuss the new budget for the library.\n\n"
MIDDLE = "It approved the plan by five votes to two after a long debate.\n\n"
COPY = "The council met on Monday to discuss the new budget for the library.\n"
AFTER = "\nWork on the new reading rooms starts in the spring, the council said.\n"


def rules_of(text: str) -> list[str]:
    return [f.rule for f in check_text(text).findings]


def test_the_repeat_is_found_without_a_comment():
    assert rules_of(FIRST + MIDDLE + COPY) == ["duplicate.exact-paragraph"]


@pytest.mark.parametrize("comment", [
    "<!-- dedup-disable-next-line duplicate.exact-paragraph -->\n",
    "<!-- dedup-disable-next-line -->\n",
    "<!-- dedup-disable-next-line duplicate -->\n\n",  # a blank line between: the next line with text
    "# dedup-disable-next-line duplicate\n",
    "// dedup-disable-next-line duplicate, truncation\n",
    "<!-- dedup-disable duplicate -->\n",
    "  # dedup-disable\n",
])
def test_a_comment_before_the_copy_suppresses_it_and_cleaning_keeps_it(comment):
    text = FIRST + MIDDLE + comment + COPY
    assert rules_of(text) == []
    result = clean_text(text)
    assert result.cleaned == text and result.edits == ()


def test_a_comment_for_another_rule_suppresses_nothing_and_is_reported():
    text = FIRST + MIDDLE + "<!-- dedup-disable-next-line truncation -->\n" + COPY
    findings = check_text(text).findings
    assert sorted(f.rule for f in findings) == ["duplicate.exact-paragraph", "suppression.unused"]
    unused = next(f for f in findings if f.rule == "suppression.unused")
    assert unused.severity is Severity.INFO
    assert text[unused.span.start : unused.span.end] == "<!-- dedup-disable-next-line truncation -->"
    assert "truncation" in unused.message


def test_enable_ends_the_range():
    text = FIRST + "<!-- dedup-disable duplicate -->\n" + MIDDLE + "<!-- dedup-enable duplicate -->\n" + COPY
    assert sorted(rules_of(text)) == ["duplicate.exact-paragraph", "suppression.unused"]
    text = FIRST + MIDDLE + "// dedup-disable duplicate\n" + COPY + "// dedup-enable\n" + AFTER
    assert rules_of(text) == []


def test_disable_file_suppresses_everywhere_and_only_the_rules_named():
    assert rules_of("<!-- dedup-disable-file duplicate -->\n\n" + FIRST + MIDDLE + COPY) == []
    assert rules_of(FIRST + MIDDLE + COPY + "\n# dedup-disable-file\n") == []
    assert rules_of("<!-- dedup-disable-file break -->\n\n" + FIRST + MIDDLE + COPY) == [
        "suppression.unused", "duplicate.exact-paragraph"]


def test_a_comment_line_is_not_judged_nor_glued_to_its_paragraph():
    # On a line of its own between two lines, a comment is blanked before segmentation, so the
    # copy after it is the same paragraph as before, and the comment is never a finding's text.
    text = FIRST + MIDDLE + COPY.rstrip("\n") + "\n<!-- dedup-disable-file truncation -->\n"
    findings = check_text(text).findings
    assert [f.rule for f in findings] == ["duplicate.exact-paragraph", "suppression.unused"]
    assert "dedup" not in text[findings[0].span.start : findings[0].span.end]


def test_cleaning_never_deletes_text_inside_a_range_disabled_for_another_rule():
    text = FIRST + MIDDLE + "<!-- dedup-disable truncation -->\n" + COPY + "<!-- dedup-enable -->\n" + AFTER
    result = clean_text(text)
    assert "duplicate.exact-paragraph" in [f.rule for f in result.findings]  # still reported
    assert result.cleaned == text  # but the disabled range stays whole


def test_a_deletion_beside_a_comment_keeps_the_comment_on_its_own_line():
    text = FIRST + MIDDLE + COPY + "\n<!-- dedup-disable-file break -->\n"
    result = clean_text(text)
    assert result.cleaned == FIRST + MIDDLE + "<!-- dedup-disable-file break -->\n"
    assert apply_edits(text, result.edits) == result.cleaned
    assert clean_text(result.cleaned).cleaned == result.cleaned


def test_only_other_findings_are_fixed():
    # The repeat is suppressed; the missing space after it is mended all the same.
    text = FIRST + MIDDLE + "<!-- dedup-disable-next-line duplicate -->\n" + COPY + AFTER.replace(". ", ".")
    text += "\nThe library was built in 1902.It has been closed since the flood.\n"
    result = clean_text(text)
    assert [f.rule for f in result.findings] == ["break.missing-space"]
    assert result.cleaned == text.replace("1902.It", "1902. It")


def test_parse_pairs_enable_with_its_disable():
    text = "a\n<!-- dedup-disable duplicate -->\nb\n<!-- dedup-disable break -->\nc\n<!-- dedup-enable duplicate -->\nd\n"
    ranges = {d.rules: text[d.scope.start : d.scope.end] for d in parse(text) if d.kind == "disable"}
    assert ranges[("duplicate",)].strip().startswith("b") and ranges[("duplicate",)].strip().endswith("c")
    assert ranges[("break",)].strip().endswith("d")  # never enabled: to the end
    assert parse("no comments here, only dedup-disable in prose\n") == []


PARAGRAPHS = [p.strip() for text in EXACT_PARAGRAPH_FLAGGED for p in text.split("\n\n") if p.strip()]
COMMENTS = ["<!-- dedup-disable-next-line -->", "<!-- dedup-disable-next-line duplicate -->",
            "# dedup-disable-next-line break", "<!-- dedup-disable truncation -->", "<!-- dedup-enable -->",
            "// dedup-disable", "<!-- dedup-disable-file structure -->"]


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PARAGRAPHS), st.sampled_from(COMMENTS)), min_size=2, max_size=9),
       st.sampled_from(["\n\n", "\n"]))
def test_cleaning_keeps_every_comment_and_what_it_covers(blocks, separator):
    text = separator.join(blocks) + "\n"
    result = clean_text(text)
    assert apply_edits(text, result.edits) == result.cleaned
    for directive in parse(text):
        comment = text[directive.comment.start : directive.comment.end]
        assert comment in result.cleaned
        if directive.kind in ("disable", "disable-next-line"):
            covered = text[directive.scope.start : directive.scope.end].strip()
            assert covered in result.cleaned, (covered, result.cleaned)
    suppressed_rules = [f for f in result.findings if f.rule != "suppression.unused"
                        and any(d.suppresses(f) for d in parse(text))]
    assert suppressed_rules == []
