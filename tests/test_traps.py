"""Traps built from the fixtures: cases where a careless cleaner deletes real text."""

from __future__ import annotations

import itertools

import pytest

from dedup import clean_text
from dedup.models import Severity
from dedup.segment import Kind, segment

from .conftest import FIXTURES, read

CLEAN = sorted((FIXTURES / "clean").glob("*.txt"))


def _truncated_reworded_first_copy() -> tuple[str, str, str]:
    """The first version of a reworded pair cut off mid-paragraph, then the complete second version."""
    text = read(FIXTURES / "defects" / "02-reworded-county-budget.txt")
    doc = segment(text)
    glued = next(b for b in doc.blocks if b.glued)
    first = [b for b in doc.blocks if b.span.end <= glued.span.start and b.kind is Kind.PARAGRAPH]
    cut = text.rfind(" ", 0, first[2].body.start + len(first[2].text) // 2)
    second = text[glued.span.start :]
    return text[:cut] + "\n\n" + second, text[first[2].body.start : cut], second


def test_a_truncated_first_copy_gives_way_to_the_complete_reworded_one():
    text, fragment, second = _truncated_reworded_first_copy()
    cleaned = clean_text(text).cleaned
    assert fragment not in cleaned
    body = second.split("\n\n", 1)[1]
    for paragraph in body.split("\n\n"):
        assert paragraph.strip() in cleaned


@pytest.mark.parametrize("first, second", list(itertools.islice(itertools.combinations(CLEAN, 2), 0, 60, 6)))
def test_two_different_stories_glued_together_are_left_alone(first, second):
    text = read(first).rstrip("\n") + "\n\n" + read(second)
    result = clean_text(text)
    dupes = [f for f in result.findings if f.category == "duplicate" and f.severity >= Severity.WARNING]
    assert not dupes, [(f.rule, f.message) for f in dupes]
    assert result.cleaned == text


@pytest.mark.parametrize("path", CLEAN[:12], ids=[p.name for p in CLEAN[:12]])
def test_an_article_followed_by_its_own_first_half_loses_only_the_copy(path):
    text = read(path)
    paragraphs = text.rstrip("\n").split("\n\n")
    copy = "\n\n".join(paragraphs[1 : 1 + max(2, len(paragraphs) // 2)])
    glued = text.rstrip("\n") + "\n\n" + copy + "\n"
    assert clean_text(glued).cleaned.rstrip("\n") == text.rstrip("\n")


@pytest.mark.parametrize("heading", ["Key takeaways", "What happened", "Summary"])
def test_a_recap_list_of_lead_sentences_is_kept(heading):
    text = read(CLEAN[0])
    leads = [p.split(". ")[0].rstrip(".") + "." for p in text.split("\n\n")[1:] if len(p.split()) > 15][:4]
    recap = text.rstrip("\n") + f"\n\n## {heading}\n\n" + "\n".join(f"- {lead}" for lead in leads) + "\n"
    result = clean_text(recap)
    assert result.cleaned == recap
    assert not [f for f in result.findings if f.category == "duplicate" and f.severity >= Severity.WARNING]


def test_a_pull_quote_goes_and_the_paragraph_that_says_it_in_context_stays_whole():
    text = read(FIXTURES / "traps" / "15-pull-quote-village-baker.txt")
    quote = "Bread is the one thing nobody should have to go without"
    cleaned = clean_text(text).cleaned
    assert text.count(quote) == 2 and cleaned.count(quote) == 1
    paragraphs = [p for p in text.split("\n\n") if quote in p]
    assert paragraphs[1] in cleaned and paragraphs[0] + "\n\n" not in cleaned
    assert "\n\n\n" not in cleaned


def test_a_repeated_list_goes_as_one_run_and_leaves_one_blank_line():
    items = ["- Route 12 will run every 10 minutes, up from every 15.",
             "- Route 14 will run every 10 minutes, up from every 20.",
             "- Route 21 will run every 12 minutes, up from every 20."]
    text = "\n".join(["## More buses", "", "From 2 June:", "", *items, "",
                      "Evening services on all three routes will also be extended to midnight on Fridays.",
                      "", *items, "", "## Routes withdrawn", "", "Route 15 will be withdrawn in July."]) + "\n"
    cleaned = clean_text(text).cleaned
    assert cleaned == text.replace("\n".join(items) + "\n\n## Routes", "## Routes")
    assert "\n\n\n" not in cleaned


def test_a_second_story_of_one_kind_is_not_a_second_version():
    """traps/17: the second crash report re-uses the first one's sentences with its own hours,
    miles and times, and recalls the first crash at its end."""
    from dedup.align import analyse
    from dedup.config import DEFAULT_SETTINGS

    doc = segment(read(FIXTURES / "traps" / "17-two-crashes-same-road.txt"))
    analysis = analyse(doc, DEFAULT_SETTINGS)
    assert not analysis.second_versions and not analysis.paragraph_matches and not analysis.removed_blocks
    look_alikes = {b.text[:40] for _, b, _ in analysis.template_pairs}
    assert {"The southbound carriageway was closed fo", "Anyone with information is asked to call"} <= look_alikes


def test_a_look_alike_inside_a_copied_run_is_a_copy_in_conflict():
    """defects/30: the third of three copied paragraphs differs only in a place name. Alone it
    would read as a look-alike about another place; after two copies in order it is a copy."""
    text = read(FIXTURES / "defects" / "30-copied-run-place-changed-museum.txt")
    later = text.index("Four of the clocks were recovered from a lock-up garage in Hollins Heath")
    conflicts = [f for f in clean_text(text).findings if f.rule == "conflict.name" and f.span.start == later]
    assert [(c.details["kept"], c.details["removed"]) for c in conflicts] == [(["Hollins Moor"], ["Hollins Heath"])]
    # Without the two copies before it, the same pair is a look-alike and both stay.
    alone = text[: text.index("Gareth Ollivant, of Cobb Street, Hollins Heath")] + text[later:]
    assert "Hollins Heath a fortnight later" in clean_text(alone).cleaned


@pytest.mark.parametrize("text,span,left", [
    ("A.\n\nB.\n\nC.\n", (4, 7), "A.\n\nC.\n"),  # two separators meet: one blank line is left
    ("A.\n\nB.\n", (3, 7), "A.\n"),  # at the end, one final line break
    ("A.\r\n\r\nB.\r\n", (6, 10), "A.\r\n"),  # a CRLF goes whole
    ("A.\n\n\n\nB.\n\nC.\n", (6, 10), "A.\n\n\n\nC.\n"),  # the input's own blank lines stay
])
def test_deletions_leave_no_extra_blank_lines(text, span, left):
    from dedup.clean import _without_extra_blank_lines
    from dedup.models import Edit, Span

    edit = _without_extra_blank_lines(text, Edit("x", Span(*span), ""))
    assert text[: edit.span.start] + text[edit.span.end :] == left


_OPENING = ("Marrowby: Because glass tells you the truth about how you worked that day. If your timing is off "
            "by a second, or you are tired, it shows, and it shows for ever. That is what keeps me at it.")
_MIDDLE = ("Marrowby: I come in at half past six and light the furnace before anyone else is awake. {} "
           "The difference now is that I am not frightened of it, and most mornings it is restful.")


@pytest.mark.parametrize("closing,kept", [
    # said again in the middle of an answer that says new things on both sides: on purpose
    (_MIDDLE.format("If your timing is off by a second, or you are tired, it shows, and it shows for ever."), True),
    # said again after words that say so
    ("Marrowby: The same answer I gave you at the start, really. If your timing is off by a second, or you "
     "are tired, it shows, and it shows for ever. Nothing else about the work has changed as much.", True),
    # the start of a new paragraph said again, with nothing that says so: a copy
    ("If your timing is off by a second, or you are tired, it shows, and it shows for ever. Marrowby "
     "laughed when we asked about retirement and said the furnace would decide that.", False),
])
def test_a_sentence_said_again_on_purpose_stays(closing, kept):
    text = "\n\n".join(["Q: Why glass?", _OPENING, "Q: And now?", "Marrowby: Now I teach two days a week in "
                        "the village hall, which I never expected to enjoy as much as I do.", closing]) + "\n"
    cleaned = clean_text(text).cleaned
    assert (cleaned.count("it shows, and it shows for ever") == 2) is kept
