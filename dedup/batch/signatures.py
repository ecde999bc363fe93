"""Stage 1, signatures: read each article once and keep only numbers about it.

Workers read a task's articles (a few files, or a byte range of a JSONL file) and return
a :class:`SignedChunk` of numpy arrays; :func:`merge_chunks` puts every chunk in
article order (sorted by :meth:`DocRef.sort_key`) as one :class:`Signatures`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from ..io import InputError, read_source
from ..similarity import permutations
from .config import BatchConfig
from .corpus import DocRef, file_date, jsonl_chunks, read_records
from .features import BLOCK, Vocabulary, loose_key, units
from .minhash import permuted, shingle_hashes
from .parallel import stage_state
from .walk import InputFile


@dataclass(slots=True)
class Units:
    """Every line and paragraph of every article (row ``u``), ordered by article then position."""

    doc: np.ndarray  # int32[u]: the article
    kind: np.ndarray  # uint8[u]: features.LINE or features.BLOCK
    start: np.ndarray  # int32[u]: offsets into the article's text
    end: np.ndarray  # int32[u]
    line: np.ndarray  # int32[u]: 1-based line number of start
    key: np.ndarray  # uint64[u]: hash of the folded text
    words: np.ndarray  # int32[u]


@dataclass(slots=True)
class Signatures:
    """What stage 1 knows of ``n`` articles; row ``i`` is ``refs[i]``, refs sorted."""

    refs: list[DocRef]
    chars: np.ndarray  # int64[n]: length of the text in code points
    words: np.ndarray  # int64[n]: number of word tokens
    dates: np.ndarray  # float64[n]: file mtime or --date-field timestamp; NaN when unknown
    exact: np.ndarray  # uint64[n]: key of the token sequence (equal for verbatim copies)
    shingles: np.ndarray  # uint32[n, num_perm]: MinHash of word shingles
    stem_offsets: np.ndarray  # int64[n + 1]: stems[stem_offsets[i]:stem_offsets[i + 1]] belong to i
    stems: np.ndarray  # uint32[s]: sorted unique content-stem hashes of each article
    units: Units
    passages: np.ndarray  # int64[m]: rows of ``units`` that are long paragraphs
    passage_sigs: np.ndarray  # uint32[m, passage_perm]: MinHash of each passage's shingles

    def __len__(self) -> int:
        return len(self.refs)


@dataclass(slots=True)
class SignedChunk:
    """One task's articles, in the order read. Ragged data is concatenated, with a count per article.

    While a worker fills it the fields are lists; :meth:`pack` turns them into a few arrays,
    which travel and merge cheaply.
    """

    refs: list[DocRef] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    chars: list = field(default_factory=list)  # int64[k]
    words: list = field(default_factory=list)  # int64[k]
    dates: list = field(default_factory=list)  # float64[k]
    exact: list = field(default_factory=list)  # uint64[k]
    shingles: list = field(default_factory=list)  # uint32[k, num_perm]
    stems: list = field(default_factory=list)  # uint32[sum of stem counts]
    stem_counts: list = field(default_factory=list)  # int64[k]
    units: list = field(default_factory=list)  # int32[u, 6]: kind start end line words passage
    unit_keys: list = field(default_factory=list)  # uint64[u]
    unit_counts: list = field(default_factory=list)  # int64[k]
    passage_sigs: list = field(default_factory=list)  # uint32[m, passage_perm]
    passage_counts: list = field(default_factory=list)  # int64[k]

    def pack(self, config: BatchConfig) -> "SignedChunk":
        def joined(parts, dtype, width=None):
            if parts:
                return np.concatenate(parts).astype(dtype, copy=False)
            return np.zeros((0, width) if width else 0, dtype)

        return SignedChunk(
            self.refs, self.errors,
            np.array(self.chars, np.int64), np.array(self.words, np.int64), np.array(self.dates, np.float64),
            np.array(self.exact, np.uint64),
            np.array(self.shingles, np.uint32).reshape(-1, config.num_perm),
            joined(self.stems, np.uint32), np.array(self.stem_counts, np.int64),
            joined(self.units, np.int32, 6), joined(self.unit_keys, np.uint64), np.array(self.unit_counts, np.int64),
            joined(self.passage_sigs, np.uint32, config.passage_perm), np.array(self.passage_counts, np.int64),
        )


# --- tasks -----------------------------------------------------------------------------------------


def make_tasks(files: list[InputFile], config: BatchConfig) -> list[tuple]:
    """Tasks of stage 1: ``("files", paths)`` or ``("jsonl", path, start, end, first_line)``."""
    tasks: list[tuple] = []
    plain = [f.path for f in files if not f.jsonl]
    for i in range(0, len(plain), config.files_per_task):
        tasks.append(("files", tuple(plain[i : i + config.files_per_task])))
    for f in files:
        if f.jsonl:
            try:
                chunks = jsonl_chunks(f.path, config.jsonl_task_bytes)
            except OSError as exc:
                tasks.append(("unreadable", f.path, exc.strerror or str(exc)))
                continue
            tasks.extend(("jsonl", f.path, *chunk) for chunk in chunks)
    return tasks


def task_weight(task: tuple) -> int:
    """Progress weight: a file counts one, a JSONL range one per 4 KB."""
    if task[0] == "files":
        return len(task[1])
    if task[0] == "jsonl":
        return max(1, (task[3] - task[2]) // 4096)
    return 1


def sign_task(task: tuple) -> SignedChunk:
    """Worker: the signatures of one task's articles."""
    config: BatchConfig = stage_state()["config"]
    chunk = SignedChunk()
    if task[0] == "files":
        for path in task[1]:
            try:
                source = read_source(path, config.max_bytes)
            except InputError as exc:
                chunk.errors.append(exc)
                continue
            _add(chunk, DocRef(path), source.text, file_date(path), config)
    elif task[0] == "jsonl":
        _, path, start, end, first_line = task
        try:
            for item in read_records(path, start, end, first_line, config.fields, config.max_bytes):
                if isinstance(item, InputError):
                    chunk.errors.append(item)
                else:
                    _add(chunk, item.ref, item.text, item.date, config)
        except OSError as exc:
            chunk.errors.append(InputError(path, f"cannot be read ({exc.strerror or exc})"))
    else:
        chunk.errors.append(InputError(task[1], f"cannot be read ({task[2]})"))
    return chunk.pack(config)


