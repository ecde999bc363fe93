"""Inputs named by a URI (``hdfs://``, ``s3a://``, ``file://``...), which only Spark's Hadoop FileSystem reads.

The driver lists them (:mod:`dedup.batch.spark.files`); no process of dedup ever opens a
URI itself. Spark reads the bytes each task needs on its executors and hands them to the
task with what the listing said of each file (its size and modification time); while the
task runs, :func:`supplied` keeps them here, and the batch's readers
(:func:`dedup.batch.corpus.read_file`, :func:`dedup.batch.corpus.open_binary`,
:func:`dedup.batch.corpus.file_date`) take them from here instead of the disk. A file is
decoded and checked as a local one is, with the same messages.
"""

from __future__ import annotations

import bisect
import errno
import io
import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..io import InputError, Source, decode, too_large

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_uri(path: str) -> bool:
    """Whether ``path`` is a URI with a scheme rather than a path of this machine.

    >>> is_uri("hdfs://nn:8020/data"), is_uri("s3a://bucket/x"), is_uri("data/x.txt"), is_uri("C:/x")
    (True, True, False, False)
    """
    return bool(_URI.match(path))


def scheme(uri: str) -> str:
    """
    >>> scheme("S3A://bucket/x")
    's3a'
    """
    return uri.split(":", 1)[0].lower()


def local_path(uri: str) -> str | None:
    """The path of this machine a ``file://`` URI names (as Hadoop reads it: no %-decoding), else None.

    >>> local_path("file:///data/a b.txt"), local_path("file://localhost/data"), local_path("hdfs://nn/data")
    ('/data/a b.txt', '/data', None)
    """
    if scheme(uri) != "file":
        return None
    rest = uri.split("://", 1)[1]
    if rest.startswith("localhost/"):
        rest = rest[len("localhost"):]
    return rest if rest.startswith("/") else None


@dataclass(frozen=True, slots=True)
class RemoteFile:
    """What the driver's listing says of a file named by a URI.

    ``location`` is the file as Spark names it (Hadoop's qualified path); ``chunks`` are the
    byte ranges of a JSONL file's tasks, found on an executor (None: it could not be read).
    """

    location: str
    size: int
    mtime: float
    chunks: tuple[tuple[int, int, int], ...] | None = None


# The files of the task running in this process: name -> (what the listing said, {start: bytes}).
_SUPPLY: dict[str, tuple[RemoteFile, dict[int, bytes]]] = {}


@contextmanager
def supplied(facts: dict[str, RemoteFile], pieces: Iterable[tuple[str, int, bytes]]) -> Iterator[None]:
    """While the block runs, the files named by URIs read from ``pieces`` (name, first byte, bytes)."""
    saved = dict(_SUPPLY)
    _SUPPLY.clear()
    for name, fact in facts.items():
        _SUPPLY[name] = (fact, {})
    for name, start, data in pieces:
        if name in _SUPPLY:
            _SUPPLY[name][1][start] = bytes(data)
    try:
        yield
    finally:
        _SUPPLY.clear()
        _SUPPLY.update(saved)


def read_source(path: str, max_bytes: int) -> Source:
    """A whole file named by a URI, as :func:`dedup.io.read_source` reads a local one."""
    fact, pieces = _SUPPLY.get(path, (None, {}))
    if fact is not None and fact.size > max_bytes:
        raise too_large(path, fact.size, max_bytes)
    data = pieces.get(0, b"" if fact is not None and fact.size == 0 else None)  # Spark reads no empty file
    if data is None:
        raise InputError(path, "no such file")
    if len(data) > max_bytes:
        raise too_large(path, len(data), max_bytes)
    return decode(path, data)


def modified(path: str) -> float | None:
    """A file's modification time, as the listing gave it."""
    fact = _SUPPLY.get(path, (None, {}))[0]
    return fact.mtime if fact is not None else None


def open_binary(path: str) -> "Pieces":
    """The supplied pieces of a file, to seek in and read lines from; FileNotFoundError without any."""
    pieces = _SUPPLY.get(path, (None, {}))[1]
    if not pieces:
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)
    return Pieces(pieces)


class Pieces:
    """Byte ranges of one file, read as the file itself is: seek to a place one of them holds, read lines.

    >>> with Pieces({0: b"a\\nb\\n", 10: b"k\\n"}) as handle:
    ...     handle.seek(2); first = handle.readline(); handle.seek(10)
    ...     (first, handle.readline(), handle.readline())
    (b'b\\n', b'k\\n', b'')
    """

    def __init__(self, pieces: dict[int, bytes]) -> None:
        self._pieces = pieces
        self._starts = sorted(pieces)
        self._current = io.BytesIO(b"")

    def seek(self, offset: int) -> None:
        at = bisect.bisect_right(self._starts, offset) - 1
        if at >= 0 and offset <= self._starts[at] + len(self._pieces[self._starts[at]]):
            start = self._starts[at]
            self._current = io.BytesIO(self._pieces[start])
            self._current.seek(offset - start)
        else:
            self._current = io.BytesIO(b"")

    def readline(self) -> bytes:
        return self._current.readline()

    def __enter__(self) -> "Pieces":
        return self

    def __exit__(self, *exc) -> None:
        self._current = io.BytesIO(b"")
