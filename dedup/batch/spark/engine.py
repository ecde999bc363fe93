"""Running a stage's per-task function on Spark's executors, results in task order.

Each task travels pickled, as one row ``(task, body)``; an executor runs the stage's
function on it (the same function the local worker pool runs, with the same stage state)
and returns the pickled result as one row. The job runs to its end before the driver
reads any result (the results are kept on the executors by a local checkpoint), so a
job that fails leaves nothing behind: the outputs that executors write go to temporary
files beside their targets, moved into place only once the whole job has succeeded.
"""

from __future__ import annotations

import heapq
import os
import pickle
import secrets
import shutil
from dataclasses import replace
from functools import partial
from typing import Any, Callable, Iterator, Sequence

from ..apply import apply_task
from ..clusters import components as union_find
from ..config import BatchConfig
from ..parallel import Progress, progressed, workers
from ..verify import Link
from ..remote import RemoteFile, is_uri
from ..walk import Discovery, InputFile, WalkOptions, discover
from . import SparkJobFailed
from .files import list_inputs, task_frame, task_rows
from .session import first_line
from .sketches import DEFAULT_DRIVER_BYTES, input_bytes, signed_candidates

SCHEMA = "task long, body binary"
DEFAULT_DRIVER_LINKS = 2_000_000  # links joined by union-find on the driver; more go to DataFrames


class SparkEngine:
    """The :class:`dedup.batch.run.Engine` of a Spark session.

    ``partitions``: how many partitions each stage's tasks are spread over (default: one per
    task, so that the driver receives the results a task at a time). ``driver_links``: the
    most verified links that are joined on the driver; more are joined on DataFrames
    (:mod:`.components`). ``driver_bytes``: the most input bytes whose sketches are merged on the
    driver; past it they stay on the executors (:mod:`.sketches`).
    """

    def __init__(self, session, partitions: int | None = None, driver_links: int = DEFAULT_DRIVER_LINKS,
                 driver_bytes: int = DEFAULT_DRIVER_BYTES) -> None:
        self.session = session
        self.partitions = partitions
        self.driver_links = driver_links
        self.driver_bytes = driver_bytes
        self.remote: dict[str, RemoteFile] = {}  # the files named by URIs, as listed
        self.max_bytes = 0

    def discover(self, paths: list[str], walk: WalkOptions, config: BatchConfig) -> Discovery:
        """The input files: URIs listed through Spark's Hadoop FileSystem (:mod:`.files`), paths on this machine."""
        if not any(is_uri(p) for p in paths):
            return discover(paths, walk)
        found = list_inputs(self.session, paths, walk, config)
        self.remote = {f.path: f.remote for f in found.files if f.remote is not None}
        self.max_bytes = config.max_bytes
        return found

    def task_frame(self, tasks: Sequence, slices: int):
        """The tasks as rows of a DataFrame, in task order, each with the bytes it reads of the files named by URIs."""
        return task_frame(self.session, list(tasks), slices, self.remote, self.max_bytes)

    def signed_candidates(self, files: list[InputFile], config: BatchConfig):
        """Stages 1 and 2 with the sketches kept on the executors (:mod:`.sketches`) when the input
        is larger than ``driver_bytes``; else None, and the driver merges them as the local engine does."""
        if not files or input_bytes(files) <= self.driver_bytes:
            return None
        return signed_candidates(self.session, files, config, self.partitions, self.task_frame)

    def run_tasks(self, func: Callable, tasks: Sequence, jobs: int, state: dict[str, Any],
                  progress: Progress | None = None, stage: str = "",
                  weight: Callable[[Any], int] = lambda task: 1) -> Iterator:
        """``func(task)`` for every task on the executors; the results in task order (``jobs`` is Spark's).

        The job has run to its end when this returns; the results are read as they are consumed.
        """
        staged: dict[str, str] = {}
        if func is apply_task:
            tasks = [_staged_task(task, staged) for task in tasks]
        try:
            done = self._run(func, tasks, state)
            _move_into_place(staged)
        finally:
            for temporary in staged:  # those of a job that failed
                _remove(temporary)
        results = self._read(done, len(tasks))
        if staged:
            results = (_unstaged_result(result, staged) for result in results)
        return progressed(results, tasks, progress, stage, weight)

    def _run(self, func: Callable, tasks: Sequence, state: dict[str, Any]):
        """The job's results, kept on the executors (a local checkpoint), or None without tasks."""
        if not tasks:
            return None
        slices = min(self.partitions or len(tasks), len(tasks))
        try:
            frame = self.task_frame(tasks, slices)
            return frame.mapInArrow(partial(run_partition, func, state), SCHEMA).localCheckpoint(eager=True)
        except Exception as exc:
            raise SparkJobFailed(first_line(exc)) from None

    @staticmethod
    def _read(done, count: int) -> Iterator:
        """The results kept by ``done``, whose blocks are released before the last one is handed out
        (a consumer that takes as many results as it gave tasks never asks again)."""
        if done is None:
            return
        released = False
        try:
            for index, result in enumerate(in_task_order(done.toLocalIterator(), count)):
                if index == count - 1:
                    released = True
                    done.unpersist()
                yield result
        except SparkJobFailed:
            raise
        except Exception as exc:
            raise SparkJobFailed(first_line(exc)) from None
        finally:
            if not released:
                done.unpersist()

    def components(self, n: int, links: list[Link]) -> list[list[int]]:
        """Groups of linked articles: union-find here while the links are few enough, else on DataFrames."""
        if len(links) <= self.driver_links:
            return union_find(n, links)
        from .components import star_components

        partitions = self.partitions or self.session.sparkContext.defaultParallelism
        return star_components(self.session, [(link.first, link.second) for link in links], partitions)


