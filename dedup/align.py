"""Find the repeated passages of one document and decide which copy stays.

Stages, each producing plain data for the next:

1. :func:`prepare` turns prose blocks and sentences into :class:`Passage` objects
   (folded text, word shingles, stemmed content words).
2. :func:`paragraph_matches` pairs paragraphs: exact, near-verbatim (rapidfuzz ratio),
   and reworded (content-word coverage), with candidates from MinHash LSH.
3. :func:`second_versions` groups reworded pairs into runs: a run of later
   paragraphs that re-tells an earlier run is one second version.
4. :func:`sentence_matches` pairs the sentences of paragraphs that survive.
5. :func:`analyse` decides which copy of each pair is removed and which sentences
   only the removed copy has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import takewhile
from typing import Iterable

from . import lexicon
from .config import Settings
from .entities import different_subject
from .models import Span
from .normalize import TOKEN_RE, content_stems, fold, shingles, stems_of, tokens
from .segment import Block, Document, Kind, Sentence
from .similarity import candidate_pairs, idf_weights, near_ratio, prefix_ratio, weighted_coverage

_ENDS_SENTENCE = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]*_]*\s*\Z")


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph or sentence prepared for comparison."""

    index: int  # block index (paragraphs) or sentence index (sentences)
    span: Span
    text: str
    loose: str  # lower-cased words and numbers joined by spaces: what near-verbatim comparison uses
    shingles: frozenset[str]
    stems: frozenset[str]


@dataclass(frozen=True, slots=True)
class Match:
    """Two copies of one passage. ``removed`` is the copy that cleaning drops."""

    kind: str  # "exact", "near" or "reworded"
    level: str  # "paragraph" or "sentence"
    earlier: Passage
    later: Passage
    score: float  # 0–1: ratio for exact/near, content coverage for reworded
    removed: str = "later"  # or "earlier", when the earlier copy is the truncated one
    partners: tuple[Passage, ...] = ()  # further earlier paragraphs a reworded paragraph merges in
    contained: float = 0.0  # for a cut-off earlier copy: how much of it the later one covers

    @property
    def kept_passage(self) -> Passage:
        return self.earlier if self.removed == "later" else self.later

    @property
    def removed_passage(self) -> Passage:
        return self.later if self.removed == "later" else self.earlier


@dataclass(frozen=True, slots=True)
class SecondVersion:
    """A run of paragraphs that re-tells an earlier run in other words."""

    removed_blocks: tuple[int, ...]  # paragraphs and headings that cleaning drops
    kept_blocks: tuple[int, ...]  # the counterpart paragraphs
    pairs: tuple[Match, ...]
    span: Span  # of the removed run
    related: Span  # of the kept run
    removed: str  # "later" or "earlier"


@dataclass(frozen=True, slots=True)
class UniqueSentence:
    """A sentence of a removed copy that carries something the kept text lacks."""

    sentence: Sentence
    new_terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Analysis:
    paragraph_matches: tuple[Match, ...]
    sentence_matches: tuple[Match, ...]
    second_versions: tuple[SecondVersion, ...]
    unique_sentences: tuple[UniqueSentence, ...]
    template_pairs: tuple[tuple[Passage, Passage, float], ...]  # look alike, different subject
    removed_blocks: frozenset[int]
    removed_sentences: frozenset[int]
    companions: dict[int, int]  # block -> the removed block it goes with (titles, bylines of a copy)


def analyse(doc: Document, settings: Settings) -> Analysis:
    """The duplicate analysis of ``doc``, computed once and shared by every rule."""
    cached = doc.cache.get("analysis")
    if cached is None:
        cached = doc.cache["analysis"] = _analyse(doc, settings)
    return cached


