"""The report formats other than text and JSON: SARIF, JUnit XML, GitHub annotations and HTML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from hypothesis import given, strategies as st

from dedup.models import CheckResult, Edit, Finding, LineIndex, Severity, Span
from dedup.pipeline import check_text, clean_text
from dedup.render import github, html, junit, sarif
from dedup.rules import ALL_RULES
from dedup.rules import examples as ex

# Astral characters before the findings make any UTF-16 or byte counting show up in the columns.
ODD_TEXT = (
    "Caf\u00e9 \U0001F600 report, 100% sure: <b>bold</b>\n"
    "Second line, with a comma: and a colon.\n"
    "<script>alert('x')</script> & more \"quoted\" text\n"
)


def finding(rule: str, severity: Severity, start: int, end: int, message: str = "message",
            related: tuple[Span, ...] = (), fix: tuple[Edit, ...] = ()) -> Finding:
    return Finding(rule, rule.split(".")[0], severity, Span(start, end), message, related, fix)


def odd_result() -> CheckResult:
    line2 = ODD_TEXT.index("Second")
    script = ODD_TEXT.index("<script>")
    findings = (
        finding("duplicate.sentence", Severity.WARNING, 5, 20, "100% sure,\nsecond: line\r", (Span(line2, line2 + 6),)),
        finding("duplicate.look-alike", Severity.INFO, line2, line2 + 11, "look <b>alike</b>"),
        finding("break.missing-space", Severity.ERROR, script, script + 28, "a <script> & \"quote\"",
                fix=(Edit("break.missing-space", Span(script, script + 28), ""),)),
    )
    return CheckResult(ODD_TEXT, findings, path="news/a, b:c <x>.txt")


@pytest.fixture(scope="module")
def pipeline_results() -> list:
    """Real results: a second version with a glued heading, an exact repeat, a clean text."""
    return [
        check_text(ex.SECOND_VERSION_FLAGGED[0], path="second.txt"),
        clean_text(ex.GLUED_HEADING_FLAGGED[0], path="glued.txt"),
        clean_text(ex.EXACT_PARAGRAPH_FLAGGED[0], path="exact.txt"),
        check_text(ex.CLEAN_SHORT[0], path="clean.txt"),
    ]


def test_pipeline_results_have_findings(pipeline_results):
    # The format tests below are only meaningful when the examples produce findings.
    assert all(r.findings for r in pipeline_results[:3])
    assert not pipeline_results[3].findings


# --- SARIF -------------------------------------------------------------------------------------

def test_sarif_declares_rules_and_results(pipeline_results):
    results = pipeline_results + [odd_result()]
    report = json.loads(sarif.render(results, ["missing.txt: no such file"]))
    assert report["version"] == "2.1.0" and "$schema" in report
    run = report["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    declared = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert declared == [rule.id for rule in ALL_RULES]
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["shortDescription"]["text"] and rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    findings = [f for r in results for f in r.findings]
    assert len(run["results"]) == len(findings)
    for item, f in zip(run["results"], findings):
        assert item["ruleId"] in declared
        assert declared[item["ruleIndex"]] == item["ruleId"] == f.rule
        assert item["level"] == {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}[f.severity]
        assert item["message"]["text"] == f.message
        assert len(item.get("relatedLocations", [])) == len(f.related)
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == "missing.txt: no such file"


def test_sarif_regions_match_line_index(pipeline_results):
    results = pipeline_results + [odd_result()]
    run = json.loads(sarif.render(results))["runs"][0]
    pairs = [(r, f) for r in results for f in r.findings]
    for item, (result, f) in zip(run["results"], pairs):
        lines = LineIndex(result.text)
        spans = [f.span, *f.related]
        locations = item["locations"] + item.get("relatedLocations", [])
        for span, loc in zip(spans, locations, strict=True):
            region = loc["physicalLocation"]["region"]
            assert (region["startLine"], region["startColumn"]) == lines.position(span.start)
            assert (region["endLine"], region["endColumn"]) == lines.position(span.end)
            start, length = region["charOffset"], region["charLength"]
            assert result.text[start : start + length] == result.text[span.start : span.end]


def test_sarif_counts_code_points_and_quotes_paths():
    result = odd_result()
    item = json.loads(sarif.render([result]))["runs"][0]["results"][0]
    region = item["locations"][0]["physicalLocation"]["region"]
    # "Café 😀 report": the emoji is one column, so offset 5 is column 6.
    assert region["startColumn"] == 6 and region["charOffset"] == 5
    uri = item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert " " not in uri and "<" not in uri
    assert json.loads(sarif.render([]))["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_sarif_fixes_describe_the_edits(pipeline_results):
    result = pipeline_results[1]
    run = json.loads(sarif.render([result]))["runs"][0]
    for item, f in zip(run["results"], result.findings):
        replacements = [r for fix in item.get("fixes", []) for change in fix["artifactChanges"]
                        for r in change["replacements"]]
        assert [(r["deletedRegion"]["charOffset"], r["deletedRegion"]["charLength"], r["insertedContent"]["text"])
                for r in replacements] == [(e.span.start, len(e.span), e.replacement) for e in f.fix]


# --- JUnit XML ---------------------------------------------------------------------------------

def test_junit_one_case_per_file(pipeline_results):
    suite = ET.fromstring(junit.render(pipeline_results, ["gone.txt: no such file"]))
    assert suite.tag == "testsuite"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [r.path for r in pipeline_results] + ["gone.txt"]
    for case, result in zip(cases, pipeline_results):
        failing = [f for f in result.findings if f.severity >= Severity.WARNING]
        failure = case.find("failure")
        assert (failure is not None) == bool(failing)
        if failing:
            headlines = [line for line in failure.text.splitlines() if not line.startswith("    |")]
            assert [line.split(" [")[1].split("]")[0] for line in headlines] == [f.rule for f in failing]
    assert cases[-1].find("error").get("message") == "gone.txt: no such file"
    failed = sum(any(f.severity >= Severity.WARNING for f in r.findings) for r in pipeline_results)
    assert suite.get("tests") == str(len(cases))
    assert suite.get("failures") == str(failed) and suite.get("errors") == "1"


def test_junit_info_goes_to_system_out_and_escapes():
    info_only = CheckResult("Some <text> & more\x0c here.\n", (finding("duplicate.look-alike", Severity.INFO, 0, 11, "a <b> & \"c\" ]]>"),),
                            path="a<&>\".txt")
    document = junit.render([info_only, odd_result()])
    suite = ET.fromstring(document)  # raises when the escaping is wrong
    first, second = suite.findall("testcase")
    assert first.get("name") == "a<&>\".txt"
    assert first.find("failure") is None
    assert "a <b> & \"c\" ]]>" in first.find("system-out").text
    failure = second.find("failure")
    assert failure.get("type") == "error"
    assert "a <script> & \"quote\"" in failure.text and "100% sure,\nsecond: line" in failure.text


def test_junit_replaces_characters_xml_cannot_hold():
    result = CheckResult("form\x0cfeed and \x01 more text\n", (finding("duplicate.sentence", Severity.WARNING, 0, 14, "bell\x07"),),
                         path="x\x0b.txt")
    suite = ET.fromstring(junit.render([result]))
    assert suite.find("testcase").get("name") == "x\ufffd.txt"
    assert "bell\ufffd" in suite.find("testcase/failure").text


# --- GitHub workflow commands ------------------------------------------------------------------

def unescape(value: str) -> str:
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, raw)
    return value


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    assert line.startswith("::")
    head, _, message = line[2:].partition("::")
    command, _, props = head.partition(" ")
    properties = dict(p.split("=", 1) for p in props.split(",")) if props else {}
    return command, {k: unescape(v) for k, v in properties.items()}, unescape(message)


def test_github_escapes_messages_and_properties():
    result = odd_result()
    out = github.render([result], ["bad: 50%\nfile"])
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert len(commands) == len(result.findings) + 1  # no raw line break leaked from a message
    command, props, message = parse_command(commands[0])
    assert command == "warning"
    assert message.startswith("100% sure,\nsecond: line\r")
    assert "%25 sure,%0Asecond: line%0D" in commands[0]
    assert props["file"] == "news/a, b:c <x>.txt"
    assert "file=news/a%2C b%3Ac <x>.txt," in commands[0]
    assert props["title"] == "dedup(duplicate.sentence)"
    assert [parse_command(c)[0] for c in commands] == ["warning", "notice", "error", "error"]
    assert parse_command(commands[-1])[2] == "bad: 50%\nfile"


def test_github_positions_match_line_index(pipeline_results):
    out = github.render(pipeline_results)
    commands = [parse_command(line) for line in out.splitlines() if line.startswith("::")]
    pairs = [(r, f) for r in pipeline_results for f in r.findings]
    assert len(commands) == len(pairs)
    for (_, props, _), (result, f) in zip(commands, pairs):
        lines = LineIndex(result.text)
        assert props["file"] == result.path
        assert (int(props["line"]), int(props["col"])) == lines.position(f.span.start)
        assert (int(props["endLine"]), int(props["endColumn"])) == lines.position(f.span.end - 1)


# --- HTML --------------------------------------------------------------------------------------

class Highlights(HTMLParser):
    """Collects the text inside each finding (by number), inside <del>, and inside the text block."""

    VOID = {"meta", "br", "hr", "img", "input", "link"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.findings: dict[str, str] = {}
        self.removed = ""
        self.texts: list[str] = []
        self.cleaned: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attributes = dict(attrs)
        if tag == "div" and attributes.get("class") == "text":
            self.texts.append("")
        if tag == "pre" and attributes.get("class") == "cleaned":
            self.cleaned.append("")
        if tag not in self.VOID:
            self.stack.append((tag, attributes))

    def handle_endtag(self, tag):
        open_tag, _ = self.stack.pop()
        assert open_tag == tag, f"</{tag}> closes <{open_tag}>"

    def handle_data(self, data):
        inside = [attributes for _, attributes in self.stack]
        if any(a.get("class") == "cleaned" for a in inside):
            self.cleaned[-1] += data
        if any(a.get("class") == "text" for a in inside):
            self.texts[-1] += data
            for a in inside:
                if "data-finding" in a:
                    number = a["data-finding"]
                    self.findings[number] = self.findings.get(number, "") + data
            if any(tag == "del" for tag, _ in self.stack):
                self.removed += data


def parse_html(document: str) -> Highlights:
    parser = Highlights()
    parser.feed(document)
    parser.close()
    assert not parser.stack, "unclosed elements"
    return parser


def test_html_escapes_everything():
    document = html.render([odd_result()], ["<img src=x>: bad"])
    assert "<script" not in document and "<b>" not in document and "<img" not in document
    assert "&lt;script&gt;alert(" in document
    assert "news/a, b:c &lt;x&gt;.txt" in document
    assert parse_html(document).texts == [ODD_TEXT]


def test_html_is_self_contained(pipeline_results):
    document = html.render(pipeline_results)
    parser = parse_html(document)
    assert not parser.tags & {"script", "link", "img", "iframe", "object"}
    assert "http://" not in document and "https://" not in document and "url(" not in document


def test_html_highlights_hold_exactly_the_span_text(pipeline_results):
    document = html.render(pipeline_results)
    # Numbering restarts for every file, so check one file per page.
    for result in pipeline_results:
        parser = parse_html(html.render([result]))
        assert parser.texts == [result.text]
        for number, f in enumerate(result.findings, start=1):
            assert parser.findings[str(number)] == result.text[f.span.start : f.span.end]
    assert document.count('class="text"') == len(pipeline_results)


def test_html_strikes_what_clean_removes(pipeline_results):
    result = pipeline_results[2]  # cleaned: an exact repeat
    parser = parse_html(html.render([result]))
    removed = "".join(result.text[e.span.start : e.span.end] for e in result.edits if not e.replacement)
    assert removed and parser.removed == removed
    assert parser.cleaned == [result.cleaned]


def test_html_nested_and_crossing_spans():
    text = "abcdefghijklmnopqrstuvwxyz0123456789"
    findings = (
        finding("duplicate.second-version", Severity.WARNING, 0, 20, related=(Span(25, 30),),
                fix=(Edit("duplicate.second-version", Span(0, 22), ""),)),
        finding("duplicate.only-in-removed", Severity.INFO, 5, 10),  # nested
        finding("duplicate.sentence", Severity.WARNING, 15, 27),  # crosses the first and the related span
        finding("break.glued-heading", Severity.WARNING, 15, 15),  # zero width
    )
    result = CheckResult(text, findings, path="t.txt")
    parser = parse_html(html.render([result]))
    assert parser.texts == [text]
    for number, f in enumerate(findings[:3], start=1):
        assert parser.findings[str(number)] == text[f.span.start : f.span.end]
    assert parser.removed == text[:22]


@given(st.text(alphabet="ab\n<&", min_size=1, max_size=30),
       st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.sampled_from(sorted(html._RANK))), max_size=8))
def test_layer_nests_any_spans(text, raw):
    marks = []
    for number, (a, b, kind) in enumerate(raw, start=1):
        start, end = sorted((min(a, len(text)), min(b, len(text))))
        marks.append(html.Mark(Span(start, end), kind, "span", "", "", number=number))
    pieces = html.layer(text, marks)
    assert "".join(p.text for p in pieces if p.kind == "text") == text
    stack: list = []
    inside: dict[int, str] = {}
    for piece in pieces:
        if piece.kind == "open":
            stack.append(piece.mark)
        elif piece.kind == "close":
            assert stack.pop() is piece.mark
        elif piece.kind == "text":
            for mark in stack:
                inside[mark.number] = inside.get(mark.number, "") + piece.text
    assert not stack
    for mark in marks:
        assert inside.get(mark.number, "") == text[mark.span.start : mark.span.end]


# --- JSON documentation ------------------------------------------------------------------------

def keys_of(value, found: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            found.add(key)
            keys_of(item, found)
    elif isinstance(value, list):
        for item in value:
            keys_of(item, found)
    return found


def test_every_json_key_is_documented():
    from pathlib import Path

    from dedup.render import json as json_report

    doc = (Path(__file__).resolve().parent.parent / "docs" / "json-report.md").read_text("utf-8")
    # Every rule's flagged examples, so that every rule's details appear; cleaned, so that edits appear.
    results = [clean_text(text) for rule in ALL_RULES for text in rule.flagged]
    assert {f.rule for r in results for f in r.findings} == {rule.id for rule in ALL_RULES}
    report = json.loads(json_report.render(results, ["x: no such file"]))
    details = {}
    for file in report["files"]:
        for item in file["findings"]:
            details.setdefault(item["rule"], set()).update(keys_of(item.pop("details"), set()))
    # by_severity and by_rule map names to counts; their keys are values, not part of the format.
    for counts in ("by_severity", "by_rule"):
        report["summary"][counts] = {}
    undocumented = sorted(k for k in keys_of(report, set()) if f"`{k}`" not in doc)
    assert not undocumented, f"keys missing from docs/json-report.md: {undocumented}"
    # Each rule's details keys must be named in the row of the details table that names the rule.
    rows = [line for line in doc.splitlines() if line.startswith("| `")]
    for rule, keys in sorted(details.items()):
        row = next((line for line in rows if f"`{rule}`" in line.split("|")[1]), None)
        assert row is not None, f"docs/json-report.md has no details row for {rule}"
        # start and end inside details are offsets, described once for all rules.
        missing = sorted(k for k in keys - {"start", "end"} if f"`{k}`" not in row)
        assert not missing, f"docs/json-report.md does not describe the details of {rule}: {missing}"
