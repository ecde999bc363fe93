"""Boilerplate found in many articles: reported, and removed from each article as listed edits."""

from __future__ import annotations

import json

from click.testing import CliRunner

from dedup.batch.apply import boilerplate_spans
from dedup.batch.config import BatchConfig
from dedup.batch.features import key64, units
from dedup.normalize import fold
from dedup.clean import apply_edits
from dedup.cli import main
from dedup.models import Edit

from .test_batch_helpers import BOILERPLATE, article, write_files

FOOTER = "Follow us for more local news.\nShare this story with a friend today."


def corpus(folder, count=7, with_footer=6):
    texts = {}
    for i in range(count):
        text = article(500 + i)
        if i < with_footer:
            text = text.replace("\n\n", "\n\n" + BOILERPLATE + "\n\n", 1) + "\n" + FOOTER + "\n"
        texts[f"{i}.txt"] = text
    return write_files(folder, texts)


def test_clean_removes_boilerplate_from_every_article_as_edits(tmp_path):
    paths = corpus(tmp_path / "in")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["clean", str(tmp_path / "in"), "-o", str(out), "--format", "json",
                                       "--boilerplate-min", "5", "-j", "1"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    texts = {b["text"] for b in report["batch"]["boilerplate"]}
    # the two-line footer is found as a paragraph and as two lines
    assert texts == {BOILERPLATE, " ".join(FOOTER.split()), *FOOTER.splitlines()}
    assert all(b["articles"] == 6 for b in report["batch"]["boilerplate"])
    for name, path in paths.items():
        original = path.read_text(encoding="utf-8")
        cleaned = (out / name).read_text(encoding="utf-8")
        entry = next(f for f in report["files"] if f["path"] == str(path))
        edits = [Edit(e["rule"], _span(e), e["replacement"]) for e in entry["edits"]]
        assert apply_edits(original, edits) == cleaned  # the listed edits replay the output
        assert BOILERPLATE not in cleaned and "Follow us" not in cleaned
        if BOILERPLATE in original:
            assert any(e.rule == "corpus.boilerplate" for e in edits)
            assert "\n\n\n" not in cleaned and cleaned.endswith("\n")


def _span(e):
    from dedup.models import Span

    return Span(e["start"], e["end"])


def test_a_passage_in_too_few_articles_is_not_boilerplate(tmp_path):
    corpus(tmp_path, count=7, with_footer=4)
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json", "-j", "1"])
    assert json.loads(result.output)["batch"]["boilerplate"] == []


def test_copies_of_one_story_count_once(tmp_path):
    text = article(77) + "\n" + BOILERPLATE + "\n"
    write_files(tmp_path, {f"copy{i}.txt": text for i in range(6)} | {f"z{i}.txt": article(600 + i) for i in range(3)})
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json", "-j", "1"])
    batch = json.loads(result.output)["batch"]
    assert batch["duplicates"]["articles_dropped"] == 5
    assert batch["boilerplate"] == []  # six copies of one story are one story


def test_deletion_spans_keep_the_text_well_formed():
    keys = {key64(fold(BOILERPLATE)): 9}
    config = BatchConfig()
    for text, expected in [
        (f"{BOILERPLATE}\n\nBody stays here.\n", "Body stays here.\n"),
        (f"Body stays here.\n\n{BOILERPLATE}\n", "Body stays here.\n"),
        (f"Body stays here.\n\n{BOILERPLATE}\n\nMore body.\n", "Body stays here.\n\nMore body.\n"),
        (f"Body line one.\n{BOILERPLATE}\nBody line two.\n", "Body line one.\nBody line two.\n"),
        (f"Body stays here.\n{BOILERPLATE}", "Body stays here."),
    ]:
        spans = boilerplate_spans(text, keys, config)
        assert len(spans) == 1
        assert apply_edits(text, [Edit("corpus.boilerplate", spans[0][1])]) == expected


def test_units_cover_lines_and_paragraphs():
    found = units("One line here.\nTwo line here.\n\nSolo paragraph.\n")
    assert [(u.kind, u.line, u.words) for u in found] == [
        (0, 1, ("one", "line", "here")), (0, 2, ("two", "line", "here")),
        (1, 1, ("one", "line", "here", "two", "line", "here")), (1, 4, ("solo", "paragraph")),
    ]
