"""Truncated sentences: prose that a scraper cut off part-way through a clause.

Only prose is examined: the sentences of paragraphs and labelled paragraphs (see
:mod:`dedup.prose`, which also holds the word classes these checks reason with). Headings,
list items, captions, bylines and labels are not sentences and are never flagged.
Precision comes first, because a checker that cries wolf gets switched off: each check
needs a clear sign that the words stop in the middle of a clause, and stands aside for
quotes, questions and the answers to them, which are full of deliberate fragments.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator

from .. import lexicon
from ..align import analyse, sentence_passages
from ..clean import block_deletion
from ..config import Settings
from ..models import Severity, Span
from ..normalize import TOKEN_RE
from ..prose import (
    CLAUSE_OPENERS, COMPLEX_PREPOSITIONS, ELLIPSIS_CUES, ENDLESS_PRONOUNS, FINAL_AUXILIARIES, HEDGES, MID_ADVERBS,
    NEVER_LAST, NEVER_STRANDED, NOT_A_CLAUSE_AFTER, NOUN_MARKERS, OPEN_ADVERBS, PLAIN_ADJECTIVES, QUANTIFIERS,
    RHETORICAL_OPENERS, STRICT_PREPOSITIONS, WH_WORDS, ProseSentence, after_noun_phrase, block_units, clause_openers,
    closed, cut_short, has_verb, passive, preposition_head, prose_blocks, prose_sentences, reads_as_english,
    relative_gap, terminated, unclosed_bracket, unclosed_quote, unfinished_tail, verb_groups, verb_positions, verbish,
    wh_gap, words_of,
)
from ..segment import Block, Document, Kind, Sentence
from . import examples_consistency as ex
from .base import Hit, RuleSet
from .structure import boilerplate_lines

rules = RuleSet("truncation")

_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s-\s")
_CLAUSE_END = re.compile(r"[,;:\u2013\u2014]")
_LIST_PUNCTUATION = re.compile(r"[:;()\[\]|/*_]")
_INNER_SENTENCE_END = re.compile(r"[a-z]{2,}[.!?][\"'\u201d\u2019]?\s+[\"\u201c]?[A-Z]")
# Text whose words are exactly the words of its sentence's passage (``Passage.loose``): ASCII,
# plus marks that neither join nor split words. Other text is tokenised again.
_PLAIN_TEXT = re.compile("[\\x00-\\x7f\u2019\u201c\u201d\u2026\u00a0]*\\Z")
# Marks that may open or close a word without being part of it or joining it to the next one.
_EDGE_MARKS = "\"\u201c\u201d([{)]},.;:!?"
_CONJUNCTIONS = ("and", "or", "nor", "but")
# Adverbs that sit between an auxiliary and its verb: after the auxiliary, a verb must follow.
_AUXILIARY_ADVERBS = frozenset("barely hardly scarcely already previously recently just also".split())
_RELATIVE_PRONOUNS = frozenset(("which", "who", "whom", "whose", "where", "when"))
_COMPLEX_PREPOSITION_ENDS = frozenset(phrase[-1] for phrase in COMPLEX_PREPOSITIONS)  # "to", "of", "as"…
# A title may end on "to", "for" or "with" ("Where to", "Made for"); only the other strict
# prepositions show that a line taken for a heading is a cut sentence.
_HEADING_STRICT_PREPOSITIONS = STRICT_PREPOSITIONS - {"to", "for", "with"}


@functools.cache
def _noun_possessives() -> frozenset[str]:
    """Possessives that need a noun after them; "her" and "his" can also end a clause."""
    return closed("possessives") - {"her", "his"}


@functools.cache
def _open_endings() -> frozenset[str]:
    """Words a line that is really a cut sentence may end on: articles, conjunctions, possessives."""
    return closed("articles") | set(_CONJUNCTIONS) | _noun_possessives()


@functools.cache
def _subject_pronouns() -> frozenset[str]:
    return closed("pronouns") | {"i"}


@functools.cache
def _dangling_words() -> frozenset[str]:
    """Every word :func:`dangling_word` can name; a sentence ending on any other is complete."""
    return (
        _open_endings() | {"his"} | NEVER_LAST | _COMPLEX_PREPOSITION_ENDS | NEVER_STRANDED | ENDLESS_PRONOUNS
        | _RELATIVE_PRONOUNS | STRICT_PREPOSITIONS | FINAL_AUXILIARIES | _AUXILIARY_ADVERBS
    )


# --- no main verb ------------------------------------------------------------------------------


def _title_case(p: ProseSentence) -> bool:
    """Every open-class word capitalised: a headline or a name, not a clause."""
    closed_words = closed("all")
    return all(w[:1].isupper() or w.lower() in closed_words or w[:1].isdigit() for w in p.words)


def _verbless_fragment(p: ProseSentence) -> bool:
    if len(p.words) < 4 or p.quoted or p.after_question or not p.ends_on_full_stop:
        return False
    # Nearly every sentence has a verb, which settles it before the other checks are made.
    if has_verb(p.lower) or p.looks_abbreviated:
        return False
    text = p.sentence.text
    if _LIST_PUNCTUATION.search(text) or text.lstrip()[:1] in "-\u2013\u2014":
        return False
    if _title_case(p) or p.lower[0] in RHETORICAL_OPENERS or any(len(w) > 1 and w.isupper() for w in p.words):
        return False
    if _set_side_by_side(p):
        return False
    words = p.lower[1:] if p.lower[0] in closed("coordinating") else p.lower
    opens_clause = words[0] in clause_openers()
    partitive = len(words) > 2 and words[1] == "of" and (words[0] in QUANTIFIERS or words[0] in lexicon.number_words())
    stops_open = p.last.endswith("ly") or p.last in OPEN_ADVERBS
    return opens_clause or partitive or stops_open or _bare_subject(p) or len(p.words) >= 7


# Comparatives that open a verbless sentence written on purpose: "Fewer boats, bigger boats."
_COMPARATIVES = frozenset("fewer more less bigger smaller better worse higher lower longer shorter".split())


def _set_side_by_side(p: ProseSentence) -> bool:
    """Comparisons set side by side (``Fewer boats, bigger boats, and far fewer people on the
    quay.``), a style, not a lost verb; ``More than 60 firefighters.`` is a subject cut short."""
    return p.lower[0] in _COMPARATIVES and p.lower[1] not in ("than", "of") and "," in p.sentence.text


def _bare_subject(p: ProseSentence) -> bool:
    """A plain noun phrase that names someone or something and stops (``The regional health
    authority.``, ``Chief financial officer Ravi Deshmukh.``): the subject of a lost clause.
    Fragments written on purpose are rarely this bare; they carry a comparison, a ``for``
    phrase or a comma (``A remarkable night for the club.``)."""
    if "," in p.sentence.text or closed("prepositions") & set(p.lower):
        return False
    determined = p.lower[0] in NOUN_MARKERS and len(p.words) >= 5  # not "The same old problems."
    run = len(p.words)
    while run and p.words[run - 1][:1].isupper():
        run -= 1
    named = 0 < run < len(p.words) and p.words[run - 1][:1].islower()
    return determined or named


@rules.rule(
    "truncation.no-verb", Severity.WARNING, "A sentence with no main verb that stops mid-clause.",
    flagged=ex.NO_VERB_FLAGGED, passes=ex.NO_VERB_PASSES,
)
def no_verb(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A sentence of running prose with no verb at all that reads as the start of a clause: it
    opens like one (``As``, ``Because``, a preposition, ``Some of``), stops on an adverb (``As
    Defence Minister Khawaja Asif previously.``), is a bare subject (``Chief financial officer
    Ravi Deshmukh.``) or runs to seven words or more. Scrapers leave these when they cut a
    sentence before its verb. Short answers (``Not anymore.``), answers to a question,
    exclamations, quotations, attributions and headline-like fragments in title case are left
    alone, and so is text that does not read as English."""
    if not reads_as_english(doc):
        return
    for p in prose_sentences(doc):
        if _verbless_fragment(p):
            yield Hit(span=p.sentence.span, message="Sentence has no verb; it looks cut off",
                      details={"sentence": p.sentence.text})
        elif (said := _verbless_report(p)) is not None:
            yield Hit(span=p.sentence.span, message=f"What follows “{said}” has no verb; the sentence looks cut off",
                      details={"sentence": p.sentence.text})


