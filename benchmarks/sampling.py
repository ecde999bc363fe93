"""Peak memory of a child process and the workers it starts, sampled while it runs."""

from __future__ import annotations

import subprocess
import threading
import time
from typing import Callable, TypeVar

T = TypeVar("T")


def peak_pss(child: subprocess.Popen, wait: Callable[[], T]) -> tuple[T, int]:
    """What ``wait`` (which waits for ``child``) returns, and the peak proportional set size in
    bytes of ``child`` and all its descendants, sampled every 0.2 s. PSS counts the pages that
    forked workers share once, not once per process."""
    import psutil

    peak = [0]
    done = threading.Event()

    def sample() -> None:
        parent = psutil.Process(child.pid)
        while not done.is_set():
            try:
                total = sum(p.memory_full_info().pss for p in [parent, *parent.children(recursive=True)])
                peak[0] = max(peak[0], total)
            except psutil.Error:
                pass
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result = wait()
    finally:
        done.set()
        sampler.join()
    return result, peak[0]
