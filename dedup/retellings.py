"""Second versions found by aligning the document with itself, sentence by sentence.

A rewrite of a whole story (by a person, an outlet or a language model) regroups sentences
into other paragraphs, merges and splits them and swaps in synonyms, so that few of its
paragraphs pair with an earlier paragraph. Its sentences still do: each re-tells one earlier
sentence, or two neighbouring ones merged, with most of the same rare content words, names
and numbers, and in the earlier order.

So each place where a second version could start (a block boundary) splits the text into
what comes before and what follows. The sentences after it are aligned with those before
it, and the run is judged whole (:class:`RunEvidence`):

- ``supported``: the share of its sentences on the best chain of pairs that goes forward in
  both texts (each later sentence covered by an earlier one, or two merged);
- ``coverage``: the mean coverage of the pairs on that chain;
- ``covers``: the share of the earlier text's sentences that the run re-tells, and ``reach``,
  the share lying between the first and the last of them;
- ``new_values``: the share of its names and numbers that the earlier text lacks.

A run that re-tells most of the earlier text, in order, with the same facts, is a second
version. Another story on the same subject brings its own names and figures; a brief from
one template brings other values; a recap re-tells a little of everything, out of order.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from itertools import repeat

from . import lexicon
from .config import Settings
from .entities import facts
from .news import known_facts, new_facts, new_value_share
from .models import Span
from .normalize import fold
from .passages import Match, passage, sentence_passages, sentence_weights
from .prose import terminated
from .quotes import new_quotations, sayings
from .segment import Block, Document, Kind
from .similarity import weight, weighted_coverage
from .versions import SecondVersion, holds_a_sentence, with_leading_headings, is_summary_heading, restatements

__all__ = ["RunEvidence", "aligned_runs", "aligned_version", "best_run"]

# Pairs in a row that may share one earlier sentence (a sentence split in two or three); a
# long earlier sentence may be split in more, one piece for each eight of its content words.
_SPLIT = 3
# Candidates kept per sentence: the few earlier sentences (or neighbouring pairs) that cover it best.
_TOP = 6


@dataclass(frozen=True, slots=True)
class RunEvidence:
    """What decides whether blocks ``start``..``stop`` (exclusive) re-tell the text before them."""

    start: int  # first block of the run
    stop: int  # block after its last
    sentences: int  # sentences of the run that were compared
    supported: float
    coverage: float  # the mean coverage of the pairs on the chain
    covers: float
    new_values: float  # read only when asked for (see :func:`with_facts`), else 0
    alignment: tuple[tuple[int, int, float], ...]  # (later sentence, earlier sentence, coverage)
    chained: frozenset[int] = frozenset()  # later sentences on the in-order chain
    reach: float = 0.0  # share of the earlier text between its first and last sentence re-told
    first_sentence: int = 0  # the first sentence after the start: the text before it is the earlier text
    renamed: int = 0  # chained pairs whose later sentence names someone in place of the earlier's (see with_facts)
    faithful: bool = False  # a loose retelling at the end that brings no fact of its own (see faithful_tail)

    def as_details(self) -> dict:
        return {"supported": round(self.supported, 3), "coverage": round(self.coverage, 3),
                "covers": round(self.covers, 3), "new_values": round(self.new_values, 3),
                "reach": round(self.reach, 3), "sentences": self.sentences}


def aligned_runs(doc: Document, settings: Settings) -> list[RunEvidence]:
    """For each block where a second version could start, the evidence of the run from there."""
    sentences = doc.sentences
    if len(sentences) < 4 or len(sentences) > settings.aligned_max_sentences:
        return []
    stems, weights, candidates = _compared(doc, settings)
    block_of = [s.block for s in sentences]
    layout = _Layout.of(sentences, stems, settings)
    found = []
    # A second version opens on a sentence that clearly re-tells an earlier one: other blocks
    # are not tried as starts.
    clear = {block_of[j] for j, ranked in enumerate(candidates)
             if ranked and ranked[0][0] >= settings.aligned_start}
    # A block that a later sentence tells again nearly word for word belongs to the text that
    # is copied, not to the copy (the story's last paragraph, right above a copy that ends on it).
    retold_later = {block_of[i] for ranked in candidates for c, i in ranked if c >= 0.9}
    # An earlier sentence told again nearly word for word: its copy is that later sentence, so
    # a whole sentence that tells it otherwise, before that copy, is no copy's start (a story's
    # closing line re-telling its own headline, right above the copy that opens on it). A line
    # cut short there is the copy's own title.
    copied_at: dict[int, int] = {}
    for k, ranked in enumerate(candidates):
        for c, i in ranked:
            if c >= 0.9:
                copied_at.setdefault(i, k)
    by_first: dict[int, RunEvidence | None] = {}  # a heading and the paragraph under it start one run
    for start in _starts(doc):
        if start not in clear and (start + 1 not in clear or start in retold_later):
            continue
        first = bisect_left(block_of, start)
        if first < len(block_of) and block_of[first] == start and candidates[first] \
                and candidates[first][0][0] < 0.9 and copied_at.get(candidates[first][0][1], -1) > first \
                and terminated(doc.blocks[start].text):
            continue
        if first not in by_first:
            by_first[first] = _run_from(doc, start, stems, weights, candidates, block_of, settings, layout)
        evidence = by_first[first]
        if evidence is not None:
            found.append(evidence if evidence.start == start else replace(evidence, start=start))
    return found


def _compared(doc: Document, settings: Settings):
    """Each sentence's stems, their rarity weights, and each sentence's best earlier
    counterparts (see :func:`_candidates`), made once per document."""
    def make():
        passages = sentence_passages(doc, settings)
        stems = [passages[s.index].stems for s in doc.sentences]
        weights = sentence_weights(doc, settings)
        return stems, weights, _candidates(stems, weights)

    return doc.memo("retellings.compared", make)


def _candidates(stems: list[frozenset[str]], weights: dict[str, float]) -> list[list[tuple[float, int]]]:
    """For each sentence, the earlier sentences (``i``) or neighbouring pairs (``i`` and
    ``i + 1``, a merge) covering most of its weight, best first: ``(coverage, i)``."""
    index: dict[str, list[int]] = {}
    found: list[list[tuple[float, int]]] = []
    pairs: dict[int, frozenset[str]] = {}  # i -> the stems of sentences i and i + 1
    # weighted_coverage, inlined: this loop makes a few hundred coverages per article.
    known, fsum = weights.get, math.fsum
    for j, group in enumerate(stems):
        total = weight(group, weights)
        ranked: list[tuple[float, int]] = []
        if total:
            shared = [0.0] * j  # the weight sentence j shares with each earlier one (every weight is above 0)
            for s in sorted(group):  # in one order, so that the sums do not depend on the hash seed
                postings = index.get(s)
                if postings:
                    w = weights[s]
                    for i in postings:
                        shared[i] += w
            # Best first, ties by position: a stable sort in reverse keeps equal weights in order.
            for i in sorted(range(j), key=shared.__getitem__, reverse=True)[:_TOP]:
                alone = shared[i] / total
                if not alone:
                    break  # the rest share nothing
                # Merged with the sentence after it (never with the later sentence itself).
                if i + 1 < j:
                    both = pairs.get(i)
                    if both is None:
                        both = pairs[i] = stems[i] | stems[i + 1]
                    merged = fsum(map(known, group & both, repeat(1.0))) / total
                    ranked.append((merged if merged > alone else alone, i))
                else:
                    ranked.append((alone, i))
        ranked.sort(key=lambda item: (-item[0], item[1]))
        found.append(ranked)
        for s in group:
            index.setdefault(s, []).append(j)
    return found


def _starts(doc: Document) -> list[int]:
    """Blocks where a second version may start: each prose block or heading after some prose."""
    starts = []
    seen_prose = 0
    for block in doc.blocks:
        if seen_prose >= 1 and (block.is_prose or block.kind is Kind.HEADING):
            starts.append(block.index)
        seen_prose += bool(block.sentences)
    return starts


def _run_from(
    doc: Document, start: int, stems, weights, candidates, block_of, settings: Settings, layout: "_Layout",
) -> RunEvidence | None:
    """The evidence of the run from block ``start``, which counts only through the first sentence
    from it on: :func:`aligned_runs` reads the evidence of one start for another with that first
    sentence (a heading and the paragraph under it)."""
    # The first sentence from the start on (sentences come in block order).
    first = bisect_left(block_of, start)
    if first == len(block_of) or first < 2:
        return None
    compared_before = layout.compared[: bisect_left(layout.compared, first)]
    earlier_count = len(compared_before)
    later = layout.eligible[bisect_left(layout.eligible, first) :]
    if len(later) < 2:
        return None
    # The run must open with a chained sentence, and its first pair must go back to the first
    # half of the earlier text (see below): without such a pair in its first block, no chain
    # need be built.
    opening = [j for j in later if block_of[j] == block_of[later[0]]]
    half = compared_before[len(compared_before) // 2] if compared_before else 0
    floor = settings.aligned_chain_floor
    if not any(c >= floor and i <= half for j in opening for c, i in candidates[j] if i < first):
        return None
    # A long earlier sentence (a list run together) may be re-told in more pieces.
    chain = _monotone_chain(later, candidates, first, settings, layout.splits.__getitem__)
    last_good = _last_retold_block(later, chain, block_of)
    if last_good is None:
        return None
    run = [j for j in later if block_of[j] <= last_good]
    on_chain = [j for j in run if j in chain]
    if len(on_chain) < 2 or on_chain[0] != run[0] and block_of[on_chain[0]] != block_of[run[0]]:
        return None  # the run must open with a re-telling sentence
    alignment = tuple((j, chain[j][1], chain[j][0]) if j in chain
                      else (j, *_best([(c, i) for c, i in candidates[j] if i < first])) for j in run)
    supported = len(on_chain) / len(run)
    if supported < settings.aligned_supported:
        return None  # not a second version, whatever its facts: they need not be read
    # A pair may re-tell two neighbouring sentences merged: both count as re-told.
    told = {k for j in on_chain for k in _merged_or_single(stems, j, chain[j], weights)}
    covers = len(told) / max(1, earlier_count)
    # How much of the earlier text lies between the first and the last sentence re-told.
    compared = compared_before
    low, high = min(told), max(told)
    reach = sum(1 for i in compared if low <= i <= high) / max(1, len(compared))
    if sum(1 for i in compared if i < low) > 0.5 * len(compared):
        return None  # it re-tells only what was just said: the text before going on, not a copy
    evidence = RunEvidence(
        start=start, stop=last_good + 1, sentences=len(run), supported=supported,
        coverage=sum(chain[j][0] for j in on_chain) / len(on_chain), covers=min(1.0, covers),
        new_values=0.0, alignment=alignment, chained=frozenset(on_chain), reach=reach, first_sentence=first,
    )
    return evidence


@dataclass(frozen=True, slots=True)
class _Layout:
    """What every start of :func:`_run_from` reads of a document's sentences, computed once."""

    compared: list[int]  # sentences with content words
    eligible: list[int]  # sentences long enough to be aligned
    splits: list[int]  # pairs in a row that may re-tell each sentence (a long one, a list, in more pieces)

    @classmethod
    def of(cls, sentences, stems, settings: Settings) -> "_Layout":
        return cls(
            compared=[i for i, group in enumerate(stems) if group],
            eligible=[j for j, s in enumerate(sentences) if len(stems[j]) >= settings.aligned_min_stems
                      and len(s.text.split()) >= settings.min_sentence_words],
            splits=[max(_SPLIT, len(group) // 8) for group in stems],
        )


def _last_retold_block(later: list[int], chain: dict, block_of: list[int]) -> int | None:
    """The last block of the run: blocks follow while most of their sentences are on the chain;
    one block of news between them is passed over, two end the run."""
    by_block: dict[int, list[bool]] = {}
    for j in later:
        by_block.setdefault(block_of[j], []).append(j in chain)
    last_good = None
    misses = 0
    for block in sorted(by_block):
        flags = by_block[block]
        if sum(flags) * 2 >= len(flags):
            last_good, misses = block, 0
        else:
            misses += 1
            if misses > 1:
                break
    return last_good


def _merged_or_single(stems, j: int, pair: tuple[float, int], weights) -> tuple[int, ...]:
    """The earlier sentences a chained pair re-tells: ``i``, and ``i + 1`` when the pair's
    coverage needs both."""
    c, i = pair
    alone = weighted_coverage(stems[j], stems[i], weights)
    return (i, i + 1) if c > alone + 1e-9 else (i,)


def _best(options: list[tuple[float, int]]) -> tuple[int, float]:
    c, i = max(options, default=(0.0, -1))
    return i, c


def _monotone_chain(
    later: list[int], options, size: int, settings: Settings, splits=lambda i: _SPLIT,
) -> dict[int, tuple[float, int]]:
    """The best chain of (later sentence, earlier sentence) pairs in which both go forward (an
    earlier sentence may be re-told twice in a row, when a rewrite splits it): each pair scores
    its coverage less ``aligned_chain_floor``, so weak pairs only join between strong ones.
    ``options[j]`` ranks the earlier sentences that cover later sentence ``j``, best first, as
    ``(coverage, i)``; those from ``size`` on are not in the earlier text and are passed over.
    Returns each chained later sentence's ``(coverage, earlier sentence)``."""
    floor = settings.aligned_chain_floor
    none = (0.0, -1)
    tree = [none] * (size + 1)  # a Fenwick tree of (best score, node) over earlier positions
    nodes: list[tuple[int, float, int, int]] = []  # (later, coverage, earlier, previous node)
    # The best chain ending on earlier sentence i after d pairs on it: a rewrite splits one
    # sentence in two or three, so up to ``_SPLIT`` pairs in a row may share an earlier sentence.
    on: dict[int, dict[int, tuple[float, int]]] = {}  # i -> d -> (score, node)
    best = none
    for j in later:
        found = []
        for c, i in options[j]:
            if c < floor:
                break  # the rest cover it less
            if i >= size:
                continue
            # The best chain ending before earlier sentence i (the tree's maximum over 0..i-1) ...
            top, k = none, i
            while k > 0:
                if tree[k] > top:
                    top = tree[k]
                k -= k & -k
            choice = (top, 1)
            # ... or one ending on i itself, fewer than splits(i) times in a row (no two choices
            # are equal, so the order they are tried in does not matter).
            endings = on.get(i)
            if endings:
                most = splits(i)
                for d, ending in endings.items():
                    if d < most and (ending, d + 1) > choice:
                        choice = (ending, d + 1)
            (score, previous), depth = choice
            found.append((score + c - floor, i, c, previous, depth))
        for score, i, c, previous, depth in found:
            value = (score, len(nodes))
            nodes.append((j, c, i, previous))
            k = i + 1
            while k <= size:
                if value > tree[k]:
                    tree[k] = value
                k += k & -k
            endings = on.setdefault(i, {})
            if value > endings.get(depth, (-1.0, -1)):
                endings[depth] = value
            if value > best:
                best = value
    chain: dict[int, tuple[float, int]] = {}
    node = best[1]
    while node >= 0:
        j, c, i, previous = nodes[node]
        chain[j] = (c, i)
        node = previous
    return chain


def holds(evidence: RunEvidence, settings: Settings) -> bool:
    """Whether the run is a second version: most of its sentences re-tell earlier ones, in
    order, over much of the earlier text, with the earlier text's names and numbers."""
    # A run that re-tells the earlier text sentence by sentence words its facts otherwise too
    # ("down 13 cents" where the earlier said "down 1.5 percent"): its share of new values says
    # less, and each of its sentences with a value of its own stays unless unsafe fixes apply.
    # But a re-telling that puts other names in place of the earlier ones, in two sentences or
    # more, tells of other people or companies: another story, or a brief from one template.
    retold = evidence.sentences >= 4 and evidence.supported >= 0.9 and evidence.renamed <= 1
    limit = settings.aligned_retold_new_values if retold else settings.aligned_new_values
    return evidence.new_values <= limit and words_hold(evidence, settings)


def words_hold(evidence: RunEvidence, settings: Settings) -> bool:
    """:func:`holds` without the facts: what the alignment of the words alone says."""
    # A short run (a few lines that happen to follow the earlier order) must be re-told
    # sentence by sentence, and closely.
    short = evidence.sentences < 5
    # ... and a run of fewer than eight sentences leaves few of them out.
    stricter = 0.15 if short else 0.1 if evidence.sentences < 8 else 0.0
    if evidence.sentences < 3 or evidence.supported < settings.aligned_supported + stricter:
        return False
    # A long run told in order throughout may re-tell each sentence more loosely.
    long_run = evidence.sentences >= 6 and evidence.supported >= 0.75
    # A whole story re-told in order from its first sentence to its last may use other words
    # throughout (a machine paraphrase): its length and reach say what its words cannot.
    whole = evidence.sentences >= 8 and evidence.supported >= 0.75 and evidence.reach >= 0.8
    loosening = 0.1 if whole else 0.05 if long_run else 0.0
    tightening = 0.1 if short else 0.0
    if evidence.coverage < settings.aligned_mean_coverage - loosening + tightening:
        return False
    # A shortened copy re-tells less of the earlier text, but nearly every sentence of it closely.
    close = evidence.supported >= 0.9 and evidence.sentences >= 3
    # A rewrite that condenses (fewer, longer sentences) re-tells fewer of the earlier sentences,
    # but from one end of the earlier text to the other.
    condensed = evidence.sentences >= 5 and evidence.reach >= settings.aligned_reach
    floor = settings.aligned_covers_close if close or condensed else settings.aligned_covers
    return evidence.covers >= floor


def best_run(doc: Document, settings: Settings) -> RunEvidence | None:
    """The run that holds and re-tells the most: supported sentences times the earlier share.

    The facts of a run are read only when its words hold, best run first, until one holds."""
    found = aligned_runs(doc, settings)
    runs = [r for r in found if words_hold(r, settings)]
    runs.sort(key=lambda r: (r.supported * r.sentences * r.covers, -r.start), reverse=True)
    for run in runs:
        run = with_facts(doc, run, settings)
        if holds(run, settings):
            return run
    for run in sorted((r for r in found if _retells_the_lead_last(doc, r)), key=lambda r: r.start):
        run = with_facts(doc, run, settings)
        if run.new_values == 0:
            return run
    return faithful_tail(doc, settings)


# A retelling's first sentence must cover this much of the lead's weight to open a faithful tail;
# each of most of the tail's sentences this much of some earlier sentence (or two in a row).
_TAIL_OPENING = 0.45
_TAIL_LOOSE = 0.15
_TAIL_SUPPORTED = 0.7
_TAIL_VALUES = 3


def faithful_tail(doc: Document, settings: Settings) -> RunEvidence | None:
    """The end of the text as a loose retelling of the story above it: a summary a language
    model wrote, glued under the story, that tells it in other words and in other order, with
    filler of its own, so that no ordered run holds. What marks it is what it does not bring:
    it opens by telling the story's lead again, and of the names, figures, dates and quotations
    it gives (three or more) not one is new. Another story on the subject brings its own; a
    follow-up brings its news. The text after the first block that opens on a sentence
    re-telling the lead is the only candidate, it runs to the end of the text, it is no longer
    than the text before it, and nearly all its sentences share some of their words with an
    earlier one. A news item after the line that ends the one before (``Reuter``) is left to
    the rules for items."""
    sentences = doc.sentences
    if len(sentences) < 7 or len(sentences) > settings.aligned_max_sentences:
        return None
    stems, weights, candidates = _compared(doc, settings)
    lead = [s.index for s in sentences if len(s.text.split()) >= 4][:2]
    block_of = [s.block for s in sentences]
    for start in _starts(doc):
        first = bisect_left(block_of, start)
        if first >= len(sentences) or first < 4:
            continue
        top = candidates[first][0] if candidates[first] else None
        if top is None or top[0] < _TAIL_OPENING or top[1] not in lead:
            continue
        return _tail_from(doc, start, first, stems, candidates, settings)
    return None


def _tail_from(doc: Document, start: int, first: int, stems, candidates, settings: Settings) -> RunEvidence | None:
    sentences = doc.sentences
    tail = range(first, len(sentences))
    if len(tail) < 3 or len(tail) > first:
        return None
    before = doc.text[: sentences[first].span.start]
    if any(lexicon.ends_a_story(line) for line in before.splitlines() if line.strip()):
        return None
    alignment = tuple((j, *_best([(c, i) for c, i in candidates[j] if i < first])) for j in tail)
    loose = [j for j, i, c in alignment if i >= 0 and c >= _TAIL_LOOSE]
    if len(loose) < _TAIL_SUPPORTED * len(tail):
        return None
    if _brings_news(doc, [sentences[j] for j in tail], sentences[first].span.start, settings):
        return None
    if sum(len(found.names) + len(found.numbers) for found in (facts(sentences[j].text) for j in tail)) < _TAIL_VALUES:
        return None
    told = {i for j, i, c in alignment if j in loose}
    compared = [i for i in range(first) if stems[i]]
    low, high = min(told), max(told)
    return RunEvidence(
        start=start, stop=len(doc.blocks), sentences=len(tail), supported=len(loose) / len(tail),
        coverage=sum(c for _, _, c in alignment) / len(tail), covers=len(told) / max(1, len(compared)),
        new_values=0.0, alignment=alignment, chained=frozenset(loose), first_sentence=first, faithful=True,
        reach=sum(1 for i in compared if low <= i <= high) / max(1, len(compared)),
    )


def _retells_the_lead_last(doc: Document, run: RunEvidence) -> bool:
    """Whether ``run`` is a short copy of the story's opening at the very end of the text: two
    sentences or more, every one re-telling an earlier one closely and in order from the first
    or second sentence on, and less than that after it. (Its values, read next, must all be known.)
    A story does not end by telling its lead again; a scraper that appends the start of a
    rewrite does."""
    told = [i for j, i, _ in run.alignment if j in run.chained]
    if run.sentences < 2 or not told or min(told) > 1:
        return False
    close = run.supported == 1.0 and run.coverage >= 0.7 and all(i >= 0 and c >= 0.5 for _, i, c in run.alignment)
    # A longer one may re-tell more loosely, when it re-tells most of what lies between the
    # first and the last sentence it tells: the opening of the story, told again.
    dense = run.sentences >= 4 and run.supported >= 0.75 and run.coverage >= 0.5 and run.covers >= 0.6 * run.reach
    return (close or dense) and sum(len(b.sentences) for b in doc.blocks[run.stop :]) < run.sentences


def with_facts(doc: Document, run: RunEvidence, settings: Settings | None = None) -> RunEvidence:
    """``run`` with the share of its names and numbers that the text before it lacks, and, when
    that share is above ``settings.aligned_new_values`` (only then does it matter), how many of
    its chained pairs name someone new where the earlier sentence names someone the later one
    does not."""
    cache = doc.cache.setdefault("retellings.known_before", {})
    before = cache.get(run.first_sentence)
    if before is None:
        before = cache[run.first_sentence] = known_facts(doc.text[: doc.sentences[run.first_sentence].span.start])
    # A copy's title glued onto the last line of the story above (the run opens on it, at the
    # end of a paragraph of the story) brings the story's own last sentences along: their
    # values are the story's, not the copy's.
    glued_into = _glued_title_block(doc, run)
    share = new_value_share((doc.sentences[j].text for j, _, _ in run.alignment
                             if doc.sentences[j].block != glued_into), before)
    renamed = 0
    if settings is None or share > settings.aligned_new_values:
        for j, i, _ in run.alignment:
            if j in run.chained and i >= 0:
                renamed += bool(_new_names(doc, j, i) and _new_names(doc, i, j))
    return replace(run, new_values=share, renamed=renamed)


def _glued_title_block(doc: Document, run: RunEvidence) -> int | None:
    """The block whose last sentence, the run's first re-telling one, is a copy's title glued
    onto the end of a paragraph of the story (it stops without a full stop, after sentences of
    the story); None when the run opens otherwise."""
    opening = next((j for j, _, _ in run.alignment if j in run.chained), None)
    if opening is None:
        return None
    block = doc.blocks[doc.sentences[opening].block]
    if block.sentences[0].index != opening == block.sentences[-1].index \
            and not terminated(doc.sentences[opening].text.rstrip()):
        return block.index
    return None


def from_cut_title(doc: Document, v: SecondVersion, taken: set[int], settings: Settings) -> SecondVersion:
    """``v``, reaching back to its copy's own title when one stands a few paragraphs above it
    (see :func:`_cut_title_above`): the paragraphs in between, which re-tell loosely what the
    run re-tells closely, are part of the same copy."""
    if v.removed != "later" or not v.removed_blocks:
        return v
    first = v.removed_blocks[0]
    title = _cut_title_above(doc, first, settings)
    added = [b for b in range(title, first) if b not in taken]
    if title == first or not added:
        return v
    removed = tuple(sorted(set(added) | set(v.removed_blocks)))
    return replace(v, removed_blocks=removed,
                   span=Span(doc.blocks[removed[0]].span.start, v.span.end))


def without_the_story_end(doc: Document, v: SecondVersion) -> SecondVersion:
    """``v`` without its first block when that block is the story's last paragraph with the
    copy's title glued onto it (``…as much as we can."Update: The 17-year-old fell about 40``
    above ``The 17-year-old fell about 40 metres…``): the story's sentences stay, and the title
    goes with the copy as the cut start of its first sentence (truncation.prefix)."""
    # The paragraph under it may belong to this copy or to another version found beside it.
    if v.removed != "later" or len(v.removed_blocks) < 2 or v.removed_blocks[0] + 1 >= len(doc.blocks):
        return v
    block, under = doc.blocks[v.removed_blocks[0]], doc.blocks[v.removed_blocks[0] + 1]
    if len(block.sentences) < 2 or not under.sentences or terminated(block.sentences[-1].text):
        return v
    title = block.sentences[-1].text.lstrip("\"\u201d\u2019 ")
    title = title[lexicon.kicker(title) :]
    if len(title.split()) < 4 or not under.sentences[0].text.startswith(title):
        return v
    removed = v.removed_blocks[1:]
    return replace(v, removed_blocks=removed, span=Span(doc.blocks[removed[0]].span.start, v.span.end))


def _cut_title_above(doc: Document, first: int, settings: Settings, reach: int = 4) -> int:
    """``first``, or the block of a title line at most ``reach`` blocks above it whose words open
    the paragraph right under it (``As Ilkay Gundogan, 26, embarks on the`` above ``As Ilkay
    Gundogan, 26, embarks on the final stretch…``), when every paragraph between the one under it and
    ``first`` has a sentence that re-tells part of the text before the title."""
    for title in range(first - 1, max(0, first - reach) - 1, -1):
        block = doc.blocks[title]
        under = doc.blocks[title + 1] if title + 1 < len(doc.blocks) else None
        words = block.text.split()
        if block.sentences and block.kind is not Kind.HEADING or under is None or not under.sentences:
            continue
        if len(words) < 4 or terminated(block.text) or not under.text.startswith(block.text.strip() + " "):
            continue
        # The paragraph the title was cut from is the copy's by its title; the others must re-tell.
        between = [b for b in doc.blocks[title + 2 : first] if b.sentences]
        if not between or _retell_some(doc, between, title, settings):
            return title
        return first
    return first


def _retell_some(doc: Document, blocks: list[Block], before: int, settings: Settings) -> bool:
    """Whether each of ``blocks`` has a sentence that shares at least the chain's floor of its
    weight with a sentence (or two in a row) of the text before block ``before``."""
    passages = sentence_passages(doc, settings)
    stems = [passages[s.index].stems for s in doc.sentences]
    weights = sentence_weights(doc, settings)
    earlier = bisect_left([s.block for s in doc.sentences], before)  # the sentences before it: 0 … earlier - 1
    pairs = [stems[i] | stems[i + 1] if i + 1 < earlier else stems[i] for i in range(earlier)]

    def retells(group: frozenset[str]) -> bool:
        total = weight(group, weights)
        return bool(total) and any(weighted_coverage(group, pair, weights, total) >= settings.aligned_chain_floor
                                   for pair in pairs)

    return all(any(retells(stems[s.index]) for s in block.sentences) for block in blocks)


def _new_names(doc: Document, one: int, other: int) -> list[str]:
    """The names of sentence ``one`` that sentence ``other`` lacks in any form."""
    cache = doc.cache.setdefault("retellings.sentence_facts", {})
    for k in (one, other):
        if k not in cache:
            text = doc.sentences[k].text
            cache[k] = (set(facts(text).names), known_facts(text))
    names, _ = cache[one]
    return [fact for fact in new_facts(doc.sentences[one].text, cache[other][1]) if fact in names]


def aligned_version(
    doc: Document, settings: Settings, taken: set[int], look_alikes: frozenset[int] = frozenset(),
    kept: set[int] = frozenset(),
) -> SecondVersion | None:
    """The second version the best aligned run makes, less the blocks already removed
    (``taken``); None when there is none or it adds nothing. ``look_alikes`` holds the later
    blocks of look-alike pairs: a run right under one (a brief on another contract, whose
    further sentences repeat the template) tells another story."""
    run = best_run(doc, settings)
    # A run that holds a kept copy (the complete copy of a story whose first copy is cut
    # short) is left to the paragraph analysis.
    if run is None or any(run.start <= b < run.stop for b in kept):
        return None
    lead = next((b.index for b in reversed(doc.blocks[: run.start]) if b.sentences), None)
    if lead is not None and lead in look_alikes:
        return None
    # A line said again on purpose ("the same answer I gave you at the start") is no copy.
    said = [doc.sentences[j] for j, _, _ in run.alignment] + [doc.sentences[i] for _, i, _ in run.alignment if i >= 0]
    if any(lexicon.SAID_ON_PURPOSE.search(s.text) for s in said):
        return None
    stop = run.stop
    summaries = restatements(doc)
    for block in doc.blocks[run.start : run.stop]:
        if block.index in summaries and block.kind is Kind.LABEL and is_summary_heading(block.label):
            stop = block.index  # a labelled summary after the copy restates on purpose
            break
    opening = next(j for j, _, _ in run.alignment if j in run.chained)
    first = doc.sentences[opening].block
    # A run whose first re-telling sentence ends a paragraph that the earlier text goes on in (a
    # copy's title glued onto its last line) starts at the next paragraph: truncation.prefix
    # takes the glued title with the copy.
    if _glued_title_block(doc, run) == first and first + 1 < stop:
        first += 1
    # A run that crosses the line ending a news item starts after it: what comes before
    # belongs to the earlier item.
    told = {doc.sentences[j].block for j in run.chained}
    ends = [b.index for b in doc.blocks[first:stop] if _ends_item(doc, b) and any(t > b.index for t in told)]
    if ends:
        first = ends[-1] + 1
    # Copies found already mark where the copying starts: before the first of them, only the
    # blocks re-telling clearly, back to back, go with the run.
    # A title said again (the copy's headline) marks it too.
    # A run whose opening re-tells the story's lead starts there all the same: a copy told from
    # the top, some of whose paragraphs were found first by their order.
    titles = {fold(b.text) for b in doc.blocks[:first] if b.kind is Kind.HEADING}
    retitled = next((b for b in range(first, stop)
                     if doc.blocks[b].kind is Kind.HEADING and fold(doc.blocks[b].text) in titles), None)
    clear = _clearly_retold(doc, run, settings)
    copied = next((b for b in range(first, stop) if b in taken), None)
    if copied is not None and retitled is None and first in clear and _opens_with_the_lead(doc, run):
        copied = first
    copied = min((b for b in (copied, retitled) if b is not None), default=None)
    if copied is not None:
        # Back from the first copy to the run's opening, with the title lines right above it.
        floor, first = first, copied
        while floor - 1 >= run.start and not _says_something(doc.blocks[floor - 1]):
            floor -= 1
        while first - 1 >= floor and doc.blocks[first].kind is not Kind.HEADING \
                and (first - 1 in clear or not _says_something(doc.blocks[first - 1])):
            first -= 1
    later = [b.index for b in doc.blocks[first : stop]
             if b.index not in taken and (b.sentences or b.kind in (Kind.HEADING, Kind.BYLINE))]
    prose = [i for i in later if doc.blocks[i].sentences]
    if not prose:
        return None
    # Before the copies found already, the run must re-tell on its own: one whole sentence that
    # re-tells loosely, right above the first copy (a story's closing line, beside its lead),
    # is the end of the story copied, not the start of the copy (a title line cut short is, and a
    # page's boilerplate line may be either).
    copies = sorted(taken & set(range(first, stop)))
    own = [c for j, _, c in run.alignment if doc.sentences[j].block in prose]
    if copies and max(prose) < copies[0] and sum(len(doc.blocks[i].sentences) for i in prose) == 1 \
            and max(own, default=0.0) < 0.9 and terminated(doc.blocks[prose[0]].text) \
            and not any(p.match(doc.blocks[prose[0]].text.strip()) for p in lexicon.boilerplate_patterns()):
        return None
    counterpart: dict[int, list[tuple[int, float]]] = {}
    for j, i, c in run.alignment:
        if i >= 0 and c >= (_TAIL_LOOSE if run.faithful else settings.aligned_support):
            counterpart.setdefault(doc.sentences[j].block, []).append((doc.sentences[i].block, c))
    pairs = []
    for b in prose:
        found = counterpart.get(b)
        if not found:
            continue
        earlier = Counter(a for a, _ in found).most_common(1)[0][0]
        score = sum(c for _, c in found) / len(found)
        pairs.append(Match("reworded", "paragraph", _passage(doc, earlier, settings), _passage(doc, b, settings), score))
    if not pairs:
        return None
    # A title line above the copy ("Update: Library shut after leak") goes with it; a summary's
    # label ("Summary:") never heads a copy.
    above = doc.blocks[later[0] - 1] if later[0] > 0 else None
    if above is not None and above.kind is Kind.LABEL and above.index not in taken \
            and not is_summary_heading(above.label) and len(above.text.split()) <= 16:
        later = [above.index] + later
    removed = with_leading_headings(doc, later)
    kept = sorted({m.earlier.index for m in pairs})
    return SecondVersion(
        removed_blocks=tuple(removed), kept_blocks=tuple(kept), pairs=tuple(pairs),
        span=Span(doc.blocks[removed[0]].span.start, doc.blocks[removed[-1]].span.end),
        related=Span(doc.blocks[kept[0]].span.start, doc.blocks[kept[-1]].span.end),
        removed="later", evidence=run.as_details(),
        # In a faithful tail, which brings no fact of its own, only what shares nothing with the
        # story is news; its filler ("Tensions ran high as accusations flew") is not.
        unsupported=tuple(sorted({j for j, _, c in run.alignment
                                  if c < (_TAIL_LOOSE if run.faithful else settings.aligned_unsupported)
                                  and doc.sentences[j].block in later}
                                 | _said_nowhere_before(doc, run, later, settings))),
    )


# At most this many sentences after a run, to the end of the text, may be its closing lines.
_CLOSING_SENTENCES = 2
# A copy whose paragraphs re-tell theirs with less than this coverage, on average, is reworded.
_REWORDED = 0.9


def with_closing_lines(doc: Document, v: SecondVersion, settings: Settings, taken: set[int],
                       gone: set[int] = frozenset()) -> SecondVersion:
    """``v``, with the copy's closing lines when it stops a sentence or two before the end of
    the text: prose in paragraphs of their own that brings no name, figure, date or quotation
    the text before the copy lacks (``All things considered, this is an event you won't want to
    miss.``). A rewrite ends on such a line of comment; whatever brings a fact of its own stays,
    and after paragraphs repeated nearly word for word (a scraper's repeat, not a rewrite) the
    text goes on with the story's own lines.
    Blocks in ``taken`` are removed already; sentences in ``gone`` are removed on their own."""
    if v.removed != "later" or not v.removed_blocks or not v.pairs:
        return v
    if sum(m.score for m in v.pairs) / len(v.pairs) >= _REWORDED:
        return v  # paragraphs repeated nearly word for word: the text after them is the story going on
    # Copies removed already (the rewrite saved twice) are not what it stops before.
    after = [b for b in doc.blocks[max(v.removed_blocks) + 1 :] if b.index not in taken]
    sentences = [s for b in after for s in b.sentences]
    if not sentences or len(sentences) > _CLOSING_SENTENCES or any(s.index in gone for s in sentences):
        return v
    if any(b.kind is Kind.HEADING or (b.text.strip() and not b.sentences) for b in after):
        return v
    if _brings_news(doc, sentences, doc.blocks[v.removed_blocks[0]].span.start, settings):
        return v
    closing = [b.index for b in after if b.sentences]
    return replace(v, removed_blocks=tuple(sorted((*v.removed_blocks, *closing))),
                   span=Span(v.span.start, doc.blocks[closing[-1]].span.end))


def _brings_news(doc: Document, sentences: list, before: int, settings: Settings) -> bool:
    """Whether any of ``sentences`` gives a name, figure or date that the text before offset
    ``before`` lacks, or a quotation that no sentence there says, even in part (see
    :func:`dedup.quotes.new_quotations`)."""
    known = known_facts(doc.text[:before])
    if any(new_facts(s.text, known) for s in sentences):
        return True
    passages = sentence_passages(doc, settings)
    said = sayings(passages[s.index].stems for s in doc.sentences if s.span.end <= before)
    plain = " ".join(doc.text[:before].lower().split())
    return any(new_quotations(s.text, said, plain) for s in sentences)


def _says_something(block: Block) -> bool:
    """Whether ``block`` holds sentences, or is a line read as a heading that holds a whole one
    (the story's last line before its sign-off: ``…to comment. - Sapa``), which no copy takes."""
    return bool(block.sentences) or holds_a_sentence(block.text)


def _said_nowhere_before(doc: Document, run: RunEvidence, blocks: list[int], settings: Settings) -> set[int]:
    """The sentences of ``blocks`` too short to be aligned ("Campaigners plan a petition.") that
    no sentence of the earlier text, alone or with the next, covers even ``aligned_unsupported``
    of: they say something new, like the run's unsupported sentences."""
    compared = {j for j, _, _ in run.alignment}
    short = [s.index for b in blocks for s in doc.blocks[b].sentences if s.index not in compared]
    if not short:
        return set()
    passages = sentence_passages(doc, settings)
    stems = [passages[s.index].stems for s in doc.sentences]
    weights = sentence_weights(doc, settings)
    earlier = [i for i in range(run.first_sentence) if stems[i]]
    found = set()
    for j in short:
        if len(stems[j]) < 2:
            continue  # "He said." carries nothing to compare
        total = weight(stems[j], weights)
        if all(weighted_coverage(stems[j], stems[i] | (stems[i + 1] if i + 1 < run.first_sentence else frozenset()),
                                 weights, total) < settings.aligned_unsupported for i in earlier):
            found.add(j)
    return found


def _opens_with_the_lead(doc: Document, run: RunEvidence) -> bool:
    """Whether the run's first re-telling sentence re-tells one of the first two sentences of
    the earlier text."""
    opening = next(((j, i) for j, i, _ in run.alignment if j in run.chained), None)
    if opening is None:
        return False
    lead = [s.index for s in doc.sentences[: run.first_sentence] if len(s.text.split()) >= 4][:2]
    return opening[1] in lead


def _ends_item(doc: Document, block) -> bool:
    """Whether ``block`` is, or ends with, a line that closes a news item (``Reuter``)."""
    lines = [line.strip() for line in doc.text[block.span.start : block.span.end].splitlines() if line.strip()]
    return bool(lines) and lexicon.ends_a_story(lines[-1])


def _clearly_retold(doc: Document, run: RunEvidence, settings: Settings) -> set[int]:
    """Blocks of the run at least half of whose compared sentences are on the chain, one of them
    re-telling an earlier sentence clearly."""
    votes: dict[int, list[tuple[bool, float]]] = {}
    for j, _, c in run.alignment:
        votes.setdefault(doc.sentences[j].block, []).append((j in run.chained, c))
    return {b for b, flags in votes.items()
            if 2 * sum(on for on, _ in flags) >= len(flags) and max(c for _, c in flags) >= settings.aligned_support}


def _passage(doc: Document, index: int, settings: Settings):
    block = doc.blocks[index]
    return passage(block.index, block.body, block.text, settings)