def _add(chunk: SignedChunk, ref: DocRef, text: str, date: float | None, config: BatchConfig) -> None:
    vocabulary: Vocabulary = stage_state().setdefault("vocabulary", Vocabulary())
    a, b = permutations(config.num_perm, config.seed)
    found = units(text)
    words = list(chain.from_iterable(u.words for u in found if u.kind == BLOCK))
    ids = vocabulary.encode(words)
    shingles = shingle_hashes(vocabulary.word_hashes(ids), config.shingle_size)
    matrix = permuted(shingles, a, b) if len(shingles) else np.zeros((0, config.num_perm), np.uint32)
    chunk.refs.append(ref)
    chunk.chars.append(len(text))
    chunk.words.append(len(words))
    chunk.dates.append(math.nan if date is None else date)
    chunk.exact.append(loose_key(words))
    chunk.shingles.append(matrix.min(axis=0) if len(matrix) else np.full(config.num_perm, 2**32 - 1, np.uint32))
    stems = vocabulary.stem_hashes(ids)
    chunk.stems.append(stems)
    chunk.stem_counts.append(len(stems))
    rows, bounds, position = [], [], 0
    for u in found:
        count = len(u.words)
        passage = u.kind == BLOCK and count >= config.passage_min_words
        rows.append((u.kind, u.start, u.end, u.line, count, passage))
        if u.kind == BLOCK:
            if passage:
                bounds.append((position, position + count - config.shingle_size + 1))
            position += count
    chunk.units.append(np.array(rows, dtype=np.int32).reshape(-1, 6))
    chunk.unit_keys.append(np.array([u.key for u in found], dtype=np.uint64))
    chunk.unit_counts.append(len(found))
    chunk.passage_sigs.append(_passage_signatures(matrix, bounds, config.passage_perm))
    chunk.passage_counts.append(len(bounds))


def _passage_signatures(matrix: np.ndarray, bounds: list[tuple[int, int]], width: int) -> np.ndarray:
    """Column minima of ``matrix[:, :width]`` over each ``[start, end)`` row range."""
    if not bounds:
        return np.zeros((0, width), dtype=np.uint32)
    edges = np.array(bounds, dtype=np.int64).reshape(-1)
    part = matrix[:, :width]
    if edges[-1] >= len(part):
        edges = edges[:-1]
    return np.minimum.reduceat(part, edges, axis=0)[::2]


