"""Run a stage's tasks in worker processes, in order, with progress reported to a callback.

Each stage starts its own pool. Where the platform can fork and this process runs a
single thread, workers are forked (fast, and scripts need no ``__main__`` guard); the
objects the main process holds are frozen out of the garbage collector first, so the
workers do not copy them by touching them. Elsewhere a fork server (or spawn) starts
them. With one job everything runs in this process, through the same functions.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
import threading
from contextlib import contextmanager
from functools import partial
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


def _start_worker(state: dict[str, Any]) -> None:
    _leave_interrupts_to_the_main_process()
    _keep_freed_memory()
    _install(state)


def _leave_interrupts_to_the_main_process() -> None:
    """Ctrl-C reaches every process of the group: workers ignore it and let the main process
    stop them (``Pool.terminate``). A worker interrupted inside the pool's own code could die
    holding one of its locks, or halfway through sending a result, and hang the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


# glibc's mallopt parameters, and values that keep every array a task frees (up to mmap's largest).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_KEEP_BYTES = 32 << 20


def _keep_freed_memory() -> None:
    """Let this worker's C heap keep the memory numpy frees, rather than hand it back to the system.

    A task makes and frees arrays of a few megabytes over and over; handed back, each comes
    again as fresh pages the kernel must fault in and zero, which costs more than the
    arithmetic on them. A worker lives for one stage, so what it keeps is what a task needs.
    Elsewhere than glibc this does nothing.
    """
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(_M_TRIM_THRESHOLD, _KEEP_BYTES * 4)
        libc.mallopt(_M_MMAP_THRESHOLD, _KEEP_BYTES)
    except (OSError, AttributeError):
        pass


class WorkerError(Exception):
    """An error raised in a worker that could not travel back to the main process as itself."""


def _guarded(func: Callable[[T], R], task: T) -> R:
    """``func(task)``, with an exception the main process could not unpickle replaced by one it can.

    The pool unpickles results in a thread of its own; an exception that fails there
    kills that thread, and the main process then waits forever.
    """
    try:
        return func(task)
    except Exception as exc:
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            raise WorkerError(f"{type(exc).__name__}: {exc}") from None
        raise


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
    """Load the word lists and (with ``check``) the per-article pipeline once, here.

    Forked workers inherit them instead of each loading them again. The stemmer loads later:
    signature workers leave stemming to this process, which loads it while they read.
    """
    from .. import lexicon

    lexicon.stopwords()
    lexicon.weekdays_months()
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
    with workers(min(jobs, len(tasks)), state) as submit:
        yield from progressed(submit(func, tasks), tasks, progress, stage, weight)


def progressed(results: Iterable[R], tasks: Sequence[T], progress: Progress | None, stage: str,
               weight: Callable[[T], int] = lambda task: 1) -> Iterator[R]:
    """The ``results`` of ``tasks``, reporting the work done to ``progress`` as each arrives."""
    total = sum(weight(t) for t in tasks)
    done = 0
    if progress:
        progress(stage, 0, total)
    for task, result in zip(tasks, results):
        done += weight(task)
        if progress:
            progress(stage, done, total)
        yield result


Submit = Callable[[Callable[[T], R], Sequence[T]], Iterator[R]]


@contextmanager
def workers(jobs: int, state: dict[str, Any]) -> Iterator[Submit]:
    """Workers for one stage: ``submit(func, tasks)`` hands tasks out at once and returns their results, in order.

    Work submitted early runs while this process prepares the next tasks. With one job the
    tasks run here, when their results are read (inside the ``with`` block).
    """
    if jobs <= 1:
        saved = dict(_STAGE_STATE)
        _install(state)
        try:
            yield lambda func, tasks: map(func, tasks)
        finally:
            _install(saved)
        return
    context = _context()
    forking = context.get_start_method() == "fork"
    if forking:
        gc.freeze()
    # A Ctrl-C between a worker's start and its initializer would give that worker a traceback:
    # workers start with SIGINT blocked, and it reaches this process once the pool is made.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pool = context.Pool(jobs, initializer=_start_worker, initargs=(state,))
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        if forking:
            gc.unfreeze()
    with pool:  # Pool.terminate: the result thread stops, then the workers get SIGTERM
        yield lambda func, tasks: pool.imap(partial(_guarded, func), tasks, chunksize=1)
