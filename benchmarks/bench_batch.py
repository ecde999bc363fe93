"""How fast and how well ``dedup`` handles a folder of articles as one corpus.

Run with ``make bench-batch`` or ``python -m benchmarks.bench_batch [--sizes 10000,50000]``.
For each size it writes a seeded synthetic corpus (see :mod:`benchmarks.batch_corpus`) to a
temporary folder, then measures, each in a fresh process:

1. the floor: reading, lower-casing and ``\\w+`` tokenising every file (one process);
2. the baseline: datasketch ``MinHash.update()`` per shingle and ``MinHashLSH`` at
   document level (one process; on the first ``--baseline-docs`` files when the corpus
   is larger, since its cost per document does not depend on the corpus size);
3. the cross-article stages alone (signatures -> buckets -> verification -> clusters,
   boilerplate and shared passages) with ``--jobs`` workers;
4. the whole run, ``dedup check FOLDER --format json``, per-article checks included.

It prints documents/s, MB/s (10^6 bytes of UTF-8), peak memory (the main process's peak
RSS, and the proportional set size of all processes of the run added up, sampled every
0.2 s, so that pages forked workers share are counted once), and precision and recall on the
injected duplicate pairs: separately for pairs whose word-3-shingle Jaccard is >= 0.5
(verbatim and near-verbatim copies) and for the others (reworded copies). Files are read
from the page cache (they were just written). Targets are printed next to the figures.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from collections import defaultdict
from pathlib import Path

import numpy as np

from .batch_corpus import Truth, generate
from .sampling import peak_pss

CROSS_VS_BASELINE_TARGET = 10.0
CROSS_VS_FLOOR_TARGET = 0.25
WHOLE_VS_FLOOR_TARGET = 0.1
RECALL_TARGET, PRECISION_TARGET = 0.95, 0.99
SCALING_TARGET = 5.5
WORD = re.compile(r"\w+")


# --- references --------------------------------------------------------------------------------


def _files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.txt"))


def floor(files: list[Path]) -> float:
    """Seconds to read, lower-case and tokenise every file (the faster of two passes)."""
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        for path in files:
            WORD.findall(path.read_text(encoding="utf-8").lower())
        best = min(best, time.perf_counter() - start)
    return best


def baseline(files: list[Path]) -> float:
    """Seconds for datasketch's per-shingle MinHash and a document-level LSH over ``files``."""
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sketches = []
    for i, path in enumerate(files):
        words = WORD.findall(path.read_text(encoding="utf-8").lower())
        sketch = MinHash(num_perm=128)
        for j in range(max(1, len(words) - 2)):
            sketch.update(" ".join(words[j : j + 3]).encode("utf-8"))
        lsh.insert(i, sketch)
        sketches.append(sketch)
    pairs = {(min(i, j), max(i, j)) for i, s in enumerate(sketches) for j in lsh.query(s) if i != j}
    del pairs
    return time.perf_counter() - start


# --- measured runs (each in its own process) ---------------------------------------------------


