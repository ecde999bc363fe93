"""Segmentation: block kinds, hard wraps, sentence splitting and repaired breaks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from dedup.punkt import _tokenizer, plain_spans, punkt_equal_spans
from dedup.segment import Kind, segment

from .conftest import FIXTURES, read


def kinds(text):
    return [b.kind for b in segment(text).blocks]


def test_markdown_and_plain_headings():
    text = "# Big News\n\nThe council met today to vote on the plan.\n\nWhat Comes Next\n\nA vote is due in May.\n"
    assert kinds(text) == [Kind.HEADING, Kind.PARAGRAPH, Kind.HEADING, Kind.PARAGRAPH]


def test_single_newlines_separate_paragraphs():
    text = "The first paragraph ends here.\nThe second paragraph starts here and ends.\n"
    assert kinds(text) == [Kind.PARAGRAPH, Kind.PARAGRAPH]


def test_hard_wrapped_lines_are_joined():
    text = (
        "The harbour council approved a new budget for the town library on\n"
        "Monday night after a long debate that ran well past midnight, and\n"
        "the plan adds two reading rooms.\n\nA second paragraph.\n"
    )
    blocks = segment(text).blocks
    assert len(blocks) == 2
    assert blocks[0].text.startswith("The harbour council") and blocks[0].text.endswith("reading rooms.")
    assert len(blocks[0].sentences) == 1


@pytest.mark.parametrize("lines,first", [
    # The wrapped line has few, long words; the next word would not have fitted on it.
    (["Wheat shipments loaded at the northern terminals during the week",
      "ended May 2 reached 412,350 tonnes, the Transportation",
      "Department said in its weekly statement on Friday morning."],
     "Wheat shipments loaded at the northern terminals during the week ended May 2 reached 412,350 tonnes, the "
     "Transportation Department said in its weekly statement on Friday morning."),
    # A line ending on an abbreviation goes on in lower case.
    (["Cotton imports subject to the U.S.",
      "textile quota during the quarter ended in June came to 118,400",
      "bales against 120,900 bales a year earlier, officials said."],
     "Cotton imports subject to the U.S. textile quota during the quarter ended in June came to 118,400 bales "
     "against 120,900 bales a year earlier, officials said."),
])
def test_a_hard_wrapped_sentence_is_one_sentence_wherever_its_lines_break(lines, first):
    text = "\n".join(lines) + "\n    The next paragraph says one more thing.\n"
    doc = segment(text)
    assert len(doc.blocks) == 2
    assert [s.text for s in doc.blocks[0].sentences] == [first]


def test_a_short_line_after_a_sentence_is_not_wrapped_onto_it():
    # A note on a line of its own after a full stop stays apart, even when its first word
    # would not have fitted on the line above.
    text = (
        "The board met on Tuesday and approved the plan for the new wing\n"
        "of the hospital, its chairwoman told assembled reporters.\n"
        "(corrects the name of the hospital in paragraph one)\n"
    )
    assert len(segment(text).blocks) == 2


def test_list_items_labels_and_bylines():
    text = "By Jane Doe\n\n- first item of the list\n- second item of the list\n\nSummary:\nThe story in short.\n"
    assert kinds(text) == [Kind.BYLINE, Kind.LIST_ITEM, Kind.LIST_ITEM, Kind.LABEL, Kind.PARAGRAPH]


def test_inline_label_body_excludes_the_label():
    block = segment("Summary: The council approved the budget.\n").blocks[0]
    assert block.kind is Kind.LABEL and block.label == "Summary" and block.text == "The council approved the budget."


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Smith went to the U.S. on Jan. 3. He stayed.", 2),
        ("Dr. J. K. Rowling spoke at St. Mary's. Everyone came.", 2),
        ("Prices rose 3.5 per cent, e.g. in fuel. Wages did not.", 2),
        ("The president spoke. Then he left.", 2),
    ],
)
def test_sentence_splitting_respects_abbreviations(text, expected):
    assert len(segment(text).sentences) == expected


def test_glued_heading_is_split_and_repaired():
    text = "The talks ended without a deal.## What Comes Next\n\nThey meet again in May.\n"
    doc = segment(text)
    assert [b.kind for b in doc.blocks] == [Kind.PARAGRAPH, Kind.HEADING, Kind.PARAGRAPH]
    assert doc.blocks[1].glued and doc.blocks[1].text == "What Comes Next"
    assert [(r.kind, r.span.start) for r in doc.repairs] == [("glued-heading", text.index("##"))]


@pytest.mark.parametrize("line,heading", [
    ("For most of last year it worked.Who Pays for the Delay", "Who Pays for the Delay"),
    ("The contract for the new library went to a local firm.Hallam & Dray", None),  # a name
    ("Nobody objected.The Council Then Voted to Approve the Plan Without Any Debate at All Today", None),
    ("The vote on the new library was close, the clerk said.It was a long night", None),  # a sentence
])
def test_a_title_glued_at_the_end_of_a_line_is_split(line, heading):
    doc = segment("The council met on Monday evening in the old town hall.\n\n" + line + "\nIt said more.\n")
    split = [b.text for b in doc.blocks if b.glued]
    assert split == ([heading] if heading else [])
    assert [b.kind for b in doc.blocks if b.glued] == ([Kind.HEADING] if heading else [])
    assert [r.kind for r in doc.repairs if r.kind == "glued-heading"] == (["glued-heading"] if heading else [])


@pytest.mark.parametrize("after,heading", [
    # the paragraph under it opens with the same words: a headline cut from its lead
    ("A storm hit the coast today and closed roads.", "A storm hit the coast today"),
    ("A storm hit the coast today, closing roads.", "A storm hit the coast today"),
    # anything else: a sentence that lost its space, not a title
    ("Roads were closed as a storm hit the coast.", None),
    ("A storm hit the coast todays later.", None),
])
def test_a_title_in_sentence_case_is_glued_when_the_paragraph_under_it_opens_with_it(after, heading):
    text = "The council met on Monday evening.\n\nIt was the wettest week in years.A storm hit the coast today\n\n" + after + "\n"
    doc = segment(text)
    assert [b.text for b in doc.blocks if b.glued] == ([heading] if heading else [])


def test_missing_space_is_found_but_not_in_addresses():
    doc = segment("The minister said.The talks resume. See www.example.org.Now or mail a@b.co.Uk today.")
    assert [r.kind for r in doc.repairs] == ["missing-space"]
    assert [s.text for s in doc.sentences][:2] == ["The minister said.", "The talks resume."]


@pytest.mark.parametrize("text, fixed", [
    # The quote opens the next sentence's quotation: the space goes before it.
    ('He stood on the new carpet."It is lovely," she said.', 'He stood on the new carpet. "It is lovely," she said.'),
    # The quote closes the quotation before it: the space goes after it.
    ('She said "we stood on the carpet."It is new.', 'She said "we stood on the carpet." It is new.'),
    ("He said it was over.\u201dThe crowd left.", "He said it was over.\u201d The crowd left."),
    # A quotation reopened after a sentence end is still open: its quote closes it.
    ('He said: "It burned. "It was set on purpose."Police are searching the area.',
     'He said: "It burned. "It was set on purpose." Police are searching the area.'),
    # Either reading leaves the marks paired (a quotation may run on): no fix is made.
    ('"We stood on the carpet."It is new," she said.', '"We stood on the carpet."It is new," she said.'),
])
def test_missing_space_next_to_a_quote_goes_on_the_right_side_or_nowhere(text, fixed):
    doc = segment(text)
    out = text
    for r in sorted(doc.repairs, key=lambda r: -r.span.start):
        out = out[: r.span.start] + r.insert + out[r.span.end :]
    assert out == fixed


def test_crlf_offsets_point_into_the_original():
    text = "Heading Line\r\n\r\nFirst sentence here. Second one.\r\n"
    doc = segment(text)
    for s in doc.sentences:
        assert text[s.span.start : s.span.end] == s.text


@pytest.mark.parametrize(
    "text, blocks",
    [
        ("One line.\r\n\r\nTwo line.\r\n", 2),
        ("One line.\r\rTwo line.\r", 2),
        ("One line.\n \t\nTwo line.", 2),
        ("The harbour council approved a new budget for the town library on\r\n"
         "Monday night after a long debate that ran well past midnight, and\r\n"
         "the plan adds two reading rooms.", 1),
        ("The harbour council approved a new budget for the town library on\n\x0c\n"
         "Monday night after a long debate that ran well past midnight.", 2),
    ],
)
def test_blank_lines_whatever_the_line_endings(text, blocks):
    assert len(segment(text).blocks) == blocks


# Words that exercise every decision of the Punkt-equal fast path: numbers, figures,
# abbreviations and initials, closing quotes, lower-case and punctuation after a period.
PUNKT_WORDS = st.sampled_from([
    "the", "council", "met", "in", "and", "The", "Smith", "We", "Yes!", "why?", "...", ";", ",", "\u2014", "|", "--",
    "1992.", "5.", "26.", "3.5", "1,000.", "-5.", "(1992.", "5.)", "11:45.", "2:30:33.",
    "5%.", "$12m.", "1990s.", "22\u20137.", "isn't.", "Smith\u2019s.", "well-known.", "x.y.",
    "Mr.", "Dr.", "U.S.", "e.g.", "Jan.", "No.", "Inc.", "ex-Gov.", "Ph.D.", "U.K.", "\"Mr.",
    "J.", "Z.", "b.", "a.", "A.", "\"A.", "\u00e9.",
    "won.\u201d", "it.)", "\"Go.\"", "Smith.)", "Who?\"", "it.*", "_x_.", "(see", "\u201cWe", "'Yes.'",
])
SPACES = st.sampled_from([" ", " ", " ", "  ", "\t", "\u00a0"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(PUNKT_WORDS, SPACES), min_size=1, max_size=30))
def test_punkt_equal_spans_are_punkts(words):
    text = "".join(w + s for w, s in words).rstrip()
    spans = punkt_equal_spans(text)
    assert spans is None or spans == list(_tokenizer().span_tokenize(text))


def test_punkt_equal_spans_take_most_fixture_paragraphs_plain_spans_leave():
    paragraphs = [b.text for path in sorted(FIXTURES.rglob("*.txt")) for b in segment(read(path)).blocks if b.is_prose]
    left = [p for p in paragraphs if plain_spans(p) is None]
    taken = [p for p in left if punkt_equal_spans(p) is not None]
    assert len(taken) > len(left) / 2
    assert all(punkt_equal_spans(p) == list(_tokenizer().span_tokenize(p)) for p in taken)


def test_a_pipe_table_is_one_block_of_data():
    text = ("Prices at a glance:\n\n| Model | Price | Battery |\n|---|---|---|\n| Slate 7 | £119 | 31 days |\n"
            "| Page Mini | £89 | 24 days |\nThe Slate 7 is the one to buy.\n")
    doc = segment(text)
    assert [b.kind for b in doc.blocks] == [Kind.LABEL, Kind.TABLE, Kind.PARAGRAPH]
    assert not doc.blocks[1].is_prose and not doc.blocks[1].sentences


def test_a_line_set_in_bold_whole_is_not_wrapped_into_the_next():
    text = ("**You still sell at the Saturday market in Varrow. Why, given the waiting list?**\n"
            "Payments firm Quillpath fined three million pounds over gaps in its transaction checks\n")
    blocks = segment(text).blocks
    assert [b.text for b in blocks] == [line for line in text.splitlines()]
