"""Being cut short needs evidence in the text itself, not only a missing full stop: what the
truncation rules and the choice of the copy that goes (the earlier copy goes only when cut) read."""

from __future__ import annotations

import pytest

from dedup import check_text, clean_text
from dedup.prose import cut_short


@pytest.mark.parametrize("text, following", [
    ("The board said it would buy two cranes from the Kessler yard. MORE", ""),  # a wire brief's end
    ("The board said it would buy two cranes, its officials said.\n Reuter", ""),
    ("Tea 2.50 | Coffee 3.00 | Scone with jam 2.80", ""),  # a table row
    ("12 May Leeds Arena, 14 May York Barbican, 16 May Hull City Hall", ""),  # tour dates
    ("Ada Moss (Leeds), Ben Ito (York), Cy Law (Hull), Dee Park (Bath), Eli Tran (York)", ""),  # a team sheet
    ("\u201c\u2026 a crew that will row better in August than in May\u201d", ""),  # a quotation closed by its writer
    ("The minister will visit Washington for the", "\nInternational Monetary Fund meetings, he added."),  # a hard wrap
])
def test_no_evidence_of_a_cut(text, following):
    assert not cut_short(text, following)


@pytest.mark.parametrize("text, following", [
    ("The council said the new depot would face", ""),
    ("The council said the new depot would face", "\n\nThe vote is next week."),
    ("Prices rose again. The council said the new depot would cost more than", ""),
])
def test_evidence_of_a_cut(text, following):
    assert cut_short(text, following)


_PARAGRAPH = ("The harbour board said on Monday that it would buy two container cranes from the Kessler yard in "
              "Rotterdam for 4.2 million pounds, the largest purchase in its history, and would pay for them over ten years.")


def test_a_brief_ending_in_more_is_not_the_cut_copy():
    text = ("Harbour board buys cranes\n\n"
            "The Portmore harbour board has agreed the biggest spending plan in its 140-year history.\n\n"
            + _PARAGRAPH + " MORE\n\n"
            "Dock workers welcomed the news, which follows two years of falling trade at the port.\n\n"
            + _PARAGRAPH + " The first crane will arrive in May and the second in September.\n")
    result = clean_text(text)
    assert _PARAGRAPH + " MORE" in result.cleaned  # the original stays; the later copy is the one that goes
    assert result.cleaned.count(_PARAGRAPH) == 1


_ORIGINAL = [
    "Two coaches carrying tourists were destroyed by fire in the car park of the Harbour Hotel in Portmore early "
    "on Saturday.",
    "The alarm went off at the hotel on Quay Street at about 04:20 on Saturday and guests were asked to leave the "
    "building. As they gathered outside they saw the two coaches, parked side by side, engulfed by flames. One of "
    "the tour groups is from Norway, the other from Japan.",
    "It was their first night in Portmore. The driver of one of the coaches said many of the passengers had left "
    "their belongings on board and these had been destroyed.",
    'Inspector Dara Quinn said: "It appears the fire started under one of the coaches before spreading to the '
    'second. We believe it was started deliberately."An alarm sounded at the',
]
_REWRITE = [
    "An alarm sounded at the Harbour Hotel on Quay Street at roughly 04:20 on Saturday, prompting staff to "
    "evacuate the guests. Once they had assembled outside the building, they watched the two coaches, which had "
    "been parked next to each other in the car park, burning fiercely. The visitors on the two tours had "
    "travelled from Norway and from Japan respectively.",
    "It was the first night that either of the groups had spent in Portmore. One of the coach drivers said that "
    "numerous passengers had left their personal belongings aboard the vehicles, and that all of them had been "
    "lost in the blaze.",
    "Inspector Dara Quinn said that the fire appeared to have begun beneath one coach and then spread to the "
    "other, and that police believed it had been set deliberately.",
]