def run_partition(func: Callable, state: dict[str, Any], batches) -> Iterator:
    """Executor: run ``func`` on every task of a partition, one result row per task."""
    import pyarrow as pa

    with workers(1, state):  # installs the stage state, as a local worker has it
        for index, task in task_rows(batches):
            result = pickle.dumps(func(task), protocol=pickle.HIGHEST_PROTOCOL)
            yield pa.RecordBatch.from_pydict({"task": [index], "body": [result]},
                                             schema=pa.schema([("task", pa.int64()), ("body", pa.binary())]))


def in_task_order(rows, count: int) -> Iterator:
    """The unpickled result bodies of ``rows`` in task order, whatever order they come in.

    Rows come in task order (each partition holds consecutive tasks, read in order), so a
    result is held only while one before it is still to come.
    """
    pending: list[tuple[int, bytes]] = []
    expected = 0
    for row in rows:
        heapq.heappush(pending, (row.task, row.body))
        while pending and pending[0][0] == expected:
            yield pickle.loads(heapq.heappop(pending)[1])
            expected += 1
    if expected != count:
        raise SparkJobFailed(f"{count} tasks gave {expected} results")


# --- outputs written by the executors ------------------------------------------------------------


def _staged_task(task: tuple, staged: dict[str, str]) -> tuple:
    """An apply task whose plain-file outputs go to temporary files beside their targets.

    ``staged`` is told each temporary file and its target. A file cleaned in place is
    written as the local engine writes it (each such write replaces the file whole).
    """
    if task[0] != "files":
        return task
    plans = []
    for plan in task[1]:
        if plan.output and plan.output != plan.ref.path:
            target = os.path.realpath(plan.output)
            folder, name = os.path.split(target)
            temporary = os.path.join(folder, f".{name}.{secrets.token_hex(6)}.tmp")
            staged[temporary] = plan.output
            plan = replace(plan, output=temporary)
        plans.append(plan)
    return (task[0], tuple(plans))


def _unstaged_result(result: tuple, staged: dict[str, str]) -> tuple:
    reports, errors, lines = result
    for report in reports:
        if report.written in staged:
            report.written = staged[report.written]
    return reports, errors, lines


def _move_into_place(staged: dict[str, str]) -> None:
    """Rename each written temporary file over its target (which keeps its mode, as locally)."""
    for temporary, target in staged.items():
        if not os.path.exists(temporary):
            continue  # not written: the article was dropped, unchanged or unreadable
        final = os.path.realpath(target)
        if os.path.exists(final):
            shutil.copymode(final, temporary)
        os.replace(temporary, final)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
