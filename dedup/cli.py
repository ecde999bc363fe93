"""The command line: parse arguments, call the core, render, exit.

Exit codes: 0 no finding at or above ``--fail-level``; 1 there are such findings;
2 a usage error or an input that could not be processed.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Callable, Iterable

import click

from .config import Settings
from .io import DEFAULT_MAX_BYTES, InputError, Source, read_source, write_atomic
from .models import CheckResult, CleanResult, Severity

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "html", "github", "sarif", "junit")


def _severity(ctx: click.Context, param: click.Parameter, value: str | None) -> Severity | None:
    if value is None:
        return None
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _overrides(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, Severity]:
    out: dict[str, Severity] = {}
    for value in values:
        rule, sep, level = value.partition("=")
        if not sep or not rule.strip():
            raise click.BadParameter(f"expected RULE=LEVEL, got {value!r}")
        try:
            out[rule.strip()] = Severity.parse(level)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
    return out


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def common_options(command: Callable) -> Callable:
    options = [
        click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
                     help="Report format."),
        click.option("--fail-level", callback=_severity, default="warning", show_default=True,
                     help="Exit 1 when a finding is at or above this severity (info, warning, error)."),
        click.option("--select", multiple=True, metavar="RULES",
                     help="Run only these rules (ids or prefixes such as 'duplicate'; comma-separated or repeated)."),
        click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules (ids or prefixes)."),
        click.option("--severity", "severities", multiple=True, metavar="RULE=LEVEL", callback=_overrides,
                     help="Change a rule's severity, e.g. duplicate.sentence=info (repeatable)."),
        click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
                     help="Refuse files larger than this many bytes."),
        click.option("--color/--no-color", default=None, help="Colour the text report (default: when a terminal)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _settings(fail_level: Severity, select, ignore, severities, **extra) -> Settings:
    return dataclasses.replace(
        Settings(), fail_level=fail_level, select=_split(select), ignore=_split(ignore),
        severity_overrides=severities, **extra,
    )


def _render(fmt: str, results: list, errors: list[str], color: bool | None) -> str:
    if fmt == "json":
        from .render import json as renderer
        return renderer.render(results, errors)
    if fmt == "text":
        from .render import text as renderer
        use_color = sys.stdout.isatty() if color is None else color
        return renderer.render(results, errors, color=use_color)
    from importlib import import_module

    renderer = import_module(f"dedup.render.{fmt}")
    return renderer.render(results, errors)


def _exit_code(results: Iterable[CheckResult | CleanResult], errors: list[str], level: Severity) -> int:
    if errors:
        return EXIT_ERROR
    if any(f.severity >= level for r in results for f in r.findings):
        return EXIT_FINDINGS
    return EXIT_OK


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dedup", prog_name="dedup")
def main() -> None:
    """Find and clean duplicated, reworded, truncated and inconsistent content in articles."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@common_options
def check(paths, output_format, fail_level, select, ignore, severities, max_bytes, color) -> None:
    """Check files (or - for standard input) and report findings."""
    from .pipeline import check_text

    settings = _settings(fail_level, select, ignore, severities)
    results: list[CheckResult] = []
    errors: list[str] = []
    for path in paths:
        try:
            source = read_source(path, max_bytes)
        except InputError as exc:
            errors.append(str(exc))
            continue
        results.append(check_text(source.text, settings, path=source.path))
    click.echo(_render(output_format, results, errors, color), nl=False)
    for error in errors:
        click.echo(f"dedup: {error}", err=True)
    sys.exit(_exit_code(results, errors, settings.fail_level))


@main.command()
@click.argument("path")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the cleaned text to this file.")
@click.option("--in-place", is_flag=True, help="Overwrite the input file with the cleaned text.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the original against the cleaned text.")
@click.option("--keep-unique", is_flag=True, help="Keep sentences that only a removed copy has, instead of listing them.")
@click.option("--report", type=click.Path(dir_okay=False), help="Also write the report (in --format) to this file.")
@common_options
def clean(path, output, in_place, show_diff, keep_unique, report, output_format, fail_level, select, ignore,
          severities, max_bytes, color) -> None:
    """Clean one file: remove repeats and second versions, mend broken breaks.

    The cleaned text goes to --output, back into the file with --in-place, or to standard
    output. With --diff, a unified diff is printed instead of the cleaned text.
    """
    from .pipeline import clean_text

    if output and in_place:
        raise click.UsageError("use either --output or --in-place, not both")
    if in_place and path == "-":
        raise click.UsageError("--in-place needs a file, not standard input")
    settings = _settings(fail_level, select, ignore, severities, keep_unique=keep_unique)
    try:
        source = read_source(path, max_bytes)
    except InputError as exc:
        click.echo(f"dedup: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    result = clean_text(source.text, settings, path=source.path)
    _write_clean(source, result, output, in_place, show_diff)
    rendered = _render(output_format, [result], [], color if (output or in_place) else False)
    if report:
        write_atomic(report, rendered.encode("utf-8"))
    elif output or in_place:
        click.echo(rendered, nl=False)
    else:
        click.echo(_render("text", [result], [], False), nl=False, err=True)
    sys.exit(EXIT_OK)


def _write_clean(source: Source, result: CleanResult, output: str | None, in_place: bool, show_diff: bool) -> None:
    target = source.path if in_place else output
    if target:
        try:
            write_atomic(target, source.encode(result.cleaned))
        except OSError as exc:
            click.echo(f"dedup: {target}: cannot write ({exc.strerror or exc})", err=True)
            sys.exit(EXIT_ERROR)
    if show_diff:
        from .render import diff

        click.echo(diff.render(result), nl=False)
    elif not target:
        sys.stdout.buffer.write(source.encode(result.cleaned))
        sys.stdout.flush()


@main.command("rules")
def list_rules() -> None:
    """List every rule with its id, category, default severity and summary."""
    from .rules import ALL_RULES

    width = max(len(r.id) for r in ALL_RULES)
    for r in ALL_RULES:
        fixes = "fix" if r.fixes else "   "
        click.echo(f"{r.id:<{width}}  {r.severity.label:<7}  {fixes}  {r.summary}")


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Explain one rule, with examples it flags and examples it passes."""
    from .rules import get

    try:
        rule = get(rule_id)
    except KeyError:
        raise click.UsageError(f"no rule {rule_id!r}; see 'dedup rules'") from None
    click.echo(f"{rule.id} ({rule.category}, default severity {rule.severity.label})\n")
    click.echo(click.wrap_text(rule.explanation, width=88) + "\n")
    for title, texts in (("Flagged", rule.flagged), ("Not flagged", rule.passes)):
        click.echo(f"{title}:")
        for text in texts[:2]:
            body = text.strip().replace("\n\n", "\n")
            click.echo("\n".join("    " + line for line in body.splitlines()[:8]) + "\n")


if __name__ == "__main__":  # pragma: no cover
    main()
