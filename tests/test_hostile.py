"""The command line against hostile input and careless scripts, each run bounded in time.

Every test runs ``dedup`` in a subprocess with a timeout, so a hang fails the test
instead of the CI job.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dedup.batch.parallel import WorkerError, run_tasks

TIMEOUT = 60  # seconds; every run here takes a few at most


def dedup(*args: str, cwd: Path | None = None, timeout: float = TIMEOUT,
          stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Run the command line; a run that outlives ``timeout`` fails the test."""
    return subprocess.run([sys.executable, "-m", "dedup.cli", *args], cwd=cwd, input=stdin,
                          stdin=None if stdin is not None else subprocess.DEVNULL,
                          capture_output=True, timeout=timeout)


def one_line(stderr: bytes) -> str:
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "Traceback" not in lines[0]
    return lines[0]


def council_folder(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        (folder / f"a{i:03}.txt").write_text(
            f"Notice {i}.\n\nThe harbour board met on day {i} and agreed to paint the lighthouse before spring.\n")
    return folder


# --- a bad file in a batch with worker processes -------------------------------------------------


def test_a_bad_file_in_a_batch_with_workers_is_reported_not_hung(tmp_path):
    # More files than one worker task holds, so that the stages run in worker processes.
    folder = council_folder(tmp_path / "many", 230)
    (folder / "zz.txt").write_bytes(b"caf\xe9\n")
    run = dedup("check", "--jobs", "2", str(folder))
    assert run.returncode == 2
    assert "zz.txt" in one_line(run.stderr) and "UTF-8" in run.stderr.decode()


class _Unpicklable(Exception):
    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} {second}")


def _raise_unpicklable(task: int) -> int:
    if task == 3:
        raise _Unpicklable("task", "failed")
    return task


def test_a_worker_error_that_cannot_be_unpickled_still_reaches_the_caller():
    with pytest.raises(WorkerError, match="_Unpicklable: task failed"):
        list(run_tasks(_raise_unpicklable, list(range(6)), 2, {}))
