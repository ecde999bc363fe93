"""Second versions: runs of paragraphs that re-tell an earlier run, and what goes with them.

A run of later paragraphs, each paired with an earlier counterpart (see
:func:`dedup.align.reworded_matches`), is one second version when enough of its pairs are
strong, its counterparts are distinct paragraphs, all of them come before the run, and
most of its sentences say what the text before it says.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import lexicon
from .config import Settings
from .entities import different_subject, facts, missing_names
from .models import Span
from .normalize import content_stems, fold
from .passages import Match, Passage, sentence_passages, supported_share
from .prose import cut_short, has_verb, unfinished_tail
from .similarity import near_ratio, weighted_coverage
from .segment import Document, Kind


@dataclass(frozen=True, slots=True)
class SecondVersion:
    """A run of paragraphs that re-tells an earlier run in other words."""

    removed_blocks: tuple[int, ...]  # paragraphs and headings that cleaning drops
    kept_blocks: tuple[int, ...]  # the counterpart paragraphs
    pairs: tuple[Match, ...]
    span: Span  # of the removed run
    related: Span  # of the kept run
    removed: str  # "later" or "earlier"
    in_order: bool = False  # found by its order alone (see :func:`ordered_retellings`)
    evidence: dict | None = None  # found by aligning sentences: what decided it (dedup.retellings)
    unsupported: tuple[int, ...] = ()  # its sentences that no earlier sentence re-tells (news)


# --- runs ----------------------------------------------------------------------------------------


def second_versions(
    doc: Document, paragraphs: list[Passage], reworded: list[Match], weights: dict[str, float], settings: Settings,
    look_alikes: frozenset[int] = frozenset(),
) -> list[SecondVersion]:
    """Runs of later paragraphs whose counterparts all come before the run starts.
    ``look_alikes`` holds the later blocks of look-alike pairs (another subject, other values)."""
    best: dict[int, Match] = {}
    for m in reworded:
        current = best.get(m.later.index)
        if current is None or m.score > current.score:
            best[m.later.index] = m
    by_index = {p.index: p for p in paragraphs}
    told_again = {m.earlier.index for m in best.values() if m.score >= settings.reworded_coverage}
    versions: list[SecondVersion] = []
    run: list[Match] = []
    # The stems of the paragraphs before the run, grown as the runs move down the text (each
    # starts after the one before), rather than gathered again for every run.
    ordered = sorted(paragraphs, key=lambda p: p.index)
    before: set[str] = set()
    told = 0

    def close() -> None:
        # Most sentences of each paragraph must say what the text before the run says;
        # a paragraph that brings news splits the run.
        nonlocal told
        if not run:
            return
        while told < len(ordered) and ordered[told].index < run[0].later.index:
            before.update(ordered[told].stems)
            told += 1
        segment: list[Match] = []
        supported_total = sentence_total = 0
        for position, m in enumerate(run + [None]):
            if m is not None:
                sentences = doc.blocks[m.later.index].sentences
                share = supported_share(sentences, before, weights, settings, sentence_passages(doc, settings))
                if share >= 0.5 or m.contained >= settings.reworded_coverage or (_in_order(run, position) and m.score >= settings.reworded_coverage_weak):
                    segment.append(m)
                    supported_total += round(share * len(sentences))
                    sentence_total += len(sentences)
                    continue
            # The opening paragraphs that a later paragraph re-tells in turn belong to the text
            # the run re-tells (the story's last paragraph, right above a copy that ends on it).
            while segment and segment[0].later.index in told_again:
                segment.pop(0)
            if segment and supported_total >= 0.5 * sentence_total:
                version = _make_version(doc, segment, by_index, weights, settings, set(best), look_alikes)
                if version is not None:
                    versions.append(version)
            segment, supported_total, sentence_total = [], 0, 0
        run.clear()

    gap = 0
    restating = restatements(doc)
    for block in doc.blocks:
        if lexicon.ends_a_story(block.text):
            close()  # "Reuter", "&#3;": a run does not cross the end of a news item
            continue
        if block.kind is Kind.HEADING or block.kind is Kind.BYLINE:
            continue
        if block.index in restating:
            close()
            continue
        m = best.get(block.index)
        if m is None:
            # One paragraph that brings news does not end a re-telling; it is kept, and the run goes on.
            gap += 1
            if gap > 1:
                close()
            continue
        gap = 0
        if run and max(_earliest_needed(r) for r in run + [m]) >= run[0].later.index:
            close()  # a counterpart inside the run: not a re-telling of what came before
        if _earliest_needed(m) < m.later.index:
            run.append(m)
    close()
    return versions


def ordered_retellings(
    doc: Document, paragraphs: list[Passage], coverages: dict[int, list[tuple[float, int]]],
    weights: dict[str, float], taken: set[int], settings: Settings,
) -> list[SecondVersion]:
    """Runs of later paragraphs that re-tell earlier paragraphs in their order.

    A rewrite that swaps words for synonyms shares too few content words with the original
    for :func:`second_versions`. Its order gives it away: each paragraph of the run re-tells
    one earlier paragraph clearly better than any other (``ordered_margin`` times), every
    counterpart comes before the run and no earlier than the previous one (a paragraph split
    in two re-tells one counterpart twice), one of them is re-told closely, and over at least
    ``ordered_run_paragraphs`` distinct counterparts a related story or a recap does not keep
    that up (two are enough when the earlier copy is cut short, which a whole story is not).
    A paragraph moved to either end of the run joins it when it re-tells a counterpart the run
    has not used, closely enough on its own (``reworded_coverage_weak``).
    So does the lead paragraph under the run's headline, the most reworded part of a rewrite,
    when it clearly re-tells a paragraph before the run's first counterpart.

    ``coverages`` maps a paragraph's position to ``(coverage, position)`` of its candidates;
    blocks in ``taken`` are already paired and stay out.
    """
    steps = _clear_steps(doc, paragraphs, coverages, taken, settings)
    order = {p.index: k for k, p in enumerate(paragraphs)}
    versions: list[SecondVersion] = []
    floor = start = 0
    while start < len(steps):
        stop = _ordered_stop(steps, start, order)
        if stop - start >= 2:
            first, last = _widened(steps, start, stop, floor, settings)
            run = [m for m in steps[first:last] if m is not None]
            if _ordered_run_holds(doc, run, settings):
                run = _with_lead(doc, paragraphs, run, weights, taken, settings) + run
                run = _with_missing_steps(paragraphs, order, coverages, run, settings)
                versions.append(_version(doc, run, settings, in_order=True))
                floor = start = last
                continue
        start = stop
    return versions


def _with_missing_steps(
    paragraphs: list[Passage], order: dict[int, int], coverages: dict[int, list[tuple[float, int]]],
    run: list[Match], settings: Settings,
) -> list[Match]:
    """The run with the paragraphs inside it that re-tell, less clearly, the very paragraph its
    neighbours skip: counterparts 2, then 4, and between them a paragraph whose best candidate
    is 3 (a paragraph of news whose best candidate the run already re-tells stays). ``order``
    gives each paragraph's position."""
    used = {m.earlier.index for m in run}
    found = list(run)
    for a, b in zip(run, run[1:]):
        between = [p for p in paragraphs if a.later.index < p.index < b.later.index]
        if len(between) != 1:
            continue
        candidates = sorted(coverages.get(order[between[0].index], ()), reverse=True)
        if not candidates:
            continue
        coverage, k = candidates[0]
        earlier = paragraphs[k]
        lo, hi = sorted((a.earlier.index, b.earlier.index))
        if coverage >= settings.ordered_min_coverage and lo < earlier.index < hi and earlier.index not in used:
            found.append(Match("reworded", "paragraph", earlier, between[0], coverage))
            used.add(earlier.index)
    return sorted(found, key=lambda m: m.later.index)


