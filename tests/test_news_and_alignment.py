"""Facts are never deleted by a safe fix, and second versions are found by aligning sentences.

The texts here are written for these tests: a story, then a rewrite of it that regroups its
sentences into other paragraphs (the way a language model rewrites), a follow-up that reuses
the background, and two briefs from one template.
"""

from __future__ import annotations

import dataclasses

import pytest
from click.testing import CliRunner

from dedup import check_text, clean_text
from dedup.cli import main
from dedup.config import DEFAULT_SETTINGS
from dedup.news import known_facts, new_facts
from dedup.retellings import best_run
from dedup.segment import segment

STORY = (
    "Harbour Lights Festival Cancelled\n\n"
    "The Harbour Lights festival in Pellmouth has been cancelled for the first time in its history after "
    "storms damaged the quayside stage. Organisers said repairs to the timber deck could not be finished "
    "before the opening night.\n\n"
    "The festival usually draws around 12,000 visitors over three nights in August. Local traders had "
    "expected their busiest weekend of the year, and several cafes had hired extra staff.\n\n"
    "Festival chair Rosa Demirel said the decision had been painful. \"We walked the deck with the "
    "engineers on Tuesday and it simply is not safe,\" she said. Ticket holders will receive full refunds "
    "within 14 days.\n\n"
    "The town council said it would help the organisers find a new site for next year, possibly on the "
    "playing fields behind the library.\n"
)

REWRITE = (
    "\n## Storm Damage Forces Pellmouth to Call Off Harbour Lights\n\n"
    "For the first time ever, Pellmouth's Harbour Lights festival will not go ahead, because storms "
    "wrecked the stage on the quayside and organisers could not complete repairs to its timber deck "
    "before opening night. Around 12,000 people normally visit across the three August nights.\n\n"
    "Traders in the town had been expecting their busiest weekend of the year, and several cafes had "
    "taken on extra staff. Festival chair Rosa Demirel called the decision painful, saying the deck was "
    "simply not safe after she walked it with engineers on Tuesday.\n\n"
    "Full refunds will go to ticket holders within 14 days. The council has promised to help find a new "
    "site for next year, perhaps the playing fields behind the library.\n"
)


def test_a_rewrite_regrouped_into_other_paragraphs_is_found_and_removed():
    text = STORY + REWRITE
    run = best_run(segment(text), DEFAULT_SETTINGS)
    assert run is not None and run.supported >= 0.8 and run.covers >= 0.6 and run.new_values == 0
    cleaned = clean_text(text).cleaned
    assert cleaned.rstrip("\n") == STORY.rstrip("\n")


def test_a_new_fact_in_the_rewrite_stays_and_is_reported_as_unsafe():
    text = STORY + REWRITE.replace("within 14 days.", "within 14 days, or can donate them to the RNLI.")
    result = clean_text(text)
    news = [f for f in result.findings if f.rule == "duplicate.news-in-copy"]
    assert [f.details["new_facts"] for f in news] == [["RNLI"]]
    assert news[0].applicability == "unsafe" and news[0].severity.label == "warning"
    assert "donate them to the RNLI" in result.cleaned
    assert "Storm Damage Forces" not in result.cleaned
    unsafe = clean_text(text, dataclasses.replace(DEFAULT_SETTINGS, unsafe_fixes=True)).cleaned
    assert "RNLI" not in unsafe and unsafe.rstrip("\n") == STORY.rstrip("\n")


def test_a_changed_figure_in_a_copy_stays():
    text = STORY + REWRITE.replace("Around 12,000 people", "Around 15,000 people")
    cleaned = clean_text(text).cleaned
    assert "15,000" in cleaned and cleaned.count("12,000") == 1


def test_two_briefs_from_one_template_are_not_a_second_version():
    brief = (
        "Marlow Tools Ltd said on Monday it would cut 140 jobs at its Dunford plant by March, blaming weaker "
        "orders from car makers. The company said affected staff would be offered redeployment. Shares fell "
        "3 per cent.\n\n"
        "The cuts follow a profit warning in October. Unions said they would seek talks with management.\n"
    )
    other = brief.replace("Marlow Tools Ltd", "Kestrel Castings plc").replace("140", "85") \
        .replace("Dunford", "Astley").replace("March", "June").replace("3 per cent", "5 per cent") \
        .replace("October", "September")
    text = brief + "\n" + other
    result = clean_text(text)
    assert result.cleaned == text
    assert not [f for f in result.findings if f.rule == "duplicate.second-version"]


