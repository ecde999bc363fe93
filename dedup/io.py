"""Reading inputs safely and writing outputs atomically.

Bad input raises :class:`InputError`, whose message is one line naming the file and
the problem; the CLI prints it and exits 2. Inputs are never modified here: outputs
go to a temporary file in the destination folder and are renamed into place.

Reads are bounded: at most the limit plus one byte is read from anything (a file, a
pipe, a device such as ``/dev/zero``, standard input), whatever size it claims.
Writes follow a symbolic link to the file it names, and write a device, a FIFO or an
inherited descriptor (``/dev/stdout``, ``/dev/fd/3``) directly, since those cannot be
replaced by a rename.
"""

from __future__ import annotations

import glob
import json
import os
import re
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

BOM = "\ufeff"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # an article is far smaller; raise with --max-bytes


class InputError(Exception):
    """A file that cannot be processed; ``str()`` is a one-line message naming it.

    >>> import pickle
    >>> str(pickle.loads(pickle.dumps(InputError("a.txt", "is empty"))))
    'a.txt: is empty'
    """

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem

    def sort_key(self) -> tuple:
        """By file, then line number (line 9 before line 121), then message.

        >>> sorted(["line 121: bad", "line 9: bad"], key=lambda p: InputError("c.jsonl", p).sort_key())
        ['line 9: bad', 'line 121: bad']
        """
        line = re.match(r"line (\d+):", self.problem)
        return (self.path, int(line.group(1)) if line else 0, self.problem)

    def __reduce__(self):
        # Worker processes send these back to the main process; the default pickling
        # would call the constructor with the message alone.
        return (type(self), (self.path, self.problem))


@dataclass(frozen=True, slots=True)
class Source:
    path: str
    text: str  # decoded, without a byte-order mark
    bom: bool = False

    def encode(self, text: str) -> bytes:
        """Encode ``text`` the way this source was encoded (keeping its BOM)."""
        return ((BOM if self.bom else "") + text).encode("utf-8")