def _with_lead(
    doc: Document, paragraphs: list[Passage], run: list[Match], weights: dict[str, float], taken: set[int],
    settings: Settings,
) -> list[Match]:
    """The pair of the paragraph between a headline and the run, when it re-tells one
    paragraph before the run's first counterpart clearly; else nothing."""
    at = run[0].later.index
    if at < 2 or doc.blocks[at - 2].kind is not Kind.HEADING or at - 1 in taken or at - 1 in restatements(doc):
        return []
    lead = next((k for k, p in enumerate(paragraphs) if p.index == at - 1), None)
    if lead is None:
        return []
    # The lead is rarely a candidate of the LSH index (it is the most reworded paragraph):
    # it is compared with the few paragraphs it can re-tell, those before the first counterpart.
    found = [(weighted_coverage(paragraphs[lead].stems, p.stems, weights), k)
             for k, p in enumerate(paragraphs) if p.index < run[0].earlier.index]
    step = _clear_counterpart(paragraphs, lead, found, taken, settings)
    return [step] if step is not None else []


def _new_value_share(doc: Document, run: list[Match]) -> float:
    """Share of the names and numbers of the run's paragraphs that the text before it lacks.

    A rewrite changes the words and keeps the facts; another outlet's account of the same
    event, told in the same order, brings people, places and figures of its own.
    """
    before = facts(doc.text[: min(m.later.span.start for m in run)])
    new = total = 0
    for m in run:
        found = facts(m.later.text)
        new += len(missing_names(found.names, before.names)) + sum(n not in before.numbers for n in found.numbers)
        total += len(found.names) + len(found.numbers)
    return new / total if total else 0.0


