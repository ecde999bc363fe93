"""Stage 1, signatures: read each article once and keep only numbers about it.

Workers read a task's articles (a few files, or a byte range of a JSONL file) and return
a :class:`SignedChunk` of numpy arrays, with the distinct words the articles use;
:func:`merge_chunks` stems each word of the corpus once and puts every chunk in article
order (sorted by :meth:`DocRef.sort_key`) as one :class:`Signatures`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..io import InputError
from ..similarity import permutations
from .config import BatchConfig
from .corpus import DocRef, distinct_names, file_date, read_file, read_records
from .features import (
    BLOCK, Layout, StemHashes, Vocabulary, article_units, distinct, marked_loose_key, run_starts,
)
from .minhash import ragged_shingle_hashes, run_minima
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
    """One task's articles (``k``), in the order read: a few arrays, which travel and merge cheaply.

    Ragged data is concatenated, with a count per article.
    """

    refs: list[DocRef]
    errors: list[InputError]
    chars: np.ndarray  # int64[k]
    words: np.ndarray  # int64[k]
    dates: np.ndarray  # float64[k]
    exact: np.ndarray  # uint64[k]
    shingles: np.ndarray  # uint32[k, num_perm]
    vocabulary: list[str]  # the distinct words of the task's articles
    word_sets: np.ndarray  # int32[sum of word set sizes]: each article's distinct words, indices into vocabulary
    word_set_sizes: np.ndarray  # int64[k]
    units: np.ndarray  # int32[u, 6]: kind start end line words passage
    unit_keys: np.ndarray  # uint64[u]
    unit_counts: np.ndarray  # int64[k]
    passage_sigs: np.ndarray  # uint32[m, passage_perm]
    passage_counts: np.ndarray  # int64[k]


class ChunkReader:
    """Reads a task's articles one by one, then :meth:`pack` sketches them all at once.

    Per article only the text work runs in Python (lines, keys, word ids); the arithmetic
    on word hashes runs once per task over every article's words laid end to end, since
    numpy's cost per call dwarfs its cost per word on an article of a few hundred words.
    """

    def __init__(self, config: BatchConfig, vocabulary: Vocabulary) -> None:
        self.config = config
        self.vocabulary = vocabulary
        vocabulary.start_over_if_full()  # between tasks: the ids of this task's words stay valid
        self.refs: list[DocRef] = []
        self.errors: list[InputError] = []
        self.chars: list[int] = []
        self.dates: list[float] = []
        self.exact: list[int] = []
        self.hashes: list[np.ndarray] = []  # uint32: each article's word hashes, a mark between lines
        self.marks: list[np.ndarray] = []  # bool: which of them are marks
        self.word_sets: list[np.ndarray] = []  # int32: each article's distinct word ids
        self.lines: list[int] = []  # non-blank lines of each article
        self.unit_counts: list[int] = []
        self.layout = Layout([], [], [], [], [], [])  # every article's units, one after another
        self.unit_keys: list[np.ndarray] = []

    def add(self, ref: DocRef, text: str, date: float | None) -> None:
        found, keys, marked = article_units(text)
        ids, is_mark = self.vocabulary.encode_marked(marked)
        self.refs.append(ref)
        self.chars.append(len(text))
        self.dates.append(math.nan if date is None else date)
        self.exact.append(marked_loose_key(marked))
        self.hashes.append(self.vocabulary.word_hashes(ids))
        self.marks.append(is_mark)
        self.word_sets.append(distinct(ids[~is_mark]))
        self.lines.append(found.line_count)
        self.unit_counts.append(len(keys))
        for column, values in zip(self.layout, found):
            column.extend(values)
        self.unit_keys.append(keys)

    def pack(self) -> SignedChunk:
        config = self.config
        k = len(self.refs)
        token_doc = np.repeat(np.arange(k), [len(h) for h in self.hashes])
        is_mark = _joined(self.marks, bool)
        words = np.bincount(token_doc[~is_mark], minlength=k)
        line_words, line_base = _line_words(token_doc, is_mark, np.array(self.lines, np.int64))
        unit_counts = np.array(self.unit_counts, np.int64)
        unit_doc = np.repeat(np.arange(k), unit_counts)
        kind, start, end, line, first, lines = (np.array(column, np.int64) for column in self.layout)
        first += line_base[unit_doc]  # now among the non-blank lines of the whole task
        before = np.concatenate([[0], np.cumsum(line_words)])  # words before each line
        counts = before[first + lines] - before[first]
        position = before[first] - before[line_base[unit_doc]]  # of the unit's first word in its article
        passage = (kind == BLOCK) & (counts >= config.passage_min_words)
        shingles, passage_sigs = _sketches(_joined(self.hashes, np.uint32)[~is_mark], words, unit_doc[passage],
                                           position[passage], counts[passage], config)
        word_sets = _joined(self.word_sets, np.int32)
        vocabulary = distinct(word_sets)  # sent as words: ids mean something in this worker only
        return SignedChunk(
            self.refs, self.errors, np.array(self.chars, np.int64), words.astype(np.int64),
            np.array(self.dates, np.float64), np.array(self.exact, np.uint64), shingles,
            [self.vocabulary.words[i] for i in vocabulary.tolist()],
            np.searchsorted(vocabulary, word_sets).astype(np.int32),
            np.array([len(s) for s in self.word_sets], np.int64),
            np.stack([kind, start, end, line, counts, passage], axis=1).astype(np.int32).reshape(-1, 6),
            _joined(self.unit_keys, np.uint64), unit_counts,
            passage_sigs, np.bincount(unit_doc[passage], minlength=k).astype(np.int64),
        )


def _joined(parts: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype)


def _line_words(token_doc: np.ndarray, is_mark: np.ndarray, lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How many words each non-blank line of the task has, and how many lines come before each article's.

    ``token_doc`` and ``is_mark`` describe every article's words (a mark between two lines), end to end.
    """
    line_base = np.cumsum(lines) - lines
    marks = np.bincount(token_doc[is_mark], minlength=len(lines))
    # A token's line: the lines of the articles before its own, and the marks before it in its own.
    token_line = np.cumsum(is_mark) - is_mark + (line_base - (np.cumsum(marks) - marks))[token_doc]
    return np.bincount(token_line[~is_mark], minlength=int(lines.sum())), line_base


