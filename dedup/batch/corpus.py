"""Articles of a batch: where each lives, and JSONL corpora read and written line by line.

An article is a plain file or one line of a JSONL corpus (one JSON object per line).
A :class:`DocRef` names it without holding its text: texts are read when a stage needs
them and dropped again, so memory grows with the number of articles, not their size.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, BinaryIO, Iterable, Iterator

from ..io import BOM, InputError, Source, read_source
from . import remote

JSONL_EXTENSIONS = ("jsonl",)


@dataclass(frozen=True, slots=True)
class Fields:
    """Which JSON fields of a JSONL record hold the text, the id and the date."""

    text: str = "text"
    id: str = "id"
    date: str | None = None


@dataclass(frozen=True, slots=True)
class DocRef:
    """One article: a file, or one line of a JSONL file."""

    path: str  # the file as named in reports
    line: int = 0  # JSONL: 1-based line number; 0 for a plain file
    record_id: str = ""  # JSONL: the id field as text, or the line number when there is none
    offset: int = 0  # JSONL: byte offset of the line, for reading it again
    size: int = field(default=0, compare=False)  # JSONL: the line's bytes, its break included

    @property
    def name(self) -> str:
        """How reports name the article: ``path`` or ``path#id``.

        >>> DocRef("a.jsonl", line=3, record_id="x7").name
        'a.jsonl#x7'
        """
        return f"{self.path}#{self.record_id}" if self.line else self.path

    def sort_key(self) -> tuple:
        """Path, then id (numbers in numeric order), then line: the order of "first".

        >>> sorted(["10", "9", "b"], key=lambda i: DocRef("c.jsonl", 1, i).sort_key())
        ['9', '10', 'b']
        """
        rid = self.record_id
        numeric = (0, int(rid), "") if rid.isdigit() else (1, 0, rid)
        return (self.path, numeric, self.line)


@dataclass(frozen=True, slots=True)
class Record:
    """A parsed JSONL line."""

    ref: DocRef
    text: str
    date: float | None
    fields: dict[str, Any]
    raw: bytes  # the line as read, without its line break


def is_jsonl(path: str) -> bool:
    return path.rsplit(".", 1)[-1].lower() in JSONL_EXTENSIONS if "." in os.path.basename(path) else False


def file_date(path: str) -> float | None:
    if remote.is_uri(path):
        return remote.modified(path)
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None


def parse_date(value: Any) -> float | None:
    """A sortable timestamp from a JSON date value (a number, or an ISO 8601 string).

    >>> parse_date("2024-05-01") < parse_date("2024-05-01T10:00:00+00:00") < parse_date(1.8e9)
    True
    """
    if isinstance(value, bool):
        raise ValueError("not a date")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.timestamp()
    raise ValueError("not a date")


def read_file(path: str, max_bytes: int) -> Source:
    """A whole article file: from this machine's disk, or (a URI) as Spark supplied it to the task."""
    return remote.read_source(path, max_bytes) if remote.is_uri(path) else read_source(path, max_bytes)


def open_binary(path: str) -> BinaryIO | remote.Pieces:
    """A JSONL file opened to seek in and read lines from (a URI: the pieces Spark supplied)."""
    return remote.open_binary(path) if remote.is_uri(path) else open(path, "rb")


# --- JSONL reading -------------------------------------------------------------------------------


def jsonl_chunks(path: str, target_bytes: int = 1 << 20) -> list[tuple[int, int, int]]:
    """Split a JSONL file at line breaks into ``(start, end, first_line)`` byte ranges."""
    with open(path, "rb") as handle:
        return line_chunks(handle, target_bytes)


def line_chunks(lines: Iterable[bytes], target_bytes: int) -> list[tuple[int, int, int]]:
    """The ``(start, end, first_line)`` byte ranges of :func:`jsonl_chunks`, from a file's lines.

    >>> line_chunks([b"ab\\n", b"c\\n", b"d"], 3)
    [(0, 3, 1), (3, 6, 2)]
    """
    chunks: list[tuple[int, int, int]] = []
    start, line, position = 0, 1, 0
    lines_in_chunk = 0
    for raw in lines:
        position += len(raw)
        lines_in_chunk += 1
        if position - start >= target_bytes:
            chunks.append((start, position, line))
            start, line, lines_in_chunk = position, line + lines_in_chunk, 0
    if position > start:
        chunks.append((start, position, line))
    return chunks