def _clear_steps(
    doc: Document, paragraphs: list[Passage], coverages: dict[int, list[tuple[float, int]]],
    taken: set[int], settings: Settings,
) -> list[Match | None]:
    """For each block in order (headings and bylines left out), the earlier paragraph it
    clearly re-tells, or None."""
    position = {p.index: k for k, p in enumerate(paragraphs)}
    restating = restatements(doc)
    steps: list[Match | None] = []
    for block in doc.blocks:
        if lexicon.ends_a_story(block.text):
            steps.extend((None, None))  # the end of a news item: no run goes on across it
            continue
        if block.kind is Kind.HEADING or block.kind is Kind.BYLINE:
            continue
        k = position.get(block.index)
        if k is None or block.index in taken or block.index in restating:
            steps.append(None)
        else:
            steps.append(_clear_counterpart(paragraphs, k, coverages.get(k, ()), taken, settings))
    # Each earlier paragraph is re-told by the later paragraph that covers it best (or by the
    # two halves of a paragraph split in two, side by side): a paragraph of news that merely
    # touches on it does not take it from its true re-telling.
    best: dict[int, int] = {}
    for n, m in enumerate(steps):
        if m is not None and (m.earlier.index not in best or m.score > steps[best[m.earlier.index]].score):
            best[m.earlier.index] = n
    return [m if m is None or abs(best[m.earlier.index] - n) <= 1 else None for n, m in enumerate(steps)]


def _ordered_stop(steps: list[Match | None], start: int, order: dict[int, int] | None = None) -> int:
    """The end of the run from ``start`` whose counterparts never go back and all come before it.

    A single paragraph without a counterpart inside the run (news the rewrite adds) is passed
    over: it stays in the text, and the run goes on. Two neighbouring paragraphs told the other
    way round (the rewrite swaps them; ``order`` gives each paragraph's position) are passed
    over once, after two steps in order."""
    if steps[start] is None:
        return start + 1
    first = last = steps[start]
    before_last = -1  # the counterpart before ``last``
    swapped = False
    stop = start + 1
    while stop < len(steps):
        m = steps[stop]
        if m is None and stop + 1 < len(steps) and steps[stop + 1] is not None:
            stop, m = stop + 1, steps[stop + 1]  # one paragraph of news inside the run: it stays
        # A paragraph split in two re-tells one counterpart twice: the order may stand still.
        if (m is not None and not swapped and order is not None and before_last >= 0
                and before_last < m.earlier.index < last.earlier.index
                and order.get(m.earlier.index, -2) + 1 == order.get(last.earlier.index)):
            swapped = True  # two neighbouring paragraphs told the other way round, once
            stop += 1
            continue
        if m is None or not last.earlier.index <= m.earlier.index < first.later.index:
            if steps[stop - 1] is None:
                stop -= 1  # the run ends before the gap
            break
        before_last, last = last.earlier.index, m
        stop += 1
    return stop


def _widened(steps: list[Match | None], start: int, stop: int, floor: int, settings: Settings) -> tuple[int, int]:
    """The run ``steps[start:stop]`` with the close re-tellings out of order at either end."""
    used = {m.earlier.index for m in steps[start:stop] if m is not None}

    def joins(m: Match | None) -> bool:
        return m is not None and m.score >= settings.reworded_coverage_weak and m.earlier.index not in used

    first, last = start, stop
    while first > floor and joins(steps[first - 1]) and max(used) < steps[first - 1].later.index:
        first -= 1
        used.add(steps[first].earlier.index)
    while last < len(steps) and joins(steps[last]) and steps[last].earlier.index < steps[first].later.index:
        used.add(steps[last].earlier.index)
        last += 1
    return first, last


