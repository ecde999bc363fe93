"""Reading inputs safely and writing outputs atomically.

Bad input raises :class:`InputError`, whose message is one line naming the file and
the problem; the CLI prints it and exits 2. Inputs are never modified here: outputs
go to a temporary file in the destination folder and are renamed into place.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

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
    nul = data.find(b"\x00", 0, 8192)
    if nul != -1:
        raise InputError(path, f"looks like a binary file (NUL byte at offset {nul}), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise InputError(path, f"is not valid UTF-8 (byte 0x{bad} at offset {exc.start})") from None
    bom = text.startswith(BOM)
    return Source(path, text[1:] if bom else text, bom)


def read_source(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read one file (or standard input for ``-``)."""
    if path == "-":
        return decode("<stdin>", sys.stdin.buffer.read())
    p = Path(path)
    try:
        info = p.stat()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or "cannot be read") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a directory")
    if info.st_size > max_bytes:
        raise InputError(path, f"is too large ({info.st_size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB, see --max-bytes)")
    try:
        data = p.read_bytes()
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or "cannot be read") from None
    return decode(path, data)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename, keeping the old mode."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
