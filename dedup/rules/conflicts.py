"""Conflicting facts between two copies of one passage.

When a passage appears twice, the copies should agree. The pairs come from the duplicate
analysis (near-verbatim paragraphs and sentences, reworded second versions) and from
near-identical sentences elsewhere in the article that it left unpaired. Two ways of comparing:

- a near-verbatim pair is diffed word by word; a replaced number, date, name or quoted word,
  or a negation added or dropped, is a conflict;
- a reworded pair is compared sentence by sentence (best content-word match), and only a
  value that fills the same slot differently (the same unit after a number, one weekday
  against another, one first name against another before the same surname) is a conflict,
  and so is the one percentage or amount each sentence holds, when no slot lines up. In a
  rewrite found by its order, sentences that share fewer words are paired too, when each is
  the other's best match. A fact that one side simply leaves out is not a conflict.

Look-alike passages about different subjects (templated briefs) are never compared.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from typing import Iterable, Iterator

from .. import lexicon
from ..align import Analysis, about_other_subjects, analyse, sentence_passages
from ..config import Settings
from ..entities import Token, different_subject, facts, norms, tokens
from ..models import Severity, Span
from ..passages import sentence_weights
from ..segment import Document, Kind, Sentence
from ..similarity import weighted_coverage
from ..versions import is_summary_heading
from ..slots import YEAR, shown, slot_values
from . import examples_consistency as ex
from .base import Hit, RuleSet

rules = RuleSet("conflict")

# Labels whose paragraph explains a change on purpose ("Correction: … said $3.2 million").
_EXPLAINING_LABELS = ("correction", "update", "updated", "editor", "clarification", "note")

KINDS = {"number": "numbers", "date": "dates", "name": "names", "negation": "negation", "quote": "quoted words"}


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: str  # a key of KINDS
    removed: Span  # the copy cleaning removes (or the later passage)
    kept: Span
    removed_values: tuple[str, ...]
    kept_values: tuple[str, ...]
    source: str  # "near-paragraph", "sentence", "second-version" or "restated"


# --- calendar words, and the sentence that holds a value --------------------------------------------


def _sentence_starts(doc: Document) -> list[int]:
    return doc.memo("conflict.sentence_starts", lambda: sorted({s.span.start for s in doc.sentences}))


def _sentence_at(doc: Document, offset: int) -> Span:
    """The sentence holding ``offset`` (or its block, outside sentences)."""
    sentences = doc.sentences
    i = bisect.bisect_right(_sentence_starts(doc), offset) - 1
    if i >= 0 and sentences[i].span.start <= offset < sentences[i].span.end:
        return sentences[i].span
    block = next((b for b in doc.blocks if b.span.start <= offset < b.span.end), None)
    return block.body if block else Span(offset, offset)


# --- near-verbatim pairs: a word-by-word diff ------------------------------------------------------


def _similar_words(a: Iterable[Token], b: Iterable[Token]) -> bool:
    """A spelling variant or typo (``centre``/``center``), not another word."""
    from rapidfuzz import fuzz

    return fuzz.ratio(" ".join(t.norm for t in a), " ".join(t.norm for t in b)) >= 75


def _name_run(seq: tuple[Token, ...], i: int) -> str:
    """The capitalised run around ``seq[i]`` (``Tom`` → ``Tom Reyes``)."""
    a = b = i
    while a > 0 and seq[a - 1].capitalised and seq[a - 1].end + 1 >= seq[a].start:
        a -= 1
    while b + 1 < len(seq) and seq[b + 1].capitalised and seq[b].end + 1 >= seq[b + 1].start:
        b += 1
    return " ".join(t.text for t in seq[a : b + 1])


def _context(seq: tuple[Token, ...], i1: int, i2: int) -> str:
    return " ".join(t.text for t in seq[max(0, i1 - 1) : i2 + 1])


def diff_values(kept: tuple[Token, ...], removed: tuple[Token, ...]) -> Iterator[tuple[str, tuple[str, ...], tuple[str, ...], int, int]]:
    """(kind, kept values, removed values, kept offset, removed offset) for each contradiction."""
    matcher = difflib.SequenceMatcher(a=[t.norm for t in kept], b=[t.norm for t in removed], autojunk=False)
    negations = lexicon.negations()
    calendar = lexicon.calendar_words()
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        k, r = kept[i1:i2], removed[j1:j2]
        k_at = k[0].start if k else (kept[min(i1, len(kept) - 1)].start if kept else 0)
        r_at = r[0].start if r else (removed[min(j1, len(removed) - 1)].start if removed else 0)
        if sum(t.norm in negations for t in k) != sum(t.norm in negations for t in r):
            if len(k) <= 3 and len(r) <= 3:  # "will reopen" / "will not reopen", not a dropped clause
                yield "negation", (_context(kept, i1, i2),), (_context(removed, j1, j2),), k_at, r_at
            continue
        if op != "replace":
            continue  # a word or clause only one copy has is not a contradiction
        k_numbers, r_numbers = [t for t in k if t.number], [t for t in r if t.number]
        k_dates, r_dates = [t for t in k if t.norm in calendar], [t for t in r if t.norm in calendar]
        if k_numbers and r_numbers:
            if facts(" ".join(_texts(k))).numbers == facts(" ".join(_texts(r))).numbers:
                continue  # one figure spelt two ways: "108 billion dlrs", "108-billion-dlr"
            near = kept[max(0, i1 - 1) : i2 + 1] + removed[max(0, j1 - 1) : j2 + 1]
            dated = any(t.norm in calendar or YEAR.match(t.norm) for t in near)
            shown_k = tuple(shown(kept, i) for i in range(i1, i2) if kept[i].number)
            shown_r = tuple(shown(removed, j) for j in range(j1, j2) if removed[j].number)
            yield ("date" if dated else "number"), shown_k, shown_r, k_at, r_at
        elif k_dates and r_dates:
            if sorted(t.norm[:3] for t in k_dates) != sorted(t.norm[:3] for t in r_dates):  # "Oct." is October
                yield "date", _texts(k_dates), _texts(r_dates), k_at, r_at
        elif _similar_words(k, r):
            if _respelt_name(k, r):  # "Callum Ferriday" / "Callum Ferraday": which one is right?
                yield "name", (_name_run(kept, i1),), (_name_run(removed, j1),), k_at, r_at
            continue
        elif any(t.capitalised for t in k) and any(t.capitalised for t in r):
            ki = i1 + next(n for n, t in enumerate(k) if t.capitalised)
            ri = j1 + next(n for n, t in enumerate(r) if t.capitalised)
            yield "name", (_name_run(kept, ki),), (_name_run(removed, ri),), k_at, r_at
        elif any(t.quoted for t in k) and any(t.quoted for t in r) and len(k) <= 3 and len(r) <= 3:
            yield "quote", (" ".join(_texts(k)),), (" ".join(_texts(r)),), k_at, r_at


def _respelt_name(k: tuple[Token, ...], r: tuple[Token, ...]) -> bool:
    """A name spelt two ways: one capitalised word inside a sentence against another, both
    letters only (``Ferriday`` / ``Ferraday``), not a plural or a possessive of the same name."""
    if len(k) != 1 or len(r) != 1 or not (k[0].capitalised and r[0].capitalised):
        return False
    a, b = k[0].norm, r[0].norm
    if not (a.isalpha() and b.isalpha()):
        return False
    shorter, longer = sorted((a, b), key=len)
    return not longer.startswith(shorter) and _american(a) != _american(b)


# British spellings and their American forms: "Harbour Centre" and "Harbor Center" are one name.
_BRITISH = [(re.compile(p), r) for p, r in (
    (r"tre\b", "ter"), (r"our", "or"), (r"is(e|ed|es|ing|ation)\b", r"iz\1"), (r"ys(e|ed|es|ing)\b", r"yz\1"),
    (r"ogue\b", "og"), (r"ll(ed|ing|er)\b", r"l\1"), (r"ae", "e"), (r"oe", "e"),
)]


def _american(word: str) -> str:
    for pattern, replacement in _BRITISH:
        word = pattern.sub(replacement, word)
    return word


def _texts(seq: Iterable[Token]) -> tuple[str, ...]:
    return tuple(t.text for t in seq)


def _diff_conflicts(doc: Document, kept: Span, removed: Span, source: str) -> Iterator[Conflict]:
    for kind, k_values, r_values, k_at, r_at in diff_values(tokens(doc, kept), tokens(doc, removed)):
        yield Conflict(kind, _sentence_at(doc, r_at), _sentence_at(doc, k_at), r_values, k_values, source)


# --- reworded pairs: the same slot filled differently -----------------------------------------------


def _stems(doc: Document, settings: Settings) -> list[frozenset[str]]:
    """The content stems of every sentence, by sentence index: the duplicate analysis has them."""
    return doc.memo("conflict.stems", lambda: [p.stems for p in sentence_passages(doc, settings)])


def _aligned(doc: Document, settings: Settings, stems: list[frozenset[str]], a: Sentence, b: Sentence) -> float:
    """How well sentence ``a`` of a re-telling is said again by ``b``; 0 when they are not a pair.
    ``stems`` are :func:`_stems` of the document."""
    sa, sb = stems[a.index], stems[b.index]
    if len(sa & sb) < 3:
        return 0.0
    weights = sentence_weights(doc, settings)
    forward, backward = weighted_coverage(sa, sb, weights), weighted_coverage(sb, sa, weights)
    if forward < 0.4 or backward < 0.25:
        return 0.0
    return forward + backward


def _slot_conflicts(doc: Document, kept: Sentence, removed: Sentence, source: str) -> Iterator[Conflict]:
    k, r = tokens(doc, kept.span), tokens(doc, removed.span)
    slots = list(slot_values(k, r))
    # One value told differently is a conflict; two or more (other than the parts of one date)
    # mean the two sentences were paired wrongly and tell different facts.
    if len(slots) == 1 or all(kind == "date" for kind, _, _ in slots):
        for kind, k_values, r_values in slots:
            yield Conflict(kind, removed.span, kept.span, r_values, k_values, source)
    for k_quote, r_quote in _quote_pairs(k, r):
        for kind, k_values, r_values, _, _ in diff_values(k_quote, r_quote):
            if kind == "quote":
                yield Conflict(kind, removed.span, kept.span, r_values, k_values, source)


def _quotations(seq: tuple[Token, ...]) -> list[tuple[Token, ...]]:
    """The runs of quoted words, one per quotation."""
    runs: dict[int, list[Token]] = {}
    for t in seq:
        if t.quoted:
            runs.setdefault(t.quotation, []).append(t)
    return [tuple(run) for run in runs.values()]


def _quote_pairs(kept: tuple[Token, ...], removed: tuple[Token, ...]) -> Iterator[tuple[tuple[Token, ...], tuple[Token, ...]]]:
    """Quotations of the two sentences that are the same quotation, not word for word."""
    from rapidfuzz import fuzz

    for k in _quotations(kept):
        for r in _quotations(removed):
            score = fuzz.ratio(" ".join(t.norm for t in k), " ".join(t.norm for t in r))
            if 70 <= score < 100:
                yield k, r


def _reworded_conflicts(
    doc: Document, settings: Settings, kept_blocks: list[int], removed_block: int, source: str,
    freely: bool = False,
) -> Iterator[Conflict]:
    """Slot conflicts between each sentence of the removed block and the kept sentence it
    re-tells. ``freely``: the blocks are a rewrite in other words, found paragraph by paragraph
    in the earlier order, whose sentences share fewer words than the alignment asks."""
    kept = [s for i in kept_blocks for s in doc.blocks[i].sentences]
    stems = _stems(doc, settings)
    removed = doc.blocks[removed_block].sentences
    for r in removed:
        scores = [(_aligned(doc, settings, stems, r, k), k) for k in kept]
        score, best = max(scores, key=lambda pair: pair[0], default=(0.0, None))
        if not score:
            best = _loosely_aligned(stems, r, kept, removed) if freely else None
        if best is not None:
            yield from _slot_conflicts(doc, best, r, source)


def _loosely_aligned(stems: list[frozenset[str]], r: Sentence, kept: list[Sentence],
                     removed: tuple[Sentence, ...]) -> Sentence | None:
    """The kept sentence that a freer rewording of ``r`` re-tells: the two share three content
    words or more, and each is the other's best match by shared content words between two
    paragraphs already paired. ``stems`` are :func:`_stems` of the document."""
    def best(s: Sentence, among: Iterable[Sentence]) -> Sentence | None:
        shared = [(len(stems[s.index] & stems[o.index]), -o.index, o) for o in among]
        top = max(shared, key=lambda x: x[:2], default=None)
        return top[2] if top and top[0] >= 3 else None

    k = best(r, kept)
    return k if k is not None and best(k, removed) is r else None


# --- sentences elsewhere that restate one another --------------------------------------------------


def _restated_pairs(
    doc: Document, settings: Settings, analysis: Analysis, covered: set[tuple[int, int]]
) -> Iterator[tuple[Sentence, Sentence]]:
    """Near-identical sentences that the duplicate analysis left unpaired (a changed number
    spoils the word shingles it pairs sentences by)."""
    from rapidfuzz import fuzz

    stems = _stems(doc, settings)
    live = _restatable(doc, analysis)
    topic = _topic_stems([stems[s.index] for s in live])
    # Two sentences must share four content words other than topic words: a sentence with
    # fewer cannot be in a pair.
    rare = [(s, stems[s.index] - topic) for s in live]
    rare = [(s, words) for s, words in rare if len(words) >= 4]
    lowered = [s.text.lower() for s, _ in rare]
    for i, j in _sharing_pairs([words for _, words in rare], 4):
        a, b = rare[i][0], rare[j][0]
        if (a.index, b.index) in covered:
            continue
        # A cheap look at the raw text first: most pairs share only a few words.
        if fuzz.ratio(lowered[i], lowered[j], score_cutoff=80) and _restates(doc, a, b) \
                and not about_other_subjects(doc, a, b):
            yield a, b


# Up to this many sentences, one dense product counts every pair's shared stems fastest;
# beyond it, the dense matrices grow with the square of the article (5 MB needed 7 GiB).
_DENSE_SENTENCES = 2000
_SPARSE_ROWS = 4096  # sentences per block of the sparse product, which bounds its memory


def _sharing_pairs(stem_sets: list[frozenset[str]], least: int) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of sets that share ``least`` stems or more, in order.

    The product of the set-by-stem incidence matrix with its transpose counts the shared
    stems of every pair at once: dense for an article of ordinary length, sparse (and a
    block of rows at a time) for a long one, with the same pairs. An inverted index
    counting pair by pair took about 1.5 times as long on the benchmark articles, and
    MinHash LSH candidates (:func:`dedup.similarity.candidate_pairs`) 2.5 to 6 times as
    long as that index with a banding that found every pair; a looser banding missed pairs.

    >>> _sharing_pairs([frozenset("abcd"), frozenset("abce"), frozenset("bcdf")], 3)
    [(0, 1), (0, 2)]
    >>> _sharing_pairs_sparse([frozenset("abcd"), frozenset("abce"), frozenset("bcdf")], 3, 2)
    [(0, 1), (0, 2)]
    """
    if len(stem_sets) <= _DENSE_SENTENCES:
        return _sharing_pairs_dense(stem_sets, least)
    return _sharing_pairs_sparse(stem_sets, least)


