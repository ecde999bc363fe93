"""A progress bar for batch runs on a terminal (rich, on standard error); used by the CLI only."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Iterator

from .parallel import Progress

STAGE_LABELS = {
    "signatures": "Reading and sketching",
    "buckets": "Bucketing signatures",
    "verification": "Verifying candidate copies",
    "passages": "Verifying shared passages",
    "articles": "Checking articles",
}
_REFRESH_SECONDS = 0.1


@contextmanager
def terminal_progress(enabled: bool | None = None) -> Iterator[Progress | None]:
    """Yield a progress callback drawing on standard error, or None when that is not a terminal.

    The bar is refreshed by the callback itself (no refresh thread), so worker processes
    can be started while it is shown.
    """
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

    bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
              console=Console(stderr=True), auto_refresh=False, transient=True)
    tasks: dict[str, int] = {}
    last = [0.0]

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(STAGE_LABELS.get(stage, stage), total=total)
        bar.update(tasks[stage], completed=done, total=total)
        now = time.monotonic()
        if done >= total or now - last[0] >= _REFRESH_SECONDS:
            last[0] = now
            bar.refresh()

    with bar:
        yield update
