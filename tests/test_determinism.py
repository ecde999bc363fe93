"""The same input gives the same report whatever the interpreter's string-hash seed."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import FIXTURES


def _report(seed: str) -> str:
    files = sorted(str(p) for p in (FIXTURES / "defects").glob("*.txt")) + sorted(
        str(p) for p in (FIXTURES / "traps").glob("*.txt"))
    env = dict(os.environ, PYTHONHASHSEED=seed)
    done = subprocess.run([sys.executable, "-m", "dedup.cli", "check", "--format", "json", *files],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def test_reports_do_not_depend_on_the_hash_seed():
    first = _report("1")
    assert '"findings"' in first
    assert _report("2") == first
    assert _report("12345") == first
