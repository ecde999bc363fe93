"""The truncation, conflict and structure rules on whole articles, and severity control in the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedup import check_text, clean_text
from dedup.clean import apply_edits
from dedup.cli import main
from dedup.config import Settings
from dedup.models import Severity
from dedup.rules import ALL_RULES
from dedup.rules import examples_consistency as ex
from dedup.rules import structure

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
EXAMPLE = Path(__file__).parents[1] / ".." / "shared" / "examples" / "scraped-article.txt"
CLEAN = sorted((FIXTURES / "clean").glob("*.txt")) + sorted((FIXTURES / "clean-generated").glob("*.txt"))
CONSISTENCY = ("truncation", "conflict", "structure")


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


def findings(text: str, prefix: str = "") -> list:
    return [f for f in check_text(text).findings if f.rule.startswith(prefix)]


def flagged_text(text: str, rule: str) -> list[str]:
    return [text[f.span.start : f.span.end] for f in findings(text, rule)]


# --- clean articles stay quiet ----------------------------------------------------------------------


def test_there_are_clean_articles():
    assert len(CLEAN) >= 30


@pytest.mark.parametrize("path", CLEAN, ids=[p.name for p in CLEAN])
def test_clean_article_has_no_warning(path):
    loud = [f for f in findings(read(path)) if f.severity >= Severity.WARNING]
    assert not loud, f"{path.name}: {[(f.rule, f.message) for f in loud]}"


# --- the shared example -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> str:
    if not EXAMPLE.exists():
        pytest.skip(f"the shared example is not present at {EXAMPLE}")
    return read(EXAMPLE)


def test_example_reports_the_truncated_sentence(example):
    cut = [t for f in findings(example, "truncation") for t in [example[f.span.start : f.span.end]]]
    assert "As Defence Minister Khawaja Asif previously." in cut


def test_example_reports_two_titles(example):
    titles = [f for f in findings(example, "structure.multiple-titles")]
    assert len(titles) == 1
    lines = example.splitlines()
    assert example[titles[0].span.start : titles[0].span.end] == lines[2].strip()
    assert example[titles[0].related[0].start : titles[0].related[0].end] == lines[0].strip()


def test_example_reports_the_summary_as_information_only(example):
    summary = findings(example, "structure.restatement")
    assert summary and all(f.severity is Severity.INFO for f in summary)
    assert "Summary:" in example[summary[0].span.start : summary[0].span.end]


# --- defect fixtures ------------------------------------------------------------------------------------


def defect(name: str) -> str:
    return read(next((FIXTURES / "defects").glob(f"{name}*.txt")))


def test_mid_text_truncations():
    text = defect("09")
    assert any(t.endswith("said the revised budget would.") for t in flagged_text(text, "truncation.dangling-end"))
    ends = flagged_text(text, "truncation.no-terminal")
    assert any(t.endswith("according to the") for t in ends) and any(t.endswith("then") for t in ends)
    assert findings(text, "truncation.unclosed-quote")


def test_a_paragraph_inside_the_article_needs_evidence_of_its_cut():
    head = ("Ferry service cut for winter\n\nThe Callan ferry will not sail this winter, its owner said on "
            "Friday, leaving about 900 islanders with a cargo boat and a costly air service.\n\n")
    tail = "\n\nThe council will meet on Friday to discuss an emergency subsidy for the crossing.\n"
    complete = ("The company said the crossing would close from the first week of December until the end of "
                "February because it could not find enough qualified crew for the winter timetable")
    assert not flagged_text(head + complete + tail, "truncation.no-terminal")  # a forgotten full stop
    cuts = (complete + " and the", complete + ",", complete.replace("said the", 'said, "The'), complete + " in",
            complete + " also", complete.replace("for the winter timetable", "for the island's"),
            complete + " and a long",  # the noun after an adjective is missing
            "Because of the lack of crew for the whole of the winter, about nine hundred islanders on "
            "the far side of Callan",  # a sentence with no verb yet
            '"We cannot find enough qualified crew for the winter timetable, and we have tried every agency on the '
            'coast," said')  # who said it is missing
    for cut in cuts:
        assert flagged_text(head + cut + tail, "truncation.no-terminal"), cut
    # The same clause, continued by a later copy: the earlier one was cut.
    later = "\n\nFerry service halted\n\n" + complete + " and the price of fuel had risen by a third since spring.\n"
    assert flagged_text(head + complete + tail + later, "truncation.no-terminal")


def test_a_paragraph_stopping_on_a_verb_without_its_stop_is_cut_where_every_other_has_one():
    paragraphs = [
        "The Callan ferry will not sail this winter, its owner said on Friday, leaving about 900 islanders "
        "with a cargo boat.",
        "The company said it could not find enough qualified crew for the winter timetable this year.",
        "{}",
        "Islanders said the cargo boat carried no more than twelve passengers and sailed twice a week.",
        "The council will meet on Friday to discuss an emergency subsidy for the crossing.",
    ]
    text = "Ferry service cut for winter\n\n" + "\n\n".join(paragraphs) + "\n"
    cut = "A spokesman for the owner said the board had decided on Tuesday to sell"
    assert flagged_text(text.format("The owner blamed the cost of fuel. " + cut), "truncation.no-terminal") == [cut]
    # a clause that ends on a noun may only lack its stop; so may a paragraph among others without one
    assert not flagged_text(text.format("The owner blamed the cost of fuel. A spokesman said the board had decided "
                                        "on Tuesday to sell the boat"), "truncation.no-terminal")
    loose = text.replace("twice a week.", "twice a week")
    assert not flagged_text(loose.format("The owner blamed the cost of fuel. " + cut), "truncation.no-terminal")


def test_article_that_ends_mid_sentence():
    text = defect("10")
    [end] = findings(text, "truncation.no-terminal")
    assert text[end.span.start : end.span.end] == "The best viewing will be between midnight and"
    assert end.details["article_end"] is True


@pytest.mark.parametrize("name,rule,kept,removed", [
    ("11", "conflict.number", "42", "24"),
    ("12", "conflict.name", "Tom Reyes", "Dan Reyes"),
    ("13", "conflict.date", "Tuesday", "Thursday"),
    ("14", "conflict.negation", "will reopen", "will not reopen"),
])
def test_conflicts_name_both_values(name, rule, kept, removed):
    text = defect(name)
    [conflict] = findings(text, rule)
    assert kept in conflict.details["kept"][0] and removed in conflict.details["removed"][0]
    assert f"kept copy says {kept}" in conflict.message.replace("\u201c", "").replace("\u201d", "")
    assert conflict.related and not conflict.span.overlaps(conflict.related[0])
    assert not [f for f in findings(text, "conflict") if f.rule != rule]


def test_a_rewrite_in_other_words_is_compared_value_by_value():
    """defects/24 re-tells its paragraphs in other words: the one percentage and the one fine
    of a sentence pair differ, though the words around them do not line up."""
    text = defect("24")
    told = sorted((c.details["kept"], c.details["removed"]) for c in findings(text, "conflict.number"))
    assert told == [(["$250"], ["$200"]), (["38 per cent"], ["36 percent"])]
    assert not [f for f in findings(text, "conflict") if f.rule != "conflict.number"]


def _tokens(text: str):
    from dedup.entities import tokens
    from dedup.models import Span
    from dedup.segment import segment

    return tokens(segment(text), Span(0, len(text)))


@pytest.mark.parametrize("kept,removed,told", [
    ("Reservoirs were at 38 per cent of capacity.", "Reservoirs were just 36 percent full.",
     [("number", ("38 per cent",), ("36 percent",))]),
    ("Fines start at $250 for a first offence.", "A first offence costs at least $200.",
     [("number", ("$250",), ("$200",))]),
    # the same share told two ways is no conflict
    ("Reservoirs were at 38 per cent of capacity.", "Reservoirs were 38% full.", []),
    # two shares on one side: which one the other re-tells is unknown
    ("Turnout rose from 38 per cent to 41 per cent.", "Turnout reached 36 percent.", []),
    # another slot differs too: the two sentences tell different things, as before
    ("On Monday 38 per cent voted.", "On Friday 36 percent voted.", [("date", ("Monday",), ("Friday",))]),
])
def test_a_lone_share_or_amount_is_compared_when_no_slot_lines_up(kept, removed, told):
    from dedup.slots import slot_values

    assert list(slot_values(_tokens(kept), _tokens(removed))) == told


@pytest.mark.parametrize("kept,removed,told", [
    # one figure spelt two ways is no conflict
    ("It owes 108 billion dlrs abroad, its minister said.", "It owes 108-billion-dlr abroad, its minister said.", []),
    ("It owes 108 billion dlrs abroad, its minister said.", "It owes 109-billion-dlr abroad, its minister said.",
     [("number", ("108 billion",), ("109",))]),
    # a month or a weekday cut short is the same day
    ("The list was to take effect Oct. 1, officials said.", "The list was due to take effect October 1, "
     "officials said.", []),
    ("The vote was held on Tues. in the city.", "The vote was held on Tuesday in the city.", []),
    ("The vote was held on Tues. in the city.", "The vote was held on Thursday in the city.",
     [("date", ("Tues",), ("Thursday",))]),
    ("Turnout rose to 41.5 pct, officials said.", "Turnout rose to 42.5 pct, officials said.",
     [("number", ("41.5",), ("42.5",))]),
])
def test_figures_are_compared_by_value_not_by_spelling(kept, removed, told):
    from dedup.rules.conflicts import diff_values

    assert [found[:3] for found in diff_values(_tokens(kept), _tokens(removed))] == told


@pytest.mark.parametrize("kept,removed,told", [
    ("The list takes effect Oct. 1, the agency said.", "The agency said the list takes effect on October 1.", []),
    ("Talks resume on Tues. in Geneva.", "Talks will resume in Geneva on Tuesday.", []),
    ("The list takes effect Oct. 1, the agency said.", "The agency said the list takes effect on November 1.",
     [("date", ("Oct",), ("November",))]),
])
def test_a_month_or_weekday_cut_short_fills_the_same_slot(kept, removed, told):
    from dedup.slots import slot_values

    assert list(slot_values(_tokens(kept), _tokens(removed))) == told


@pytest.mark.parametrize("kept,removed,flagged", [
    ("Ferriday", "Ferraday", True),
    ("Ferriday", "Ferridays", False),  # a plural or possessive of the same name
    ("Ferriday", "Ferriday's", False),
])
def test_a_name_spelt_two_ways_is_a_conflict(kept, removed, flagged):
    paragraph = ("The winner, said coach {}, had trained on the hill course for six weeks before "
                 "the race and finished in one hour and four minutes.")
    text = "\n\n".join([paragraph.format(kept), "Organisers thanked the volunteers.", paragraph.format(removed)])
    told = [(c.details["kept"], c.details["removed"]) for c in findings(text, "conflict.name")]
    assert told == ([([kept], [removed])] if flagged else [])


def test_boilerplate_lines_are_removed_one_by_one():
    text = defect("16")
    lines = [text[f.span.start : f.span.end] for f in findings(text, "structure.boilerplate")]
    assert lines == ["Share this article", "Read more: Councillors push for repair caf\u00e9s in every ward",
                     "Subscribe to our newsletter", "Follow us on Twitter @WestlandLedger for the latest news",
                     "Advertisement"]
    result = clean_text(text)
    assert all(line not in result.cleaned for line in lines)
    assert "\n\n\n" not in result.cleaned
    kept = [p for p in text.split("\n\n") if p.strip() not in lines]
    assert result.cleaned == "\n\n".join(kept)


def test_a_wrapped_line_that_opens_like_a_link_is_prose_when_its_sentence_runs_on():
    # Wire copy wrapped at 70 columns: the line starting "Read more:" ends on the first word of
    # the next sentence, which goes on below it. Removing the line would cut that sentence.
    text = ("The council published its review of the harbour wall on Monday,\n"
            "after two winters of storm damage along the front. Read more:\n"
            "Why is the harbour wall so hard to fix? The review was written\n"
            "after a survey of every section of the wall last spring.\n")
    assert not findings(text, "structure.boilerplate")
    assert clean_text(text).cleaned == text
    line = "Read more: Why is the harbour wall so hard to fix? The review was written"
    wrapped = text.replace("front. Read more:\nWhy is the harbour wall so hard to fix? The review was written",
                           "front.\n" + line)
    assert line in wrapped and clean_text(wrapped).cleaned == wrapped


def test_the_last_word_of_a_wrapped_sentence_is_no_share_button():
    text = ("Other risers were the harbour bank, up 2.5 per cent to 228p a share, and the\n"
            "ferry operator, up 2 per cent to 1,593p a share, its best day this year per\n"
            "share.\n\nShare\n\nThe index closed 0.4 per cent higher.\n")
    assert [text[f.span.start : f.span.end] for f in findings(text, "structure.boilerplate")] == ["Share"]
    assert "this year per\nshare." in clean_text(text).cleaned


def test_site_furniture_is_boilerplate_not_a_cut_sentence():
    text = defect("28")
    assert len(findings(text, "structure.boilerplate")) == 8
    assert not findings(text, "truncation")


def test_titles_summary_acronym_and_variant():
    assert flagged_text(defect("17"), "structure.multiple-titles") == ["Kestrel Valley Digs Out After Heaviest Snow in 60 Years"]
    assert findings(defect("17"), "structure.restatement")
    [acronym] = findings(defect("18"), "structure.acronym")
    assert "Development" in acronym.message and "Defence" in acronym.message
    [variant] = findings(defect("19"), "structure.entity-variant")
    assert variant.details["here"] == "Turkey" and variant.severity is Severity.INFO


@pytest.mark.parametrize("name", ["03", "04", "07", "08", "09", "10", "11", "12", "16", "17", "18"])
def test_traps_raise_no_conflict_or_truncation(name):
    text = read(next((FIXTURES / "traps").glob(f"{name}*.txt")))
    loud = [f.rule for f in findings(text) if f.rule.startswith(CONSISTENCY) and f.severity >= Severity.WARNING]
    assert not loud


def test_templated_briefs_are_never_conflicts():
    for text in (ex._TEMPLATE_BRIEFS, ex._COURT_BRIEFS):
        assert not findings(text, "conflict")


# --- fixes ------------------------------------------------------------------------------------------------


def test_prefix_fix_copies_the_complete_sentence_from_the_input():
    text = ex.PREFIX_FLAGGED[2]
    [cut] = findings(text, "truncation.prefix")
    [edit] = cut.fix
    assert edit.replacement in text and edit.replacement.startswith(text[cut.span.start : cut.span.end].rstrip("."))
    result = clean_text(text)
    assert apply_edits(text, result.edits) == result.cleaned
    assert result.cleaned.count(edit.replacement) == 1
    assert text[cut.span.start : cut.span.end] + " " not in result.cleaned


def test_prefix_without_a_removed_counterpart_changes_nothing():
    text = ("The council said the new depot would open in. The work starts soon.\n\n"
            "The council said the new depot would open in the spring of next year, after a delay of six months.\n")
    [cut] = findings(text, "truncation.prefix")
    assert cut.fix == ()
    assert clean_text(text).cleaned == text


def test_rules_that_only_report_change_nothing():
    texts = [t for r in ALL_RULES if r.id.startswith(CONSISTENCY) and not r.fixes for t in r.flagged]
    for text in texts:
        only_reports = tuple(r.id for r in ALL_RULES if r.id.startswith(CONSISTENCY) and not r.fixes)
        assert clean_text(text, Settings(select=only_reports)).cleaned == text


# --- severity control in the CLI -------------------------------------------------------------------------


@pytest.fixture()
def cut_article(tmp_path: Path) -> Path:
    path = tmp_path / "cut.txt"
    path.write_text(ex.DANGLING_END_FLAGGED[0] + "\n" + ex.ENTITY_VARIANT_FLAGGED[1], encoding="utf-8")
    return path


def run(*args: str):
    result = CliRunner().invoke(main, ["check", "--format", "json", *args])
    report = json.loads(result.stdout)
    return result.exit_code, [(f["rule"], f["severity"]) for file in report["files"] for f in file["findings"]]


def test_default_fail_level_is_warning(cut_article):
    code, found = run(str(cut_article))
    assert code == 1
    assert ("truncation.dangling-end", "warning") in found and ("structure.entity-variant", "info") in found


def test_fail_level(cut_article):
    assert run("--fail-level", "error", str(cut_article))[0] == 0
    assert run("--fail-level", "info", "--select", "structure.entity-variant", str(cut_article))[0] == 1
    assert run("--fail-level", "warning", "--select", "structure.entity-variant", str(cut_article))[0] == 0


def test_select_and_ignore(cut_article):
    code, found = run("--select", "structure", str(cut_article))
    assert code == 0 and {rule for rule, _ in found} == {"structure.entity-variant"}
    code, found = run("--ignore", "truncation.dangling-end", str(cut_article))
    assert code == 0 and "truncation.dangling-end" not in {rule for rule, _ in found}
    code, found = run("--select", "truncation,structure", "--ignore", "structure", str(cut_article))
    assert code == 1 and {rule for rule, _ in found} == {"truncation.dangling-end"}


def test_severity_override(cut_article):
    code, found = run("--severity", "truncation=info", str(cut_article))
    assert code == 0 and ("truncation.dangling-end", "info") in found
    code, found = run("--severity", "structure.entity-variant=error", "--fail-level", "error", str(cut_article))
    assert code == 1 and ("structure.entity-variant", "error") in found
    # The longest matching pattern wins.
    code, found = run("--severity", "truncation=info", "--severity", "truncation.dangling-end=error", str(cut_article))
    assert ("truncation.dangling-end", "error") in found


def test_bad_severity_is_a_usage_error(cut_article):
    result = CliRunner().invoke(main, ["check", "--severity", "truncation=loud", str(cut_article)])
    assert result.exit_code == 2 and "loud" in result.output + result.stderr


def test_no_line_of_a_clean_fixture_looks_like_boilerplate():
    pattern = structure._boilerplate_pattern()
    lines = [line.strip() for path in CLEAN for line in read(path).splitlines() if line.strip()]
    assert len(lines) > 400
    assert [line for line in lines if pattern.match(line)] == []


def test_template_sentences_of_different_products_are_neither_copies_nor_conflicts():
    text = defect("35")
    assert not findings(text, "conflict") and not findings(text, "duplicate.sentence")
    assert not findings(text, "duplicate.second-version")  # the table is data, not a re-telling


@pytest.mark.parametrize("header,listed", [
    ("Related", True),
    ("More on this story", True),
    ("Read more \u2013 Council votes on the bypass", False),  # one link, not a list header
    ("Read more: Council votes on the bypass", False),
])
def test_headlines_under_a_related_line_are_boilerplate(header, listed):
    text = f"The bridge opens in May.\n\n{header}\nNew Library Opens in Harlow\n"
    lines = flagged_text(text, "structure.boilerplate")
    assert ("New Library Opens in Harlow" in lines) is listed


@pytest.mark.parametrize("line,boilerplate", [
    ("Media playback is unsupported on your device", True),
    ("Share this with", True),
    ("Image copyright Getty Images", True),
    ("Picture credit: Harlow Camera Club", True),
    ("Image copyright law changed in 2019, the minister said.", False),  # a sentence of the story
    ("Image caption The minister spoke on Monday", False),  # a caption tells the story too
])
def test_extractor_lines_around_media_are_boilerplate(line, boilerplate):
    text = f"The bridge opens in May.\n\n{line}\n\nThe council voted for it in March.\n"
    assert (line in flagged_text(text, "structure.boilerplate")) is boilerplate
