"""How fast ``dedup`` checks single articles, measured against what it cannot beat.

Run with ``make bench`` or ``python -m benchmarks.bench_check [--articles N]``. On a
seeded batch of generated articles, written to files in a temporary folder, it times:

1. ``check_text`` over the batch, reading each file (after one warm-up article);
2. the floor: reading, lower-casing and ``\\w+`` tokenising the same files;
3. Punkt alone, splitting each paragraph into sentences, for reference;
4. start-up: ``dedup check`` on one 1,000-word file as a subprocess, against
   ``python -c "import nltk, rapidfuzz"``, the imports it cannot avoid (both with
   bytecode cached, as for an installed package);
5. long articles, each in a process of its own for its peak memory: 1 MB and 4 MB of
   distinct paragraphs (4 MB should take at most 6 times the time and memory of 1 MB),
   and 2,000 identical paragraphs (under 5 s).

Throughput is in articles per second and MB/s (10^6 bytes of UTF-8 per second).
Targets are printed next to the figures. The exit code is 1 when a check crashed,
with the article saved to ``/tmp/crash-N.txt``, and 0 otherwise, whether targets
were met or not.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .corpus import article_of_words, generate_labelled

SEED = 20240611
CHECK_TO_FLOOR_TARGET = 20.0
PUNKT_TO_FLOOR_EXPECTED = 12.0
STARTUP_RATIO_TARGET = 1.3
STARTUP_RUNS = 7
FLOOR_PASSES = 5  # the floor is fast and noisy: its median pass is used
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True, slots=True)
class Throughput:
    label: str
    articles: int
    megabytes: float
    seconds: float

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds

    @property
    def mb_per_second(self) -> float:
        return self.megabytes / self.seconds


@dataclass(frozen=True, slots=True)
class Crash:
    article: int
    saved_to: str
    traceback: str


def write_batch(folder: Path, texts: list[str]) -> list[Path]:
    paths = []
    for i, text in enumerate(texts):
        path = folder / f"article-{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


# --- the three passes over the batch -----------------------------------------------------------


def time_check(paths: list[Path], first_number: int = 0) -> tuple[float, list[Crash]]:
    """Seconds to read and check every file; a crash is recorded and the run goes on.

    ``first_number`` is the number of the first file's article in the generated batch,
    so that a crash names the article ``generate_labelled`` would give again.
    """
    from dedup.pipeline import check_text

    crashes: list[Crash] = []
    started = time.perf_counter()
    for number, path in enumerate(paths, start=first_number):
        text = read(path)
        try:
            check_text(text, path=str(path))
        except Exception:
            crashes.append(_save_crash(number, text, traceback.format_exc()))
    return time.perf_counter() - started, crashes


def _save_crash(index: int, text: str, trace: str) -> Crash:
    saved = f"/tmp/crash-{index}.txt"
    Path(saved).write_text(text, encoding="utf-8")
    return Crash(index, saved, trace)


def floor_pass(paths: list[Path]) -> None:
    for path in paths:
        re.findall(r"\w+", read(path).lower())


def punkt_pass(paths: list[Path]) -> None:
    """nltk's Punkt on every paragraph (dedup itself skips it where sentence ends are plain)."""
    from dedup.punkt import _tokenizer

    tokenizer = _tokenizer()
    for path in paths:
        for paragraph in _PARAGRAPH_BREAK.split(read(path)):
            for _ in tokenizer.span_tokenize(paragraph):
                pass


def median_seconds(run: Callable[[], object], times: int) -> float:
    durations = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        durations.append(time.perf_counter() - started)
    return statistics.median(durations)


# --- start-up ----------------------------------------------------------------------------------


def dedup_command() -> list[str]:
    """The venv's ``dedup`` script next to this interpreter, else ``python -m dedup.cli``."""
    script = Path(sys.executable).with_name("dedup")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dedup.cli"]