def _analyse(doc: Document, settings: Settings) -> Analysis:
    paragraphs = prepare_paragraphs(doc, settings)
    weights = idf_weights([p.stems for p in paragraphs]) if paragraphs else {}
    verbatim, reworded, templates = paragraph_matches(paragraphs, weights, settings, doc)
    versions = second_versions(doc, paragraphs, reworded, weights, settings)

    core: set[int] = {m.removed_passage.index for m in verbatim}
    for v in versions:
        core.update(v.removed_blocks)
    companions = _companions(doc, core)
    removed_blocks = core | set(companions)

    sentences, restated = sentence_matches(doc, removed_blocks, settings)
    if restated:
        verbatim = sorted(verbatim + restated, key=lambda m: m.later.index)
        core.update(m.removed_passage.index for m in restated)
        companions = _companions(doc, core)
        removed_blocks = core | set(companions)
    removed_sentences = {m.removed_passage.index for m in sentences}
    unique = unique_sentences(doc, removed_blocks, removed_sentences, settings)
    return Analysis(
        paragraph_matches=tuple(verbatim),
        sentence_matches=tuple(sentences),
        second_versions=tuple(versions),
        unique_sentences=tuple(unique),
        template_pairs=tuple({(a.index, b.index): (a, b, score) for a, b, score in templates}.values()),
        removed_blocks=frozenset(removed_blocks),
        removed_sentences=frozenset(removed_sentences),
        companions=companions,
    )


# --- stage 1: passages -------------------------------------------------------------------------


def _passage(index: int, span: Span, text: str, settings: Settings, words: list[str] | None = None) -> Passage:
    words = tokens(text) if words is None else words
    return Passage(
        index=index,
        span=span,
        text=text,
        loose=" ".join(words),
        shingles=frozenset(shingles(words, settings.shingle_size)),
        stems=frozenset(stems_of(words)),
    )


def sentence_passages(doc: Document, settings: Settings) -> list[Passage]:
    """Every sentence prepared for comparison, computed once per document."""
    cached = doc.cache.get("sentence_passages")
    if cached is None:
        cached = doc.cache["sentence_passages"] = [_passage(s.index, s.span, s.text, settings) for s in doc.sentences]
    return cached


def prepare_paragraphs(doc: Document, settings: Settings) -> list[Passage]:
    sentences = sentence_passages(doc, settings)
    out = []
    for b in doc.blocks:
        if not b.is_prose or len(b.text.split()) < settings.min_paragraph_words:
            continue
        words = None
        if b.sentences and b.sentences[0].span.start == b.body.start and b.sentences[-1].span.end == b.body.end:
            words = [w for s in b.sentences for w in _words(sentences[s.index])]
        out.append(_passage(b.index, b.body, b.text, settings, words))
    return out


def _words(p: Passage) -> list[str]:
    return p.loose.split(" ") if p.loose else []


# --- stage 2: paragraph pairs ------------------------------------------------------------------


def paragraph_matches(
    paragraphs: list[Passage], weights: dict[str, float], settings: Settings, doc: Document
) -> tuple[list[Match], list[Match], list[tuple[Passage, Passage, float]]]:
    """Verbatim pairs (each later copy paired once), reworded pairs, and look-alikes about different subjects."""
    verbatim: dict[int, Match] = {}
    templates: list[tuple[Passage, Passage, float]] = []
    first_by_text: dict[str, Passage] = {}
    for p in paragraphs:
        seen = first_by_text.get(p.loose)
        if seen is None:
            first_by_text[p.loose] = p
        else:
            verbatim[p.index] = Match("exact", "paragraph", seen, p, 1.0)

    near_candidates = candidate_pairs([p.shingles for p in paragraphs], settings.shingle_threshold, settings.num_perm,
                                     settings.seed, bands=settings.shingle_bands)
    for i, j in sorted(near_candidates):
        a, b = paragraphs[i], paragraphs[j]
        if b.index in verbatim or a.loose == b.loose:
            continue
        score = _near_score(a, b)
        if score < settings.near_ratio:
            continue
        if different_subject(a.text, b.text):
            templates.append((a, b, score / 100))
            continue
        verbatim[b.index] = _with_truncation_choice(Match("near", "paragraph", a, b, score / 100))

    reworded = reworded_matches(paragraphs, weights, settings, doc, set(verbatim), templates)
    return sorted(verbatim.values(), key=lambda m: m.later.index), reworded, templates