def test_two_briefs_from_one_template_naming_other_parties_keep_their_shared_sentences():
    # The second brief re-tells the first sentence by sentence with few new values (the same
    # amount, date, fees), but puts another issuer, lead manager and guarantor in their place.
    brief = ("{issuer} is issuing a 60 mln dlr convertible bond due 2002, lead manager {manager} said. The issue"
             " is priced at par and the bonds are convertible into the company's shares at a premium. The"
             " payment date is in June and the bonds will be listed in Luxembourg. Fees total 2-1/2 pct, of"
             " which the selling concession is 1-1/2 pct. The issue is guaranteed by the company's parent,"
             " {parent}, which owns 60 pct.\n")
    text = brief.format(issuer="Harwell Mining Ltd", manager="Northgate Securities", parent="Ostler Holdings") \
        + "\n" + brief.format(issuer="Penmore Textiles Plc", manager="Castleford Bank", parent="Tildesley Group")
    assert clean_text(text).cleaned == text


def test_a_follow_up_keeps_its_news_and_may_lose_the_repeated_background():
    follow_up = (
        "\nPellmouth Festival Finds New Home\n\n"
        "The Harbour Lights festival in Pellmouth has been cancelled for the first time in its history after "
        "storms damaged the quayside stage.\n\n"
        "On Friday the council confirmed the event will move to Brackley Fields in 2026, with a capacity of "
        "9,000. Councillor Ahmed Sayeed said the new site had parking for 600 cars.\n"
    )
    cleaned = clean_text(STORY + follow_up).cleaned
    assert "Brackley Fields in 2026" in cleaned and "Ahmed Sayeed" in cleaned


@pytest.mark.parametrize("kept,copy,new", [
    ("Loans compete with U.S. farmers, senators said.", "Loans compete with American farmers.", []),
    ("Loans compete with American farmers.", "Loans hurt farmers in the United States.", []),
    ("Ministers in Britain agreed.", "British ministers agreed.", []),
    ("Loans compete with U.S. farmers.", "Loans compete with Canadian farmers.", ["Canadian"]),
])
def test_a_place_and_the_word_for_its_people_are_one_fact(kept, copy, new):
    assert new_facts(copy, known_facts(kept)) == new


def test_a_shops_name_without_its_apostrophe_is_the_same_name_but_a_surname_is_not_a_first_name():
    known = known_facts("Albertson's and Kroger's Ralphs stores locked out their workers. William Hague spoke.")
    assert new_facts("Kroger and Albertsons locked out their grocery workers.", known) == []
    assert new_facts("Serena Williams spoke.", known) == ["Serena Williams"]


def test_known_facts_accept_a_fact_written_otherwise():
    known = known_facts("The festival drew twenty-two thousand people at 07:50 on 3 May; Ann Lee spoke.")
    assert new_facts("At 7.50 on 3 May some 22 groups and Lee arrived.", known) == []
    assert new_facts("On 4 May Tom Reed arrived.", known) == ["4 May", "4", "Tom Reed"]


def test_times_and_dates_are_known_in_any_clock_or_figures():
    known = known_facts("Last seen shortly before 13:00 BST on 13 July; call quoting 121 of 14/7/17. "
                        "Open from 10:00 to 1800 GMT.")
    assert new_facts("He was last seen around 1:00 PM on July 13.", known) == []
    assert new_facts("Call by July 14 if the unit, open until 18:00, is shut.", known) == []
    assert new_facts("He was seen at 2pm on July 15.", known) == ["July 15", "2", "15"]


def test_a_word_opening_a_quotation_is_no_name():
    known = known_facts("The chief executive said the reef would recover.")
    assert new_facts('The chief executive said: "Fortunately, the reef will recover."', known) == []
    assert new_facts('The chief executive said: "Fortunately, Cairns was spared."', known) == ["Cairns"]


def test_a_copys_title_glued_onto_the_paragraph_above_goes_with_the_copy():
    # "Update: " and the first words of the rewrite's opening sentence, glued onto the story's end.
    rewrite = REWRITE.split("\n\n", 1)[1]
    title = "Update: " + " ".join(rewrite.split()[:8])
    story = STORY.rstrip("\n") + (" Its members will vote on the plan next month. A spokesman said the cost had "
                                  "not yet been agreed.")
    glued = story + title + "\n\n" + rewrite
    result = clean_text(glued)
    assert result.cleaned.rstrip("\n") == story
    cut = [f for f in result.findings if f.rule == "truncation.prefix"]
    assert [glued[f.span.start : f.span.end] for f in cut] == [title.removeprefix("Update: ")]
    assert "goes with it" in cut[0].message


