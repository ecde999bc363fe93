"""Stage 5, apply: every article checked or cleaned on its own, plus what the corpus found.

Workers read each article again, run :func:`dedup.pipeline.check_text` or
:func:`~dedup.pipeline.clean_text`, add the cross-article findings (duplicate article,
boilerplate with its deletions, shared passages), write the cleaned output, and return
an :class:`ArticleReport`: counts, plus the rendered report of that article only. The
texts themselves never come back to the main process (JSONL output lines excepted,
which are written in order as they arrive).
"""

from __future__ import annotations

import bisect
import os
from dataclasses import dataclass, field
from typing import Any

from ..clean import apply_edits, resolve
from ..config import Settings
from ..io import InputError, Source, write_atomic
from ..models import CheckResult, CleanResult, Finding, Span
from . import rules
from .config import BatchConfig
from .corpus import DocRef, encode_record, read_file, read_records
from .features import BLOCK, LINE, blocks, units
from .parallel import stage_state


@dataclass(frozen=True, slots=True)
class ArticlePlan:
    """What the corpus decided about one article."""

    row: int
    ref: DocRef
    chars: int  # length seen in stage 1, to notice a file that changed since
    drop: rules.Drop | None = None
    shared: tuple[rules.Mention, ...] = ()
    output: str | None = None  # plain files: where the cleaned text goes


@dataclass(slots=True)
class ArticleReport:
    """The outcome for one article, without its text."""

    row: int
    name: str
    path: str  # the input file (a JSONL corpus for records)
    worst: int = 0  # highest severity value among its findings, 0 when none
    severities: dict[str, int] = field(default_factory=dict)
    rules: dict[str, int] = field(default_factory=dict)
    changed: bool = False
    edits: int = 0
    boilerplate: int = 0
    shared: int = 0
    dropped: bool = False
    written: str | None = None
    payload: Any = None  # the JSON file entry (dict), the text report lines (list[str]), or the result


# Report formats rendered from each article's whole result, text included (the others from its
# rendered lines or JSON entry, so that texts stay in the workers).
WHOLE_RESULT_FORMATS = ("sarif", "github", "junit", "html")


@dataclass(frozen=True, slots=True)
class StageOptions:
    """What every apply worker needs (installed once per process)."""

    settings: Settings
    config: BatchConfig
    clean: bool
    report_format: str  # "json", "text", or one of WHOLE_RESULT_FORMATS
    color: bool
    boilerplate: dict[int, int]  # key -> number of articles that have it
    article_rules: bool = True  # False when only corpus rules are selected: no article is segmented


def selects_article_rules(settings: Settings) -> bool:
    """Whether any rule of a single article is enabled (``--select corpus`` enables none)."""
    from ..rules import ALL_RULES

    return any(settings.rule_enabled(rule.id) for rule in ALL_RULES)


def file_tasks(plans: list[ArticlePlan], per_task: int) -> list[tuple]:
    return [("files", tuple(plans[i : i + per_task])) for i in range(0, len(plans), per_task)]


def jsonl_tasks(path: str, chunks: list[tuple[int, int, int]], plans: dict[int, ArticlePlan]) -> list[tuple]:
    """One task per byte range of a JSONL file, with the plans of its lines."""
    ordered = sorted(plans.values(), key=lambda p: p.ref.offset)
    offsets = [p.ref.offset for p in ordered]
    tasks = []
    for start, end, first_line in chunks:
        inside = ordered[bisect.bisect_left(offsets, start) : bisect.bisect_left(offsets, end)]
        tasks.append(("jsonl", path, start, end, first_line, {p.ref.line: p for p in inside}))
    return tasks


