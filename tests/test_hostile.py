"""The command line against hostile input and careless scripts, each run bounded in time.

Every test runs ``dedup`` in a subprocess with a timeout, so a hang fails the test
instead of the CI job.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dedup import io
from dedup.batch.parallel import WorkerError, run_tasks
from dedup.rules.examples import EXACT_PARAGRAPH_FLAGGED

REPEATED = EXACT_PARAGRAPH_FLAGGED[0]

TIMEOUT = 60  # seconds; every run here takes a few at most


def dedup(*args: str, cwd: Path | None = None, timeout: float = TIMEOUT, stdin: bytes | None = None,
          pass_fds: tuple[int, ...] = ()) -> subprocess.CompletedProcess:
    """Run the command line; a run that outlives ``timeout`` fails the test."""
    return subprocess.run([sys.executable, "-m", "dedup.cli", *args], cwd=cwd, input=stdin,
                          stdin=None if stdin is not None else subprocess.DEVNULL,
                          capture_output=True, timeout=timeout, pass_fds=pass_fds)


def cleaned(tmp_path: Path) -> bytes:
    """What ``clean`` makes of REPEATED (the library's answer, which the command writes)."""
    from dedup import clean_text

    out = clean_text(REPEATED).cleaned.encode("utf-8")
    assert out and out != REPEATED.encode()
    return out


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


# --- writing through links, devices and FIFOs ---------------------------------------------------


def test_output_through_a_symlink_writes_the_file_it_names(tmp_path):
    expected = cleaned(tmp_path)
    (tmp_path / "in.txt").write_text(REPEATED)
    real = tmp_path / "real.txt"
    real.write_text("old\n")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert dedup("clean", str(tmp_path / "in.txt"), "-o", str(link)).returncode == 0
    assert link.is_symlink() and real.read_bytes() == expected


def test_in_place_through_a_symlink_cleans_the_real_file_and_keeps_the_link(tmp_path):
    expected = cleaned(tmp_path)
    real = tmp_path / "real.txt"
    real.write_text(REPEATED)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert dedup("clean", "--in-place", str(link)).returncode == 0
    assert link.is_symlink() and real.read_bytes() == expected


def test_output_to_a_fifo_is_written_into_it(tmp_path):
    expected = cleaned(tmp_path)
    (tmp_path / "in.txt").write_text(REPEATED)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    run = dedup("clean", str(tmp_path / "in.txt"), "-o", str(fifo))
    if run.returncode != 0:  # release the reader, which still waits for a writer
        with open(fifo, "wb"):
            pass
    reader.join(TIMEOUT)
    assert run.returncode == 0, run.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received == [expected]


def test_report_to_an_inherited_descriptor_goes_through_it(tmp_path):
    (tmp_path / "in.txt").write_text(REPEATED)
    with open(tmp_path / "report.txt", "wb") as handle:
        fd = handle.fileno()
        run = dedup("clean", str(tmp_path / "in.txt"), "-o", str(tmp_path / "out.txt"),
                    "--format", "json", "--report", f"/dev/fd/{fd}", pass_fds=(fd,))
    assert run.returncode == 0, run.stderr
    assert b'"duplicate.exact-paragraph"' in (tmp_path / "report.txt").read_bytes()


def test_devices_and_standard_streams_are_written_directly_never_replaced():
    # Decided without writing: a wrong answer here would replace /dev/null when run as root.
    for path in ("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/fd/1", "/proc/self/fd/2"):
        assert io.is_stream(path), path
    assert io.inherited_descriptor("/dev/stdout") == 1


# --- an output that is an input -------------------------------------------------------------------


@pytest.mark.parametrize("via", ["same name", "symlink"])
def test_an_output_that_is_the_input_is_refused(tmp_path, via):
    source = tmp_path / "a.txt"
    source.write_text(REPEATED)
    target = source
    if via == "symlink":
        target = tmp_path / "link.txt"
        target.symlink_to(source)
    for option in ("-o", "--report"):
        run = dedup("clean", str(source), option, str(target))
        assert run.returncode == 2
        assert "is the input" in one_line(run.stderr)
        assert source.read_text() == REPEATED


def test_a_batch_output_folder_holding_the_inputs_is_refused(tmp_path):
    folder = tmp_path / "dir"
    folder.mkdir()
    (folder / "a.txt").write_text(REPEATED)
    (folder / "b.txt").write_text(REPEATED.replace("a", "o"))
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    run = dedup("clean", str(folder / "a.txt"), str(folder / "b.txt"), "-o", str(folder), "--jobs", "1")
    assert run.returncode == 2
    assert "would overwrite the input" in one_line(run.stderr)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


# --- bounded reads --------------------------------------------------------------------------------


def test_an_endless_device_stops_at_max_bytes(tmp_path):
    run = dedup("check", "--max-bytes", "5000", "/dev/zero")
    assert run.returncode == 2
    assert "/dev/zero" in one_line(run.stderr) and "too large" in run.stderr.decode()


def test_an_endless_fifo_stops_at_max_bytes(tmp_path):
    fifo = tmp_path / "endless"
    os.mkfifo(fifo)

    def write_forever() -> None:
        try:
            with open(fifo, "wb") as handle:
                while True:
                    handle.write(b"The ferry left on time again today.\n" * 100)
        except (BrokenPipeError, OSError):
            pass  # the reader stopped reading, as it should

    threading.Thread(target=write_forever, daemon=True).start()
    run = dedup("check", "--max-bytes", "20000", str(fifo))
    assert run.returncode == 2
    assert "too large" in one_line(run.stderr)


def test_standard_input_honours_max_bytes():
    run = dedup("check", "--max-bytes", "1000", "-", stdin=b"The ferry left on time.\n" * 100)
    assert run.returncode == 2
    assert "<stdin>" in one_line(run.stderr) and "too large" in run.stderr.decode()


def test_a_small_limit_is_told_in_bytes(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The ferry left on time, and the crew waved from the deck. " * 4)
    run = dedup("check", "--max-bytes", "100", str(path))
    assert run.returncode == 2
    assert "the limit is 100 bytes" in one_line(run.stderr)


def test_a_nul_byte_far_into_a_file_marks_it_binary(tmp_path):
    path = tmp_path / "late.txt"
    path.write_bytes(b"The ferry left on time.\n" * 500 + b"\x00tail\n")
    run = dedup("check", str(path))
    assert run.returncode == 2
    assert "binary" in one_line(run.stderr)


# --- long and repetitive articles -----------------------------------------------------------------


def test_many_identical_paragraphs_are_checked_quickly(tmp_path):
    path = tmp_path / "same.txt"
    path.write_text("\n\n".join(["The harbour board agreed to paint the lighthouse before spring."] * 2000) + "\n")
    run = dedup("check", "--format", "json", str(path), timeout=30)  # took over a minute when copies paired all-to-all
    assert run.returncode == 1, run.stderr
    findings = json.loads(run.stdout)["files"][0]["findings"]
    assert sum(f["rule"] == "duplicate.exact-paragraph" for f in findings) == 1999


def test_restated_sentences_of_a_long_article_are_found_in_bounded_memory():
    # 40,000 sentences: the dense sentence-by-stem matrix needed 9 GiB; a 1.5 GiB address space is plenty now.
    script = (
        "import random, resource\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))\n"
        "from dedup.rules.conflicts import _sharing_pairs\n"
        "rng = random.Random(7)\n"
        "vocabulary = [f'w{i}' for i in range(60000)]\n"
        "sets = [frozenset(rng.sample(vocabulary, 8)) for _ in range(40000)]\n"
        "sets[39999] = sets[5] | {'extra'}\n"
        "print((5, 39999) in _sharing_pairs(sets, 4))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=TIMEOUT)
    assert run.returncode == 0, run.stderr.decode()[-500:]
    assert run.stdout.strip() == b"True"


def test_the_sparse_count_of_shared_stems_gives_the_dense_pairs():
    import random

    from dedup.rules.conflicts import _sharing_pairs_dense, _sharing_pairs_sparse

    rng = random.Random(3)
    for size in (2, 30, 300):
        vocabulary = [f"s{i}" for i in range(rng.choice((10, 40, 400)))]
        sets = [frozenset(rng.sample(vocabulary, rng.randint(1, 9))) for _ in range(size)]
        for least in (1, 3, 4):
            dense = _sharing_pairs_dense(sets, least)
            assert _sharing_pairs_sparse(sets, least, block=7) == dense
            assert _sharing_pairs_sparse(sets, least) == dense


def test_banding_some_rows_gives_the_pairs_of_those_rows():
    import numpy as np

    from dedup.similarity import band_pairs, band_pairs_among

    rng = np.random.default_rng(5)
    signatures = rng.integers(0, 4, size=(60, 8), dtype=np.uint32)  # few values: many bands agree
    rows = sorted(rng.choice(60, size=35, replace=False).tolist())
    kept = set(rows)
    expected = {(i, j) for i, j in band_pairs(signatures, 4, 2) if i in kept and j in kept}
    assert band_pairs_among(signatures, rows, 4, 2) == expected
    assert expected  # the case is not empty


# --- terminal escapes, broken pipes, unknown rule names ------------------------------------------


def test_control_characters_from_an_article_reach_the_terminal_written_out(tmp_path):
    paragraph = ("The harbour board agreed to paint the \x1b]0;new title\x07lighthouse before spring, "
                 "\x1b[2Jsaid the \x9b31m chair.")
    path = tmp_path / "escapes.txt"
    path.write_text(f"Title\n\n{paragraph}\n\n{paragraph}\n")
    run = dedup("check", "--no-color", str(path))
    assert run.returncode == 1
    shown = run.stdout.decode()
    assert not [c for c in shown if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F], shown
    assert "^[[2Jsaid" in shown and "<U+009B>" in shown


@pytest.mark.parametrize("args", [("rules",), ("explain", "duplicate.sentence"), ("check", "{clean}")])
def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path, args):
    clean = tmp_path / "clean.txt"
    clean.write_text("The harbour board agreed to paint the lighthouse before spring.\n" * 3)
    command = [sys.executable, "-m", "dedup.cli", *(a.format(clean=clean) for a in args)]
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()  # the reader is gone before dedup writes a byte
    try:
        stderr = child.stderr.read()
        code = child.wait(TIMEOUT)
    finally:
        child.kill()
    assert stderr == b""
    assert code == 141  # as a shell reports a filter stopped by SIGPIPE


@pytest.mark.parametrize("option, value, closest", [
    ("--select", "duplicate.sentnce", "duplicate.sentence"),
    ("--ignore", "truncaton", "truncation"),
    ("--severity", "conflict.numbr=info", "conflict.number"),
])
def test_unknown_rule_names_are_usage_errors_naming_the_closest_rule(tmp_path, option, value, closest):
    path = tmp_path / "a.txt"
    path.write_text(REPEATED)
    run = dedup("check", option, value, str(path))
    assert run.returncode == 2
    assert f"did you mean '{closest}'" in run.stderr.decode()


def test_known_rule_ids_and_prefixes_are_accepted(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(REPEATED)
    run = dedup("check", "--select", "duplicate,break.,corpus.boilerplate", "--ignore", "truncation.no-verb",
                "--severity", "duplicate=info", "--fail-level", "warning", str(path))
    assert run.returncode == 0, run.stderr


# --- modes of outputs ------------------------------------------------------------------------------


def _under_umask(mask: int, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dedup.cli", *args], stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=TIMEOUT, preexec_fn=lambda: os.umask(mask))


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_outputs_follow_the_umask(tmp_path, mask, mode):
    (tmp_path / "in.txt").write_text(REPEATED)
    assert _under_umask(mask, "clean", str(tmp_path / "in.txt"), "-o", str(tmp_path / "out.txt"),
                        "--report", str(tmp_path / "report.txt")).returncode == 0
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == mode
    assert stat.S_IMODE((tmp_path / "report.txt").stat().st_mode) == mode


def test_a_file_cleaned_in_place_keeps_its_mode(tmp_path):
    path = tmp_path / "in.txt"
    path.write_text(REPEATED)
    path.chmod(0o640)
    assert _under_umask(0o077, "clean", "--in-place", str(path)).returncode == 0
    assert path.read_text() != REPEATED and stat.S_IMODE(path.stat().st_mode) == 0o640


# --- Ctrl-C and the output folder ------------------------------------------------------------------


def _manifest(folder: Path) -> dict:
    return json.loads((folder / ".dedup-manifest.json").read_text())


def test_ctrl_c_during_a_batch_clean_exits_130_quietly_and_leaves_the_folder_marked_incomplete(tmp_path):
    folder = council_folder(tmp_path / "in", 1500)
    out = tmp_path / "out"
    child = subprocess.Popen([sys.executable, "-m", "dedup.cli", "clean", str(folder), "-o", str(out), "--jobs", "2"],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True)  # its own process group, as a shell gives a job
    try:
        deadline = time.monotonic() + TIMEOUT
        while not (out.is_dir() and any(p.suffix == ".txt" for p in out.iterdir())):  # writing has started
            assert child.poll() is None and time.monotonic() < deadline, "the run ended before it was interrupted"
            time.sleep(0.01)
        os.killpg(child.pid, signal.SIGINT)  # what Ctrl-C does: the whole group gets it
        _, stderr = child.communicate(timeout=TIMEOUT)
    finally:
        child.kill()
    assert child.returncode == 130
    assert stderr.decode() == "dedup: interrupted\n"
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert _manifest(out)["complete"] is False


def test_a_rerun_removes_outputs_of_articles_it_no_longer_writes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    story = ("The harbour board met on Monday and agreed to paint the lighthouse before spring, after a vote "
             "of seven to two. The work will cost forty thousand pounds and start in March, the chair said.\n")
    (folder / "a.txt").write_text(story)
    (folder / "b.txt").write_text("The ferry timetable changes next week, with two extra sailings on Fridays "
                                  "and a later last boat on Saturdays through the summer months.\n")
    out = tmp_path / "out"
    (tmp_path / "out").mkdir()
    (out / "notes.txt").write_text("mine\n")  # a file dedup did not write is never touched
    assert dedup("clean", str(folder), "-o", str(out), "--jobs", "1").returncode == 0
    assert (out / "b.txt").exists() and _manifest(out) == {"tool": "dedup", "complete": True,
                                                           "files": ["a.txt", "b.txt"]}
    (folder / "b.txt").write_text(story)  # now a copy of a.txt: dropped, not written
    run = dedup("clean", str(folder), "-o", str(out), "--jobs", "1", "--format", "json")
    assert run.returncode == 0, run.stderr
    assert not (out / "b.txt").exists() and (out / "notes.txt").read_text() == "mine\n"
    assert _manifest(out)["files"] == ["a.txt"]
    assert json.loads(run.stdout)["batch"]["removed_outputs"] == ["b.txt"]


def test_a_band_value_shared_by_a_crowd_pairs_nobody_through_that_band():
    import numpy as np

    from dedup.similarity import band_pairs

    # 300 rows, all different; rows 0-99 agree on band 0 only, rows 200 and 201 on band 1 as well.
    signatures = np.arange(300 * 4, dtype=np.uint32).reshape(300, 4)
    signatures[:100, 0:2] = 7
    signatures[200:202, 2:4] = 9
    signatures[0, 2:4] = signatures[1, 2:4] = 11  # and two of the crowd agree on a band of their own
    assert band_pairs(signatures, 2, 2) == {(200, 201), (0, 1)}


def test_a_long_article_treats_its_commonest_stems_as_topic_words():
    from dedup.rules.conflicts import _topic_stems

    sets = [frozenset({f"s{i}", "common"} if i < 600 else {f"s{i}"}) for i in range(4000)]
    assert _topic_stems(sets) == {"common"}  # in 600 of 4,000 sentences: fewer than a quarter, but many
    assert _topic_stems(sets[:1000]) == {"common"}  # in 600 of 1,000
    assert _topic_stems(sets[500:1000]) == frozenset()  # in 100 of 500: not a topic word


@pytest.mark.parametrize("batch", [False, True])
def test_a_report_that_cannot_be_written_is_one_line_naming_it(tmp_path, batch):
    (tmp_path / "a.txt").write_text(REPEATED)
    inputs = [str(tmp_path / "a.txt")]
    if batch:
        (tmp_path / "b.txt").write_text("The ferry left on time.\n")
        inputs.append(str(tmp_path / "b.txt"))
    out = tmp_path / ("out" if batch else "out.txt")
    run = dedup("clean", *inputs, "-o", str(out), "--report", str(tmp_path / "missing" / "r.json"))
    assert run.returncode == 2
    assert "missing/r.json: cannot write" in one_line(run.stderr)


def test_signatures_of_a_long_article_taken_in_blocks_are_the_same(monkeypatch):
    import numpy as np

    from dedup import similarity

    rng = np.random.default_rng(11)
    values = rng.integers(0, 2**32, size=5000, dtype=np.uint32)
    starts = np.sort(rng.integers(0, 5000, size=400))
    stops = np.minimum(starts + rng.integers(0, 900, size=400), 5000)
    starts = np.concatenate((starts, [0, 4990, 100]))  # a whole-range slice, one at the end, one empty
    stops = np.concatenate((stops, [5000, 5000, 100]))
    whole = similarity.range_signatures(values, starts, stops, 16, 1)
    monkeypatch.setattr(similarity, "_BLOCK_VALUES", 300)
    assert np.array_equal(similarity.range_signatures(values, starts, stops, 16, 1), whole)
    assert (whole[-1] == np.iinfo(np.uint32).max).all() and not (whole[:-1] == np.iinfo(np.uint32).max).all()


def test_a_bad_line_in_a_large_jsonl_corpus_with_workers_is_reported_not_hung(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    line = {"text": "The harbour board met and agreed to paint the lighthouse before spring. " * 20}
    rows = [json.dumps({"id": i, **line}) for i in range(900)]  # about 1.3 MB: two chunks, two workers
    rows[700] = '{"id": 700, "text": "caf\\u00e9"'  # cut short: not valid JSON
    corpus.write_text("\n".join(rows) + "\n")
    run = dedup("check", "--jobs", "2", str(corpus))
    assert run.returncode == 2
    assert "line 701: not valid JSON" in one_line(run.stderr)


def test_a_fifo_named_in_a_batch_is_refused_instead_of_read(tmp_path):
    (tmp_path / "a.txt").write_text(REPEATED)
    fifo = tmp_path / "nobody-writes"
    os.mkfifo(fifo)
    run = dedup("clean", str(tmp_path / "a.txt"), str(fifo), "-o", str(tmp_path / "out"), timeout=30)
    assert run.returncode == 2
    assert "nobody-writes: is a pipe or FIFO" in one_line(run.stderr)
    assert (tmp_path / "out" / "a.txt").exists()


def test_pipes_named_together_are_still_checked_one_by_one(tmp_path):
    # As `dedup check <(cmd1) <(cmd2)` gives them: each can be read once only.
    fds = []
    for text in (REPEATED, "The ferry left on time, and the crew waved from the deck as it went.\n"):
        read_end, write_end = os.pipe()
        os.write(write_end, text.encode())
        os.close(write_end)
        fds.append(read_end)
    try:
        run = dedup("check", *(f"/dev/fd/{fd}" for fd in fds), pass_fds=tuple(fds))
    finally:
        for fd in fds:
            os.close(fd)
    assert run.returncode == 1, run.stderr
    assert run.stdout.decode().splitlines()[-1].startswith("2 files checked, 1 finding")