def reworded_matches(
    paragraphs: list[Passage], weights: dict[str, float], settings: Settings, doc: Document,
    repeated: set[int], templates: list[tuple[Passage, Passage, float]],
) -> list[Match]:
    """For each later paragraph, the earlier paragraph (plus at most one partner it merges in)
    whose content words cover it, when most of its sentences are supported by them."""
    options: dict[int, list[tuple[float, int]]] = {}
    cut: dict[int, list[tuple[float, int]]] = {}
    pairs = candidate_pairs([p.stems for p in paragraphs], settings.content_threshold, settings.content_num_perm,
                            settings.seed, bands=settings.content_bands)
    for i, j in pairs:
        a, b = paragraphs[i], paragraphs[j]
        if a.index in repeated or b.index in repeated:
            continue
        if min(len(a.stems), len(b.stems)) < settings.min_reworded_stems:
            continue  # a short line (an interview question) is "covered" by almost anything
        coverage = weighted_coverage(b.stems, a.stems, weights)
        if coverage >= 0.2:
            options.setdefault(j, []).append((coverage, i))
        if not _ENDS_SENTENCE.search(a.text):
            contained = weighted_coverage(a.stems, b.stems, weights)
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
    for j, found in sorted(options.items()):
        found.sort(key=lambda o: (-o[0], o[1]))
        later, best = paragraphs[j], paragraphs[found[0][1]]
        counterpart, partners = best.stems, ()
        coverage = found[0][0]
        if len(found) > 1:
            partner = paragraphs[found[1][1]]
            merged = weighted_coverage(later.stems, best.stems | partner.stems, weights)
            if merged >= coverage + 0.1:  # the later paragraph merges two earlier ones
                counterpart, partners, coverage = best.stems | partner.stems, (partner,), merged
        if coverage < settings.reworded_coverage_weak:
            continue
        if different_subject(best.text, later.text, reworded=True):
            if near_ratio(best.loose, later.loose) >= 60:
                templates.append((best, later, coverage))
            continue
        matches.append(Match("reworded", "paragraph", best, later, coverage, partners=partners))
    return sorted(matches, key=lambda m: m.later.index)


def _supported_share(sentences, counterpart: frozenset[str], weights: dict[str, float], settings: Settings,
                     passages: list[Passage]) -> float:
    """Share of ``sentences`` whose content words ``counterpart`` mostly has."""
    if not sentences:
        return 0.0
    supported = 0
    for s in sentences:
        stems = passages[s.index].stems
        if not stems or weighted_coverage(stems, counterpart, weights) >= settings.sentence_support:
            supported += 1
    return supported / len(sentences)


def _near_score(a: Passage, b: Passage) -> float:
    """Near-verbatim similarity: whole-text ratio, or prefix ratio when one copy was cut short."""
    score = near_ratio(a.loose, b.loose)
    short, long = (a, b) if len(a.loose) <= len(b.loose) else (b, a)
    if len(short.loose) >= 0.3 * len(long.loose) and not _ENDS_SENTENCE.search(short.text):
        score = max(score, prefix_ratio(short.loose, long.loose))
    return score


def _with_truncation_choice(m: Match) -> Match:
    """Keep the complete copy: drop the earlier one when it is a cut-off prefix of the later."""
    a, b = m.earlier, m.later
    if len(a.loose) < len(b.loose) and not _ENDS_SENTENCE.search(a.text) and prefix_ratio(a.loose, b.loose) >= 90:
        return Match(m.kind, m.level, a, b, m.score, removed="earlier")
    return m


# --- stage 3: second versions ------------------------------------------------------------------