def read_records(path: str, start: int, end: int, first_line: int, fields: Fields,
                 max_bytes: int) -> Iterator[Record | InputError]:
    """The records of one byte range of a JSONL file; bad lines come back as :class:`InputError`."""
    with open_binary(path) as handle:
        handle.seek(start)
        offset, number = start, first_line
        while offset < end:
            raw = handle.readline()
            if not raw:
                break
            item = _record(path, raw, offset, number, fields, max_bytes)
            if item is not None:
                yield item
            offset += len(raw)
            number += 1


def read_record(ref: DocRef, fields: Fields, max_bytes: int) -> Record:
    """Read one JSONL record again from its offset."""
    with open_binary(ref.path) as handle:
        handle.seek(ref.offset)
        item = _record(ref.path, handle.readline(), ref.offset, ref.line, fields, max_bytes)
    if not isinstance(item, Record):
        raise item or InputError(ref.path, f"line {ref.line}: record is gone")
    return item


def read_text(ref: DocRef, fields: Fields, max_bytes: int) -> str:
    """The text of an article, read again from disk."""
    if ref.line:
        return read_record(ref, fields, max_bytes).text
    return read_file(ref.path, max_bytes).text


def _record(path: str, raw: bytes, offset: int, number: int, fields: Fields,
            max_bytes: int) -> Record | InputError | None:
    line = raw.rstrip(b"\r\n")
    if offset == 0 and line.startswith(BOM.encode("utf-8")):
        line = line[3:]
    if not line.strip():
        return None  # blank lines (a trailing one especially) carry no record
    where = f"line {number}"
    if len(line) > max_bytes:
        return InputError(path, f"{where}: record is too large ({len(line)} bytes; see --max-bytes)")
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return InputError(path, f"{where}: not valid UTF-8 (byte 0x{line[exc.start:exc.start + 1].hex()} at column {exc.start + 1})")
    try:
        obj = json.loads(decoded)
    except json.JSONDecodeError as exc:
        message = exc.msg.removesuffix(" at")  # some of json's messages end in "at" already
        return InputError(path, f"{where}: not valid JSON ({message} at column {exc.colno})")
    if not isinstance(obj, dict):
        return InputError(path, f"{where}: not a JSON object")
    text = obj.get(fields.text)
    if not isinstance(text, str):
        problem = "has no" if text is None else "has a non-string"
        return InputError(path, f"{where}: {problem} {fields.text!r} field (see --text-field)")
    record_id = obj.get(fields.id)
    rid = str(number) if record_id is None or isinstance(record_id, (dict, list)) else str(record_id)
    date = None
    if fields.date is not None and obj.get(fields.date) is not None:
        try:
            date = parse_date(obj[fields.date])
        except ValueError:
            return InputError(path, f"{where}: field {fields.date!r} is not a date (ISO 8601 or a number)")
    return Record(DocRef(path, number, rid, offset, len(raw)), text, date, obj, line)


def distinct_names(refs: list[DocRef]) -> tuple[list[DocRef], list[InputError]]:
    """``refs`` with each JSONL id that an earlier line of its file already has made unique
    (``7 (line 12)``), and an error telling each one.

    >>> refs, errors = distinct_names([DocRef("c.jsonl", 1, "7"), DocRef("c.jsonl", 2, "7")])
    >>> refs[1].name, str(errors[0])
    ('c.jsonl#7 (line 2)', "c.jsonl: line 2: id '7' is also the id of line 1; reported as c.jsonl#7 (line 2)")
    """
    first: dict[str, int] = {}
    out: list[DocRef] = []
    errors: list[InputError] = []
    for ref in refs:
        if ref.line and ref.name in first:
            renamed = replace(ref, record_id=f"{ref.record_id} (line {ref.line})")
            errors.append(InputError(ref.path, f"line {ref.line}: id {ref.record_id!r} is also the id of line "
                                               f"{first[ref.name]}; reported as {renamed.name}"))
            ref = renamed
        first.setdefault(ref.name, ref.line)
        out.append(ref)
    return out, errors


# --- JSONL writing -------------------------------------------------------------------------------


def encode_record(record: Record, text: str, fields: Fields) -> bytes:
    """The output line of a record whose text is now ``text``; other fields are kept.

    An unchanged record is written back byte for byte.

    >>> r = Record(DocRef("c.jsonl", 1, "1"), "ab", None, {"id": 1, "text": "ab"}, b'{"id": 1, "text": "ab"}')
    >>> encode_record(r, "a", Fields())
    b'{"id": 1, "text": "a"}\\n'
    """
    if text == record.text:
        return record.raw + b"\n"
    updated = dict(record.fields)
    updated[fields.text] = text
    return json.dumps(updated, ensure_ascii=False).encode("utf-8") + b"\n"
