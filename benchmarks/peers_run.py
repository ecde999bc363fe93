"""Run one MinHash deduplication tool over a folder of articles and write its clusters as JSON.

This script runs in the peers' own virtual environment (see ``make bench-peers``), never in
dedup's, and imports nothing from dedup. Every tool gets the same input (every ``.txt`` file
below the folder, in sorted order), the same shingles (lower-cased ``\\w+`` words, word
3-grams), 128 permutations in 32 bands of 4 rows, and reports what it would drop:
clusters of the documents its LSH buckets join (union-find over bucket members, no
verification, as these tools do by default).

    python peers_run.py TOOL FOLDER OUT.json [--scratch DIR]

TOOL is ``rensa``, ``datasketch`` or ``text-dedup``. text-dedup 0.4 reads a Hugging Face
dataset saved on disk (``--local``); the script writes one from the files into ``--scratch``
first, and that conversion counts in the tool's time, as reading the files does for the
others. Nothing is fetched from the network (``HF_DATASETS_OFFLINE=1``).
"""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys
import tempfile
from pathlib import Path

NUM_PERM = 128
THRESHOLD = 0.5
NGRAM = 3
BANDS, ROWS = 32, 4  # the same banding for every tool (rensa needs bands that divide 128)
WORD = re.compile(r"\w+")


def read_folder(folder: Path) -> tuple[list[str], list[str]]:
    paths = sorted(folder.rglob("*.txt"))
    return [str(p.relative_to(folder)) for p in paths], [p.read_text(encoding="utf-8") for p in paths]


def shingles(text: str) -> list[str]:
    words = WORD.findall(text.lower())
    return list({" ".join(words[i : i + NGRAM]) for i in range(max(1, len(words) - NGRAM + 1))})



def components(count: int, pairs) -> list[list[int]]:
    parent = list(range(count))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(count):
        groups.setdefault(find(i), []).append(i)
    return [g for g in groups.values() if len(g) > 1]


def run_rensa(folder: Path) -> tuple[list[str], list[list[int]]]:
    from rensa import RMinHash, RMinHashLSH

    names, texts = read_folder(folder)
    lsh = RMinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, num_bands=BANDS)
    sketches = []
    for i, text in enumerate(texts):
        sketch = RMinHash(num_perm=NUM_PERM, seed=42)
        sketch.update(shingles(text))
        lsh.insert(i, sketch)
        sketches.append(sketch)
    pairs = [(i, j) for i, s in enumerate(sketches) for j in lsh.query(s) if j != i]
    return names, components(len(names), pairs)


def run_datasketch(folder: Path) -> tuple[list[str], list[list[int]]]:
    from datasketch import MinHash, MinHashLSH

    names, texts = read_folder(folder)
    encoded = [[s.encode("utf-8") for s in shingles(t)] for t in texts]
    sketches = MinHash.bulk(encoded, num_perm=NUM_PERM)
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
    with lsh.insertion_session() as session:
        for i, sketch in enumerate(sketches):
            session.insert(i, sketch, check_duplication=False)
    pairs = [(i, j) for i, s in enumerate(sketches) for j in lsh.query(s) if j != i]
    return names, components(len(names), pairs)


def run_text_dedup(folder: Path, scratch: Path) -> tuple[list[str], list[list[int]]]:
    from datasets import Dataset

    names, texts = read_folder(folder)
    source, output = scratch / "dataset", scratch / "output"
    Dataset.from_dict({"id": list(range(len(texts))), "text": texts}).save_to_disk(str(source))
    env = dict(os.environ, HF_DATASETS_OFFLINE="1", HF_HUB_OFFLINE="1", TQDM_DISABLE="1")
    subprocess.run(
        [sys.executable, "-m", "text_dedup.minhash", "--local", "--path", str(source), "--output", str(output),
         "--column", "text", "--idx_column", "id", "--ngram", str(NGRAM), "--num_perm", str(NUM_PERM),
         "--threshold", str(THRESHOLD), "--b", str(BANDS), "--r", str(ROWS), "--hash_func", "xxh3",
         "--min_length", "1", "--num_proc", str(os.cpu_count() or 1), "--debug"],
        check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    with open(output / "uf.pkl", "rb") as handle:
        found = pickle.load(handle)  # a text_dedup UnionFind over the "id" column
    pairs = [(int(i), int(found.find(i))) for i in list(found.parent)]
    return names, components(len(names), pairs)


def main(argv: list[str]) -> int:
    tool, folder, out = argv[0], Path(argv[1]), Path(argv[2])
    scratch = Path(argv[4]) if len(argv) > 4 and argv[3] == "--scratch" else Path(tempfile.mkdtemp())
    if tool == "rensa":
        names, clusters = run_rensa(folder)
    elif tool == "datasketch":
        names, clusters = run_datasketch(folder)
    elif tool == "text-dedup":
        names, clusters = run_text_dedup(folder, scratch)
    else:
        raise SystemExit(f"unknown tool {tool!r}")
    out.write_text(json.dumps([[names[i] for i in c] for c in clusters]), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
