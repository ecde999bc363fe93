"""Every Unicode line break is read the same way: cleaning twice equals cleaning once, and the
edits replay to the output, whichever breaks separate the lines and paragraphs."""

from __future__ import annotations

from hypothesis import given, strategies as st

from .test_properties import PARAGRAPHS, SLOW, assert_idempotent_and_replayable

# What str.splitlines() breaks on, alone and as CRLF.
BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@st.composite
def broken_text(draw):
    """Paragraphs, some repeated, some with a heading, joined by any mix of line breaks."""
    chosen = draw(st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=6))
    if draw(st.booleans()):
        chosen.append(draw(st.sampled_from(chosen)))
    parts = []
    for paragraph in chosen:
        if draw(st.integers(0, 4)) == 0:
            parts.append("## " + " ".join(paragraph.split()[:4]))
        parts.append(paragraph)
    seps = draw(st.lists(st.lists(st.sampled_from(BREAKS), min_size=1, max_size=3), min_size=len(parts),
                         max_size=len(parts)))
    return "".join(part + "".join(sep) for part, sep in zip(parts, seps))


@SLOW
@given(broken_text())
def test_cleaning_is_idempotent_whatever_the_line_breaks(text):
    assert_idempotent_and_replayable(text)
