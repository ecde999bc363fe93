"""JSONL corpora: read line by line, bad lines reported with their number, written back whole."""

from __future__ import annotations

import json

from click.testing import CliRunner

from dedup.batch.corpus import DocRef, Fields, Record, encode_record, jsonl_chunks, read_records
from dedup.cli import main

from .test_batch_helpers import BOILERPLATE, article, near_copy, write_jsonl


def records(path, fields=Fields(), chunk=1 << 20):
    out = []
    for start, end, first in jsonl_chunks(str(path), chunk):
        out.extend(read_records(str(path), start, end, first, fields, 10**7))
    return out


def test_chunks_cover_every_line_once(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [{"id": i, "text": f"text {i}"} for i in range(50)])
    whole = [r.ref.line for r in records(path)]
    small = [r.ref.line for r in records(path, chunk=64)]
    assert whole == small == list(range(1, 51))
    assert len(jsonl_chunks(str(path), 64)) > 5


def test_bad_lines_are_reported_with_their_number(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(
        b'{"id": 1, "text": "fine"}\n'
        b'{"id": 2, "text": \n'
        b'{"id": 3, "text": "caf\xe9"}\n'
        b'[1, 2]\n'
        b'{"id": 5, "body": "no text field"}\n'
        b'\n'
        b'{"id": 7, "text": "also fine"}\n'
    )
    found = records(path)
    good = [r.ref.record_id for r in found if isinstance(r, Record)]
    problems = [str(e) for e in found if not isinstance(e, Record)]
    assert good == ["1", "7"]
    assert problems[0].startswith(f"{path}: line 2: not valid JSON")
    assert problems[1].startswith(f"{path}: line 3: not valid UTF-8 (byte 0xe9")
    assert problems[2] == f"{path}: line 4: not a JSON object"
    assert problems[3] == f"{path}: line 5: has no 'text' field (see --text-field)"


def test_fields_are_configurable_and_ids_fall_back_to_line_numbers(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [{"key": "x", "body": "one"}, {"body": "two", "when": "2024-01-02"}])
    found = records(path, Fields(text="body", id="key", date="when"))
    assert [(r.ref.record_id, r.text) for r in found] == [("x", "one"), ("2", "two")]
    assert found[0].date is None and found[1].date > 0


def test_encode_keeps_other_fields_and_unchanged_lines_byte_for_byte():
    raw = b'{"text":"a b","id":7,"meta":{"k":[1,2]}}'
    record = Record(DocRef("c.jsonl", 1, "7"), "a b", None, json.loads(raw), raw)
    assert encode_record(record, "a b", Fields()) == raw + b"\n"
    changed = json.loads(encode_record(record, "a", Fields()))
    assert changed == {"text": "a", "id": 7, "meta": {"k": [1, 2]}}


def test_clean_round_trip_drops_copies_and_boilerplate_and_keeps_fields(tmp_path):
    texts = [article(11), article(12), near_copy(article(11)), article(13), article(14), article(15), article(16)]
    rows = [{"id": f"r{i}", "text": t + "\n" + BOILERPLATE + "\n", "source": f"site-{i}"} for i, t in enumerate(texts)]
    corpus = write_jsonl(tmp_path / "in" / "corpus.jsonl", rows)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["clean", str(corpus), "-o", str(out), "--format", "json", "-j", "1"])
    assert result.exit_code == 0, result.output
    written = [json.loads(line) for line in (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in written] == ["r0", "r1", "r3", "r4", "r5", "r6"]  # r2 is a copy of r0
    assert [r["source"] for r in written] == ["site-0", "site-1", "site-3", "site-4", "site-5", "site-6"]
    assert all(BOILERPLATE not in r["text"] for r in written)
    assert written[1]["text"].rstrip("\n") == texts[1].rstrip("\n")
    report = json.loads(result.output)
    cluster = report["batch"]["clusters"][0]
    assert [(m["path"], m["kept"]) for m in cluster["members"]] == [(f"{corpus}#r0", True), (f"{corpus}#r2", False)]
    entry = next(f for f in report["files"] if f["path"] == f"{corpus}#r1")
    assert entry["record"] == {"path": str(corpus), "line": 2, "id": "r1"}
    assert [e["rule"] for e in entry["edits"]] == ["corpus.boilerplate"]


def test_bad_line_in_a_corpus_exits_2_and_the_rest_is_processed(tmp_path):
    corpus = tmp_path / "in" / "c.jsonl"
    write_jsonl(corpus, [{"id": 1, "text": article(1)}, "{broken", {"id": 3, "text": article(3)}])
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["clean", str(corpus), "-o", str(out), "-j", "1"])
    assert result.exit_code == 2
    assert f"dedup: {corpus}: line 2: not valid JSON" in result.stderr
    assert [json.loads(line)["id"] for line in (out / "c.jsonl").read_text().splitlines()] == [1, 3]


def test_errors_come_in_line_order_and_read_plainly(tmp_path):
    path = tmp_path / "c.jsonl"
    rows = [json.dumps({"id": i, "text": article(i)}) for i in range(1, 131)]
    rows[8] = rows[120] = '{"id": 0, "text": "a\tb"}'  # a raw tab: json's message ends in "at"
    path.write_text("\n".join(rows) + "\n")
    result = CliRunner().invoke(main, ["check", str(path), "-j", "1"])
    errors = [line for line in result.stderr.splitlines() if "not valid JSON" in line]
    assert [e.split(": ")[2] for e in errors] == ["line 9", "line 121"]
    assert all(" at at " not in e for e in errors)


def test_a_repeated_id_is_reported_and_both_records_keep_distinct_names(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [{"id": "x", "text": article(1)}, {"id": "x", "text": article(2)}])
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json", "-j", "1"])
    assert result.exit_code == 2
    assert "line 2: id 'x' is also the id of line 1" in result.stderr
    names = [f["path"] for f in json.loads(result.stdout)["files"]]
    assert len(names) == len(set(names)) == 2