def _measure(mode: str, folder: str, jobs: int, out: str) -> None:
    """Child process: run the cross-article stages or the whole check, write figures to ``out``."""
    from dedup.batch.config import BatchConfig
    from dedup.batch.run import cross_article, run_batch
    from dedup.batch.walk import WalkOptions
    from dedup.config import Settings

    config = BatchConfig(jobs=jobs)
    start = time.perf_counter()
    if mode == "cross":
        corpus = cross_article([folder], WalkOptions(), config, Settings())
        refs, clusters, timings = corpus.signatures.refs, corpus.clusters, corpus.timings
        units = corpus.signatures.units
        shared = [(refs[int(units.doc[s.first])].path, refs[int(units.doc[s.second])].path) for s in corpus.shared]
        errors = len(corpus.errors)
    else:
        from dedup.batch.summary import render_report

        result = run_batch([folder], WalkOptions(), config, Settings(), report_format="json")
        render_report(result, "json")
        refs, clusters, timings, shared, errors = result.refs, result.clusters, result.timings, [], len(result.errors)
    seconds = time.perf_counter() - start
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    names = [r.path for r in refs]
    report = {
        "seconds": seconds, "cpu": cpu, "timings": timings, "errors": errors, "shared": shared,
        "clusters": [[names[m.row] for m in c.members] for c in clusters],
        "main_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    Path(out).write_text(json.dumps(report), encoding="utf-8")


def run_measured(mode: str, folder: Path, jobs: int) -> dict:
    """Run :func:`_measure` in a child process, sampling the memory of its whole process tree."""
    out = folder.parent / f"result-{mode}.json"
    child = subprocess.Popen([sys.executable, "-m", "benchmarks.bench_batch", "--measure", mode,
                              "--corpus", str(folder), "--jobs", str(jobs), "--out", str(out)])
    code, peak = peak_pss(child, child.wait)
    if code:
        raise SystemExit(f"the {mode} run failed with exit code {code}")
    figures = json.loads(out.read_text(encoding="utf-8"))
    figures["tree_peak_mb"] = peak / 2**20
    return figures


# --- quality -----------------------------------------------------------------------------------


def _shingle_hashes(path: Path) -> np.ndarray:
    from dedup.normalize import tokens

    words = tokens(path.read_text(encoding="utf-8"))
    grams = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
    return np.unique(np.fromiter((zlib.crc32(g.encode()) for g in grams), dtype=np.uint32, count=len(grams)))


def quality(folder: Path, truth: Truth, clusters: list[list[str]]) -> dict[str, dict[str, float]]:
    """Precision and recall of the clustered pairs against the injected ones, by Jaccard class."""
    prefix = str(folder) + os.sep
    predicted = {tuple(sorted((a[len(prefix):], b[len(prefix):]))) for c in clusters
                 for a, b in itertools.combinations(c, 2)}
    families: dict[int, list[str]] = defaultdict(list)
    for name, family in truth.family.items():
        families[family].append(name)
    actual = {tuple(sorted(p)) for names in families.values() for p in itertools.combinations(names, 2)}
    cache: dict[str, np.ndarray] = {}

    def jaccard(a: str, b: str) -> float:
        for name in (a, b):
            if name not in cache:
                cache[name] = _shingle_hashes(folder / name)
        shared = len(np.intersect1d(cache[a], cache[b], assume_unique=True))
        return shared / (len(cache[a]) + len(cache[b]) - shared)

    counts = {c: {"tp": 0, "fp": 0, "fn": 0} for c in ("similar", "reworded")}
    for pair in predicted | actual:
        cls = "similar" if jaccard(*pair) >= 0.5 else "reworded"
        if pair in predicted and pair in actual:
            counts[cls]["tp"] += 1
        elif pair in predicted:
            counts[cls]["fp"] += 1
        else:
            counts[cls]["fn"] += 1
    out = {}
    for cls, c in counts.items():
        out[cls] = {
            "pairs": c["tp"] + c["fn"],
            "precision": c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0,
            "recall": c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0,
            "false_pairs": c["fp"],
        }
    return out


def shared_recall(truth: Truth, found: list[list[str]], folder: Path) -> float:
    prefix = str(folder) + os.sep
    seen = {frozenset((a[len(prefix):], b[len(prefix):])) for a, b in found}
    injected = [frozenset(p) for p in truth.shared]
    return sum(p in seen for p in injected) / len(injected) if injected else 1.0


# --- report ------------------------------------------------------------------------------------


def _mark(ok: bool) -> str:
    return "ok  " if ok else "MISS"


def bench_size(size: int, jobs: int, baseline_docs: int, whole: bool, seed: int, root: Path) -> dict:
    folder = root / f"corpus-{size}"
    start = time.perf_counter()
    truth = generate(folder, size, seed=seed)
    files = _files(folder)
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    print(f"\n== {size} documents, {megabytes:.1f} MB (generated in {time.perf_counter() - start:.0f} s) ==")
    floor_s = floor(files)
    sample = files[:baseline_docs]
    base_s = baseline(sample) * len(files) / len(sample)
    cross = run_measured("cross", folder, jobs)
    figures = {"size": size, "mb": megabytes, "floor": floor_s, "baseline": base_s, "cross": cross}
    print(f"floor      {size / floor_s:9.0f} docs/s {megabytes / floor_s:7.1f} MB/s   (read + lower + tokenise, 1 process)")
    note = f", measured on {len(sample)} docs" if len(sample) < len(files) else ""
    print(f"baseline   {size / base_s:9.0f} docs/s {megabytes / base_s:7.1f} MB/s   "
          f"(datasketch update() per shingle + MinHashLSH, 1 process{note})")
    _print_run("cross-article", size, megabytes, cross)
    stages = ", ".join(f"{k} {v:.1f} s" for k, v in cross["timings"].items())
    print(f"           stages: {stages}")
    if whole:
        figures["whole"] = run_measured("whole", folder, jobs)
        _print_run("whole run", size, megabytes, figures["whole"])
    q = quality(folder, truth, cross["clusters"])
    figures["quality"] = q
    for cls, label in (("similar", "Jaccard >= 0.5"), ("reworded", "reworded (< 0.5)")):
        m = q[cls]
        ok = m["recall"] >= RECALL_TARGET and m["precision"] >= PRECISION_TARGET
        print(f"{_mark(ok)} {label:18} pairs {m['pairs']:6}  precision {m['precision']:.4f}  recall {m['recall']:.4f}"
              f"  ({m['false_pairs']} false pairs)")
    print(f"     shared passages found: {shared_recall(truth, cross['shared'], folder):.3f} of injected")
    cross_rate = size / cross["seconds"]
    print(f"{_mark(cross_rate >= CROSS_VS_BASELINE_TARGET * size / base_s)} cross-article vs baseline "
          f"{cross_rate / (size / base_s):6.1f}x (target >= {CROSS_VS_BASELINE_TARGET:g}x)")
    print(f"{_mark(cross_rate >= CROSS_VS_FLOOR_TARGET * size / floor_s)} cross-article vs floor    "
          f"{cross_rate / (size / floor_s):6.3f}x (target >= {CROSS_VS_FLOOR_TARGET:g}x)")
    if whole:
        whole_rate = size / figures["whole"]["seconds"]
        print(f"{_mark(whole_rate >= WHOLE_VS_FLOOR_TARGET * size / floor_s)} whole run vs floor        "
              f"{whole_rate / (size / floor_s):6.3f}x (target >= {WHOLE_VS_FLOOR_TARGET:g}x)")
    return figures


def _print_run(label: str, size: int, megabytes: float, run: dict) -> None:
    seconds = run["seconds"]
    print(f"{label:13} {size / seconds:6.0f} docs/s {megabytes / seconds:7.2f} MB/s   {seconds:.1f} s "
          f"({run['cpu']:.1f} s of CPU), "
          f"peak RSS {run['main_peak_mb']:.0f} MB main, PSS {run['tree_peak_mb']:.0f} MB all processes"
          + (f", {run['errors']} input errors" if run["errors"] else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000", help="corpus sizes, comma-separated")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--baseline-docs", type=int, default=5000, help="documents the baseline is timed on")
    parser.add_argument("--no-whole", action="store_true", help="skip the whole run (per-article checks)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora")
    parser.add_argument("--measure", choices=("cross", "whole"), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        _measure(args.measure, args.corpus, args.jobs, args.out)
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    root = Path(tempfile.mkdtemp(prefix="dedup-bench-batch-"))
    print(f"batch benchmark: sizes {sizes}, {args.jobs} jobs, corpora in {root}")
    try:
        results = [bench_size(s, args.jobs, args.baseline_docs, not args.no_whole, args.seed, root) for s in sizes]
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    if len(results) > 1:
        small, large = results[0], results[-1]
        factor = large["size"] / small["size"]
        print()
        for key, label in (("cross", "cross-article"), ("whole", "whole run")):
            if key in small and key in large:
                ratio = large[key]["seconds"] / small[key]["seconds"]
                target = SCALING_TARGET * factor / 5
                print(f"{_mark(ratio <= target)} time at {large['size']} / time at {small['size']} ({label}): "
                      f"{ratio:.2f} (target <= {target:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
