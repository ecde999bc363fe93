"""Names and numbers in a passage: what tells a copy in conflict from a different story.

Two briefs built from one template share most of their words but not their subject
(another company, another amount, another date). A copy in conflict shares its
subject and differs in one or two details. :func:`facts` gives the names and numbers of a
text; :func:`tokens` gives the words and numbers of a span of a document, normalised for
comparing two copies value by value.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz

from . import lexicon
from .models import Span
from .segment import Document

_WORD = re.compile(r"[^\W_]+(?:['\u2019.&-][^\W_]+)*\.?")
# Each word with the text before it (the text after the last word comes with an empty word).
# A gap holds no word character but "_", so the greedy gap never backtracks.
_GAP_AND_WORD = re.compile(r"([\W_]*)(" + _WORD.pattern + r"|\Z)")
# A fraction is one value: "2-3/4 pct" (wire copy's two and three quarters), "3/4 point".
FRACTION = r"(?<![\w./-])\d+(?:-\d+)?/\d+(?![\d/])"
# (Every number opens on a digit or a currency sign, said first: the engine skips quickly to one.)
_NUMBER = re.compile(rf"(?=[\d$\u00a3\u20ac])(?:{FRACTION}|(?<![\w.])[$\u00a3\u20ac]?\d+(?:[.,:]\d+)*(?:\s?(?:%|per cent|percent))?)")
_SENTENCE_BREAK = re.compile(r"[.!?\u2026][\"'\u201d\u2019)]*\s+|[\n\r]+|:\s+")
_LETTERS = re.compile(r"[A-Za-z]+")
_OPENING_QUOTES = ("\"", "\u201c", "\u2018")


@dataclass(frozen=True, slots=True)
class Facts:
    names: tuple[str, ...]  # capitalised names in order of appearance
    numbers: tuple[str, ...]  # numbers, amounts, percentages, as normalised strings


def facts(text: str) -> Facts:
    """Names and numbers of ``text``.

    >>> facts("Acme Corp said on Monday that Jane Doe paid $4,200 for 3.5% of it.")
    Facts(names=('Acme Corp', 'Monday', 'Jane Doe'), numbers=('$4200', '3.5%'))
    """
    return Facts(_names_of(text), _numbers_of(text))


# The duplicate analysis and the conflict rules compare the same passages many times over, and
# names often settle a comparison before numbers are needed: each is found once, when first asked.
@functools.lru_cache(maxsize=4096)
def _names_of(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_names(text)))


@functools.lru_cache(maxsize=4096)
def _numbers_of(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_numbers(text)))


def numbers_of(text: str) -> tuple[str, ...]:
    """The numbers of ``text`` (digits, amounts, number words), each once; :func:`facts`
    without the names, which cost more to find.

    >>> numbers_of("Twenty people paid $1,200 on May 3.")
    ('$1200', '3', '20')
    """
    return _numbers_of(text)


def _numbers(text: str) -> list[str]:
    out = []
    for m in _NUMBER.finditer(text):
        value = m.group().replace(",", "").replace(" ", "").replace("percent", "%").replace("per cent", "%")
        out.append(value.replace("percent", "%"))
    shown = _number_words()
    out.extend(shown[w] for w in map(str.lower, _LETTERS.findall(text)) if w in shown)
    return out


@functools.cache
def _number_words() -> dict[str, str]:
    """Each number word of the lexicon, as a number shows; "half" of something is no amount."""
    return {w: str(int(v)) if v == int(v) else str(v) for w, v in lexicon.number_words().items() if w != "half"}


def _names(text: str) -> list[str]:
    """Runs of capitalised words. A single capitalised word that opens a sentence is usually
    just a capitalised common word ("Staff", "Councillors"), so it counts only as part of a
    longer run.

    >>> _names("Staff said Acme Tools would hire. Councillors agreed with Mayor Jo Park.")
    ['Acme Tools', 'Jo Park']
    >>> _names('Jo Park said, "Fortunately, Acme is here."')
    ['Jo Park', 'Acme']
    """
    stop, titles, abbreviations = lexicon.stopwords(), lexicon.titles(), lexicon.abbreviations()
    names: list[str] = []
    run: list[str] = []
    run_opens_sentence = False
    sentence_start = True
    for gap, token in _GAP_AND_WORD.findall(text):
        if not token:
            break
        # Most words follow a single space, which neither ends a run nor a sentence.
        if gap != " ":
            breaks = _SENTENCE_BREAK.search(gap) is not None
            if run and (breaks or gap.strip() not in ("", "-")):
                _end_run(names, run, run_opens_sentence)
                run = []
            # Quoted speech opens a sentence of its own: 'said: "Fortunately, ...'.
            sentence_start = sentence_start or breaks or gap.endswith(_OPENING_QUOTES)
        # Most words are in lower case: they only end a run, and only one with a stop ends a sentence.
        if token[0].isupper():
            word = token.rstrip(".")
            lower = word.lower()
            if lower not in stop and lower not in titles:
                if not run:
                    run_opens_sentence = sentence_start
                run.append(word)
            elif run:
                _end_run(names, run, run_opens_sentence)
                run = []
        elif run:
            _end_run(names, run, run_opens_sentence)
            run = []
        sentence_start = token[-1] == "." and token.rstrip(".").lower() not in abbreviations
    _end_run(names, run, run_opens_sentence)
    return names


def _end_run(names: list[str], run: list[str], opens_sentence: bool) -> None:
    if run and not (opens_sentence and len(run) == 1):
        names.append(" ".join(run))


def _same_name(a: str, b: str) -> bool:
    if a == b or a in b or b in a:
        return True
    return fuzz.ratio(a.lower(), b.lower()) >= 80


def missing_names(names: tuple[str, ...], other: tuple[str, ...]) -> list[str]:
    """The names of ``names`` that ``other`` does not have, in any close spelling.

    >>> missing_names(("Jo Park", "Acme Tools"), ("Acme Tools Ltd",))
    ['Jo Park']
    """
    return [n for n in names if not any(_same_name(n, o) for o in other)]


def different_subject(a: str, b: str, reworded: bool = False) -> bool:
    """Whether two look-alike passages are about different things (another subject, amount or date).

    >>> different_subject("Acme Corp reported revenue of $12.1 million, up 8 per cent, on March 3.",
    ...                   "Birch Ltd reported revenue of $9.4 million, up 3 per cent, on March 5.")
    True
    >>> different_subject("Officials said 42 people were injured in the blast in Harlow.",
    ...                   "Officials said 24 people were injured in the blast in Harlow.")
    False
    """
    names_a, names_b = _names_of(a), _names_of(b)
    if names_a and names_b:
        first_a, first_b = names_a[0], names_b[0]
        if not any(_same_name(first_a, n) for n in names_b) and not any(_same_name(first_b, n) for n in names_a):
            return True
        # A reworded copy names things in its own way; only a near-verbatim one must share its names.
        if not reworded:
            only_a, only_b = missing_names(names_a, names_b), missing_names(names_b, names_a)
            shared = len(names_a) - len(only_a)
            if only_a and only_b and shared < max(len(only_a), len(only_b)):
                return True
    if reworded:
        return False  # a re-telling moves numbers between paragraphs; conflicts are judged per sentence
    # A copy in conflict differs in one value; two or more changed values mean another subject.
    numbers_a, numbers_b = set(_numbers_of(a)), set(_numbers_of(b))
    return len(numbers_a - numbers_b) >= 2 and len(numbers_b - numbers_a) >= 2


def differences(a: str, b: str) -> tuple[list[str], list[str]]:
    """Names and numbers that one passage has and the other lacks.

    >>> differences("Officials said 42 people were hurt.", "Officials said 24 people were hurt.")
    (['42'], ['24'])
    """
    fa, fb = facts(a), facts(b)
    only_a = [n for n in fa.numbers if n not in fb.numbers] + missing_names(fa.names, fb.names)
    only_b = [n for n in fb.numbers if n not in fa.numbers] + missing_names(fb.names, fa.names)
    return only_a, only_b


# --- the words and numbers of a span, for comparing two copies ------------------------------------------

_TOKEN = re.compile(
    r"[$\u00a3\u20ac]?\d+(?:[.,:]\d+)*(?:\s?(?:%|per\s?cent|percent))?(?:\s(?:million|billion|trillion|thousand))?"
    r"|[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*"
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")
_PER_CENT = re.compile(r"\s?(?:per\s?cent|percent)")
_QUOTATION = re.compile(r"\u201c[^\u201d]*\u201d|\"[^\"\n]*\"")


class Token(NamedTuple):  # a tuple: documents have thousands, and tuples are quick to make
    text: str
    norm: str  # lower case, thousands separators dropped, number words as digits
    start: int  # offsets into the document
    end: int
    number: bool
    capitalised: bool  # capitalised and not the first word of its sentence
    quotation: int  # where the quotation holding it starts; -1 outside quotations

    @property
    def quoted(self) -> bool:
        return self.quotation >= 0


def tokens(doc: Document, span: Span) -> tuple[Token, ...]:
    """The words and numbers of ``span``, with what a comparison needs to know about each;
    computed once per span of a document.

    >>> from dedup.segment import segment
    >>> text = "Twenty people paid $1,200, up 5 per cent."
    >>> [t.norm for t in tokens(segment(text), Span(0, len(text)))]
    ['20', 'people', 'paid', '$1200', 'up', '5%']
    """
    cache = doc.cache.setdefault("entities.tokens", {})
    found = cache.get(span)
    if found is None:
        found = cache[span] = _tokenise(doc, span)
    return found


def norms(doc: Document, span: Span) -> tuple[str, ...]:
    """The ``norm`` of each of :func:`tokens`, found without the rest, which a first comparison
    of two sentences does not need.

    >>> from dedup.segment import segment
    >>> text = "Twenty people paid $1,200, up 5 per cent."
    >>> norms(segment(text), Span(0, len(text)))
    ('20', 'people', 'paid', '$1200', 'up', '5%')
    """
    known = doc.cache.get("entities.tokens", {}).get(span)
    if known is not None:
        return tuple(t.norm for t in known)
    cache = doc.cache.setdefault("entities.norms", {})
    found = cache.get(span)
    if found is None:
        words = lexicon.number_words()
        found = []
        for text in _TOKEN.findall(doc.text, span.start, span.end):
            lower = text.lower().replace("\u2019", "'")
            found.append(_number_norm(lower, words) if _is_number(text[0], lower, words) else lower)
        found = cache[span] = tuple(found)
    return found


def _is_number(first: str, lower: str, words: dict[str, float]) -> bool:
    """Whether a word is a number: digits, an amount, or a number word other than "one"."""
    return first.isdigit() or first in "$\u00a3\u20ac" or (lower in words and lower != "one")


def _tokenise(doc: Document, span: Span) -> tuple[Token, ...]:
    openers = _openers(doc)
    quotations = _quotations_touching(doc, span)
    words = lexicon.number_words()
    found = []
    for m in _TOKEN.finditer(doc.text, span.start, span.end):
        text = m.group()
        start, end = m.span()
        lower = text.lower().replace("\u2019", "'")
        quotation = -1 if quotations is None else _quotation_at(quotations, start)
        if _is_number(text[0], lower, words):
            found.append(_token((text, _number_norm(lower, words), start, end, True, False, quotation)))
        else:
            found.append(_token((text, lower, start, end, False, text[0].isupper() and start not in openers, quotation)))
    return tuple(found)


# A Token from a tuple of its fields, without the Python-level ``__new__`` of a named tuple:
# the comparisons of a document make tens of thousands.
_token = functools.partial(tuple.__new__, Token)


def _quotations_touching(doc: Document, span: Span) -> tuple[list[int], list[int]] | None:
    """The quotation bounds of the document, or None when no quotation overlaps ``span``: most
    sentences touch none, and then no word needs looking up."""
    quote_starts, quote_ends = bounds = _quotation_bounds(doc)
    before = bisect.bisect_right(quote_starts, span.start) - 1  # the last quotation to open before the span
    if before >= 0 and quote_ends[before] > span.start:
        return bounds
    return bounds if bisect.bisect_left(quote_starts, span.end) > before + 1 else None


def _quotation_at(bounds: tuple[list[int], list[int]], offset: int) -> int:
    """Where the quotation holding ``offset`` starts; -1 outside quotations."""
    quote_starts, quote_ends = bounds
    q = bisect.bisect_right(quote_starts, offset) - 1
    return quote_starts[q] if q >= 0 and offset < quote_ends[q] else -1


def _number_norm(lower: str, words: dict[str, float]) -> str:
    if lower in words:
        value = words[lower]
        return str(int(value)) if value == int(value) else str(value)
    return _PER_CENT.sub("%", _THOUSANDS.sub("", lower))


def _openers(doc: Document) -> frozenset[int]:
    """Where the first word of each sentence and block starts: a capital there says nothing."""
    return doc.memo("entities.openers", lambda: _find_openers(doc))


def _find_openers(doc: Document) -> frozenset[int]:
    found = set()
    for start in {s.span.start for s in doc.sentences} | {b.body.start for b in doc.blocks}:
        m = _TOKEN.search(doc.text, start)
        if m is not None:
            found.add(m.start())
    return frozenset(found)


def _quotation_bounds(doc: Document) -> tuple[list[int], list[int]]:
    """Where each quotation of the document starts, and where it ends."""
    return doc.memo("entities.quotations", lambda: _find_quotations(doc))


def _find_quotations(doc: Document) -> tuple[list[int], list[int]]:
    found = [(m.start(), m.end()) for m in _QUOTATION.finditer(doc.text)]
    return [a for a, _ in found], [b for _, b in found]
