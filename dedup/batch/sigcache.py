"""Stage 1 with a cache: the signatures of each article file, kept on disk by its content.

``dedup check NEW… --against DIR`` compares a few new articles with a folder of published ones
that rarely changes; signing the folder again on every run is most of the run. Each plain
file's signature (its row of every :class:`~dedup.batch.signatures.SignedChunk` array, and its
content stems) is kept in one entry, named by a hash of

- the file's bytes (as read, BOM included),
- the settings that stage 1 depends on (the :class:`BatchConfig` but for how the work is
  split: ``jobs``, ``files_per_task``, ``jsonl_task_bytes``),
- dedup's code (:func:`dedup.cache.code_fingerprint`) and the numpy and nltk versions,

so an edited file, other settings or other code simply miss. What depends on where and when a
file is rather than on what it holds is never cached: its :class:`DocRef` is made from the path
found this run, and its date is read from the file again.

An entry is the format line, a digest of the body and the body: a header of counts, then the
arrays' bytes (``numpy.ndarray.tobytes``, read back with ``numpy.frombuffer``; nothing is
unpickled). Reading 5,000 ``.npz`` files takes longer than signing the articles again (about
0.6 ms each against 0.05 ms for this layout). An entry whose digest, size or counts do not match
is a miss: it is signed again and written over, never trusted.

Only files whose bytes were hashed before they were signed are written, with the hash of the bytes
the worker signed (not of a second read), so a file edited during the run never files its new
signature under its old content. JSONL corpora and files that cannot be read are signed as
without the cache.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import stat
import struct
import tempfile
from collections.abc import Collection
from pathlib import Path

import numpy as np

from ..cache import code_fingerprint, prepare_folder
from ..io import InputError
from .config import BatchConfig
from .corpus import DocRef, file_date
from .features import Vocabulary
from .parallel import Progress, run_tasks, stage_state, warm_up
from .signatures import (
    ChunkReader, ChunkStore, Signatures, SignedChunk, add_files, article_stems, make_tasks, sign_task,
)
from .walk import InputFile

FORMAT = b"dedup-signature 1\n"
_DIGEST = 16
_HEADER = struct.Struct("<8Q")  # chars words exact stems units passages num_perm passage_perm


def content_hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=_DIGEST).digest()


def settings_hash(config: BatchConfig) -> bytes:
    """What stage 1 of this dedup with ``config`` depends on, beyond the text."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "-"

    signing = dataclasses.replace(config, jobs=1, files_per_task=1, jsonl_task_bytes=1)
    text = "\0".join((code_fingerprint(), np.__version__, installed("nltk"), repr(signing)))
    return hashlib.blake2b(FORMAT + text.encode(), digest_size=_DIGEST).digest()


