"""The values a sentence holds, keyed by the slot each fills, for comparing two tellings.

Two sentences that tell one fact in other words keep its value in the same slot: a number
before the same unit (``42 people``), a day after the same month, a weekday, a year. When a
slot holds one value in each and the two differ, the tellings disagree; when several slots
differ, they tell two different facts. The conflict rules report the first case, and the
duplicate analysis uses the second to tell two events of one kind from one event told twice.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator

from . import lexicon
from .entities import Token
from .normalize import stemmer

YEAR = re.compile(r"(?:1[89]|20)\d\d\Z")


def _weekdays() -> frozenset[str]:
    return lexicon.weekdays_months().get("weekdays", frozenset())


def shown(seq: tuple[Token, ...], i: int) -> str:
    """A number as a report shows it: with its month when it is a day (``March 11``)."""
    calendar = lexicon.calendar_words()
    if i and seq[i - 1].norm in calendar and seq[i - 1].text[:1].isupper():
        return f"{seq[i - 1].text} {seq[i].text}"
    if i + 1 < len(seq) and seq[i + 1].norm in calendar and seq[i + 1].text[:1].isupper():
        return f"{seq[i].text} {seq[i + 1].text}"
    return seq[i].text


def _slots(seq: tuple[Token, ...]) -> dict[tuple[str, str], dict[str, str]]:
    """Values keyed by the slot they fill: a number by the content word after it (its unit), or
    by a month before it; weekdays, months and years by their kind. Each value maps its
    normalised form to the words shown in a report."""
    stop = lexicon.stopwords()
    weekdays, calendar = _weekdays(), lexicon.calendar_words()
    found: dict[tuple[str, str], dict[str, str]] = {}
    for i, t in enumerate(seq):
        if t.norm in calendar and t.text[:1].isupper():
            found.setdefault(("date", "weekday" if t.norm in weekdays else "month"), {})[t.norm[:3]] = t.text
        if not t.number:
            continue
        after = next((u for u in seq[i + 1 : i + 3] if not u.number and u.norm not in stop), None)
        before = seq[i - 1] if i else None
        if before is not None and before.norm in calendar:
            key = ("date", before.norm[:3])
        elif YEAR.match(t.norm):
            key = ("date", "year")
        elif after is not None:
            key = ("number", stemmer()(after.norm))
        else:
            continue
        found.setdefault(key, {})[t.norm] = shown(seq, i)
    return found


def _norms(seq: tuple[Token, ...]) -> set[str]:
    """The words of ``seq`` as compared, a weekday or month also by its first three letters
    (``Oct.`` is October, ``Tues`` Tuesday), as slots key them."""
    calendar = lexicon.calendar_words()
    return {t.norm for t in seq} | {t.norm[:3] for t in seq if t.norm in calendar}


def slot_values(
    kept: tuple[Token, ...], removed: tuple[Token, ...], names: bool = True,
) -> Iterator[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(kind, kept values, removed values) for each slot the two sentences fill differently;
    with ``names``, also the first names that differ before the same surname."""
    k_slots, r_slots = _slots(kept), _slots(removed)
    k_all, r_all = _norms(kept), _norms(removed)
    told = False
    for key in sorted(k_slots.keys() & r_slots.keys()):
        k_only = [text for norm, text in k_slots[key].items() if norm not in r_all]
        r_only = [text for norm, text in r_slots[key].items() if norm not in k_all]
        if len(k_only) == 1 and len(r_only) == 1:
            told = True
            yield key[0], tuple(k_only), tuple(r_only)
    if not told:
        yield from _lone_value_changes(kept, removed)
    if names:
        yield from _first_name_changes(kept, removed)


