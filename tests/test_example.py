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


def _news(findings):
    return [f for f in findings if f.rule == "duplicate.news-in-copy"]


def test_cleaned_text_keeps_the_first_version_and_only_the_news_of_the_second(example_text):
    doc = segment(example_text)
    findings = check_text(example_text).findings
    version = _second_version(findings)[0]
    news = [(f.span.start, f.span.end) for f in _news(findings)]
    cleaned = clean_text(example_text).cleaned
    inside = [s for s in doc.sentences if version.span.start <= s.span.start < version.span.end]
    assert len(inside) > 2 * len(news) > 0
    for sentence in doc.sentences:
        if sentence.span.start < version.span.start:
            assert sentence.text in cleaned, sentence.text
        elif sentence in inside:
            kept = (sentence.span.start, sentence.span.end) in news
            assert (sentence.text in cleaned) == kept, sentence.text


def test_news_of_the_second_version_is_a_warning_with_an_unsafe_fix(example_text):
    news = _news(check_text(example_text).findings)
    said = " ".join(f.message for f in news)
    assert "Leepa" in said and "Liberation" in said
    assert all(f.severity.label == "warning" and f.applicability == "unsafe" and f.fix for f in news)


def test_unsafe_fixes_remove_the_second_version_whole(example_text):
    from dataclasses import replace

    from dedup.config import Settings

    findings = check_text(example_text).findings
    version = _second_version(findings)[0]
    cleaned = clean_text(example_text, replace(Settings(), unsafe_fixes=True)).cleaned
    for sentence in segment(example_text).sentences:
        if version.span.start <= sentence.span.start < version.span.end:
            assert sentence.text not in cleaned, sentence.text
    assert "Leepa Sector" not in cleaned


def test_keep_unique_also_keeps_sentences_with_new_plain_words(example_text):
    from dataclasses import replace

    from dedup.config import Settings

    plain = [f for f in check_text(example_text).findings if f.rule == "duplicate.only-in-removed"]
    assert plain
    cleaned = clean_text(example_text, replace(Settings(), keep_unique=True)).cleaned
    assert all(f.details["sentence"] in cleaned for f in plain)
    assert "The Core of the Pakistan-Afghanistan Talks" not in cleaned
