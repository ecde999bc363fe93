"""Run a stage's tasks in worker processes, in order, with progress reported to a callback.

Each stage starts its own pool. Where the platform can fork and this process runs a
single thread, workers are forked (fast, and scripts need no ``__main__`` guard); the
objects the main process holds are frozen out of the garbage collector first, so the
workers do not copy them by touching them. Elsewhere a fork server (or spawn) starts
them. With one job everything runs in this process, through the same functions.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# A progress callback gets the stage name, the work done so far and the total.
Progress = Callable[[str, int, int], None]

# What a stage hands every worker once (settings, lookup tables). A module-level slot is
# how multiprocessing initialisers pass state to the tasks of the same process.
_STAGE_STATE: dict[str, Any] = {}


def stage_state() -> dict[str, Any]:
    """The state the current stage gave this process."""
    return _STAGE_STATE


def _install(state: dict[str, Any]) -> None:
    _STAGE_STATE.clear()
    _STAGE_STATE.update(state)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _context():
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        context.set_forkserver_preload(["dedup.batch.stages", "dedup.pipeline"])
    return context


def warm_up(check: bool = False) -> None:
    """Load the word lists, the stemmer and (with ``check``) the per-article pipeline once, here.

    Forked workers inherit them instead of each loading them again.
    """
    from .. import lexicon
    from ..normalize import stemmer

    lexicon.stopwords()
    lexicon.weekdays_months()
    stemmer()("warming")
    if check:
        from ..pipeline import check_text

        check_text("A short note. It is read once so that every model is loaded.\n")


def run_tasks(
    func: Callable[[T], R], tasks: Sequence[T], jobs: int, state: dict[str, Any],
    progress: Progress | None = None, stage: str = "", weight: Callable[[T], int] = lambda task: 1,
) -> Iterator[R]:
    """``func(task)`` for every task, results in task order.

    ``state`` is installed in each worker (see :func:`stage_state`) before its first task.
    """
    total = sum(weight(t) for t in tasks)
    done = 0
    if progress:
        progress(stage, 0, total)
    for task, result in zip(tasks, _results(func, tasks, jobs, state)):
        done += weight(task)
        if progress:
            progress(stage, done, total)
        yield result


def _results(func: Callable[[T], R], tasks: Sequence[T], jobs: int, state: dict[str, Any]) -> Iterable[R]:
    if jobs <= 1 or len(tasks) <= 1:
        saved = dict(_STAGE_STATE)
        _install(state)
        try:
            for task in tasks:
                yield func(task)
        finally:
            _install(saved)
        return
    context = _context()
    forking = context.get_start_method() == "fork"
    if forking:
        gc.freeze()
    try:
        pool = context.Pool(min(jobs, len(tasks)), initializer=_install, initargs=(state,))
    finally:
        if forking:
            gc.unfreeze()
    with pool:
        yield from pool.imap(func, tasks, chunksize=1)