def test_a_rewrite_whose_opening_is_glued_onto_the_original_does_not_make_the_original_cut():
    text = "Coaches destroyed in hotel car park fire\n\n" + "\n\n".join(_ORIGINAL + _REWRITE) + "\n"
    cleaned = clean_text(text).cleaned
    assert all(paragraph[:60] in cleaned for paragraph in _ORIGINAL)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_hard_wrapped_line_that_runs_on_is_not_cut_whatever_the_line_ends(newline):
    lines = ["Party drafts plan to lift growth", "",
             "    These steps are urgent, partly because of the trade gap with the U.S., he said.",
             "    The new rules will be explained to the U.S. This week when",
             "Trade Minister Anna Kovacs visits Washington for the",
             "International Monetary Fund (IMF) meeting, he added.", ""]
    text = newline.join(lines)
    assert not [f for f in check_text(text).findings if f.rule.startswith("truncation")]


def test_a_lead_paragraph_on_several_lines_is_no_standfirst():
    # A standfirst is one line under the headline; a wrapped lead paragraph cut short is not one.
    text = ("Library to close for repairs\n\n"
            "The council said on Monday that it would close the library on Quay Street for six\n"
            "months from June while the roof is replaced, and move its books to the school in\n\n"
            "The work will cost about 1.2 million pounds, the council said.\n")
    assert [f for f in check_text(text).findings if f.rule == "truncation.no-terminal"]
    one_line = text.replace("six\nmonths", "six months").replace("school in\n\n", "school\n\n")
    assert not [f for f in check_text(one_line).findings if f.rule == "truncation.no-terminal"]



_TITLE = "Library hours cut at Penhallow"
_PARAGRAPHS = [
    "Penhallow library will close on Wednesdays from next month, the county council said, to save"
    " about £18,000 a year.",
    "Opening hours on the other days stay as they are. The council said the saving would go towards"
    " the mobile library that serves outlying villages.",
    "Ruth Amari, who chairs the Friends of Penhallow Library, said the closure would hit pupils who"
    " study there after school. Campaigners plan a petition.",
]


@pytest.mark.parametrize("cut_alone", [True, False], ids=["cut-line-alone", "cut-ending-a-paragraph"])
def test_a_copy_cut_short_then_told_whole_loses_its_cut_sentence_and_nothing_else(cut_alone):
    # The first copy stops part-way through the last paragraph's first sentence: on a line of
    # its own (read as a heading), or run on at the end of the paragraph above. The story
    # follows whole; its last, short sentence ("Campaigners plan a petition.") is told nowhere
    # in the cut copy and stays.
    cut = "Ruth Amari, who chairs the Friends of"
    first = [_TITLE, *_PARAGRAPHS[:2], cut] if cut_alone else [_TITLE, _PARAGRAPHS[0], _PARAGRAPHS[1] + " " + cut]
    text = "\n\n".join(first + [_TITLE, *_PARAGRAPHS]) + "\n"
    assert any(f.rule == "truncation.prefix" for f in check_text(text).findings)
    cleaned = clean_text(text).cleaned
    assert cleaned.count(cut) == 1  # only inside the whole sentence
    assert cleaned.count(_TITLE) == 1
    for sentence in " ".join(_PARAGRAPHS).split(". "):
        assert cleaned.count(sentence.rstrip(".")) == 1


@pytest.mark.parametrize("language", ["en", "id"])
def test_an_earlier_paragraph_that_stops_on_words_opening_the_later_one_is_the_copy_that_goes(language):
    # Two words after the last full stop are too few to show a cut by themselves; that the later
    # paragraph opens with every word of the earlier one and runs on is evidence enough, in any
    # language, and keeping the later loses nothing.
    opening, said, cut, rest = {
        "en": ("The new viewpoint at Carrick Head opened on Saturday after two years of work.",
               "Its sweep takes in the whole of the bay and the headland beyond, where the old signal station"
               " stands above the harbour wall. On a clear day the islands twenty miles out can be seen.",
               "Walkers reach", " it by the cliff path in about an hour."),
        "id": ("Pemerintah kota membuka taman baru di tepi sungai pada hari Sabtu setelah dua tahun pembangunan.",
               "Taman itu memiliki jalur sepeda sepanjang dua kilometer dan area bermain untuk anak-anak."
               " Wali kota Budi Santoso mengatakan taman itu dibangun dengan dana daerah selama dua tahun.",
               "Pengunjung dapat", " datang setiap hari tanpa membayar."),
    }[language]
    text = f"{opening}\n\n{said} {cut}\n\n{opening}\n\n{said} {cut}{rest}\n"
    cleaned = clean_text(text).cleaned
    assert cleaned.count(said) == 1 and cleaned.count(cut) == 1
    assert f"{said} {cut}{rest}" in cleaned


