"""A stage function that crashes its worker once, for the Spark retry test (imported by the executors)."""

from __future__ import annotations

import os


def crash_once(task: tuple[str, int]) -> int:
    """``task[1] * 2``; the first call for a task whose marker file ``task[0]`` is missing makes it and kills
    the worker process, as an executor that dies does."""
    marker, value = task
    if not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(3)
    return value * 2
