"""Starting a Spark session for a batch run, with one clear error when that cannot be done."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import socket
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator
from urllib.parse import urlparse

from . import INSTALL, SparkUnavailable

# What a batch run sets unless the user's --spark-conf says otherwise: no web UI or progress bar
# on the terminal (dedup draws its own), and Arrow batches of a few tasks (each result is one row).
DEFAULTS = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.execution.arrow.maxRecordsPerBatch": "64",
    "spark.log.level": "ERROR",
}
_PROBE_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class SparkOptions:
    """Where the engine runs: a master URL (None: the one ``spark-submit`` gave, else ``local[*]``)
    and Spark settings (``--spark-conf KEY=VALUE``)."""

    master: str | None = None
    conf: dict[str, str] = field(default_factory=dict)


def parse_conf(values: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``KEY=VALUE`` settings as a dict; raises ValueError naming a setting without ``=``.

    >>> parse_conf(["spark.executor.memory=2g", "spark.a=b=c"])
    {'spark.executor.memory': '2g', 'spark.a': 'b=c'}
    """
    conf = {}
    for value in values:
        key, equals, setting = value.partition("=")
        if not equals or not key.strip():
            raise ValueError(f"--spark-conf {value!r} is not KEY=VALUE")
        conf[key.strip()] = setting
    return conf


# Settings of dedup's own given with --spark-conf, and the SparkEngine argument each sets.
ENGINE_SETTINGS = {"dedup.driver.links": "driver_links", "dedup.driver.bytes": "driver_bytes"}


def engine_options(conf: dict[str, str]) -> dict[str, int]:
    """The :class:`~.engine.SparkEngine` arguments ``conf`` sets, taken out of it (Spark does not know
    dedup's settings); ``spark.default.parallelism`` also gives the partitions of each stage.

    >>> conf = {"dedup.driver.links": "0", "dedup.driver.bytes": "1024", "spark.default.parallelism": "3"}
    >>> engine_options(conf), conf
    ({'driver_links': 0, 'driver_bytes': 1024, 'partitions': 3}, {'spark.default.parallelism': '3'})
    """
    options = {}
    for key, argument in ENGINE_SETTINGS.items():
        if key in conf:
            options[argument] = _count(key, conf.pop(key))
    if "spark.default.parallelism" in conf:
        options["partitions"] = max(1, _count("spark.default.parallelism", conf["spark.default.parallelism"]))
    return options


def _count(key: str, value: str) -> int:
    if not value.strip().isdigit():
        raise ValueError(f"--spark-conf {key}={value}: not a whole number")
    return int(value)


def java_command() -> str | None:
    """The ``java`` Spark will start: ``$JAVA_HOME/bin/java``, else the one on ``PATH``."""
    home = os.environ.get("JAVA_HOME")
    if home:
        candidate = os.path.join(home, "bin", "java")
        return candidate if os.access(candidate, os.X_OK) else None
    return shutil.which("java")


def unreachable(master: str | None) -> str | None:
    """Why a standalone or Kubernetes master cannot be reached, or None.

    Spark itself retries such a master for a minute before it gives up; a plain connection
    tells at once. YARN masters come from the Hadoop configuration and are left to Spark.

    >>> unreachable("local[2]") is None
    True
    """
    if not master or not master.startswith(("spark://", "k8s://")):
        return None
    url = master.removeprefix("k8s://")
    if "://" not in url:
        url = "https://" + url
    for address in urlparse(url).netloc.split(","):
        host, _, port = address.rpartition(":")
        try:
            with socket.create_connection((host or address, int(port or 7077)), timeout=_PROBE_SECONDS):
                return None
        except (OSError, ValueError) as exc:
            problem = getattr(exc, "strerror", None) or str(exc)
    return f"the Spark master {master} cannot be reached ({problem})"


def start(options: SparkOptions):
    """A SparkSession for ``options``; raises :class:`SparkUnavailable` with a one-line reason."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable(f"--engine spark needs PySpark: {INSTALL}") from None
    if java_command() is None:
        raise SparkUnavailable("--engine spark needs Java 17 or newer (no java in JAVA_HOME or on PATH); "
                               "on Debian or Ubuntu: apt-get install openjdk-17-jre-headless")
    problem = unreachable(options.master)
    if problem:
        raise SparkUnavailable(problem)
    defaults = dict(DEFAULTS)
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # started by spark-submit, which chose the master
    if (options.master is None and not submitted) or (options.master or "").startswith("local"):
        # Executors on this machine run this interpreter, which has dedup installed; a shuffle
        # needs no more partitions than there are cores to run them.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        defaults["spark.sql.shuffle.partitions"] = str(2 * (os.cpu_count() or 1))
        defaults["spark.driver.memory"] = "2g"  # this one JVM holds the executors' results too
    builder = SparkSession.builder.appName("dedup")
    if options.master:
        builder = builder.master(options.master)
    for key, value in {**defaults, **options.conf}.items():
        builder = builder.config(key, value)
    with _jvm_output() as log:
        try:
            return builder.getOrCreate()
        except Exception as exc:  # Py4J and PySpark errors: a bad master URL, a JVM that would not start
            raise SparkUnavailable(f"Spark could not start: {_jvm_error(log) or first_line(exc)}") from None


@contextmanager
def _jvm_output() -> Iterator[str]:
    """Point standard error at a log file while the JVM starts, so that it logs there, not on the terminal.

    The JVM keeps the file for its lifetime; the file is removed when this process ends.
    """
    handle, path = tempfile.mkstemp(prefix="dedup-spark-", suffix=".log")
    atexit.register(_remove, path)
    sys.stderr.flush()
    saved = os.dup(2)
    os.dup2(handle, 2)
    os.close(handle)
    try:
        yield path
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _jvm_error(log: str) -> str | None:
    """The message of the first exception the JVM logged to ``log``."""
    try:
        with open(log, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith(("Exception in thread", "Error: ")) or "Exception: " in line:
                    return line.rsplit("Exception: ", 1)[-1].removeprefix("Error: ").strip()
    except OSError:
        pass
    return None


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def first_line(exc: BaseException, limit: int = 300) -> str:
    """What went wrong, in one line, from an exception Spark raised (Java's carry a stack trace).

    A Python error in a task ends its traceback with the error itself; a Java one says it
    after its exception's class name.

    >>> first_line(Exception("An error occurred while calling o64.x.\\n: org.apache.spark.SparkException: Job aborted"))
    'Job aborted'
    >>> first_line(Exception("From the worker:\\nTraceback (most recent call last):\\n  File x\\nKeyError: 'a'"))
    "KeyError: 'a'"
    """
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    for line in reversed(lines):
        if _PYTHON_ERROR.match(line):
            return line[:limit]
    for line in lines:
        if "Exception: " in line:
            return line.split("Exception: ", 1)[1][:limit]
    for line in lines:
        if not line.startswith(("at ", "Traceback", "File ", "JVM stacktrace")):
            return line[:limit]
    return type(exc).__name__


_PYTHON_ERROR = re.compile(r"^[A-Z]\w*(Error|Exception|Failed|Interrupt)(: |$)")
