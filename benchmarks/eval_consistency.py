"""How often the consistency rules cry wolf, and how much they catch.

Run with ``python -m benchmarks.eval_consistency [--seed N] [--rounds N]``. Two measures:

1. **False alarms.** Every clean article in ``fixtures/clean/`` (and ``fixtures/clean-generated/``
   when present) is checked; the report gives the share of sentences covered by a finding at
   warning or above (the target is zero) and the findings per rule at every severity.
2. **Recall.** Defects are injected into copies of those articles with a seeded RNG, one per
   copy, and the report gives the share found by the rule family meant to find them:

   - ``tail-after-preposition``, ``tail-after-article``: a sentence cut right after a
     preposition or an article, with a full stop added (``…according to the.``);
   - ``verbless-fragment``: a sentence cut just before its first verb (``The new budget.``);
   - ``unfinished-ending``: the last paragraph cut mid-sentence, with nothing after it;
   - ``unfinished-paragraph``: a paragraph inside the article cut mid-sentence, the rest of the
     article after it (a missing full stop alone is no evidence there, so a cut that leaves a
     complete-looking clause, ``Total assets rose``, is not found);
   - ``conflict-number``, ``conflict-name``, ``conflict-weekday``, ``conflict-negation``: a
     paragraph repeated further down with one number, name, weekday or negation changed.

A defect counts as found when a finding of the right family overlaps the injected passage.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from dedup import check_text
from dedup.models import Severity, Span
from dedup.prose import STRICT_PREPOSITIONS, is_prose_block, verb_positions
from dedup.segment import Document, Kind, segment

ROOT = Path(__file__).resolve().parents[1]
CLEAN_FOLDERS = (ROOT / "fixtures" / "clean", ROOT / "fixtures" / "clean-generated")
_WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NEW_NAMES = ("Okonkwo", "Lindqvist", "Moreau", "Haddad", "Brandt", "Kowalski", "Ferreira", "Quintero")
_MONTH_NEAR = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")  # a day, not an amount
_AUXILIARY = re.compile(r"\b(will|would|can|could|should|is|was|are|were|has|have|had)\b(?= [a-z])")


@dataclass(frozen=True)
class Injected:
    text: str
    span: Span  # the injected passage in ``text``
    family: str  # the rule id prefix that should find it


def clean_articles() -> list[tuple[str, str]]:
    found = []
    for folder in CLEAN_FOLDERS:
        for path in sorted(folder.glob("*.txt")):
            found.append((path.name, path.read_bytes().decode("utf-8-sig")))
    return found


# --- false alarms -------------------------------------------------------------------------------------


def false_alarms(articles: list[tuple[str, str]]) -> tuple[int, int, Counter, list[str]]:
    """(sentences, sentences under a warning, findings per rule, the warnings themselves)."""
    sentences = flagged = 0
    per_rule: Counter = Counter()
    loud = []
    for name, text in articles:
        doc = segment(text)
        findings = check_text(text).findings
        per_rule.update(f.rule for f in findings)
        warnings = [f for f in findings if f.severity >= Severity.WARNING]
        loud.extend(f"{name}: {f.rule}: {text[f.span.start:f.span.end][:70]!r}" for f in warnings)
        sentences += len(doc.sentences)
        flagged += sum(any(f.span.overlaps(s.span) or f.span == s.span for f in warnings) for s in doc.sentences)
    return sentences, flagged, per_rule, loud


# --- injections ---------------------------------------------------------------------------------------


def _prose_sentences(doc: Document, min_words: int = 8):
    """Whole sentences of prose without quotations: not pieces the splitter cut at an
    abbreviation (``…at 9 a.m. | on Friday``), which start or are followed by lower case."""
    found = []
    for b in doc.blocks:
        if not is_prose_block(b):
            continue
        for s, after in zip(b.sentences, b.sentences[1:] + (None,)):
            pieces = (s.text, after.text if after else "X")
            if any(not p.lstrip("\"'\u201c\u2018(")[:1].isupper() for p in pieces):
                continue
            if len(s.text.split()) >= min_words and not any(q in s.text for q in "\"\u201c\u201d"):
                found.append(s)
    return found


def _replace(text: str, span: Span, new: str, family: str) -> Injected:
    return Injected(text[: span.start] + new + text[span.end :], Span(span.start, span.start + len(new)), family)


def _cut_after(words: set[str]) -> Callable[[str, random.Random], Injected | None]:
    def inject(text: str, rng: random.Random) -> Injected | None:
        doc = segment(text)
        options = []
        for s in _prose_sentences(doc):
            found = list(_WORD.finditer(s.text))
            for i, m in enumerate(found[2:-3], start=2):
                if m.group() in words:
                    options.append((s, m.end()))
        if not options:
            return None
        s, end = rng.choice(options)
        return _replace(text, s.span, s.text[:end] + ".", "truncation")

    return inject


def verbless_fragment(text: str, rng: random.Random) -> Injected | None:
    doc = segment(text)
    options = []
    for s in _prose_sentences(doc):
        found = list(_WORD.finditer(s.text))
        lower = tuple(m.group().lower().replace("\u2019", "'") for m in found)
        verbs = verb_positions(lower)
        if verbs and verbs[0] >= 4:
            options.append((s, found[verbs[0] - 1].end()))
    if not options:
        return None
    s, end = rng.choice(options)
    return _replace(text, s.span, s.text[:end].rstrip(",;: ") + ".", "truncation")


def unfinished_ending(text: str, rng: random.Random) -> Injected | None:
    doc = segment(text)
    paragraphs = [b for b in doc.blocks if b.kind is Kind.PARAGRAPH and b.sentences]
    if not paragraphs:
        return None
    last = paragraphs[-1].sentences[-1]
    words = list(_WORD.finditer(last.text))
    if len(words) < 6:
        return None
    cut = words[rng.randint(len(words) * 2 // 5, len(words) * 7 // 10)].end()
    kept = text[: last.span.start] + last.text[:cut]
    return Injected(kept, Span(last.span.start, len(kept)), "truncation")


def unfinished_paragraph(text: str, rng: random.Random) -> Injected | None:
    doc = segment(text)
    last_index = len(doc.blocks) - 1
    paragraphs = [b for b in doc.blocks if b.kind is Kind.PARAGRAPH and b.sentences and 1 < b.index < last_index]
    if not paragraphs:
        return None
    block = rng.choice(paragraphs)
    last = block.sentences[-1]
    words = list(_WORD.finditer(last.text))
    if len(words) < 6:
        return None
    cut = words[rng.randint(len(words) * 2 // 5, len(words) * 7 // 10)].end()
    kept = text[: last.span.start] + last.text[:cut]
    return Injected(kept + text[block.span.end :], Span(last.span.start, len(kept)), "truncation")


def _repeat_changed(change: Callable[[str, random.Random], str | None], family: str):
    """Repeat a long paragraph further down, with ``change`` applied to the copy."""

    def inject(text: str, rng: random.Random) -> Injected | None:
        doc = segment(text)
        paragraphs = [b for b in doc.blocks if b.kind is Kind.PARAGRAPH and len(b.text.split()) >= 25]
        rng.shuffle(paragraphs)
        for block in paragraphs:
            copy = change(doc.text[block.span.start : block.span.end], rng)
            if copy is None:
                continue
            later = [b for b in doc.blocks if b.index > block.index + 1] or [doc.blocks[-1]]
            at = rng.choice(later).span.end
            newline = "\r\n" if "\r\n" in text else "\n"
            insert = newline * 2 + copy
            return Injected(text[:at] + insert + text[at:], Span(at + len(insert) - len(copy), at + len(insert)), family)
        return None

    return inject


def _change_number(paragraph: str, rng: random.Random) -> str | None:
    numbers = [m for m in re.finditer(r"(?<![\d.,:])\d{1,4}(?![\d.,:%])", paragraph)
               if not 1900 <= int(m.group()) <= 2100 and not _MONTH_NEAR.search(paragraph, max(0, m.start() - 12), m.end() + 12)]
    if not numbers:
        return None
    m = rng.choice(numbers)
    return paragraph[: m.start()] + str(int(m.group()) + rng.randint(2, 9)) + paragraph[m.end() :]


def _change_name(paragraph: str, rng: random.Random) -> str | None:
    names = [m for m in re.finditer(r"(?<=[a-z,] )[A-Z][a-z]{2,}(?= [A-Z][a-z]+)", paragraph) if m.group() not in _WEEKDAYS]
    if not names:
        return None
    m = rng.choice(names)
    replacement = rng.choice([n for n in _NEW_NAMES if n not in paragraph])
    return paragraph[: m.start()] + replacement + paragraph[m.end() :]


def _change_weekday(paragraph: str, rng: random.Random) -> str | None:
    days = [m for m in re.finditer(r"\b(?:" + "|".join(_WEEKDAYS) + r")\b", paragraph)]
    if not days:
        return None
    m = rng.choice(days)
    return paragraph[: m.start()] + rng.choice([d for d in _WEEKDAYS if d != m.group()]) + paragraph[m.end() :]


def _change_negation(paragraph: str, rng: random.Random) -> str | None:
    found = list(_AUXILIARY.finditer(paragraph))
    if not found:
        return None
    m = rng.choice(found)
    return paragraph[: m.end()] + " not" + paragraph[m.end() :]


INJECTIONS: dict[str, Callable[[str, random.Random], Injected | None]] = {
    "tail-after-preposition": _cut_after(STRICT_PREPOSITIONS - {"to", "for", "with"}),
    "tail-after-article": _cut_after({"the", "a", "an"}),
    "verbless-fragment": verbless_fragment,
    "unfinished-ending": unfinished_ending,
    "unfinished-paragraph": unfinished_paragraph,
    "conflict-number": _repeat_changed(_change_number, "conflict.number"),
    "conflict-name": _repeat_changed(_change_name, "conflict.name"),
    "conflict-weekday": _repeat_changed(_change_weekday, "conflict.date"),
    "conflict-negation": _repeat_changed(_change_negation, "conflict.negation"),
}


def found(injected: Injected) -> bool:
    for f in check_text(injected.text).findings:
        if f.rule.startswith(injected.family) and f.severity >= Severity.WARNING:
            if any(s.overlaps(injected.span) for s in (f.span, *f.related)):
                return True
    return False


def recall(articles: list[tuple[str, str]], seed: int, rounds: int) -> dict[str, tuple[int, int]]:
    results = {}
    for kind, inject in INJECTIONS.items():
        hits = tries = 0
        for name, text in articles:
            for round_ in range(rounds):
                injected = inject(text, random.Random(f"{seed}:{kind}:{name}:{round_}"))
                if injected is not None:
                    tries += 1
                    hits += found(injected)
        results[kind] = (hits, tries)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3, help="injections of each kind per article")
    parser.add_argument("--show", action="store_true", help="list the warnings on clean articles")
    args = parser.parse_args(argv)

    articles = clean_articles()
    sentences, flagged, per_rule, loud = false_alarms(articles)
    print(f"clean articles: {len(articles)}, sentences: {sentences}")
    print(f"sentences under a warning or error: {flagged} ({flagged / max(sentences, 1):.2%})")
    print("findings per rule on clean articles (all severities):")
    for rule, count in sorted(per_rule.items()):
        print(f"  {rule:32} {count}")
    if not per_rule:
        print("  (none)")
    if args.show:
        print("\n".join("  " + line for line in loud))
    print(f"\nrecall on injected defects (seed {args.seed}, {args.rounds} per article and kind):")
    for kind, (hits, tries) in recall(articles, args.seed, args.rounds).items():
        print(f"  {kind:24} {hits:4}/{tries:<4} {hits / max(tries, 1):.0%}")


if __name__ == "__main__":
    main()