def _incidence_cells(stem_sets: list[frozenset[str]]) -> tuple[list[int], int]:
    """The stem column of every (set, stem) cell, set by set, and the number of columns."""
    # A column per stem, numbered in one pass in C (the order of the columns does not matter).
    columns = {stem: k for k, stem in enumerate(dict.fromkeys(chain.from_iterable(stem_sets)))}
    return list(map(columns.__getitem__, chain.from_iterable(stem_sets))), len(columns)


def _sharing_pairs_dense(stem_sets: list[frozenset[str]], least: int) -> list[tuple[int, int]]:
    import numpy as np

    cells, width = _incidence_cells(stem_sets)
    incidence = np.zeros((len(stem_sets), width), dtype=np.float32)
    incidence[np.repeat(np.arange(len(stem_sets)), [len(stems) for stems in stem_sets]), cells] = 1
    # Counts are small whole numbers, exact in float32, which takes the fast matrix product.
    rows, cols = np.nonzero(incidence @ incidence.T >= least)
    upper = rows < cols  # each pair once, and not a set with itself
    return list(zip(rows[upper].tolist(), cols[upper].tolist()))


def _sharing_pairs_sparse(stem_sets: list[frozenset[str]], least: int,
                          block: int = _SPARSE_ROWS) -> list[tuple[int, int]]:
    # scipy is installed (datasketch needs it) but slow to import, so only long articles load it.
    import numpy as np
    from scipy.sparse import csr_matrix

    cells, width = _incidence_cells(stem_sets)
    starts = np.concatenate(([0], np.cumsum([len(stems) for stems in stem_sets])))
    incidence = csr_matrix((np.ones(len(cells), dtype=np.int32), np.asarray(cells, dtype=np.int64), starts),
                           shape=(len(stem_sets), width))
    transposed = incidence.T.tocsr()
    pairs: list[tuple[int, int]] = []
    for first in range(0, len(stem_sets), block):
        counts = (incidence[first : first + block] @ transposed).tocoo()
        rows, cols = counts.row + first, counts.col
        keep = (counts.data >= least) & (rows < cols)
        rows, cols = rows[keep], cols[keep]
        order = np.lexsort((cols, rows))
        pairs.extend(zip(rows[order].tolist(), cols[order].tolist()))
    return pairs