# "said" takes a clause in news, not a noun phrase: what was said is missing when only a noun
# phrase follows (``Liam Fox said his party.``). Verbs that also take a plain object (``denied
# the allegations``, ``confirmed my impressions``) tell nothing so.
_REPORTING = frozenset(("said", "says"))
_WH_COMPLEMENT = frozenset(("how", "whether", "why"))
_WHEN_OR_WHERE = frozenset("in on at during after before yesterday today earlier last".split())
_WH_BEFORE_SAID = frozenset("what which as than so whatever".split())
_SAID_AFTER = re.compile("[,;:\"\u201c\u201d]")
# Verbs whose "that" opens a clause (a verb must follow): "found that the number of people."
_THAT_VERBS = frozenset("said says found find finds showed shows suggested suggests revealed reveals claimed claims "
                        "believed believes thought thinks knew knows argued argues warned warns announced announces "
                        "reported reports added adds insisted insists".split())
_HANGS_A_CLAUSE = _REPORTING | _WH_COMPLEMENT | {"that"}


def _verbless_report(p: ProseSentence) -> str | None:
    """The word a sentence's last clause hangs on, when that clause is a bare noun phrase: a
    reported statement (``…said his party.``, ``…said that a hamstring injury.``) or a
    ``how``/``whether`` question (``…to see how the strict.``) or a clause after ``found
    that`` (``…found that the number of people.``) whose verb was cut off. The phrase must open
    on a determiner or possessive, so ``said goodbye``, ``said so`` and ``how often`` stay
    complete. A statement lost whole leaves ``said`` with only when or where after it (``The
    head of the harbour board said on Monday.``), unless what was said comes before it (``…,
    the board said on Monday.``) or ``what`` or ``as`` asks for it."""
    if len(p.words) < 6 or p.quoted or p.after_question or not p.ends_on_full_stop or p.looks_abbreviated:
        return None
    words = p.lower
    if _HANGS_A_CLAUSE.isdisjoint(words[1:-1]):
        return None  # most sentences: no such word that could leave a clause behind it
    at = max((i for i, w in enumerate(words[:-1]) if w in _REPORTING or w in _WH_COMPLEMENT
              or (w == "that" and i > 0 and words[i - 1] in _THAT_VERBS and words[i + 1] in NOUN_MARKERS)), default=-1)
    if at < 1:
        return None
    text = p.sentence.text
    verb_at = text.lower().rfind(" " + words[at]) + 1
    if words[at] in _REPORTING and text[:verb_at].rstrip()[-1:] in (",", '"', "\u201d"):
        return None  # "…, said the report.": who said it, after what was said
    rest = list(words[at + 1 :])
    if words[at] in _REPORTING and rest[:1] == ["that"]:
        rest = rest[1:]
    if not 2 <= len(rest) <= 6 or has_verb(tuple(rest)):
        return None
    # What was said may be missing altogether: "said" and only when or where ("…, who won silver
    # in 2000, said during the Games."), unless "said" answers a "what" or an "as" before it.
    # What was said comes first in "…, the company said on Monday.": no comma or quote before it.
    when_only = (words[at] in _REPORTING and rest[0] in _WHEN_OR_WHERE
                 and not (_WH_BEFORE_SAID & set(words[:at])) and not _SAID_AFTER.search(text[:verb_at]))
    if rest[0] not in NOUN_MARKERS and not when_only:
        return None
    if "," in text[verb_at:]:
        return None  # "said the firm, its shares up": an aside, not the cut
    return p.words[at]


