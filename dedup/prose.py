"""Prose: the sentences of running text, and the word classes that tell how a clause is built.

The truncation rules read sentences through the views made here, and reason about them with
the word classes and the verb and clause tests below. Each prose sentence of a document is
split into words once, and the views are kept in ``doc.cache``:

- ``"prose.blocks"``: the blocks that hold prose (:func:`prose_blocks`);
- ``"prose.units"``: per block, its sentences re-cut and re-joined where the splitter
  misread an abbreviation or a stray ``a.`` (:func:`block_units`);
- ``"prose.sentences"``: the :class:`ProseSentence` views of paragraphs (:func:`prose_sentences`).

Headings, list items, captions, bylines and labels are not prose.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from . import lexicon
from .models import Span
from .normalize import tokens
from .quotes import open_straight_quotes, reopens
from .segment import Block, Document, Kind, Sentence

# A stop joins two pieces into one word after a digit (3.5) or before a letter (U.S, p.m), but
# not a word and a decimal written without its nought ("his time was.7 seconds faster").
_WORD = re.compile(r"[^\W_]+(?:(?:['\u2019\-]|(?<=\d)\.|\.(?=[^\W\d_]))[^\W_]+)*")
# The same words in text without "_", where every word character is a letter or digit; the
# plain word class, and never giving back a character, make this search the quicker one.
_WORD_WITHOUT_UNDERSCORE = re.compile(r"\w++(?:(?:['\u2019\-]|(?<=\d)\.|\.(?=[^\W\d]))\w++)*+")
_STRAIGHT_QUOTE = re.compile(r'(?<!\d)"')  # a straight quote after a digit is an inch mark
_CURLY_QUOTE = re.compile("[\u201c\u201d]")
_BRACKET = re.compile(r"[()\[\]]")
_ARTICLE_STOP = re.compile(r"(?<![\w.])a\.(?=\s+[\"\u201c]?[A-Z])")
_ABBREVIATED_END = re.compile(r"(?:\b[A-Z][a-z]{0,3}|\w\.\w)\.\Z")  # "No.", "Coun.", "p.m."
_CAPTION = re.compile(r"\A(?:\[.*\]|\(.*\)|[*_].*[*_])\Z", re.DOTALL)

# --- word classes ---------------------------------------------------------------------------------

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
# Hedges that end a sentence as adverbs: "launch day is Tuesday… sort of."
HEDGES = frozenset({("sort", "of"), ("kind", "of")})
SUBJECT_PRONOUNS = frozenset("i you he she we they it someone somebody everyone everybody nobody anyone anybody".split())
# Words after which a verb form is a noun or an adjective: "the harbour", "their revised budget".
NOUN_MARKERS = frozenset("a an the his her its my our their your this these those each every another".split())
PLAIN_ADJECTIVES = frozenset("new old big small large first last next final same other whole main high low long short".split())


@functools.cache
def closed(section: str) -> frozenset[str]:
    """The closed-class words of one section of ``closed_class.txt``, or of all of them (``"all"``).

    >>> "the" in closed("articles"), "of" in closed("all"), closed("no such section")
    (True, True, frozenset())
    """
    if section == "all":
        return frozenset().union(*lexicon.closed_class().values())
    return lexicon.closed_class().get(section, frozenset())


@functools.cache
def clause_openers() -> frozenset[str]:
    """Words that open a clause that cannot stand alone: subordinators, prepositions, relatives."""
    return CLAUSE_OPENERS | closed("prepositions") | closed("relative")


@functools.cache
def verb_glue() -> frozenset[str]:
    """Words that sit inside a verb group without ending it (``had not yet``, ``tried to``)."""
    return lexicon.negations() | OPEN_ADVERBS | {"to"}


# --- verbs --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def verbish(word: str) -> bool:
    """Whether a lower-case word is, or may be, a verb form. When in doubt it says yes,
    since a missed verb would make a complete sentence look truncated.

    >>> verbish("previously"), verbish("went"), verbish("re-covered"), verbish("isn't")
    (False, True, True, True)
    """
    if word in lexicon.verbs() or word in closed("auxiliaries") or word.endswith("n't"):
        return True
    if word in lexicon.number_words():
        return False  # "hundred"
    return (len(word) > 4 and word.endswith("ed")) or (len(word) > 5 and word.endswith("ing"))  # not "thing"


def verb_positions(words: tuple[str, ...]) -> list[int]:
    """Indexes of the words that may be verbs in context: a verb form right after an article or
    possessive (or after one and an adjective) is a noun or an adjective there.

    >>> verb_positions(("the", "revised", "budget", "would"))
    [3]
    >>> verb_positions(("the", "cost", "falls", "hardest"))
    [2]
    """
    auxiliaries = closed("auxiliaries")
    return [i for i, w in enumerate(words) if verbish(w) and (w in auxiliaries or not _after_noun_marker(words, i))]


def has_verb(words: tuple[str, ...]) -> bool:
    """Whether any word may be a verb in context (see :func:`verb_positions`).

    >>> has_verb(("the", "regional", "health", "authority")), has_verb(("prices", "rose"))
    (False, True)
    """
    auxiliaries = closed("auxiliaries")
    return any(verbish(w) and (w in auxiliaries or not _after_noun_marker(words, i))
               or (w[-1:] == "s" and _third_person(words, i)) for i, w in enumerate(words))


# Adverbs that stand between a subject and its verb or auxiliary ("it also scales", "I still have").
MID_ADVERBS = frozenset("still also already never always just really even only often sometimes".split())


def _third_person(words: tuple[str, ...], i: int) -> bool:
    """A word in -s right after ``he``, ``she`` or ``it`` (perhaps with an adverb between),
    which the verb list may not know: ``it also scales beautifully``."""
    if len(words[i]) < 4 or not words[i].endswith("s") or words[i].endswith("ss"):
        return False
    j = i - 1
    while j > 0 and words[j] in MID_ADVERBS:
        j -= 1
    return j >= 0 and words[j] in ("he", "she", "it")


def _after_noun_marker(words: tuple[str, ...], i: int) -> bool:
    before = words[i - 1] if i else ""
    if before in NOUN_MARKERS or (before in BE_FORMS and words[i].endswith("s")):
        return True  # "the harbour", "are signs"
    adjective = before in PLAIN_ADJECTIVES or (before.endswith("ed") and len(before) > 4)
    return i >= 2 and adjective and words[i - 2] in NOUN_MARKERS


def verb_groups(words: tuple[str, ...]) -> int:
    """Runs of verb forms, with the adverbs and negations inside them: one run per clause, roughly.

    >>> verb_groups(("because", "the", "council", "had", "not", "yet"))
    1
    >>> verb_groups(("when", "i", "am", "impatient", "i", "open", "the", "kiln"))
    2
    """
    glue = verb_glue()
    verbs = set(verb_positions(words))
    groups, inside = 0, False
    for i, w in enumerate(words):
        if i in verbs:
            groups += 0 if inside else 1
            inside = True
        elif not (inside and (w in glue or w.endswith("ly"))):
            inside = False
    return groups


# --- clause structure around the verbs ---------------------------------------------------------------


def _skip_adverbs(words: tuple[str, ...], j: int) -> int:
    """The first index at or before ``j`` that is not an adverb or a negation."""
    negations = lexicon.negations()
    while j >= 0 and (words[j].endswith("ly") or words[j] in OPEN_ADVERBS or words[j] in negations):
        j -= 1
    return j


def preposition_head(words: tuple[str, ...]) -> int:
    """Index of the word the final preposition hangs on, looking past adverbs, negations and
    the particle of a phrasal verb (``look up to``, ``put up with``).

    >>> preposition_head(("they", "looked", "up", "to"))
    1
    """
    j = _skip_adverbs(words, len(words) - 2)
    if j > 0 and words[j] in PARTICLES and verbish(words[j - 1]):
        j -= 1
    return j


def passive(words: tuple[str, ...], i: int) -> bool:
    """Whether the verb at ``i`` follows a form of *be* or *get* (adverbs and negations between).

    >>> passive(("it", "was", "never", "paid", "for"), 3), passive(("she", "paid", "for"), 1)
    (True, False)
    """
    j = _skip_adverbs(words, i - 1)
    return j >= 0 and words[j] in BE_FORMS


def wh_gap(words: tuple[str, ...], before: int | None = None) -> bool:
    """A wh-word, or a relative ``that`` after a noun, that is not itself the subject of the verb
    after it (``what you are good at``, ``the facade that people have grown fond of``; not ``who
    lives in the attic of``). Only words before ``before`` (by default, all but the last two) count."""
    verbs = set(verb_positions(words))

    def opens_gap(i: int, w: str) -> bool:
        if w == "that":  # only after "the … noun"; "said (on Tuesday) that …" leaves nothing behind
            return after_noun_phrase(words, i, verbs)
        return w in STRANDING_CUES

    end = len(words) - 2 if before is None else before
    return any(opens_gap(i, w) and i + 1 not in verbs for i, w in enumerate(words[:end]))


def after_noun_phrase(words: tuple[str, ...], i: int, verbs: set[int] | None = None) -> bool:
    """Whether ``words[i]`` follows a noun with a determiner shortly before it (``an electricity
    bill that``): a ``that`` there opens a relative clause, not a reported one (``said that``).
    ``verbs`` are :func:`verb_positions` of ``words``, when already known."""
    if verbs is None:
        verbs = set(verb_positions(words))
    noun = i > 0 and words[i - 1] not in closed("all") and i - 1 not in verbs
    return noun and any(m in NOUN_MARKERS for m in words[max(0, i - 3) : i - 1])


def relative_gap(clause: tuple[str, ...]) -> bool:
    """A noun followed straight by a new subject (optionally after ``that``): the start of a
    relative clause (``the terms the council asked for``, ``the people I work with``, ``all I
    have room for``)."""
    closed_words = closed("all")

    def noun(w: str) -> bool:
        return (w not in closed_words or w in INDEFINITES or w == "all") and not verbish(w) and not w.isdigit()

    for j in range(1, len(clause) - 2):
        subject = clause[j].split("'")[0]  # "he's", "they've"
        if subject in NOUN_MARKERS or subject in SUBJECT_PRONOUNS:
            if noun(clause[j - 1]) or (clause[j - 1] == "that" and j >= 2 and noun(clause[j - 2])):
                return True
    return False


# --- words and quotation marks --------------------------------------------------------------------------


def words_of(text: str) -> tuple[str, ...]:
    """The words and numbers of ``text`` as written, with U+2019 turned into an apostrophe;
    inner apostrophes, hyphens and stops stay inside a word.

    >>> words_of("The U.S. team\u2019s 3.5-point lead, re-checked.")
    ('The', 'U.S', "team's", '3.5-point', 'lead', 're-checked')
    >>> words_of("His time was.7 seconds faster")
    ('His', 'time', 'was', '7', 'seconds', 'faster')
    """
    text = text.replace("\u2019", "'")
    return tuple((_WORD if "_" in text else _WORD_WITHOUT_UNDERSCORE).findall(text))


def unclosed_quote(text: str) -> int | None:
    """Offset of a double quote that ``text`` opens and never closes.

    News style runs a quotation over several paragraphs by leaving each but the last open and
    opening the next with a quote mark; text that lost its paragraph breaks keeps these as
    ``…for him. "There are…``. A quote mark that opens a sentence inside an open quotation
    therefore reopens it, and only the last one opened counts.

    >>> unclosed_quote('He said \\u201cwe will win. Nobody doubted it.')
    8
    >>> unclosed_quote('The pipe is 12" wide and "new".') is None
    True
    >>> unclosed_quote('"We will win. "Nobody doubted it," he said.') is None
    True
    >>> unclosed_quote('"Welcome to Expo 2005" was on every poster.') is None
    True
    """
    if "\u201c" in text:  # only an opening curly quote can be left open
        opened: list[int] = []
        for m in _CURLY_QUOTE.finditer(text):
            if m.group() == "\u201d":
                if opened:
                    opened.pop()
            elif opened and reopens(text, m.start()):
                opened[-1] = m.start()
            else:
                opened.append(m.start())
        if opened:
            return opened[0]
    if '"' not in text:
        return None
    straight = open_straight_quotes(text)
    return straight[0] if straight else None


def unclosed_bracket(text: str) -> int | None:
    """Offset of a ``(`` or ``[`` that ``text`` never closes; a stray ``)`` (as in ``1)``) is fine.

    >>> unclosed_bracket("The board (which met on Monday said no.")
    10
    """
    if "(" not in text and "[" not in text:
        return None  # only an opening bracket can be left open
    opened: list[int] = []
    for m in _BRACKET.finditer(text):
        if m.group() in "([":
            opened.append(m.start())
        elif opened:
            opened.pop()
    return opened[0] if opened else None


def _has_quote_mark(text: str) -> bool:
    """Whether ``text`` holds a double quote, straight or curly."""
    return '"' in text or "\u201c" in text or "\u201d" in text


def _quote_state(piece: str, depth: int, straight: int) -> tuple[int, int]:
    """Open curly quotes and straight quotes seen so far, carried on over ``piece``."""
    if not _has_quote_mark(piece):
        return depth, straight
    for m in _CURLY_QUOTE.finditer(piece):
        if m.group() == "\u201c":
            depth += 1
        elif depth:
            depth -= 1
    return depth, straight + len(_STRAIGHT_QUOTE.findall(piece))


# --- where a paragraph stops ------------------------------------------------------------------------------

_FINAL_MARKS = frozenset(".!?\u2026:")
_CLOSING_MARKS = "\"'\u201d\u2019)]*_"
# A sentence end: a mark, closing quotes or brackets, then a space or a capital glued on (``."A``).
_SENTENCE_BREAK = re.compile("(?<=[.!?\u2026])[\"'\u201d\u2019)\\]]*(?:\\s+|(?=[A-Z]))")
_LIST_SEPARATOR = re.compile(r"[,;]\s+")
_TABLE_MARKS = ("|", "\t", " \u00b7 ", " \u2022 ")
# One line break and the next line straight after it, not indented: a hard wrap, so the
# paragraph runs on (wire copy indents its paragraphs; a blank line ends one).
_RUNS_ON = re.compile(r"\r?\n(?=[^\s])")


def terminated(text: str) -> bool:
    """Whether ``text`` ends on terminal punctuation, perhaps inside quotes or brackets.

    >>> terminated('He said "no."'), terminated("the vote was"), terminated("Bukan dgn 1 mata.\u2060\u2060")
    (True, False, True)
    """
    return text.rstrip().rstrip(_INVISIBLE).rstrip().rstrip(_CLOSING_MARKS)[-1:] in _FINAL_MARKS


# Zero-width characters a page leaves after a paragraph: they end nothing and hide nothing.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def closes_quotation(text: str) -> bool:
    """Whether ``text`` ends on a closing quote mark: its writer ended the quotation there.

    >>> closes_quotation("\u201c\u2026 to prevent the evacuation of the camp\u201d"), closes_quotation('a "quote')
    (True, False)
    """
    end = text.rstrip().rstrip("*_)]")
    return end.endswith("\u201d") or (end.endswith('"') and end[-2:-1].strip() != "")


def inline_list(text: str) -> bool:
    """Four or more short items split by commas or semicolons, and no verb: a team sheet or a
    list of names written on one line, which ends without a full stop by custom.

    >>> inline_list("Ada Moss (Leeds), Ben Ito (York), Cy Law (Hull), Dee Park (Bath, capt)")
    True
    >>> inline_list("He came, he saw, he left, and then he wrote it all down")
    False
    """
    items = [item for item in _LIST_SEPARATOR.split(text) if item.strip()]
    if len(items) < 4 or any(len(words_of(item)) > 6 for item in items):
        return False
    return not has_verb(tuple(w for w in words_of(text) if w.islower()))  # names may look like verbs


def unfinished_tail(text: str) -> str:
    """What follows the last sentence end of ``text``: all of it when no sentence ends.

    >>> unfinished_tail('He said "yes." The council voted to')
    'The council voted to'
    >>> unfinished_tail('It was started deliberately."A fire broke out at the')
    'A fire broke out at the'
    """
    return _SENTENCE_BREAK.split(text.rstrip())[-1]


def cut_short(text: str, following: str = "") -> bool:
    """Whether ``text``, a paragraph, shows that it was cut off mid-sentence. Lacking a full stop
    is not enough: tables, tour dates, price lists, team sheets and a wire brief that ends in
    ``MORE`` lack one too. The unfinished sentence at its end must have three or more words,
    some in lower case; it must not close a quotation, hold a table's marks or list items on
    one line; and ``following``, the text after the paragraph, must not run on on the very
    next line (a hard-wrapped paragraph the segmenter split).

    >>> cut_short("The council said the new depot would face")
    True
    >>> cut_short("The deal was signed on Monday. MORE"), cut_short("Tea 2.50 | Coffee 3.00 | Cake")
    (False, False)
    >>> cut_short("The council said the new depot would face", "\\nfines of up to 500 pounds.")
    False
    """
    if terminated(text) or closes_quotation(text) or _RUNS_ON.match(following):
        return False
    tail = unfinished_tail(text)
    words = words_of(tail)
    if len(words) < 3 or not any(w[:1].islower() for w in words):
        return False
    return not (any(mark in tail for mark in _TABLE_MARKS) or inline_list(tail))


# --- the prose sentences of a document ------------------------------------------------------------------


class ProseSentence(NamedTuple):  # a tuple: a document has hundreds, and tuples are quick to make
    """A sentence of running prose, with what the checks need to know about it."""

    sentence: Sentence
    block: Block
    words: tuple[str, ...]  # as written, with U+2019 turned into '
    lower: tuple[str, ...]
    quoted: bool  # holds a double quote, or starts inside a quotation
    after_question: bool  # the sentence (or paragraph) before it asks a question: an answer may be a fragment
    followed: bool  # another sentence follows in the same paragraph
    ends_on_full_stop: bool  # a letter or digit, then one full stop

    @property
    def last(self) -> str:
        return self.lower[-1] if self.lower else ""

    @property
    def looks_abbreviated(self) -> bool:
        """The final stop may belong to an abbreviation the splitter did not know (``Coun.``, ``p.m.``)."""
        last = self.words[-1] if self.words else ""
        if "." in last or last.lower() in lexicon.abbreviations():
            return True
        return self.followed and last[:1].isupper() and len(last) <= 4


# A ProseSentence from a tuple of its fields, without the Python-level ``__new__`` of a named tuple.
_prose_sentence = functools.partial(tuple.__new__, ProseSentence)


def is_prose_block(block: Block) -> bool:
    """Paragraphs and labelled paragraphs, but not captions (``[Photo: …]``) or emphasised lines."""
    if block.kind is Kind.PARAGRAPH or (block.kind is Kind.LABEL and block.text):
        return not _CAPTION.match(block.text.strip())
    return False


def prose_blocks(doc: Document) -> tuple[Block, ...]:
    """The document's prose blocks (see :func:`is_prose_block`), in order."""
    return doc.memo("prose.blocks", lambda: tuple(b for b in doc.blocks if is_prose_block(b)))


