"""Find the input files of a batch run: folders walked, filters applied, ``.gitignore`` honoured.

Rules, in order, for a file met while walking a folder:

- hidden entries (a name starting with ``.``) are skipped, folders and files alike;
- symbolic links to folders are not followed (so a link loop cannot trap the walk);
- a path that a ``.gitignore`` inside the walked tree ignores is skipped (git's wildmatch
  patterns through pathspec's ``GitIgnoreSpec``; a deeper ``.gitignore`` overrides a
  shallower one, and an ignored folder is not entered, as in git);
- ``--exclude`` globs drop files and prune folders; ``--include`` globs, when given,
  keep only the files they match; both match the path relative to the walked folder;
- the extension must be one of ``--ext`` (``.jsonl`` files are read as corpora).

A file named on the command line is always taken, whatever its name. A file reached
twice (through a symbolic or hard link) is read once, under its own name rather than
the link's. Unreadable folders and broken links are reported as
:class:`~dedup.io.InputError` and skipped.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from typing import Callable, Iterator, Protocol

from ..io import InputError
from .corpus import is_jsonl, jsonl_chunks
from .remote import RemoteFile

DEFAULT_EXTENSIONS = ("txt", "md", "markdown")


class InputUnavailable(InputError):
    """An input that cannot be listed at all (a URI whose file system is missing, or that does not exist):
    the run cannot start."""


@dataclass(frozen=True, slots=True)
class WalkOptions:
    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    gitignore: bool = True


@dataclass(frozen=True, slots=True, order=True)
class InputFile:
    path: str  # as named in reports
    relative: str  # where its output goes below an output folder (POSIX separators)
    jsonl: bool = False
    remote: RemoteFile | None = field(default=None, compare=False)  # a file named by a URI: what its listing said

    def chunks(self, target_bytes: int) -> list[tuple[int, int, int]]:
        """A JSONL file's ``(start, end, first_line)`` task ranges; OSError when it cannot be read."""
        if self.remote is None:
            return jsonl_chunks(self.path, target_bytes)
        if self.remote.chunks is None:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", self.path)
        return list(self.remote.chunks)


@dataclass(slots=True)
class Discovery:
    files: list[InputFile] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)  # the folders that were walked


def _spec(patterns):
    """Glob patterns in .gitignore syntax (git's wildmatch), for --include and --exclude."""
    import pathspec

    return pathspec.PathSpec.from_lines("gitignore", patterns)


def _gitignore_spec(lines):
    """A .gitignore file, with git's own rules for negation and folder patterns."""
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def discover(paths: list[str], options: WalkOptions = WalkOptions(), tree: "Tree | None" = None) -> Discovery:
    """Every input file under ``paths``, sorted by path, with the problems met on the way.

    ``tree`` is where the paths are: this machine's folders by default, or another file
    system's listing (see :class:`Tree`); the same rules decide which files are read.
    """
    tree = tree or LocalTree()
    found = Discovery()
    kinds = {path: tree.kind(path) for path in sorted(set(paths))}
    base = tree.base([path for path, kind in kinds.items() if kind != MISSING], kinds)
    extensions = {e.lower().lstrip(".") for e in options.extensions}
    include = _spec(options.include) if options.include else None
    exclude = _spec(options.exclude) if options.exclude else None
    seen: dict[str, InputFile] = {}
    for path, kind in kinds.items():
        if kind == FOLDER:
            found.folders.append(path)
            names = _walk(tree, path, options, extensions, include, exclude, found.errors)
        elif kind == FILE:
            names = iter([tree.named(path)])
        else:
            found.errors.append(InputError(path, "no such file or folder" if kind == MISSING else kind))
            continue
        for name in names:
            seen.setdefault(name, InputFile(name, tree.relative(name, base), is_jsonl(name)))
    found.files = sorted(tree.once_each(list(seen.values())))
    found.errors.sort(key=InputError.sort_key)
    return found


# What a path or a folder's entry is, for the walk; any other string says why it cannot be read.
FOLDER, FILE, MISSING, BROKEN, OTHER = "folder", "file", "missing", "broken", "other"


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a folder: its name, its path as reports name it, and its kind
    (``FOLDER``, ``FILE``, ``BROKEN`` for a broken symbolic link, ``OTHER`` for nothing to read)."""

    name: str
    path: str
    kind: str


class Tree(Protocol):
    """Where a batch's inputs are, as :func:`discover` reads it."""

    def kind(self, path: str) -> str:
        """``FOLDER``, ``FILE``, ``MISSING``, or why a path named on the command line cannot be read."""

    def base(self, found: list[str], kinds: dict[str, str]):
        """What the output paths of the inputs ``found`` are relative to."""

    def relative(self, name: str, base) -> str:
        """Where the output of the file ``name`` goes below an output folder (POSIX separators)."""

    def named(self, path: str) -> str:
        """How reports name a file named on the command line."""

    def entries(self, folder: str) -> list[Entry] | None:
        """A folder's entries sorted by name; None for one walked already; OSError when it cannot be listed."""

    def read(self, path: str) -> bytes:
        """A small file's bytes (a ``.gitignore``); OSError when it cannot be read."""

    def once_each(self, files: list[InputFile]) -> list[InputFile]:
        """``files`` with each file that two names reach kept once."""