def _lone_value_changes(kept: tuple[Token, ...], removed: tuple[Token, ...]) -> Iterator[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """``38 per cent of capacity`` against ``36 percent full``, ``fines starting at $250``
    against ``a fine of at least $200``: a rewording moves the words around a value, so the word
    after it is no slot. When each sentence holds one percentage (or one amount in one
    currency) and the two differ, while no slot differs, the one value is told two ways."""
    for kind in ("%", "$", "\u00a3", "\u20ac"):
        k_values = {t.norm: shown(kept, i) for i, t in enumerate(kept) if t.number and kind in t.norm}
        r_values = {t.norm: shown(removed, i) for i, t in enumerate(removed) if t.number and kind in t.norm}
        if len(k_values) == 1 and len(r_values) == 1 and k_values.keys() != r_values.keys():
            yield "number", tuple(k_values.values()), tuple(r_values.values())


def _first_name_changes(kept: tuple[Token, ...], removed: tuple[Token, ...]) -> Iterator[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """``Tom Reyes`` against ``Dan Reyes``: two-word names that share the second word only."""
    def pairs(seq: tuple[Token, ...]) -> set[tuple[str, str]]:
        return {(a.text, b.text) for a, b in zip(seq, seq[1:]) if a.capitalised and b.capitalised
                and a.norm not in lexicon.calendar_words() and b.end - a.end == len(b.text) + 1}

    k_names, r_names = pairs(kept), pairs(removed)
    for first, last in sorted(k_names - r_names):
        others = [f for f, l in r_names - k_names if l == last and f != first]
        if len(others) == 1 and not any(f == first for f, l in r_names):
            yield "name", (f"{first} {last}",), (f"{others[0]} {last}",)


_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_TIME = re.compile(r"\d{1,2}:\d\d")


def _value(norm: str) -> str:
    """A number's value, whichever way it is written: ``5.0`` and ``5`` (``five``) are one value,
    and so are ``1.5 billion`` and ``1500 million``.

    >>> _value("5.0"), _value("$1200.50"), _value("3.9496"), _value("10:30"), _value("7.3\\nbillion")
    ('5', '$1200.5', '3.9496', '10:30', '7300000000')
    >>> _value("1.5 billion") == _value("1500 million"), _value("5 %"), _value("$2 million")
    (True, '5%', '$2000000')
    >>> _value("05:30"), _value("1:00"), _value("10:30")
    ('5:30', '1', '10:30')
    """
    number, _, scale = " ".join(norm.split()).replace(" %", "%").partition(" ")  # hard-wrapped: "7.3\nbillion"
    currency = number[: len(number) - len(number.lstrip("$\u00a3\u20ac"))]
    if _TIME.fullmatch(number):  # 05:30 is 5:30, and 1:00 is 1 o'clock
        hour, minute = map(int, number.split(":"))
        return f"{hour}:{minute:02d}" if minute else str(hour)
    try:
        value = float(number[len(currency):].rstrip("%")) * _SCALES.get(scale, 1.0)
    except ValueError:
        return " ".join(norm.split())
    if scale and scale not in _SCALES:
        return " ".join(norm.split())
    shown_value = str(int(value)) if value.is_integer() else repr(value)
    return currency + shown_value + ("%" if number.endswith("%") else "")


# A number as :func:`dedup.entities.tokens` reads one (``[$£€]?\d+...``), with its scale word.
# Each pattern opens with a plain set of characters, so that the search skips to where one
# can start instead of trying every position (a lookbehind or an optional first character
# defeats that): here a currency sign must be followed by a digit, and a first digit by more.
_NUMBER = re.compile(r"[$\u00a3\u20ac\d](?:(?<=\d)\d*|(?<!\d)\d+)(?:[.,:]\d+)*(?:\s?(?:%|per\s?cent|percent))?"
                     r"(?:\s(?:million|billion|trillion|thousand))?")
# Two capitalised words as entities.tokens reads them (any letter but a-z opens one), one
# character apart, the first not preceded by a letter (looked at once its first letter is
# read); the second is only looked at, so that it can open the next pair.
_CAPITALISED = r"[^\W\d_a-z][^\W\d_]*(?:['\u2019\-][^\W\d_]+)*"
_NAME_PAIR = re.compile(
    rf"([^\W\d_a-z](?<![^\W\d_].)[^\W\d_]*(?:['\u2019\-][^\W\d_]+)*)[\W_](?=({_CAPITALISED})(?![^\W\d_]))"
)
_LETTERS = re.compile(r"[^\W\d_]+")
# ASCII text: every character but a letter becomes a space, and splitting finds _LETTERS' words.
_ASCII_NOT_LETTERS = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalpha()})


def _letter_runs(text: str) -> list[str]:
    """The runs of letters of ``text`` (``_LETTERS``), by a faster way on ASCII text.

    >>> _letter_runs("it's 5th-May_x"), _letter_runs("caf\u00e9 5th")
    (['it', 's', 'th', 'May', 'x'], ['caf\u00e9', 'th'])
    """
    return text.translate(_ASCII_NOT_LETTERS).split() if text.isascii() else _LETTERS.findall(text)


