"""Cleaning hard-wrapped text (wire copy, e-mail, plain text at any width): a removed passage
goes whole, with its line breaks, and what stays keeps its lines and indentation."""

from __future__ import annotations

import textwrap

from hypothesis import given, strategies as st

from dedup import clean_text

from .test_properties import SLOW

PARAGRAPHS = [
    "The county council voted on Tuesday to close the Riverside swimming pool at the end of March, "
    "citing repair costs of 2.4 million pounds. Residents had campaigned for two years to keep it open.",
    "Council leader Mary Holt said the decision was painful but unavoidable. She said the money would "
    "instead go to the new leisure centre planned for the old bus depot site.",
    "The pool opened in 1968 and is used by 40,000 swimmers a year, including eleven schools. Swimming "
    "clubs will move to the leisure centre when it opens in 2027.",
    "Campaigners said they would take their case to the regional ombudsman. A petition against the "
    "closure has gathered more than 5,000 signatures since January.",
]
REPEATED = "Council leader Mary Holt said the decision was painful but unavoidable."


def wrap(paragraphs: list[str], width: int, indent: str, blank: bool) -> str:
    """Paragraphs wrapped at ``width``; wire style (``indent`` on a paragraph's first line, no
    blank line between paragraphs) or e-mail style (a blank line between them)."""
    wrapped = [textwrap.fill(p, width, initial_indent=indent) for p in paragraphs]
    return ("\n\n" if blank else "\n").join(wrapped) + "\n"


STYLE = st.tuples(st.integers(min_value=40, max_value=90), st.sampled_from(["", "    "]), st.booleans())


@SLOW
@given(STYLE, st.integers(min_value=0, max_value=len(PARAGRAPHS) - 1))
def test_a_repeated_wrapped_paragraph_goes_whole(style, which):
    width, indent, blank = style
    if not blank and not indent:
        blank = True  # lines without a blank line or an indent between paragraphs are one paragraph
    article = wrap(PARAGRAPHS, width, indent, blank)
    doubled = wrap(PARAGRAPHS + [PARAGRAPHS[which]], width, indent, blank)
    assert clean_text(doubled).cleaned == article


@SLOW
@given(STYLE)
def test_a_repeated_wrapped_sentence_goes_whole_and_its_neighbours_stay(style):
    width, indent, blank = style
    if not blank and not indent:
        blank = True
    # The scraper doubled the quote at the end of a later paragraph.
    last = "Campaigners said they would appeal. A petition has 5,000 names. " + REPEATED
    cleaned = clean_text(wrap(PARAGRAPHS[:3] + [last], width, indent, blank)).cleaned
    flat = " ".join(cleaned.split())
    assert flat.count(REPEATED) == 1
    assert flat.endswith("Campaigners said they would appeal. A petition has 5,000 names.")
    assert cleaned.endswith("names.\n")  # the break after it is the text's own final line break
    assert all(line.strip() or not line for line in cleaned.splitlines())  # no line of only spaces