def second_versions(
    doc: Document, paragraphs: list[Passage], reworded: list[Match], weights: dict[str, float], settings: Settings
) -> list[SecondVersion]:
    """Runs of later paragraphs whose counterparts all come before the run starts."""
    best: dict[int, Match] = {}
    for m in reworded:
        current = best.get(m.later.index)
        if current is None or m.score > current.score:
            best[m.later.index] = m
    by_index = {p.index: p for p in paragraphs}
    versions: list[SecondVersion] = []
    run: list[Match] = []

    def close() -> None:
        # Most sentences of each paragraph must say what the text before the run says;
        # a paragraph that brings news splits the run.
        if not run:
            return
        before = frozenset().union(*(p.stems for p in paragraphs if p.index < run[0].later.index))
        segment: list[Match] = []
        supported_total = sentence_total = 0
        for position, m in enumerate(run + [None]):
            if m is not None:
                sentences = doc.blocks[m.later.index].sentences
                share = _supported_share(sentences, before, weights, settings, sentence_passages(doc, settings))
                if share >= 0.5 or m.contained >= settings.reworded_coverage or (_in_order(run, position) and m.score >= settings.reworded_coverage_weak):
                    segment.append(m)
                    supported_total += round(share * len(sentences))
                    sentence_total += len(sentences)
                    continue
            if segment and supported_total >= 0.5 * sentence_total:
                version = _make_version(doc, segment, by_index, weights, settings)
                if version is not None:
                    versions.append(version)
            segment, supported_total, sentence_total = [], 0, 0
        run.clear()

    gap = 0
    for block in doc.blocks:
        if block.kind is Kind.HEADING or block.kind is Kind.BYLINE:
            continue
        if block.kind is Kind.LABEL:
            close()  # "Summary:" and the like start something new
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
    doc: Document, run: list[Match], by_index: dict[int, Passage], weights: dict[str, float], settings: Settings
) -> SecondVersion | None:
    if len(run) < settings.min_run_paragraphs:
        return None
    strong = sum(m.score >= settings.reworded_coverage or m.contained >= settings.reworded_coverage for m in run)
    if strong < 2 or strong < len(run) / 3:
        return None
    counterparts = {m.earlier.index for m in run}
    if len(counterparts) < max(2, round(0.6 * len(run))):
        return None  # many paragraphs leaning on one: a summary, not a re-telling
    later_blocks = [m.later.index for m in run]
    earlier_blocks = sorted(counterparts | {p.index for m in run for p in m.partners})
    remove_earlier = _earlier_is_truncated(doc, earlier_blocks, later_blocks)
    removed, kept = (earlier_blocks, later_blocks) if remove_earlier else (later_blocks, earlier_blocks)
    removed_with_headings = _with_leading_headings(doc, removed)
    return SecondVersion(
        removed_blocks=tuple(removed_with_headings),
        kept_blocks=tuple(kept),
        pairs=tuple(run),
        span=Span(doc.blocks[removed_with_headings[0]].span.start, doc.blocks[removed[-1]].span.end),
        related=Span(doc.blocks[kept[0]].span.start, doc.blocks[kept[-1]].span.end),
        removed="earlier" if remove_earlier else "later",
    )


def _earlier_is_truncated(doc: Document, earlier: list[int], later: list[int]) -> bool:
    """The earlier run stops mid-sentence and the later run is longer: keep the later one."""
    last = doc.blocks[earlier[-1]]
    ends_cut = not _ENDS_SENTENCE.search(last.text)
    longer = sum(len(doc.blocks[i].text) for i in later) > sum(len(doc.blocks[i].text) for i in earlier)
    return ends_cut and longer


def _with_leading_headings(doc: Document, blocks: list[int]) -> list[int]:
    """The removed paragraphs plus the headings directly above each of them."""
    chosen = set(blocks)
    for first in blocks:
        i = first - 1
        while i >= 0 and doc.blocks[i].kind is Kind.HEADING:
            chosen.add(i)
            i -= 1
    return sorted(chosen)


def _companions(doc: Document, removed: set[int]) -> dict[int, int]:
    """Blocks that go with a removed block, mapped to it.

    - a heading whose whole section was removed (nothing would stand under it);
    - a heading that repeats an earlier one (a second copy's title) above a removed block;
    - a short block (byline, list item, heading, short line) that repeats an earlier block
      word for word and stands next to a removed block: part of the same copy.
    """
    blocks = doc.blocks
    earlier_texts: set[str] = set()
    repeats: set[int] = set()
    for block in blocks:
        key = fold(block.text) if block.text else ""
        if key and key in earlier_texts:
            repeats.add(block.index)
        earlier_texts.add(key)
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
            if i in removed or i in anchor:
                continue
            target = None
            if block.kind is Kind.HEADING:
                section = list(takewhile(lambda b: b.kind is not Kind.HEADING, blocks[i + 1 :]))
                if section and all(owner(b.index) is not None for b in section):
                    target = owner(section[0].index)
                elif i in repeats and section and owner(section[0].index) is not None:
                    target = owner(section[0].index)
            if target is None and i in repeats:
                for neighbour in (i - 1, i + 1):
                    if 0 <= neighbour < len(blocks) and owner(neighbour) is not None:
                        target = owner(neighbour)
                        break
            if target is not None:
                anchor[i] = target
                changed = True
    return anchor


