"""The batch benchmark's corpus on ``--engine spark`` and on the local engine, in one run.

Run with ``make bench-spark`` or ``python -m benchmarks.bench_spark [--sizes 50000] [--master local[2]]``.
For each size it writes the seeded corpus of ``make bench-batch`` (see
:mod:`benchmarks.batch_corpus`), then runs the whole batch check (``dedup check FOLDER
--format json``: cross-article stages and per-article checks) in a fresh process on each
engine. It prints both times, their ratio (Spark's time includes its start-up), Spark's
start-up time, the peak RSS of the driver (the Python process; for Spark also the JVM,
which in ``local`` mode holds the executors too), and whether both reports are the same
bytes. ``--driver-links N`` sets the most links joined on the driver (``dedup.driver.links``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .batch_corpus import generate

RATIO_TARGET = 3.0  # local[2] against the local engine, on 2 cores
DRIVER_MB_TARGET = 1024


def _measure(engine: str, folder: str, jobs: int, master: str, driver_links: int | None, out: str) -> None:
    """Child process: one whole batch check on ``engine``; figures to ``out``."""
    from dedup.batch.config import BatchConfig
    from dedup.batch.run import LOCAL, run_batch
    from dedup.batch.summary import render_report
    from dedup.batch.walk import WalkOptions
    from dedup.config import Settings

    start = time.perf_counter()
    startup = 0.0
    run = LOCAL
    if engine == "spark":
        from dedup.batch.spark.engine import SparkEngine
        from dedup.batch.spark.session import SparkOptions, start as start_spark

        session = start_spark(SparkOptions(master))
        startup = time.perf_counter() - start
        run = SparkEngine(session, **({} if driver_links is None else {"driver_links": driver_links}))
        jobs = 1  # the driver's own stages: Spark has the cores
    result = run_batch([folder], WalkOptions(), BatchConfig(jobs=jobs), Settings(), report_format="json", engine=run)
    report = render_report(result, "json").encode("utf-8")
    seconds = time.perf_counter() - start
    Path(out).write_text(json.dumps({
        "seconds": seconds, "startup": startup, "timings": result.timings, "errors": len(result.errors),
        "clusters": len(result.clusters), "report_sha256": hashlib.sha256(report).hexdigest(),
        "driver_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }), encoding="utf-8")


def run_measured(engine: str, folder: Path, args: argparse.Namespace) -> dict:
    """Run :func:`_measure` in a child process, sampling the RSS of the JVM it starts."""
    import psutil

    out = folder.parent / f"result-{engine}.json"
    command = [sys.executable, "-m", "benchmarks.bench_spark", "--measure", engine, "--corpus", str(folder),
               "--jobs", str(args.jobs), "--master", args.master, "--out", str(out)]
    if args.driver_links is not None:
        command += ["--driver-links", str(args.driver_links)]
    child = psutil.Popen(command)
    jvm_peak = 0
    while child.poll() is None:
        jvm_peak = max(jvm_peak, _jvm_rss(child))
        time.sleep(0.5)
    if child.returncode:
        raise SystemExit(f"the {engine} run failed with exit code {child.returncode}")
    figures = json.loads(out.read_text(encoding="utf-8"))
    figures["jvm_peak_mb"] = jvm_peak / 2**20
    return figures


def _jvm_rss(process) -> int:
    """Bytes resident in the JVMs below ``process`` (in ``local`` mode, Spark's driver and executors)."""
    import psutil

    try:
        return sum(p.memory_info().rss for p in process.children(recursive=True) if p.name() == "java")
    except psutil.Error:
        return 0


def _mark(ok: bool) -> str:
    return "ok  " if ok else "MISS"


def bench_size(size: int, args: argparse.Namespace, root: Path) -> None:
    folder = Path(args.corpus) if args.corpus else root / f"corpus-{size}"
    if not args.corpus:
        start = time.perf_counter()
        generate(folder, size, seed=args.seed)
        print(f"\n== {size} documents (generated in {time.perf_counter() - start:.0f} s) ==", flush=True)
    local = run_measured("local", folder, args)
    print(f"local engine ({args.jobs} jobs)  {local['seconds']:7.1f} s   driver peak RSS {local['driver_peak_mb']:.0f} MB"
          f"   stages: {_stages(local)}", flush=True)
    spark = run_measured("spark", folder, args)
    print(f"spark {args.master:17} {spark['seconds']:7.1f} s   driver peak RSS {spark['driver_peak_mb']:.0f} MB "
          f"(Python), JVM peak RSS {spark['jvm_peak_mb']:.0f} MB   start-up {spark['startup']:.1f} s"
          f"   stages: {_stages(spark)}")
    ratio = spark["seconds"] / local["seconds"]
    print(f"{_mark(ratio <= RATIO_TARGET)} spark / local time: {ratio:.2f} (target <= {RATIO_TARGET:g})")
    print(f"{_mark(spark['driver_peak_mb'] < DRIVER_MB_TARGET)} driver (Python) peak RSS under "
          f"{DRIVER_MB_TARGET} MB: {spark['driver_peak_mb']:.0f} MB")
    same = spark["report_sha256"] == local["report_sha256"]
    print(f"{_mark(same)} same JSON report bytes ({local['clusters']} clusters)")


def _stages(run: dict) -> str:
    return ", ".join(f"{k} {v:.1f}" for k, v in run["timings"].items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50000", help="corpus sizes, comma-separated")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes of the local engine")
    parser.add_argument("--master", default="local[2]", help="Spark master")
    parser.add_argument("--driver-links", type=int, default=None, help="most links joined on the driver")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora")
    parser.add_argument("--corpus", help="an existing corpus folder instead of a generated one (one size)")
    parser.add_argument("--measure", choices=("local", "spark"), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        _measure(args.measure, args.corpus, args.jobs, args.master, args.driver_links, args.out)
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    root = Path(tempfile.mkdtemp(prefix="dedup-bench-spark-"))
    print(f"spark benchmark: sizes {sizes}, master {args.master}, local engine {args.jobs} jobs, corpora in {root}")
    try:
        for size in sizes:
            bench_size(size, args, root)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