def reads_as_english(doc: Document) -> bool:
    """Whether the text reads as English: the checks that know English grammar (a verb, a word
    that cannot end a sentence) would flag every sentence of another language.

    English prose spends a third or more of its words on function words (``the``, ``of``,
    ``said``); the lowest share among the fixtures is 0.30, in a list of match results.
    French or German prose shares few of them. The opening 2,000 characters are enough.

    >>> from dedup.segment import segment
    >>> reads_as_english(segment("The council said on Monday that it would cut the budget of the library."))
    True
    >>> reads_as_english(segment("Le conseil municipal a adopté lundi soir un budget pour les écoles et les routes."))
    False
    """
    return doc.memo("prose.english", lambda: _english_share(doc.text[:_SAMPLE]) >= _ENGLISH_SHARE)


_SAMPLE = 2000
_ENGLISH_SHARE = 0.12
_MIN_WORDS = 8  # fewer words say too little: read as English


def _english_share(text: str) -> float:
    words = [w for w in tokens(text) if w[0].isalpha()]
    if len(words) < _MIN_WORDS:
        return 1.0
    return len(list(filter(lexicon.stopwords().__contains__, words))) / len(words)


def prose_sentences(doc: Document) -> tuple[ProseSentence, ...]:
    """The sentences of the document's prose blocks that start like sentences, in order."""
    return doc.memo("prose.sentences",
                    lambda: tuple(p for block in prose_blocks(doc) for p in _block_prose(doc, block)))