def _sketches(tokens: np.ndarray, words: np.ndarray, passage_doc: np.ndarray, passage_start: np.ndarray,
              passage_words: np.ndarray, config: BatchConfig) -> tuple[np.ndarray, np.ndarray]:
    """The shingle MinHash of each article, and of each long paragraph (its first ``passage_perm`` values).

    ``tokens`` holds every article's word hashes end to end (``words[i]`` for article ``i``);
    a paragraph is given by its article, its first word and its word count. The shingles
    are cut into runs at the articles' and the paragraphs' bounds: the minima of each run
    are computed once, and articles and paragraphs take the minima of their runs.
    """
    a, b = permutations(config.num_perm, config.seed)
    shingles, counts = ragged_shingle_hashes(tokens, words, config.shingle_size)
    first = np.cumsum(counts) - counts  # each article's first shingle
    starts = first[passage_doc] + passage_start
    ends = starts + passage_words - config.shingle_size + 1
    has = counts > 0
    runs = distinct(np.concatenate([first[has], starts, ends]))
    runs = runs[runs < len(shingles)]
    minima = run_minima(shingles, runs, a, b)
    sketches = np.full((len(words), config.num_perm), np.iinfo(np.uint32).max, np.uint32)
    if len(runs):
        sketches[has] = np.minimum.reduceat(minima, np.searchsorted(runs, first[has]), axis=0)
    return sketches, minima[np.searchsorted(runs, starts), : config.passage_perm]


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
                chunks = f.chunks(config.jsonl_task_bytes)
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