class LocalTree:
    """This machine's folders."""

    def __init__(self) -> None:
        self._visited: set[tuple[int, int]] = set()

    def kind(self, path: str) -> str:
        if os.path.isdir(path):
            return FOLDER
        if os.path.lexists(path):
            return _not_a_file(path) or FILE
        return MISSING

    def base(self, found: list[str], kinds: dict[str, str]) -> str:
        anchors = [os.path.abspath(p) if kinds[p] == FOLDER else os.path.dirname(os.path.abspath(p)) for p in found]
        return os.path.commonpath(anchors) if anchors else os.getcwd()

    def relative(self, name: str, base: str) -> str:
        return os.path.relpath(os.path.abspath(name), base).replace(os.sep, "/")

    def named(self, path: str) -> str:
        return os.path.normpath(path)

    def entries(self, folder: str) -> list[Entry] | None:
        info = os.stat(folder)
        if (info.st_dev, info.st_ino) in self._visited:
            return None  # reached twice (a bind mount or a loop): walk it once
        self._visited.add((info.st_dev, info.st_ino))
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
            return [Entry(e.name, os.path.normpath(e.path), _local_kind(e)) for e in entries]

    def read(self, path: str) -> bytes:
        with open(path, "rb") as handle:
            return handle.read()

    def once_each(self, files: list[InputFile]) -> list[InputFile]:
        return _once_each(files)


def _local_kind(entry: os.DirEntry) -> str:
    if entry.is_dir(follow_symlinks=False):
        return FOLDER
    if entry.is_symlink() and not os.path.exists(entry.path):
        return BROKEN
    return FILE if entry.is_file() else OTHER  # a link to a folder, a socket, a device: nothing to read


def _not_a_file(path: str) -> str | None:
    """Why a path named on the command line cannot be an article of a batch, or None.

    A batch reads each file twice (to sketch it, then to check it), which a pipe, a FIFO or a
    device cannot give; a FIFO nobody writes to would also hang the run.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # reported when it is read
    if stat.S_ISREG(mode):
        return None
    kind = "a pipe or FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) \
        else "not a regular file"
    return f"is {kind}; a batch reads each file twice, so it needs regular files"


def _once_each(files) -> list[InputFile]:
    """The files with each one reached twice (a symbolic or hard link to another) kept once:
    the one that is not a symbolic link, else the first by path."""
    chosen: dict[tuple[int, int], InputFile] = {}
    unknown: list[InputFile] = []
    for f in sorted(files, key=lambda f: (os.path.islink(f.path), f.path)):
        try:
            info = os.stat(f.path)
        except OSError:
            unknown.append(f)  # reported when it is read
            continue
        chosen.setdefault((info.st_dev, info.st_ino), f)
    return list(chosen.values()) + unknown


def _walk(tree: Tree, root: str, options: WalkOptions, extensions: set[str], include, exclude,
          errors: list[InputError]) -> Iterator[str]:
    """Depth-first over ``root``, entries in sorted order; yields file names."""
    stack: list[tuple[str, str, tuple]] = [(root, "", ())]
    while stack:
        folder, relative, ignores = stack.pop()
        try:
            entries = tree.entries(folder)
        except OSError as exc:
            errors.append(InputError(folder, f"cannot be listed ({exc.strerror or exc})"))
            continue
        if entries is None:
            continue
        gitignore = next((e for e in entries if e.name == ".gitignore"), None) if options.gitignore else None
        if gitignore is not None:
            ignores = ignores + ((relative, _load_gitignore(tree, gitignore.path, errors)),)
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = f"{relative}/{entry.name}" if relative else entry.name
            if entry.kind == FOLDER:
                if not _ignored(ignores, rel + "/") and not (exclude and exclude.match_file(rel + "/")):
                    subfolders.append((entry.path, rel, ignores))
                continue
            if entry.kind == BROKEN:
                errors.append(InputError(entry.path, "is a broken symbolic link"))
                continue
            if entry.kind != FILE:
                continue
            if entry.name.rsplit(".", 1)[-1].lower() not in extensions or "." not in entry.name:
                continue
            if _ignored(ignores, rel) or (exclude and exclude.match_file(rel)):
                continue
            if include and not include.match_file(rel):
                continue
            yield entry.path
        stack.extend(reversed(subfolders))


def _load_gitignore(tree: Tree, path: str, errors: list[InputError]):
    try:
        return _gitignore_spec(tree.read(path).decode("utf-8", errors="replace").splitlines())
    except OSError as exc:
        errors.append(InputError(path, f"cannot be read ({exc.strerror or exc})"))
        return _gitignore_spec([])


def _ignored(ignores: tuple, relative: str) -> bool:
    """Whether the ``.gitignore`` files above ``relative`` ignore it; the deepest decision wins."""
    decision = False
    for base, spec in ignores:
        if base:
            if not relative.startswith(base + "/"):
                continue
            inner = relative[len(base) + 1 :]
        else:
            inner = relative
        result = spec.check_file(inner)
        if result.include is not None:
            decision = result.include
    return decision


def output_conflict(output: str, inputs: list[str]) -> str | None:
    """Why ``output`` may not be used as the output folder for ``inputs``, or None.

    >>> output_conflict("data/clean", ["data"])
    'the output folder data/clean is inside the input folder data'
    """
    out = os.path.realpath(output)
    for path in inputs:
        if os.path.isfile(path):
            continue  # a file holds no folder
        real = os.path.realpath(path)
        if out == real or out.startswith(real.rstrip(os.sep) + os.sep):
            return f"the output folder {output} is inside the input folder {path}"
    return None


def overwritten_input(files: list[InputFile], target: Callable[[InputFile], str | None]) -> str | None:
    """Why writing each file's ``target`` would overwrite one of the ``files``, or None."""
    inputs: dict[tuple[int, int], str] = {}
    for f in files:
        try:
            info = os.stat(f.path)
        except OSError:
            continue
        inputs[(info.st_dev, info.st_ino)] = f.path
    for f in files:
        out = target(f)
        try:
            info = os.stat(out) if out else None
        except OSError:
            continue
        if info is not None and (info.st_dev, info.st_ino) in inputs:
            return f"the output {out} would overwrite the input {inputs[(info.st_dev, info.st_ino)]}"
    return None
