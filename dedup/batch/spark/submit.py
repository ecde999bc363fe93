"""The ``spark-submit`` entry point: ``dedup check|clean INPUT... [options]`` on the session spark-submit made.

    spark-submit --master yarn --deploy-mode cluster --py-files dedup.zip \\
        dedup/batch/spark/submit.py clean /data/articles -o /data/cleaned

The arguments are those of ``dedup check`` and ``dedup clean``; ``--engine spark`` is
implied, and the master and settings are spark-submit's unless ``--master`` or
``--spark-conf`` are given.
"""

from __future__ import annotations

import sys


def arguments(argv: list[str]) -> list[str]:
    """``argv`` with ``--engine spark`` after the command, unless an engine is named.

    >>> arguments(["check", "corpus.jsonl"])
    ['check', '--engine', 'spark', 'corpus.jsonl']
    >>> arguments(["--help"])
    ['--help']
    """
    if not argv or argv[0] not in ("check", "clean") or any(a.split("=")[0] == "--engine" for a in argv):
        return list(argv)
    return [argv[0], "--engine", "spark", *argv[1:]]


def main(argv: list[str] | None = None) -> None:
    from dedup.cli import main as cli

    cli.main(arguments(sys.argv[1:] if argv is None else argv), prog_name="dedup")


if __name__ == "__main__":
    main()
