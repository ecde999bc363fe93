"""``--against DIR`` keeps the signatures of the published articles by content: a warm run gives
the results of a cold one, an edited or damaged entry is signed again, and only changed files are."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from dedup.against import compare
from dedup.batch import sigcache
from dedup.batch.config import BatchConfig
from dedup.batch.rules import BOILERPLATE, SHARED_PASSAGE
from dedup.batch.run import cross_article
from dedup.batch.sigcache import SignatureCache
from dedup.batch.walk import WalkOptions
from dedup.cli import main
from dedup.config import Settings

from .test_against import reworded
from .test_batch_helpers import article, near_copy, write_files, write_jsonl


def published_folder(root: Path) -> Path:
    """A published folder with copies among its own articles, and a configuration above it."""
    (root / "dedup.toml").write_text('fail-level = "error"\n')
    folder = root / "published"
    write_files(folder, {
        "2026/story.txt": article(21, paragraphs=6), "2026/other.txt": article(22, paragraphs=6),
        "2026/story-again.txt": near_copy(article(21, paragraphs=6)), "2025/told.md": reworded(article(24, 6)),
        "2025/twin.md": near_copy(article(22, paragraphs=6)), "2025/bom.txt": "\ufeff" + article(25),
        **{f"z/{i}.txt": article(300 + i) for i in range(6)},
    })
    return folder


def corpus_of(report: dict) -> dict[str, list[dict]]:
    """The ``corpus.*`` findings of each file of a JSON report, by file name."""
    return {f["path"].rsplit("/", 1)[-1]: [x for x in f["findings"] if x["rule"].startswith("corpus.")]
            for f in report["files"]}


def check(*args: str) -> tuple[dict, int]:
    result = CliRunner().invoke(main, ["check", "--format", "json", "--jobs", "1", *args])
    assert "Traceback" not in result.output, result.output
    return json.loads(result.stdout), result.exit_code


def entries(root: Path) -> list[Path]:
    return sorted(p for p in (root / ".dedup_cache" / "signatures").rglob("*") if p.is_file())


@pytest.fixture
def signed(monkeypatch) -> list[str]:
    """The paths stage 1 reads and signs, one job (so in this process)."""
    paths: list[str] = []
    real = sigcache._sign_task

    def counting(task):
        chunk, digests = real(task)
        paths.extend(os.path.relpath(ref.path) for ref in chunk.refs)
        return chunk, digests

    monkeypatch.setattr(sigcache, "_sign_task", counting)
    return paths


def test_a_warm_run_reports_what_a_cold_one_and_no_cache_do(tmp_path, monkeypatch, signed):
    monkeypatch.chdir(tmp_path)
    folder = published_folder(tmp_path)
    write_files(tmp_path / "new", {"copy.md": reworded(article(21, paragraphs=6)), "fresh.md": article(23),
                                   "same.txt": article(25)})
    args = ["--against", "published", "new/copy.md", "new/fresh.md", "new/same.txt"]
    cold, cold_code = check(*args)
    assert len(entries(tmp_path)) == len(list(folder.rglob("*.*")))  # one per published file, none for the new ones
    assert len(signed) == 15
    signed.clear()
    warm, warm_code = check(*args)
    assert sorted(signed) == ["new/copy.md", "new/fresh.md", "new/same.txt"]  # the published ones come from the cache
    uncached, uncached_code = check("--no-cache", *args)
    assert cold == warm == uncached and cold_code == warm_code == uncached_code == 0  # warnings, under the fail level
    found = corpus_of(warm)
    assert found["fresh.md"] == []
    assert [("story" in d["message"], d["details"]["kind"]) for d in found["copy.md"]] == [(True, "reworded")]
    assert [d["details"]["kind"] for d in found["same.txt"]] == ["exact"]  # the published file has a BOM


def test_cached_signatures_are_those_of_an_uncached_run(tmp_path):
    folder = published_folder(tmp_path)
    corpus = write_jsonl(folder / "feed.jsonl", [{"id": str(i), "text": article(40 + i % 3)} for i in range(5)])
    settings = dataclasses.replace(Settings(), ignore=(BOILERPLATE, SHARED_PASSAGE))
    config = BatchConfig(jobs=1, files_per_task=4)
    paths = [str(folder), str(corpus)]
    plain = cross_article(paths, WalkOptions(), config, settings)
    cache = SignatureCache(tmp_path / "cache")
    runs = [cross_article(paths, WalkOptions(), config, settings, cache=cache) for _ in range(2)]
    assert cache.loaded == 12 and cache.signed == [f"{corpus}#{i}" for i in range(5)]  # JSONL lines are not kept
    for run in runs:
        assert run.signatures.refs == plain.signatures.refs and run.clusters == plain.clusters
        for name in ("chars", "words", "dates", "exact", "shingles", "stem_offsets", "stems", "passages",
                     "passage_sigs"):
            assert np.array_equal(getattr(run.signatures, name), getattr(plain.signatures, name), equal_nan=True), name
        for name in ("doc", "kind", "start", "end", "line", "key", "words"):
            assert np.array_equal(getattr(run.signatures.units, name), getattr(plain.signatures.units, name)), name
    assert len(plain.clusters) >= 3


def test_an_edited_article_is_signed_again(tmp_path, monkeypatch, signed):
    monkeypatch.chdir(tmp_path)
    published_folder(tmp_path)
    write_files(tmp_path, {"new.md": reworded(article(21, paragraphs=6))})
    args = ["--against", "published", "new.md"]
    first, _ = check(*args)
    [duplicate] = corpus_of(first)["new.md"]
    assert duplicate["details"]["kept"] in ("published/2026/story.txt", "published/2026/story-again.txt")
    signed.clear()
    # Another story in place of the one copied, and the copied one where another was.
    (tmp_path / "published/2026/story.txt").write_text(article(77, paragraphs=6))
    (tmp_path / "published/2026/story-again.txt").write_text(article(78, paragraphs=6))
    (tmp_path / "published/z/3.txt").write_text(article(21, paragraphs=6))
    second, _ = check(*args)
    # z/3.txt now holds what story.txt held: that signature is found by content.
    assert sorted(signed) == ["new.md", "published/2026/story-again.txt", "published/2026/story.txt"]
    [duplicate] = corpus_of(second)["new.md"]
    assert duplicate["details"]["kept"] == "published/z/3.txt"
    assert second == check("--no-cache", *args)[0]


def test_changed_settings_or_code_do_not_read_old_signatures(tmp_path, monkeypatch):
    folder = published_folder(tmp_path)
    settings = dataclasses.replace(Settings(), ignore=(BOILERPLATE, SHARED_PASSAGE))
    cache = SignatureCache(tmp_path / "cache")
    cross_article([str(folder)], WalkOptions(), BatchConfig(), settings, cache=cache)
    cross_article([str(folder)], WalkOptions(), BatchConfig(jobs=2, files_per_task=3), settings, cache=cache)
    assert cache.loaded == 12 and cache.signed == []  # how the work is split does not matter
    cross_article([str(folder)], WalkOptions(), BatchConfig(shingle_size=4), settings, cache=cache)
    assert cache.loaded == 0 and len(cache.signed) == 12
    monkeypatch.setattr(sigcache, "code_fingerprint", lambda: "another version")
    cross_article([str(folder)], WalkOptions(), BatchConfig(), settings, cache=cache)
    assert cache.loaded == 0 and len(cache.signed) == 12


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # cut short
    lambda data: data[:-5] + bytes([data[-5] ^ 1]) + data[-4:],  # one bit flipped in the arrays
    lambda data: data[:40] + bytes([data[40] ^ 0xFF]) + data[41:],  # a count in the header
    lambda data: b"",
    lambda data: b"PK\x03\x04 something else entirely",
])
def test_a_corrupt_entry_is_signed_again_and_rewritten(tmp_path, monkeypatch, signed, damage):
    monkeypatch.chdir(tmp_path)
    published_folder(tmp_path)
    write_files(tmp_path, {"new.md": reworded(article(21, paragraphs=6))})
    args = ["--against", "published", "new.md"]
    cold, _ = check(*args)
    stored = entries(tmp_path)
    damaged = stored[::4]
    for path in damaged:
        path.write_bytes(damage(path.read_bytes()))
    signed.clear()
    again, _ = check(*args)
    assert again == cold
    assert len(signed) == len(damaged) + 1  # the damaged ones and the new article
    assert entries(tmp_path) == stored
    signed.clear()
    check(*args)
    assert signed == ["new.md"]  # rewritten whole


def test_no_configuration_or_no_cache_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = published_folder(tmp_path)
    write_files(tmp_path, {"new.md": article(23)})
    check("--no-cache", "--against", "published", "new.md")
    assert not (tmp_path / ".dedup_cache").exists()
    (tmp_path / "dedup.toml").unlink()
    check("--against", "published", "new.md")
    assert not (tmp_path / ".dedup_cache").exists() and not (folder / ".dedup_cache").exists()


def test_an_unwritable_cache_is_no_cache(tmp_path):
    folder = published_folder(tmp_path)
    (tmp_path / "cache").write_text("a file where the folder would be")
    write_files(tmp_path, {"new.md": reworded(article(21, paragraphs=6))})
    found = compare([str(tmp_path / "new.md")], str(folder), Settings(), WalkOptions(), BatchConfig(),
                    tmp_path / "cache" / "signatures")
    assert found.cache.written == 0 and len(found.cache.signed) == 13
    [(_, [match])] = found.matches.items()
    assert "story" in match.name