def add_files(reader: "ChunkReader", paths, config: BatchConfig, read=None) -> None:
    """Read each file into ``reader``; one that cannot be read becomes an error of the chunk.
    ``read``, when given, is told of each source read."""
    for path in paths:
        try:
            source = read_file(path, config.max_bytes)
        except InputError as exc:
            reader.errors.append(exc)
            continue
        reader.add(DocRef(path), source.text, file_date(path))
        if read is not None:
            read(source)


def sign_task(task: tuple) -> SignedChunk:
    """Worker: the signatures of one task's articles."""
    config: BatchConfig = stage_state()["config"]
    reader = ChunkReader(config, stage_state().setdefault("vocabulary", Vocabulary()))
    if task[0] == "files":
        add_files(reader, task[1], config)
    elif task[0] == "jsonl":
        _, path, start, end, first_line = task
        try:
            for item in read_records(path, start, end, first_line, config.fields, config.max_bytes):
                if isinstance(item, InputError):
                    reader.errors.append(item)
                else:
                    reader.add(item.ref, item.text, item.date)
        except OSError as exc:
            reader.errors.append(InputError(path, f"cannot be read ({exc.strerror or exc})"))
    else:
        reader.errors.append(InputError(task[1], f"cannot be read ({task[2]})"))
    return reader.pack()


# --- merging ---------------------------------------------------------------------------------------


_ARRAY_FIELDS = ("chars", "words", "dates", "exact", "shingles", "stems", "stem_counts", "units", "unit_keys",
                 "unit_counts", "passage_sigs", "passage_counts")


class ChunkStore:
    """Collects packed chunks as they arrive into a few growing arrays, so each chunk can be freed at once.

    Each article's words become content stems here (see :class:`StemHashes`).
    """

    def __init__(self) -> None:
        self.refs: list[DocRef] = []
        self.errors: list[InputError] = []
        self._arrays: dict[str, np.ndarray] = {}
        self._sizes: dict[str, int] = {}
        self.stem_hashes = StemHashes()
        self._sort_keys: list[tuple] = []

    def add(self, chunk: SignedChunk, stems: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        """Collect ``chunk``; ``stems``, when given, are its :func:`article_stems` already made
        (by :mod:`dedup.batch.sigcache`), and its words are not looked at."""
        self.refs.extend(chunk.refs)
        self._sort_keys.extend(ref.sort_key() for ref in chunk.refs)  # while the workers still read
        self.errors.extend(chunk.errors)
        stems = dict(zip(("stems", "stem_counts"), stems or article_stems(chunk, self.stem_hashes)))
        for name in _ARRAY_FIELDS:
            self._append(name, stems[name] if name in stems else getattr(chunk, name))

    def _append(self, name: str, part: np.ndarray) -> None:
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
            self.add(ChunkReader(config, Vocabulary()).pack())
        refs = self.refs
        order = np.array(sorted(range(len(refs)), key=self._sort_keys.__getitem__), dtype=np.int64)

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
        named, duplicate_ids = distinct_names([refs[i] for i in order.tolist()])
        signatures = Signatures(
            refs=named,
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
        return signatures, sorted(self.errors + duplicate_ids, key=InputError.sort_key)


def article_stems(chunk: SignedChunk, stem_hashes: StemHashes) -> tuple[np.ndarray, np.ndarray]:
    """Each article's sorted distinct content-stem hashes (``uint32``), article after article, and their counts."""
    hashes = stem_hashes.of(chunk.vocabulary)[chunk.word_sets]
    article = np.repeat(np.arange(len(chunk.refs), dtype=np.uint64), chunk.word_set_sizes)
    content = hashes != 0
    keys = np.sort((article[content] << np.uint64(32)) | hashes[content])  # by article, then stem
    keys = keys[run_starts(keys)]
    counts = np.bincount((keys >> np.uint64(32)).astype(np.int64), minlength=len(chunk.refs))
    return keys.astype(np.uint32), counts.astype(np.int64)


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
