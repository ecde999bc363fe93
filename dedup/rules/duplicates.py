"""Duplicate rules: repeated paragraphs and sentences, second versions, and what they alone say."""

from __future__ import annotations

from typing import Iterable, Iterator

from rapidfuzz import fuzz

from ..align import Analysis, Match, analyse
from ..clean import block_deletion, keep_sentences, sentence_deletion
from ..config import Settings
from ..models import Severity, Span
from ..normalize import fold
from ..prose import unfinished_tail
from ..segment import Document, Kind
from . import examples as ex
from .base import Hit, RuleSet

rules = RuleSet("duplicate")


def _describe(m: Match) -> str:
    kept = "earlier" if m.removed == "later" else f"later ({m.why_earlier})"
    return f"{m.level} repeated ({m.kind}, similarity {m.score:.2f}); the {kept} copy is kept"


def _details(m: Match) -> dict:
    return {
        "kind": m.kind,
        "level": m.level,
        "similarity": round(m.score, 3),
        "kept": {"start": m.kept_passage.span.start, "end": m.kept_passage.span.end},
    }


def _kept_in_place(analysis: Analysis, settings: Settings) -> set[int]:
    """Sentences of removed copies that stay: news (unless unsafe fixes apply), and what only the
    removed copy says in plain words with ``--keep-unique``."""
    keep = set() if settings.unsafe_fixes else {u.sentence.index for u in analysis.news}
    if settings.keep_unique:
        keep.update(u.sentence.index for u in analysis.unique_sentences)
    return keep


def _block_fix(doc: Document, analysis: Analysis, settings: Settings, blocks: Iterable[int]) -> tuple[tuple[Span, str], ...]:
    keep = _kept_in_place(analysis, settings)
    spans: list[Span] = []
    blocks = set(blocks)
    # A block that keeps a sentence is still there: its neighbours' deletions must leave it a
    # break, and its title and byline stay with it.
    partly = {doc.sentences[i].block for i in keep}
    # Titles, bylines and short lines of a removed copy go with the block they belong to.
    blocks |= {companion for companion, owner in analysis.companions.items() if owner in blocks - partly}
    gone = analysis.removed_blocks - partly
    for index in sorted(blocks):
        spans.extend(keep_sentences(doc, index, keep, gone))
        if index in gone and index - 1 not in analysis.removed_blocks:
            title = _glued_headline(doc, index)
            if title is not None:
                spans.append(title)
    return tuple((span, "") for span in spans)


def _glued_headline(doc: Document, index: int) -> Span | None:
    """The headline of the copy opening at block ``index`` when it is glued onto the end of the
    paragraph above (``…top-class players."Dogged Federer claims Dubai crown``) and repeats a
    heading of the text before, give or take a word: it goes with the copy."""
    if index == 0:
        return None
    above = doc.blocks[index - 1]
    if not above.sentences:
        return None
    body = doc.text[above.body.start : above.body.end].rstrip()
    tail = unfinished_tail(body)
    if tail == body or len(tail.split()) < 3:
        return None
    # The copy's headline may add a word to the first one ("Dogged Federer claims Dubai crown").
    headings = [fold(b.text) for b in doc.blocks[: index - 1] if b.kind is Kind.HEADING]
    if not any(fuzz.token_set_ratio(fold(tail), h) >= 90 for h in headings if len(h.split()) >= 3):
        return None
    end = above.body.start + len(body)
    return Span(end - len(tail), end)


