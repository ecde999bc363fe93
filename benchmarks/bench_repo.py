"""What the repository features cost and save: the result cache, and suppression comments.

Run with ``make bench-repo`` or ``python -m benchmarks.bench_repo [--articles N]``. On a seeded
batch of generated articles written to a temporary content repository (with a ``dedup.toml``), it
times ``dedup check`` over all of them as a subprocess:

1. cold: the first run, which analyses every file and fills ``.dedup_cache/``;
2. warm: the same run again, every file read back from the cache;
3. ``--no-cache``: every file analysed, nothing read or written;
4. in process, ``check_text`` on each article with and without a suppression comment on top, for
   what reading the comments and running every rule once more for ``suppression.unused`` costs.

Targets are printed next to the figures; the exit code is 0 whether they were met or not.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .corpus import generate_articles

SEED = 20261206
WARM_TO_COLD_TARGET = 0.25  # a warm run takes at most this share of a cold one


def timed_check(folder: Path, files: list[str], *extra: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dedup.cli", "check", "--fail-level", "error", *extra, *files],
                   cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                   check=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    articles = generate_articles(args.articles, seed=SEED)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "dedup.toml").write_text('fail-level = "error"\n')
        files = []
        for i, text in enumerate(articles):
            name = f"a{i:04}.md"
            (folder / name).write_text(text, encoding="utf-8")
            files.append(name)
        size = sum(len(t.encode()) for t in articles) / 1e6
        cold = timed_check(folder, files)
        warm = timed_check(folder, files)
        uncached = timed_check(folder, files, "--no-cache")
        print(f"{len(files)} articles, {size:.2f} MB")
        print(f"cold (fills the cache)   {cold:7.2f} s")
        print(f"warm (from the cache)    {warm:7.2f} s   {warm / cold:.2f} of cold (target <= {WARM_TO_COLD_TARGET})")
        print(f"--no-cache               {uncached:7.2f} s")

    from dedup import check_text

    sample = articles[: min(50, len(articles))]
    check_text(sample[0])  # warm-up: imports and models
    start = time.perf_counter()
    for text in sample:
        check_text(text)
    plain = time.perf_counter() - start
    start = time.perf_counter()
    for text in sample:
        check_text("<!-- dedup-disable-next-line truncation -->\n" + text)
    commented = time.perf_counter() - start
    print(f"check_text, {len(sample)} articles: {plain:.2f} s plain, {commented:.2f} s with a suppression comment "
          f"({commented / plain:.2f}x; with the default settings the rules run once)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