def _block_prose(doc: Document, block: Block) -> list[ProseSentence]:
    found = []
    previous = ""
    # A paragraph right under a question answers it, and an answer may run on fragments
    # ("The same answer I gave you at the start, really. Because glass tells you the truth.").
    answer = block.index > 0 and doc.blocks[block.index - 1].text.rstrip("\"'\u201d\u2019)*_ ").endswith("?")
    depth, straight, scanned = 0, 0, 0
    # Most paragraphs hold no quote mark: then no sentence is quoted, and none needs scanning.
    has_quotes = _has_quote_mark(block.text)
    units = block_units(doc, block)
    last = len(units) - 1
    for position, sentence in enumerate(units):
        text = sentence.text.strip()
        if has_quotes:
            # The quote state is carried over the block once, not rescanned from its start per sentence.
            until = sentence.span.start - block.body.start
            depth, straight = _quote_state(block.text[scanned:until], depth, straight)
            scanned = until
        words = words_of(text)
        # The first word starts at the first letter or digit, so it tells how the sentence starts.
        if words and words[0][0].isupper() and "**" not in text and text[:1] not in "*_":
            quoted = has_quotes and (depth > 0 or straight % 2 == 1 or _has_quote_mark(text))
            found.append(_prose_sentence((
                sentence, block, words, tuple(map(str.lower, words)), quoted,
                answer or previous.endswith("?"), position < last, text[-1] == "." and text[-2:-1].isalnum(),
            )))
        previous = text.rstrip("\"'\u201d\u2019)*_ ")
    return found