def apply_task(task: tuple) -> tuple[list[ArticleReport], list[InputError], bytes]:
    """Worker: reports of one task's articles, errors, and (JSONL) the output lines in order."""
    options: StageOptions = stage_state()["options"]
    reports: list[ArticleReport] = []
    errors: list[InputError] = []
    out: list[bytes] = []
    if task[0] == "files":
        for plan in task[1]:
            if not needs_text(plan, options):
                reports.append(_report(plan, CheckResult("", (), plan.ref.name), options))
                continue
            try:
                source = read_file(plan.ref.path, options.config.max_bytes)
            except InputError as exc:
                errors.append(exc)
                continue
            _notice_change(plan, source.text, errors)
            report, cleaned = process(plan, source.text, options)
            unchanged_in_place = plan.output == plan.ref.path and cleaned == source.text
            if cleaned is not None and plan.output and not plan.drop and not unchanged_in_place:
                report.written = _write(plan.output, source, cleaned, errors)
            reports.append(report)
        return reports, errors, b""
    _, path, start, end, first_line, plans = task
    for item in read_records(path, start, end, first_line, options.config.fields, options.config.max_bytes):
        plan = None if isinstance(item, InputError) else plans.get(item.ref.line)
        if plan is None:
            continue  # a bad line: reported by stage 1 already, and left out of the output
        _notice_change(plan, item.text, errors)
        report, cleaned = process(plan, item.text, options)
        if cleaned is not None and not plan.drop:
            out.append(encode_record(item, cleaned, options.config.fields))
        reports.append(report)
    return reports, errors, b"".join(out)


def needs_text(plan: ArticlePlan, options: StageOptions) -> bool:
    """Whether the report on an article needs its text. With only corpus rules selected, an
    article the corpus found nothing in has an empty report: it is not read again."""
    return (options.article_rules or options.clean or options.report_format in WHOLE_RESULT_FORMATS
            or plan.drop is not None or bool(plan.shared) or bool(options.boilerplate))


def _notice_change(plan: ArticlePlan, text: str, errors: list[InputError]) -> None:
    if len(text) != plan.chars:
        errors.append(InputError(plan.ref.name, "changed while the batch was running; its results may be stale"))


def _write(target: str, source: Source, cleaned: str, errors: list[InputError]) -> str | None:
    try:
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        write_atomic(target, source.encode(cleaned))
    except OSError as exc:
        errors.append(InputError(target, f"cannot be written ({exc.strerror or exc})"))
        return None
    return target


def process(plan: ArticlePlan, text: str, options: StageOptions) -> tuple[ArticleReport, str | None]:
    """Check or clean one article with the corpus's findings; the cleaned text in clean mode."""
    from ..pipeline import check_text, clean_text

    settings = options.settings
    name = plan.ref.name
    cleaning = options.clean and plan.drop is None
    result: CheckResult | CleanResult
    if not options.article_rules:
        result = CleanResult(text, text, (), (), name) if cleaning else CheckResult(text, (), name)
    elif cleaning:
        result = clean_text(text, settings, path=name)
    else:
        result = check_text(text, settings, path=name)
    extra = corpus_findings(plan, text, options)
    findings = tuple(sorted(result.findings + tuple(extra), key=Finding.sort_key))
    boilerplate_edits = [e for f in extra if f.rule == rules.BOILERPLATE for e in f.fix]
    if cleaning:
        edits = tuple(resolve(text, list(result.edits) + boilerplate_edits))
        final: CheckResult | CleanResult = CleanResult(text, apply_edits(text, edits), edits, findings, name)
    else:
        final = CheckResult(text, findings, name)
    report = _report(plan, final, options)
    report.boilerplate = sum(f.rule == rules.BOILERPLATE for f in extra)
    report.shared = sum(f.rule == rules.SHARED_PASSAGE for f in extra)
    report.dropped = plan.drop is not None
    return report, (final.cleaned if isinstance(final, CleanResult) else None)


def corpus_findings(plan: ArticlePlan, text: str, options: StageOptions) -> list[Finding]:
    settings = options.settings
    found: list[Finding] = []
    if plan.drop is not None and settings.rule_enabled(rules.DUPLICATE_ARTICLE):
        found.append(rules.duplicate_finding(settings, text, plan.drop))
    if options.boilerplate and settings.rule_enabled(rules.BOILERPLATE):
        for span, deletion, articles in boilerplate_spans(text, options.boilerplate, options.config):
            found.append(rules.boilerplate_finding(settings, span, deletion, articles))
    if settings.rule_enabled(rules.SHARED_PASSAGE):
        found.extend(rules.shared_finding(settings, m) for m in plan.shared)
    return found