@dataclasses.dataclass(slots=True)
class Entry:
    """One article's signature, as stored: everything but its ref and date."""

    chars: int
    words: int
    exact: int
    shingles: np.ndarray  # uint32[num_perm]
    stems: np.ndarray  # uint32[s]
    units: np.ndarray  # int32[u, 6]
    unit_keys: np.ndarray  # uint64[u]
    passage_sigs: np.ndarray  # uint32[m, passage_perm]

    def to_bytes(self) -> bytes:
        body = b"".join((
            _HEADER.pack(self.chars, self.words, self.exact, len(self.stems), len(self.units),
                         len(self.passage_sigs), self.shingles.shape[0], self.passage_sigs.shape[1]),
            self.unit_keys.astype("<u8").tobytes(), self.shingles.astype("<u4").tobytes(),
            self.stems.astype("<u4").tobytes(), self.units.astype("<i4").tobytes(),
            self.passage_sigs.astype("<u4").tobytes(),
        ))
        return FORMAT + content_hash(body) + body

    @classmethod
    def from_bytes(cls, data: bytes, config: BatchConfig) -> Entry | None:
        """The entry ``data`` holds, or None when it is not one whole entry for ``config``."""
        start = len(FORMAT) + _DIGEST
        if len(data) < start + _HEADER.size or not data.startswith(FORMAT):
            return None
        body = memoryview(data)[start:]
        if content_hash(body) != data[len(FORMAT) : start]:
            return None
        chars, words, exact, stems, units, passages, num_perm, passage_perm = _HEADER.unpack_from(body)
        if num_perm != config.num_perm or passage_perm != config.passage_perm:
            return None
        sizes = (8 * units, 4 * num_perm, 4 * stems, 24 * units, 4 * passages * passage_perm)
        if _HEADER.size + sum(sizes) != len(body):
            return None
        offset = _HEADER.size
        arrays = []
        for size, dtype in zip(sizes, ("<u8", "<u4", "<u4", "<i4", "<u4")):
            arrays.append(np.frombuffer(body, dtype, size // np.dtype(dtype).itemsize, offset))
            offset += size
        unit_keys, shingles, stem_hashes, unit_rows, passage_sigs = arrays
        unit_rows = unit_rows.reshape(units, 6)
        if int(unit_rows[:, 5].sum()) != passages:
            return None
        return cls(chars, words, exact, shingles, stem_hashes, unit_rows, unit_keys,
                   passage_sigs.reshape(passages, passage_perm))


class SignatureCache:
    """Signature entries kept in ``folder``; the files under ``fresh`` (real paths) are signed
    every time and never stored (the new articles of ``--against``)."""

    def __init__(self, folder: str | os.PathLike, fresh: Collection[str] = ()) -> None:
        self.folder = Path(folder)
        self.fresh = frozenset(fresh)
        self._fresh_names = {os.path.basename(p) for p in self.fresh}
        self.loaded = 0  # articles read from the cache by the last run
        self.signed: list[str] = []  # articles signed by the last run, by name
        self.written = 0  # entries written by the last run

    def _path(self, key: str) -> str:
        return os.path.join(self.folder, key[:2], key[2:])

    def is_fresh(self, path: str) -> bool:
        return os.path.basename(path) in self._fresh_names and os.path.realpath(path) in self.fresh

    def get(self, key: str, config: BatchConfig) -> Entry | None:
        try:
            with open(self._path(key), "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        try:
            return Entry.from_bytes(data, config)
        except Exception:  # anything unreadable is a miss, and is written again
            return None

    def put(self, key: str, entry: Entry) -> None:
        """Store an entry; a cache that cannot be written is no cache, never an error."""
        try:
            target = self._path(key)
            folder = os.path.dirname(target)
            if not os.path.isdir(folder):
                prepare_folder(self.folder.parent)
                os.makedirs(folder, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(entry.to_bytes())
                os.replace(temporary, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
            self.written += 1
        except OSError:
            pass

    def signatures(self, files: list[InputFile], config: BatchConfig,
                   progress: Progress | None = None) -> tuple[Signatures, list[InputError]]:
        """Stage 1 over ``files``: cached signatures read back, the others signed (and stored).

        The same :class:`Signatures` as :func:`dedup.batch.run.signatures` gives without a cache.
        """
        warm_up()
        self.loaded, self.signed, self.written = 0, [], 0
        prefix = settings_hash(config)
        found: list[tuple[DocRef, Entry]] = []
        missing: list[InputFile] = []
        for file in files:
            digest = None if file.jsonl or self.is_fresh(file.path) else _file_hash(file.path, config)
            entry = self.get(_key(prefix, digest), config) if digest else None
            if entry is None:
                missing.append(file)
            else:
                found.append((DocRef(file.path), entry))
        store = ChunkStore()
        stored: set[str] = set()
        if found:
            store.add(*_joined(found, config))
            self.loaded = len(found)
        tasks = [("hashed", task[1]) if task[0] == "files" else task for task in make_tasks(missing, config)]
        for chunk, digests in run_tasks(_sign_task, tasks, config.jobs, {"config": config}, progress, "signatures",
                                        _weight):
            stems = article_stems(chunk, store.stem_hashes)
            store.add(chunk, stems)
            self.signed.extend(ref.name for ref in chunk.refs)
            for ref, digest, entry in zip(chunk.refs, digests, _entries(chunk, stems)):
                key = _key(prefix, digest)
                if digest is not None and key not in stored and not self.is_fresh(ref.path):
                    stored.add(key)  # verbatim copies share one entry
                    self.put(key, entry)
        return store.finish(config)


def _key(prefix: bytes, digest: bytes | None) -> str:
    return hashlib.blake2b(prefix + (digest or b""), digest_size=_DIGEST).hexdigest()


def _file_hash(path: str, config: BatchConfig) -> bytes | None:
    """The content hash of a regular file no larger than ``max_bytes``, else None (it is signed as usual)."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > config.max_bytes:
                return None
            data = handle.read(config.max_bytes + 1)
    except OSError:
        return None
    return content_hash(data) if len(data) <= config.max_bytes else None


def _sign_task(task: tuple) -> tuple[SignedChunk, list[bytes | None]]:
    """Worker: :func:`sign_task`, and for files the content hash of the bytes each article was signed from."""
    if task[0] != "hashed":
        chunk = sign_task(task)
        return chunk, [None] * len(chunk.refs)
    config: BatchConfig = stage_state()["config"]
    reader = ChunkReader(config, stage_state().setdefault("vocabulary", Vocabulary()))
    digests: list[bytes | None] = []
    # The hash of the bytes each article was read from (decoding loses nothing).
    add_files(reader, task[1], config, lambda source: digests.append(content_hash(source.encode(source.text))))
    return reader.pack(), digests


def _weight(task: tuple) -> int:
    from .signatures import task_weight

    return len(task[1]) if task[0] == "hashed" else task_weight(task)


def _entries(chunk: SignedChunk, stems: tuple[np.ndarray, np.ndarray]) -> list[Entry]:
    """Each article of ``chunk`` as an entry."""
    stem_hashes, stem_counts = stems
    ends = {name: np.cumsum(counts).tolist() for name, counts in
            (("stems", stem_counts), ("units", chunk.unit_counts), ("passages", chunk.passage_counts))}
    out = []
    for i in range(len(chunk.refs)):
        s0, s1 = (ends["stems"][i - 1] if i else 0), ends["stems"][i]
        u0, u1 = (ends["units"][i - 1] if i else 0), ends["units"][i]
        p0, p1 = (ends["passages"][i - 1] if i else 0), ends["passages"][i]
        out.append(Entry(int(chunk.chars[i]), int(chunk.words[i]), int(chunk.exact[i]), chunk.shingles[i],
                         stem_hashes[s0:s1], chunk.units[u0:u1], chunk.unit_keys[u0:u1], chunk.passage_sigs[p0:p1]))
    return out


def _joined(found: list[tuple[DocRef, Entry]],
            config: BatchConfig) -> tuple[SignedChunk, tuple[np.ndarray, np.ndarray]]:
    """The cached articles as one chunk (without words: their stems come along), and those stems."""
    refs = [ref for ref, _ in found]
    entries = [entry for _, entry in found]
    k = len(entries)

    def joined(name: str, dtype, shape: tuple = ()) -> np.ndarray:
        parts = [getattr(e, name) for e in entries]
        return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros((0, *shape), dtype)

    def counts(name: str) -> np.ndarray:
        return np.fromiter((len(getattr(e, name)) for e in entries), np.int64, k)

    chunk = SignedChunk(
        refs=refs, errors=[],
        chars=np.fromiter((e.chars for e in entries), np.int64, k),
        words=np.fromiter((e.words for e in entries), np.int64, k),
        dates=np.array([np.nan if (d := file_date(ref.path)) is None else d for ref in refs], np.float64),
        exact=np.fromiter((e.exact for e in entries), np.uint64, k),
        shingles=np.stack([e.shingles for e in entries]).astype(np.uint32, copy=False),
        vocabulary=[], word_sets=np.zeros(0, np.int32), word_set_sizes=np.zeros(k, np.int64),
        units=joined("units", np.int32, (6,)), unit_keys=joined("unit_keys", np.uint64),
        unit_counts=counts("units"),
        passage_sigs=joined("passage_sigs", np.uint32, (config.passage_perm,)), passage_counts=counts("passage_sigs"),
    )
    return chunk, (joined("stems", np.uint32), counts("stems"))