# --- stage 4: sentence pairs -------------------------------------------------------------------


def sentence_matches(doc: Document, removed_blocks: set[int], settings: Settings) -> tuple[list[Match], list[Match]]:
    """Repeated sentences between paragraphs that both stay, and paragraphs all of whose
    sentences repeat earlier ones (a copy with a sentence dropped): those go whole."""
    live = [
        s for s in doc.sentences
        if s.block not in removed_blocks and len(s.text.split()) >= settings.min_sentence_words
    ]
    every = sentence_passages(doc, settings)
    passages = [every[s.index] for s in live]
    matches: dict[int, Match] = {}
    first: dict[str, Passage] = {}
    for p in passages:
        seen = first.setdefault(p.loose, p)
        if seen is not p:
            matches[p.index] = Match("exact", "sentence", seen, p, 1.0)
    shingle_pairs = candidate_pairs([p.shingles for p in passages], settings.shingle_threshold, settings.num_perm,
                                    settings.seed, bands=settings.shingle_bands)
    for i, j in sorted(shingle_pairs):
        a, b = passages[i], passages[j]
        if b.index in matches or a.index in matches or a.loose == b.loose:
            continue
        score = _near_score(a, b)
        if score >= settings.near_ratio and not different_subject(a.text, b.text):
            matches[b.index] = _with_truncation_choice(Match("near", "sentence", a, b, score / 100))
    result: list[Match] = []
    restated: list[Match] = []
    by_block: dict[int, list[Match]] = {}
    for m in matches.values():
        if m.removed == "later":
            by_block.setdefault(doc.sentences[m.later.index].block, []).append(m)
        else:
            result.append(m)
    for block, ms in by_block.items():
        if len(ms) < len(doc.blocks[block].sentences):
            result.extend(ms)
            continue
        source = doc.sentences[ms[0].earlier.index].block
        b, e = doc.blocks[block], doc.blocks[source]
        restated.append(Match("near", "paragraph", _passage(e.index, e.body, e.text, settings),
                              _passage(b.index, b.body, b.text, settings), sum(m.score for m in ms) / len(ms)))
    return sorted(result, key=lambda m: m.later.index), restated


# --- stage 5: what only the removed copy says --------------------------------------------------


def unique_sentences(
    doc: Document, removed_blocks: set[int], removed_sentences: set[int], settings: Settings
) -> list[UniqueSentence]:
    """Sentences of removed text that carry content words, names or numbers the kept text lacks."""
    passages = sentence_passages(doc, settings)
    kept_terms: set[str] = set()
    removed: list[Sentence] = []
    for s in doc.sentences:
        if s.block in removed_blocks or s.index in removed_sentences:
            removed.append(s)
        else:
            kept_terms.update(passages[s.index].stems)
    for b in doc.blocks:
        if b.kind is Kind.HEADING and b.index not in removed_blocks:
            kept_terms.update(content_stems(b.text))
    found = []
    for s in removed:
        new = [t for t in dict.fromkeys(content_stems(s.text)) if t not in kept_terms]
        if _informative(new, s.text):
            found.append(UniqueSentence(s, tuple(_surface_terms(s.text, new))))
    return found


def _informative(new_stems: list[str], text: str) -> bool:
    """New names, numbers or dates always count; plain words only when there are several."""
    if len(new_stems) >= 3:
        return True
    calendar = {w for ws in lexicon.weekdays_months().values() for w in ws}
    names = {content_stems(w)[0] for w in text.split()[1:] if w[:1].isupper() and content_stems(w)}
    return any(stem[0].isdigit() or stem in calendar or stem in names for stem in new_stems)


def _surface_terms(text: str, stems: Iterable[str]) -> list[str]:
    """The words of ``text`` behind ``stems``, as written."""
    wanted = set(stems)
    out: list[str] = []
    for m in TOKEN_RE.finditer(text):
        got = content_stems(m.group())
        if got and got[0] in wanted:
            out.append(m.group())
            wanted.discard(got[0])
    return out
