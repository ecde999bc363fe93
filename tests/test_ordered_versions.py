"""A rewrite in synonyms is found by its order: each paragraph re-tells one earlier one, in turn."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from dedup import check_text, clean_text
from dedup.config import DEFAULT_SETTINGS

FIXTURE = Path(__file__).parent.parent / "fixtures" / "defects" / "21-reworded-synonyms-maternity-unit.txt"
SECOND_TITLE = "# Maternity Unit Closure at St Aldric's Put on Hold"


def _parts() -> tuple[str, list[str]]:
    text = FIXTURE.read_text(encoding="utf-8")
    first, second = text.split(SECOND_TITLE + "\n\n")
    return first, second.rstrip("\n").split("\n\n")


def _versions(text: str) -> list[dict]:
    return [f.details for f in check_text(text).findings if f.rule == "duplicate.second-version"]


def test_the_rewrite_is_found_in_order_and_removed() -> None:
    first, paragraphs = _parts()
    versions = _versions(FIXTURE.read_text(encoding="utf-8"))
    assert [v["in_order"] for v in versions] == [True]
    assert len(versions[0]["pairs"]) == 4
    cleaned = clean_text(FIXTURE.read_text(encoding="utf-8")).cleaned
    assert cleaned.startswith(first.rstrip("\n"))
    assert all(p not in cleaned for p in paragraphs[:4])


def test_out_of_order_the_same_paragraphs_are_not_a_version() -> None:
    # The same paragraphs, their order scrambled: nothing but the order changed, and it was the evidence.
    first, paragraphs = _parts()
    scrambled = [paragraphs[i] for i in (2, 0, 3, 1, 4)]
    text = first + SECOND_TITLE + "\n\n" + "\n\n".join(scrambled) + "\n"
    assert not any(v["in_order"] for v in _versions(text))


def test_two_paragraphs_in_order_are_not_enough() -> None:
    first, paragraphs = _parts()
    text = first + SECOND_TITLE + "\n\n" + "\n\n".join(paragraphs[1:3]) + "\n"
    assert not any(v["in_order"] for v in _versions(text))


def test_an_account_with_its_own_facts_is_not_a_rewrite() -> None:
    # Another outlet's report of the same event, in the same order: even with the closeness
    # thresholds eased, its new names and figures keep it from being taken for a rewrite.
    text = (FIXTURE.parent.parent / "traps" / "14-second-outlet-same-order-earthquake.txt").read_text(encoding="utf-8")
    eased = dataclasses.replace(DEFAULT_SETTINGS, ordered_anchor_coverage=0.45)
    assert not [f for f in check_text(text, eased).findings if f.rule == "duplicate.second-version"]
    unguarded = dataclasses.replace(eased, ordered_new_values=1.0)
    assert [f for f in check_text(text, unguarded).findings if f.rule == "duplicate.second-version"]


def test_a_rewrite_saved_twice_goes_with_its_copy() -> None:
    # The rewrite appears twice, word for word: the copy is a verbatim repeat of the rewrite, and the
    # rewrite re-tells the original. Cleaning leaves what cleaning the article with one rewrite leaves.
    first, paragraphs = _parts()
    text = FIXTURE.read_text(encoding="utf-8")
    twice = text + "\n" + SECOND_TITLE + "\n\n" + "\n\n".join(paragraphs) + "\n"
    assert clean_text(twice).cleaned.rstrip("\n") == clean_text(text).cleaned.rstrip("\n")


def test_a_rewrite_lists_new_facts_not_its_synonyms() -> None:
    text = (FIXTURE.parent / "24-reworded-lead-under-headline-drought.txt").read_text(encoding="utf-8")
    findings = check_text(text).findings
    listed = [f.details["sentence"] for f in findings if f.rule in ("duplicate.only-in-removed", "duplicate.news-in-copy")]
    news = [f.details["sentence"] for f in findings if f.rule == "duplicate.news-in-copy"]
    assert any("hotline" in s for s in listed)  # a fact the original does not have
    assert any("$200" in s for s in news)  # a number the original gives otherwise: news, kept
    assert not any(s.startswith("Forecasters offered little hope") for s in listed)  # the original's words, reworded


def test_a_long_paraphrase_needs_no_close_anchor() -> None:
    # A machine paraphrase re-tells six paragraphs in order, none of them closely: the length
    # of the run, with no new name or number, is what gives it away.
    text = (FIXTURE.parent / "27-machine-paraphrase-river-mussels.txt").read_text(encoding="utf-8")
    [version] = _versions(text)
    assert version["in_order"] and len(version["pairs"]) == 6
    assert max(p["coverage"] for p in version["pairs"]) < DEFAULT_SETTINGS.ordered_anchor_coverage
    # Without the long-run allowance only the sentence alignment (dedup.retellings) finds it.
    shorter = dataclasses.replace(DEFAULT_SETTINGS, ordered_long_run=7)
    [aligned] = [f for f in check_text(text, shorter).findings if f.rule == "duplicate.second-version"]
    assert aligned.details["alignment"]["supported"] >= DEFAULT_SETTINGS.aligned_supported
    neither = dataclasses.replace(shorter, aligned_max_sentences=0)
    assert not [f for f in check_text(text, neither).findings if f.rule == "duplicate.second-version"]