def boilerplate_spans(text: str, keys: dict[int, int], config: BatchConfig) -> list[tuple[Span, Span, int]]:
    """``(passage, deletion, articles)`` for each boilerplate line or paragraph of ``text``.

    A whole paragraph goes with one separator (the one after it, or before it at the end of
    the text); a single line goes with its line break.
    """
    paragraphs = blocks(text)
    removed_blocks: dict[int, int] = {}
    removed_lines: list[tuple[tuple[int, int, int], int]] = []
    by_start = {lines[0][0]: i for i, lines in enumerate(paragraphs)}
    line_owner = {line[0]: i for i, lines in enumerate(paragraphs) for line in lines}
    for unit in units(text):
        articles = keys.get(unit.key)
        if articles is None or len(unit.words) < config.boilerplate_min_words:
            continue
        if unit.kind == BLOCK:
            removed_blocks[by_start[unit.start]] = articles
        elif unit.kind == LINE:
            removed_lines.append(((unit.start, unit.end, line_owner[unit.start]), articles))
    for (start, end, owner), articles in list(removed_lines):
        lines = paragraphs[owner]
        if owner not in removed_blocks and all(any(l[0] == s for (s, _, _), _ in removed_lines) for l in lines):
            removed_blocks[owner] = articles  # every line of the paragraph is boilerplate
    spans = []
    for index, articles in sorted(removed_blocks.items()):
        lines = paragraphs[index]
        passage = Span(lines[0][0], lines[-1][1])
        spans.append((passage, _block_deletion(text, paragraphs, index, set(removed_blocks)), articles))
    for (start, end, owner), articles in removed_lines:
        if owner not in removed_blocks:
            spans.append((Span(start, end), _line_deletion(text, start, end), articles))
    return sorted(spans, key=lambda s: s[0])


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _block_deletion(text: str, paragraphs: list, index: int, removed: set[int]) -> Span:
    """Like :func:`dedup.clean.block_deletion`, on the paragraphs of :func:`features.blocks`."""
    first, last = paragraphs[index][0], paragraphs[index][-1]
    if any(i not in removed for i in range(index + 1, len(paragraphs))):
        return Span(_line_start(text, first[0]), _line_start(text, paragraphs[index + 1][0][0]))
    start = paragraphs[index - 1][-1][1] if index > 0 else _line_start(text, first[0])
    return Span(start, last[1])


def _line_deletion(text: str, start: int, end: int) -> Span:
    begin = _line_start(text, start)
    newline = text.find("\n", end)
    if newline != -1:
        return Span(begin, newline + 1)
    return Span(max(begin - 1, 0), len(text))  # the last line: take the line break before it


def _report(plan: ArticlePlan, result: CheckResult | CleanResult, options: StageOptions) -> ArticleReport:
    report = ArticleReport(plan.row, plan.ref.name, plan.ref.path)
    for f in result.findings:
        report.severities[f.severity.label] = report.severities.get(f.severity.label, 0) + 1
        report.rules[f.rule] = report.rules.get(f.rule, 0) + 1
        report.worst = max(report.worst, int(f.severity))
    if isinstance(result, CleanResult):
        report.changed, report.edits = result.changed, len(result.edits)
    if options.report_format in WHOLE_RESULT_FORMATS:
        report.payload = result  # these renderers need the text for positions and excerpts
    elif options.report_format == "json":
        from ..render.json import file_dict

        entry = file_dict(result)
        if plan.ref.line:
            entry["record"] = {"path": plan.ref.path, "line": plan.ref.line, "id": plan.ref.record_id}
        report.payload = entry
    else:
        from ..render import text as text_renderer

        lines = text_renderer.render([result], (), color=options.color).splitlines()
        report.payload = lines[:-1]  # the last line is the renderer's "1 file checked" total
    return report