def test_a_copys_headline_glued_onto_the_paragraph_above_goes_with_the_copy():
    # The story saved twice; the second copy's headline, one word longer, glued onto the end of a
    # quotation that closes the first.
    title, body = STORY.split("\n\n", 1)
    story = f'{title}\n\n{body.rstrip()[:-1]}, a councillor said, "as soon as we can."'
    result = clean_text(f"{story}Pellmouth {title}\n\n{body}")
    assert result.cleaned == story + "\n"
    assert clean_text(result.cleaned).cleaned == result.cleaned


def test_a_quoted_sentence_after_said_is_no_cut_title():
    text = ('The manager praised the visitors. He said: "Tottenham are a great team.\n\n'
            'They have young English players."\n\n'
            '"Tottenham are a great team with a fantastic style of football," he said on Friday.\n')
    assert clean_text(text).cleaned == text


_ACCORD_WITH_FRANCE = (
    "Ardmore and France signed an agreement today to reschedule Ardmore's official debts, the first of an "
    "expected series of such talks, government sources said.\n"
    "    The accord was signed by Ardmore's finance minister Tobi Aluko and the head of the French export "
    "credit agency, Marc Duval.\n"
    "    It follows an agreement between Ardmore and the Paris Club of creditor nations in December to "
    "reschedule 7.5 billion dlrs of medium and long-term debt over ten years with five years grace.\n"
    "    As with all Paris Club pacts, interest rates and other details have to be negotiated country by "
    "country, and none of them was immediately available.\n"
    "    Ardmore hopes further bilateral accords will come quickly, since they could encourage official "
    "export credit agencies to resume cover for exports to Ardmore.\n"
    " Reuter\n&#3;\n"
)
_ACCORD_WITH_BRITAIN = (
    "Ardmore and Britain signed an agreement today to reschedule Ardmore's official debts, the first of an "
    "expected series of such talks, government sources said.\n"
    "    The Ardmore delegation will go on to Paris tomorrow for similar talks with the French export "
    "credit agency.\n"
    "    Today's accord follows the December agreement between Ardmore and the Paris Club of creditor nations "
    "to reschedule 7.5 billion dlrs of medium and long-term debt over ten years, with five years of grace.\n"
    "    But as with every Paris Club pact, interest rates and other details must be negotiated country by "
    "country, and none of them was immediately available.\n"
    "    Ardmore hopes more bilateral accords will be struck quickly, since these could encourage official "
    "export credit agencies to resume cover for exports to Ardmore.\n"
    " Reuter\n&#3;\n"
)


def test_a_wire_item_that_opens_like_the_one_before_with_another_party_is_another_story():
    # Its background paragraphs re-tell the first item's, but it reports another accord.
    text = _ACCORD_WITH_FRANCE + _ACCORD_WITH_BRITAIN
    result = clean_text(text)
    assert result.cleaned == text
    assert {f.rule for f in result.findings} == {"duplicate.look-alike"}


def test_the_cli_applies_unsafe_fixes_only_when_asked(tmp_path):
    text = STORY + REWRITE.replace("within 14 days.", "within 14 days, or can donate them to the RNLI.")
    source = tmp_path / "a.txt"
    source.write_text(text, encoding="utf-8")
    runner = CliRunner()
    safe, unsafe = tmp_path / "safe.txt", tmp_path / "unsafe.txt"
    assert runner.invoke(main, ["clean", str(source), "-o", str(safe)]).exit_code in (0, 1)
    assert runner.invoke(main, ["clean", str(source), "-o", str(unsafe), "--unsafe-fixes"]).exit_code in (0, 1)
    assert "RNLI" in safe.read_text(encoding="utf-8")
    assert "RNLI" not in unsafe.read_text(encoding="utf-8")
    assert source.read_text(encoding="utf-8") == text


def test_json_report_marks_the_unsafe_fix(tmp_path):
    text = STORY + REWRITE.replace("within 14 days.", "within 14 days, or can donate them to the RNLI.")
    findings = check_text(text).findings
    by_rule = {f.rule: f for f in findings}
    assert by_rule["duplicate.second-version"].applicability == "safe"
    assert by_rule["duplicate.news-in-copy"].applicability == "unsafe"