def _clear_counterpart(
    paragraphs: list[Passage], k: int, found, taken: set[int], settings: Settings
) -> Match | None:
    """The one earlier paragraph that paragraph ``k`` re-tells, when it stands out."""
    ranked = sorted(found, key=lambda o: (-o[0], o[1]))
    if not ranked:
        return None
    coverage, i = ranked[0]
    runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
    earlier = paragraphs[i]
    if coverage < settings.ordered_min_coverage or coverage < settings.ordered_margin * runner_up:
        return None
    if earlier.index in taken:
        return None
    return Match("reworded", "paragraph", earlier, paragraphs[k], coverage)


def _ordered_run_holds(doc: Document, run: list[Match], settings: Settings) -> bool:
    earlier = sorted({m.earlier.index for m in run})
    if len(earlier) < settings.ordered_run_paragraphs:
        if len(earlier) < 2 or not _earlier_is_truncated(doc, earlier, [m.later.index for m in run]):
            return False
    if sum(m.score for m in run) / len(run) < settings.ordered_mean_coverage:
        return False
    new_values = _new_value_share(doc, run)
    if new_values > settings.ordered_new_values:
        return False  # another account of the same event: its own witnesses, figures and places
    paraphrase = len(earlier) >= settings.ordered_long_run and new_values <= settings.ordered_long_run_new_values
    if max(m.score for m in run) < settings.ordered_anchor_coverage and not paraphrase:
        return False  # paragraphs that only touch on earlier ones, however orderly: a recap, a reply
    # Two passages about different people or places are not one story told twice.
    return not any(different_subject(m.earlier.text, m.later.text, reworded=True) for m in run)


SUMMARY_HEADINGS = frozenset({
    "summary", "in summary", "key points", "key takeaways", "takeaways", "in brief", "at a glance",
    "tl;dr", "tldr", "recap", "bottom line", "the bottom line", "conclusion", "highlights",
})


def restatements(doc: Document) -> frozenset[int]:
    """Blocks that restate the article on purpose: a summary ("Summary:", a "Key points"
    section) and list items, which recap. Their repeats are reported, never removed."""
    return doc.memo("restatements", lambda: _restatements(doc))


def _restatements(doc: Document) -> frozenset[int]:
    found: set[int] = set()
    in_summary = False
    for block in doc.blocks:
        if block.kind is Kind.HEADING:
            in_summary = is_summary_heading(block.text)
        elif block.kind is Kind.LABEL:
            in_summary = True
            found.add(block.index)
        elif in_summary or block.kind is Kind.LIST_ITEM:
            found.add(block.index)
    return frozenset(found)


def is_summary_heading(text: str) -> bool:
    """
    >>> is_summary_heading("Key Points:")
    True
    """
    return fold(text).rstrip(":").strip() in SUMMARY_HEADINGS


def _in_order(run: list[Match], position: int) -> bool:
    """Whether a pair falls in order between its neighbours' pairs (both neighbours must exist):
    a re-telling that follows the original's order is strong evidence for a weak pair."""
    if position == 0 or position + 1 >= len(run):
        return position == 0 and len(run) > 2 and run[0].earlier.index < run[1].earlier.index < run[2].earlier.index
    return run[position - 1].earlier.index < run[position].earlier.index < run[position + 1].earlier.index


def _earliest_needed(m: Match) -> int:
    """The last earlier paragraph this match leans on."""
    return max([m.earlier.index] + [p.index for p in m.partners])


