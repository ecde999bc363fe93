"""Property tests: offsets, idempotent cleaning, replayable edits, nothing invented."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, example, given, settings, strategies as st

from dedup import check_text, clean_text
from dedup.clean import apply_edits
from dedup.models import Severity
from dedup.segment import segment

from .conftest import FIXTURES, read

CLEAN = [read(p) for p in sorted((FIXTURES / "clean").glob("*.txt"))]
DEFECTS = [read(p) for p in sorted((FIXTURES / "defects").glob("*.txt"))]
PARAGRAPHS = [p for text in CLEAN[:12] for p in text.split("\n\n") if len(p.split()) > 8]

# The suite draws the same 40 examples on every run, so that a red build is a change, not a draw.
# DEDUP_EXAMPLES=N draws N fresh random examples instead, to look for new failures.
EXPLORE = os.environ.get("DEDUP_EXAMPLES")
SLOW = settings(max_examples=int(EXPLORE or 40), derandomize=not EXPLORE, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@st.composite
def scraped(draw):
    """An article built from real paragraphs, with some repeated, glued or joined without a space."""
    chosen = draw(st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=8))
    pieces: list[str] = []
    for paragraph in chosen:
        pieces.append(paragraph)
        if draw(st.booleans()) and pieces:
            pieces.append(draw(st.sampled_from(pieces)))  # a scraper repeat
    separators = [draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "## Heading Glued\n\n"])) for _ in pieces]
    return "".join(p + s for p, s in zip(pieces, separators))


def _non_space(text: str) -> str:
    return "".join(text.split())


def _is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


@SLOW
@given(scraped())
def test_offsets_lie_inside_the_text(text):
    doc = segment(text)
    previous_end = 0
    for block in doc.blocks:
        assert previous_end <= block.span.start <= block.body.start <= block.span.end <= len(text)
        previous_end = block.span.end
        for sentence in block.sentences:
            assert block.body.start <= sentence.span.start < sentence.span.end <= block.body.end
            assert sentence.text == text[sentence.span.start : sentence.span.end].replace("\n", " ").replace("\r", " ")
    for finding in check_text(text).findings:
        assert 0 <= finding.span.start <= finding.span.end <= len(text)
        assert all(0 <= r.start <= r.end <= len(text) for r in finding.related)


# Found by the property below: the end of a paragraph, then a glued heading whose section goes,
# with a repeated sentence removed from that paragraph's end; the break must survive.
_GLUED_AFTER_A_REMOVED_SENTENCE = (
    "# Mill Street bridge\n\n"
    "\u201cShe is not wrong. When I am impatient I open the kiln too early and the colour goes grey.\u201d\n\n"
    "Payments firm Quillpath fined over gaps in transaction monitoring\n"
    "\u201cShe is not wrong. When I am impatient I open the kiln too early and the colour goes grey.\u201d## Heading Glued\n\n"
    "\u201cShe is not wrong. When I am impatient I open the kiln too early and the colour goes grey.\u201d## Heading Glued\n\n"
    "The decision follows an engineering inspection in September that found section loss in two girders.\n"
)


# Also found by it: a line said four times, twice standing alone and twice in one paragraph.
_SAID_FOUR_TIMES = "".join(
    f"{line}{sep}" for line, sep in (
        ("Per serving (approx.): 310 kcal, 16 g protein, 9 g fat, 41 g carbohydrate, 8 g fibre.", "\n\n"),
        ("Per serving (approx.): 310 kcal, 16 g protein, 9 g fat, 41 g carbohydrate, 8 g fibre.", "\n\n"),
        ("# Hollisford council votes to replace Mill Street bridge", "\n\n"),
        ("Per serving (approx.): 310 kcal, 16 g protein, 9 g fat, 41 g carbohydrate, 8 g fibre.", "\n"),
        ("Per serving (approx.): 310 kcal, 16 g protein, 9 g fat, 41 g carbohydrate, 8 g fibre.", "\n\n"),
    )
)


# And: a paragraph removed between a title one line break above it and a blank line below.
_TITLE_ABOVE_A_REMOVED_PARAGRAPH = (
    "Why a $4.2 million network of river sensors could change flood warnings in the Midwest\n"
    "Why a $4.2 million network of river sensors could change flood warnings in the Midwest## Heading Glued\n\n"
    "**Your glazes are known for a very particular green. Where does it come from?**\n\n"
    "Why a $4.2 million network of river sensors could change flood warnings in the Midwest\n"
    "**Your glazes are known for a very particular green. Where does it come from?**\n\n"
)


# And: a paragraph removed from between a blank line and a title one line break below it.
_LEAD = (
    "HOLLISFORD, Ont. \u2014 Town council voted 6\u20131 on Tuesday night to replace the Mill Street bridge rather "
    "than patch it again, ending a two-year argument over the 1958 steel span that carries roughly 4,300 "
    "vehicles a day across the Tessel River."
)
_TITLE_BELOW_A_REMOVED_PARAGRAPH = (
    f"{_LEAD}\n\n{_LEAD}\n"
    "Why a $4.2 million network of river sensors could change flood warnings in the Midwest\n"
    "He was taken into custody at the end of the hearing.\n\n\n"
    f"{_LEAD}\n\n# Hollisford council votes to replace Mill Street bridge\n\n"
    f"{_LEAD}\n\n# Hollisford council votes to replace Mill Street bridge\n\n"
    "Why a $4.2 million network of river sensors could change flood warnings in the Midwest## Heading Glued\n\n"
)


# And: a paragraph removed from between a bold question and a title one line break below it;
# the title must not then read as the second line of a hard-wrapped paragraph.
_TITLE_WOULD_WRAP = "".join(
    f"{line}{sep}" for line, sep in (
        ("HOLLISFORD, Ont. \u2014 Town council voted 6\u20131 on Tuesday night to replace the Mill Street bridge "
         "rather than patch it again, ending a two-year argument over the 1958 steel span.", "\n\n"),
        ("**Your glazes are known for a very particular green. Where does it come from?**", "\n\n"),
        ("HOLLISFORD, Ont. \u2014 Town council voted 6\u20131 on Tuesday night to replace the Mill Street bridge "
         "rather than patch it again, ending a two-year argument over the 1958 steel span.", "\n"),
        ("Why a $4.2 million network of river sensors could change flood warnings in the Midwest", "\n\n"),
        ("Why a $4.2 million network of river sensors could change flood warnings in the Midwest", "\n"),
        ("Payments firm Quillpath fined \u00a33.4 million over gaps in transaction monitoring", "\n\n"),
    )
)


# And: two sentences said again at the start of a wrapped paragraph; the second, in its middle,
# must go with the first, not stay behind as if said again on purpose.
_TWO_SENTENCES_AGAIN = (
    "# Hollisford council votes to replace Mill Street bridge\n\n# Hollisford council votes to replace Mill Street bridge\n\n"
    "**The museum show includes work from your first decade. Was it strange to see those pieces again?**\n\n"
    "**The museum show includes work from your first decade. Was it strange to see those pieces again?**\n"
    "Payments firm Quillpath fined \u00a33.4 million over gaps in transaction monitoring\n\n"
)


# And: a line doubled by the scraper next to itself is no list whose line stays when quoted.
_DOUBLED_LINE_QUOTED = (
    "Per serving (approx.): 310 kcal, 16 g protein, 9 g fat, 41 g carbohydrate, 8 g fibre.\n\n"
    "Per serving (approx.): 310 kcal, 16 g protein, 9 g fat, 41 g carbohydrate, 8 g fibre.\n\n"
    "# Hollisford council votes to replace Mill Street bridge\n\n"
    "Per serving (approx.): 310 kcal, 16 g protein, 9 g fat, 41 g carbohydrate, 8 g fibre.\n"
    "He was taken into custody at the end of the hearing.\n\n\n"
    "# Hollisford council votes to replace Mill Street bridge\n\n# Hollisford council votes to replace Mill Street bridge\n\n"
)


# Two removed copies carry the same news (a name the kept text lacks): one copy of it stays.
_SAME_NEWS_TWICE = (
    "**You still sell at the Saturday market in Varrow. Why, given the waiting list?**\n\n"
    "# Hollisford council votes to replace Mill Street bridge\n\n"
    + "**You still sell at the Saturday market in Varrow. Why, given the waiting list?**## Heading Glued\n\n" * 2
)


# A contact box said three times, once between the headline's copies: short lines are no
# sentences to align, so the first cleaning leaves nothing for the second.
_CONTACT = ("**Media contact:**\nSasha Kowalczyk\nDirector, Communications\nBrightwater Foods Inc.\n"
            "media@brightwaterfoods.example\n\n\n")
_HEADLINE = "# Hollisford council votes to replace Mill Street bridge\n\n"
_CONTACT_THRICE = (
    _CONTACT * 2 + _HEADLINE * 2
    + "HOLLISFORD, Ont. \u2014 Town council voted 6\u20131 on Tuesday night to replace the Mill Street bridge "
    "rather than patch it again, ending a two-year argument over the 1958 steel span that carries roughly "
    "4,300 vehicles a day across the Tessel River.\n\n" + _HEADLINE * 2 + _CONTACT
)


# A question set in bold above a headline is no wrapped paragraph: read as one, cleaning took a
# sentence out of it and the next cleaning found the headline on its own, a copy.
_BOLD_ABOVE_HEADLINE = (
    "**You still sell at the Saturday market in Varrow. Why, given the waiting list?**\n\n"
    "**You still sell at the Saturday market in Varrow. Why, given the waiting list?**\n"
    "Payments firm Quillpath fined \u00a33.4 million over gaps in transaction monitoring\n\n"
    "Payments firm Quillpath fined \u00a33.4 million over gaps in transaction monitoring\n\n" + _HEADLINE * 4
)


# Three more: a title said again as the last line of a paragraph whose other sentences go; a
# heading whose paragraph goes, right above the same heading; and a title line under a
# paragraph that opens with it, below a copy of itself that goes.
_SCORE = "Ebbe finished with 31 saves on 35 shots. Lindahl made 27 saves on 32 shots and fell to 11-6-2."
_SENSORS = "Why a $4.2 million network of river sensors could change flood warnings in the Midwest"
_TITLE_LEFT_UNDER_ITSELF = f"{_SCORE}\n\n{_SENSORS}\n\n{_SCORE}\n{_SENSORS}\n"
_SERVING = "Per serving (approx.): 310 kcal, 16 g protein, 9 g fat, 41 g carbohydrate, 8 g fibre."
_HEADING_LEFT_UNDER_ITSELF = (f"## Per serving (approx.): 310\n{_SERVING}\n## Per serving (approx.): 310\n{_SERVING}\n"
                              "**Up next:** the council meets again on Tuesday.\n")
_TITLE_JOINS_ITS_PARAGRAPH = (f"{_SENSORS}\n\u201cShe is not wrong. When I am impatient I open the kiln too early and "
                              f"the colour goes grey.\u201d\n{_SENSORS}\n{_SENSORS}\n\n")


@SLOW
@example(_TITLE_LEFT_UNDER_ITSELF)
@example(_HEADING_LEFT_UNDER_ITSELF)
@example(_TITLE_JOINS_ITS_PARAGRAPH)
@example(_BOLD_ABOVE_HEADLINE)
@example(_CONTACT_THRICE)
@example(_SAME_NEWS_TWICE)
@example(_DOUBLED_LINE_QUOTED)
@example(_TWO_SENTENCES_AGAIN)
@example(_TITLE_WOULD_WRAP)
@example(_TITLE_BELOW_A_REMOVED_PARAGRAPH)
@example(_TITLE_ABOVE_A_REMOVED_PARAGRAPH)
@example(_GLUED_AFTER_A_REMOVED_SENTENCE)
@example(_SAID_FOUR_TIMES)
@given(scraped())
def test_cleaning_is_idempotent_and_replayable(text):
    assert_idempotent_and_replayable(text)


@st.composite
def mutated(draw):
    """A scraped article mangled at random: characters from anywhere in Unicode put in, runs of
    it cut out or said twice, lines broken or joined."""
    text = draw(scraped())
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "cut", "double", "break", "join"]))
        if kind == "insert":
            text = text[:at] + draw(st.text(min_size=1, max_size=8)) + text[at:]
        elif kind in ("cut", "double"):
            end = min(len(text), at + draw(st.integers(1, 80)))
            text = text[:at] + (text[at:end] * 2 if kind == "double" else "") + text[end:]
        elif kind == "break":
            text = text[:at] + draw(st.sampled_from(["\n", "\n\n", "\r\n", "\u2028"])) + text[at:]
        else:
            text = text.replace("\n", " ", 1) if "\n" in text else text
    return text


# Found by it: a paragraph left holding only a title, right above the same title as a heading.
_BRIGHTWATER = ("Founded in 2009 and headquartered in Guelph, Ontario, Brightwater Foods produces plant-based "
                "ingredients for food and beverage manufacturers. The company operates two facilities in Ontario and "
                "employs approximately 410 people.")
_TITLE_ABOVE_ITS_HEADING = (
    _BRIGHTWATER + " Its shares trade on the Toronto Stock Exchange under the symbol BWF.## Heading Glued\n\n"
    + _BRIGHTWATER + " Hollisford council votes to replace Mill Street bridge\n\n"
    + "# Hollisford council votes to replace Mill Street bridge\n\n" * 2
)

# And: two near-repeated sentences in one paragraph; the second was checked against the first's
# counterpart, and its figures were taken for news.
_TWO_SENTENCES_NEARLY_AGAIN = (
    "0" + _BRIGHTWATER + " Its shares trade on the Toronto Stock Exchange under the symbol BWF.\n\n"
    + _BRIGHTWATER + " the symbol BWF.\n\n"
)

# And: a repeated sentence that closes a quotation, in a full copy of a paragraph broken in two.
_FAIRBAIRN = ("\"Manitoba grows some of the best pulses in the world, and most of them leave the province before "
              "anyone adds value to them,\" said Lionel Fairbairn, president and chief executive officer of Brightwater "
              "Foods. \"This plant changes that. It puts good jobs next "
              "to the fields and shortens our supply chain at the same time.\"")
_QUOTATION_LEFT_OPEN = (" 26. The pilot deserves a chance before the doors are locked at five.\n\n"
                        + _FAIRBAIRN.replace("the province", "the p\n\nrovince") + "\n\n" + _FAIRBAIRN + "\n\n# Hollisford council votes to replace Mill Street bridge\n\n")

# And: the same changed figure in two later copies; the second copy of that news is no news.
_ALLOTMENTS = ("Annual rents in Brackley Vale range from 0£38 to £92 depending on plot size, with a 50 per cent concession for residents over 65 and those receiving certain benefits. The council's allotment"
               ' officer, Gareth Lewin, said the authority is looking at splitting some larger plots to shorten the list. "Half plots suit most beginners better anyway," he said. That is advice worth taking.')
_SAME_NEWS_IN_TWO_COPIES = (
    _ALLOTMENTS + " \n\n0" + _ALLOTMENTS.replace("0£38", "£38") + "\n\n\n"
    + "# Hollisford council votes to replace Mill Street bridge\n\n" * 7
    + _ALLOTMENTS.replace("0£38", "£38") + "\n\n\n"
)

# And: a copy whose news the first reading kept, which a second reading finds told already.
_PLOTS = _ALLOTMENTS.replace("0£38", "£38")
_HOLLISFORD = "# Hollisford council votes to replace Mill Street bridge\n\n"
_NEWS_TOLD_ONCE_THE_COPY_GOES = (
    "00" + _PLOTS.replace("from £38", "from£38") + "  \n" + _HOLLISFORD
    + _PLOTS.replace("residents over", "residents 0over") + "\n\n\n" + _HOLLISFORD
    + _PLOTS + "\n\n\n" + _HOLLISFORD * 5
)


@SLOW
@example(_NEWS_TOLD_ONCE_THE_COPY_GOES)
@example(_SAME_NEWS_IN_TWO_COPIES)
@example(_QUOTATION_LEFT_OPEN)
@example(_TITLE_ABOVE_ITS_HEADING)
@example(_TWO_SENTENCES_NEARLY_AGAIN)
@given(mutated())
def test_cleaning_mutated_articles_is_idempotent(text):
    assert_idempotent_and_replayable(text)


@SLOW
@given(st.text(max_size=400))
def test_cleaning_random_unicode_is_idempotent(text):
    assert_idempotent_and_replayable(text)


def assert_idempotent_and_replayable(text: str) -> None:
    """Cleaning twice equals cleaning once, and the edits replay to the output."""
    result = clean_text(text)
    assert apply_edits(text, result.edits) == result.cleaned
    again = clean_text(result.cleaned)
    assert again.cleaned == result.cleaned, [e.rule for e in again.edits]


# Found by it: a headline-like line said again as two lines with no stop, then cut short at the end.
_UNFINISHED_LINES = (
    "Former charity treasurer jailed for 30 months for taking $412,000 from food bank\n\n"
    + "Former charity treasurer jailed for 30 months for taking $412,000 from food bank\n" * 2
    + "\nEbbe finished with 31 saves on 35 shots. Lindahl made 27 saves on 32 shots and fell to 11-6-2.\n"
    "Former charity treasurer jailed for 30 months for taking $412,000 from food bank\n\n"
)


# A recipe card said twice, the second copy with a glued heading that keeps it as news: the
# cut-short line of the first copy is not replaced by a line that stays anyway.
_CARD = "**Serves:** 4\n**Prep time:** 10 minutes\n**Cook time:** 30 minutes"
_LEAD = ("HOLLISFORD, Ont. \u2014 Town council voted 6\u20131 on Tuesday night to replace the Mill Street bridge "
         "rather than patch it again, ending a two-year argument over the 1958 steel span that carries roughly "
         "4,300 vehicles a day across the Tessel River.\n\n")
_CARD_KEPT_AS_NEWS = (_HEADLINE + _CARD + "\n\n" + _LEAD + _CARD + "## Heading Glued\n\n" + _LEAD
                      + _HEADLINE * 3 + _LEAD)


_CARD_MOVED = (_HEADLINE + _CARD + "\n\n" + "The decision follows an engineering inspection in September that "
               "found section loss of up to 30 per cent in two of the bridge's main girders.\n\n" + _CARD
               + "## Heading Glued\n\nThe decision follows an engineering inspection in September that found "
               "section loss of up to 30 per cent in two of the bridge's main girders.\n\n" + _HEADLINE)


@SLOW
@example(_CARD_MOVED)
@example(_CARD_KEPT_AS_NEWS)
@example(_UNFINISHED_LINES)
@given(scraped())
def test_cleaning_invents_nothing(text):
    result = clean_text(text)
    # A replacement is white space that mends a break, or a complete sentence put in place of
    # its cut-off start (truncation.prefix): text copied from a part of the input that goes.
    moved = [e for e in result.edits if e.replacement.strip()]
    deleted = [text[e.span.start : e.span.end] for e in result.edits if not e.replacement]
    for edit in moved:
        assert edit.rule == "truncation.prefix" and any(edit.replacement in gone for gone in deleted), edit
    if not moved:
        assert _is_subsequence(_non_space(result.cleaned), _non_space(text))


@SLOW
@given(st.sampled_from(CLEAN), st.randoms(use_true_random=False))
def test_clean_articles_give_no_warnings_whatever_their_paragraph_order(text, rng):
    # The front matter (title, standfirst, an epigraph) stays on top: it sums up the story on
    # purpose, and below the story it would restate it.
    paragraphs = text.split("\n\n")
    front = next((i for i, p in enumerate(paragraphs) if i and len(p.split()) >= 25), 1)
    head, body = paragraphs[:front], paragraphs[front:]
    rng.shuffle(body)
    shuffled = "\n\n".join(head + body)
    loud = [f for f in check_text(shuffled).findings if f.severity >= Severity.WARNING]
    assert not [f for f in loud if f.category in ("duplicate", "break")], [(f.rule, f.message) for f in loud]


def test_defect_fixtures_clean_idempotently():
    for text in DEFECTS:
        once = clean_text(text).cleaned
        assert clean_text(once).cleaned == once