def startup_seconds(article: Path, runs: int, pycache: Path) -> tuple[float, float]:
    """Median wall times of ``dedup check ARTICLE`` and of importing nltk and rapidfuzz.

    The two commands alternate, after one untimed run of each, so that drift in the
    machine's load affects both alike. Both may cache bytecode in ``pycache``: an
    installed package has compiled modules, and ``PYTHONDONTWRITEBYTECODE`` in the
    caller's environment would otherwise make ``dedup`` (and not nltk, compiled at
    install time) recompile its sources on every run.
    """
    check = dedup_command() + ["check", "--no-color", str(article)]
    imports = [sys.executable, "-c", "import nltk, rapidfuzz"]
    env = _bytecode_env(pycache)
    timings: dict[str, list[float]] = {"check": [], "imports": []}
    for round_ in range(runs + 1):
        for name, command in (("check", check), ("imports", imports)):
            seconds = _wall_time(command, env)
            if round_:
                timings[name].append(seconds)
    return statistics.median(timings["check"]), statistics.median(timings["imports"])


def _bytecode_env(pycache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)  # keeps compiled files out of the source tree
    return env


def _wall_time(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1 means findings, which is a normal outcome
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-2000:]}")
    return seconds


# --- long articles -----------------------------------------------------------------------------

LONG_RATIO_TARGET = 6.0
IDENTICAL_SECONDS_TARGET = 5.0
_LONG_RUN = """
import resource, sys, time
from benchmarks.corpus import distinct_paragraphs, identical_paragraphs
from dedup.pipeline import check_text
kind, amount = sys.argv[1], int(sys.argv[2])
text = distinct_paragraphs(amount, 1) if kind == "distinct" else identical_paragraphs(amount)
check_text("A short note. It is read once so that every model is loaded.\\n")
started = time.perf_counter()
check_text(text)
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


@dataclass(frozen=True, slots=True)
class LongRun:
    label: str
    seconds: float
    peak_bytes: int


def long_run(label: str, kind: str, amount: int) -> LongRun:
    """Check one generated article in a fresh process: seconds, and the process's peak memory."""
    done = subprocess.run([sys.executable, "-c", _LONG_RUN, kind, str(amount)], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent)
    if done.returncode != 0:
        raise RuntimeError(f"{label} failed: {done.stderr[-2000:]}")
    seconds, peak = done.stdout.split()
    return LongRun(label, float(seconds), int(peak))


def long_report(one: LongRun, four: LongRun, same: LongRun) -> str:
    time_ratio, memory_ratio = four.seconds / one.seconds, four.peak_bytes / one.peak_bytes
    rows = [f"  {r.label:<42} {r.seconds:>9.2f} s {r.peak_bytes / 1e6:>9.0f} MB peak" for r in (one, four, same)]
    return "\n".join([
        "long articles (each in its own process):", *rows,
        f"  4 MB / 1 MB: time {time_ratio:.1f}x, memory {memory_ratio:.1f}x   target <= {LONG_RATIO_TARGET:g}x   "
        f"{verdict(max(time_ratio, memory_ratio), LONG_RATIO_TARGET)}",
        f"  2,000 identical paragraphs: {same.seconds:.2f} s   target < {IDENTICAL_SECONDS_TARGET:g} s   "
        f"{verdict(same.seconds, IDENTICAL_SECONDS_TARGET)}",
    ])


def long_articles() -> str:
    return long_report(long_run("1 MB of distinct paragraphs", "distinct", 1_000_000),
                       long_run("4 MB of distinct paragraphs", "distinct", 4_000_000),
                       long_run("2,000 identical paragraphs", "identical", 2000))


# --- report ------------------------------------------------------------------------------------


def verdict(value: float, target: float) -> str:
    return "PASS" if value <= target else "MISS"


def throughput_line(t: Throughput) -> str:
    return f"  {t.label:<42} {t.per_second:>10,.1f} {t.mb_per_second:>9.3f} {t.seconds:>9.3f}"


