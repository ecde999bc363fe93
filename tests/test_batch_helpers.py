"""Small generated corpora for the batch tests (helpers only; the tests import them)."""

from __future__ import annotations

import json
import random
from pathlib import Path

_SYLLABLES = ["bar", "ken", "lo", "mir", "tan", "vel", "dor", "sa", "qui", "ren", "fal", "mo", "tie", "gun", "pe"]
_VERBS = ["approved", "delayed", "reviewed", "opened", "closed", "funded", "blocked", "expanded", "audited", "moved"]
_NOUNS = ["bridge", "budget", "school", "clinic", "harbour", "library", "railway", "market", "council", "reservoir",
          "museum", "stadium", "orchard", "tunnel", "archive", "ferry", "depot", "garden", "quarry", "hospital"]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(2)).capitalize()


def article(seed: int, paragraphs: int = 5) -> str:
    """A distinct, plausible article: its own people, place and subjects, about 150 words a paragraph."""
    rng = random.Random(seed)
    person = f"{_name(rng)} {_name(rng)}"
    place = _name(rng) + "ton"
    things = rng.sample(_NOUNS, 6)
    out = [f"# {place} {things[0]} plan {rng.choice(_VERBS)} after {seed + 3} days"]
    for p in range(paragraphs):
        sentences = []
        for s in range(4):
            noun, other = rng.choice(things), rng.choice(_NOUNS)
            sentences.append(
                f"{person} said the {noun} in {place} was {rng.choice(_VERBS)} on day {rng.randint(2, 99)} "
                f"because the {other} {rng.choice(_SYLLABLES)}{rng.choice(_SYLLABLES)} group had "
                f"{rng.choice(_VERBS)} {rng.randint(2, 900)} {rng.choice(_NOUNS)} plans."
            )
        out.append(" ".join(sentences))
    return "\n\n".join(out) + "\n"


def near_copy(text: str) -> str:
    """A near-verbatim copy: a couple of typos and a dropped sentence."""
    paragraphs = text.split("\n\n")
    middle = paragraphs[2].split(". ")
    paragraphs[2] = ". ".join(middle[:-1]) + ("." if not middle[-2].endswith(".") else "")
    copy = "\n\n".join(paragraphs)
    return copy.replace(" said the ", " siad the ", 2)


def write_files(folder: Path, texts: dict[str, str]) -> dict[str, Path]:
    paths = {}
    for name, text in texts.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths[name] = path
    return paths


def write_jsonl(path: Path, records: list[dict] | list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


BOILERPLATE = "Sign up for the morning briefing to get these stories first."


def duplicate_corpus(folder: Path, boilerplate_every: int = 0) -> dict[str, Path]:
    """Eight articles: ``a`` with a verbatim and a near copy, ``b`` with a near copy, four loners."""
    texts = {f"lone/{i}.txt": article(100 + i) for i in range(4)}
    texts["news/a.txt"] = article(1)
    texts["copies/a-verbatim.txt"] = article(1)
    texts["copies/a-near.txt"] = near_copy(article(1))
    texts["news/b.txt"] = article(2)
    texts["mirror/b-near.txt"] = near_copy(article(2))
    if boilerplate_every:
        for i, name in enumerate(sorted(texts)):
            if i % boilerplate_every == 0:
                texts[name] = texts[name] + "\n" + BOILERPLATE + "\n"
    return write_files(folder, texts)
