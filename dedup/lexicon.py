"""Word lists shipped as package data (``dedup/data``), loaded once on first use.

Nothing here downloads anything: the lists are plain text files in the package.
"""

from __future__ import annotations

import functools
import re
from importlib import resources


def _lines(name: str) -> list[str]:
    raw = resources.files("dedup").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _sections(name: str) -> dict[str, frozenset[str]]:
    """Read a list whose sections start with ``# name`` lines."""
    raw = resources.files("dedup").joinpath("data", name).read_text(encoding="utf-8")
    sections: dict[str, set[str]] = {}
    current = ""
    for line in raw.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            header = line.lstrip("#").strip().split()
            current = header[0].lower() if header else ""
            continue
        sections.setdefault(current, set()).add(line.lower())
    return {k: frozenset(v) for k, v in sections.items()}


@functools.cache
def stopwords() -> frozenset[str]:
    return frozenset(w.lower() for w in _lines("stopwords.txt"))


@functools.cache
def negations() -> frozenset[str]:
    return frozenset(w.lower() for w in _lines("negations.txt"))


@functools.cache
def abbreviations() -> frozenset[str]:
    return frozenset(w.lower().rstrip(".") for w in _lines("abbreviations.txt"))


@functools.cache
def titles() -> frozenset[str]:
    return frozenset(w.lower().rstrip(".") for w in _lines("titles.txt"))


@functools.cache
def closed_class() -> dict[str, frozenset[str]]:
    return _sections("closed_class.txt")


@functools.cache
def verbs() -> frozenset[str]:
    return frozenset(w.lower() for w in _lines("verbs.txt"))


@functools.cache
def boilerplate_patterns(section: str | None = None) -> tuple[re.Pattern[str], ...]:
    """The boilerplate patterns, all or those of one section of the file (named by the first
    word of its ``# read more / related`` comment line: ``"read"``)."""
    return tuple(re.compile(p, re.IGNORECASE) for name, p in _boilerplate_lines() if section in (None, name))


@functools.cache
def _boilerplate_lines() -> tuple[tuple[str, str], ...]:
    raw = resources.files("dedup").joinpath("data", "boilerplate.txt").read_text(encoding="utf-8")
    found, current = [], ""
    for line in map(str.strip, raw.splitlines()):
        if line.startswith("#"):
            current = (line.lstrip("#").split() or [""])[0].lower()
        elif line:
            found.append((current, line))
    return tuple(found)


@functools.cache
def entity_variants() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(v.strip() for v in ln.split("|") if v.strip()) for ln in _lines("entity_variants.txt"))


@functools.cache
def number_words() -> dict[str, float]:
    table: dict[str, float] = {}
    for line in _lines("number_words.txt"):
        word, _, value = line.partition(" ")
        table[word.lower()] = float(value)
    return table


@functools.cache
def weekdays_months() -> dict[str, frozenset[str]]:
    return _sections("weekdays_months.txt")


@functools.cache
def calendar_words() -> frozenset[str]:
    """Every weekday and month name and abbreviation, in one set."""
    return frozenset().union(*weekdays_months().values())


@functools.cache
def story_end() -> re.Pattern[str]:
    """A whole line that ends a news item (``Reuter``, ``&#3;``, ``-30-``, ``ENDS``).

    >>> bool(story_end().fullmatch("REUTER")), bool(story_end().fullmatch("More to come"))
    (True, False)
    """
    return re.compile("|".join(f"(?:{p})" for p in _lines("story_ends.txt")), re.IGNORECASE)


@functools.cache
def _kicker() -> re.Pattern[str]:
    labels = sorted(_lines("kickers.txt"), key=len, reverse=True)
    return re.compile(r"(?:%s):[ \t]+(?=\S)" % "|".join(re.escape(k).replace("'", "['\u2019]") for k in labels),
                      re.IGNORECASE)


def kicker(text: str) -> int:
    """The length of the label that opens ``text`` before a headline (``Update: ``), or 0.

    >>> kicker("Update: Five soldiers were wounded"), kicker("He said: Tottenham are great")
    (8, 0)
    """
    m = _kicker().match(text)
    return m.end() if m else 0


def ends_a_story(text: str) -> bool:
    """Whether every line of ``text`` is a line that ends a news item."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return bool(lines) and all(story_end().fullmatch(line) for line in lines)


# Words by which a writer says that a line is said again on purpose ("the same answer I gave
# you"); SAID_AGAIN adds words that also tell of things done again ("to repeat", "once more"),
# for a repeat inside one paragraph, where they say enough.
_SAID_ON_PURPOSE = (r"(?:the )?same (?:answer|words)|as I (?:said|say|told you)|I repeat"
                    r"|(?:say|said|says|saying) (?:it |this |that )?again")
SAID_ON_PURPOSE = re.compile(rf"\b(?:{_SAID_ON_PURPOSE})\b", re.IGNORECASE)
SAID_AGAIN = re.compile(rf"\b(?:{_SAID_ON_PURPOSE}|(?:the )?same thing|to repeat|once more)\b", re.IGNORECASE)


@functools.cache
def demonyms() -> dict[str, frozenset[str]]:
    """Each place and word for its people (lowercase) -> the other words of its group:
    ``british`` -> {``britain``, ``briton``, ``britons``}."""
    raw = resources.files("dedup").joinpath("data", "demonyms.txt").read_text(encoding="utf-8")
    found: dict[str, frozenset[str]] = {}
    for line in map(str.strip, raw.splitlines()):
        if line and not line.startswith("#"):
            group = frozenset(line.split("|"))
            for word in group:
                found[word] = group - {word}
    return found