def report(check: Throughput, floor: Throughput, punkt: Throughput, startup: tuple[float, float] | None,
           words: int, defective: int) -> str:
    check_ratio = check.seconds / floor.seconds
    punkt_ratio = punkt.seconds / floor.seconds
    lines = [
        f"dedup single-article benchmark: {check.articles} articles ({defective} with injected defects), "
        f"{check.megabytes:.2f} MB, seed {SEED}",
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end "
        "(figures are noisy when it nears the CPU count)",
        f"  {'':<42} {'articles/s':>10} {'MB/s':>9} {'seconds':>9}",
        throughput_line(check),
        throughput_line(floor),
        throughput_line(punkt),
        f"  check / floor: {check_ratio:,.1f}x   target <= {CHECK_TO_FLOOR_TARGET:g}x   "
        f"{verdict(check_ratio, CHECK_TO_FLOOR_TARGET)}",
        f"  Punkt / floor: {punkt_ratio:,.1f}x   reference, about {PUNKT_TO_FLOOR_EXPECTED:g}x expected",
    ]
    if startup is not None:
        check_s, imports_s = startup
        ratio = check_s / imports_s
        lines += [
            f"start-up (median of {STARTUP_RUNS} runs):",
            f"  dedup check ONE_FILE ({words:,} words)          {check_s:7.3f} s",
            f"  python -c 'import nltk, rapidfuzz'            {imports_s:7.3f} s",
            f"  ratio: {ratio:.2f}x   target <= {STARTUP_RATIO_TARGET:g}x   {verdict(ratio, STARTUP_RATIO_TARGET)}",
        ]
    return "\n".join(lines)


def crash_report(crashes: list[Crash]) -> str:
    parts = [f"{len(crashes)} article(s) crashed check_text (numbers index generate_labelled(N + 1, {SEED})):"]
    for c in crashes:
        parts.append(f"--- article {c.article}, saved to {c.saved_to}\n{c.traceback}")
    return "\n".join(parts)


def run(articles: int, with_startup: bool, with_long: bool = True) -> int:
    # Article 0 is the warm-up; articles 1..N are timed.
    generated = generate_labelled(articles + 1, SEED)
    batch = generated[1:]
    with tempfile.TemporaryDirectory(prefix="dedup-bench-") as folder:
        root = Path(folder)
        paths = write_batch(root, [a.text for a in generated])
        warm_path, paths = paths[0], paths[1:]
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        # Imports, word lists and tokenizer set-up are not per-article costs.
        _, crashes = time_check([warm_path], first_number=0)

        floor_pass(paths)  # warms the page cache and the regex cache
        floor = Throughput("floor (read + lower + \\w+ findall)", articles, megabytes,
                           median_seconds(lambda: floor_pass(paths), FLOOR_PASSES))
        punkt_pass(paths[:1])
        punkt = Throughput("Punkt alone (read + span_tokenize per paragraph)", articles, megabytes,
                           median_seconds(lambda: punkt_pass(paths), 3))
        check_seconds, batch_crashes = time_check(paths, first_number=1)
        crashes += batch_crashes
        check = Throughput("check_text (read + check)", articles, megabytes, check_seconds)

        startup = None
        words = 0
        if with_startup:
            one = root / "one-article.txt"
            one.write_text(article_of_words(1000, SEED), encoding="utf-8")
            words = len(read(one).split())
            startup = startup_seconds(one, STARTUP_RUNS, root / "pycache")

    print(report(check, floor, punkt, startup, words, sum(bool(a.defects) for a in batch)))
    if with_long:
        print(long_articles())
    if crashes:
        print(crash_report(crashes))
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_check", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="How many generated articles to check (default 300).")
    parser.add_argument("--no-startup", action="store_true", help="Skip the start-up timing of the dedup command.")
    parser.add_argument("--no-long", action="store_true", help="Skip the long and repetitive articles.")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    return run(args.articles, with_startup=not args.no_startup, with_long=not args.no_long)


if __name__ == "__main__":
    sys.exit(main())