@pytest.mark.parametrize("stop", ["outlying vill", "outlying villages"], ids=["mid-word", "before-the-full-stop"])
def test_a_copy_cut_inside_a_word_or_before_its_full_stop_is_the_one_that_goes(stop):
    # The first copy stops inside a word, or right before its last full stop: no word shows
    # it, the later copy's words show it.
    cut_paragraph = _PARAGRAPHS[1][: _PARAGRAPHS[1].index("outlying")] + stop
    text = "\n\n".join([_TITLE, _PARAGRAPHS[0], cut_paragraph, _TITLE, *_PARAGRAPHS]) + "\n"
    cleaned = clean_text(text).cleaned
    assert cut_paragraph + "\n" not in cleaned
    assert cleaned.count(_PARAGRAPHS[1]) == 1 and cleaned.count(_PARAGRAPHS[0]) == 1
    assert cleaned.count(_TITLE) == 1


def test_a_title_glued_after_a_closing_quote_leaves_the_quote_with_the_story():
    from pathlib import Path

    path = Path(__file__).parents[1] / "fixtures" / "defects" / "45-glued-update-title-rewrite-ferry.txt"
    story, copy = path.read_text(encoding="utf-8").split("office.Update: An engine fault left the ferry between "
                                                        "Carrow Point and\n\n")
    quoted = '"Book the relief sailing through our office," the operator said. "We are sorry."'
    text = story.replace("Residents who need to travel with a vehicle are asked to book the relief sailing through "
                         "the operator's", quoted).rstrip(" ") + "An engine fault left the ferry between Carrow Point and\n\n" + copy
    assert quoted + "An engine fault" in text
    cleaned = clean_text(text).cleaned
    assert quoted in cleaned and "Tillby Island drifting" not in cleaned


def test_a_labelled_title_glued_after_a_quotation_run_on_from_the_paragraph_before_goes_alone():
    # The quotation opens in one paragraph and closes in the next, right before the copy's
    # labelled title: the story's sentence and its closing quote stay, the title goes.
    from pathlib import Path

    path = Path(__file__).parents[1] / "fixtures" / "defects" / "45-glued-update-title-rewrite-ferry.txt"
    story, copy = path.read_text(encoding="utf-8").split("Residents who need to travel with a vehicle are asked to "
                                                        "book the relief sailing through the operator's office.")
    spoken = 'Councillor Mairi Dunn said: "We depend on that boat for everything.\n\n' \
             'We are asking for a second vessel before the summer."'
    cleaned = clean_text(story + spoken + copy).cleaned
    assert cleaned.rstrip("\n").endswith(spoken)
    assert "Update:" not in cleaned and "Tillby Island drifting" not in cleaned


def test_a_long_line_read_as_a_heading_is_cut_when_it_ends_on_a_dangling_word_unless_it_runs_on():
    from dedup.models import Span
    from dedup.rules.truncation import _long_line_dangles, _runs_on
    from dedup.segment import Block, Kind, segment

    def line(text: str, after: str):
        doc = segment("Games Get Bigger\n\n" + text + after + "More follows here, and it ends.\n")
        start = len("Games Get Bigger\n\n")
        block = Block(Kind.HEADING, Span(start, start + len(text)), Span(start, start + len(text)), text, 1)
        words = text.split()
        return _long_line_dangles(block, words, tuple(w.lower() for w in words)), _runs_on(doc, block)

    cut = "The current crop of sports games offers players unparalleled opportunities for"
    assert line(cut, "\n\n") == (True, False)
    assert line(cut, "\n") == (True, True)  # hard-wrapped: the sentence goes on on the next line
    assert line("Ten Things The Council Wants You To Know About", "\n\n")[0] is False  # a title
    assert line("Where to go for", "\n\n")[0] is False  # too short to be more than a title