def decode(path: str, data: bytes) -> Source:
    """Decode UTF-8 bytes, refusing binary data with a clear message.

    >>> decode("a.txt", b"\\xef\\xbb\\xbfhi\\r\\n")
    Source(path='a.txt', text='hi\\r\\n', bom=True)
    """
    nul = data.find(b"\x00")
    if nul != -1:
        raise InputError(path, f"looks like a binary file (NUL byte at offset {nul}), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise InputError(path, f"is not valid UTF-8 (byte 0x{bad} at offset {exc.start})") from None
    bom = text.startswith(BOM)
    return Source(path, text[1:] if bom else text, bom)


def size_text(count: int) -> str:
    """A byte count for messages: bytes when small, else KB or MB.

    >>> size_text(100), size_text(2048), size_text(10 * 1024 * 1024)
    ('100 bytes', '2.0 KB', '10.5 MB')
    """
    if count < 1000:
        return f"{count} bytes"
    if count < 1_000_000:
        return f"{count / 1e3:.1f} KB"
    return f"{count / 1e6:.1f} MB"


def too_large(path: str, size: int | None, max_bytes: int) -> InputError:
    seen = f"{size_text(size)}" if size is not None else f"more than {size_text(max_bytes)}"
    return InputError(path, f"is too large ({seen}; the limit is {size_text(max_bytes)}, see --max-bytes)")


def read_bounded(handle: BinaryIO, path: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` from ``handle``; reads one byte more to tell a larger input."""
    data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(path, None, max_bytes)
    return data


def read_source(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read one file (or standard input for ``-``), never more than ``max_bytes``."""
    if path == "-":
        return decode("<stdin>", read_bounded(sys.stdin.buffer, "<stdin>", max_bytes))
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or "cannot be read") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a directory")
    if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
        raise too_large(path, info.st_size, max_bytes)
    try:
        with open(path, "rb") as handle:
            data = read_bounded(handle, path, max_bytes)
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or "cannot be read") from None
    return decode(path, data)


def same_file(first: str | os.PathLike[str], second: str | os.PathLike[str]) -> bool:
    """Whether both names reach one existing file (through links, hard links, ``..``)."""
    try:
        a, b = os.stat(first), os.stat(second)
    except (OSError, ValueError):
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


# --- writing -------------------------------------------------------------------------------------

# Names of descriptors this process already holds; written through that descriptor, so
# that ``-o /dev/stdout > file`` shares the shell's file offset as ``echo > /dev/stdout`` does.
_STANDARD = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_DESCRIPTOR = re.compile(r"/(?:dev|proc/self)/fd/(\d+)")


def inherited_descriptor(path: str | os.PathLike[str]) -> int | None:
    """The descriptor number ``path`` names, for ``/dev/stdout``, ``/dev/fd/N`` and the like.

    >>> inherited_descriptor("/dev/stderr"), inherited_descriptor("/dev/fd/3"), inherited_descriptor("out.txt")
    (2, 3, None)
    """
    name = os.path.normpath(os.fspath(path))
    if name in _STANDARD:
        return _STANDARD[name]
    match = _DESCRIPTOR.fullmatch(name)
    return int(match.group(1)) if match else None


def is_stream(path: str) -> bool:
    """Whether ``path`` is something a rename cannot replace: a device, a FIFO, a socket,
    or a file reached through one of the kernel's own links (``/dev/stdout``, ``/proc/<pid>/fd/N``)."""
    if inherited_descriptor(path) is not None:
        return True
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return not stat.S_ISDIR(info.st_mode)
    try:
        real = os.stat(os.path.realpath(path))
    except OSError:
        return True
    return (real.st_dev, real.st_ino) != (info.st_dev, info.st_ino)


def _write_stream(path: str, data: bytes) -> None:
    number = inherited_descriptor(path)
    if number is not None:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        fd, owned = number, False
    else:
        fd, owned = os.open(path, os.O_WRONLY | os.O_APPEND), True
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        if owned:
            os.close(fd)


def _new_file_mode() -> int:
    """The mode a new file gets under this process's umask (``mkstemp`` alone gives 0600)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


class AtomicWriter:
    """Stream an output to a temporary file beside ``path``; :meth:`commit` renames it into place.

    A symbolic link is followed: the file it names is replaced and the link stays. A
    replaced file keeps its mode; a new one gets the mode the umask gives, as ``open`` would. Until
    :meth:`commit`, the target is untouched; :meth:`abort` removes the temporary file.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.target = Path(os.path.realpath(path))
        try:
            self.mode = stat.S_IMODE(self.target.stat().st_mode)
        except FileNotFoundError:
            self.mode = _new_file_mode()
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=self.target.parent)
        self.handle: BinaryIO = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        self.handle.write(data)

    def commit(self) -> None:
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.chmod(self.tmp, self.mode)
            os.replace(self.tmp, self.target)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        if not self.handle.closed:
            self.handle.close()
        Path(self.tmp).unlink(missing_ok=True)


def remove_temporaries(path: str | os.PathLike[str]) -> None:
    """Remove the temporary files an :class:`AtomicWriter` for ``path`` left, if its process was killed."""
    target = Path(os.path.realpath(path))
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        leftover.unlink(missing_ok=True)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path``: a regular file (or a link to one) through a temporary file
    and a rename; a device, a FIFO or an inherited descriptor directly."""
    if is_stream(os.fspath(path)):
        _write_stream(os.fspath(path), data)
        return
    writer = AtomicWriter(path)
    try:
        writer.write(data)
    except BaseException:
        writer.abort()
        raise
    writer.commit()


def read_dedup_document(path: str | os.PathLike, what: str, key: str, version: int, error, missing: str) -> dict:
    """A JSON file that dedup wrote (a baseline, a decisions file), checked: its ``tool`` is
    dedup, it holds a ``key`` list and its ``schema_version`` is ``version``. Any problem raises
    ``error(path, message)`` with a message that says what is wrong; ``missing`` is the message
    for a file that does not exist."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise error(path, missing) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(path, f"cannot read the {what} ({getattr(exc, 'strerror', None) or exc})") from None
    except json.JSONDecodeError as exc:
        raise error(path, f"not a {what} file: invalid JSON at line {exc.lineno}") from None
    if not isinstance(data, dict) or data.get("tool") != "dedup" or not isinstance(data.get(key), list):
        raise error(path, f"not a dedup {what} file (no '{key}' list)")
    if data.get("schema_version") != version:
        raise error(path, f"{what} schema version {data.get('schema_version')!r}; this dedup reads {version}"
                          f" (make it again with dedup)")
    return data