# --- dangling subordinate clause ----------------------------------------------------------------


@rules.rule(
    "truncation.dangling-clause", Severity.WARNING, "A subordinate clause with no main clause after it.",
    flagged=ex.DANGLING_CLAUSE_FLAGGED, passes=ex.DANGLING_CLAUSE_PASSES,
)
def dangling_clause(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A sentence that opens with a subordinator (``Because``, ``When``, ``Although``) and ends
    before its main clause: ``Because the council had not yet.`` It has one verb group and no
    comma that could lead to a main clause. An answer to a question (``Why? Because it works.``),
    quotations and text that does not read as English are left alone."""
    if not reads_as_english(doc):
        return
    for p in prose_sentences(doc):
        if p.lower[0] not in CLAUSE_OPENERS or len(p.words) < 3 or p.lower[1] in NOT_A_CLAUSE_AFTER:
            continue
        if p.quoted or p.after_question or not p.ends_on_full_stop or p.looks_abbreviated:
            continue
        if _CLAUSE_BREAK.search(p.sentence.text) or verb_groups(p.lower) != 1:
            continue
        yield Hit(span=p.sentence.span, message=f"Sentence is only a “{p.words[0]} …” clause; its main clause is missing",
                  details={"sentence": p.sentence.text})


# --- a sentence that ends on a word that needs more after it --------------------------------------


def dangling_word(p: ProseSentence) -> str | None:
    """What kind of word ``p`` ends on, when no complete sentence can end there."""
    last, words = p.last, p.lower
    if len(words) < 3 or not p.words[-1].islower() or last not in _dangling_words():
        return None
    if words[-2:] in HEDGES:
        return None
    if last in closed("articles"):
        return "the article"
    if last in _CONJUNCTIONS:
        return "the conjunction"
    if last in _noun_possessives() or (last == "his" and words[-2] not in closed("auxiliaries")):
        return "the possessive"
    if last in NEVER_LAST:
        return "the word"
    for phrase in COMPLEX_PREPOSITIONS if last in _COMPLEX_PREPOSITION_ENDS else ():
        if words[-len(phrase):] == phrase and not wh_gap(words, before=len(words) - len(phrase)):
            return "the preposition"
    if last in NEVER_STRANDED:
        return "the preposition"
    if p.quoted:
        return None  # speech is full of ellipsis ("Some will.") and stranded words
    if last in _AUXILIARY_ADVERBS and words[-2] in FINAL_AUXILIARIES and _ellipsis_impossible(words[:-1], words[:-1]):
        return "the adverb"  # "…and have barely.": the verb the adverb leads to is missing
    if last in ENDLESS_PRONOUNS and words[-2] not in ("than", "as", "like", "but") and not verbish(words[-2]):
        return "the pronoun"
    if last in _RELATIVE_PRONOUNS and p.sentence.text.rstrip()[: -len(last) - 1].rstrip().endswith(","):
        return "the relative pronoun"
    if last in STRICT_PREPOSITIONS and _stranding_impossible(words, _last_clause(p)):
        return "the preposition"
    if last in FINAL_AUXILIARIES and _ellipsis_impossible(words, _last_clause(p)):
        return "the auxiliary"
    return None


def _last_clause(p: ProseSentence) -> tuple[str, ...]:
    tail = _CLAUSE_END.split(p.sentence.text)[-1]
    return tuple(w.lower() for w in words_of(tail))


def _stranding_impossible(words: tuple[str, ...], clause: tuple[str, ...]) -> bool:
    """Nothing that could have left the preposition behind: a wh-word (``what you are entitled
    to``), an infinitive after a noun (``someone to talk to``), a relative clause without a
    relative word (``the people I work with``, ``the terms the council asked for``) or a passive
    (``was paid for``). A preposition after a noun (``a generation of``) is never left behind."""
    h = preposition_head(words)
    if h < 0 or words[h] in closed("pronouns") or wh_gap(words):
        return False
    if any(w == "worth" and nxt.endswith("ing") for w, nxt in zip(words[-5:], words[-4:])):
        return False  # "worth fighting for"
    tail = words[max(0, len(words) - 7) : -1]
    for i in range(1, len(tail) - 1):
        if tail[i] == "to" and verbish(tail[i + 1]) and not verbish(tail[i - 1]):
            return False  # "nothing to worry about", "someone to talk to"
    if h in verb_positions(words):
        # An active verb with its preposition and nothing after it: "…had risen from."
        return words[-1] != "to" and not passive(words, h) and not relative_gap(clause)
    # After a plain noun ("on the balance of") nothing is left behind; after an adjective a
    # relative clause may leave it ("the only thing he's ever been good at").
    return (h > 0 and words[h - 1] in NOUN_MARKERS) or not relative_gap(clause)


def _ellipsis_impossible(words: tuple[str, ...], last_clause: tuple[str, ...]) -> bool:
    """No comparison or condition in the sentence, and no wh-word in its last clause, that lets
    the verb after an auxiliary go unsaid (``as it always has``, ``if you can``, ``where the
    station is``); and a noun subject, or a pronoun after ``that``."""
    if len(words) < 5 or ELLIPSIS_CUES & set(words[:-1]) or WH_WORDS & set(last_clause[:-1]):
        return False
    at = len(words) - 2
    while at > 2 and words[at] in MID_ADVERBS:  # "that I still have"
        at -= 1
    subject = words[at]
    if subject in QUANTIFIERS or subject == "others":
        return False  # "while 30% said only some had": a quantifier stands for a noun said before
    if subject in _subject_pronouns():
        # "said that it would": the verb is missing; "a bill that I still have": "have" is it.
        return words[at - 1] == "that" and not after_noun_phrase(words, at - 1)
    return at not in verb_positions(words) and subject not in lexicon.negations()


@rules.rule(
    "truncation.dangling-end", Severity.WARNING, "A sentence that ends on an article, preposition, conjunction or auxiliary.",
    flagged=ex.DANGLING_END_FLAGGED, passes=ex.DANGLING_END_PASSES,
)
def dangling_end(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A sentence whose last word needs more after it: an article (``…according to the.``), a
    conjunction, a possessive, a subject pronoun, a relative pronoun after a comma, a preposition
    that cannot be left stranded, or an auxiliary with a noun subject (``…said the budget
    would.``). Stranded prepositions (``what the fuss is all about``, ``the people I work
    with``), phrasal verbs (``the lights went out``), and ellipsis after a comparison or
    condition (``as it always has``) are English and are left alone; text that does not read
    as English is not checked."""
    if not reads_as_english(doc):
        return
    for p in prose_sentences(doc):
        if not p.ends_on_full_stop:
            continue
        kind = dangling_word(p)
        if kind and not p.looks_abbreviated:
            yield Hit(span=p.sentence.span, message=f"Sentence ends on {kind} “{p.words[-1]}”; it looks cut off",
                      details={"last_word": p.words[-1], "word_class": kind.split()[-1]})


# --- unclosed quotes and brackets ---------------------------------------------------------------


def _continues_quote(doc: Document, block: Block) -> bool:
    """A quotation running on into the next paragraph reopens it there, by convention."""
    following = doc.blocks[block.index + 1 :]
    nxt = next((b for b in following if b.kind is not Kind.HEADING or b.text.strip()), None)
    return nxt is not None and nxt.text.lstrip()[:1] in "\"\u201c"


@rules.rule(
    "truncation.unclosed-quote", Severity.WARNING, "A quotation opened and never closed in its paragraph.",
    flagged=ex.UNCLOSED_QUOTE_FLAGGED, passes=ex.UNCLOSED_QUOTE_PASSES,
)
def unclosed_quote_rule(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A paragraph that opens a quotation (“ or ") and never closes it, usually because the
    end of the paragraph was lost. A quotation that runs on into the next paragraph, which then
    opens with a quote mark as the convention is, is not flagged."""
    for block in prose_blocks(doc):
        at = unclosed_quote(block.text)
        if at is not None and not _continues_quote(doc, block):
            yield Hit(span=Span(block.body.start + at, block.body.end), message="Quotation is never closed",
                      details={"paragraph_end": block.text[-60:]})


@rules.rule(
    "truncation.unclosed-bracket", Severity.WARNING, "A bracket opened and never closed in its paragraph.",
    flagged=ex.UNCLOSED_BRACKET_FLAGGED, passes=ex.UNCLOSED_BRACKET_PASSES,
)
def unclosed_bracket_rule(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A paragraph that opens a bracket and never closes it. Lists numbered ``1)`` and the like
    have closing brackets only, which is fine."""
    for block in prose_blocks(doc):
        at = unclosed_bracket(block.text)
        if at is not None:
            yield Hit(span=Span(block.body.start + at, block.body.end), message="Bracket is never closed",
                      details={"paragraph_end": block.text[-60:]})


# --- a paragraph or the article that stops mid-sentence --------------------------------------------


def _ends_mid_sentence(doc: Document, block: Block, last_block: bool, cut_copies: frozenset[int]) -> bool:
    text = block.text.rstrip()
    if terminated(text):
        return False
    words = text.split()
    if len(words) < 5:
        return False
    last = words[-1]
    if not any(c.isalnum() for c in last) or _is_title_line(doc, block):
        return False  # a rating (★★★★☆) or the headline itself
    if "@" in last or "/" in last or "." in last.strip(".") or ":" in text[:40] and len(words) < 12:
        return False  # an address, a handle or a "Label: value" line
    if ":" in text[:40] and any(sep in text for sep in ("; ", " | ", " \u00b7 ", " \u2022 ")) and "\n" not in text:
        return False  # "Pros: quiet; rarely stuck", "Prep Time: 25 mins · Servings: 4": a fact box
    if _ATTRIBUTION.search(text):
        return False  # "… a gardener.” — Eleanor Crane, 1986": the attribution of a quotation
    if _is_standfirst(doc, block) and last[-1].isalnum() and last.lower() not in _dangling_words():
        return False  # the line under the headline that sums the story up
    if block.kind is Kind.LABEL and len(words) < 12 and "\n" not in text:
        return False  # "In brief: Greyford signs recycling deal": a label before a headline
    if block.kind is Kind.HEADING:
        return _heading_is_cut_sentence(doc, block, words, last_block)
    if not cut_short(text, doc.text[block.span.end : block.span.end + 3]):
        return False
    # Inside the article a complete clause without its full stop ("…in the last eight") is a
    # slip of the writer's; only a word or mark that needs more after it shows the cut, or a
    # later copy that tells the paragraph whole. At the very end, where scrapers cut articles
    # off, the missing stop is enough.
    return last_block or _stops_open(text) or block.index in cut_copies or _alone_without_its_stop(doc, block)


def _alone_without_its_stop(doc: Document, block: Block) -> bool:
    """A paragraph whose last sentence, long and with a verb, stops on a verb without its full
    stop, in prose where every other paragraph of some length has one: the writer's habit is
    plain, so the sentence was cut before its object (``…had decided on January 10 to
    release``). One that ends on a noun (``…reached the last eight``) may be a slip of the
    writer's and is left alone."""
    tail = unfinished_tail(block.text)
    words = tuple(w.lower() for w in words_of(tail))
    if len(words) < 8 or not tail.lstrip("\"'\u201c\u2018(")[:1].isupper() or not has_verb(words):
        return False
    if not verbish(words[-1]) or words[-2] in NOUN_MARKERS:
        return False
    long_prose, open_ones = doc.memo("truncation.long_prose_stops", lambda: _long_prose_stops(doc))
    return long_prose - 1 >= 4 and open_ones <= {block.index}


def _long_prose_stops(doc: Document) -> tuple[int, frozenset[int]]:
    """How many paragraphs of prose have eight words or more, and which of them lack a final stop."""
    long_prose = [b for b in prose_blocks(doc) if len(b.text.split()) >= 8]
    return len(long_prose), frozenset(b.index for b in long_prose if not terminated(b.text))


def _cut_copies(doc: Document, settings: Settings) -> frozenset[int]:
    """The last block of each earlier copy that the duplicate analysis found cut short, since
    a later copy tells it whole and goes on."""
    analysis = analyse(doc, settings)
    found = {m.earlier.index for m in analysis.paragraph_matches if m.removed == "earlier" and m.level == "paragraph"}
    found.update(max(v.removed_blocks) for v in analysis.second_versions if v.removed == "earlier" and v.removed_blocks)
    return frozenset(found)


def _stops_open(text: str) -> bool:
    """Whether ``text`` stops on a word or mark that needs more after it (``the``, ``of``, ``,``),
    or leaves a quotation or bracket open (``"If the province won't commit by spring, then``)."""
    if text[-1:] in ",;\u2013\u2014-" or unclosed_quote(text) is not None or unclosed_bracket(text) is not None:
        return True
    words = words_of(text)
    if not words:
        return False
    last = words[-1]
    if last.lower().endswith("'s") and last.lower() not in closed("auxiliaries"):
        return True  # "the coach's": a possessive with nothing after it
    if last.islower() and (last in _paragraph_open_endings() or last in _dangling_words()):
        return True
    if len(words) >= 2 and words[-2].lower() in NOUN_MARKERS and last in PLAIN_ADJECTIVES:
        return True  # "a small", "the final": the noun is missing
    if last in _REPORTING_VERBS and text[: -len(last)].rstrip()[-1:] in _BEFORE_INVERSION:
        return True  # '…losing it," said' or 'Tom Ashby, a plumber, said': who said it, or what, is missing
    return _verbless_start(unfinished_tail(text))


_REPORTING_VERBS = frozenset(("said", "says", "told", "added"))
_BEFORE_INVERSION = ",\"\u201d"


def _verbless_start(tail: str) -> bool:
    """An unfinished sentence that starts as one (a capital) and has no verb yet: ``During the
    storm in November, about 140,000 homes``. A fragment starting in lower case is no sentence."""
    words = tuple(w.lower() for w in words_of(tail))
    return len(words) >= 3 and tail.lstrip("\"'\u201c\u2018(*_")[:1].isupper() and not has_verb(words)


@functools.cache
def _paragraph_open_endings() -> frozenset[str]:
    """Words a paragraph that also lacks its full stop does not end on: function words (``in``,
    ``such``, ``many``, ``being``) and the adverbs that lead to more (``also``, ``not``). Two
    signs together, where one alone (``the lights went out``) would not do; pronouns that may
    be objects (``fix it``) are left out."""
    objects = closed("pronouns") - ENDLESS_PRONOUNS
    return (closed("all") - objects) | OPEN_ADVERBS | lexicon.negations()




# A dash, then a name and perhaps a year, at the end of a block: who said the quotation before.
_ATTRIBUTION = re.compile(r"(?:\A|\s)[\u2013\u2014]\s*[A-Z][^.!?\u2013\u2014]{0,60}\Z")


def _is_standfirst(doc: Document, block: Block) -> bool:
    """One line right under the first block, the headline (``Botanist who catalogued the wild
    flowers of the Tamsin Hills``), which sums the story up without a full stop."""
    return block.index == 1 and _one_line(doc, block)


def _is_title_line(doc: Document, block: Block) -> bool:
    """The first block, on one line: a headline long enough to be taken for a paragraph."""
    return block.index == 0 and _one_line(doc, block)


def _one_line(doc: Document, block: Block) -> bool:
    """Whether the block stands on one line of the input (its text has line breaks made spaces)."""
    return "\n" not in doc.text[block.body.start : block.body.end]


def _heading_is_cut_sentence(doc: Document, block: Block, words: list[str], last_block: bool) -> bool:
    """A short line the segmenter took for a heading, which is really the start of a sentence:
    it has a verb and ends on a word no title ends on (``…will be between midnight and``). At
    the very end of the article, where no heading belongs since nothing follows it, a line that
    reads as a clause in sentence case is enough (``He was taken into custody``)."""
    if block.span.start != block.body.start:
        return False  # a Markdown heading is a heading
    lower = tuple(w.strip("\"'\u201c\u201d,").lower().replace("\u2019", "'") for w in words)
    last = lower[-1]
    ends_open = last in _open_endings()
    ends_open = ends_open or (last in _HEADING_STRICT_PREPOSITIONS and not verbish(lower[-2]))
    verbs = [i for i in verb_positions(lower) if i and words[i][:1].islower()]
    if verbs and (ends_open or (_long_line_dangles(block, words, lower) and not _runs_on(doc, block))):
        return True
    if not last_block or not verbs or ":" in block.text or _boilerplate_line(block.text.strip()):
        return False
    if _INNER_SENTENCE_END.search(block.text):
        return True  # two sentences on the line: prose, not a heading
    capitalised = [w for w, raw in zip(lower[1:], words[1:]) if raw.lstrip("\"'\u201c")[:1].isupper()]
    if all(w == "i" or w.startswith("i'") for w in capitalised):
        return True
    # A clause that names someone is cut as well (``UConn's 7-foot-3 center Hasheem Thabeet
    # finished``) when it is no credit line (``Additional reporting by Sam Jones``) and does not
    # read as a title (most of its words capitalised).
    if ";" in block.text or _CREDIT.search(block.text) or _title_like(words):
        return False
    tail = [w.lower() for w in words_of(unfinished_tail(block.text))]
    if len(tail) < 6 or not has_verb(tuple(tail)):
        return False  # "… to comment. - Sapa": an agency's name after the last sentence
    # Told in the past or with an auxiliary, as news prose is; a caption or a headline speaks in
    # the present ("Theresa May speaks to reporters outside Downing Street").
    if not any(w in closed("auxiliaries") or w in _PAST_REPORTING or (w.endswith("ed") and verbish(w)) for w in tail):
        return False
    # Eight words or more, or a function word that headlines leave out ("the", "was", "he").
    return len(tail) >= 8 or bool(set(tail) & _HEADLINE_OMITS)


_PAST_REPORTING = frozenset("said told added went came took gave made left won lost began saw met".split())
_HEADLINE_OMITS = frozenset("a an the is are was were has have had he she they it his her its their".split())
# "by" before a name: a credit line (``Reporting by Tom Brown; Editing by Ann Lee``).
_CREDIT = re.compile(r"\bby\s+[A-Z]")


def _title_like(words: list[str]) -> bool:
    """Written in title case, as a headline is (``Minister Unveils Bold Plans``): its verbs
    capitalised too, and most of its open-class words. Names alone (``Midfielder Tom Reed,
    signed from Hull in June, scored``) do not make a title."""
    lower = tuple(w.strip("\"'\u201c\u201d,").lower() for w in words)
    if any(words[i][:1].islower() for i in verb_positions(lower)):
        return False
    open_words = [w for w, low in zip(words, lower) if low not in closed("all")]
    return sum(w.lstrip("\"'\u201c")[:1].isupper() for w in open_words) * 2 > len(open_words)


def _long_line_dangles(block: Block, words: list[str], lower: tuple[str, ...]) -> bool:
    """A line of eight words or more, a clause with its verb, that stops on a word no sentence
    of news ends on (``…offers unparalleled opportunities for``, ``…snatched the boy from the
    arms of``): the reasoning of ``truncation.dangling-end``, for a line too long to be a title
    that ends on ``for`` or ``to`` (``Where to``)."""
    if len(words) < 8 or not words[-1].islower() or _title_like(words):
        return False
    sentence = Sentence(span=block.body, text=block.text, index=-1, block=block.index)
    p = ProseSentence(sentence, block, tuple(words), lower, quoted=any(q in block.text for q in "\"\u201c\u201d"),
                      after_question=False, followed=False, ends_on_full_stop=False)
    return dangling_word(p) is not None


def _runs_on(doc: Document, block: Block) -> bool:
    """Whether the text goes on on the very next line after ``block`` (hard-wrapped prose that
    the segmenter split, ``…development bank funding of`` over ``1.8 billion dlrs…``)."""
    return bool(re.match(r"[ \t]*\r?\n[ \t]*[^\s]", doc.text[block.span.end : block.span.end + 40]))


def _boilerplate_line(line: str) -> bool:
    return any(p.match(line) for p in lexicon.boilerplate_patterns())


@rules.rule(
    "truncation.no-terminal", Severity.WARNING, "A paragraph, or the article, that stops mid-sentence.",
    flagged=ex.NO_TERMINAL_FLAGGED, passes=ex.NO_TERMINAL_PASSES,
)
def no_terminal(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A paragraph of prose whose last sentence has no terminal punctuation: the rest of it was
    lost (``…according to the``). The missing stop alone is evidence only at the end of the
    article; inside it, the paragraph must stop on a word or mark that needs more after it,
    leave a quotation open, or be told whole by a later copy. A line short enough to pass for a
    heading counts when it reads as a sentence cut off after ``and``, ``the`` or ``of`` (``The
    best viewing will be between midnight and``), as happens at the end of an article. Headings,
    list items, captions, labels, bylines, boilerplate (``… Sign up now``), lists written on one
    line, quotations closed by their writer and hard-wrapped lines that run on are not checked."""
    last_index = len(doc.blocks) - 1
    prose = {b.index for b in prose_blocks(doc)}
    boilerplate_ends = {span.end for span, _ in boilerplate_lines(doc)}
    cut_copies = _cut_copies(doc, settings)
    for block in doc.blocks:
        candidate = block.index in prose or (block.kind is Kind.HEADING and block.index > 0)
        candidate = candidate and block.body.end not in boilerplate_ends
        if not candidate or not _ends_mid_sentence(doc, block, block.index == last_index, cut_copies):
            continue
        start = block.sentences[-1].span.start if block.sentences else block.body.start
        where = "The article" if block.index == last_index else "Paragraph"
        yield Hit(span=Span(start, block.body.end), message=f"{where} ends mid-sentence, with no final punctuation",
                  details={"ending": block.text[-60:], "article_end": block.index == last_index})


# --- a sentence that is the start of a longer one elsewhere ------------------------------------------


def prefix_pairs(doc: Document, settings: Settings) -> list[tuple[Sentence, Sentence]]:
    """(cut, whole) pairs: ``cut`` stops part-way through a sentence that ``whole`` completes."""
    by_start: dict[tuple[str, ...], list[Sentence]] = {}
    for block in doc.blocks:
        for unit in block_units(doc, block) or _lone_line(doc, block):
            for variant in (unit, _unlabelled(unit)):
                start = _start(variant) if variant is not None else ()
                if len(start) == 4:
                    by_start.setdefault(start, []).append(variant)
    prose = {b.index for b in prose_blocks(doc)}
    pairs = []
    for units in by_start.values():
        if len(units) < 2:
            continue
        # Only units that share their start are compared, so only they need all their words.
        group = [(u, _unit_words(doc, settings, u)) for u in units]
        for cut, cut_words in group:
            if cut.block not in prose and cut.index >= 0:
                continue
            complete = (t for t in group if _completes(cut, cut_words, *t))
            whole = max(complete, key=lambda t: len(t[1]), default=None)
            # A line read as a heading heads the paragraph that tells it whole (a headline made
            # of the lead's first words); further from it, it is the last line of a cut copy.
            if whole is not None and (cut.block in prose or whole[0].block > cut.block + 1):
                pairs.append((cut, whole[0]))
    return sorted(pairs, key=lambda pair: pair[0].index)


def _lone_line(doc: Document, block: Block) -> tuple[Sentence, ...]:
    """A line on its own read as a heading, after the first block and without a full stop, as
    a unit of its own (index -1: it is no sentence of the document); else nothing."""
    if block.kind is not Kind.HEADING or block.index == 0 or block.sentences:
        return ()
    text = doc.text[block.body.start : block.body.end]
    if terminated(text.rstrip()) or "\n" in text.strip():
        return ()
    return (Sentence(block.body, text, -1, block.index),)


def _unlabelled(unit: Sentence) -> Sentence | None:
    """``unit`` without a label that opens it (``Update: Five soldiers were``), or None. A
    closing quote before the label (``can."Update: Five…``) belongs to the sentence before."""
    quote = _closing_quote(unit.text)
    label = lexicon.kicker(unit.text[quote:])
    if not label or terminated(unit.text.rstrip()):
        return None  # a headline glued on stops without a full stop
    label += quote
    return Sentence(Span(unit.span.start + label, unit.span.end), unit.text[label:], unit.index, unit.block)


def _closing_quote(text: str) -> int:
    """The length of the closing quotes that open ``text``: Punkt leaves the one that ends the
    sentence before on the next when no space parts them (``can."Update: Five…``)."""
    return len(text) - len(text.lstrip("\"\u201d"))


def found_words(unit: Sentence) -> tuple[str, ...]:
    """The lower-cased words and numbers of ``unit``, with U+2019 as an apostrophe."""
    return tuple(m.group().lower().replace("\u2019", "'") for m in TOKEN_RE.finditer(unit.text))


def _unit_words(doc: Document, settings: Settings, unit: Sentence) -> tuple[str, ...]:
    words = shared_words(doc, settings, unit)
    return found_words(unit) if words is None else words


def shared_words(doc: Document, settings: Settings, unit: Sentence) -> tuple[str, ...] | None:
    """:func:`found_words` of ``unit`` without finding them again: the sentence's passage has
    them when the unit is a whole sentence in plain text. None for other units."""
    if unit.index < 0:
        return None
    sentence = doc.sentences[unit.index]
    if sentence is not unit and sentence.span != unit.span:
        return None
    if not (unit.text.isascii() or _PLAIN_TEXT.match(unit.text)):
        return None
    loose = sentence_passages(doc, settings)[unit.index].loose
    return tuple(loose.split(" ")) if loose else ()


def _start(unit: Sentence) -> tuple[str, ...]:
    """The first four words within the first 100 characters: units that share them are compared."""
    head = unit.text[:100]
    # The usual start, four plain words between spaces, needs no regular expression: each is a
    # whole word, since the marks around it neither belong to a word nor join two.
    pieces = head.split(None, 4)
    if len(pieces) == 5:
        plain = [piece.strip(_EDGE_MARKS) for piece in pieces[:4]]
        letters = "".join(plain)
        if all(plain) and letters.isascii() and letters.isalpha():
            return tuple(map(str.lower, plain))
    return tuple(TOKEN_RE.findall(head.lower().replace("\u2019", "'")))[:4]


def _completes(cut: Sentence, cut_words: tuple[str, ...], whole: Sentence, whole_words: tuple[str, ...]) -> bool:
    n = len(cut_words)
    if len(whole_words) <= n or whole_words[:n] != cut_words:
        return False
    if not terminated(cut.text.rstrip()):
        return True
    if len(whole_words) < n + 2:
        return False
    # A complete sentence can be the start of a longer one ("The hearing was on Tuesday, March 11").
    # Only a cut inside a clause, where the longer one runs straight on with a word, counts.
    # And a clause, not one word before a comma: "The hardest part is over." is no cut of
    # "The hardest part is over now," she said.
    ends = [m.end() for m in TOKEN_RE.finditer(whole.text)]
    after = whole.text[ends[n - 1] :]
    run_on = re.match(r" [^\W_][^,;:.!?\"\u201d]*", after)
    return run_on is not None and len(run_on.group().split()) >= 2


@rules.rule(
    "truncation.prefix", Severity.WARNING, "A sentence that is the cut-off start of a longer one elsewhere.",
    flagged=ex.PREFIX_FLAGGED, passes=ex.PREFIX_PASSES, fixes=True,
)
def prefix(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A sentence whose words are exactly the beginning of a longer sentence elsewhere in the
    text, and which stops inside a clause. When the longer sentence is in a copy that cleaning
    removes, cleaning puts it in place of the cut one (its text is copied from the input, never
    made up); otherwise the cut sentence is only reported."""
    analysis = analyse(doc, settings)
    # Sentences of removed copies that stay: news in the copy, unless unsafe fixes apply.
    staying = set() if settings.unsafe_fixes else {u.sentence.index for u in analysis.news}

    def removed_pieces(unit: Sentence) -> list[bool]:
        pieces = [s for s in doc.blocks[unit.block].sentences if unit.span.overlaps(s.span)] or [unit]
        if unit.block in analysis.removed_blocks:
            return [s.index not in staying for s in pieces]
        return [s.index in analysis.removed_sentences and s.index not in staying for s in pieces]

    for cut, whole in prefix_pairs(doc, settings):
        fix = ()
        how = ""
        # Only when the whole sentence goes, and none of the cut one, does the text stay single.
        if _ends_a_cut_copy(doc, cut, whole, analysis.removed_blocks) and not any(removed_pieces(whole)) \
                and not any(removed_pieces(cut)):
            # The end of a copy cut short, a copy after it that cleaning removes but for this
            # sentence: the whole sentence stays further down, so the cut one goes, and no word
            # is lost.
            fix = ((_cut_span(doc, cut, analysis.removed_blocks), ""),)
            how = "; the complete one follows in the copy after it, and the cut one goes"
        elif cut.index >= 0 and all(removed_pieces(whole)) and not any(removed_pieces(cut)):
            title = _glued_title(doc, cut, whole, analysis.removed_blocks)
            if title is not None:
                fix, how = ((title, ""),), "; it is the title of the copy that cleaning removes, and goes with it"
            else:
                fix = ((cut.span, doc.text[whole.span.start : whole.span.end]),)
                how = "; cleaning puts the complete one in its place"
        yield Hit(span=cut.span, related=(whole.span,), fix=fix,
                  message="Sentence is the cut-off start of a longer sentence" + how,
                  details={"complete": whole.text})


def _ends_a_cut_copy(doc: Document, cut: Sentence, whole: Sentence, removed_blocks: frozenset[int]) -> bool:
    """Whether ``cut`` ends its block, the block after it opens a copy that cleaning removes,
    and ``whole`` comes later: a copy stopped part-way, then the story again."""
    block = doc.blocks[cut.block]
    return whole.span.start > block.span.end and cut.block + 1 in removed_blocks \
        and not doc.text[cut.span.end : block.span.end].strip()


def _cut_span(doc: Document, cut: Sentence, removed_blocks: frozenset[int]) -> Span:
    """The span that takes ``cut`` away: its whole block when nothing comes before it there,
    else the cut with the space before it."""
    block = doc.blocks[cut.block]
    if not doc.text[block.body.start : cut.span.start].strip():
        return block_deletion(doc, cut.block, removed_blocks | {cut.block})
    start = cut.span.start
    while doc.text[start - 1] in " \t\n":
        start -= 1
    return Span(start, cut.span.end)


def _glued_title(doc: Document, cut: Sentence, whole: Sentence, removed_blocks: frozenset[int]) -> Span | None:
    """The span of ``cut`` with its label, when it is the headline of the copy that opens
    with ``whole`` (a copy's title glued onto the paragraph above it, ``...in 2016.Update: Five
    soldiers were``): the last words of the block right above the removed copy. None otherwise."""
    block = doc.blocks[cut.block]
    opening = next(iter(doc.blocks[whole.block].sentences), None)
    if whole.block != cut.block + 1 or whole.block not in removed_blocks or opening is None \
            or opening.span.start != whole.span.start or doc.text[cut.span.end : block.span.end].strip():
        return None
    sentence = doc.sentences[cut.index]
    head = doc.text[sentence.span.start : cut.span.end]
    quote = _closing_quote(head)
    label = lexicon.kicker(head[quote:])
    at = sentence.span.start + quote
    start = at if label and at + label == cut.span.start else cut.span.start
    # The break before it goes too when it stands on the paragraph's last line after a sentence.
    before = doc.text[block.body.start : start]
    if not before.strip():
        return None  # the whole block is the title: the copy's headings go with it already
    if doc.text[start : start + 1] in _CLOSING_DOUBLE and whole.text[:1] not in _CLOSING_DOUBLE + ("\u201c",):
        # '...as a result of the incident."Police in South Wales are' above 'Police in South
        # Wales are…': the quote closes the story's quotation and stays with it.
        return Span(start + 1, cut.span.end)
    return Span(start - (len(before) - len(before.rstrip(" \t"))), cut.span.end)


_CLOSING_DOUBLE = ("\"", "\u201d")


RULES = tuple(rules.rules)
