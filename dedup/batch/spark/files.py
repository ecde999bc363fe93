"""Inputs named by URIs on Spark: listed on the driver through Hadoop's FileSystem, read by the executors.

The driver walks a URI's folders with the FileSystem that Spark's Hadoop configuration
gives its scheme (``hdfs://``, ``s3a://``, ``file://``, any other on the classpath), by the
rules of :mod:`dedup.batch.walk`: the same hidden names, ``.gitignore`` files, globs and
extensions, and the same order. It asks nothing of a file but its size and modification time.

The texts never pass through the driver. For each stage, the byte ranges its tasks read
(:func:`wanted`) are joined on the executors with Spark's ``binaryFile`` source, which reads
each needed file there; only the ranges travel on, grouped by task, to the executor that
runs the task (:func:`task_frame`), where :func:`task_rows` hands them to the batch's readers
(:mod:`dedup.batch.remote`). A JSONL file's task ranges are found on an executor too.
"""

from __future__ import annotations

import errno
import io
import pickle
import re
from dataclasses import replace
from functools import partial
from typing import Any, Iterable, Iterator

from ..config import BatchConfig
from ..corpus import DocRef, line_chunks
from ..remote import RemoteFile, is_uri, scheme, supplied
from ..walk import FILE, FOLDER, Discovery, Entry, InputFile, InputUnavailable, WalkOptions, discover
from ...io import InputError
from .session import first_line

# The largest file Spark's binaryFile source reads (spark.sql.sources.binaryFile.maxLength, at most 2 GB).
SPARK_MAX_FILE = 2**31 - 1
_DEEPEST = 128  # folders nested deeper than this are a link loop (Hadoop's local file system follows links)

# The jar each scheme's FileSystem comes in, for the message when it is missing.
_JARS = {"s3a": "hadoop-aws", "abfs": "hadoop-azure", "abfss": "hadoop-azure", "wasb": "hadoop-azure",
         "wasbs": "hadoop-azure", "oss": "hadoop-aliyun", "cos": "hadoop-cos", "obs": "hadoop-huaweicloud"}


def list_inputs(session, paths: list[str], walk: WalkOptions, config: BatchConfig) -> Discovery:
    """The input files under ``paths`` (URIs), each with what its listing said (:attr:`InputFile.remote`).

    Raises :class:`InputUnavailable` when a URI's file system is missing or the URI does not exist.
    A file Spark's ``binaryFile`` source would not read is an error of the discovery, not an input.
    """
    tree = HadoopTree(session)
    found = discover(paths, walk, tree)
    files: list[InputFile] = []
    for f in found.files:
        fact = tree.fact(f.path)
        problem = _unreadable(f, fact)
        if problem:
            found.errors.append(InputError(f.path, problem))
        else:
            files.append(replace(f, remote=fact))
    jsonl = [f for f in files if f.jsonl]
    if jsonl:
        found_chunks = jsonl_chunks(session, [f.remote.location for f in jsonl], config.jsonl_task_bytes)
        # An empty file has no row in Spark's file sources, and no range.
        ranges = {f.path: () if f.remote.size == 0 else found_chunks.get(f.remote.location) for f in jsonl}
        files = [replace(f, remote=replace(f.remote, chunks=ranges[f.path])) if f.jsonl else f for f in files]
    found.files = files
    found.errors.sort(key=InputError.sort_key)
    return found


def _unreadable(f: InputFile, fact: RemoteFile) -> str | None:
    """Why Spark's ``binaryFile`` source cannot read a file, or None.

    >>> _unreadable(InputFile("hdfs://n/d/_x.txt", "_x.txt"), RemoteFile("hdfs://n/d/_x.txt", 5, 0.0))[:33]
    'cannot be read on Spark: it skips'
    """
    name = f.path.rsplit("/", 1)[-1]
    if (name.startswith("_") and "=" not in name) or name.endswith("._COPYING_"):
        return ("cannot be read on Spark: it skips names that start with '_' "
                "(rename the file, or leave it out with --exclude)")
    if fact.size > SPARK_MAX_FILE:
        return f"is too large for Spark's binaryFile reader ({fact.size} bytes; at most {SPARK_MAX_FILE})"
    return None


