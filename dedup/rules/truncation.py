"""Truncated sentences: prose that a scraper cut off part-way through a clause.

Only prose is examined: the sentences of paragraphs and labelled paragraphs. Headings,
list items, captions, bylines and labels are not sentences and are never flagged.
Precision comes first, because a checker that cries wolf gets switched off: each check
needs a clear sign that the words stop in the middle of a clause, and stands aside for
quotes, questions and the answers to them, which are full of deliberate fragments.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterator

from .. import lexicon
from ..config import Settings
from ..models import Severity, Span
from ..normalize import TOKEN_RE
from ..segment import Block, Document, Kind, Sentence
from . import examples_consistency as ex
from .base import Hit, RuleSet

rules = RuleSet("truncation")

_WORD = re.compile(r"[^\W_]+(?:['\u2019.\-][^\W_]+)*")
_ENDS_ON_FULL_STOP = re.compile(r"[^\W_]\.\Z")  # a word or number, then one full stop
_TERMINAL = re.compile(r"[.!?\u2026:][\"'\u201d\u2019)\]*_]*\Z")
_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s-\s")
_LIST_PUNCTUATION = re.compile(r"[:;()\[\]|/*_]")
_STRAIGHT_QUOTE = re.compile(r'(?<!\d)"')  # a straight quote after a digit is an inch mark
_ARTICLE_STOP = re.compile(r"(?<![\w.])a\.(?=\s+[\"\u201c]?[A-Z])")
_INNER_SENTENCE_END = re.compile(r"[a-z]{2,}[.!?][\"'\u201d\u2019]?\s+[\"\u201c]?[A-Z]")
_ABBREVIATED_END = re.compile(r"(?:\b[A-Z][a-z]{0,3}|\w\.\w)\.\Z")  # "No.", "Coun.", "p.m."
_CURLY_QUOTE = re.compile("[\u201c\u201d]")
_BRACKET = re.compile(r"[()\[\]]")
_CAPTION = re.compile(r"\A(?:\[.*\]|\(.*\)|[*_].*[*_])\Z", re.DOTALL)

# Prepositions that never end a clause on their own; the others double as particles
# ("the lights went out", "gave up") or adverbs ("votes against", "never before").
STRICT_PREPOSITIONS = frozenset(
    "of from at into onto than per via toward towards upon amid amidst among amongst during unto till "
    "until versus with to for".split()
)
# Words that cannot end a sentence whatever comes before them.
NEVER_LAST = frozenset(
    "including excluding regarding concerning despite whereas because although unless whether whilst lest".split()
)
COMPLEX_PREPOSITIONS = (
    ("according", "to"), ("due", "to"), ("such", "as"), ("because", "of"), ("instead", "of"), ("rather", "than"),
    ("prior", "to"), ("ahead", "of"), ("apart", "from"), ("thanks", "to"), ("as", "well", "as"), ("in", "addition", "to"),
    ("on", "behalf", "of"), ("in", "front", "of"), ("regardless", "of"), ("compared", "with"), ("compared", "to"),
    ("along", "with"), ("together", "with"), ("in", "spite", "of"), ("as", "part", "of"), ("in", "response", "to"),
)
# An auxiliary at the end is ellipsis ("as it always has", "if you can") when one of these licenses it.
ELLIPSIS_CUES = frozenset("as than if whether so too neither nor either unless though although like".split())
WH_WORDS = frozenset("whenever wherever what where who how why when which whichever whatever".split())
# Not "did", "does", "do": ending on them is ellipsis ("Few thought the team could win. The team did.").
FINAL_AUXILIARIES = frozenset("would could should will can must might may shall was were is are am had has have been be".split())
# Words that open a clause which needs a main clause after it.
CLAUSE_OPENERS = frozenset(
    "after although as because before if once since though unless until till when whenever whereas wherever "
    "whether while whilst".split()
)
NOT_A_CLAUSE_AFTER = frozenset("of for well to soon long far such much".split())
OPEN_ADVERBS = frozenset("also already still yet previously recently then just even ever never once again".split())
QUANTIFIERS = frozenset("some most many all none few several each both half much more".split())
RHETORICAL_OPENERS = frozenset("not no only just hardly never".split())
STRANDING_CUES = frozenset("what which who whom where whatever whichever wherever how".split())
# Prepositions that are never left at the end of a clause, not even by a wh-word or a passive.
NEVER_STRANDED = frozenset("during than per via amid amidst among amongst until till versus unto".split())
BE_FORMS = frozenset("is are was were be been being am get gets got gotten getting".split())
PARTICLES = frozenset("up out down on in off over back away along around through about".split())
INDEFINITES = frozenset("one someone something anyone anything everyone everything nothing nobody somebody".split())
ENDLESS_PRONOUNS = frozenset("i he she we they".split())  # subjects: a clause cannot stop on them
SUBJECT_PRONOUNS = frozenset("i you he she we they it someone somebody everyone everybody nobody anyone anybody".split())


@functools.cache
def _closed(section: str) -> frozenset[str]:
    if section == "all":
        return frozenset().union(*lexicon.closed_class().values())
    return lexicon.closed_class().get(section, frozenset())


@functools.lru_cache(maxsize=65536)
def verbish(word: str) -> bool:
    """Whether a lower-case word is, or may be, a verb form. When in doubt it says yes,
    since a missed verb would make a complete sentence look truncated.

    >>> verbish("previously"), verbish("went"), verbish("re-covered"), verbish("isn't")
    (False, True, True, True)
    """
    if word in lexicon.verbs() or word in _closed("auxiliaries") or word.endswith("n't"):
        return True
    if word in lexicon.number_words():
        return False  # "hundred"
    return (len(word) > 4 and word.endswith("ed")) or (len(word) > 5 and word.endswith("ing"))  # not "thing"


# Words after which a verb form is a noun or an adjective: "the harbour", "their revised budget".
NOUN_MARKERS = frozenset("a an the his her its my our their your this these those each every another".split())
PLAIN_ADJECTIVES = frozenset("new old big small large first last next final same other whole main high low long short".split())


def verb_positions(words: tuple[str, ...]) -> list[int]:
    """Indexes of the words that may be verbs in context: a verb form right after an article or
    possessive (or after one and an adjective) is a noun or an adjective there.

    >>> verb_positions(("the", "revised", "budget", "would"))
    [3]
    >>> verb_positions(("the", "cost", "falls", "hardest"))
    [2]
    """
    found = []
    for i, w in enumerate(words):
        if not verbish(w) or (w not in _closed("auxiliaries") and _after_noun_marker(words, i)):
            continue
        found.append(i)
    return found


def _has_verb(words: tuple[str, ...]) -> bool:
    return any(verbish(w) and (w in _closed("auxiliaries") or not _after_noun_marker(words, i)) for i, w in enumerate(words))


def _after_noun_marker(words: tuple[str, ...], i: int) -> bool:
    before = words[i - 1] if i else ""
    if before in NOUN_MARKERS or (before in BE_FORMS and words[i].endswith("s")):
        return True  # "the harbour", "are signs"
    adjective = before in PLAIN_ADJECTIVES or (before.endswith("ed") and len(before) > 4)
    return i >= 2 and adjective and words[i - 2] in NOUN_MARKERS


# --- the prose sentences of a document --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProseSentence:
    """A sentence of running prose, with what the checks need to know about it."""

    sentence: Sentence
    block: Block
    words: tuple[str, ...]  # as written, with U+2019 turned into '
    lower: tuple[str, ...]
    quoted: bool  # holds a double quote, or starts inside a quotation
    after_question: bool  # the sentence before it asks a question: an answer may be a fragment
    followed: bool  # another sentence follows in the same paragraph

    @property
    def last(self) -> str:
        return self.lower[-1] if self.lower else ""

    @property
    def ends_on_full_stop(self) -> bool:
        return bool(_ENDS_ON_FULL_STOP.search(self.sentence.text.rstrip()))

    @property
    def looks_abbreviated(self) -> bool:
        """The final stop may belong to an abbreviation the splitter did not know (``Coun.``, ``p.m.``)."""
        last = self.words[-1] if self.words else ""
        if "." in last or last.lower() in lexicon.abbreviations():
            return True
        return self.followed and last[:1].isupper() and len(last) <= 4


def is_prose_block(block: Block) -> bool:
    """Paragraphs and labelled paragraphs, but not captions (``[Photo: …]``) or emphasised lines."""
    if block.kind is Kind.PARAGRAPH or (block.kind is Kind.LABEL and block.text):
        return not _CAPTION.match(block.text.strip())
    return False


def prose_sentences(doc: Document) -> tuple[ProseSentence, ...]:
    cached = doc.cache.get("truncation.prose")
    if cached is None:
        cached = doc.cache["truncation.prose"] = tuple(_prose_sentences(doc))
    return cached


def _prose_sentences(doc: Document) -> Iterator[ProseSentence]:
    for block in doc.blocks:
        if not is_prose_block(block):
            continue
        previous = ""
        depth, straight, scanned = 0, 0, 0
        units = _rejoined(doc, [piece for s in block.sentences for piece in _resplit(s)])
        for position, sentence in enumerate(units):
            text = sentence.text.strip()
            plain = text.replace("\u2019", "'")
            words = tuple(_WORD.findall(plain))
            until = sentence.span.start - block.body.start
            depth, straight = _quote_state(block.text[scanned:until], depth, straight)
            scanned = until
            quoted = depth > 0 or straight % 2 == 1 or any(q in text for q in "\"\u201c\u201d")
            starts_upper = next((c.isupper() for c in text if c.isalnum()), False)
            if words and starts_upper and "**" not in text and text[:1] not in "*_":
                yield ProseSentence(
                    sentence, block, words, tuple(map(str.lower, words)), quoted,
                    previous.endswith("?"), position + 1 < len(units),
                )
            previous = text.rstrip("\"'\u201d\u2019)*_ ")


def _resplit(s: Sentence) -> list[Sentence]:
    """The sentence cut after a lower-case ``a.`` followed by a capital: the splitter takes the
    article for an initial (``J. K. Rowling``), but a sentence that stops on it is cut off."""
    pieces, start = [], 0
    for m in _ARTICLE_STOP.finditer(s.text):
        pieces.append(Sentence(Span(s.span.start + start, s.span.start + m.end()), s.text[start : m.end()], s.index, s.block))
        start = m.end() + len(s.text[m.end() :]) - len(s.text[m.end() :].lstrip())
    if not pieces:
        return [s]
    pieces.append(Sentence(Span(s.span.start + start, s.span.end), s.text[start:], s.index, s.block))
    return pieces


def _rejoined(doc: Document, sentences: list[Sentence]) -> list[Sentence]:
    """The sentences, with a piece that starts in lower case joined back onto the one before:
    the splitter takes the stop of an abbreviation it does not know for a sentence end
    (``…from 6 a.m. | on Friday until noon.``, ``site No. | 5``)."""
    units: list[Sentence] = []
    for s in sentences:
        first = next((c for c in s.text if c.isalnum()), "")
        after_abbreviation = bool(units) and bool(_ABBREVIATED_END.search(units[-1].text.rstrip()))
        if units and (first.islower() or (first.isdigit() and after_abbreviation)):
            head = units[-1]
            span = Span(head.span.start, s.span.end)
            text = doc.text[span.start : span.end].replace("\r", " ").replace("\n", " ")
            units[-1] = Sentence(span, text, head.index, head.block)
        else:
            units.append(s)
    return units


def _quote_state(piece: str, depth: int, straight: int) -> tuple[int, int]:
    """Open curly quotes and straight quotes seen so far, carried on over ``piece``."""
    for m in _CURLY_QUOTE.finditer(piece):
        if m.group() == "\u201c":
            depth += 1
        elif depth:
            depth -= 1
    return depth, straight + len(_STRAIGHT_QUOTE.findall(piece))


# --- no main verb ------------------------------------------------------------------------------


def _title_case(p: ProseSentence) -> bool:
    """Every open-class word capitalised: a headline or a name, not a clause."""
    closed = _closed("all")
    return all(w[:1].isupper() or w.lower() in closed or w[:1].isdigit() for w in p.words)


def _verbless_fragment(p: ProseSentence) -> bool:
    if len(p.words) < 4 or p.quoted or p.after_question or not p.ends_on_full_stop or p.looks_abbreviated:
        return False
    text = p.sentence.text
    if _LIST_PUNCTUATION.search(text) or text.lstrip()[:1] in "-\u2013\u2014" or _has_verb(p.lower):
        return False
    if _title_case(p) or p.lower[0] in RHETORICAL_OPENERS or any(len(w) > 1 and w.isupper() for w in p.words):
        return False
    words = p.lower[1:] if p.lower[0] in _closed("coordinating") else p.lower
    opens_clause = words[0] in CLAUSE_OPENERS | _closed("prepositions") | _closed("relative")
    partitive = len(words) > 2 and words[1] == "of" and (words[0] in QUANTIFIERS or words[0] in lexicon.number_words())
    stops_open = p.last.endswith("ly") or p.last in OPEN_ADVERBS
    return opens_clause or partitive or stops_open or _bare_subject(p) or len(p.words) >= 7


def _bare_subject(p: ProseSentence) -> bool:
    """A plain noun phrase that names someone or something and stops (``The regional health
    authority.``, ``Chief financial officer Ravi Deshmukh.``): the subject of a lost clause.
    Fragments written on purpose are rarely this bare; they carry a comparison, a ``for``
    phrase or a comma (``A remarkable night for the club.``)."""
    if "," in p.sentence.text or _closed("prepositions") & set(p.lower):
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
    alone."""
    for p in prose_sentences(doc):
        if _verbless_fragment(p):
            yield Hit(span=p.sentence.span, message="Sentence has no verb; it looks cut off",
                      details={"sentence": p.sentence.text})