def block_units(doc: Document, block: Block) -> tuple[Sentence, ...]:
    """The sentences of ``block`` as prose reads them: cut after a stray ``a.`` and joined again
    after an abbreviation the splitter took for a sentence end. Computed once per block."""
    by_block = doc.cache.setdefault("prose.units", {})
    units = by_block.get(block.index)
    if units is None:
        pieces = [piece for s in block.sentences for piece in _resplit(s)]
        units = by_block[block.index] = tuple(_rejoined(doc, pieces))
    return units


def _resplit(s: Sentence) -> list[Sentence]:
    """The sentence cut after a lower-case ``a.`` followed by a capital: the splitter takes the
    article for an initial (``J. K. Rowling``), but a sentence that stops on it is cut off."""
    if "a." not in s.text:
        return [s]  # the usual case: no regular expression needed
    pieces, start = [], 0
    for m in _ARTICLE_STOP.finditer(s.text):
        span = Span(s.span.start + start, s.span.start + m.end())
        pieces.append(Sentence(span, s.text[start : m.end()], s.index, s.block))
        rest = s.text[m.end() :]
        start = m.end() + len(rest) - len(rest.lstrip())
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
        first = s.text[:1]  # a sentence nearly always starts with its first letter or digit
        if not first.isalnum():
            first = next((c for c in s.text if c.isalnum()), "")
        if units and (first.islower() or (first.isdigit() and _ABBREVIATED_END.search(units[-1].text.rstrip()))):
            head = units[-1]
            span = Span(head.span.start, s.span.end)
            text = doc.text[span.start : span.end].replace("\r", " ").replace("\n", " ")
            units[-1] = Sentence(span, text, head.index, head.block)
        else:
            units.append(s)
    return units