class HadoopTree:
    """URIs as a :class:`~dedup.batch.walk.Tree`: Hadoop's FileSystem of each scheme, through Spark's JVM.

    Files are named as the user named their root, with the relative path below it.
    """

    def __init__(self, session) -> None:
        context = session.sparkContext
        self._jvm = context._jvm
        self._conf = context._jsc.hadoopConfiguration()
        self._folders: dict[str, tuple[Any, Any]] = {}  # name -> (FileSystem, Path)
        self._files: dict[str, tuple[Any, Any]] = {}  # name -> (FileSystem, FileStatus)

    def kind(self, path: str) -> str:
        """``FOLDER`` or ``FILE``; :class:`InputUnavailable` for a URI that cannot be listed."""
        try:
            hadoop_path = self._jvm.org.apache.hadoop.fs.Path(path)
        except Exception as exc:
            raise InputUnavailable(path, f"is not a URI Hadoop reads ({_message(exc)})") from None
        try:
            fs = hadoop_path.getFileSystem(self._conf)
        except Exception as exc:
            raise InputUnavailable(path, self._no_file_system(path, exc)) from None
        try:
            status = fs.getFileStatus(hadoop_path)
        except Exception as exc:
            if "java.io.FileNotFoundException" in str(exc):
                raise InputUnavailable(path, "no such file or folder") from None
            raise InputUnavailable(path, f"cannot be listed ({_message(exc)})") from None
        if status.isDirectory():
            self._folders[path] = (fs, status.getPath())
            return FOLDER
        if status.isFile():
            self._files[path] = (fs, status)
            return FILE
        return "is not a regular file"

    def _no_file_system(self, uri: str, exc: Exception) -> str:
        name = scheme(uri)
        detail = _message(exc)
        if "UnsupportedFileSystemException" not in str(exc) and "ClassNotFoundException" not in str(exc):
            return f"cannot be listed ({detail})"
        hadoop = self._jvm.org.apache.hadoop.util.VersionInfo.getVersion()
        jar = _JARS.get(name)
        add = (f"add the {jar} jar of Spark's Hadoop {hadoop} and its dependencies, e.g. --spark-conf "
               f"spark.jars.packages=org.apache.hadoop:{jar}:{hadoop} (or spark.jars=PATH.jar)") if jar else \
            f"add the jar of a Hadoop FileSystem for {name}:// with --spark-conf spark.jars=PATH.jar"
        return f"Spark has no Hadoop FileSystem for {name}:// ({detail}); {add}"

    def base(self, found: list[str], kinds: dict[str, str]) -> list[str]:
        anchors = [_parts(p) if kinds[p] == FOLDER else _parts(p)[:-1] for p in found]
        common = anchors[0] if anchors else []
        for parts in anchors[1:]:
            size = 0
            while size < min(len(common), len(parts)) and common[size] == parts[size]:
                size += 1
            common = common[:size]
        return common

    def relative(self, name: str, base: list[str]) -> str:
        return "/".join(_parts(name)[len(base):])

    def named(self, path: str) -> str:
        return path

    def entries(self, folder: str) -> list[Entry] | None:
        if folder.count("/") > _DEEPEST:
            raise OSError(errno.ELOOP, "folders nested too deep (a link loop?)")
        fs, hadoop_path = self._folders[folder]
        try:
            statuses = list(fs.listStatus(hadoop_path))
        except Exception as exc:
            raise OSError(_message(exc)) from None
        out = []
        for status in statuses:
            child = status.getPath()
            name = child.getName()
            path = f"{folder.rstrip('/')}/{name}"
            if status.isDirectory():
                self._folders[path] = (fs, child)
                kind = FOLDER
            elif status.isFile():
                self._files[path] = (fs, status)
                kind = FILE
            else:
                kind = "other"
            out.append(Entry(name, path, kind))
        return sorted(out, key=lambda e: e.name)

    def read(self, path: str) -> bytes:
        fs, status = self._files[path]
        try:
            stream = fs.open(status.getPath())
            try:
                return bytes(self._jvm.org.apache.commons.io.IOUtils.toByteArray(stream))
            finally:
                stream.close()
        except Exception as exc:
            raise OSError(_message(exc)) from None

    def once_each(self, files: list[InputFile]) -> list[InputFile]:
        return files

    def fact(self, name: str) -> RemoteFile:
        """What the listing said of a file it found."""
        _, status = self._files[name]
        return RemoteFile(status.getPath().toString(), status.getLen(), status.getModificationTime() / 1000)


def _parts(uri: str) -> list[str]:
    """A URI's file system and the names of its path.

    >>> _parts("hdfs://nn:8020/data/a.txt"), _parts("file:///d/")
    (['hdfs://nn:8020', 'data', 'a.txt'], ['file://', 'd'])
    """
    head, _, path = uri.partition("://")
    authority, _, rest = path.partition("/")
    return [f"{head}://{authority}", *[part for part in rest.split("/") if part]]


def _message(exc: BaseException) -> str:
    """A Java exception's own message, in one line."""
    return first_line(exc).removeprefix("java.lang.ClassNotFoundException: ")


