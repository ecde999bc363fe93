"""Stages 1 and 2 past the driver's bound: the sketches stay on the executors.

Below ``dedup.driver.bytes`` of input, the driver merges every task's signatures as the
local main process does (faster for small corpora). Past it, nothing holds the corpus's
sketches in one process:

1. The executors sign the articles (:func:`~dedup.batch.signatures.sign_task`) and stem
   their words. Each task's result is split: what the later stages and the report need of
   each article (its reference, lengths, keys and the places of its lines and paragraphs)
   goes to the driver, which puts it in article order as :class:`ChunkStore` does; the
   sketches (word-shingle MinHashes, content stems, paragraph MinHashes) stay in a
   DataFrame on the executors.
2. Document frequencies of the stems are summed on the executors; the driver receives the
   table (one entry per distinct stem, not per article) and hands it back to every
   executor, which sketches its articles' rare stems as the local engine does.
3. Each executor writes one band row per article (or paragraph) and band, holding the
   band's exact values. Rows are grouped on ``(index, band, values)``, so each bucket
   holds what the local engine's bucket holds; the pairs of each bucket
   (:func:`~dedup.batch.minhash.bucket_pairs`) are made distinct on the executors.
4. Each pair is joined with both sides' sketches and measured there, with the local
   engine's functions (:func:`~dedup.batch.candidates.plausible_pairs`,
   :func:`~dedup.batch.candidates.agreement`), pair by pair, so each figure is the same
   number. Only the pairs worth verifying come back, sorted, as :class:`Candidates`.

Every choice rests on the articles' rows (their sorted order) and exact values, never on
partitions or arrival order.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Callable, Iterator

import numpy as np

from ..candidates import (
    MIN_PASSAGE_AGREEMENT, MIN_SHINGLE_AGREEMENT, Candidates, StemTable, agreement, eligible_articles,
    exact_groups, plausible_pairs, rare_stem_signatures,
)
from ..config import BatchConfig
from ..features import StemHashes
from ..minhash import bucket_pairs
from ..parallel import workers
from ..signatures import ChunkStore, Signatures, article_stems, make_tasks, sign_task
from ..walk import InputFile
from . import SparkJobFailed
from .files import task_rows
from .session import first_line

DEFAULT_DRIVER_BYTES = 256 * 2**20  # input bytes whose sketches are merged on the driver; more stay on executors

# Kinds of the rows the executors derive from the sketches.
SHINGLE_BAND, RARE_BAND, PASSAGE_BAND, ARTICLE, PASSAGE = range(5)
DOCS, PASSAGES = 0, 1  # kinds of candidate pairs
DERIVED = "kind byte, band int, value binary, id long"
SIGNED = "task long, light binary, heavy binary"


@dataclass(slots=True)
class TaskSketches:
    """The sketches of one task's articles, in the order read (they stay on the executors)."""

    words: np.ndarray  # int64[k]
    shingles: np.ndarray  # uint32[k, num_perm]
    stems: np.ndarray  # uint32[s]: each article's sorted distinct content stems, one article after another
    stem_counts: np.ndarray  # int64[k]
    unit_counts: np.ndarray  # int64[k]
    passage: np.ndarray  # bool[u]: which of the task's units are long paragraphs
    passage_sigs: np.ndarray  # uint32[m, passage_perm]


@dataclass(slots=True)
class ArticleSketches:
    """Sketches of a few articles, shaped as the parts of :class:`Signatures` the pair measures read."""

    words: np.ndarray
    shingles: np.ndarray
    stems: np.ndarray
    stem_offsets: np.ndarray

    def __len__(self) -> int:
        return len(self.words)


def input_bytes(files: list[InputFile]) -> int:
    """The size of the input files, which decides where the sketches are kept."""
    total = 0
    for f in files:
        if f.remote is not None:
            total += f.remote.size
            continue
        try:
            total += os.path.getsize(f.path)
        except OSError:
            pass  # reported when it is read
    return total