def _make_version(
    doc: Document, run: list[Match], by_index: dict[int, Passage], weights: dict[str, float], settings: Settings,
    retelling: set[int] = frozenset(), look_alikes: frozenset[int] = frozenset(),
) -> SecondVersion | None:
    """The second version a run of pairs makes, when enough of them are strong. ``retelling``
    holds every block that re-tells an earlier one, ``look_alikes`` every block that looks like
    an earlier one but tells another subject or other values."""
    if len(run) < settings.min_run_paragraphs or _ends_another_story(doc, run, retelling, look_alikes):
        return None
    strong = sum(m.score >= settings.reworded_coverage or m.contained >= settings.reworded_coverage for m in run)
    if strong < 2 or strong < len(run) / 3:
        return None
    counterparts = {m.earlier.index for m in run}
    if len(counterparts) < max(2, round(0.6 * len(run))):
        return None  # many paragraphs leaning on one: a summary, not a re-telling
    return _version(doc, run, settings, in_order=False)


def _ends_another_story(doc: Document, run: list[Match], retelling: set[int], look_alikes: frozenset[int]) -> bool:
    """Whether the run closes a story of its own, one of the same kind as the earlier: under a
    heading that comes after everything the run re-tells, at least as many paragraphs as the
    run has tell something new before it starts, and the run is short (two paragraphs) or one
    of them tells an earlier paragraph's kind of fact with other values. A second crash on the
    same road, reported under its own headline, ends by recalling the first one; a second
    version of one story re-tells from its headline on, or is glued after the end of the story
    (an author's note) with nothing of the kind told afresh."""
    start = run[0].later.index
    last_told = max(_earliest_needed(m) for m in run)
    heading = next((b.index for b in reversed(doc.blocks[last_told + 1 : start]) if b.kind is Kind.HEADING), None)
    if heading is None:
        return False
    news = [b for b in doc.blocks[heading + 1 : start] if b.is_prose and b.index not in retelling]
    return len(news) >= len(run) and (len(run) < 3 or any(b.index in look_alikes for b in news))


def _version(doc: Document, run: list[Match], settings: Settings, in_order: bool) -> SecondVersion:
    """The second version a run of pairs makes; the earlier run goes when it is the cut-short one."""
    counterparts = {m.earlier.index for m in run}
    later_blocks = [m.later.index for m in run]
    earlier_blocks = sorted(counterparts | {p.index for m in run for p in m.partners})
    # The earlier run is the cut-short copy only when the later one goes on past what re-tells
    # its last paragraph: a story whose own last sentence is cut, re-told whole, stays.
    retold_last = [m.later.index for m in run if m.earlier.index == earlier_blocks[-1]]
    goes_on = not retold_last or any(b.is_prose for b in doc.blocks[max(retold_last) + 1 :])
    # ... and tells clearly more: a copy cut short lacks whole paragraphs, not one sentence.
    told_later = sum(len(b.text) for b in doc.blocks[min(later_blocks) :] if b.is_prose)
    told_earlier = sum(len(b.text) for b in doc.blocks[earlier_blocks[0] : min(later_blocks)] if b.is_prose)
    remove_earlier = goes_on and told_later >= 1.25 * told_earlier \
        and _earlier_is_truncated(doc, earlier_blocks, later_blocks)
    removed, kept = (earlier_blocks, later_blocks) if remove_earlier else (later_blocks, earlier_blocks)
    if not remove_earlier:
        removed = sorted(removed + _said_before(doc, removed, settings))
    removed_with_headings = with_leading_headings(doc, removed)
    return SecondVersion(
        removed_blocks=tuple(removed_with_headings),
        kept_blocks=tuple(kept),
        pairs=tuple(run),
        span=Span(doc.blocks[removed_with_headings[0]].span.start, doc.blocks[removed[-1]].span.end),
        related=Span(doc.blocks[kept[0]].span.start, doc.blocks[kept[-1]].span.end),
        removed="earlier" if remove_earlier else "later",
        in_order=in_order,
    )


def _said_before(doc: Document, removed: list[int], settings: Settings) -> list[int]:
    """Short paragraphs inside a removed run (one sentence, too few words to be paired) whose
    every content word the text before the run already has: ``At least 130 species were
    recorded on and around the reef`` in a summary of a story that said so. A paragraph with
    one new word stays, as news inside a re-telling does."""
    gaps = [b for b in doc.blocks[removed[0] + 1 : removed[-1]] if b.index not in removed and b.is_prose]
    if not gaps:
        return []
    before = set(content_stems(doc.text[: doc.blocks[removed[0]].span.start]))
    return [b.index for b in gaps if len(b.sentences) == 1 and (stems := set(content_stems(b.text)))
            and len(stems) < settings.min_reworded_stems and stems <= before]


