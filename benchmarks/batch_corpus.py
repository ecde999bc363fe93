"""A synthetic corpus of news-like articles with injected copies, for the batch benchmark.

Articles are made from sentence templates over a made-up vocabulary (pseudo-words with a
Zipf-like frequency, real English verbs and function words, names, places, numbers);
each article has its own topic words and cast, as real stories do. Injected on top:

- verbatim copies;
- near-verbatim copies: typos and a dropped clause or sentence;
- reworded copies: synonyms, clause and sentence reordering, merged sentences,
  changed function words, from a generator that keeps names, places and numbers;
- shared passages: one paragraph of an article pasted into an unrelated one;
- templated briefs: articles built from one skeleton about other subjects (not copies);
- related stories: two articles with the same cast and topic, told in other sentences (not copies);
- boilerplate lines appended to many articles.

Everything comes from one seeded ``random.Random``, so a seed gives the same corpus.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from pathlib import Path

_ONSETS = ["b", "br", "c", "ch", "cl", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pl",
           "pr", "r", "s", "sh", "sl", "st", "t", "tr", "v", "w", "z"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io"]
_CODAS = ["", "", "n", "r", "l", "s", "t", "m", "nd", "st", "rk", "ng"]
_FUNCTION = {
    "prep": ["in", "at", "near", "across", "around", "outside", "beyond", "within"],
    "det": ["the", "a", "this", "that", "one"],
    "conj": ["and", "but", "while", "although", "because", "after", "before"],
}
_SAID = ["said", "told reporters", "said in a statement", "confirmed", "added"]
_SAID_SWAPS = {"said": "stated", "told reporters": "said", "said in a statement": "announced",
               "confirmed": "said", "added": "noted"}
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# Sentence skeletons: N noun, A adjective, V verb (past), P person, L place, O organisation,
# X number, D weekday, R preposition, S the "said" phrase, T topic noun.
_TEMPLATES = [
    "P S the A T would V the N R L by D.",
    "The A N of L V X N last year, according to O.",
    "O V the T after P V a A N R L.",
    "In L, the N V X A N, and P S it had V the T.",
    "P, who V the A N for X years, S the T was A.",
    "The T V on D when O V the A N of L.",
    "Officials R L V the N, but P S the A T could V again.",
    "O S X N were V R the A T, a figure P V.",
    "The A T V P and O to V the N before D.",
    "According to P, the N R L V A after the T V.",
    "X A N V the T R L on D, O S.",
    "P V that the A N, not the T, had V the N of L.",
]


def _pseudo_word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables)) + rng.choice(_CODAS)


@dataclass
class Vocabulary:
    nouns: list[str]
    adjectives: list[str]
    verbs: list[str]
    names: list[str]
    places: list[str]
    orgs: list[str]
    synonyms: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, rng: random.Random, verbs: list[str], size: int = 24000) -> "Vocabulary":
        from dedup import lexicon

        english = lexicon.stopwords() | set(verbs)
        words: set[str] = set()
        while len(words) < size:
            word = _pseudo_word(rng, rng.choice((1, 2, 2, 3)))
            if len(word) >= 4 and word not in english:  # made-up words must not collide with real ones
                words.add(word)
        pool = sorted(words)
        rng.shuffle(pool)
        nouns, adjectives = pool[: size * 3 // 4], pool[size * 3 // 4 :]
        caps = sorted({_pseudo_word(rng, 2).capitalize() for _ in range(6000)})
        rng.shuffle(caps)
        names = [f"{caps[i]} {caps[i + 1]}" for i in range(0, 3000, 2)]
        places = [c + rng.choice(["", "ton", "ford", " Bay", " Falls"]) for c in caps[3000:4500]]
        orgs = [f"the {c} {rng.choice(['Council', 'Trust', 'Group', 'Board', 'Authority'])}" for c in caps[4500:]]
        vocab = cls(nouns, adjectives, sorted(verbs), names, places, orgs)
        for group in (nouns, adjectives, vocab.verbs):
            shuffled = list(group)
            rng.shuffle(shuffled)
            for a, b in zip(shuffled[::2], shuffled[1::2]):
                vocab.synonyms[a], vocab.synonyms[b] = b, a
        return vocab


def _zipf(rng: random.Random, items: list[str]) -> str:
    # rank ~ exp(uniform) gives a heavy head and a long tail without building weights
    rank = int(len(items) ** rng.random()) - 1
    return items[min(rank, len(items) - 1)]


@dataclass
class Cast:
    """The topic of one article: the people, places, organisations and words it keeps using."""

    people: list[str]
    places: list[str]
    orgs: list[str]
    topics: list[str]
    numbers: list[str]


def new_cast(rng: random.Random, vocab: Vocabulary) -> Cast:
    return Cast(
        people=rng.sample(vocab.names, 3), places=rng.sample(vocab.places, 2), orgs=rng.sample(vocab.orgs, 2),
        topics=[_zipf(rng, vocab.nouns) for _ in range(6)] + rng.sample(vocab.nouns, 6),
        numbers=[str(rng.randint(2, 900)) for _ in range(4)] + [f"{rng.randint(1, 99)}.{rng.randint(1, 9)}"],
    )


def _sentence(rng: random.Random, vocab: Vocabulary, cast: Cast) -> str:
    out = []
    for token in rng.choice(_TEMPLATES).split():
        core, tail = token.rstrip(".,"), token[len(token.rstrip(".,")) :]
        filler = {
            "N": lambda: rng.choice(cast.topics) if rng.random() < 0.3 else _zipf(rng, vocab.nouns),
            "A": lambda: _zipf(rng, vocab.adjectives),
            "V": lambda: _zipf(rng, vocab.verbs),
            "P": lambda: rng.choice(cast.people),
            "L": lambda: rng.choice(cast.places),
            "O": lambda: rng.choice(cast.orgs),
            "X": lambda: rng.choice(cast.numbers),
            "D": lambda: rng.choice(_WEEKDAYS),
            "R": lambda: rng.choice(_FUNCTION["prep"]),
            "S": lambda: rng.choice(_SAID),
            "T": lambda: rng.choice(cast.topics),
        }.get(core)
        out.append((filler() if filler else core) + tail)
    text = " ".join(out)
    return text[0].upper() + text[1:]


def article(rng: random.Random, vocab: Vocabulary, target_chars: int = 5000,
            cast: Cast | None = None) -> tuple[str, list[list[str]]]:
    """A title and paragraphs of sentences, about ``target_chars`` long."""
    cast = cast or new_cast(rng, vocab)
    title = _sentence(rng, vocab, cast).rstrip(".")
    paragraphs: list[list[str]] = []
    size = len(title)
    while size < target_chars:
        paragraph = [_sentence(rng, vocab, cast) for _ in range(rng.randint(2, 5))]
        paragraphs.append(paragraph)
        size += sum(len(s) + 1 for s in paragraph) + 2
    return title, paragraphs


def render(title: str, paragraphs: list[list[str]]) -> str:
    return "# " + title + "\n\n" + "\n\n".join(" ".join(p) for p in paragraphs) + "\n"


# --- copies ---------------------------------------------------------------------------------------


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i + 1 :]


def near_copy(rng: random.Random, title: str, paragraphs: list[list[str]]) -> str:
    """Typos in about 2% of words, and one or two clauses or sentences dropped."""
    paragraphs = [list(p) for p in paragraphs]
    for _ in range(rng.randint(1, 2)):
        p = rng.choice(paragraphs)
        s = rng.randrange(len(p))
        if ", " in p[s] and rng.random() < 0.6:
            p[s] = p[s].split(", ")[0].rstrip(".") + "."
        elif len(p) > 1:
            del p[s]
    text = render(title, paragraphs)
    words = text.split(" ")
    return " ".join(_typo(rng, w) if rng.random() < 0.02 else w for w in words)


def _swap_words(rng: random.Random, sentence: str, vocab: Vocabulary, rate: float) -> str:
    out = []
    for token in sentence.split(" "):
        core = token.rstrip(".,")
        if core in vocab.synonyms and rng.random() < rate:
            token = vocab.synonyms[core] + token[len(core) :]
        out.append(token)
    return " ".join(out)


_FILLERS = ["also", "now", "still", "then", "just", "already"]


def _insert_filler(rng: random.Random, sentence: str) -> str:
    """Small words that change the word sequence but not the content."""
    words = sentence.split(" ")
    for _ in range(rng.randint(0, 2)):
        words.insert(rng.randrange(1, len(words)), rng.choice(_FILLERS))
    return " ".join(words)


def _reorder_clauses(rng: random.Random, sentence: str) -> str:
    if ", " not in sentence or rng.random() < 0.5:
        return sentence
    head, tail = sentence.rstrip(".").split(", ", 1)
    first, _, rest = head.partition(" ")
    if first in ("The", "A", "In", "According", "Officials", "This", "That"):
        head = first.lower() + " " + rest
    return tail[0].upper() + tail[1:] + ", " + head + "."


def reworded_copy(rng: random.Random, vocab: Vocabulary, title: str, paragraphs: list[list[str]]) -> str:
    """The same facts in other words: synonyms, reordered clauses and sentences, merged sentences."""
    new_paragraphs = []
    for paragraph in paragraphs:
        sentences = []
        for s in paragraph:
            for old, new in _SAID_SWAPS.items():
                if f" {old}" in s and rng.random() < 0.7:
                    s = s.replace(f" {old}", f" {new}", 1)
                    break
            s = _swap_words(rng, s, vocab, 0.3)
            s = s.replace(" the ", rng.choice([" the ", " this ", " that "]), 1)
            s = _insert_filler(rng, s)
            sentences.append(_reorder_clauses(rng, s))
        if len(sentences) > 2 and rng.random() < 0.5:
            i = rng.randrange(len(sentences) - 1)
            merged = sentences[i].rstrip(".") + ", and " + sentences[i + 1][0].lower() + sentences[i + 1][1:]
            sentences[i : i + 2] = [merged]
        if rng.random() < 0.4:
            rng.shuffle(sentences)
        new_paragraphs.append(sentences)
    if len(new_paragraphs) > 3 and rng.random() < 0.5:
        i = rng.randrange(1, len(new_paragraphs) - 1)
        new_paragraphs[i], new_paragraphs[i + 1] = new_paragraphs[i + 1], new_paragraphs[i]
    return render(_swap_words(rng, title, vocab, 0.5), new_paragraphs)


def edited_copy(rng: random.Random, vocab: Vocabulary, text: str) -> str:
    """A copy edited word by word: 1-5% of the words deleted, about 1% swapped with the next
    one and about 1% replaced by a synonym (the kind of copy whose word 5-gram Jaccard with
    the original falls between 0.5 and 0.8)."""
    deleting = rng.uniform(0.01, 0.05)
    lines = []
    for line in text.split("\n"):
        words = [w for w in line.split(" ") if not (w and rng.random() < deleting)]
        for i in range(len(words) - 1):
            if rng.random() < 0.01:
                words[i], words[i + 1] = words[i + 1], words[i]
        lines.append(" ".join(_swap_words(rng, w, vocab, 0.5) if rng.random() < 0.02 else w for w in words))
    return "\n".join(lines)


def templated_sibling(rng: random.Random, vocab: Vocabulary, cast: Cast, text: str) -> str:
    """The same skeleton about another subject: other people, places, organisations and numbers."""
    other = new_cast(rng, vocab)
    for old_list, new_list in ((cast.people, other.people), (cast.places, other.places),
                               (cast.orgs, other.orgs), (cast.numbers, other.numbers)):
        for old, new in zip(old_list, new_list):
            text = text.replace(old.removeprefix("the "), new.removeprefix("the "))
    return text


BOILERPLATE = [
    "Subscribe to our newsletter for the latest local news and offers.",
    "This article was produced with support from the Regional News Fund.",
    "Follow us on social media for live updates from the newsroom.",
    "Have a story tip? Email the newsroom at any time of day.",
    "Copyright the Daily Wire Service. All rights reserved worldwide.",
    "Read our full coverage of the election on the politics page.",
]


@dataclass
class Truth:
    """What was injected: the family of each document (copies share one) and how each was made."""

    family: dict[str, int] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)  # "original", "verbatim", "near", "reworded", "templated", "related"
    shared: list[tuple[str, str]] = field(default_factory=list)  # (from, into)


def _verbs() -> list[str]:
    from dedup import lexicon  # noqa: F401 - the package data location

    path = Path(lexicon.__file__).parent / "data" / "verbs.txt"
    words = [w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip() and not w.startswith("#")]
    return [w for w in words if w.endswith("ed")] or words


def generate(folder: Path, count: int, seed: int = 7, target_chars: int = 5000, edited: float = 0.0,
             copies: bool = True) -> Truth:
    """Write ``count`` documents below ``folder``; return the ground truth.

    ``edited`` is the share of original stories that also get an :func:`edited_copy`; without
    ``copies`` no story gets a copy (templated briefs, related stories, shared passages and
    boilerplate stay).
    """
    rng = random.Random(seed)
    vocab = Vocabulary.build(rng, _verbs())
    truth = Truth()
    docs: list[tuple[str, int, str]] = []  # (text, family, how)
    originals: list[tuple[str, list[list[str]]]] = []
    family = 0
    while len(docs) < count:
        roll = rng.random()
        if roll < 0.06 and docs:
            # a follow-up: another story with the same people, places and topic (not a copy)
            cast = new_cast(rng, vocab)
            for _ in range(2):
                family += 1
                title, paragraphs = article(rng, vocab, target_chars, cast)
                docs.append((render(title, paragraphs), family, "related"))
            continue
        if roll < 0.10:
            # templated briefs: several articles from one skeleton, each its own family
            cast = new_cast(rng, vocab)
            title, paragraphs = article(rng, vocab, target_chars // 2, cast)
            base = render(title, paragraphs)
            for _ in range(rng.randint(3, 5)):
                family += 1
                docs.append((templated_sibling(rng, vocab, cast, base), family, "templated"))
            continue
        family += 1
        title, paragraphs = article(rng, vocab, target_chars)
        text = render(title, paragraphs)
        originals.append((title, paragraphs))
        docs.append((text, family, "original"))
        if roll < 0.28 and copies:
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                kind = rng.choice(("verbatim", "near", "near", "reworded", "reworded"))
                copy = {"verbatim": lambda: text, "near": lambda: near_copy(rng, title, paragraphs),
                        "reworded": lambda: reworded_copy(rng, vocab, title, paragraphs)}[kind]()
                docs.append((copy, family, kind))
        if edited and copies and rng.random() < edited:
            docs.append((edited_copy(rng, vocab, text), family, "edited"))
    docs = docs[:count]
    order = list(range(len(docs)))
    rng.shuffle(order)
    names = [f"{i // 1000:03d}/doc-{rng.getrandbits(40):010x}.txt" for i in range(len(docs))]
    texts = {}
    for slot, index in enumerate(order):
        text, fam, how = docs[index]
        texts[names[slot]] = text
        truth.family[names[slot]] = fam
        truth.how[names[slot]] = how
    _inject_shared(rng, texts, truth)
    _inject_boilerplate(rng, texts)
    for name, text in texts.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return truth


def _inject_shared(rng: random.Random, texts: dict[str, str], truth: Truth) -> None:
    names = sorted(texts)
    for _ in range(len(names) // 50):
        source, target = rng.sample(names, 2)
        if truth.family[source] == truth.family[target]:
            continue
        paragraphs = [p for p in texts[source].split("\n\n")[1:] if len(p.split()) >= 25]
        target_parts = texts[target].split("\n\n")
        if not paragraphs or len(target_parts) < 4:
            continue
        target_parts.insert(rng.randrange(2, len(target_parts) - 1), rng.choice(paragraphs).strip())
        texts[target] = "\n\n".join(target_parts)
        truth.shared.append((source, target))


def _inject_boilerplate(rng: random.Random, texts: dict[str, str]) -> None:
    shares = [0.08, 0.05, 0.04, 0.03, 0.02, 0.01]
    for line, share in zip(BOILERPLATE, shares):
        for name in sorted(texts):
            if rng.random() < share:
                texts[name] = texts[name].rstrip("\n") + "\n\n" + line + "\n"


def token_shingles(text: str, size: int = 3) -> set[str]:
    """Word 3-shingles of the normalised text: what "true Jaccard" is measured on."""
    from dedup.normalize import tokens

    words = tokens(text)
    return {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


if __name__ == "__main__":  # pragma: no cover - a quick look at one generated corpus
    import sys
    import tempfile

    out = Path(tempfile.mkdtemp(prefix="dedup-corpus-"))
    truth = generate(out, int(sys.argv[1]) if len(sys.argv) > 1 else 200)
    print(out, len(truth.family), string.capwords(" ".join(sorted(set(truth.how.values())))))
