"""A cache of check results, as ruff and black keep: a file whose text and settings have not
changed is not analysed again.

Entries live in ``.dedup_cache/`` beside the configuration file in force (the project's root), one
file per entry, named by a hash of the text, the settings and this dedup's code, so an edited file,
other settings or another version of dedup simply miss. An entry that cannot be read back whole
(truncated, garbled, from another format) is treated as missing and written again: a corrupt cache
is rebuilt, never trusted. Entries are read with an unpickler that builds only dedup's own result
types and plain data.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from .config import Settings
from .models import CheckResult, Finding

CACHE_DIR = ".dedup_cache"
FORMAT = b"dedup-cache 1\n"
_ALLOWED = {("dedup.models", name) for name in ("Finding", "Span", "Edit", "Severity")}


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of this dedup's version and the size and time of every file of the package, so that
    changed code never reads results an older one cached."""
    from . import __version__

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        stat = path.stat()
        digest.update(f"{path.relative_to(package)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def entry_key(text: str, settings: Settings) -> str:
    digest = hashlib.sha256(FORMAT + code_fingerprint().encode() + b"\0" + repr(settings).encode() + b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def prepare_folder(folder: Path) -> None:
    """Make the cache folder, with a ``.gitignore`` that keeps it out of commits and a ``CACHEDIR.TAG``."""
    if (folder / "CACHEDIR.TAG").exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".gitignore").write_text("# Made by dedup: the cache is never committed.\n*\n")
    (folder / "CACHEDIR.TAG").write_text(
        "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is dedup's cache; see https://bford.info/cachedir/\n")


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not a result type")
        return super().find_class(module, name)


class ResultCache:
    """Findings of checked texts, kept in ``folder``."""

    def __init__(self, folder: str | os.PathLike) -> None:
        self.folder = Path(folder)
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key[2:]

    def get(self, key: str) -> tuple[Finding, ...] | None:
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        if not data.startswith(FORMAT):
            return None
        try:
            findings = _Unpickler(io.BytesIO(data[len(FORMAT) :])).load()
        except Exception:  # anything unreadable is a miss, and is written again
            return None
        if not isinstance(findings, tuple) or not all(isinstance(f, Finding) for f in findings):
            return None
        return findings

    def put(self, key: str, findings: tuple[Finding, ...]) -> None:
        """Store an entry; a cache that cannot be written is no cache, never an error."""
        try:
            self._prepare()
            target = self._path(key)
            target.parent.mkdir(exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                out.write(FORMAT + pickle.dumps(findings, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, target)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass

    def _prepare(self) -> None:
        prepare_folder(self.folder)

    def check(self, text: str, settings: Settings, path: str) -> CheckResult:
        """``check_text``, or its findings from the cache."""
        from .pipeline import check_text

        key = entry_key(text, settings)
        findings = self.get(key)
        if findings is not None:
            self.hits += 1
            return CheckResult(text=text, findings=findings, path=path)
        self.misses += 1
        result = check_text(text, settings, path=path)
        self.put(key, result.findings)
        return result