def _earlier_is_truncated(doc: Document, earlier: list[int], later: list[int]) -> bool:
    """The earlier run stops mid-sentence and the later run is longer: keep the later one.
    Stopping mid-sentence needs evidence (:func:`dedup.prose.cut_short`), and the words after
    the earlier run's last sentence must not be the later run's opening glued onto it (``…was
    started deliberately."A fire alarm was activated at the``): that is a title, not a cut."""
    last = doc.blocks[earlier[-1]]
    ends_cut = cut_short(last.text, doc.text[last.span.end : last.span.end + 3])
    opening = fold(doc.blocks[min(later)].text)
    glued_opening = opening.startswith(fold(unfinished_tail(last.text)))
    longer = sum(len(doc.blocks[i].text) for i in later) > sum(len(doc.blocks[i].text) for i in earlier)
    return ends_cut and not glued_opening and longer


def with_leading_headings(doc: Document, blocks: list[int]) -> list[int]:
    """The removed paragraphs plus the headings (and a byline) directly above each of them."""
    chosen = set(blocks)
    stacked = _title_line_runs(doc.blocks)
    for first in blocks:
        # A title, a kicker and a byline head a copy; a longer run of short lines is content of
        # its own (a list of seeds, a fixture list) that the copy happens to follow.
        if first == 0 or stacked[first - 1] > _MOST_TITLE_LINES:
            continue
        i = first - 1
        while i >= 0 and doc.blocks[i].kind in _TITLE_LINES and i not in chosen \
                and not holds_a_sentence(doc.blocks[i].text):
            chosen.add(i)
            i -= 1
    return sorted(chosen)


_TITLE_LINES = (Kind.HEADING, Kind.BYLINE)
_MOST_TITLE_LINES = 3


def holds_a_sentence(text: str) -> bool:
    """Whether a line taken for a heading holds a whole sentence of six words or more before
    what ends it (``…was not immediately available to comment. - Sapa``): the story's own last
    line, whatever copy comes under it, not a title."""
    tail = unfinished_tail(text)
    body = text[: len(text.rstrip()) - len(tail)].strip() if tail != text.rstrip() else ""
    return len(body.split()) >= 6 and has_verb(tuple(w.lower() for w in body.split()))


def _one_paragraph_said_again(section, verbatim_later: frozenset[int]) -> bool:
    """Whether the text under a heading is one paragraph that a scraper repeated word for word:
    the heading over it is the story's own line (a caption, a link to another story) that the
    repeat was put under, not the title of a copy."""
    prose = [b.index for b in section if b.sentences]
    return len(prose) == 1 and prose[0] in verbatim_later