def value_marks(text: str) -> frozenset[str]:
    """Every value ``text`` could fill a slot with, written as it stands: numbers, number words,
    calendar words, and pairs of capitalised words (a first name and a surname).

    Cheap to find, and never coarser than the values :func:`other_values` compares: when the
    marks of one text are all among those of another, it finds nothing, so a pair of copies
    with the same figures needs no reading.

    >>> sorted(value_marks("Jo Park paid $1,200 on May 3, five days late."))
    ['$1,200', '3', 'five', 'jo park', 'may']
    """
    lower = text.lower()
    marks = {" ".join(m.split()) for m in _NUMBER.findall(lower)}
    known = lexicon.calendar_words() | lexicon.number_words().keys()
    marks.update(known.intersection(_letter_runs(lower)))
    marks.update(f"{a} {b}".lower() for a, b in set(_NAME_PAIR.findall(text)) if not _no_first_name(a))
    return frozenset(marks)


def told_values(seq: tuple[Token, ...]) -> set[str]:
    """Every word of ``seq`` (a weekday or month by its first three letters too, as slots key
    them) and the value of every number (``5.0`` and ``five`` as ``5``)."""
    return _norms(seq) | {_value(t.norm) for t in seq if t.number}


def other_values(first: tuple[Token, ...], second: tuple[Token, ...], first_all: set[str] | None = None,
                 second_all: set[str] | None = None) -> Iterator[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(kind, first's values, second's values) for each slot that both fill and where each holds a
    value the other has nowhere, then the first names that differ before the same surname.

    Made for two tellings of one fact, or two whole articles: a shorter copy lacks values but
    never holds other ones, while two reports from one template fill the same slots with
    other figures and dates. ``first_all`` and ``second_all`` (:func:`told_values`) say
    where "nowhere" is, when the tellings are sentences of longer texts.

    >>> from dedup.entities import tokens
    >>> from dedup.models import Span
    >>> from dedup.segment import Document
    >>> def told(text):
    ...     return tokens(Document(text, (), ()), Span(0, len(text)))
    >>> list(other_values(told("Sales rose 5.0 pct to 30 mln dlrs in March."), told("Sales rose five pct.")))
    []
    >>> list(other_values(told("Sales rose 5 pct on March 3."), told("Sales rose 7 pct on March 4.")))
    [('date', ('March 3',), ('March 4',)), ('number', ('5',), ('7',))]
    """
    first_slots, second_slots = _slots(first), _slots(second)
    first_all = told_values(first) if first_all is None else first_all
    second_all = told_values(second) if second_all is None else second_all
    for key in sorted(first_slots.keys() & second_slots.keys()):
        first_only = tuple(text for norm, text in first_slots[key].items() if _value(norm) not in second_all)
        second_only = tuple(text for norm, text in second_slots[key].items() if _value(norm) not in first_all)
        if first_only and second_only:
            yield key[0], first_only, second_only
    for change in _first_name_changes(first, second):
        first_name, other_name = change[1][0].split()[0], change[2][0].split()[0]
        if not (_no_first_name(first_name) or _no_first_name(other_name) or _spelled_alike(first_name, other_name)):
            yield change


def _no_first_name(word: str) -> bool:
    """``But Reyes``, ``Mr Reyes``: a capitalised function word or a title before a surname is no first name."""
    return word.lower().rstrip(".") in _function_words_and_titles()


@functools.cache
def _function_words_and_titles() -> frozenset[str]:
    return lexicon.stopwords() | lexicon.titles()


def _spelled_alike(a: str, b: str) -> bool:
    """``Corp`` and ``Corporation``, ``Fidelcor`` and ``Fieldcor``, ``Tching`` and ``Tecihng``: one
    word written two ways (a typo swaps, drops or adds a letter or two; in a short word one
    letter makes another name).

    >>> _spelled_alike("Corp", "Corporation"), _spelled_alike("Fidelcor", "Fieldcor")
    (True, True)
    >>> _spelled_alike("Tching", "Tecihng")
    True
    >>> _spelled_alike("Tom", "Dan"), _spelled_alike("Jon", "Jan"), _spelled_alike("Martin", "Morgan")
    (False, False, False)
    """
    from rapidfuzz import fuzz
    from rapidfuzz.distance import OSA

    a, b = a.lower(), b.lower()
    if a.startswith(b) or b.startswith(a) or fuzz.ratio(a, b) >= 80:
        return True
    return min(len(a), len(b)) >= 6 and OSA.distance(a, b) <= 2
