"""A seeded generator of realistic news articles, with some scraper defects injected.

Benchmarks need many articles that look like real input: a title, sometimes a byline,
headings and paragraphs of varied sentences, 3–6 KB each. A share of them carry the
defects ``dedup`` exists for:

- ``repeated-paragraph``: a paragraph appears again, word for word, further down;
- ``second-version``: a run of paragraphs is told again in other words at the end;
- ``glued-heading``: a Markdown heading is glued onto the end of the previous paragraph;
- ``truncated-sentence``: a sentence is cut off after a few words.

Each sentence is built from a :class:`Fact` that can be phrased two ways, so a second
version re-tells the same facts with other verbs and word order, as a rewriting
scraper source does. Article ``i`` of seed ``s`` depends only on ``(s, i)``: the first
ten articles of a batch of 300 are the ten articles of a batch of ten.

>>> a = generate_articles(3, seed=7)
>>> a == generate_articles(3, seed=7) and a[:2] == generate_articles(2, seed=7)
True
>>> all(2500 <= len(text.encode()) <= 8000 for text in a)
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

DEFECTS = ("repeated-paragraph", "second-version", "glued-heading", "truncated-sentence")

_FIRST = "Ada Bram Clara Dev Elin Farid Greta Hugo Ines Jonas Kemi Lars Maya Nils Omar Priya Rosa Sam Tariq Una Vera Wen Yusuf Zofia".split()
_LAST = ("Okafor Lindqvist Moreau Haddad Brandt Sato Varga Reyes Nwachukwu Hale Oyelaran Kowalski Fischer Novak "
         "Dalton Ferreira Ahmadi Castell Whitby Marsh Quinn Adeyemi Holm Iverson").split()
_TOWNS = "Arnby Pelton Harlow Westmere Brixley Calloway Hollisford Quayside Marren Dunlow Astley Kerrow Fenwick Tolland".split()
_ROLES = ("the mayor", "a councillor", "the chief executive", "a spokeswoman", "a spokesman", "the project manager",
          "the head teacher", "a senior engineer", "the union president", "the finance director", "a local resident",
          "the regional director")
_ORGS = ("the town council", "the county board", "the water authority", "the transport office", "the hospital trust",
         "the chamber of commerce", "the school board", "the port authority", "the energy regulator", "the housing trust",
         "the environment agency", "the parks department")
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MONTHS = "January February March April May June July August September October November December".split()

_OBJECTS = {
    "civic": ("a plan to rebuild the {town} bridge", "the budget for the new library", "a ban on parking near the market",
              "plans for two hundred new homes", "a review of street lighting", "the closure of the {town} pool",
              "a proposal to merge two bus routes", "the sale of the old fire station"),
    "health": ("a new clinic in {town}", "longer opening hours at the walk-in centre", "a trial of a migraine drug",
               "the waiting list for knee operations", "a flu vaccination drive", "funding for mental health nurses",
               "a shortage of night-shift staff", "the move to digital prescriptions"),
    "business": ("third-quarter results", "a contract for automated cranes", "a takeover offer from a rival",
                 "the closure of its {town} plant", "a pay deal for warehouse staff", "a new distribution centre",
                 "price increases for its customers", "a loan to expand the factory"),
    "environment": ("a survey of river sediment", "new flood barriers along the river", "a scheme to plant ten thousand trees",
                    "limits on water abstraction", "a report on air quality in {town}", "the clean-up of the old quarry",
                    "a network of river sensors", "a ban on garden bonfires"),
    "sport": ("the new stadium in {town}", "a training ground for the youth team", "the signing of a striker",
              "ticket prices for next season", "a marathon route through {town}", "repairs to the sports hall",
              "a regatta on the reservoir", "the hockey league fixtures"),
}
# Each verb: plain past, a synonym for the second telling, and the past participle for the passive.
_VERBS = (
    ("approved", "signed off on", "approved"), ("announced", "unveiled", "announced"),
    ("rejected", "turned down", "rejected"), ("delayed", "postponed", "delayed"),
    ("criticised", "attacked", "criticised"), ("reviewed", "looked again at", "reviewed"),
    ("backed", "threw its weight behind", "backed"), ("questioned", "raised doubts about", "questioned"),
    ("published", "released", "published"), ("paid for", "funded", "paid for"),
    ("expanded", "widened", "expanded"), ("defended", "stood by", "defended"),
)
_ADJUNCTS = (
    ("on {weekday}", "on {weekday}"), ("after a {hours}-hour meeting", "following {hours} hours of debate"),
    ("at a cost of {money} million", "for {money} million"), ("despite objections from {count} residents", "although {count} residents objected"),
    ("for the second time this year", "once again this year"), ("in {month}", "in {month}"),
    ("before the election in {month}", "ahead of the {month} election"), ("with {percent} per cent of the vote", "by a margin of {percent} per cent"),
)
_BACKGROUND = (
    ("The {place} opened in {year} and employs about {count} people.", "About {count} people work at the {place}, which dates from {year}."),
    ("Last year it handled {count} cases, up {percent} per cent on the year before.", "Cases rose {percent} per cent last year, to {count}."),
    ("Similar plans in {town2} were dropped in {year} after a legal challenge.", "In {year}, a legal challenge ended similar plans in {town2}."),
    ("The work is expected to take {hours} months and to finish by {month}.", "It should be finished by {month}, after {hours} months of work."),
    ("Residents of {town2} have complained about noise since {year}.", "Since {year}, people in {town2} have complained about the noise."),
    ("Turnout at the public meeting was the highest since {year}.", "The public meeting drew its biggest crowd since {year}."),
    ("An independent audit in {year} found {count} faults.", "{count} faults were found by an independent audit in {year}."),
    ("Insurers estimate the damage at {money} million.", "The damage could cost insurers {money} million, they estimate."),
    ("A petition against the plan gathered {count} signatures in {hours} days.", "In {hours} days, {count} people signed a petition against the plan."),
    ("Opening hours were cut by {percent} per cent in {year}.", "In {year}, opening hours fell by {percent} per cent."),
)
_QUOTES = (
    ("We have listened to every concern and the plan is better for it", "every concern had been heard and had improved the plan"),
    ("This is not the end of the matter", "the matter was far from over"),
    ("Nobody wants to see costs rise again", "no one wanted another rise in costs"),
    ("The figures speak for themselves", "the numbers made the case on their own"),
    ("We will keep the public informed at every stage", "people would be kept informed throughout"),
    ("It has taken far too long to get here", "the process had dragged on for far too long"),
    ("Families in {town} deserve better than this", "families in {town} deserved better"),
    ("We were never asked what we thought", "nobody had asked for their views"),
    ("The money has to come from somewhere", "the funds had to be found somewhere"),
    ("I have lived here for {hours} years and never seen anything like it", "in {hours} years of living there, nothing had compared"),
    ("Our staff have worked around the clock", "staff had been working day and night"),
    ("There is still time to change course", "it was not too late to change direction"),
)
_HEADINGS = ("What Happens Next", "Reaction in {town}", "Costs and Timeline", "Background", "Why It Matters",
             "Opposition Grows", "The Numbers", "A Long Dispute", "Voices From {town}", "Looking Ahead")


@dataclass(frozen=True, slots=True)
class Fact:
    """What one sentence says, independent of how it is phrased."""

    kind: str  # "action", "background" or "quote"
    slots: dict


@dataclass(frozen=True, slots=True)
class GeneratedArticle:
    text: str
    defects: tuple[str, ...]  # the defects injected, in DEFECTS order


def generate_articles(n: int, seed: int = 0, defect_share: float = 0.5) -> list[str]:
    """``n`` article texts; about ``defect_share`` of them carry one or two defects."""
    return [a.text for a in generate_labelled(n, seed, defect_share)]


def generate_labelled(n: int, seed: int = 0, defect_share: float = 0.5) -> list[GeneratedArticle]:
    """Like :func:`generate_articles`, with the defects each article carries."""
    return [_article(random.Random(f"{seed}:{i}"), defect_share) for i in range(n)]


def article_of_words(words: int, seed: int = 0) -> str:
    """A clean article of at least ``words`` words (for timing one typical file).

    >>> len(article_of_words(1000).split()) >= 1000
    True
    """
    rng = random.Random(f"{seed}:words:{words}")
    cast = _cast(rng)
    blocks = _title_blocks(rng, cast)
    while sum(len(b.text.split()) for b in blocks) < words:
        blocks.append(_paragraph(rng, cast))
    return _join(blocks)


# --- building a clean article ------------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    kind: str  # "title", "byline", "heading" or "paragraph"
    text: str
    facts: tuple[Fact, ...] = ()


class _Deck:
    """Draws items in a shuffled order and reshuffles when empty, so an article repeats
    a quote or background line only after using all of them (real repeats are the defects)."""

    def __init__(self, rng: random.Random, items) -> None:
        self._rng, self._items, self._left = rng, list(items), []

    def draw(self):
        if not self._left:
            self._left = self._items[:]
            self._rng.shuffle(self._left)
        return self._left.pop()


@dataclass(frozen=True, slots=True)
class _Cast:
    """The people, places and topic one article keeps coming back to."""

    topic: str
    town: str
    town2: str
    people: tuple[tuple[str, str], ...]  # (name, role)
    orgs: tuple[str, ...]
    markdown: bool  # headings written as ``## Heading``
    decks: dict  # name -> _Deck of objects, adjuncts, backgrounds, quotes, headings

    def draw(self, deck: str):
        return self.decks[deck].draw()


def _cast(rng: random.Random) -> _Cast:
    town, town2 = rng.sample(_TOWNS, 2)
    names = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(4)]
    people = tuple(zip(names, rng.sample(_ROLES, 4)))
    topic = rng.choice(sorted(_OBJECTS))
    decks = {name: _Deck(rng, items) for name, items in (
        ("object", _OBJECTS[topic]), ("verb", _VERBS), ("adjunct", _ADJUNCTS), ("background", _BACKGROUND),
        ("quote", _QUOTES), ("heading", _HEADINGS),
    )}
    return _Cast(topic, town, town2, people, tuple(rng.sample(_ORGS, 3)), rng.random() < 0.6, decks)


def _article(rng: random.Random, defect_share: float) -> GeneratedArticle:
    cast = _cast(rng)
    defects: list[str] = []
    if rng.random() < defect_share:
        defects = rng.sample(DEFECTS, rng.choice((1, 1, 2)))
    # A second version adds about half again, so its first telling is kept shorter.
    target = rng.randint(2200, 3600) if "second-version" in defects else rng.randint(3000, 5600)
    blocks = _title_blocks(rng, cast)
    since_heading = 0
    while len(_join(blocks).encode()) < target:
        if since_heading >= rng.randint(2, 3):
            blocks.append(_Block("heading", _heading(rng, cast)))
            since_heading = 0
        blocks.append(_paragraph(rng, cast))
        since_heading += 1
    text = _inject(rng, cast, blocks, defects)
    return GeneratedArticle(text, tuple(d for d in DEFECTS if d in defects))


def _title_blocks(rng: random.Random, cast: _Cast) -> list[_Block]:
    obj = _fill(rng, cast, cast.draw("object"))
    title = f"{cast.orgs[0]} {cast.draw('verb')[0]} {obj}"
    blocks = [_Block("title", _title_case(title))]
    if rng.random() < 0.4:
        blocks.append(_Block("byline", f"By {rng.choice(_FIRST)} {rng.choice(_LAST)}"))
    blocks.append(_paragraph(rng, cast))
    return blocks


def _heading(rng: random.Random, cast: _Cast) -> str:
    words = _fill(rng, cast, cast.draw("heading"))
    return f"## {words}" if cast.markdown else words


def _paragraph(rng: random.Random, cast: _Cast) -> _Block:
    facts = tuple(_fact(rng, cast) for _ in range(rng.randint(2, 5)))
    return _Block("paragraph", " ".join(_say(f, second=False) for f in facts), facts)


def _fact(rng: random.Random, cast: _Cast) -> Fact:
    roll = rng.random()
    person, role = rng.choice(cast.people)
    if roll < 0.55:
        obj = _fill(rng, cast, cast.draw("object"))
        source = rng.choice(("", f"{person} said", f"according to {rng.choice(cast.orgs)}", "officials said"))
        return Fact("action", {"actor": rng.choice(cast.orgs), "verb": cast.draw("verb"), "object": obj,
                               "adjunct": _fill_pair(rng, cast, cast.draw("adjunct")), "source": source})
    if roll < 0.8:
        place = rng.choice(("depot", "clinic", "plant", "library", "terminal", "stadium", "treatment works"))
        return Fact("background", {"pair": _fill_pair(rng, cast, cast.draw("background"), place=place)})
    return Fact("quote", {"quote": _fill_pair(rng, cast, cast.draw("quote")), "person": person, "role": role,
                          "org": rng.choice(cast.orgs)})


def _say(fact: Fact, second: bool) -> str:
    """The sentence for ``fact``: the first telling, or the reworded second one."""
    s = fact.slots
    if fact.kind == "background":
        return s["pair"][1 if second else 0]
    if fact.kind == "quote":
        if second:
            return f"{s['person']}, {s['role']} at {s['org']}, said {s['quote'][1]}."
        return f"\u201c{s['quote'][0]},\u201d said {s['person']}, {s['role']} at {s['org']}."
    plain, synonym, participle = s["verb"]
    first_adjunct, second_adjunct = s["adjunct"]
    if not second:
        source = f", {s['source']}" if s["source"] else ""
        return _capital(f"{s['actor']} {plain} {s['object']} {first_adjunct}{source}.")
    if s["source"].endswith("said"):
        be = "were" if _is_plural(s["object"]) else "was"
        return _capital(f"{s['object']} {be} {participle} by {s['actor']} {second_adjunct}, {s['source']}.")
    return _capital(f"{second_adjunct}, {s['actor']} {synonym} {s['object']}.")


def _fill(rng: random.Random, cast: _Cast, template: str, place: str = "") -> str:
    return _fill_pair(rng, cast, (template,), place)[0]


def _fill_pair(rng: random.Random, cast: _Cast, templates: tuple[str, ...], place: str = "") -> tuple[str, ...]:
    """Fill both phrasings of one fact with the same names and numbers."""
    values = {
        "town": cast.town, "town2": cast.town2, "place": place,
        "weekday": rng.choice(_WEEKDAYS), "month": rng.choice(_MONTHS),
        "hours": rng.randint(2, 14), "count": f"{rng.randint(12, 4800):,}", "percent": rng.randint(3, 64),
        "money": f"${rng.randint(2, 90)}.{rng.randint(1, 9)}", "year": rng.randint(1962, 2021),
    }
    return tuple(t.format(**values) for t in templates)


def _is_plural(noun_phrase: str) -> bool:
    """Whether the head noun (the word before the first preposition) is plural.

    >>> _is_plural("ticket prices for next season"), _is_plural("a plan to rebuild the bridge")
    (True, False)
    """
    words = noun_phrase.split()
    cut = next((i for i, w in enumerate(words) if w in _PREPOSITIONS), len(words))
    head = words[max(0, cut - 1)]
    return head.endswith("s") and not head.endswith("ss")


_PREPOSITIONS = {"to", "of", "on", "for", "in", "near", "along", "from", "through"}


# --- defects -----------------------------------------------------------------------------------


def _inject(rng: random.Random, cast: _Cast, blocks: list[_Block], defects: list[str]) -> str:
    if "second-version" in defects:
        _add_second_version(rng, cast, blocks)
    if "repeated-paragraph" in defects:
        _repeat_paragraph(rng, blocks)
    if "truncated-sentence" in defects:
        _truncate_sentence(rng, blocks)
    if "glued-heading" in defects:
        return _glue_heading(rng, cast, blocks)
    return _join(blocks)


def _paragraph_indexes(blocks: list[_Block]) -> list[int]:
    return [i for i, b in enumerate(blocks) if b.kind == "paragraph"]


def _add_second_version(rng: random.Random, cast: _Cast, blocks: list[_Block]) -> None:
    """Re-tell three or four paragraphs at the end: other verbs and word order, one sentence dropped."""
    paragraphs = [blocks[i] for i in _paragraph_indexes(blocks)]
    size = min(len(paragraphs), rng.randint(3, 4))
    start = rng.randint(0, len(paragraphs) - size)
    blocks.append(_Block("heading", "## " + _title_case(f"{cast.town} {rng.choice(_VERBS)[1]} " + _fill(
        rng, cast, rng.choice(_OBJECTS[cast.topic])))))
    for p in paragraphs[start : start + size]:
        facts = list(p.facts)
        if len(facts) >= 3:
            facts.pop(rng.randrange(len(facts)))
        rng.shuffle(facts)
        blocks.append(_Block("paragraph", " ".join(_say(f, second=True) for f in facts), tuple(facts)))


def _repeat_paragraph(rng: random.Random, blocks: list[_Block]) -> None:
    indexes = _paragraph_indexes(blocks)
    source = rng.choice(indexes[:-1] or indexes)
    later = [i for i in indexes if i > source + 1] or [len(blocks) - 1]
    blocks.insert(rng.choice(later) + 1, blocks[source])


def _truncate_sentence(rng: random.Random, blocks: list[_Block]) -> None:
    """Cut the last sentence of a paragraph after a few words, as a scraper that lost the rest does."""
    index = rng.choice(_paragraph_indexes(blocks))
    block = blocks[index]
    head, _, last = block.text.rpartition(". ")
    words = last.split()
    kept = " ".join(words[: max(3, len(words) * rng.randint(35, 65) // 100)]).rstrip(",;")
    ending = "" if index == len(blocks) - 1 and rng.random() < 0.5 else "."
    text = f"{head}. {kept}{ending}" if head else kept + ending
    blocks[index] = _Block(block.kind, text, block.facts)


def _glue_heading(rng: random.Random, cast: _Cast, blocks: list[_Block]) -> str:
    """Join the blocks, with one heading glued onto the paragraph before it."""
    spots = [i for i in range(1, len(blocks)) if blocks[i].kind == "heading" and blocks[i - 1].kind == "paragraph"]
    if not spots:
        spots = [len(blocks)]
        blocks.append(_Block("heading", _heading(rng, cast)))
        blocks.append(_paragraph(rng, cast))
    at = rng.choice(spots)
    heading = blocks[at].text if blocks[at].text.startswith("#") else "## " + blocks[at].text
    glued = _Block("paragraph", blocks[at - 1].text + heading)
    return _join(blocks[: at - 1] + [glued] + blocks[at + 1 :])


# --- text helpers ------------------------------------------------------------------------------


def _join(blocks: list[_Block]) -> str:
    return "\n\n".join(b.text for b in blocks) + "\n"


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _title_case(text: str) -> str:
    small = {"a", "an", "the", "of", "on", "in", "for", "to", "and", "at", "by", "near"}
    words = text.split()
    return " ".join(w if (w in small and i) else w[:1].upper() + w[1:] for i, w in enumerate(words))


# --- long and repetitive articles (hardening benchmarks) ---------------------------------------

_FUNCTION_WORDS = ("the", "of", "and", "to", "in", "a", "for", "on", "with", "was", "that", "by", "from", "at")
_SYLLABLES = ("ka", "lo", "ri", "ten", "mar", "vo", "sel", "din", "po", "gra", "nu", "bel", "tor", "he", "quin")


def distinct_paragraphs(size_bytes: int, seed: int = 0) -> str:
    """An article of about ``size_bytes`` whose paragraphs are all different.

    Sentences mix English function words with made-up content words drawn from a large
    vocabulary (a few very common, most rare, as in prose), so no two paragraphs repeat.

    >>> text = distinct_paragraphs(20_000, 1)
    >>> 19_000 < len(text) < 21_000 and len(set(text.split("\\n\\n"))) == text.count("\\n\\n") + 1
    True
    """
    rng = random.Random(f"{seed}:distinct:{size_bytes}")
    vocabulary = sorted({"".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))) for _ in range(40_000)})
    rng.shuffle(vocabulary)
    ranks = list(accumulate(1 / (rank + 10) for rank in range(len(vocabulary))))  # Zipf-like
    paragraphs: list[str] = []
    size = 0
    while size < size_bytes:
        sentences = []
        for _ in range(rng.randint(2, 5)):
            length = rng.randint(8, 18)
            content = iter(rng.choices(vocabulary, cum_weights=ranks, k=length))
            words = [rng.choice(_FUNCTION_WORDS) if rng.random() < 0.4 else next(content) for _ in range(length)]
            sentences.append(_capital(" ".join(words)) + ".")
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs) + "\n"


def identical_paragraphs(count: int) -> str:
    """One paragraph said ``count`` times over."""
    return "\n\n".join(["The council voted to repair the sea wall before winter."] * count) + "\n"
