"""JUnit XML, which most CI systems show as a test report.

One ``<testsuite>``; one ``<testcase>`` per file. A file with findings at or above the
failure level (warning by default) gets one ``<failure>`` listing them; milder findings go
to ``<system-out>``. A file that could not be read is a ``<testcase>`` with an ``<error>``.
ElementTree does the escaping; characters that XML 1.0 cannot carry at all are replaced.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Iterable

from ..models import CheckResult, CleanResult, Finding, LineIndex, Severity
from .common import excerpt

# Control characters other than tab and line breaks, and lone surrogates, are not XML 1.0 characters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: str) -> str:
    """
    >>> xml_safe("form\\x0cfeed")
    'form\\ufffdfeed'
    """
    return _NOT_XML.sub("\ufffd", value)


def finding_line(result: CheckResult | CleanResult, finding: Finding, lines: LineIndex) -> str:
    line, column = lines.position(finding.span.start)
    head = f"{line}:{column}: {finding.severity.label} [{finding.rule}] {finding.message}"
    return f"{head}\n    | {excerpt(result.text, finding.span)}"


def testcase(result: CheckResult | CleanResult, fail_level: Severity) -> tuple[ET.Element, bool]:
    case = ET.Element("testcase", classname="dedup", name=xml_safe(result.path))
    lines = LineIndex(result.text)
    failing = [f for f in result.findings if f.severity >= fail_level]
    passing = [f for f in result.findings if f.severity < fail_level]
    if failing:
        worst = max(f.severity for f in failing)
        count = f"{len(failing)} finding{'s' if len(failing) != 1 else ''}"
        failure = ET.SubElement(case, "failure", type=worst.label,
                                message=f"{count} at or above {fail_level.label}")
        failure.text = xml_safe("\n".join(finding_line(result, f, lines) for f in failing))
    if passing:
        out = ET.SubElement(case, "system-out")
        out.text = xml_safe("\n".join(finding_line(result, f, lines) for f in passing))
    return case, bool(failing)


def error_case(error: str) -> ET.Element:
    # Input errors read "path: problem"; name the test case after the path when there is one.
    path, sep, _ = error.partition(": ")
    case = ET.Element("testcase", classname="dedup", name=xml_safe(path if sep else error))
    ET.SubElement(case, "error", type="input", message=xml_safe(error))
    return case


def render(results: Iterable[CheckResult | CleanResult], errors: Iterable[str] = (),
           fail_level: Severity = Severity.WARNING) -> str:
    suite = ET.Element("testsuite", name="dedup")
    tests = failures = error_count = 0
    for result in results:
        case, failed = testcase(result, fail_level)
        suite.append(case)
        tests += 1
        failures += failed
    for error in errors:
        suite.append(error_case(error))
        tests += 1
        error_count += 1
    suite.attrib.update(tests=str(tests), failures=str(failures), errors=str(error_count), skipped="0")
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