def signed_candidates(session, files: list[InputFile], config: BatchConfig, partitions: int | None,
                      task_frame: Callable[[list, int], Any]) -> tuple[Signatures, Candidates, list]:
    """Stages 1 and 2 with the sketches kept on the executors; ``task_frame(tasks, slices)`` is the
    engine's DataFrame of the tasks (:meth:`.engine.SparkEngine.task_frame`).

    Returns the article-level :class:`Signatures` (no sketches: ``shingles``, ``stems``
    and ``passage_sigs`` are empty), the candidate pairs and the input errors.
    """
    from pyspark import StorageLevel

    tasks = make_tasks(files, config)
    context = session.sparkContext
    slices = max(1, min(partitions or context.defaultParallelism * 4, len(tasks)))
    try:
        signed = (task_frame(tasks, slices)
                  .mapInArrow(partial(_sign_partition, config), SIGNED)
                  .persist(StorageLevel.MEMORY_AND_DISK))
        sigs, errors, reading, sizes = _article_rows(signed.select("task", "light").toLocalIterator(), len(tasks),
                                                     config)
        table = _stem_table(signed, len(sigs))
        corpus = _corpus_facts(sigs, config, reading, sizes, table)
        shared = context.broadcast(corpus)
        derived = (signed.select("task", "heavy")
                   .mapInArrow(partial(_derive_partition, config, shared), DERIVED)
                   .persist(StorageLevel.MEMORY_AND_DISK))
        derived.count()  # made once, so that the signed tasks can go
        signed.unpersist()
        pairs = bucketed_pairs(derived).persist(StorageLevel.MEMORY_AND_DISK)
        doc_pairs, agree, coverage = _measured_doc_pairs(pairs, derived, config, shared)
        passage_pairs = _measured_passage_pairs(pairs, derived)
        for frame in (pairs, derived):
            frame.unpersist()
        shared.unpersist()
    except SparkJobFailed:
        raise
    except Exception as exc:
        raise SparkJobFailed(first_line(exc)) from None
    found = Candidates(corpus["exact_pairs"], doc_pairs, agree, coverage, passage_pairs)
    return sigs, found, errors


# --- 1. signatures ----------------------------------------------------------------------------------


def _sign_partition(config: BatchConfig, batches) -> Iterator:
    """Executor: sign each task; the article rows travel to the driver, the sketches stay."""
    import pyarrow as pa

    schema = pa.schema([("task", pa.int64()), ("light", pa.binary()), ("heavy", pa.binary())])
    stem_hashes = StemHashes()
    with workers(1, {"config": config}):
        for index, task in task_rows(batches):
            chunk = sign_task(task)
            stems, stem_counts = article_stems(chunk, stem_hashes)
            k = len(chunk.refs)
            heavy = TaskSketches(chunk.words, chunk.shingles, stems, stem_counts, chunk.unit_counts,
                                 chunk.units[:, 5].astype(bool), chunk.passage_sigs)
            light = replace(chunk, shingles=chunk.shingles[:, :0], vocabulary=[],
                            word_sets=np.zeros(0, np.int32), word_set_sizes=np.zeros(k, np.int64),
                            passage_sigs=chunk.passage_sigs[:, :0])
            yield pa.RecordBatch.from_pydict(
                {"task": [index], "light": [pickle.dumps(light, protocol=pickle.HIGHEST_PROTOCOL)],
                 "heavy": [pickle.dumps(heavy, protocol=pickle.HIGHEST_PROTOCOL)]}, schema=schema)


def _article_rows(rows, count: int, config: BatchConfig) -> tuple[Signatures, list, np.ndarray, np.ndarray]:
    """The article-level :class:`Signatures` from the light halves of the tasks, read in task order;
    ``reading``, the article row of each article in the order read (task after task); and how
    many articles each task read."""
    store = ChunkStore()
    sort_keys: list[tuple] = []
    sizes: list[int] = []
    expected = 0
    for row in rows:
        if row.task != expected:
            raise SparkJobFailed(f"signatures came out of order (task {row.task}, expected {expected})")
        chunk = pickle.loads(row.light)
        store.add(chunk, (np.zeros(0, np.uint32), np.zeros(len(chunk.refs), np.int64)))
        sort_keys.extend(ref.sort_key() for ref in chunk.refs)
        sizes.append(len(chunk.refs))
        expected += 1
    if expected != count:
        raise SparkJobFailed(f"{count} signature tasks gave {expected} results")
    sigs, errors = store.finish(config)
    order = sorted(range(len(sort_keys)), key=sort_keys.__getitem__)  # as ChunkStore.finish orders them
    reading = np.empty(len(order), np.int64)
    reading[np.array(order, np.int64)] = np.arange(len(order))
    return sigs, errors, reading, np.array(sizes, np.int64)


# --- 2. stem frequencies -------------------------------------------------------------------------------


