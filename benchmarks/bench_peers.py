"""``dedup`` side by side with the MinHash tools a data team would otherwise run.

Run with ``make bench-peers`` (``SIZE=10000 ROUNDS=2`` to iterate), or
``python -m benchmarks.bench_peers --peers-python build/peers/bin/python [--size 50000]``.

It writes one seeded corpus (:mod:`benchmarks.batch_corpus`: news-like articles with
verbatim, near-verbatim, word-edited (deleted, swapped, replaced words) and reworded
copies, templated briefs from one skeleton, related
stories, shared passages and boilerplate), then runs, in interleaved rounds (the order
turns by one each round), each in its own process:

- rensa, datasketch (bulk hashing) and text-dedup 0.4 (MinHash, union-find), in the
  peers' own virtual environment (:mod:`benchmarks.peers_run`: word 3-grams, 128
  permutations, 32 bands of 4 rows, no verification);
- ``dedup check --select corpus.duplicate-article`` (duplicate articles only),
  ``dedup check --select corpus`` (every corpus finding, no per-article rule) and
  ``dedup check`` (the whole run), all with ``--format json``.

For each it prints the wall time, its ratio to rensa's time in the same round, and the peak
memory of its process tree (proportional set size, so pages that forked workers share
count once). Then, from its clusters: recall of the injected copies by the pair's true
word 5-gram Jaccard (>= 0.8, 0.5-0.8, < 0.5), silver precision (the share of clustered pairs
whose true word 5-gram Jaccard is >= 0.5; a true rewrite below that counts against it, so it
is a floor) and precision against the injected families. Only ratios measured in one round
mean anything on a shared machine.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from collections import defaultdict
from pathlib import Path

from .batch_corpus import Truth, generate
from .sampling import peak_pss

EDITED_SHARE = 0.3  # of the original stories, as in a corpus where a quarter of the articles are edited copies
PEERS = ("rensa", "datasketch", "text-dedup")
DEDUP_RUNS = {
    "dedup duplicates": ["--select", "corpus.duplicate-article"],
    "dedup corpus": ["--select", "corpus"],
    "dedup whole": [],
}
CROSS_VS_RENSA_TARGET = 2.0
EARLIER = "earlier "  # the same runs by another dedup (--earlier), for before/after in one round
WHOLE_VS_TEXT_DEDUP_TARGET = 1.5
RECALL_TARGET = 0.95  # on copies with Jaccard 0.5-0.8
PRECISION_TARGET = 0.95
STRATA = ((0.8, 1.01, ">= 0.8"), (0.5, 0.8, "0.5-0.8"), (0.0, 0.5, "< 0.5"))
SILVER_SAMPLE = 50_000  # clustered pairs whose Jaccard is computed for silver precision
WORD = re.compile(r"\w+")


def run_sampled(command: list[str], stdout: Path) -> tuple[float, float]:
    """Wall seconds and peak PSS (MB) of ``command``'s process tree, its output into ``stdout``."""
    start = time.perf_counter()
    with open(stdout, "wb") as sink:
        child = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE)
    (_, stderr), peak = peak_pss(child, child.communicate)
    seconds = time.perf_counter() - start
    if child.returncode not in (0, 1):  # dedup check exits 1 when it finds something
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}): {stderr.decode()[-2000:]}")
    return seconds, peak / 2**20


def commands(tool: str, folder: Path, out: Path, scratch: Path, args: argparse.Namespace) -> list[str]:
    if tool in PEERS:
        script = Path(__file__).with_name("peers_run.py")
        return [args.peers_python, str(script), tool, str(folder), str(out), "--scratch", str(scratch)]
    dedup = str(Path(sys.executable).with_name("dedup"))
    if tool.startswith(EARLIER):
        dedup, tool = args.earlier, tool.removeprefix(EARLIER)
    return [dedup, "check", str(folder), "--format", "json", "--jobs", str(args.jobs), *DEDUP_RUNS[tool]]


def _is_dedup(tool: str) -> bool:
    return tool.removeprefix(EARLIER) in DEDUP_RUNS


def clusters_of(tool: str, out: Path, folder: Path) -> list[list[str]]:
    """Clusters as lists of paths relative to ``folder``."""
    if tool in PEERS:
        return json.loads(out.read_text(encoding="utf-8"))
    report = json.loads(out.read_text(encoding="utf-8"))
    prefix = str(folder) + os.sep
    return [[m["path"].removeprefix(prefix) for m in c["members"]] for c in report["batch"]["clusters"]]