# --- dangling subordinate clause ----------------------------------------------------------------


def verb_groups(words: tuple[str, ...]) -> int:
    """Runs of verb forms, with the adverbs and negations inside them: one run per clause, roughly.

    >>> verb_groups(("because", "the", "council", "had", "not", "yet"))
    1
    >>> verb_groups(("when", "i", "am", "impatient", "i", "open", "the", "kiln"))
    2
    """
    glue = lexicon.negations() | OPEN_ADVERBS | {"to"}
    verbs = set(verb_positions(words))
    groups, inside = 0, False
    for i, w in enumerate(words):
        if i in verbs:
            groups += 0 if inside else 1
            inside = True
        elif not (inside and (w in glue or w.endswith("ly"))):
            inside = False
    return groups


@rules.rule(
    "truncation.dangling-clause", Severity.WARNING, "A subordinate clause with no main clause after it.",
    flagged=ex.DANGLING_CLAUSE_FLAGGED, passes=ex.DANGLING_CLAUSE_PASSES,
)
def dangling_clause(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A sentence that opens with a subordinator (``Because``, ``When``, ``Although``) and ends
    before its main clause: ``Because the council had not yet.`` It has one verb group and no
    comma that could lead to a main clause. An answer to a question (``Why? Because it works.``)
    and quotations are left alone."""
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
    if len(words) < 3 or not p.words[-1].islower():
        return None
    if last in _closed("articles"):
        return "the article"
    if last in ("and", "or", "nor", "but"):
        return "the conjunction"
    if last in _closed("possessives") - {"her", "his"} or (last == "his" and words[-2] not in _closed("auxiliaries")):
        return "the possessive"
    if last in NEVER_LAST:
        return "the word"
    for phrase in COMPLEX_PREPOSITIONS:
        if words[-len(phrase):] == phrase and not _wh_gap(words, before=len(words) - len(phrase)):
            return "the preposition"
    if last in NEVER_STRANDED:
        return "the preposition"
    if p.quoted:
        return None  # speech is full of ellipsis ("Some will.") and stranded words
    if last in ENDLESS_PRONOUNS and words[-2] not in ("than", "as", "like", "but") and not verbish(words[-2]):
        return "the pronoun"
    if last in ("which", "who", "whom", "whose", "where", "when") and p.sentence.text.rstrip()[: -len(last) - 1].rstrip().endswith(","):
        return "the relative pronoun"
    if last in STRICT_PREPOSITIONS and _stranding_impossible(words, _last_clause(p)):
        return "the preposition"
    if last in FINAL_AUXILIARIES and _ellipsis_impossible(words, _last_clause(p)):
        return "the auxiliary"
    return None


def _last_clause(p: ProseSentence) -> tuple[str, ...]:
    tail = re.split(r"[,;:\u2013\u2014]", p.sentence.text)[-1]
    return tuple(w.lower().replace("\u2019", "'") for w in _WORD.findall(tail))


def _stranding_impossible(words: tuple[str, ...], clause: tuple[str, ...]) -> bool:
    """Nothing that could have left the preposition behind: a wh-word (``what you are entitled
    to``), an infinitive after a noun (``someone to talk to``), a relative clause without a
    relative word (``the people I work with``, ``the terms the council asked for``) or a passive
    (``was paid for``). A preposition after a noun (``a generation of``) is never left behind."""
    h = _head(words)
    if h < 0 or words[h] in _closed("pronouns") or _wh_gap(words):
        return False
    if any(w == "worth" and nxt.endswith("ing") for w, nxt in zip(words[-5:], words[-4:])):
        return False  # "worth fighting for"
    tail = words[max(0, len(words) - 7) : -1]
    for i in range(1, len(tail) - 1):
        if tail[i] == "to" and verbish(tail[i + 1]) and not verbish(tail[i - 1]):
            return False  # "nothing to worry about", "someone to talk to"
    if h in verb_positions(words):
        # An active verb with its preposition and nothing after it: "…had risen from."
        return words[-1] != "to" and not _passive(words, h) and not _gap_in(clause)
    # After a plain noun ("on the balance of") nothing is left behind; after an adjective a
    # relative clause may leave it ("the only thing he's ever been good at").
    return (h > 0 and words[h - 1] in NOUN_MARKERS) or not _gap_in(clause)


def _head(words: tuple[str, ...]) -> int:
    """Index of the word the final preposition hangs on, looking past adverbs, negations and
    the particle of a phrasal verb (``look up to``, ``put up with``)."""
    j = len(words) - 2
    while j >= 0 and (words[j].endswith("ly") or words[j] in OPEN_ADVERBS or words[j] in lexicon.negations()):
        j -= 1
    if j > 0 and words[j] in PARTICLES and verbish(words[j - 1]):
        j -= 1
    return j


def _wh_gap(words: tuple[str, ...], before: int | None = None) -> bool:
    """A wh-word, or a relative ``that`` after a noun, that is not itself the subject of the verb
    after it (``what you are good at``, ``the facade that people have grown fond of``; not ``who
    lives in the attic of``)."""
    verbs = set(verb_positions(words))
    closed = _closed("all")

    def opens_gap(i: int, w: str) -> bool:
        if w == "that":  # only after "the … noun"; "said (on Tuesday) that …" leaves nothing behind
            noun = i > 0 and words[i - 1] not in closed and i - 1 not in verbs
            return noun and any(m in NOUN_MARKERS for m in words[max(0, i - 3) : i - 1])
        return w in STRANDING_CUES

    end = len(words) - 2 if before is None else before
    return any(opens_gap(i, w) and i + 1 not in verbs for i, w in enumerate(words[:end]))


def _gap_in(clause: tuple[str, ...]) -> bool:
    """A noun followed straight by a new subject (optionally after ``that``): the start of a
    relative clause (``the terms the council asked for``, ``the people I work with``)."""
    closed = _closed("all")

    def noun(w: str) -> bool:
        return (w not in closed or w in INDEFINITES) and not verbish(w) and not w.isdigit()

    for j in range(1, len(clause) - 2):
        subject = clause[j].split("'")[0]  # "he's", "they've"
        if subject in NOUN_MARKERS or subject in SUBJECT_PRONOUNS:
            if noun(clause[j - 1]) or (clause[j - 1] == "that" and j >= 2 and noun(clause[j - 2])):
                return True
    return False


def _passive(words: tuple[str, ...], i: int) -> bool:
    """Whether the verb at ``i`` follows a form of *be* or *get* (adverbs and negations between)."""
    j = i - 1
    while j >= 0 and (words[j].endswith("ly") or words[j] in OPEN_ADVERBS or words[j] in lexicon.negations()):
        j -= 1
    return j >= 0 and words[j] in BE_FORMS


def _ellipsis_impossible(words: tuple[str, ...], last_clause: tuple[str, ...]) -> bool:
    """No comparison or condition in the sentence, and no wh-word in its last clause, that lets
    the verb after an auxiliary go unsaid (``as it always has``, ``if you can``, ``where the
    station is``); and a noun subject, or a pronoun after ``that``."""
    if len(words) < 5 or ELLIPSIS_CUES & set(words[:-1]) or WH_WORDS & set(last_clause[:-1]):
        return False
    subject = words[-2]
    if subject in _closed("pronouns") | {"i"}:
        return words[-3] == "that"
    return len(words) - 2 not in verb_positions(words) and subject not in lexicon.negations()


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
    condition (``as it always has``) are English and are left alone."""
    for p in prose_sentences(doc):
        if not p.ends_on_full_stop or p.looks_abbreviated:
            continue
        kind = dangling_word(p)
        if kind:
            yield Hit(span=p.sentence.span, message=f"Sentence ends on {kind} “{p.words[-1]}”; it looks cut off",
                      details={"last_word": p.words[-1], "word_class": kind.split()[-1]})


# --- unclosed quotes and brackets ---------------------------------------------------------------


def unclosed_quote(text: str) -> int | None:
    """Offset of a double quote that ``text`` opens and never closes.

    >>> unclosed_quote('He said \\u201cwe will win. Nobody doubted it.')
    8
    >>> unclosed_quote('The pipe is 12" wide and "new".') is None
    True
    """
    opened: list[int] = []
    for m in _CURLY_QUOTE.finditer(text):
        if m.group() == "\u201c":
            opened.append(m.start())
        elif opened:
            opened.pop()
    if opened:
        return opened[0]
    straight = [m.start() for m in _STRAIGHT_QUOTE.finditer(text)]
    return straight[-1] if len(straight) % 2 else None


def unclosed_bracket(text: str) -> int | None:
    """Offset of a ``(`` or ``[`` that ``text`` never closes; a stray ``)`` (as in ``1)``) is fine.

    >>> unclosed_bracket("The board (which met on Monday said no.")
    10
    """
    opened: list[int] = []
    for m in _BRACKET.finditer(text):
        if m.group() in "([":
            opened.append(m.start())
        elif opened:
            opened.pop()
    return opened[0] if opened else None


def _prose_blocks(doc: Document) -> list[Block]:
    return [b for b in doc.blocks if is_prose_block(b)]


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
    for block in _prose_blocks(doc):
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
    for block in _prose_blocks(doc):
        at = unclosed_bracket(block.text)
        if at is not None:
            yield Hit(span=Span(block.body.start + at, block.body.end), message="Bracket is never closed",
                      details={"paragraph_end": block.text[-60:]})


# --- a paragraph or the article that stops mid-sentence --------------------------------------------


def _ends_mid_sentence(block: Block, last_block: bool) -> bool:
    text = block.text.rstrip()
    words = text.split()
    if len(words) < 5 or _TERMINAL.search(text):
        return False
    last = words[-1]
    if not any(c.isalnum() for c in last) or _is_title_line(block):
        return False  # a rating (★★★★☆) or the headline itself
    if "@" in last or "/" in last or "." in last.strip(".") or ":" in text[:40] and len(words) < 12:
        return False  # an address, a handle or a "Label: value" line
    if block.kind is Kind.HEADING:
        return _heading_is_cut_sentence(block, words, last_block)
    return True


def _is_title_line(block: Block) -> bool:
    """The first block, on one line: a headline long enough to be taken for a paragraph."""
    return block.index == 0 and "\n" not in block.text and "\r" not in block.text


def _heading_is_cut_sentence(block: Block, words: list[str], last_block: bool) -> bool:
    """A short line the segmenter took for a heading, which is really the start of a sentence:
    it has a verb and ends on a word no title ends on (``…will be between midnight and``). At
    the very end of the article, where no heading belongs since nothing follows it, a line that
    reads as a clause in sentence case is enough (``He was taken into custody``)."""
    if block.span.start != block.body.start:
        return False  # a Markdown heading is a heading
    lower = tuple(w.strip("\"'\u201c\u201d,").lower().replace("\u2019", "'") for w in words)
    last = lower[-1]
    ends_open = last in _closed("articles") | {"and", "or", "nor", "but"} | (_closed("possessives") - {"her", "his"})
    ends_open = ends_open or (last in STRICT_PREPOSITIONS - {"to", "for", "with"} and not verbish(lower[-2]))
    verbs = [i for i in verb_positions(lower) if i and words[i][:1].islower()]
    if ends_open and verbs:
        return True
    if not last_block or not verbs or ":" in block.text or _boilerplate_line(block.text.strip()):
        return False
    if _INNER_SENTENCE_END.search(block.text):
        return True  # two sentences on the line: prose, not a heading
    capitalised = [w for w, raw in zip(lower[1:], words[1:]) if raw.lstrip("\"'\u201c")[:1].isupper()]
    return all(w == "i" or w.startswith("i'") for w in capitalised)  # a credit line names someone


def _boilerplate_line(line: str) -> bool:
    return any(p.match(line) for p in lexicon.boilerplate_patterns())


@rules.rule(
    "truncation.no-terminal", Severity.WARNING, "A paragraph, or the article, that stops mid-sentence.",
    flagged=ex.NO_TERMINAL_FLAGGED, passes=ex.NO_TERMINAL_PASSES,
)
def no_terminal(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A paragraph of prose whose last sentence has no terminal punctuation: the rest of it was
    lost (``…according to the``). A line short enough to pass for a heading counts when it reads
    as a sentence cut off after ``and``, ``the`` or ``of`` (``The best viewing will be between
    midnight and``), as happens at the end of an article. Headings, list items, captions, labels
    and bylines are not sentences and are not checked."""
    last_index = len(doc.blocks) - 1
    for block in doc.blocks:
        candidate = is_prose_block(block) or (block.kind is Kind.HEADING and block.index > 0)
        if not candidate or not _ends_mid_sentence(block, block.index == last_index):
            continue
        start = block.sentences[-1].span.start if block.sentences else block.body.start
        where = "The article" if block.index == last_index else "Paragraph"
        yield Hit(span=Span(start, block.body.end), message=f"{where} ends mid-sentence, with no final punctuation",
                  details={"ending": block.text[-60:], "article_end": block.index == last_index})


# --- a sentence that is the start of a longer one elsewhere ------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tokens:
    sentence: Sentence
    words: tuple[str, ...]
    ends: tuple[int, ...]  # end offset of each word within the sentence text


def _tokens(s: Sentence) -> _Tokens:
    found = [(m.group().lower().replace("\u2019", "'"), m.end()) for m in TOKEN_RE.finditer(s.text)]
    return _Tokens(s, tuple(w for w, _ in found), tuple(e for _, e in found))


def prefix_pairs(doc: Document) -> list[tuple[Sentence, Sentence]]:
    """(cut, whole) pairs: ``cut`` stops part-way through a sentence that ``whole`` completes."""
    by_start: dict[tuple[str, ...], list[Sentence]] = {}
    prose = {b.index for b in doc.blocks if is_prose_block(b)}
    units = [u for b in doc.blocks for u in _rejoined(doc, [piece for s in b.sentences for piece in _resplit(s)])]
    for s in units:
        start = tuple(TOKEN_RE.findall(s.text[:100].lower().replace("\u2019", "'")))[:4]
        if len(start) == 4:
            by_start.setdefault(start, []).append(s)
    pairs = []
    for sentences in by_start.values():
        if len(sentences) < 2:
            continue
        group = [_tokens(s) for s in sentences]
        for cut in group:
            if cut.sentence.block not in prose:
                continue
            whole = max((t for t in group if _completes(cut, t)), key=lambda t: len(t.words), default=None)
            if whole is not None:
                pairs.append((cut.sentence, whole.sentence))
    return sorted(pairs, key=lambda pair: pair[0].index)


def _completes(cut: _Tokens, whole: _Tokens) -> bool:
    n = len(cut.words)
    if len(whole.words) <= n or whole.words[:n] != cut.words:
        return False
    if not _TERMINAL.search(cut.sentence.text.rstrip()):
        return True
    if len(whole.words) < n + 2:
        return False
    # A complete sentence can be the start of a longer one ("The hearing was on Tuesday, March 11").
    # Only a cut inside a clause, where the longer one runs straight on with a word, counts.
    after = whole.sentence.text[whole.ends[n - 1] :]
    return bool(after[:1] == " " and after[1:2].isalnum())


@rules.rule(
    "truncation.prefix", Severity.WARNING, "A sentence that is the cut-off start of a longer one elsewhere.",
    flagged=ex.PREFIX_FLAGGED, passes=ex.PREFIX_PASSES, fixes=True,
)
def prefix(doc: Document, settings: Settings) -> Iterator[Hit]:
    """A sentence whose words are exactly the beginning of a longer sentence elsewhere in the
    text, and which stops inside a clause. When the longer sentence is in a copy that cleaning
    removes, cleaning puts it in place of the cut one (its text is copied from the input, never
    made up); otherwise the cut sentence is only reported."""
    from ..align import analyse

    analysis = analyse(doc, settings)

    def removed_pieces(unit: Sentence) -> list[bool]:
        if unit.block in analysis.removed_blocks:
            return [True]
        pieces = [s for s in doc.blocks[unit.block].sentences if unit.span.overlaps(s.span)]
        return [s.index in analysis.removed_sentences for s in pieces]

    for cut, whole in prefix_pairs(doc):
        fix = ()
        # Only when the whole sentence goes, and none of the cut one, does the text stay single.
        if all(removed_pieces(whole)) and not any(removed_pieces(cut)):
            fix = ((cut.span, doc.text[whole.span.start : whole.span.end]),)
        yield Hit(span=cut.span, related=(whole.span,), fix=fix,
                  message="Sentence is the cut-off start of a longer sentence"
                  + ("; cleaning puts the complete one in its place" if fix else ""),
                  details={"complete": whole.text})


RULES = tuple(rules.rules)