def companions(doc: Document, removed: set[int], verbatim_later: frozenset[int] = frozenset(),
               kept_twins: frozenset[int] = frozenset()) -> dict[int, int]:
    """Blocks that go with a removed block, mapped to it.

    - a heading whose whole section was removed (nothing would stand under it), unless that
      section is one paragraph repeated word for word (``verbatim_later``, the later copies of
      exact and near repeats), and a heading with nothing under it right above a heading that goes;
    - never a block in ``kept_twins``, the copy kept of a passage repeated later;
    - a heading that repeats an earlier one (a second copy's title) above a removed block;
    - a short block (byline, list item, heading, short line) that repeats an earlier block
      word for word and stands next to a removed block: part of the same copy;
    - a standfirst: the one-sentence paragraph opening a section all of whose other paragraphs
      were removed, when the text before the section already says what it says.
    """
    blocks = doc.blocks
    earlier_texts: set[str] = set()
    repeats: set[int] = set()
    for block in blocks:
        key = fold(block.text) if block.text else ""
        if key and key in earlier_texts:
            repeats.add(block.index)
        earlier_texts.add(key)
    by_heading = sections(blocks)
    standfirsts = _standfirsts(doc, by_heading, removed)
    # Headlines stack a few deep at most: the lines of a longer run of headings (a list of
    # seeds, set one per line) are content, not a copy's headlines.
    stacked = _title_line_runs(blocks)
    anchor: dict[int, int] = {}

    def owner(i: int) -> int | None:
        if i in removed:
            return i
        return anchor.get(i)

    changed = True
    while changed:
        changed = False
        for block in blocks:
            i = block.index
            if i in removed or i in anchor or i in kept_twins:
                continue  # the copy kept of a line repeated later goes with nothing
            target = None
            if block.kind is Kind.HEADING:
                section = by_heading[i]
                if section and stacked[i] <= _MOST_TITLE_LINES and all(owner(b.index) is not None for b in section) \
                        and (i in repeats or not _one_paragraph_said_again(section, verbatim_later)) \
                        and not holds_a_sentence(block.text):
                    target = owner(section[0].index)
                elif i in repeats and section and owner(section[0].index) is not None:
                    target = owner(section[0].index)
                elif not section and stacked[i] <= _MOST_TITLE_LINES and i + 1 < len(blocks) \
                        and blocks[i + 1].kind is Kind.HEADING \
                        and fold(blocks[i + 1].text) != fold(block.text) \
                        and (i == 0 or not blocks[i - 1].is_prose or owner(i - 1) is not None
                             or _retitles(block, blocks[:i])):
                    # A headline stacked on a removed copy's headings; not the closing line of
                    # the kept story above it ("Eleanor Crane, botanist, born 3 February 1931").
                    target = owner(i + 1)
            # A heading over text that stays heads that text, whatever copy stands above it.
            heads_kept = block.kind is Kind.HEADING and any(owner(b.index) is None for b in by_heading[i])
            if target is None and i in repeats and not heads_kept:
                for neighbour in (i - 1, i + 1):
                    if 0 <= neighbour < len(blocks) and owner(neighbour) is not None:
                        target = owner(neighbour)
                        break
            if target is None and i in standfirsts:
                section = by_heading[standfirsts[i]]
                if all(owner(b.index) is not None for b in section if b.is_prose and b.index != i):
                    target = owner(next(b.index for b in section if owner(b.index) is not None))
            if target is not None:
                anchor[i] = target
                changed = True
    # A line every copy of which would go (the story's last line, read as a heading over the
    # copy that follows it, and the same line ending the copy) stays once, where it first stands.
    copies: dict[str, list[int]] = {}
    for block in blocks:
        if block.text and len(block.text.split()) >= 4:
            copies.setdefault(fold(block.text), []).append(block.index)
    for same in copies.values():
        if len(same) > 1 and same[0] in anchor and all(i in removed or i in anchor for i in same):
            del anchor[same[0]]
    return anchor


def _title_line_runs(blocks) -> list[int]:
    """For each block, how many title lines (headings, bylines) in a row hold it (0 for a block
    that is none)."""
    runs = [0] * len(blocks)
    i = 0
    while i < len(blocks):
        if blocks[i].kind not in _TITLE_LINES:
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].kind in _TITLE_LINES:
            j += 1
        for k in range(i, j):
            runs[k] = j - i
        i = j
    return runs


def _retitles(block, earlier) -> bool:
    """Whether a heading reads like an earlier heading in other words (a syndicated copy's
    headline: ``the robot vacuum that finally gets rugs`` / ``a robot vacuum that finally
    understands rugs``)."""
    mine = " ".join(fold(block.text).split())
    return any(b.kind is Kind.HEADING and near_ratio(mine, " ".join(fold(b.text).split())) >= 70 for b in earlier)


def _standfirsts(doc: Document, by_heading: dict[int, list], removed: set[int]) -> dict[int, int]:
    """One-sentence paragraphs that open a section with removed paragraphs in it, whose content
    words (four or more of them) the text before the section nearly all has, mapped to the
    section's heading."""
    found: dict[int, int] = {}
    for heading, section in by_heading.items():
        prose = [b for b in section if b.is_prose]
        if len(prose) < 2 or len(prose[0].sentences) != 1 or not any(b.index in removed for b in prose[1:]):
            continue
        stems = set(content_stems(prose[0].text))
        before = set(content_stems(doc.text[: doc.blocks[heading].span.start]))
        if len(stems) >= 4 and len(stems - before) <= len(stems) // 10:
            found[prose[0].index] = heading
    return found


def sections(blocks) -> dict[int, list]:
    """For each heading, the blocks under it up to the next heading."""
    found: dict[int, list] = {}
    current: list | None = None
    for block in blocks:
        if block.kind is Kind.HEADING:
            current = found[block.index] = []
        elif current is not None:
            current.append(block)
    return found