# --- property: no figure, name or date is lost by a safe fix ---------------------------------------

from hypothesis import given, strategies as st  # noqa: E402

from .test_properties import CLEAN, SLOW  # noqa: E402

_NUMBERED = [text for text in CLEAN if any(ch.isdigit() for ch in text.split("\n\n", 1)[-1])]


@SLOW
@given(st.sampled_from(_NUMBERED), st.integers(min_value=0, max_value=10_000), st.data())
def test_a_copy_that_changes_a_figure_keeps_the_new_figure(text, seed, data):
    import re

    body = text.rstrip("\n")
    # Figures of the copy's sentences (its headline goes with it, as a title does).
    spans = [s.span for s in segment(body).sentences]
    figures = [m for m in re.finditer(r"(?<![\d.,])\d{2,4}(?![\d.,])", body)
               if any(sp.start <= m.start() < sp.end for sp in spans)]
    if not figures:
        return
    figure = data.draw(st.sampled_from(figures))
    changed = str(int(figure.group()) + 1 + seed % 7)
    said = rf"(?<![\d.,]){changed}(?![\d]|[.,]\d)"  # the number on its own, not inside 1,299
    if re.search(said, body):
        return  # the new value is said elsewhere already: nothing would be lost
    copy = body[: figure.start()] + changed + body[figure.end():]
    cleaned = clean_text(body + "\n\n" + copy + "\n").cleaned
    assert re.search(said, cleaned), changed
    assert body in cleaned  # the first copy stays whole


def _shuffled_interview(seed: int) -> str:
    import random

    text = next(t for t in CLEAN if t.startswith('"Glass tells you the truth"'))
    paragraphs = text.split("\n\n")
    front = next((i for i, p in enumerate(paragraphs) if i and len(p.split()) >= 25), 1)
    body = paragraphs[front:]
    random.Random(seed).shuffle(body)
    return "\n\n".join(paragraphs[:front] + body)


def test_an_answer_said_again_on_purpose_is_no_rewrite_whatever_the_order():
    # Shuffled, the interview's deliberate repeat ("The same answer I gave you at the start")
    # comes before the answer it repeats, with neighbouring lines that follow the same order;
    # and two short questions in a row are no rewrite either.
    for seed in (459, 1713):
        findings = check_text(_shuffled_interview(seed)).findings
        assert not [f for f in findings if f.rule == "duplicate.second-version"], seed


_GLUED_BYLINE_STORY = """Island ferry returns after repairs

The Kessick Sound ferry returned to service on Monday after six weeks of repairs to its engines, the operator said.

Islanders had relied on a smaller boat that carried foot passengers only, and several shops on the island ran short of fresh food during the closure.

The operator said the repairs cost about £400,000 and that the ferry would keep its winter timetable until the end of March.

Councillor Ruth Amari said the island had coped well. "People shared lifts and looked after each other, as they always do," she said.

Add it all up and the island can breathe again. Tom Pryce and Ada Lindqvist, Gazette reporters Sign up to the Westmoor Gazette newsletter to get our pick of news sent to your inbox.The Kessick Sound ferry is back

The Kessick Sound ferry is back in service as of Monday following six weeks of engine repairs, the operator said, after islanders had depended on a smaller vessel that took only foot passengers while several island shops ran low on fresh food.

The repairs cost roughly £400,000, and the ferry will stay on its winter timetable until the end of March. Councillor Ruth Amari said the island coped well, with people sharing lifts and looking after each other.
"""


def test_the_storys_own_lines_under_a_glued_title_are_not_counted_as_the_copys_values():
    # The story's last paragraph carries its reporters and a newsletter line, and the copy's
    # title glued on ("...to your inbox.The Kessick Sound ferry is back"): the run that opens on
    # that title brings no value of its own, whatever the story's last lines name.
    from dedup.retellings import aligned_runs, with_facts

    doc = segment(_GLUED_BYLINE_STORY)
    title = next(b.index for b in doc.blocks if b.text == "The Kessick Sound ferry is back")
    assert doc.blocks[title].glued  # the title is cut from the story's last line
    glued = next(r for r in aligned_runs(doc, DEFAULT_SETTINGS) if r.start <= title)
    assert with_facts(doc, glued).new_values == 0.0