_LONG = (
    "Quay works delayed\n\n"
    "Work on the new quay wall at Pellmouth will not finish before the winter storms, the harbour board said.\n\n"
    "The wall was due to be finished in October, two years after the old one collapsed in a gale.\n\n"
    "About 40 boats use the east side of the harbour, most of them crabbers and small trawlers.\n\n"
    "The project has cost 4.2 million pounds so far, most of it from the county council.\n\n"
    "The board blamed a shortage of stone from the Carrow quarry. Its chairman, Ruth Amari, told members that "
    "the contractor had done all it could. \"We are at the mercy of the quarry and the weather,\" she said. "
    "Fishermen on the east side have been told to move their boats to the inner basin. Some have already "
    "moved, but others say the basin is too shallow at low tide. The board will meet them on Friday.\n\n"
    "The wall is the largest project at the harbour since the lifeboat station was rebuilt.\n"
)


@pytest.mark.parametrize("cut", ["mid-sentence, far short of the paragraph", "between two sentences"])
def test_a_first_copy_cut_inside_a_long_paragraph_leaves_the_whole_paragraph(cut):
    title, *before, long_paragraph, last = _LONG.rstrip("\n").split("\n\n")
    lead = before[0]
    sentences = long_paragraph.split(". ")
    if cut.startswith("mid"):  # too short beside the whole paragraph to be paired by likeness
        opening = sentences[0] + ". Its chairman, Ruth Amari, told members that"
    else:  # all but the last sentence
        opening = ". ".join(sentences[:-1]) + "."
    text = "\n\n".join([title, *before, opening]) + "\n\n" + _LONG
    cleaned = clean_text(text).cleaned
    for sentence in sentences:
        assert cleaned.count(sentence.rstrip(".")) == 1, sentence
    assert cleaned.count(lead) == 1 and cleaned.count(last) == 1


def test_a_cut_opening_far_shorter_than_the_whole_paragraph_is_the_copy_that_goes():
    from dedup.align import _cut_openings, _with_truncation_choice
    from dedup.config import DEFAULT_SETTINGS
    from dedup.models import Span
    from dedup.passages import Match, passage
    from dedup.segment import segment

    def para(index, text):
        return passage(index, Span(0, len(text)), text, DEFAULT_SETTINGS)

    whole = _LONG.rstrip("\n").split("\n\n")[-2]
    sentences = whole.split(". ")
    short = para(1, sentences[0] + ". Its chairman, Ruth Amari, told members that")  # cut mid-sentence
    doc = segment("Title\n\nOne.\n\nTwo.\n\nThree.\n")
    found = _cut_openings(doc, [short, para(2, "Another paragraph entirely, of other words."), para(3, whole)], [])
    assert [(m.earlier.index, m.later.index, m.removed) for m in found] == [(1, 3, "earlier")]
    # Told whole up to a full stop, with whole sentences more in the later copy: the later stays.
    most = para(1, ". ".join(sentences[:-1]) + ".")
    chosen = _with_truncation_choice(Match("near", "paragraph", most, para(3, whole), 0.9))
    assert chosen.removed == "earlier"
    # A complete paragraph that is not the start of the later one is no cut copy.
    assert _cut_openings(doc, [para(1, sentences[1] + " and more words here to count"), para(3, whole)], []) == []


def test_a_paragraph_whole_to_its_full_stop_is_a_cut_copy_only_when_a_copy_starts_right_after_it():
    from dedup.align import _cut_openings
    from dedup.config import DEFAULT_SETTINGS
    from dedup.passages import passage
    from dedup.segment import segment

    whole = _LONG.rstrip("\n").split("\n\n")[-2]
    most = ". ".join(whole.split(". ")[:-1]) + "."
    for copy_follows in (True, False):
        after = "Quay works delayed" if copy_follows else "Fishing boats wait for news."
        text = f"Quay works delayed\n\n{most}\n\n{after}\n\n{whole}\n"
        doc = segment(text)
        paragraphs = [passage(b.index, b.body, b.text, DEFAULT_SETTINGS) for b in doc.blocks if b.sentences]
        found = [(m.earlier.text, m.removed) for m in _cut_openings(doc, paragraphs, [])]
        assert found == ([(most, "earlier")] if copy_follows else [])
