"""What the repository features cost and save: the result cache, suppression comments, and the
signature cache of ``--against``.

Run with ``make bench-repo`` or ``python -m benchmarks.bench_repo [--articles N] [--against-articles N]``.
On a seeded batch of generated articles written to a temporary content repository (with a
``dedup.toml``), it times ``dedup check`` over all of them as a subprocess:

1. cold: the first run, which analyses every file and fills ``.dedup_cache/``;
2. warm: the same run again, every file read back from the cache;
3. ``--no-cache``: every file analysed, nothing read or written;
4. in process, ``check_text`` on each article with and without a suppression comment on top, for
   what reading the comments and running every rule once more for ``suppression.unused`` costs.

Then, on a published folder of generated articles (5,000 by default, the batch benchmark's corpus,
about 32 MB) in another repository, ``dedup check NEW.md --against published/`` for one new article
that copies a published one: cold (signing every article and filling the signature cache), warm
(every signature read back), warm after one published article was edited (only it is signed
again), and ``--no-cache``.

Targets are printed next to the figures; the exit code is 0 whether they were met or not.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .batch_corpus import generate as generate_corpus
from .corpus import generate_articles

SEED = 20261206
WARM_TO_COLD_TARGET = 0.25  # a warm run takes at most this share of a cold one


def timed_check(folder: Path, files: list[str], *extra: str) -> float:
    start = time.perf_counter()
    # --per-file, as the pre-commit hook runs it: files named together are otherwise one batch.
    subprocess.run([sys.executable, "-m", "dedup.cli", "check", "--per-file", "--fail-level", "error", *extra, *files],
                   cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                   check=False)
    return time.perf_counter() - start


def timed_against(folder: Path, *extra: str) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "dedup.cli", "check", "--format", "json", *extra, "--against",
                           "published", "new.md"], cwd=folder, capture_output=True, stdin=subprocess.DEVNULL,
                          check=False)
    elapsed = time.perf_counter() - start
    if "corpus.duplicate-article" not in done.stdout.decode():
        raise SystemExit(f"--against did not find the copy: {done.stderr.decode()[-2000:]}")
    return elapsed


def bench_against(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "dedup.toml").write_text('fail-level = "error"\n')
        generate_corpus(folder / "published", count)
        published = sorted((folder / "published").rglob("*.txt"))
        size = sum(p.stat().st_size for p in published) / 1e6
        (folder / "new.md").write_text(published[len(published) // 2].read_text(encoding="utf-8"), encoding="utf-8")
        cold = timed_against(folder)
        warm = timed_against(folder)
        edited = published[len(published) // 3]
        edited.write_text(edited.read_text(encoding="utf-8") + "\nA line added after publication.\n", encoding="utf-8")
        one_changed = timed_against(folder)
        uncached = timed_against(folder, "--no-cache")
        entries = sum(1 for p in (folder / ".dedup_cache" / "signatures").rglob("*") if p.is_file())
        print(f"--against: {len(published)} published articles, {size:.1f} MB; {entries} signature entries")
        print(f"cold (signs every article, fills the cache)  {cold:7.2f} s")
        print(f"warm (every signature from the cache)        {warm:7.2f} s   {warm / cold:.2f} of cold")
        print(f"warm, one published article edited          {one_changed:7.2f} s")
        print(f"--no-cache                                   {uncached:7.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--against-articles", type=int, default=5000, help="0 leaves out the --against runs")
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
    if args.against_articles:
        bench_against(args.against_articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