def _stem_table(signed, articles: int) -> StemTable:
    """How many articles have each content stem, summed on the executors."""
    counted = signed.select("heavy").rdd.map(_task_stem_counts)
    hashes, counts = counted.treeReduce(_merge_counts, depth=3)
    return StemTable(hashes, counts, articles)


def _task_stem_counts(row) -> tuple[np.ndarray, np.ndarray]:
    sketches: TaskSketches = pickle.loads(row.heavy)
    hashes, counts = np.unique(sketches.stems, return_counts=True)
    return hashes, counts.astype(np.int64)


def _merge_counts(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Two (sorted distinct hashes, counts) tables as one.

    >>> [x.tolist() for x in _merge_counts((np.array([1, 5], np.uint32), np.array([2, 1])),
    ...                                     (np.array([5, 7], np.uint32), np.array([3, 1])))]
    [[1, 5, 7], [2, 4, 1]]
    """
    hashes = np.concatenate([a[0], b[0]])
    counts = np.concatenate([a[1], b[1]])
    order = np.argsort(hashes, kind="stable")
    hashes, counts = hashes[order], counts[order]
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]]) if len(hashes) else np.zeros(0, np.int64)
    return hashes[starts], (np.add.reduceat(counts, starts) if len(starts) else counts).astype(np.int64)


def _corpus_facts(sigs: Signatures, config: BatchConfig, reading: np.ndarray, sizes: np.ndarray,
                  table: StemTable) -> dict:
    """What every executor needs to know of the whole corpus (a few numbers per article, one per stem)."""
    units = sigs.units
    n = len(sigs)
    exact_pairs, representatives = exact_groups(sigs, eligible_articles(sigs, config))
    represents = np.zeros(n, bool)
    represents[representatives] = True
    # One paragraph per distinct text is bucketed (the first by row), as passage_candidates does.
    rows = sigs.passages
    chosen = np.zeros(len(units.doc), bool)
    if len(rows):
        order = np.lexsort((rows, units.key[rows]))
        keys = units.key[rows[order]]
        chosen[rows[order[np.r_[True, keys[1:] != keys[:-1]]]]] = True
    return {
        "articles": n, "reading": reading, "task_starts": np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
        "represents": represents, "chosen": chosen,
        "unit_offsets": np.concatenate([[0], np.cumsum(np.bincount(units.doc, minlength=n))]).astype(np.int64),
        "stem_hashes": table.hashes, "stem_counts": table.counts, "exact_pairs": exact_pairs,
    }


# --- 3. band rows and buckets ----------------------------------------------------------------------------


def _derive_partition(config: BatchConfig, shared, batches) -> Iterator:
    """Executor: band rows of each task's articles and paragraphs, and the sketches pairs are measured on.

    ``reading`` gives each article its row; a task's articles come one after another in it,
    in the order the task read them.
    """
    corpus = shared.value
    table = StemTable(corpus["stem_hashes"], corpus["stem_counts"], corpus["articles"])
    starts = corpus["task_starts"]
    for batch in batches:
        columns = batch.to_pydict()
        for index, heavy in zip(columns["task"], columns["heavy"]):
            sketches: TaskSketches = pickle.loads(heavy)
            first = starts[index]
            rows = corpus["reading"][first : first + len(sketches.words)]
            yield from _task_rows(sketches, rows, corpus, table, config)


def _task_rows(sketches: TaskSketches, rows: np.ndarray, corpus: dict, table: StemTable,
               config: BatchConfig) -> Iterator:
    import pyarrow as pa

    offsets = np.concatenate([[0], np.cumsum(sketches.stem_counts)]).astype(np.int64)
    part = ArticleSketches(sketches.words, sketches.shingles, sketches.stems, offsets)
    frequencies = table.frequencies(sketches.stems)
    rare, rare_rows = rare_stem_signatures(part, frequencies, config, articles=corpus["articles"])
    represents = corpus["represents"][rows]
    has_rare = np.zeros(len(rows), bool)
    has_rare[rare_rows] = True
    yield _band_batch(SHINGLE_BAND, sketches.shingles[represents], rows[represents], *config.doc_bands)
    yield _band_batch(RARE_BAND, rare[represents & has_rare], rows[represents & has_rare], *config.rare_bands)
    # Paragraphs: each unit's row in the corpus is its article's first unit row plus its place in the article.
    unit_counts = sketches.unit_counts
    local_doc = np.repeat(np.arange(len(rows)), unit_counts)
    place = np.arange(len(local_doc)) - np.repeat(np.cumsum(unit_counts) - unit_counts, unit_counts)
    unit_rows = corpus["unit_offsets"][rows[local_doc]] + place
    passage_rows = unit_rows[sketches.passage]
    chosen = corpus["chosen"][passage_rows]
    passage_sigs = sketches.passage_sigs[chosen]
    yield _band_batch(PASSAGE_BAND, passage_sigs, passage_rows[chosen], *config.passage_bands)
    yield _rows_batch(PASSAGE, rows[local_doc[sketches.passage][chosen]].astype(np.int32),
                      _binary(passage_sigs), passage_rows[chosen])
    # The articles that may be in a pair: their words, both MinHashes and their stems, as one value.
    values = [np.concatenate([sketches.shingles[i], rare[i], sketches.stems[offsets[i] : offsets[i + 1]]]).tobytes()
              for i in np.flatnonzero(represents).tolist()]
    yield _rows_batch(ARTICLE, sketches.words[represents].astype(np.int32), pa.array(values, pa.binary()),
                      rows[represents])


def _band_batch(kind: int, signatures: np.ndarray, ids: np.ndarray, bands: int, band_rows: int):
    """One row per (id, band): the band's exact values as bytes."""
    values = np.ascontiguousarray(signatures[:, : bands * band_rows]).reshape(len(ids) * bands, band_rows)
    return _rows_batch(kind, np.tile(np.arange(bands, dtype=np.int32), len(ids)), _binary(values),
                       np.repeat(ids.astype(np.int64), bands))


def _binary(matrix: np.ndarray):
    """An Arrow binary array with one value per row of a ``uint32`` matrix (its bytes)."""
    import pyarrow as pa

    matrix = np.ascontiguousarray(matrix, dtype=np.uint32)
    width = matrix.shape[1] * 4 if matrix.ndim == 2 else 0
    offsets = (np.arange(len(matrix) + 1, dtype=np.int32) * width)
    return pa.Array.from_buffers(pa.binary(), len(matrix), [None, pa.py_buffer(offsets), pa.py_buffer(matrix)])


def _rows_batch(kind: int, band: np.ndarray, values, ids: np.ndarray):
    import pyarrow as pa

    return pa.RecordBatch.from_arrays(
        [pa.array(np.full(len(ids), kind, np.int8)), pa.array(band, pa.int32()), values,
         pa.array(ids, pa.int64())], names=["kind", "band", "value", "id"])


def bucketed_pairs(derived):
    """Distinct candidate pairs ``(kind, a, b)``, ``a < b``: the pairs of every bucket of equal band values."""
    from pyspark.sql import functions as F

    buckets = (derived.where(F.col("kind") <= PASSAGE_BAND)
               .groupBy("kind", "band", "value").agg(F.collect_list("id").alias("members"))
               .where(F.size("members") > 1).select("kind", "members"))
    return buckets.mapInArrow(_bucket_partition, "kind byte, a long, b long").distinct()


def _bucket_partition(batches) -> Iterator:
    """Executor: the pairs of each bucket, as the local engine makes them (:func:`bucket_pairs`)."""
    import pyarrow as pa

    for batch in batches:
        kinds = batch.column("kind").to_numpy()
        members = batch.column("members")
        sizes = np.diff(members.offsets.to_numpy())
        flat = members.flatten().to_numpy()
        for kind, pair_kind in ((SHINGLE_BAND, DOCS), (RARE_BAND, DOCS), (PASSAGE_BAND, PASSAGES)):
            which = kinds == kind
            if not which.any():
                continue
            starts = np.cumsum(sizes) - sizes
            picked = np.concatenate([flat[s : s + z] for s, z in zip(starts[which], sizes[which])])
            pairs = np.sort(bucket_pairs(picked, sizes[which]), axis=1)
            pairs = pairs[pairs[:, 0] != pairs[:, 1]]
            yield pa.RecordBatch.from_arrays(
                [pa.array(np.full(len(pairs), pair_kind, np.int8)), pa.array(pairs[:, 0]), pa.array(pairs[:, 1])],
                names=["kind", "a", "b"])


# --- 4. pairs measured against both sides' sketches -------------------------------------------------------


def _joined(pairs, derived, kind: int, side_kind: int):
    """Pairs of ``kind`` with both sides' rows of ``side_kind`` (``band`` and ``value`` of each side)."""
    from pyspark.sql import functions as F

    sides = derived.where(F.col("kind") == side_kind).select("id", "band", "value")
    left = sides.select(F.col("id").alias("a"), F.col("band").alias("band_a"), F.col("value").alias("value_a"))
    right = sides.select(F.col("id").alias("b"), F.col("band").alias("band_b"), F.col("value").alias("value_b"))
    return pairs.where(F.col("kind") == kind).select("a", "b").join(left, "a").join(right, "b")


def _measured_doc_pairs(pairs, derived, config: BatchConfig, shared) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The article pairs worth verifying, sorted, with their shingle agreement and content coverage."""
    joined = _joined(pairs, derived, DOCS, ARTICLE)
    measured = joined.mapInArrow(partial(_measure_docs, config, shared), "a long, b long, agree double, cover double")
    found = _collected(measured, ("a", "b", "agree", "cover"))
    order = np.lexsort((found["b"], found["a"]))
    doc_pairs = np.stack([found["a"][order], found["b"][order]], axis=1).astype(np.int64).reshape(-1, 2)
    return doc_pairs, found["agree"][order], found["cover"][order]


def _measure_docs(config: BatchConfig, shared, batches) -> Iterator:
    """Executor: :func:`plausible_pairs` and the local engine's keep rule on a batch of joined pairs."""
    import pyarrow as pa

    corpus = shared.value
    table = StemTable(corpus["stem_hashes"], corpus["stem_counts"], corpus["articles"])
    num_perm, rare_perm = config.num_perm, config.rare_perm
    for batch in batches:
        k = batch.num_rows
        if not k:
            continue
        first, second = batch.column("a").to_numpy(), batch.column("b").to_numpy()
        words = np.concatenate([batch.column("band_a").to_numpy(), batch.column("band_b").to_numpy()]).astype(np.int64)
        values = [np.frombuffer(v, np.uint32) for v in
                  batch.column("value_a").to_pylist() + batch.column("value_b").to_pylist()]
        shingles = np.stack([v[:num_perm] for v in values])
        rare = np.stack([v[num_perm : num_perm + rare_perm] for v in values])
        stems = [v[num_perm + rare_perm :] for v in values]
        offsets = np.concatenate([[0], np.cumsum([len(s) for s in stems])]).astype(np.int64)
        part = ArticleSketches(words, shingles, np.concatenate(stems).astype(np.uint32), offsets)
        local = np.stack([np.arange(k), np.arange(k) + k], axis=1).astype(np.int64)
        kept, agree, cover = plausible_pairs(part, table, table.frequencies(part.stems), rare, local)
        keep = (agree >= MIN_SHINGLE_AGREEMENT) | (cover >= config.reworded_coverage)
        at = kept[keep, 0]
        yield pa.RecordBatch.from_arrays(
            [pa.array(first[at]), pa.array(second[at]), pa.array(agree[keep]), pa.array(cover[keep])],
            names=["a", "b", "agree", "cover"])


def _measured_passage_pairs(pairs, derived) -> np.ndarray:
    """Paragraph pairs of different articles whose MinHashes agree enough, sorted."""
    joined = _joined(pairs, derived, PASSAGES, PASSAGE)
    measured = joined.mapInArrow(_measure_passages, "a long, b long")
    found = _collected(measured, ("a", "b"))
    order = np.lexsort((found["b"], found["a"]))
    return np.stack([found["a"][order], found["b"][order]], axis=1).astype(np.int64).reshape(-1, 2)


def _measure_passages(batches) -> Iterator:
    import pyarrow as pa

    for batch in batches:
        if not batch.num_rows:
            continue
        sigs = np.stack([np.frombuffer(v, np.uint32) for v in
                         batch.column("value_a").to_pylist() + batch.column("value_b").to_pylist()])
        k = batch.num_rows
        close = agreement(sigs, np.arange(k), np.arange(k) + k) >= MIN_PASSAGE_AGREEMENT
        other = batch.column("band_a").to_numpy() != batch.column("band_b").to_numpy()
        keep = close & other
        yield pa.RecordBatch.from_arrays([pa.array(batch.column("a").to_numpy()[keep]),
                                          pa.array(batch.column("b").to_numpy()[keep])], names=["a", "b"])


def _collected(frame, names: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The columns of a small result, gathered on the driver as numpy arrays."""
    parts: dict[str, list] = {name: [] for name in names}
    for row in frame.collect():
        for name in names:
            parts[name].append(row[name])
    return {name: np.array(values, np.float64 if name in ("agree", "cover") else np.int64)
            for name, values in parts.items()}