def test_a_whole_copy_leaves_each_paragraph_once_even_one_that_re_tells_the_title():
    """defects/52: the story's closing line re-tells its title; the copy after it opens on the
    title itself. Each paragraph stays exactly once: none is taken for a copy of a copy."""
    from pathlib import Path

    text = (Path(__file__).parents[1] / "fixtures" / "defects"
            / "52-closing-line-retells-title-then-whole-copy-ferries.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    cleaned = clean_text(text).cleaned
    assert [cleaned.count(p.strip()) for p in paragraphs[: len(paragraphs) // 2]] == [1] * (len(paragraphs) // 2)


# A loose summary of STORY: the lead told again, then the rest out of order and in other words,
# with filler, and no name, figure, date or quotation that STORY lacks.
_SUMMARY = (
    "\n## Pellmouth Says Goodbye to Harbour Lights This Summer\n\n"
    "Pellmouth's Harbour Lights festival has been called off for the first time in its history, after "
    "storms wrecked the stage on the quayside.\n\n"
    "For ticket holders there is some comfort: refunds will arrive within 14 days.\n\n"
    "It is a bitter blow for a town that looks forward to the event all year.\n\n"
    "Rosa Demirel, who chairs the festival, spoke of a painful choice once engineers had inspected "
    "the deck with her on Tuesday.\n\n"
    "Cafes that had taken on extra staff for the 12,000 visitors now face a quiet August.\n"
)


def test_a_loose_summary_that_brings_no_fact_of_its_own_goes():
    from dedup.retellings import aligned_runs, faithful_tail, words_hold

    text = STORY + _SUMMARY
    doc = segment(text)
    # No ordered run holds: the summary is found by what it does not bring.
    assert not any(words_hold(r, DEFAULT_SETTINGS) for r in aligned_runs(doc, DEFAULT_SETTINGS))
    tail = faithful_tail(doc, DEFAULT_SETTINGS)
    assert tail is not None and tail.faithful and tail.stop == len(doc.blocks)
    cleaned = clean_text(text).cleaned
    assert "Harbour Lights festival in Pellmouth has been cancelled" in cleaned
    for gone in ("Says Goodbye", "some comfort", "painful choice", "quiet August"):
        assert gone not in cleaned
    assert "Festival chair Rosa Demirel said the decision had been painful." in cleaned


@pytest.mark.parametrize("old, new, kept", [
    ("Rosa Demirel, who chairs", "Rosa Demirel and Mayor Ian Trask, who chair", "Mayor Ian Trask"),  # a name
    ("within 14 days", "within 10 days", "within 10 days"),  # a figure of its own
    ("spoke of a painful choice", "said: \"It breaks my heart to call this off.\" She spoke of a painful choice",
     "It breaks my heart"),  # a quotation
])
def test_a_summary_with_one_fact_of_its_own_is_not_a_faithful_tail(old, new, kept):
    from dedup.retellings import faithful_tail

    text = STORY + _SUMMARY.replace(old, new)
    assert new in text
    assert faithful_tail(segment(text), DEFAULT_SETTINGS) is None
    assert kept in clean_text(text).cleaned


def test_a_summary_after_the_line_that_ends_a_news_item_is_left_to_the_item_rules():
    from dedup.retellings import faithful_tail

    text = STORY + "\nREUTER\n" + _SUMMARY
    assert faithful_tail(segment(text), DEFAULT_SETTINGS) is None


@pytest.mark.parametrize("closing, goes", [
    ("All in all, it is a sad summer for a town that loves its festival.", True),
    ("Next year's festival is planned for the first weekend of August.", True),
    ("Mayor Ian Trask said the town would miss the festival.", False),  # a name of its own
    ("The organisers lost about 30,000 pounds.", False),  # a figure of its own
    ("\"We will be back,\" the organisers promised.", False),  # a quotation of its own
])
def test_a_rewrites_closing_line_goes_unless_it_brings_a_fact(closing, goes):
    text = STORY + REWRITE + "\n" + closing + "\n"
    cleaned = clean_text(text).cleaned
    assert (closing not in cleaned) is goes
    assert cleaned.startswith(STORY.rstrip("\n"))


def test_the_storys_last_line_after_paragraphs_repeated_by_the_scraper_stays():
    # The scraper repeated the middle of the story (word for word, then with its quotes made
    # straight) before the story's own last line, which brings no fact: it is no rewrite's
    # closing comment, and stays.
    paragraphs = [p for p in STORY.split("\n\n")[1:] if p.strip()]
    last = "It is a sad summer for a town that loves its festival."
    for repeat in (paragraphs[1:3], [p.replace("12,000", "12000") for p in paragraphs[1:3]]):
        text = STORY.rstrip("\n") + "\n\n" + "\n\n".join(repeat) + "\n\n" + last + "\n"
        cleaned = clean_text(text).cleaned
        assert cleaned.count(last) == 1
        assert cleaned.count("Local traders had expected their busiest weekend") == 1


def test_a_quotation_only_the_copy_gives_stays_once_even_when_the_copy_says_it_twice():
    # What someone said is a fact, as a name or a figure is: a rewrite that adds a quotation
    # the story lacks keeps that sentence, though it names nobody new, and a second copy of
    # the sentence further down does not take it away.
    said = "The chair added that the town would \"come back stronger and prouder next summer\"."
    rewrite = REWRITE.replace("Full refunds will go", said + " Full refunds will go")
    result = clean_text(STORY + rewrite)
    assert result.cleaned.count(said) == 1
    assert "Pellmouth's Harbour Lights festival will not go ahead" not in result.cleaned
    assert any(f.rule == "duplicate.news-in-copy" and "come back stronger" in f.message for f in result.findings)
    assert clean_text(STORY + rewrite + "\n" + said + "\n").cleaned.count(said) == 1


def test_a_quotation_told_again_in_the_storys_words_is_no_news():
    # The story reports what the chair said; the rewrite puts the same words in quote marks.
    rewrite = REWRITE.replace("Festival chair Rosa Demirel called the decision painful,",
                              "Festival chair Rosa Demirel said: \"The decision has been painful.\"")
    assert "The decision has been painful" in rewrite
    cleaned = clean_text(STORY + rewrite).cleaned
    assert "The decision has been painful" not in cleaned


_SECTIONED = (
    "Harbour Lights Festival Cancelled\n\n"
    "The Harbour Lights festival in Pellmouth has been cancelled for the first time in its history after "
    "storms damaged the quayside stage.\n\n"
    "Organisers said repairs to the timber deck could not be finished before the opening night.\n\n"
    "What happens to tickets\n\n"
    "Ticket holders will receive full refunds within 14 days. The box office on Quay Street will stay "
    "open until the end of the month for anyone who paid in cash.\n\n"
    "The town council said it would help the organisers find a new site for next year.\n"
)


def test_a_subheading_stays_once_when_a_cut_copy_and_the_whole_story_both_carry_it():
    # The first copy stops part-way through the paragraph under the subheading; the story
    # follows whole. The cut copy goes with its subheading, and the whole story's subheading,
    # which heads text that stays, is no copy's title.
    paragraphs = _SECTIONED.split("\n\n")
    cut = paragraphs[4][: len(paragraphs[4]) * 3 // 4].rsplit(" ", 1)[0]
    text = "\n\n".join(paragraphs[:4] + [cut]) + "\n\n" + _SECTIONED
    cleaned = clean_text(text).cleaned
    assert cleaned.count("What happens to tickets") == 1
    assert cleaned.count("Ticket holders will receive full refunds") == 1


def test_a_line_above_a_paragraph_repeated_at_the_end_is_the_storys_own():
    # The scraper appended the second paragraph again, under the story's own last line (a
    # caption's title): the repeat goes, the line stays.
    caption = "Pellmouth quay after the storms"
    text = _SECTIONED + "\n" + caption + "\n\n" + _SECTIONED.split("\n\n")[2] + "\n"
    cleaned = clean_text(text).cleaned
    assert caption in cleaned
    assert cleaned.count("Organisers said repairs to the timber deck") == 1


@pytest.mark.parametrize("copy", ["run together", "one per line", "word for word"])
def test_the_storys_last_line_with_an_agency_sign_off_is_no_title_of_the_copy_after_it(copy):
    # "…to comment. - Wire" has no final stop, so it reads as a heading over the copy that
    # follows; it holds a whole sentence, and stays once whatever the copy.
    last = "The festival's insurers were not immediately available to comment. - Wire"
    story = _SECTIONED.rstrip("\n") + "\n\n" + last
    paragraphs = story.split("\n\n")[1:]
    joiner = {"run together": " ", "one per line": "\n", "word for word": "\n\n"}[copy]
    text = story + "\n\n" + joiner.join(paragraphs) + "\n"
    cleaned = clean_text(text).cleaned
    assert cleaned.count(last) >= 1
    assert cleaned.count("Organisers said repairs to the timber deck") == 1