# --- merging ---------------------------------------------------------------------------------------


_ARRAY_FIELDS = ("chars", "words", "dates", "exact", "shingles", "stems", "stem_counts", "units", "unit_keys",
                 "unit_counts", "passage_sigs", "passage_counts")


class ChunkStore:
    """Collects packed chunks as they arrive into a few growing arrays, so each chunk can be freed at once."""

    def __init__(self) -> None:
        self.refs: list[DocRef] = []
        self.errors: list[InputError] = []
        self._arrays: dict[str, np.ndarray] = {}
        self._sizes: dict[str, int] = {}

    def add(self, chunk: SignedChunk) -> None:
        self.refs.extend(chunk.refs)
        self.errors.extend(chunk.errors)
        for name in _ARRAY_FIELDS:
            part = getattr(chunk, name)
            store, used = self._arrays.get(name), self._sizes.get(name, 0)
            if store is None or used + len(part) > len(store):
                grown = np.empty((max(2 * used, used + len(part), 1024),) + part.shape[1:], dtype=part.dtype)
                if store is not None:
                    grown[:used] = store[:used]
                store = self._arrays[name] = grown
            store[used : used + len(part)] = part
            self._sizes[name] = used + len(part)

    def column(self, name: str) -> np.ndarray:
        return self._arrays[name][: self._sizes[name]]

    def finish(self, config: BatchConfig) -> tuple[Signatures, list[InputError]]:
        """Everything as one :class:`Signatures` in article order, and every input error.

        Each collected array is released as soon as its sorted copy is made.
        """
        if not self._arrays:
            self.add(SignedChunk().pack(config))
        refs = self.refs
        order = np.array(sorted(range(len(refs)), key=lambda i: refs[i].sort_key()), dtype=np.int64)

        def take(name: str, counts: np.ndarray | None = None) -> np.ndarray:
            data = self.column(name)
            del self._arrays[name]
            return data[order] if counts is None else data[_gather(counts, order)]

        stem_counts, unit_counts = take("stem_counts"), take("unit_counts")  # now in article order
        back = np.argsort(order)  # the gathers below need the counts in reading order
        stems = take("stems", stem_counts[back])
        unit_rows = take("units", unit_counts[back])
        units = Units(
            doc=np.repeat(np.arange(len(refs), dtype=np.int32), unit_counts),
            kind=unit_rows[:, 0].astype(np.uint8),
            start=unit_rows[:, 1].copy(),
            end=unit_rows[:, 2].copy(),
            line=unit_rows[:, 3].copy(),
            key=take("unit_keys", unit_counts[back]),
            words=unit_rows[:, 4].copy(),
        )
        passage_counts = take("passage_counts")
        signatures = Signatures(
            refs=[refs[i] for i in order.tolist()],
            chars=take("chars"),
            words=take("words"),
            dates=take("dates"),
            exact=take("exact"),
            shingles=take("shingles"),
            stem_offsets=np.concatenate([[0], np.cumsum(stem_counts)]).astype(np.int64),
            stems=stems,
            units=units,
            passages=np.flatnonzero(unit_rows[:, 5]).astype(np.int64),
            passage_sigs=take("passage_sigs", passage_counts[back]),
        )
        return signatures, sorted(self.errors, key=str)


def merge_chunks(chunks: list[SignedChunk], config: BatchConfig) -> tuple[Signatures, list[InputError]]:
    """All packed chunks as one :class:`Signatures` in article order, and every input error."""
    store = ChunkStore()
    for chunk in chunks:
        store.add(chunk)
    return store.finish(config)


def _gather(counts: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Indices that reorder ragged data (``counts[i]`` items for article ``i``) into ``order``.

    >>> _gather(np.array([2, 1, 3]), np.array([2, 0, 1])).tolist()
    [3, 4, 5, 0, 1, 2]
    """
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    new_counts = counts[order]
    new_starts = np.concatenate([[0], np.cumsum(new_counts)[:-1]]).astype(np.int64)
    return np.repeat(starts[order] - new_starts, new_counts) + np.arange(int(new_counts.sum()), dtype=np.int64)
