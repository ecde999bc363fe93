"""The shared scraped example: the second version, the glued heading and what only it says."""

from __future__ import annotations

from dedup import check_text, clean_text
from dedup.segment import Kind, segment


def _second_version(findings):
    return [f for f in findings if f.rule == "duplicate.second-version"]


def test_second_version_starts_at_the_glued_heading(example_text):
    findings = check_text(example_text).findings
    versions = _second_version(findings)
    assert len(versions) == 1
    start = versions[0].span.start
    assert example_text[start:].startswith("## Istanbul Impasse")


def test_at_least_five_of_six_body_paragraphs_are_paired(example_text):
    version = _second_version(check_text(example_text).findings)[0]
    doc = segment(example_text)
    body = [b for b in doc.blocks if b.kind is Kind.PARAGRAPH and version.span.start <= b.span.start < version.span.end]
    paired = {(p["removed"]["start"], p["removed"]["end"]) for p in version.details["pairs"]}
    assert len(body) == 6
    assert sum((b.body.start, b.body.end) in paired for b in body) >= 5


def test_glued_heading_is_reported(example_text):
    glued = [f for f in check_text(example_text).findings if f.rule == "break.glued-heading"]
    assert glued and example_text[glued[0].span.start :].startswith("## Istanbul Impasse")


def test_cleaned_text_keeps_every_first_version_sentence_and_no_second_version_body(example_text):
    doc = segment(example_text)
    version = _second_version(check_text(example_text).findings)[0]
    cleaned = clean_text(example_text).cleaned
    for sentence in doc.sentences:
        inside = version.span.start <= sentence.span.start < version.span.end
        if sentence.span.start < version.span.start:
            assert sentence.text in cleaned, sentence.text
        elif inside:
            assert sentence.text not in cleaned, sentence.text


def test_report_lists_what_only_the_second_version_says(example_text):
    unique = [f for f in check_text(example_text).findings if f.rule == "duplicate.only-in-removed"]
    said = " ".join(f.message for f in unique)
    assert "Leepa" in said and "Sunday" in said and "Liberation" in said


def test_keep_unique_keeps_those_sentences(example_text):
    from dataclasses import replace

    from dedup.config import Settings

    cleaned = clean_text(example_text, replace(Settings(), keep_unique=True)).cleaned
    assert "Leepa Sector" in cleaned
    assert "The Core of the Pakistan-Afghanistan Talks" not in cleaned
