"""News in a repeated copy: the facts of a removed sentence that the kept text lacks.

Cleaning removes a copy only when nothing of substance goes with it. A sentence of a removed
copy that names a person, place or organisation, or gives a number, amount, date or weekday,
that the kept text does not have anywhere, carries news; removing it could lose a fact, so
that removal is an *unsafe* fix: reported, applied only when asked (``--unsafe-fixes``).

The comparison is lenient towards the kept text, since a rewrite writes the same fact in its
own way: a name counts as known when the kept text has it in any close spelling or anywhere
in its words (``Scots`` / ``Scottish``); a number when the kept text has the same value with
or without its currency or per-cent sign, in digits, as a number word or as an ordinal
(``sixth`` / ``6``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import lexicon
from .entities import facts, missing_names

# A value stripped of what a rewrite may write otherwise: "$1,200" "1200" "£1.5m" "1.5".
_BARE = re.compile(r"\d+(?:\.\d+)?")
# "four point two million": a decimal written in words.
_POINT = re.compile(r"\b([a-z]+) point ([a-z]+)\b")
# Words, with a possessive ending dropped and hyphenated words split: "London's" is "London".
# (A word is a run of letters, so the ending is never part of one.)
_WORDS = re.compile(r"[^\W\d_]+")
_LOWER_WORDS = re.compile(r"[a-z]+")
# HTML character references left by an extractor ("&#3;", "&amp;") hold no value.
_ENTITY = re.compile(r"&#?\w{1,8};")
# Multiplier words read as numbers on their own ("5m" and "5 million" are one amount).
_MULTIPLIERS = frozenset({"100", "1000", "1000000", "1000000000", "1000000000000"})
# Number words so common as plain words that they name no value ("one of the", "the two
# towns"); written in digits they still count.
_PLAIN_NUMBER_WORDS = frozenset({"1", "2"})
_DIGITS = re.compile(r"(?<![\d.])[12](?!\.?\d)")


@dataclass(frozen=True, slots=True)
class KnownFacts:
    """The names and values of the kept text, ready for membership tests."""

    names: tuple[str, ...]
    values: frozenset[str]
    words: str  # the kept text folded to lower case, for names written as plain words
    word_set: frozenset[str]  # its words in lower case, possessives dropped
    dates: frozenset[tuple[str, int]]  # (month, day) of each day of a month it names


def known_facts(kept_text: str) -> KnownFacts:
    """What the kept text says: its names, its values in every form, its words.

    >>> known = known_facts("The world number six beat Ann Lee 13-6 on Sunday.")
    >>> sorted(known.values)
    ['13', '6']
    """
    kept_text = _plain_clock(_ENTITY.sub(" ", kept_text))
    found = facts(kept_text)
    values = {v for n in found.numbers for v in _bare_values(n)}
    lower = kept_text.lower()
    # Each word once: a long kept text says most of its words many times.
    values.update(filter(None, map(_ordinals().get, set(_LOWER_WORDS.findall(lower)))))
    values |= {total for total, _ in _compounds(kept_text)}
    values |= {clock for _, clock in _clock_times(kept_text)}  # times of day apart: "@13"
    words = _WORDS.findall(kept_text)
    dates = {_date_key(d) for d in _dates(kept_text)} | _numeric_dates(kept_text)
    return KnownFacts(
        found.names, frozenset(values), " ".join(lower.split()),
        frozenset(map(str.lower, words)), frozenset(dates),
    )


def with_text(known: KnownFacts, text: str) -> KnownFacts:
    """``known`` together with what ``text`` says (a sentence kept as news joins the kept text).

    >>> known = with_text(known_facts("Ann Lee spoke."), "Tom Reed arrived at 9.")
    >>> new_facts("Tom Reed and Ann Lee left at 9.", known)
    []
    """
    more = known_facts(text)
    return KnownFacts(
        known.names + more.names, known.values | more.values, known.words + " " + more.words,
        known.word_set | more.word_set, known.dates | more.dates,
    )


def new_value_share(sentences, known: KnownFacts) -> float:
    """The share of the names and numbers of ``sentences`` that ``known`` lacks (0 without any).

    >>> new_value_share(["Ann Lee won 3 races.", "Tom Reed won 2."], known_facts("Ann Lee won 3."))
    0.5
    """
    new = total = 0
    for text in sentences:
        found = facts(text)
        total += len(found.names) + len(found.numbers)
        new += len(new_facts(text, known))
    return new / total if total else 0.0


def new_facts(sentence: str, known: KnownFacts) -> list[str]:
    """The names and values of ``sentence`` that the kept text lacks, as written.

    >>> known = known_facts("The world number six beat Ann Lee 13-6 on Sunday.")
    >>> new_facts("Ranked sixth, he beat Lee 13-6 on Sunday in Sheffield.", known)
    ['Sheffield']
    >>> new_facts("He won by 13 frames to 7 on Sunday.", known)
    ['7']
    """
    sentence = _plain_clock(_ENTITY.sub(" ", sentence))
    found = facts(sentence)
    new: list[str] = [d for d in _dates(sentence) if _date_key(d) not in known.dates]
    # "twenty-two" is read as 20 and 2: both are known when 22 is.
    parts_known = {p for total, parts in _compounds(sentence) if total in known.values for p in parts}
    # "1pm" is known when "13:00" is, and "18:00" when "1800 GMT" is.
    parts_known |= {v for written, clock in _clock_times(sentence) if clock in known.values
                    for v in _bare_values(written)}
    for number in found.numbers:
        values = _bare_values(number)
        if number in _MULTIPLIERS and not re.search(rf"(?<![\d.,]){number}(?![\d.,])", sentence.replace(",", "")):
            continue  # "million" in words: the amount it scales is the value
        if values and not values & (known.values | parts_known) and not (values <= _PLAIN_NUMBER_WORDS and not
                                                                         _DIGITS.search(sentence)):
            new.append(number)
    for name in missing_names(found.names, known.names):
        if not _name_known(name, known):
            new.append(name)
    return new


def _name_known(name: str, known: KnownFacts) -> bool:
    """Whether the kept text has ``name`` in another form: as plain words, or each of its words
    somewhere (``Guehenno, Jean-Marie``).

    >>> _name_known("British", known_facts("Ministers in Britain agreed.")), _name_known("French", known_facts("In Britain."))
    (True, False)
    >>> known = known_facts("The BLA envoy met Jean-Marie Guehenno in London's Swiss Bank.")
    >>> [n for n in ("Balochistan Liberation Army", "Jean-Marie Guehenno", "London", "Paris", "State Bank")
    ...  if _name_known(n, known)]
    ['Jean-Marie Guehenno', 'London']
    """
    if name.lower() in known.words:
        return True
    parts = [w.lower() for w in _WORDS.findall(name) if len(w) > 1]
    if not parts:
        return True
    # "British" where the kept text says "Britain", "Scotland" where it says "Scots".
    others = lexicon.demonyms().get(name.lower())
    if others and any(other in known.word_set or f" {other} " in f" {known.words} " for other in others):
        return True
    # An acronym the kept text has is not the name spelled out: ``Balochistan Liberation Army``
    # tells what ``BLA`` alone does not, so the spelled-out name counts as news. A shop's name
    # written without its apostrophe (``Albertsons`` for ``Albertson's``) is the same name.
    return all(p in known.word_set or (p.endswith("s") and f"{p[:-1]}'s" in known.words) for p in parts)


def _date_key(date: str) -> tuple[str, int]:
    """``April 8`` and ``8 April`` as one key.

    >>> _date_key("April 8") == _date_key("8 April")
    True
    """
    first, second = date.replace(".", "").split()
    day, month = (first, second) if first.isdigit() else (second, first)
    return month.lower()[:3], int(day)


def _dates(text: str) -> list[str]:
    """Days of a month as written (``April 8``, ``8 April``): a date is one fact, so ``April 8``
    is new beside ``April 6`` even when an 8 stands elsewhere in the kept text.

    >>> _dates("Payment is due on April 8, or 9 May at the latest.")
    ['April 8', '9 May']
    """
    months = lexicon.weekdays_months().get("months", frozenset())
    if not _month_names().search(text):
        return []  # most texts name no month: the two patterns need not look
    found = [(m.start(), m.group()) for m in _MONTH_DAY.finditer(text) if m.group(1).lower() in months]
    found += [(m.start(), m.group()) for m in _DAY_MONTH.finditer(text) if m.group(2).lower() in months]
    return [date for _, date in sorted(found)]


def _plain_clock(text: str) -> str:
    """``text`` with ``AM`` and ``PM`` after a time in lower case: they name nobody.

    >>> _plain_clock("at 1:00 PM BST and 9 A.M.")
    'at 1:00 pm BST and 9 a.m.'
    """
    if "M" not in text:
        return text
    return _CLOCK_12.sub(lambda m: m.group().lower(), text)


def _numeric_dates(text: str) -> set[tuple[str, int]]:
    """The days that dates in figures may stand for (``14/7/17``): day first or month first,
    both, since the text does not say which.

    >>> sorted(_numeric_dates("ref 121 of 14/7/17, or 3/4/2017"))
    [('apr', 3), ('jul', 14), ('mar', 4)]
    """
    found: set[tuple[str, int]] = set()
    if "/" not in text:
        return found
    for first, second in _FIGURE_DATE.findall(text):
        for day, month in ((int(first), int(second)), (int(second), int(first))):
            if 1 <= day <= 31 and 1 <= month <= 12:
                found.add((_MONTH_KEYS[month - 1], day))
    return found


# Patterns that open on a digit say so first: the engine then skips quickly over every
# other character, where the look-behind alone is tried at each.
_FIGURE_DATE = re.compile(r"(?=\d)(?<![\d/.])(\d{1,2})/(\d{1,2})/(?:\d{2}|\d{4})(?![\d/])")
_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _clock_times(text: str) -> list[tuple[str, str]]:
    """Times of day, each as written and as its time on the 24-hour clock, marked ``@`` so
    that it matches times only ("1pm" is "13:00", not the 13th): on a 12-hour clock, as hours
    and minutes, or as four figures with a time zone.

    >>> _clock_times("at 1:00 PM, by 6pm, at 5.20 a.m., at 13:05 and at 1800 GMT; 1800 people")
    [('1:00', '@13'), ('6', '@18'), ('5.20', '@5.2'), ('13:05', '@13.05'), ('1800', '@18')]
    """
    found = []
    for m in _CLOCK_12.finditer(text):
        hour, minutes = int(m.group(1)), m.group(2) or "00"
        if 1 <= hour <= 12:
            hour = hour % 12 + (12 if m.group(3).lower() == "p" else 0)
            written = text[m.start() : m.end(2)] if m.group(2) else m.group(1)
            found.append((m.start(), written, f"{hour}:{minutes}"))
    found += [(m.start(), m.group(1) + m.group(2), f"{m.group(1)}:{m.group(2)}") for m in _CLOCK_24.finditer(text)]
    if ":" in text:
        found += [(m.start(), m.group(), m.group()) for m in _CLOCK_COLON.finditer(text)]
    return [(written, "@" + next(iter(_bare_values(clock)))) for _, written, clock in sorted(found)]


_CLOCK_12 = re.compile(r"(?=\d)(?<![\d.:])(\d{1,2})(?:[:.](\d{2}))?\s?([AaPp])\.?[Mm]\b\.?")
_CLOCK_COLON = re.compile(r"(?=\d)(?<![\d.:])(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:]|\s?[AaPp]\.?[Mm]\b)")
_CLOCK_24 = re.compile(r"(?=\d)(?<![\d.:,])([01]\d|2[0-3])([0-5]\d)\s?(?:GMT|BST|UTC|CET|CEST|EST|EDT|CST|CDT|PST|PDT|hrs|hours)\b")


_MONTH_DAY = re.compile(r"\b([A-Z][a-z]+)\.? (\d{1,2})\b(?!,\d)")
_DAY_MONTH = re.compile(r"\b(\d{1,2}) ([A-Z][a-z]+)\b")


def _compounds(text: str) -> list[tuple[str, tuple[str, str]]]:
    """Compound number words as their value and the values of their parts.

    >>> _compounds("Twenty-two people, forty five cars and four point two million pounds")
    [('22', ('20', '2')), ('45', ('40', '5')), ('4.2', ('4', '2'))]
    """
    words = lexicon.number_words()
    found = []
    lower = text.lower()
    # Only a tens word makes a compound, and only " point " a decimal: without them, nothing to find.
    if any(tens in lower for tens in _tens_words()):
        for tens, units in _COMPOUND.findall(lower):
            if tens in words and units in words and 20 <= words[tens] <= 90 and words[units] < 10:
                found.append((str(int(words[tens] + words[units])), (str(int(words[tens])), str(int(words[units])))))
    for whole, part in _POINT.findall(lower) if " point " in lower else ():
        if whole in words and part in words and words[part] < 10:
            found.append((f"{int(words[whole])}.{int(words[part])}", (str(int(words[whole])), str(int(words[part])))))
    return found


@functools.cache
def _tens_words() -> tuple[str, ...]:
    """The number words a compound opens with (``twenty``, ``ninety``): in -ty, from 20 to 90."""
    return tuple(w for w, v in lexicon.number_words().items() if w.endswith("ty") and 20 <= v <= 90)


@functools.cache
def _month_names() -> re.Pattern[str]:
    """What every month a date names starts with, capitalised (``Jan``, ``Sep``): a text
    without any of these has no date for :func:`_dates` to find."""
    months = lexicon.weekdays_months().get("months", frozenset())
    return re.compile("|".join(sorted({m.capitalize()[:3] for m in months})) or "(?!)")


_FRACTION = re.compile(r"(?:(\d+)-)?(\d+)/(\d+)")
_COMPOUND = re.compile(r"\b([a-z]+ty)[- ]([a-z]+)\b")


def _bare_values(number: str) -> set[str]:
    """A normalised number as bare values: ``$4200`` gives ``4200``, ``3.50%`` and ``03:50``
    give ``3.5``.

    >>> sorted(_bare_values("07:50")), sorted(_bare_values("$4200")), sorted(_bare_values("1.0%"))
    (['7.5'], ['4200'], ['1'])
    >>> sorted(_bare_values("2:26:41"))  # a race time is one value
    ['2.26.41']
    >>> sorted(_bare_values("2-3/4")), sorted(_bare_values("1/2"))  # so is a fraction
    (['2.75'], ['0.5'])
    """
    if fraction := _FRACTION.fullmatch(number):
        whole, top, bottom = fraction.groups()
        if int(bottom):
            value = round(int(whole or 0) + int(top) / int(bottom), 4)
            return {f"{value:g}"}
    if number.count(":") > 1:
        hours, rest = number.split(":", 1)
        return {(hours.lstrip("0") or "0") + "." + rest.replace(":", ".")}
    values = set()
    for v in _BARE.findall(number.replace(":", ".")):
        whole, _, part = v.partition(".")
        whole = whole.lstrip("0") or "0"
        part = part.rstrip("0")
        values.add(f"{whole}.{part}" if part else whole)
    return values


@functools.cache
def _ordinals() -> dict[str, str]:
    """Ordinal words as the values they stand for: ``sixth`` is 6, ``twentieth`` 20."""
    cardinal = {w: str(int(v)) for w, v in lexicon.number_words().items() if v == int(v) and v >= 2}
    irregular = {"second": "2", "third": "3", "fifth": "5", "eighth": "8", "ninth": "9", "twelfth": "12"}
    found = dict(irregular)
    for word, value in cardinal.items():
        if word.endswith("y"):
            found[word[:-1] + "ieth"] = value
        elif word not in ("two", "three", "five", "eight", "nine", "twelve"):
            found[word + "th"] = value
    return found
