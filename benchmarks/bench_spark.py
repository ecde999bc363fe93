"""The batch benchmark's corpus on ``--engine spark`` and on the local engine, in one run.

Run with ``make bench-spark`` or ``python -m benchmarks.bench_spark [--sizes 50000] [--master local[2]]``.
For each size it writes the seeded corpus of ``make bench-batch`` (see
:mod:`benchmarks.batch_corpus`), then runs the whole batch check (``dedup check FOLDER
--format json``: cross-article stages and per-article checks) in a fresh process on each
engine. It prints both times, their ratio (Spark's time includes its start-up), Spark's
start-up time, peak memory, and whether both reports are the same bytes.

Memory is the peak proportional set size (PSS), sampled twice a second, of three parts
of the process tree: the driver (the Python process that runs ``run_batch``, alone); the
JVM (in ``local`` mode one JVM is Spark's driver *and* its executors, so it holds the
executors' cached sketches and shuffles too); and the executors' Python workers (started
by the JVM). For the local engine the first is its main process and the last its worker
processes.

``--driver-links N`` sets the most links joined on the driver (``dedup.driver.links``),
``--driver-bytes N`` the most input bytes whose sketches the driver merges
(``dedup.driver.bytes``; 0 keeps them on the executors whatever the corpus). The driver's
bound, measured: ``make bench-spark BENCH_SPARK_ARGS="--sizes 100000 --driver-bytes 0"``.
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


def _measure(engine: str, folder: str, jobs: int, master: str, bounds: dict[str, int], out: str) -> None:
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
        run = SparkEngine(session, **bounds)
        jobs = 1  # the driver's own stages: Spark has the cores
    result = run_batch([folder], WalkOptions(), BatchConfig(jobs=jobs), Settings(), report_format="json", engine=run)
    report = hashlib.sha256()
    rendered = render_report(result, "json")
    for begin in range(0, len(rendered), 1 << 20):  # a slice at a time: no second copy of a large report
        report.update(rendered[begin : begin + (1 << 20)].encode("utf-8"))
    seconds = time.perf_counter() - start
    Path(out).write_text(json.dumps({
        "seconds": seconds, "startup": startup, "timings": result.timings, "errors": len(result.errors),
        "clusters": len(result.clusters), "report_sha256": report.hexdigest(),
        "driver_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }), encoding="utf-8")


def run_measured(engine: str, folder: Path, args: argparse.Namespace) -> dict:
    """Run :func:`_measure` in a child process, sampling the PSS of the driver, the JVM and the Python workers."""
    import psutil

    out = folder.parent / f"result-{engine}.json"
    command = [sys.executable, "-m", "benchmarks.bench_spark", "--measure", engine, "--corpus", str(folder),
               "--jobs", str(args.jobs), "--master", args.master, "--out", str(out)]
    for option in ("driver_links", "driver_bytes"):
        if getattr(args, option) is not None:
            command += [f"--{option.replace('_', '-')}", str(getattr(args, option))]
    child = psutil.Popen(command)
    peaks = {"driver": 0, "jvm": 0, "workers": 0}
    while child.poll() is None:
        for part, size in _pss_parts(child).items():
            peaks[part] = max(peaks[part], size)
        time.sleep(0.5)
    if child.returncode:
        raise SystemExit(f"the {engine} run failed with exit code {child.returncode}")
    figures = json.loads(out.read_text(encoding="utf-8"))
    figures.update({f"{part}_pss_mb": size / 2**20 for part, size in peaks.items()})
    return figures


def _pss_parts(process) -> dict[str, int]:
    """Bytes (PSS) of ``process`` alone, of the JVMs below it, and of every other process below it."""
    import psutil

    parts = {"driver": 0, "jvm": 0, "workers": 0}
    try:
        below = process.children(recursive=True)
        parts["driver"] = process.memory_full_info().pss
    except psutil.Error:
        return parts
    for p in below:
        try:
            parts["jvm" if p.name() == "java" else "workers"] += p.memory_full_info().pss
        except psutil.Error:
            pass
    return parts


def _mark(ok: bool) -> str:
    return "ok  " if ok else "MISS"


def bench_size(size: int, args: argparse.Namespace, root: Path) -> None:
    folder = Path(args.corpus) if args.corpus else root / f"corpus-{size}"
    if not args.corpus:
        start = time.perf_counter()
        generate(folder, size, seed=args.seed)
        print(f"\n== {size} documents (generated in {time.perf_counter() - start:.0f} s) ==", flush=True)
    local = run_measured("local", folder, args)
    print(f"local engine ({args.jobs} jobs)  {local['seconds']:7.1f} s   peak PSS: main process "
          f"{local['driver_pss_mb']:.0f} MB, workers {local['workers_pss_mb']:.0f} MB   stages: {_stages(local)}",
          flush=True)
    spark = run_measured("spark", folder, args)
    print(f"spark {args.master:17} {spark['seconds']:7.1f} s   peak PSS: driver (Python) {spark['driver_pss_mb']:.0f} MB,"
          f" JVM (driver and executors) {spark['jvm_pss_mb']:.0f} MB, executors' Python workers "
          f"{spark['workers_pss_mb']:.0f} MB   start-up {spark['startup']:.1f} s   stages: {_stages(spark)}")
    ratio = spark["seconds"] / local["seconds"]
    print(f"{_mark(ratio <= RATIO_TARGET)} spark / local time: {ratio:.2f} (target <= {RATIO_TARGET:g})")
    print(f"{_mark(spark['driver_pss_mb'] < DRIVER_MB_TARGET)} driver (Python) peak PSS under "
          f"{DRIVER_MB_TARGET} MB: {spark['driver_pss_mb']:.0f} MB")
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
    parser.add_argument("--driver-bytes", type=int, default=None,
                        help="most input bytes whose sketches the driver merges (0: none)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora")
    parser.add_argument("--corpus", help="an existing corpus folder instead of a generated one (one size)")
    parser.add_argument("--measure", choices=("local", "spark"), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        bounds = {name: value for name, value in (("driver_links", args.driver_links),
                                                   ("driver_bytes", args.driver_bytes)) if value is not None}
        _measure(args.measure, args.corpus, args.jobs, args.master, bounds, args.out)
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