def _match_hits(doc: Document, settings: Settings, kind: str, level: str) -> Iterator[Hit]:
    analysis = analyse(doc, settings)
    matches = analysis.paragraph_matches if level == "paragraph" else analysis.sentence_matches
    keep = _kept_in_place(analysis, settings)
    for m in matches:
        if m.kind != kind:
            continue
        removed = m.removed_passage
        if level == "sentence" and removed.index in keep:
            fix: tuple[tuple[Span, str], ...] = ()  # news: reported by duplicate.news-in-copy
        elif level == "paragraph":
            fix = _block_fix(doc, analysis, settings, [removed.index])
        elif len(doc.blocks[doc.sentences[removed.index].block].sentences) == 1:  # a sentence standing alone
            block = doc.sentences[removed.index].block
            fix = ((block_deletion(doc, block, analysis.removed_blocks | {block}), ""),)
        else:
            fix = ((sentence_deletion(doc, removed.index), ""),)
        yield Hit(
            fix=fix,
            span=removed.span,
            message=_describe(m).capitalize(),
            related=(m.kept_passage.span,),
            details=_details(m),
        )


@rules.rule(
    "duplicate.exact-paragraph", Severity.WARNING, "A paragraph repeated word for word.",
    flagged=ex.EXACT_PARAGRAPH_FLAGGED, passes=ex.CLEAN_SHORT, fixes=True,
)
def exact_paragraph(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A paragraph that appears again, identical after normalising case, whitespace, quotes and
    dashes. Scrapers repeat paragraphs when a page loads twice. Cleaning keeps the first copy."""
    return _match_hits(doc, settings, "exact", "paragraph")


@rules.rule(
    "duplicate.near-paragraph", Severity.WARNING, "A paragraph repeated with small changes.",
    flagged=ex.NEAR_PARAGRAPH_FLAGGED, passes=ex.TEMPLATE_BRIEFS + ex.CLEAN_SHORT[:2], fixes=True,
)
def near_paragraph(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A paragraph that appears again with typos, other punctuation, or a clause added or dropped
    (rapidfuzz similarity at or above the near-ratio setting). When the earlier copy stops
    mid-sentence and the later one goes on, the later, complete copy is kept. Two look-alike
    paragraphs about different subjects (another company, amount or date) are not copies."""
    return _match_hits(doc, settings, "near", "paragraph")


@rules.rule(
    "duplicate.sentence", Severity.WARNING, "A sentence repeated in another paragraph.",
    flagged=ex.SENTENCE_FLAGGED, passes=ex.CLEAN_SHORT, fixes=True,
)
def repeated_sentence(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A sentence of at least the minimum length that appears again, verbatim or nearly, in a
    paragraph that is otherwise kept. Only the repeat is removed; the rest of its paragraph stays."""
    for kind in ("exact", "near"):
        yield from _match_hits(doc, settings, kind, "sentence")


@rules.rule(
    "duplicate.second-version", Severity.WARNING, "A reworded second version of the story.",
    flagged=ex.SECOND_VERSION_FLAGGED, passes=ex.RELATED_STORY + ex.CLEAN_SHORT[:2], fixes=True,
)
def second_version(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A run of paragraphs that re-tells an earlier run in other words: sentences shortened, merged,
    split or reordered. Found by aligning stemmed content words, since such copies share few word
    n-grams. Each paragraph of the run must be paired with an earlier counterpart, and most of its
    sentences must be supported by it. A rewrite that swaps in synonyms shares fewer content words;
    it is found by its order instead, when paragraph after paragraph re-tells one earlier
    paragraph, clearly better than any other, in the earlier order, over three or more of them. The second version is
    removed whole, with its headings; what only it says is listed by duplicate.only-in-removed."""
    analysis = analyse(doc, settings)
    for v in analysis.second_versions:
        pairs = [
            {
                "removed": {"start": m.removed_passage.span.start, "end": m.removed_passage.span.end},
                "kept": {"start": m.kept_passage.span.start, "end": m.kept_passage.span.end},
                "coverage": round(m.score, 3),
            }
            for m in v.pairs
        ]
        which = "later" if v.removed == "later" else "earlier (it is cut short)"
        mean = sum(m.score for m in v.pairs) / len(v.pairs)
        why = f"mean content-word coverage {mean:.2f}"
        if v.in_order:
            why += ", following the earlier order paragraph by paragraph"
        elif v.evidence:
            why = (f"{v.evidence['supported']:.0%} of its sentences re-tell earlier ones in order, covering "
                   f"{v.evidence['covers']:.0%} of the earlier text")
        message = (
            f"Reworded repeat: {len(v.pairs)} paragraphs re-tell {len(set(v.kept_blocks))} earlier paragraphs "
            f"({why}); the {which} version is removed"
        )
        yield Hit(
            span=v.span,
            message=message,
            fix=_block_fix(doc, analysis, settings, v.removed_blocks),
            related=(v.related,) + tuple(m.kept_passage.span for m in v.pairs),
            details={"removed": v.removed, "pairs": pairs, "in_order": v.in_order,
                     **({"alignment": v.evidence} if v.evidence else {})},
        )


@rules.rule(
    "duplicate.news-in-copy", Severity.WARNING, "A sentence of a repeated copy with a fact the kept text lacks.",
    flagged=ex.NEWS_IN_COPY_FLAGGED, passes=ex.CLEAN_SHORT, fixes=True,
)
def news_in_copy(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A sentence of a copy that is otherwise removed, carrying a name, number, amount, date,
    weekday or quotation found nowhere in the kept text: a figure corrected, a new witness, a
    follow-up's news, what someone said.
    Removing it could lose a fact, so cleaning keeps it where it stands and reports it; its
    removal is an unsafe fix, applied only with ``--unsafe-fixes``."""
    analysis = analyse(doc, settings)
    for u in analysis.news:
        yield Hit(
            span=u.sentence.span,
            message="News in the repeated copy, kept: " + ", ".join(u.new_terms) + " not in the kept text",
            fix=((sentence_deletion(doc, u.sentence.index), ""),),
            details={"new_facts": list(u.new_terms), "sentence": u.sentence.text},
            unsafe=True,
        )


@rules.rule(
    "duplicate.only-in-removed", Severity.INFO, "A sentence that only the removed copy has.",
    flagged=ex.ONLY_IN_REMOVED_FLAGGED, passes=ex.CLEAN_SHORT,
)
def only_in_removed(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A sentence of a removed copy that carries content words found nowhere in the kept text (but
    no name, number or date: those are duplicate.news-in-copy and stay). Listed so that nothing
    is lost silently; ``clean --keep-unique`` keeps such sentences in the text instead."""
    for u in analyse(doc, settings).unique_sentences:
        yield Hit(
            span=u.sentence.span,
            message="Only in the removed copy: " + ", ".join(u.new_terms),
            details={"new_terms": list(u.new_terms), "sentence": u.sentence.text},
        )


@rules.rule(
    "duplicate.said-again", Severity.INFO, "A sentence said again word for word, kept as said on purpose.",
    flagged=ex.SAID_AGAIN_FLAGGED, passes=ex.CLEAN_SHORT,
)
def said_again(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A sentence repeated word for word that cleaning keeps, because it reads as said again on
    purpose (a speaker returning to a line in the middle of a new paragraph) or as telling each
    of two subjects its own fact. Listed so that a person can judge it; nothing is removed."""
    for m in analyse(doc, settings).said_again:
        yield Hit(
            span=m.later.span,
            message="Sentence said again word for word; kept, as it reads as said on purpose",
            related=(m.earlier.span,),
            details={"sentence": m.later.text},
        )


@rules.rule(
    "duplicate.look-alike", Severity.INFO, "Two passages built from one template about different subjects.",
    flagged=ex.TEMPLATE_BRIEFS, passes=ex.CLEAN_SHORT,
)
def look_alike(doc: Document, settings: Settings) -> Iterator[Hit]:
    """Two passages that share most of their words but not their subject: another company, amount or
    date. Templated briefs are the typical case. They are not copies, and nothing is removed."""
    for a, b, score in analyse(doc, settings).template_pairs:
        yield Hit(
            span=b.span,
            message=f"Looks like an earlier passage (similarity {score:.2f}) but is about something else; kept",
            related=(a.span,),
            details={"similarity": round(score, 3)},
        )


RULES = tuple(rules.rules)
