"""The batch stages on Apache Spark (``--engine spark``), with the same output as this machine's engine.

Spark runs the per-task stage functions (:func:`~dedup.batch.signatures.sign_task`,
:func:`~dedup.batch.verify.verify_task`, :func:`~dedup.batch.apply.apply_task`) on its
executors, which read the texts from the articles' :class:`~dedup.batch.corpus.DocRef`;
verified links are joined into groups by union-find on the driver, or by the large/small
star method on DataFrames when they are many. Every decision is taken on the sorted
article order, never on partition or arrival order, so reports and outputs are the same
bytes as ``--engine local`` gives.

PySpark is optional (``pip install 'dedup[spark]'``) and imported only here, when the
engine starts.
"""

from __future__ import annotations

INSTALL = "pip install 'dedup[spark]'"


class SparkUnavailable(Exception):
    """Spark cannot start here: PySpark or Java is missing, or the master cannot be reached."""


class SparkJobFailed(Exception):
    """A Spark job failed after Spark's own retries; nothing was written."""