# --- quality -----------------------------------------------------------------------------------


class Shingles:
    """True word 5-gram Jaccard between two articles of ``folder`` (cached hashed sets)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.cache: dict[str, frozenset[int]] = {}

    def of(self, name: str) -> frozenset[int]:
        if name not in self.cache:
            words = WORD.findall((self.folder / name).read_text(encoding="utf-8").lower())
            grams = (" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4)))
            self.cache[name] = frozenset(zlib.crc32(g.encode()) for g in grams)
        return self.cache[name]

    def jaccard(self, a: str, b: str) -> float:
        sa, sb = self.of(a), self.of(b)
        return len(sa & sb) / len(sa | sb) if sa or sb else 1.0


def injected_pairs(truth: Truth) -> list[tuple[str, str]]:
    families: dict[int, list[str]] = defaultdict(list)
    for name, family in truth.family.items():
        families[family].append(name)
    return [tuple(sorted(p)) for names in families.values() for p in itertools.combinations(sorted(names), 2)]


def quality(clusters: list[list[str]], truth: Truth, pairs: list[tuple[str, str]], strata: list[int],
            shingles: Shingles) -> dict:
    """Recall by stratum, silver precision and precision against the injected families."""
    cluster_of = {name: i for i, members in enumerate(clusters) for name in members}
    found = [p[0] in cluster_of and cluster_of.get(p[0]) == cluster_of.get(p[1]) for p in pairs]
    recall = {}
    for index, (_, _, label) in enumerate(STRATA):
        inside = [f for f, s in zip(found, strata) if s == index]
        recall[label] = (sum(inside) / len(inside) if inside else float("nan"), len(inside))
    total = sum(len(c) * (len(c) - 1) // 2 for c in clusters)
    same_family = 0
    for members in clusters:
        counts: dict[int, int] = defaultdict(int)
        for name in members:
            counts[truth.family[name]] += 1
        same_family += sum(n * (n - 1) // 2 for n in counts.values())
    rng = random.Random(1)
    sample = _sample_pairs(clusters, total, rng)
    below = [(a, b) for a, b in sample if shingles.jaccard(a, b) < 0.5]
    silver = 1 - len(below) / len(sample) if sample else 1.0
    # Pairs below the silver line that are injected copies of one story are rewrites it cannot
    # tell from false merges; the others are false merges.
    below_copies = sum(truth.family[a] == truth.family[b] for a, b in below)
    return {"recall": recall, "pairs": total, "silver": silver, "family": same_family / total if total else 1.0,
            "clustered": sum(len(c) for c in clusters), "below": len(below), "below_copies": below_copies}


def _sample_pairs(clusters: list[list[str]], total: int, rng: random.Random) -> list[tuple[str, str]]:
    if total <= SILVER_SAMPLE:
        return [p for c in clusters for p in itertools.combinations(c, 2)]
    weights = [len(c) * (len(c) - 1) // 2 for c in clusters]
    picked = rng.choices(clusters, weights=weights, k=SILVER_SAMPLE)
    return [tuple(rng.sample(c, 2)) for c in picked]


# --- report ------------------------------------------------------------------------------------


def _mark(ok: bool) -> str:
    return "ok  " if ok else "MISS"


def report(tools: list[str], times: dict[str, list[float]], memory: dict[str, float], scores: dict[str, dict],
           rounds: int) -> None:
    print(f"\n{'tool':24} {'time (s), each round':>28} {'x rensa, each round':>26} {'peak MB':>8}")
    ratios = {t: [times[t][r] / times["rensa"][r] for r in range(rounds)] for t in tools}
    for t in tools:
        print(f"{t:24} {' '.join(f'{s:8.1f}' for s in times[t]):>28} "
              f"{' '.join(f'{x:7.2f}' for x in ratios[t]):>26} {memory[t]:8.0f}")
    print(f"\n{'tool':24} {'recall >= 0.8':>15} {'0.5-0.8':>15} {'< 0.5':>15} {'silver prec':>12} "
          f"{'family prec':>12} {'pairs':>9}")
    for t in tools:
        q = scores[t]
        cells = [f"{q['recall'][label][0]:.3f} ({q['recall'][label][1]})" for _, _, label in STRATA]
        print(f"{t:24} {cells[0]:>15} {cells[1]:>15} {cells[2]:>15} {q['silver']:12.3f} {q['family']:12.3f} "
              f"{q['pairs']:9}")
    print()
    if "dedup duplicates" in tools:
        worst = max(ratios["dedup duplicates"])
        print(f"{_mark(worst <= CROSS_VS_RENSA_TARGET)} duplicate articles vs rensa: {worst:.2f}x at worst "
              f"(target <= {CROSS_VS_RENSA_TARGET:g}x)")
        q = scores["dedup duplicates"]
        middle = q["recall"]["0.5-0.8"][0]
        if middle == middle:  # NaN on the base corpus, which has no copies to find
            print(f"{_mark(middle >= RECALL_TARGET)} recall, Jaccard 0.5-0.8: {middle:.3f} (target >= {RECALL_TARGET})")
        print(f"{_mark(q['silver'] >= PRECISION_TARGET)} silver precision: {q['silver']:.3f} "
              f"(target >= {PRECISION_TARGET})")
        if q["below"]:
            print(f"     of the {q['below']} clustered pairs below Jaccard 0.5, {q['below_copies']} are injected copies "
                  f"of one story (a floor: family precision {q['family']:.3f}), {q['below'] - q['below_copies']} "
                  f"false merges")
    if "dedup corpus" in tools:
        print(f"     every corpus finding vs rensa: {max(ratios['dedup corpus']):.2f}x at worst")
    if "dedup whole" in tools and "text-dedup" in tools:
        whole = max(times["dedup whole"][r] / times["text-dedup"][r] for r in range(rounds))
        print(f"{_mark(whole <= WHOLE_VS_TEXT_DEDUP_TARGET)} whole run vs text-dedup: {whole:.2f}x at worst "
              f"(target <= {WHOLE_VS_TEXT_DEDUP_TARGET:g}x)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peers-python", required=True, help="python of the venv with rensa, datasketch, text-dedup")
    parser.add_argument("--size", type=int, default=50_000, help="articles in the corpus")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="dedup's worker processes")
    parser.add_argument("--tools", default=",".join((*PEERS, *DEDUP_RUNS)), help="comma-separated tools to run")
    parser.add_argument("--earlier", help="another dedup executable, run the same way (before/after figures)")
    parser.add_argument("--base", action="store_true",
                        help="the base corpus: no injected copies, so every clustered pair is a false one")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the corpus and the outputs")
    args = parser.parse_args(argv)
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    if "rensa" not in tools:
        tools.insert(0, "rensa")  # every ratio is to rensa's time in the same round
    if args.earlier:
        tools += [EARLIER + t for t in tools if t in DEDUP_RUNS]
    root = Path(tempfile.mkdtemp(prefix="dedup-bench-peers-"))
    try:
        folder = root / "corpus"
        start = time.perf_counter()
        truth = generate(folder, args.size, seed=args.seed, edited=EDITED_SHARE, copies=not args.base)
        megabytes = sum(p.stat().st_size for p in folder.rglob("*.txt")) / 1e6
        print(f"peers benchmark: {args.size} {'base ' if args.base else ''}articles, {megabytes:.1f} MB, generated in "
              f"{time.perf_counter() - start:.0f} s; {args.rounds} rounds; dedup --jobs {args.jobs}; in {root}")
        times: dict[str, list[float]] = {t: [] for t in tools}
        memory: dict[str, float] = {t: 0.0 for t in tools}
        outputs = {t: root / f"out-{t.replace(' ', '-')}.json" for t in tools}
        for round_index in range(args.rounds):
            turn = round_index % len(tools)
            for tool in tools[turn:] + tools[:turn]:
                scratch = Path(tempfile.mkdtemp(dir=root))
                command = commands(tool, folder, outputs[tool], scratch, args)
                seconds, peak = run_sampled(command, outputs[tool] if _is_dedup(tool) else scratch / "log")
                shutil.rmtree(scratch, ignore_errors=True)
                times[tool].append(seconds)
                memory[tool] = max(memory[tool], peak)
                print(f"  round {round_index + 1}: {tool:24} {seconds:8.1f} s {peak:7.0f} MB", flush=True)
        shingles = Shingles(folder)
        pairs = injected_pairs(truth)
        strata = [next(i for i, (low, high, _) in enumerate(STRATA) if low <= shingles.jaccard(*p) < high)
                  for p in pairs]
        scores = {t: quality(clusters_of(t, outputs[t], folder), truth, pairs, strata, shingles) for t in tools}
        report(tools, times, memory, scores, args.rounds)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
