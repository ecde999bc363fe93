"""Composing two passes of edits: replaying the composed edits on the original gives what the
two passes give one after the other, and every composed edit is named after a pass's edit."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from dedup.clean import apply_edits, compose, resolve
from dedup.models import Edit, Span


@st.composite
def edits_of(draw, text: str, rule: str):
    """Non-overlapping edits of ``text``: deletions, replacements and insertions."""
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    found, position = [], 0
    for a, b in zip(cuts[::2], cuts[1::2]):
        if a < position:
            continue
        found.append(Edit(rule, Span(a, b), draw(st.sampled_from(["", " ", "\n\n", "xy"]))))
        position = b if b > a else b + 1
    return found


@settings(max_examples=300, deadline=None)
@given(st.data(), st.text(alphabet="ab. \n", max_size=40))
def test_composed_edits_replay_to_the_second_pass(data, text):
    first = data.draw(edits_of(text, "one"))
    once = apply_edits(text, first)
    second = data.draw(edits_of(once, "two"))
    composed = compose(text, first, second)
    assert apply_edits(text, composed) == apply_edits(once, second)
    assert all(e.rule in ("one", "two") for e in composed)
    assert all(a.span.end <= b.span.start for a, b in zip(composed, composed[1:]))


def test_a_second_pass_that_changes_nothing_composes_to_the_first():
    text = "One. Two. Two. Three."
    first = [Edit("duplicate.sentence", Span(9, 14))]
    assert compose(text, first, []) == first


def test_a_replacement_that_ends_where_a_deletion_starts_is_kept():
    # A cut sentence made whole, right before a copy that goes: both edits apply.
    text = "It said the\n\nIt said the plan works. More.\n"
    edits = [Edit("truncation.prefix", Span(0, 11), "It said the plan works."), Edit("dup", Span(11, 42), "")]
    resolved = resolve(text, edits)
    assert apply_edits(text, resolved) == "It said the plan works.\n"
    # An insertion at the start of a deletion is still dropped when nothing follows it.
    assert resolve(text, [Edit("break", Span(11, 11), " "), Edit("dup", Span(11, 42), "")]) == [edits[1]]


def test_a_space_put_in_before_a_deletion_that_ends_its_line_is_dropped():
    # "inbox.The US Grand Prix" loses its glued title: the space that would part the two
    # sentences would end the line.
    text = "It is in your inbox.The US Grand Prix\n\nNext paragraph.\n"
    start = text.index("The US")
    edits = [Edit("break.missing-space", Span(start, start), " "), Edit("dup", Span(start, start + 17), "")]
    assert apply_edits(text, resolve(text, edits)) == "It is in your inbox.\n\nNext paragraph.\n"