# --- reading on the executors --------------------------------------------------------------------------


def _escaped(location: str) -> str:
    """A file's location with Hadoop's glob characters escaped, so that Spark reads that file alone.

    >>> _escaped("file:/d/a[1]*.txt")
    'file:/d/a\\\\[1\\\\]\\\\*.txt'
    """
    return re.sub(r"([\\{}\[\]*?])", r"\\\1", location)


def contents(session, locations: Iterable[str]):
    """A DataFrame of the files at ``locations``: ``path`` (the location) and ``content``, read on the executors."""
    return (session.read.format("binaryFile").load([_escaped(location) for location in locations])
            .select("path", "content"))


def jsonl_chunks(session, locations: list[str], target_bytes: int) -> dict[str, tuple]:
    """Each JSONL file's task ranges (as :func:`dedup.batch.corpus.jsonl_chunks` finds them), found where it is read."""
    found = contents(session, locations).rdd.map(partial(_chunks_of, target_bytes)).collect()
    return dict(found)


def _chunks_of(target_bytes: int, row) -> tuple[str, tuple]:
    return row.path, tuple(line_chunks(io.BytesIO(row.content), target_bytes))


def wanted(task: Any) -> set[tuple[str, int, int]]:
    """The byte ranges of files named by URIs that a stage's task reads: ``(name, start, length)``,
    length -1 for a whole file. It knows the task of each stage: ``("files", paths or plans)``,
    ``("jsonl", path, start, end, ...)``, ``("articles", pairs, refs)``, ``("passages", pairs, units, refs)``
    and ``("texts", ((ref, start, end), ...))``.
    """
    kind = task[0] if isinstance(task, tuple) and task else None
    if kind == "jsonl":
        return {(task[1], task[2], task[3] - task[2])} if is_uri(task[1]) else set()
    if kind == "files":
        refs = [DocRef(item) if isinstance(item, str) else item.ref for item in task[1]]
    elif kind in ("articles", "passages"):
        refs = list(task[-1].values())
    elif kind == "texts":
        refs = [ref for ref, _, _ in task[1]]
    else:
        return set()
    return {(ref.path, ref.offset, ref.size) if ref.line else (ref.path, 0, -1) for ref in refs if is_uri(ref.path)}


def task_frame(session, tasks: list, slices: int, remote: dict[str, RemoteFile], max_bytes: int):
    """The tasks as rows ``(task, body, facts, pieces)`` in task order over ``slices`` partitions: ``facts``,
    what the listing said of each file named by a URI that the task reads; ``pieces``, the byte
    ranges it reads, read by the executors."""
    from pyspark.sql import functions as F

    rows, needs = [], []
    for index, task in enumerate(tasks):
        ranges = wanted(task)
        facts = {name: replace(remote[name], chunks=None) for name, _, _ in ranges if name in remote}
        rows.append((index, pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL),
                     pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL) if facts else None))
        needs += [(index, facts[name].location, name, start, length) for name, start, length in sorted(ranges)
                  if name in facts and 0 < facts[name].size and (length >= 0 or facts[name].size <= max_bytes)]
    context = session.sparkContext
    bodies = session.createDataFrame(context.parallelize(rows, slices), "task long, body binary, facts binary")
    if not needs:
        return bodies
    needed = session.createDataFrame(needs, "task long, location string, name string, start long, length long")
    loaded = contents(session, sorted({need[1] for need in needs}))
    data = F.when(F.col("length") < 0, F.col("content")).otherwise(
        F.col("content").substr((F.col("start") + 1).cast("int"), F.col("length").cast("int")))
    pieces = (loaded.join(F.broadcast(needed), loaded.path == needed.location)
              .groupBy("task").agg(F.collect_list(F.struct("name", "start", data.alias("data"))).alias("pieces")))
    return bodies.join(pieces, "task", "left").repartitionByRange(slices, "task").sortWithinPartitions("task")


def task_rows(batches) -> Iterator[tuple[int, Any]]:
    """Executor: ``(index, task)`` of each row of :func:`task_frame` (or of a frame of ``task`` and ``body``
    alone), in order; while the consumer runs a task, the files it reads are supplied to it."""
    for batch in batches:
        columns = batch.to_pydict()
        count = len(columns["task"])
        facts = columns.get("facts") or [None] * count
        pieces = columns.get("pieces") or [None] * count
        for index, body, known, read in zip(columns["task"], columns["body"], facts, pieces):
            task = pickle.loads(body)
            if known is None:
                yield index, task
                continue
            given = [(piece["name"], piece["start"], piece["data"]) for piece in read or ()]
            with supplied(pickle.loads(known), given):
                yield index, task
