"""Shortcuts of the duplicate analysis give what the full computation gives."""

from __future__ import annotations

import random

from dedup.align import _near_score
from dedup.config import DEFAULT_SETTINGS
from dedup.models import Span
from dedup.passages import passage


def _passage(index: int, text: str):
    return passage(index, Span(0, len(text)), text, DEFAULT_SETTINGS)


def test_near_score_skips_only_pairs_that_cannot_reach_the_floor():
    rng = random.Random(4)
    words = "the council met on monday to agree a budget for new roads and schools".split()
    for _ in range(500):
        a = " ".join(rng.choices(words, k=rng.randint(1, 30))) + rng.choice(["", "."])
        b = " ".join(rng.choices(words, k=rng.randint(1, 30))) + rng.choice(["", "."])
        first, second = _passage(0, a), _passage(1, b)
        score = _near_score(first, second)
        for floor in (50.0, 90.0):
            floored = _near_score(first, second, floor)
            assert floored == score if score >= floor else floored in (score, 0.0)


def test_the_words_of_a_sentence_passage_are_its_tokens():
    # unique_sentences reads a sentence's content stems off its passage instead of tokenising again.
    from pathlib import Path

    from dedup.normalize import content_stems, stems_of
    from dedup.passages import sentence_passages
    from dedup.segment import segment

    root = Path(__file__).parent.parent / "fixtures"
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.txt"))]
    texts.append("İstanbul\u2019s mayor said: \u201cWe\u2019ll see.\u201d The 3.5% rise, up\u2014down.\n\nAnother one_two line.")
    assert len(texts) > 5
    for text in texts:
        doc = segment(text)
        passages = sentence_passages(doc, DEFAULT_SETTINGS)
        for s in doc.sentences:
            assert stems_of(passages[s.index].loose.split(" ")) == content_stems(s.text)


def test_the_headline_standing_again_further_down_goes_when_long_enough():
    from dedup import clean_text

    body = ("\n\nThe council will keep the Harbour Lights festival on the quay this summer, its leader said.\n\n"
            "Traders had asked for the move after storms damaged the stage in the spring.\n\n{again}"
            "The festival drew about 20,000 people over three days last year.\n")
    long_title = "Council keeps Harbour Lights festival on the quay after storm damage"
    text = long_title + body.format(again=long_title + "\n\n")
    assert clean_text(text).cleaned == long_title + body.format(again="")
    short_title = "Harbour Lights stays put"  # a short line may be said again on purpose
    text = short_title + body.format(again=short_title + "\n\n")
    assert clean_text(text).cleaned == text
