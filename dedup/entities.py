"""Names and numbers in a passage: what tells a copy in conflict from a different story.

Two briefs built from one template share most of their words but not their subject
(another company, another amount, another date). A copy in conflict shares its
subject and differs in one or two details.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon

_WORD = re.compile(r"[^\W_]+(?:['\u2019.&-][^\W_]+)*\.?")
_NUMBER = re.compile(r"(?<![\w.])[$\u00a3\u20ac]?\d+(?:[.,:]\d+)*(?:\s?(?:%|per cent|percent))?")
_SENTENCE_BREAK = re.compile(r"[.!?\u2026][\"'\u201d\u2019)]*\s+|[\n\r]+|:\s+")


@dataclass(frozen=True, slots=True)
class Facts:
    names: tuple[str, ...]  # capitalised names in order of appearance
    numbers: tuple[str, ...]  # numbers, amounts, percentages, as normalised strings


def facts(text: str) -> Facts:
    """Names and numbers of ``text``.

    >>> facts("Acme Corp said on Monday that Jane Doe paid $4,200 for 3.5% of it.")
    Facts(names=('Acme Corp', 'Monday', 'Jane Doe'), numbers=('$4200', '3.5%'))
    """
    return Facts(tuple(dict.fromkeys(_names(text))), tuple(dict.fromkeys(_numbers(text))))


def _numbers(text: str) -> list[str]:
    out = []
    for m in _NUMBER.finditer(text):
        value = m.group().replace(",", "").replace(" ", "").replace("percent", "%").replace("per cent", "%")
        out.append(value.replace("percent", "%"))
    words = lexicon.number_words()
    for w in re.findall(r"[A-Za-z]+", text):
        if w.lower() in words and w.lower() not in ("half",):
            value = words[w.lower()]
            out.append(str(int(value)) if value == int(value) else str(value))
    return out


def _names(text: str) -> list[str]:
    """Runs of capitalised words. A single capitalised word that opens a sentence is usually
    just a capitalised common word ("Staff", "Councillors"), so it counts only as part of a
    longer run.

    >>> _names("Staff said Acme Tools would hire. Councillors agreed with Mayor Jo Park.")
    ['Acme Tools', 'Jo Park']
    """
    stop = lexicon.stopwords()
    titles = lexicon.titles()
    names: list[str] = []
    current: list[str] = []
    opened_sentence = False
    sentence_start = True
    position = 0

    def close() -> None:
        if current and not (opened_sentence and len(current) == 1):
            names.append(" ".join(current))
        current.clear()

    for m in _WORD.finditer(text):
        gap = text[position : m.start()]
        position = m.end()
        if current and (gap.strip() not in ("", "-") or _SENTENCE_BREAK.search(gap)):
            close()
        if _SENTENCE_BREAK.search(gap):
            sentence_start = True
        word = m.group().rstrip(".")
        lower = word.lower()
        if word[:1].isupper() and not word.isdigit() and lower not in stop and lower not in titles:
            if not current:
                opened_sentence = sentence_start
            current.append(word)
        else:
            close()
        sentence_start = m.group().endswith(".") and lower not in lexicon.abbreviations()
    close()
    return names


def _same_name(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    return a == b or a in b or b in a or fuzz.ratio(a.lower(), b.lower()) >= 80


def _missing(names: tuple[str, ...], other: tuple[str, ...]) -> list[str]:
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
    fa, fb = facts(a), facts(b)
    if fa.names and fb.names:
        first_a, first_b = fa.names[0], fb.names[0]
        if not any(_same_name(first_a, n) for n in fb.names) and not any(_same_name(first_b, n) for n in fa.names):
            return True
        # A reworded copy names things in its own way; only a near-verbatim one must share its names.
        only_a, only_b = _missing(fa.names, fb.names), _missing(fb.names, fa.names)
        shared = len(fa.names) - len(only_a)
        if not reworded and only_a and only_b and shared < max(len(only_a), len(only_b)):
            return True
    if reworded:
        return False  # a re-telling moves numbers between paragraphs; conflicts are judged per sentence
    # A copy in conflict differs in one value; two or more changed values mean another subject.
    numbers_a, numbers_b = set(fa.numbers), set(fb.numbers)
    return len(numbers_a - numbers_b) >= 2 and len(numbers_b - numbers_a) >= 2


def differences(a: str, b: str) -> tuple[list[str], list[str]]:
    """Names and numbers that one passage has and the other lacks.

    >>> differences("Officials said 42 people were hurt.", "Officials said 24 people were hurt.")
    (['42'], ['24'])
    """
    fa, fb = facts(a), facts(b)
    only_a = [n for n in fa.numbers if n not in fb.numbers] + _missing(fa.names, fb.names)
    only_b = [n for n in fb.numbers if n not in fa.numbers] + _missing(fb.names, fa.names)
    return only_a, only_b
