"""Find the repeated passages of one document and decide which copy stays.

Stages, each producing plain data for the next:

1. :mod:`dedup.passages` turns prose blocks and sentences into :class:`Passage` objects
   (words, word shingles, stemmed content words).
2. :func:`paragraph_matches` pairs paragraphs: exact, near-verbatim (rapidfuzz ratio),
   and reworded (content-word coverage), with candidates from MinHash LSH.
3. :func:`dedup.versions.second_versions` groups reworded pairs into runs: a run of later
   paragraphs that re-tells an earlier run is one second version. Among the paragraphs left,
   :func:`dedup.versions.ordered_retellings` finds rewrites in synonyms by their order.
4. :func:`sentence_matches` pairs the sentences of paragraphs that survive.
5. :func:`analyse` decides which copy of each pair is removed and which sentences
   only the removed copy has.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from . import lexicon
from .config import Settings
from .entities import different_subject, differences, facts, numbers_of, tokens
from .news import known_facts, new_facts, new_value_share, with_text
from .normalize import TOKEN_RE, content_stems, fold, stems_of, token_stem
from .passages import Match, Passage, Sketches, passage, sentence_passages, sketches
from .prose import closed, cut_short
from .quotes import new_quotations, sayings
from .retellings import aligned_version, from_cut_title, with_closing_lines, without_the_story_end
from .segment import SENTENCE_END, Document, Kind, Sentence
from .similarity import band_pairs_among, idf_weights, near_ratio, prefix_ratio, weight, weighted_coverage
from .slots import slot_values
from .versions import SecondVersion, companions, ordered_retellings, restatements, second_versions, sections

__all__ = ["Analysis", "Match", "Passage", "SecondVersion", "UniqueSentence", "analyse", "sentence_passages"]


@dataclass(frozen=True, slots=True)
class UniqueSentence:
    """A sentence of a removed copy that carries something the kept text lacks."""

    sentence: Sentence
    new_terms: tuple[str, ...]
    news: bool = False  # the new terms hold a name, number or date: removing it is unsafe


@dataclass(frozen=True, slots=True)
class Analysis:
    paragraph_matches: tuple[Match, ...]
    sentence_matches: tuple[Match, ...]
    second_versions: tuple[SecondVersion, ...]
    unique_sentences: tuple[UniqueSentence, ...]  # new plain words only: listed, removed
    news: tuple[UniqueSentence, ...]  # new names, numbers or dates: kept unless unsafe fixes apply
    template_pairs: tuple[tuple[Passage, Passage, float], ...]  # look alike, different subject
    removed_blocks: frozenset[int]
    removed_sentences: frozenset[int]
    companions: dict[int, int]  # block -> the removed block it goes with (titles, bylines of a copy)
    said_again: tuple[Match, ...] = ()  # sentences repeated word for word that stay (on purpose, it seems)


def analyse(doc: Document, settings: Settings) -> Analysis:
    """The duplicate analysis of ``doc``, computed once and shared by every rule."""
    return doc.memo("analysis", lambda: _analyse(doc, settings))


def _analyse(doc: Document, settings: Settings) -> Analysis:
    sketched = sketches(doc, settings)
    paragraphs = sketched.paragraphs
    weights = idf_weights([p.stems for p in paragraphs])
    verbatim, reworded, templates, coverages = paragraph_matches(sketched, weights, settings)
    verbatim, reworded, templates = _settle_look_alikes(doc, paragraphs, verbatim, reworded, templates)
    stutters = _stutters(doc, {m.later.index for m in verbatim}, settings)
    verbatim = sorted(verbatim + stutters, key=lambda m: m.later.index)
    copies = {m.later.index for m in verbatim}
    verbatim = [m for m in verbatim if not _quoted_again(doc, m, copies)]
    # A copy cut short inside a paragraph whose whole telling, much longer, comes later.
    verbatim = sorted(verbatim + _cut_openings(doc, paragraphs, verbatim), key=lambda m: m.later.index)
    look_alike_blocks = frozenset(b.index for _, b, _ in templates)
    partners: dict[int, list[int]] = {}
    for a, b, _ in templates:
        partners.setdefault(b.index, []).append(a.index)

    def another_item(v: SecondVersion) -> bool:
        return _another_item(doc, v, settings, look_alike_blocks, partners)

    versions = [v for v in second_versions(doc, paragraphs, reworded, weights, settings, look_alike_blocks)
                if not another_item(v)]

    core: set[int] = {m.removed_passage.index for m in verbatim}
    for v in versions:
        core.update(v.removed_blocks)
    # Rewrites in synonyms, among the paragraphs left: found by their order (dedup.versions).
    for v in ordered_retellings(doc, paragraphs, coverages, weights, core, settings):
        if not another_item(v):
            versions.append(v)
            core.update(v.removed_blocks)
    # Rewrites regrouped into other paragraphs: found by aligning their sentences (dedup.retellings).
    # Later copies kept in place of an earlier one cut short must not be taken by a re-telling.
    kept = {b for v in versions if v.removed == "earlier" for b in v.kept_blocks} \
        | {m.later.index for m in verbatim if m.removed == "earlier"}
    aligned = aligned_version(doc, settings, core, look_alike_blocks, kept)
    if aligned is not None and not another_item(aligned):
        versions.append(aligned)
        core.update(aligned.removed_blocks)
    # A paragraph whose kept twin a re-telling then takes stays: the one copy left of it.
    retold = {b for v in versions for b in v.removed_blocks}
    orphans = [m for m in verbatim if m.kept_passage.index in retold and m.removed_passage.index not in retold]
    if orphans:
        verbatim = [m for m in verbatim if m not in orphans]
        core = {m.removed_passage.index for m in verbatim} | retold
    # A copy whose own title, cut from its first words, stands a few paragraphs above the run
    # found: the paragraphs in between go with it.
    # And one that opens on the story's last paragraph, for the copy's title glued onto it,
    # leaves that paragraph to the story.
    for k, v in enumerate(versions):
        trimmed = without_the_story_end(doc, v)
        if trimmed is not v:
            core.discard(v.removed_blocks[0])
        versions[k] = extended = from_cut_title(doc, trimmed, core, settings)
        core.update(extended.removed_blocks)
    attached = companions(doc, core, *_repeats(verbatim, core))
    removed_blocks = core | set(attached)

    look_alikes = frozenset((a.index, b.index) for a, b, _ in templates)
    sentences, restated, repeats = sentence_matches(doc, removed_blocks, settings, look_alikes)
    restated = [m for m in restated if not _quoted_again(doc, m, copies)]
    if restated:
        verbatim = sorted(verbatim + restated, key=lambda m: m.later.index)
        core.update(m.removed_passage.index for m in restated)
        attached = companions(doc, core, *_repeats(verbatim, core))
        removed_blocks = core | set(attached)
    removed_sentences = {m.removed_passage.index for m in sentences}
    # A copy that stops a line of comment before the end of the text (once the other copies
    # are gone) takes that line along.
    for k, v in enumerate(versions):
        extended = with_closing_lines(doc, v, settings, removed_blocks, removed_sentences)
        if extended is not v:
            versions[k] = extended
            core.update(extended.removed_blocks)
            attached = companions(doc, core, *_repeats(verbatim, core))
            removed_blocks = core | set(attached)
    rewritten = frozenset(b for v in versions if v.in_order for b in v.removed_blocks)
    # A near copy's counterpart: a value it replaces is news even when said elsewhere.
    counterparts = {s.index: m.kept_passage.text for m in verbatim if m.kind == "near"
                    for s in doc.blocks[m.removed_passage.index].sentences}
    counterparts.update({m.removed_passage.index: m.kept_passage.text for m in sentences if m.kind == "near"})
    unique = unique_sentences(doc, removed_blocks, removed_sentences, settings, rewritten, counterparts)
    # What a run found by its sentences does not re-tell at all is news too (dedup.retellings).
    unsupported = {j for v in versions for j in v.unsupported}
    unique = [UniqueSentence(u.sentence, u.new_terms, news=True) if u.sentence.index in unsupported else u
              for u in unique]
    news = [u for u in unique if u.news]
    return Analysis(
        paragraph_matches=tuple(verbatim),
        sentence_matches=tuple(sentences),
        second_versions=tuple(versions),
        unique_sentences=tuple(u for u in unique if not u.news),
        news=tuple(news),
        template_pairs=tuple({(a.index, b.index): (a, b, score) for a, b, score in templates}.values()),
        removed_blocks=frozenset(removed_blocks),
        removed_sentences=frozenset(removed_sentences),
        companions=attached,
        said_again=tuple(m for m in repeats if m.later.index not in removed_sentences
                         and doc.sentences[m.later.index].block not in removed_blocks),
    )


def _another_item(doc: Document, v: SecondVersion, settings: Settings, look_alikes: frozenset[int] = frozenset(),
                  partners: dict[int, list[int]] | None = None) -> bool:
    """Whether a re-telling inside a news item of its own (after the line that ends the item
    before: ``Reuter``, ``&#3;``) belongs to another story on the same subject, or to a
    follow-up, rather than to the same item sent again: the item opens like the one before but
    on another party, or it brings facts of its own."""
    if v.removed != "later":
        return False
    first = v.removed_blocks[0]
    opening = _item_opening(doc, first)
    if opening is None:
        return False
    # An item that opens like an earlier paragraph but names a party that paragraph does not
    # (the same accord, signed with Britain rather than France) is another story, whichever of
    # its paragraphs re-tell.
    lead = next((b.index for b in doc.blocks[opening : first + 1] if b.sentences), None)
    if lead is not None and lead in look_alikes:
        text = doc.blocks[lead].text
        names = set(facts(text).names)
        earlier = [doc.blocks[b].text for b in (partners or {}).get(lead, ())] \
            or [doc.text[: doc.blocks[lead].span.start]]
        if any(any(fact in names for fact in new_facts(text, known_facts(other))) for other in earlier):
            return True
    if opening != first:
        return False  # a re-telling further into the item is weighed on its own, as any other
    # The re-telling's own values, then the whole item's: a follow-up re-tells the first story's
    # lead and goes on with news of its own.
    known = known_facts(doc.text[: doc.blocks[first].span.start])
    return any(new_value_share((s.text for index in blocks for s in doc.blocks[index].sentences), known)
               > settings.item_new_values for blocks in (v.removed_blocks, _item_blocks(doc, first)))


def _item_blocks(doc: Document, first: int) -> range:
    """The paragraphs of the news item that opens at ``first``: up to the line that ends it
    (``Reuter``), or to the end of the text."""
    end = next((b.index for b in doc.blocks[first:] if b.text.strip() and lexicon.ends_a_story(b.text)),
               len(doc.blocks))
    return range(first, end + 1 if end < len(doc.blocks) else end)


def _item_opening(doc: Document, block: int) -> int | None:
    """The first block of the news item that holds ``block`` (its headline or first paragraph),
    when a line ending an item (``Reuter``, ``&#3;``) comes before it; None when it belongs to the
    first item."""
    ends = [b.index for b in doc.blocks[:block] if b.text.strip() and lexicon.ends_a_story(b.text)]
    if not ends:
        return None
    return next((b.index for b in doc.blocks[ends[-1] + 1 : block + 1] if b.text.strip()), None)


def _quoted_again(doc: Document, m: Match, copies: set[int]) -> bool:
    """A quotation standing as its own paragraph, quoted again on purpose: the paragraph before
    the later copy introduces it (``the passage I returned to was the one from its opening
    chapters:``) and is no copy itself. A review that closes on the line it opened with."""
    later = doc.blocks[m.later.index]
    if m.later.index == 0 or later.text[:1] not in "\"\u201c\u2018'":
        return False
    before = doc.blocks[m.later.index - 1]
    return before.is_prose and before.text.rstrip().endswith(":") and before.index not in copies


def _stutters(doc: Document, paired: set[int], settings: Settings) -> list[Match]:
    """A line said twice in a row, word for word, that the paragraph comparison does not see (a
    photo caption or a title read as a heading): the scraper's stutter, whose second copy goes.
    So does the article's headline, eight words or more, standing again on a line of its own
    further down (a page's title that the extractor picked up twice)."""
    found = []
    title = next((b for b in doc.blocks if b.text.strip()), None)
    for a, b in zip(doc.blocks, doc.blocks[1:]):
        if b.kind is not Kind.HEADING or b.index in paired:
            continue
        words = len(b.text.split())
        if words >= 4 and fold(a.text) == fold(b.text):
            earlier = a
        elif title is not None and title.kind is Kind.HEADING and words >= 8 and b.index > title.index + 1 \
                and fold(title.text) == fold(b.text):
            earlier = title
        else:
            continue
        found.append(Match("exact", "paragraph", passage(earlier.index, earlier.body, earlier.text, settings),
                           passage(b.index, b.body, b.text, settings), 1.0))
    return found


def _settle_look_alikes(
    doc: Document, paragraphs: list[Passage], verbatim: list[Match], reworded: list[Match],
    templates: list[tuple[Passage, Passage, float]],
) -> tuple[list[Match], list[Match], list[tuple[Passage, Passage, float]]]:
    """Pairs whose context says what the words alone cannot: a re-telling that tells other
    values, and near copies between two parallel stories, are look-alikes; a look-alike inside
    a copied run of paragraphs is a copy that changed one value."""
    other_values = [m for m in reworded if _tells_other_values(doc, m)]
    if other_values:
        reworded = [m for m in reworded if m not in other_values]
        # Reported as look-alikes when they read alike too, as different_subject pairs are.
        known = {(a.index, b.index) for a, b, _ in templates}
        templates.extend((m.earlier, m.later, ratio / 100) for m in other_values
                         if (m.earlier.index, m.later.index) not in known
                         and (ratio := near_ratio(m.earlier.loose, m.later.loose)) >= 60)
    parallel = _in_parallel_stories(doc, verbatim, templates)
    if parallel:
        verbatim = [m for m in verbatim if m not in parallel]
        templates = templates + [(m.earlier, m.later, m.score) for m in parallel]
    copied = _in_copied_runs(paragraphs, verbatim, templates)
    if copied:
        verbatim = sorted(verbatim + copied, key=lambda m: m.later.index)
        moved = {(m.earlier.index, m.later.index) for m in copied}
        templates = [t for t in templates if (t[0].index, t[1].index) not in moved]
    return verbatim, reworded, templates


def _in_copied_runs(
    paragraphs: list[Passage], verbatim: list[Match], templates: list[tuple[Passage, Passage, float]]
) -> list[Match]:
    """Look-alikes that continue a copied run: the two paragraphs before each are copies of one
    another, in order, as are the two before those, and the pair reads alike (a near-verbatim
    score) with one name or number changed. A copy of three paragraphs that moves the story to
    ``Hollins Heath`` in its third is one copy in conflict, not another story."""
    position = {p.index: n for n, p in enumerate(paragraphs)}
    copies = {(m.earlier.index, m.later.index) for m in verbatim}

    def copied_before(a: int, b: int, steps: int) -> bool:
        i, j = position[a], position[b]
        return i >= steps and all((paragraphs[i - k].index, paragraphs[j - k].index) in copies
                                  for k in range(1, steps + 1))

    found: dict[int, Match] = {}
    for a, b, score in templates:
        if score * 100 < 90 or b.index in found or a.index not in position or b.index not in position:
            continue
        only_a, only_b = differences(a.text, b.text)
        if len(only_a) == 1 and len(only_b) == 1 and copied_before(a.index, b.index, 2):
            found[b.index] = _with_truncation_choice(Match("near", "paragraph", a, b, score))
    return list(found.values())


def _tells_other_values(doc: Document, m: Match) -> bool:
    """A paragraph that re-tells another in its words but fills two or more of its slots with
    other values (``closed for about four hours`` against ``nearly seven hours``, ``five miles``
    against ``eight miles``): the same kind of event told twice, not one event told twice.
    A second version that disagrees on one value is still a second version (and a conflict)."""
    later = _values(m.later.text)
    earlier = set().union(*(_values(p.text) for p in (m.earlier, *m.partners)))
    if len(later - earlier) < 2 or len(earlier - later) < 2:
        return False  # two slots told otherwise need two values on each side that the other lacks
    earlier = [t for p in (m.earlier, *m.partners) for t in tokens(doc, p.span)]
    return sum(1 for _ in slot_values(tuple(earlier), tokens(doc, m.later.span), names=False)) >= 2


def _values(text: str) -> set[str]:
    """Numbers (digits or number words) and capitalised weekday and month names in ``text``."""
    calendar = lexicon.calendar_words()
    return set(numbers_of(text)) | {w for w in _CAPITALISED.findall(text) if w.lower() in calendar}


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")


def _in_parallel_stories(
    doc: Document, verbatim: list[Match], templates: list[tuple[Passage, Passage, float]]
) -> list[Match]:
    """Near copies that differ in a value, between two sections (under two headings) that also
    hold look-alike paragraphs about different things: two stories of one kind, each closing
    with the same appeal but its own incident number. Each copy tells its own story."""
    heading = {b.index: h for h, under in sections(doc.blocks).items() for b in under}
    section = [heading.get(b.index, -1) for b in doc.blocks]  # -1: before the first heading
    parallel = {(section[a.index], section[b.index]) for a, b, _ in templates}
    return [m for m in verbatim if m.kind == "near" and section[m.earlier.index] != section[m.later.index]
            and (section[m.earlier.index], section[m.later.index]) in parallel]


# --- stage 2: paragraph pairs ------------------------------------------------------------------


def paragraph_matches(
    sketched: Sketches, weights: dict[str, float], settings: Settings
) -> tuple[list[Match], list[Match], list[tuple[Passage, Passage, float]], dict[int, list[tuple[float, int]]]]:
    """Verbatim pairs (each later copy paired once), reworded pairs, look-alikes about different
    subjects, and the content-word coverage of each later paragraph by its earlier candidates."""
    paragraphs = sketched.paragraphs
    verbatim: dict[int, Match] = {}
    templates: list[tuple[Passage, Passage, float]] = []
    first_by_text: dict[str, Passage] = {}
    for p in paragraphs:
        seen = first_by_text.get(p.loose)
        if seen is None:
            first_by_text[p.loose] = p
        else:
            # Equal words, but the earlier stops without its full stop: it is the cut one.
            verbatim[p.index] = _with_truncation_choice(Match("exact", "paragraph", seen, p, 1.0))

    originals = [k for k, p in enumerate(paragraphs) if p.index not in verbatim]  # copies pair no further
    for i, j in sorted(band_pairs_among(sketched.paragraph_shingles, originals, *settings.shingle_bands)):
        a, b = paragraphs[i], paragraphs[j]
        if b.index in verbatim or a.loose == b.loose:
            continue
        score = _near_score(a, b, settings.near_ratio)
        if score < settings.near_ratio:
            continue
        if different_subject(a.text, b.text):
            templates.append((a, b, score / 100))
            continue
        verbatim[b.index] = _with_truncation_choice(Match("near", "paragraph", a, b, score / 100))

    coverages: dict[int, list[tuple[float, int]]] = {}
    reworded = reworded_matches(sketched, weights, settings, set(verbatim), templates, coverages)
    return sorted(verbatim.values(), key=lambda m: m.later.index), reworded, templates, coverages


def reworded_matches(
    sketched: Sketches, weights: dict[str, float], settings: Settings,
    repeated: set[int], templates: list[tuple[Passage, Passage, float]],
    coverages: dict[int, list[tuple[float, int]]] | None = None,
) -> list[Match]:
    """For each later paragraph, the earlier paragraph (plus at most one partner it merges in)
    whose content words cover it, when most of its sentences are supported by them.

    ``coverages``, when given, receives ``(coverage, i)`` for every candidate ``i`` of each later
    paragraph ``j`` (positions in ``sketched.paragraphs``)."""
    coverages = {} if coverages is None else coverages
    options: dict[int, list[tuple[float, int]]] = {}
    cut: dict[int, list[tuple[float, int]]] = {}
    paragraphs = sketched.paragraphs
    # Each paragraph meets several candidates: what it brings to a pair is looked at once.
    stems = [p.stems for p in paragraphs]
    totals = [weight(p.stems, weights) for p in paragraphs]
    cut_short = [_cut_short(p) for p in paragraphs]
    # A short line (an interview question) is "covered" by almost anything: it takes no part.
    eligible = [p.index not in repeated and len(p.stems) >= settings.min_reworded_stems for p in paragraphs]
    # In a long text the content-word bands fill with paragraphs that share its topic words; a
    # smaller bucket keeps the pairs growing with the text, not with its square.
    largest = settings.long_text_bucket if len(paragraphs) > settings.long_text_paragraphs else None
    for i, j in band_pairs_among(sketched.paragraph_stems, [k for k, e in enumerate(eligible) if e],
                                 *settings.content_bands, largest):
        coverage = weighted_coverage(stems[j], stems[i], weights, totals[j])
        coverages.setdefault(j, []).append((coverage, i))
        if coverage >= 0.2:
            options.setdefault(j, []).append((coverage, i))
        if cut_short[i]:
            contained = weighted_coverage(stems[i], stems[j], weights, totals[i])
            if contained >= settings.reworded_coverage:
                cut.setdefault(j, []).append((contained, i))
    matches: list[Match] = []
    strong_enough = {j for j, found in options.items() if max(found)[0] >= settings.reworded_coverage_weak}
    for j, found in sorted(cut.items()):
        if j not in strong_enough:  # an earlier copy cut mid-sentence, contained in this complete one
            contained, i = max(found)
            a, b = paragraphs[i], paragraphs[j]
            matches.append(Match("reworded", "paragraph", a, b, weighted_coverage(b.stems, a.stems, weights),
                                 contained=contained))
    pending = []
    for j, found in sorted(options.items()):
        found.sort(key=lambda o: (-o[0], o[1]))
        later, best = paragraphs[j], paragraphs[found[0][1]]
        partners: tuple[Passage, ...] = ()
        coverage = found[0][0]
        if len(found) > 1:
            partner = paragraphs[found[1][1]]
            merged = weighted_coverage(later.stems, best.stems | partner.stems, weights, totals[j])
            if merged >= coverage + 0.1:  # the later paragraph merges two earlier ones
                partners, coverage = (partner,), merged
        if coverage >= settings.reworded_coverage_weak:
            pending.append((best, later, coverage, partners))
    # A second version needs two strong pairs. With fewer, no pair can end up in one, and
    # only look-alikes (which resemble each other in wording too) are worth telling apart.
    strong = len(matches) + sum(coverage >= settings.reworded_coverage for _, _, coverage, _ in pending)
    for best, later, coverage, partners in pending:
        if strong < 2 and near_ratio(best.loose, later.loose) < 60:
            continue
        if different_subject(best.text, later.text, reworded=True):
            if near_ratio(best.loose, later.loose) >= 60:
                templates.append((best, later, coverage))
            continue
        matches.append(Match("reworded", "paragraph", best, later, coverage, partners=partners))
    return sorted(matches, key=lambda m: m.later.index)


def _cut_short(p: Passage) -> bool:
    """Whether a paragraph looks like a copy that stops mid-sentence: no final punctuation, and
    either long enough to be more than a standfirst or a closing line (``Eleanor Crane,
    botanist, born 3 February 1931``), or stopping on a word no sentence ends on (``the``)."""
    if not cut_short(p.text):
        return False
    words = p.loose.split(" ")
    return len(words) >= 20 or words[-1] in closed("all")


def _near_score(a: Passage, b: Passage, floor: float = 0.0) -> float:
    """Near-verbatim similarity: whole-text ratio, or prefix ratio when one copy was cut short.

    A score below ``floor`` may come back as 0 without being computed: many candidate pairs
    (two in five on the benchmark articles) differ so much in length that the ratio cannot reach it.
    """
    short, long = (a, b) if len(a.loose) <= len(b.loose) else (b, a)
    if len(short.loose) >= 0.3 * len(long.loose) and not SENTENCE_END.search(short.text):
        return max(near_ratio(a.loose, b.loose), prefix_ratio(short.loose, long.loose))
    # The Indel distance is at least the difference in length, so the ratio is at most
    # 200 * short / (short + long); a small margin keeps clear of rounding.
    if 200 * len(short.loose) < (floor - 0.01) * (len(short.loose) + len(long.loose)):
        return 0.0
    return near_ratio(a.loose, b.loose)


# Words an earlier paragraph needs before it can be taken for the cut opening of a later one.
_CUT_OPENING_WORDS = 8


def _a_copy_starts_after(doc: Document, index: int) -> bool:
    """Whether the block after block ``index`` says again, word for word, a block before it."""
    if index + 1 >= len(doc.blocks):
        return False
    first = doc.memo("align.first_of_text", lambda: _first_of_text(doc))
    key = fold(doc.blocks[index + 1].text)
    return bool(key) and first.get(key, index) < index


def _first_of_text(doc: Document) -> dict[str, int]:
    """For each block text (folded), the first block that holds it."""
    first: dict[str, int] = {}
    for block in doc.blocks:
        first.setdefault(fold(block.text), block.index)
    return first


def _cut_openings(doc: Document, paragraphs: list[Passage], verbatim: list[Match]) -> list[Match]:
    """Paragraphs whose every word opens a later, longer paragraph (the last word perhaps cut
    in two, or the later one going on with whole sentences after the full stop where the
    earlier stops): a first copy cut short there, then the story told whole. The pairing by
    similarity leaves them out when the later paragraph is much longer (``…"He is the deals on
    meals prime minister. No wonder the`` against the whole paragraph and the four sentences
    after it). The later, whole paragraph stays and the cut one goes, as
    :func:`_with_truncation_choice` has it for copies of like length."""
    paired = {m.earlier.index for m in verbatim} | {m.later.index for m in verbatim}

    def opening_words(p: Passage) -> str:
        return " ".join(p.loose.split(" ", _CUT_OPENING_WORDS)[:_CUT_OPENING_WORDS])

    # Paragraphs by their first words: a later paragraph the earlier one opens shares them.
    by_opening: dict[str, list[tuple[int, Passage]]] = {}
    for k, p in enumerate(paragraphs):
        by_opening.setdefault(opening_words(p), []).append((k, p))
    found = []
    for k, a in enumerate(paragraphs):
        if a.index in paired or a.loose.count(" ") + 1 < _CUT_OPENING_WORDS:
            continue
        later = [b for j, b in by_opening[opening_words(a)] if j > k and b.index not in paired
                 and b.loose.count(" ") >= a.loose.count(" ") + 2]
        if not later:
            continue  # nearly always: no later paragraph opens with the same words
        # Cut mid-sentence (the last word perhaps in two), or at a full stop before more
        # sentences: then only when a copy of the text starts right after it (a title or a
        # paragraph said before), not a paragraph inside the story that a second version tells
        # with a sentence more.
        if SENTENCE_END.search(a.text.rstrip()):
            if not _a_copy_starts_after(doc, a.index):
                continue
            opening = a.loose + " "
        else:
            opening = a.loose
        for b in later:
            if b.loose.startswith(opening) and not _told_after(b.loose[len(opening) :], paragraphs[k + 1 :], b.index):
                found.append(Match("near", "paragraph", a, b, prefix_ratio(a.loose, b.loose) / 100, removed="earlier",
                                   contained=1.0))
                paired.update((a.index, b.index))
                break
    return found


def _told_after(rest: str, following: list[Passage], before: int) -> bool:
    """Whether ``rest``, what a later paragraph says after the earlier one's words, opens with
    words a paragraph between them says too: the later paragraph is then the story run together
    (a copy that goes), not a paragraph the earlier one was cut from."""
    start = " ".join(rest.split(" ")[:_CUT_OPENING_WORDS])
    return bool(start) and any(start in p.loose for p in following if p.index < before)


def _with_truncation_choice(m: Match) -> Match:
    """Keep the complete copy: drop the earlier one when it is a cut-off prefix of the later,
    which runs on past it by two words or more. The earlier one must show the cut itself: a
    line without final punctuation (a table row, a price list, a brief ending in ``MORE``) is
    not cut short for that alone (see :func:`dedup.prose.cut_short`)."""
    a, b = m.earlier, m.later
    runs_on = b.loose.count(" ") >= a.loose.count(" ") + 2
    if runs_on and cut_short(a.text) and prefix_ratio(a.loose, b.loose) >= 90:
        return Match(m.kind, m.level, a, b, m.score, removed="earlier")
    # Every word of the earlier copy opens the later one, which runs on past where it stops
    # mid-sentence: keeping the later loses nothing, in any language.
    # A word cut in two ("a full bench to h" where the later says "to hear argument") shows it too.
    if b.loose.startswith(a.loose) and not SENTENCE_END.search(a.text.rstrip()) \
            and (runs_on or len(b.loose) > len(a.loose) and b.loose[len(a.loose)] != " "
                 or b.loose == a.loose and SENTENCE_END.search(b.text.rstrip())):  # only its full stop lost
        return Match(m.kind, m.level, a, b, m.score, removed="earlier")
    # Or the earlier copy stops at the end of a sentence and the later one goes on with whole
    # sentences more (a first copy cut between two sentences): the later one tells it all.
    if runs_on and b.loose.startswith(a.loose + " ") and SENTENCE_END.search(a.text.rstrip()):
        return Match(m.kind, m.level, a, b, m.score, removed="earlier",
                     why_earlier="the later copy tells all of it and goes on")
    return m


# --- stage 4: sentence pairs -------------------------------------------------------------------


def sentence_matches(
    doc: Document, removed_blocks: set[int], settings: Settings, look_alikes: frozenset[tuple[int, int]] = frozenset(),
) -> tuple[list[Match], list[Match]]:
    """Repeated sentences between paragraphs that both stay, and paragraphs all of whose
    sentences repeat earlier ones (a copy with a sentence dropped): those go whole.
    ``look_alikes`` holds (earlier, later) blocks that look alike but are about different
    subjects; their sentences are not paired."""
    live = [
        s for s in doc.sentences
        if s.block not in removed_blocks and len(s.text.split()) >= settings.min_sentence_words
    ]
    sketched = sketches(doc, settings)
    passages = [sketched.sentences[s.index] for s in live]
    matches: dict[int, Match] = {}
    first: dict[str, Passage] = {}
    for p in passages:
        seen = first.setdefault(p.loose, p)
        if seen is not p:
            matches[p.index] = _with_truncation_choice(Match("exact", "sentence", seen, p, 1.0))
    rows = sketched.sentence_shingles[[s.index for s in live]]
    originals = [k for k, p in enumerate(passages) if p.index not in matches]  # copies pair no further
    for i, j in sorted(band_pairs_among(rows, originals, *settings.shingle_bands)):
        a, b = passages[i], passages[j]
        if b.index in matches or a.index in matches or a.loose == b.loose:
            continue
        score = _near_score(a, b, settings.near_ratio)
        if score >= settings.near_ratio and not different_subject(a.text, b.text):
            matches[b.index] = _with_truncation_choice(Match("near", "sentence", a, b, score / 100))
    result: list[Match] = []
    restated: list[Match] = []
    by_block: dict[int, list[Match]] = {}
    protected = restatements(doc)
    # A sentence said more than twice keeps its first copy: swapping one pair would leave two.
    said_again = set(matches)
    every = matches
    matches = {i: m for i, m in matches.items()
               if not _in_other_contexts(doc, m, look_alikes)
               and not _echoed(doc, m, said_again, settings.min_sentence_words)}
    # Word-for-word repeats kept as said again on purpose, or told of other subjects: reported.
    kept_repeats = [m for i, m in sorted(every.items()) if i not in matches and m.kind == "exact"]
    pairings = Counter(i for m in matches.values() for i in (m.earlier.index, m.later.index))
    for m in matches.values():
        if _one_of_a_list(doc, m):
            continue
        if pairings[m.earlier.index] == 1:
            m = _standalone_goes(doc, m)
        if doc.sentences[m.removed_passage.index].block in protected:
            continue
        if m.removed == "later":
            by_block.setdefault(doc.sentences[m.later.index].block, []).append(m)
        else:
            result.append(m)
    for block, ms in by_block.items():
        if len(ms) < len(doc.blocks[block].sentences):
            going = {m.later.index for m in ms}
            result.extend(m for m in ms if not _closes_a_kept_quotation(doc, m.later.index, going))
            continue
        source = doc.sentences[ms[0].earlier.index].block
        b, e = doc.blocks[block], doc.blocks[source]
        restated.append(Match("near", "paragraph", passage(e.index, e.body, e.text, settings),
                              passage(b.index, b.body, b.text, settings), sum(m.score for m in ms) / len(ms)))
    return sorted(result, key=lambda m: m.later.index), restated, kept_repeats


def _in_other_contexts(doc: Document, m: Match, look_alikes: frozenset[tuple[int, int]]) -> bool:
    """A templated sentence that tells each brief its own fact: either its two paragraphs look
    alike but are about different subjects ("Analysts had forecast pre-tax profit of £12.1
    million" / "£7.6 million"), or it names nothing itself ("The company maintained its
    full-year guidance.", "Its battery lasted 24 days") and each paragraph around it is about
    another subject."""
    a = doc.sentences[m.earlier.index].block
    b = doc.sentences[m.later.index].block
    if (a, b) in look_alikes:
        return True
    if a == b:
        return False
    if m.kind == "exact" and facts(m.later.text).numbers:
        return False  # a fact of its own said again word for word: a follow-up's background
    return about_other_subjects(doc, m.earlier, m.later)


def _echoed(doc: Document, m: Match, said_again: set[int], min_words: int) -> bool:
    """A sentence said again on purpose: after words that say so in its paragraph (``the same
    answer I gave you at the start``), or in the middle of a later paragraph that says new
    things on both sides of it (a speaker returning to a line). A scraper doubles a sentence
    in place, or runs of sentences (``said_again`` holds every sentence that repeats an
    earlier one); taking one sentence out of the middle of a new paragraph would break what it
    says."""
    later = doc.sentences[m.later.index]
    siblings = doc.blocks[later.block].sentences
    earlier_block = doc.blocks[doc.sentences[m.earlier.index].block]
    if earlier_block.index == later.block or len(siblings) < 3 or len(earlier_block.sentences) < 2:
        return False  # in place, or a pull quote standing alone (see _standalone_goes)
    for copy in (later, doc.sentences[m.earlier.index]):  # in whichever order the two come
        if any(lexicon.SAID_AGAIN.search(s.text) for s in doc.blocks[copy.block].sentences if s.index < copy.index):
            return True  # "The same answer I gave you at the start, really. Because glass …"
    if not siblings[0].index < later.index < siblings[-1].index:
        return False
    # Each neighbour says something new: long enough to have been compared, and no repeat.
    neighbours = (doc.sentences[later.index - 1], doc.sentences[later.index + 1])
    return all(n.index not in said_again and len(n.text.split()) >= min_words for n in neighbours)





def about_other_subjects(doc: Document, earlier: Passage | Sentence, later: Passage | Sentence) -> bool:
    """Whether two sentences that name nobody themselves (``Its battery lasted 24 days in our
    standard test.`` / ``… 31 days …``) stand in paragraphs about different subjects, each of
    several sentences: each then says something of its own paragraph's subject."""
    first = doc.blocks[doc.sentences[earlier.index].block]
    second = doc.blocks[doc.sentences[later.index].block]
    if len(first.sentences) < 2 or len(second.sentences) < 2:
        return False
    if facts(earlier.text).names or facts(later.text).names:
        return False
    return different_subject(first.text, second.text)


def _closes_a_kept_quotation(doc: Document, index: int, going: set[int]) -> bool:
    """Whether sentence ``index`` closes a quotation that a sentence staying before it in its
    paragraph opened: removing it alone would leave the quotation open, so it stays.

    Only double quotation marks count; an apostrophe cannot be told from a closing single mark."""
    sentence = doc.sentences[index]
    block = doc.blocks[sentence.block]
    before = doc.text[block.body.start : sentence.span.start]
    if not before.strip() or _DOUBLE_QUOTES.subn("", before)[1] % 2 == 0:
        return False  # no quotation is open where the sentence starts
    if _DOUBLE_QUOTES.subn("", sentence.text)[1] % 2 == 0:
        return False
    previous = [s.index for s in block.sentences if s.span.end <= sentence.span.start]
    return bool(previous) and previous[-1] not in going


_DOUBLE_QUOTES = re.compile("[\"\u201c\u201d]")


def _one_of_a_list(doc: Document, m: Match) -> bool:
    """A line standing alone among lines like it (the clauses of a contract, the steps of a
    method), quoted later inside a paragraph that discusses it: the list keeps its line and
    the discussion its quotation. A pull quote stands alone between paragraphs."""
    earlier = doc.blocks[doc.sentences[m.earlier.index].block]
    later = doc.blocks[doc.sentences[m.later.index].block]
    if len(earlier.sentences) != 1 or len(later.sentences) < 2:
        return False
    if _NUMBERED_LINE.match(earlier.text):
        return True  # "Clause 4.3 The tenant shall …", "Step 3 Stir for two minutes."
    around = [doc.blocks[i] for i in (earlier.index - 1, earlier.index + 1) if 0 <= i < len(doc.blocks)]
    # Its own copy next to it (a scraper's doubling) makes no list.
    return any(b.is_prose and len(b.sentences) == 1 and fold(b.text) != fold(earlier.text) for b in around)


# A line that opens with its number in a list: a clause, a section, a step.
_NUMBERED_LINE = re.compile(
    r"(?:(?:Clause|Section|Article|Step|Rule|Part|Schedule|Paragraph|Item)\s+\d+(?:\.\d+)*[a-z]?|\d+\.\d+(?:\.\d+)*|\d+[.)])\s")


def _standalone_goes(doc: Document, m: Match) -> Match:
    """A sentence standing alone (a pull quote, a standfirst) that a paragraph later says in
    context, once: the lone copy goes, since taking the sentence out of the paragraph would
    break what follows it ("My grandmother said that")."""
    if m.removed != "later":
        return m
    earlier = doc.blocks[doc.sentences[m.earlier.index].block]
    later = doc.blocks[doc.sentences[m.later.index].block]
    # Both copies whole sentences: a line cut short (no final stop) is not a pull quote.
    whole = SENTENCE_END.search(m.earlier.text) and SENTENCE_END.search(m.later.text)
    if whole and len(earlier.sentences) == 1 and len(later.sentences) > 1:
        return Match(m.kind, m.level, m.earlier, m.later, m.score, removed="earlier",
                     why_earlier="the earlier copy stands alone, the later one is part of a paragraph")
    return m


# --- stage 5: what only the removed copy says --------------------------------------------------


def unique_sentences(
    doc: Document, removed_blocks: set[int], removed_sentences: set[int], settings: Settings,
    rewritten: frozenset[int] = frozenset(), counterparts: dict[int, str] | None = None,
) -> list[UniqueSentence]:
    """Sentences of removed text that carry content words, names or numbers the kept text lacks.

    ``rewritten`` holds the blocks of second versions found by their order (rewrites in synonyms).
    ``counterparts`` maps a removed sentence to the text of the kept copy it nearly repeats: a
    value of the removed copy that replaces one of the kept copy's (16 per cent for 15) is news
    even when the same number stands elsewhere in the kept text.
    """
    counterparts = counterparts or {}
    passages = sentence_passages(doc, settings)
    kept_terms: set[str] = set()
    removed: list[Sentence] = []
    for s in doc.sentences:
        if s.block in removed_blocks or s.index in removed_sentences:
            removed.append(s)
        else:
            kept_terms.update(passages[s.index].stems)
    kept_text: list[str] = []
    for b in doc.blocks:
        if b.index in removed_blocks:
            continue
        if b.kind is Kind.HEADING:
            kept_terms.update(content_stems(b.text))
        if b.sentences:
            kept_text.extend(s.text for s in b.sentences if s.index not in removed_sentences)
        else:
            kept_text.append(b.text)
    known = known_facts("\n".join(kept_text)) if removed else None
    # What the kept text says, sentence by sentence, for telling a quotation said already.
    kept_plain = " ".join(" ".join(kept_text).lower().split()) if removed else ""
    kept_sayings = sayings(passages[s.index].stems for s in doc.sentences
                           if s.block not in removed_blocks and s.index not in removed_sentences) if removed else {}
    found = []
    told = None  # the facts of the news kept so far: a second copy of the same news is no news
    for s in removed:
        facts_new = (new_facts(s.text, known) or _replaced_values(s.text, counterparts.get(s.index))
                     or new_quotations(s.text, kept_sayings, kept_plain))
        if facts_new and (told is None or new_facts(s.text, told)):
            found.append(UniqueSentence(s, tuple(facts_new), news=True))
            known = with_text(known, s.text)
            told = known_facts(s.text) if told is None else with_text(told, s.text)
            continue
        # The passage's words are the sentence's tokens, joined by spaces that no token holds.
        stems = list(dict.fromkeys(stems_of(passages[s.index].loose.split(" "))))
        new = [t for t in stems if t not in kept_terms]
        # A rewrite in synonyms says most sentences in new words: there, plain words count only
        # when most of the sentence is new, while new names, numbers and dates always do.
        paraphrase = s.block in rewritten and len(new) < 0.5 * len(stems)
        if _informative(new, s.text, plain_words=not paraphrase):
            found.append(UniqueSentence(s, tuple(_surface_terms(s.text, new))))
    return found


def _repeats(verbatim, removed: set[int]) -> tuple[frozenset[int], frozenset[int]]:
    """The blocks removed as the later copy of a paragraph repeated word for word, or nearly,
    and the copies kept of the paragraphs whose other copy goes."""
    later = frozenset(m.removed_passage.index for m in verbatim
                      if m.level == "paragraph" and m.kind in ("exact", "near") and m.removed == "later")
    kept = frozenset(m.kept_passage.index for m in verbatim
                     if m.level == "paragraph" and m.removed_passage.index in removed)
    return later, kept


def _replaced_values(sentence: str, counterpart: str | None) -> list[str]:
    """Numbers of ``sentence`` that its near copy ``counterpart`` gives otherwise: the copy has a
    value the counterpart lacks, and the counterpart one the copy lacks.

    >>> _replaced_values("Rates are 15 per cent lower.", "Rates are 15 per cent lower, in 16 towns.")
    []
    >>> _replaced_values("Rates are 16 per cent lower.", "Rates are 15 per cent lower, in 16 towns.")
    ['16%']
    """
    if counterpart is None:
        return []
    mine, theirs = set(numbers_of(sentence)), set(numbers_of(counterpart))
    return sorted(mine - theirs) if mine - theirs and theirs - mine else []


def _informative(new_stems: list[str], text: str, plain_words: bool = True) -> bool:
    """New names, numbers or dates always count; plain words only when there are several."""
    if plain_words and len(new_stems) >= 3:
        return True
    calendar = lexicon.calendar_words()
    plain = [stem for stem in new_stems if not (stem[0].isdigit() or stem in calendar)]
    if len(plain) < len(new_stems):
        return True
    if not plain:
        return False  # nothing new at all: the names of the sentence need not be found
    names = {stems[0] for w in text.split()[1:] if w[:1].isupper() and (stems := content_stems(w))}
    return any(stem in names for stem in plain)


def _surface_terms(text: str, stems: Iterable[str]) -> list[str]:
    """The words of ``text`` behind ``stems``, as written."""
    wanted = set(stems)
    out: list[str] = []
    for m in TOKEN_RE.finditer(text):
        if not wanted:
            break
        stem = token_stem(m.group())
        if stem in wanted:
            out.append(m.group())
            wanted.discard(stem)
    return out