def _restatable(doc: Document, analysis: Analysis) -> list[Sentence]:
    """Sentences of prose that no look-alike passage holds and no correction label explains."""
    blocks = {b.index for b in doc.blocks if b.kind in (Kind.PARAGRAPH, Kind.LABEL)
              and not b.label.lower().startswith(_EXPLAINING_LABELS)}
    found = [s for s in doc.sentences if s.block in blocks]
    template_spans = [p.span for a, b, _ in analysis.template_pairs for p in (a, b)]
    if template_spans:
        found = [s for s in found if not any(t.contains(s.span) for t in template_spans)]
    return found


def _topic_stems(stem_sets: list[frozenset[str]]) -> frozenset[str]:
    """Stems found in more than a quarter of the sentences (and in more than 8), or in a long
    article in more than a quarter of the sentences an ordinary one has: topic words, which
    would pair everything with everything (and make counting shared stems quadratic)."""
    counts = Counter(chain.from_iterable(stem_sets))
    limit = max(8, min(len(stem_sets), _DENSE_SENTENCES) // 4)
    return frozenset(stem for stem, n in counts.items() if n > limit)


def _restates(doc: Document, a: Sentence, b: Sentence) -> bool:
    """One change between the two sentences, which are already alike as written, and nothing
    else, and the same subject."""
    from rapidfuzz import fuzz

    words_a, words_b = norms(doc, a.span), norms(doc, b.span)
    if fuzz.ratio(" ".join(words_a), " ".join(words_b)) < 85:
        return False
    # One change and nothing else: "the first phase … $4 million" against "the second phase
    # … $6 million" is two changes, and two sentences about two things.
    changes = [op for op in difflib.SequenceMatcher(a=words_a, b=words_b, autojunk=False).get_opcodes() if op[0] != "equal"]
    return len(changes) == 1 and not different_subject(a.text, b.text)


# --- all conflicts of a document --------------------------------------------------------------------


def conflicts(doc: Document, settings: Settings) -> tuple[Conflict, ...]:
    return doc.memo("conflicts", lambda: tuple(_merge(_find(doc, settings, analyse(doc, settings)))))


def _find(doc: Document, settings: Settings, analysis: Analysis) -> Iterator[Conflict]:
    for m in analysis.paragraph_matches:
        if m.kind == "near":
            yield from _diff_conflicts(doc, m.kept_passage.span, m.removed_passage.span, "near-paragraph")
    for m in analysis.sentence_matches:
        if m.kind == "near":
            yield from _diff_conflicts(doc, m.kept_passage.span, m.removed_passage.span, "sentence")
    for v in analysis.second_versions:
        for m in v.pairs:
            earlier = [m.earlier.index] + [p.index for p in m.partners]
            if v.removed == "later":
                yield from _reworded_conflicts(doc, settings, earlier, m.later.index, "second-version", v.in_order)
            else:
                for index in earlier:
                    yield from _reworded_conflicts(doc, settings, [m.later.index], index, "second-version", v.in_order)
    for summary in _summaries(doc):
        before = [b.index for b in doc.blocks[: summary.index] if b.is_prose and b.index not in analysis.removed_blocks]
        yield from _reworded_conflicts(doc, settings, before, summary.index, "summary")
    covered = _paired_sentences(doc, analysis)
    for a, b in _restated_pairs(doc, settings, analysis, covered):
        found = list(_diff_conflicts(doc, a.span, b.span, "restated"))
        if len(found) == 1:  # two sentences that differ in several values are about different things
            yield found[0]


def _summaries(doc: Document) -> list:
    """Labelled summaries (``Summary: …``, ``In brief: …``) that follow the article they sum up:
    they are kept, but should tell its facts as the article does."""
    return [b for b in doc.blocks if b.kind is Kind.LABEL and b.text and b.index > 1
            and is_summary_heading(b.label)]


def _paired_sentences(doc: Document, analysis: Analysis) -> set[tuple[int, int]]:
    """Sentence pairs already compared through a paragraph, sentence or version match."""
    blocks: set[tuple[int, int]] = set()
    for m in analysis.paragraph_matches:
        blocks.add((m.earlier.index, m.later.index))
    for v in analysis.second_versions:
        for m in v.pairs:
            blocks.update((p, m.later.index) for p in [m.earlier.index] + [q.index for q in m.partners])
    pairs = {(a.index, b.index) for x, y in blocks for a in doc.blocks[x].sentences for b in doc.blocks[y].sentences}
    pairs |= {(m.earlier.index, m.later.index) for m in analysis.sentence_matches}
    return pairs


def _merge(found: Iterable[Conflict]) -> Iterator[Conflict]:
    """One conflict per kind and pair of passages, listing every value that differs."""
    merged: dict[tuple, Conflict] = {}
    for c in found:
        key = (c.kind, c.removed, c.kept)
        seen = merged.get(key)
        if seen is None:
            merged[key] = c
        else:
            removed = tuple(dict.fromkeys(seen.removed_values + c.removed_values))
            kept = tuple(dict.fromkeys(seen.kept_values + c.kept_values))
            merged[key] = Conflict(c.kind, c.removed, c.kept, removed, kept, seen.source)
    return iter(merged.values())


def _hits(doc: Document, settings: Settings, kind: str) -> Iterator[Hit]:
    for c in conflicts(doc, settings):
        if c.kind != kind:
            continue
        show = (lambda v: f"“{v}”") if kind in ("negation", "quote") else str
        kept = " / ".join(map(show, c.kept_values)) or "nothing"
        removed = " / ".join(map(show, c.removed_values)) or "nothing"
        if c.source in ("restated", "summary"):
            message = f"Conflicting {KINDS[kind]}: an earlier passage says {kept}, this one says {removed}"
        else:
            message = f"Conflicting {KINDS[kind]}: the kept copy says {kept}, the removed copy says {removed}"
        yield Hit(span=c.removed, related=(c.kept,), message=message, details={
            "kind": kind, "kept": list(c.kept_values), "removed": list(c.removed_values), "pair": c.source,
        })


@rules.rule(
    "conflict.number", Severity.WARNING, "Two copies of a passage give different numbers or amounts.",
    flagged=ex.CONFLICT_NUMBER_FLAGGED, passes=ex.CONFLICT_NUMBER_PASSES,
)
def number(doc: Document, settings: Settings) -> Iterator[Hit]:
    """Two copies of one passage (a repeat, a reworded second version, or a sentence restated
    later) give a different number, amount or percentage for the same thing: ``42 people`` in one,
    ``24 people`` in the other. A number only one copy mentions is not a conflict. The finding
    points at the removed (or later) copy and says what the kept copy has."""
    return _hits(doc, settings, "number")


@rules.rule(
    "conflict.date", Severity.WARNING, "Two copies of a passage give different dates or weekdays.",
    flagged=ex.CONFLICT_DATE_FLAGGED, passes=ex.CONFLICT_DATE_PASSES,
)
def date(doc: Document, settings: Settings) -> Iterator[Hit]:
    """Two copies of one passage give a different date, weekday, month or year for the same
    event: ``Tuesday, March 11`` in one, ``Thursday, March 13`` in the other."""
    return _hits(doc, settings, "date")


@rules.rule(
    "conflict.name", Severity.WARNING, "Two copies of a passage name different people or places.",
    flagged=ex.CONFLICT_NAME_FLAGGED, passes=ex.CONFLICT_NAME_PASSES,
)
def name(doc: Document, settings: Settings) -> Iterator[Hit]:
    """Two copies of one passage put a different name in the same place: ``coach Tom Reyes`` in
    one, ``coach Dan Reyes`` in the other, or spell one name two ways (``Ferriday`` /
    ``Ferraday``). Spelling variants of other words (``centre``/``center``) are not conflicts,
    and neither are look-alike briefs about different subjects."""
    return _hits(doc, settings, "name")


@rules.rule(
    "conflict.negation", Severity.WARNING, "One copy of a passage says the opposite of the other.",
    flagged=ex.CONFLICT_NEGATION_FLAGGED, passes=ex.CONFLICT_NEGATION_PASSES,
)
def negation(doc: Document, settings: Settings) -> Iterator[Hit]:
    """Two near-verbatim copies of one passage, one of which adds or drops a negation: ``will
    reopen`` against ``will not reopen``. Only near-verbatim copies are compared this way, since a
    rewording may say the same thing with or without ``not``."""
    return _hits(doc, settings, "negation")


@rules.rule(
    "conflict.quote", Severity.WARNING, "Two copies of a quotation differ in their words.",
    flagged=ex.CONFLICT_QUOTE_FLAGGED, passes=ex.CONFLICT_QUOTE_PASSES,
)
def quote(doc: Document, settings: Settings) -> Iterator[Hit]:
    """Two copies of one quotation that differ in a word: a quotation should be the same words
    every time. Punctuation and spelling variants do not count."""
    return _hits(doc, settings, "quote")


RULES = tuple(rules.rules)
