"""Stage 3, verification: read the texts of candidate pairs again and keep the real copies.

An article pair is a near-verbatim copy when rapidfuzz's ratio of the two word sequences
(the words of the folded texts) reaches ``near_ratio``; a reworded copy when each text's
content stems, weighted by their rarity in the corpus (``log(1 + n / df)``, as in
:func:`dedup.similarity.idf_weights`), are mostly found in the other
(``reworded_coverage``, as :func:`dedup.similarity.weighted_coverage` measures it).
Either way :func:`dedup.entities.different_subject` must not find two stories built from
one template. It reads the openings of the two articles, where a story states its
subject: names and numbers there tell two briefs apart, and reading whole articles for
names costs a few milliseconds each. Last, a pair that passes is read whole for its
values (:mod:`dedup.batch.facts`): two articles that fill a slot with other figures or
dates, or put another first name before one surname, are two reports (the same notice on
another day, a sale of another tonnage, a figure corrected), never copies, since dropping
either would lose a fact. Two articles that would meet in a cluster only through a third
are read the same way, sentence by sentence (:func:`unchained`). A pair of paragraphs is
a shared passage when their ratio reaches ``passage_near_ratio``.
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from ..entities import different_subject
from ..io import InputError
from .candidates import MIN_SHINGLE_AGREEMENT
from .config import BatchConfig
from .corpus import DocRef, read_text
from .facts import ArticleFacts, differ
from .features import article_words
from .parallel import stage_state

PAIRS_PER_TASK = 256
_CAPITALISED = re.compile(r"\b[A-Z][^\W\d_]+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
LEAD_CHARS = 600  # the opening paragraphs read for names and numbers: at least this much text
_CACHE_ARTICLES = 64


@dataclass(frozen=True, slots=True, order=True)
class Link:
    """A verified pair of articles (``first < second``, rows of the signatures)."""

    first: int
    second: int
    kind: str  # "exact", "near" or "reworded"
    score: float  # word-sequence ratio / 100 for exact and near copies, content coverage for reworded ones


@dataclass(frozen=True, slots=True, order=True)
class PassageLink:
    """A verified pair of near-identical paragraphs (unit rows) in two articles."""

    first: int
    second: int
    score: float


@dataclass(slots=True)
class ArticleView:
    """What verification needs of an article read again."""

    text: str
    lead: str
    lead_names: frozenset[str]  # capitalised words of the lead (see capitalised_words)
    words: list[str]  # the words of the folded text, in order
    facts: ArticleFacts | None = None  # its values, read when first needed (see other_facts)


def lead(text: str, chars: int = LEAD_CHARS) -> str:
    """The opening paragraphs of ``text``, whole, until they hold at least ``chars`` characters.

    >>> lead("Title\\n\\nFirst para.\\n\\nSecond para.\\n", chars=10)
    'Title\\n\\nFirst para.'
    """
    for m in _PARAGRAPH_BREAK.finditer(text, chars // 2):
        if m.start() >= chars and text[: m.start()].strip():
            return text[: m.start()].rstrip()
    return text.rstrip()


def pair_tasks(pairs: np.ndarray, refs: list[DocRef], kind: str, spans: dict | None = None,
               hints: tuple[np.ndarray, np.ndarray] | None = None) -> list[tuple]:
    """Tasks of about ``PAIRS_PER_TASK`` pairs, each carrying the references it needs.

    ``kind`` is "articles" (pairs of article rows, with ``hints`` = (shingle agreement,
    content coverage) of each pair) or "passages" (pairs of unit rows, with
    ``spans[unit] = (article row, start, end)``). Pairs that share articles go to the same
    task where they can, so that each article is read once.
    """
    tasks = []
    if kind == "articles":
        agree, shared = hints if hints is not None else (np.zeros(len(pairs)), np.zeros(len(pairs)))
        items = [(a, b, round(float(g), 6), round(float(c), 6))
                 for (a, b), g, c in zip(pairs.tolist(), agree, shared)]
        ordered = _grouped(items, lambda d: d)
    else:
        ordered = _grouped([tuple(p) for p in pairs.tolist()], lambda u: spans[u][0])
    for start in range(0, len(ordered), PAIRS_PER_TASK):
        chunk = ordered[start : start + PAIRS_PER_TASK]
        if kind == "articles":
            needed = {d for pair in chunk for d in pair[:2]}
            tasks.append(("articles", chunk, {d: refs[d] for d in needed}))
        else:
            units = {u: spans[u] for pair in chunk for u in pair}
            tasks.append(("passages", chunk, units, {d: refs[d] for d, _, _ in units.values()}))
    return tasks


def _grouped(items: list[tuple], article_of) -> list[tuple]:
    """Pairs (items starting with two ids) ordered by the connected group of articles they belong to."""
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        parent.setdefault(i, i)
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for item in items:
        ra, rb = root(article_of(item[0])), root(article_of(item[1]))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return sorted(items, key=lambda p: (root(article_of(p[0])), p))


def verify_task(task: tuple) -> tuple[list, list[InputError]]:
    """Worker: the verified links of one task, and the articles that could not be read again."""
    config: BatchConfig = stage_state()["config"]
    refs: dict[int, DocRef] = task[-1]
    cache: OrderedDict[int, ArticleView | InputError] = OrderedDict()
    errors: list[InputError] = []

    def article(row: int) -> ArticleView | None:
        found = cache.get(row)
        if found is None:
            found = read_view(refs[row], config, full=task[0] == "articles")
            cache[row] = found
            if isinstance(found, InputError):
                errors.append(found)
            if len(cache) > _CACHE_ARTICLES:
                cache.popitem(last=False)
        return found if isinstance(found, ArticleView) else None

    if task[0] == "articles":
        links = []
        told: dict[int, ArticleFacts] = {}  # the values of linked articles, kept for unchained
        for first, second, agree, shared in task[1]:
            a, b = article(first), article(second)
            for row, view in ((first, a), (second, b)):
                if view and view.facts is None and row in told:
                    view.facts = told[row]  # read again after it left the cache
            verdict = judge(a, b, agree, shared, config) if a and b else None
            if verdict:
                links.append(Link(first, second, *verdict))
                told[first], told[second] = facts_of(a), facts_of(b)
        return unchained(links, told), errors
    _, pairs, units, _ = task
    passage_links = []
    for first, second in pairs:
        (doc_a, start_a, end_a), (doc_b, start_b, end_b) = units[first], units[second]
        a, b = article(doc_a), article(doc_b)
        if a and b:
            score = passage_score(a.text[start_a:end_a], b.text[start_b:end_b], config)
            if score:
                passage_links.append(PassageLink(first, second, score))
    return passage_links, errors


def unchained(links: list[Link], told: dict[int, ArticleFacts]) -> list[Link]:
    """The ``links`` that join no two articles with other values into one group, best first.

    A verified link says that its two articles hold the same facts. A brief that leaves
    out the day and the figures can pass as a copy of Monday's notice and of Tuesday's,
    and would chain the two; so a link is taken, in order of score, only when no article
    on one side tells one sentence with other values than an article on the other
    (:func:`dedup.batch.facts.differ` by sentence: two copies that each left out another
    sentence stay together). ``told`` holds the values of every linked article. A task
    holds every candidate pair of a group of articles (unless the group is too large for
    one task), so its groups are the clusters these links make.
    """
    groups: dict[int, list[int]] = {}
    verified = {(link.first, link.second) for link in links}
    taken = []
    for link in sorted(links, key=lambda l: (-l.score, l.first, l.second)):
        left, right = groups.get(link.first, [link.first]), groups.get(link.second, [link.second])
        if left is not right:
            if any(told[x].text != told[y].text and differ(told[x], told[y], by_sentence=True)
                   for x in left for y in right if (min(x, y), max(x, y)) not in verified):
                continue
            for row in (merged := left + right):
                groups[row] = merged
        taken.append(link)
    return sorted(taken)


def read_view(ref: DocRef, config: BatchConfig, full: bool = True) -> ArticleView | InputError:
    """An article read again; for passages (``full`` false) only its text is needed."""
    try:
        text = read_text(ref, config.fields, config.max_bytes)
    except InputError as exc:
        return exc
    if not full:
        return ArticleView(text, "", frozenset(), [])
    opening = lead(text)
    return ArticleView(text, opening, capitalised_words(opening), article_words(text))


def capitalised_words(text: str) -> frozenset[str]:
    """Capitalised words, lower-cased, without function words, weekdays and months.

    A cheap stand-in for the names of a passage, for comparing two casts.

    >>> sorted(capitalised_words("On Monday The Acme Board met Jane Doe in Harlow."))
    ['acme', 'board', 'doe', 'harlow', 'jane']
    """
    return frozenset(map(str.lower, _CAPITALISED.findall(text))).difference(_common_words())


@functools.cache
def _common_words() -> frozenset[str]:
    from .. import lexicon

    return lexicon.stopwords() | {w for words in lexicon.weekdays_months().values() for w in words}


def facts_of(view: ArticleView) -> ArticleFacts:
    """The values of an article, read when first asked for."""
    if view.facts is None:
        view.facts = ArticleFacts(view.text)
    return view.facts


def other_facts(a: ArticleView, b: ArticleView) -> bool:
    """Whether two articles tell other values of one kind of fact (:func:`dedup.batch.facts.differ`)."""
    return differ(facts_of(a), facts_of(b))


def same_cast(a: ArticleView, b: ArticleView) -> bool:
    """Whether two openings name mostly the same people, places and organisations.

    A rewording keeps its names; briefs built from one template swap them. Nothing to
    compare counts as agreement.
    """
    smaller = min(len(a.lead_names), len(b.lead_names))
    return not smaller or 2 * len(a.lead_names & b.lead_names) >= smaller


def judge(a: ArticleView, b: ArticleView, agreement: float, coverage: float,
          config: BatchConfig) -> tuple[str, float] | None:
    """``(kind, score)`` when two articles are copies of one story, else None.

    ``agreement`` (shingle MinHash) and ``coverage`` (weighted content stems, the smaller
    way) come from stage 2; the word-sequence ratio and the subject checks need the texts.
    """
    from rapidfuzz import fuzz

    if a.words == b.words:
        return "exact", 1.0
    if not same_cast(a, b):
        return None
    ratio = fuzz.ratio(a.words, b.words, score_cutoff=config.near_ratio) if agreement >= MIN_SHINGLE_AGREEMENT else 0
    if ratio:
        verdict = None if different_subject(a.lead, b.lead) else ("near", round(ratio / 100, 4))
    elif coverage < config.reworded_coverage or different_subject(a.lead, b.lead, reworded=True):
        verdict = None
    else:
        verdict = "reworded", round(coverage, 4)
    return None if verdict is None or other_facts(a, b) else verdict


def passage_score(a: str, b: str, config: BatchConfig) -> float | None:
    """Similarity of two paragraphs (0–1) when they are near-verbatim copies about the same subject."""
    from rapidfuzz import fuzz

    ratio = fuzz.ratio(article_words(a), article_words(b), score_cutoff=config.passage_near_ratio)
    if not ratio or different_subject(a, b):
        return None
    return round(ratio / 100, 4)
