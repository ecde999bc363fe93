"""The command line: parse arguments, call the core, render, exit.

Exit codes: 0 no finding at or above ``--fail-level``; 1 there are such findings;
2 a usage error, or an input that could not be processed or an output that could not be
written; 123 an internal error; 130 interrupted (Ctrl-C); 141 standard output closed early.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import signal
import sys
from pathlib import Path
from typing import Callable, Iterable

import click

from .config import Settings
from .baseline import BaselineError
from .changes import ChangesError
from .review import DecisionsError
from .configfile import Config, ConfigError, describe, find_config_file, load_config, rebase_globs, with_overrides
from .io import DEFAULT_MAX_BYTES, InputError, Source, read_source, same_file, write_atomic
from .models import CheckResult, CleanResult, Finding, Severity
from .render.common import visible

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


def batch_options(command: Callable) -> Callable:
    """Options that only matter when a folder or a JSONL corpus is given."""
    options = [
        click.option("--ext", "extensions", multiple=True, metavar="EXT",
                     help="File extensions to read in folders (comma-separated or repeated; default txt, md, markdown)."),
        click.option("--include", multiple=True, metavar="GLOB",
                     help="Only read files matching this glob, relative to the folder (repeatable)."),
        click.option("--exclude", multiple=True, metavar="GLOB",
                     help="Skip files and folders matching this glob, relative to the folder (repeatable)."),
        click.option("--no-gitignore", is_flag=True, help="Do not honour .gitignore files in folders."),
        click.option("--text-field", default="text", show_default=True, help="JSONL field holding the article text."),
        click.option("--id-field", default="id", show_default=True, help="JSONL field holding the article id."),
        click.option("--date-field", default=None, help="JSONL field holding the article date (for --keep newest)."),
        click.option("--keep", type=click.Choice(("first", "longest", "newest")), default="first", show_default=True,
                     help="Which article of a duplicate cluster is kept: first by path/id, longest, or newest."),
        click.option("--boilerplate-min", type=click.IntRange(min=2), default=5, show_default=True,
                     help="A passage found in at least this many articles is boilerplate."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                     help="Worker processes for folders and corpora (default: all cores)."),
        click.option("--engine", type=click.Choice(("local", "spark")), default="local", show_default=True,
                     help="Run folders and corpora on this machine's processes, or on Apache Spark."),
        click.option("--master", metavar="URL", default=None,
                     help="Spark master for --engine spark: local[*], yarn, k8s://..., spark://... "
                          "(default: spark-submit's, else local[*])."),
        click.option("--spark-conf", multiple=True, metavar="KEY=VALUE",
                     help="A Spark setting for --engine spark, e.g. spark.executor.memory=4g (repeatable)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def repo_options(command: Callable) -> Callable:
    """Options for repositories kept in git: report only what is new."""
    options = [
        click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), metavar="FILE",
                     help="Hide findings recorded in this baseline (made by 'dedup baseline') and say how many."),
        click.option("--diff-base", metavar="REF",
                     help="Report only findings on lines changed since the git revision REF (git diff -U0 REF)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _output_specs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]):
    specs = []
    for value in values:
        fmt, _, target = value.partition("=")
        if fmt.strip() not in FORMATS:
            raise click.BadParameter(f"unknown format {fmt!r} in {value!r} (choose from {', '.join(FORMATS)})")
        specs.append((fmt.strip(), target.strip() or None))
    return tuple(specs)


def outputs_option(command: Callable) -> Callable:
    return click.option(
        "--output-format", "outputs", multiple=True, metavar="FORMAT[=FILE]", callback=_output_specs,
        help="Also write the report in FORMAT to FILE (or, without =FILE, print it after the --format report); "
             "repeatable, e.g. --output-format sarif=report.sarif --output-format github.")(command)


def _write_outputs(outputs, results: list, errors: list[str], inputs, color: bool | None,
                   main_format: str = "text") -> None:
    """The extra reports of --output-format, from the same results: each to its file, or printed.
    With a GitHub report and ``$GITHUB_STEP_SUMMARY`` set, every finding also goes to the step summary."""
    import os

    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file and "github" in (main_format, *(fmt for fmt, _ in outputs)):
        from .render.github import summary

        try:
            with open(summary_file, "a", encoding="utf-8") as handle:
                handle.write(summary(results, errors))
        except OSError as exc:
            click.echo(f"dedup: {summary_file}: cannot write the step summary ({exc.strerror or exc})", err=True)
    for fmt, target in outputs:
        if target:
            _refuse_overwriting_an_input(target, inputs, "report")
            try:
                write_atomic(target, _render(fmt, results, errors, False).encode("utf-8"))
            except OSError as exc:
                click.echo(f"dedup: {target}: cannot write ({exc.strerror or exc})", err=True)
                sys.exit(EXIT_ERROR)
        else:
            click.echo(_render(fmt, results, errors, color), nl=False)


class _OnlyNew:
    """The CLI's view of :class:`dedup.only_new.OnlyNew`: it says on standard error what it hid."""

    def __init__(self, baseline_file: str | None, diff_base: str | None) -> None:
        from .only_new import OnlyNew

        self.core = OnlyNew(baseline_file, diff_base)
        self.active = self.core.active
        self.hider, self.check = self.core.hider, self.core.check

    def say(self) -> None:
        for line in self.core.summary():
            click.echo(f"dedup: {line}", err=True)


def _sources(paths, configs: "_Configs", max_bytes: int, errors: list[str]):
    """Each path the configuration does not exclude, read: ``(path, config, source, settings)``.
    A file that cannot be read is added to ``errors`` and passed over."""
    for path in paths:
        config = configs.at(path)
        if path != "-" and config.excludes(path):
            continue
        try:
            source = read_source(path, max_bytes)
        except InputError as exc:
            errors.append(str(exc))
            continue
        yield path, config, source, config.settings_for(None if path == "-" else path)


def _files_of(paths, configs: "_Configs", why: str, batch: dict | None = None) -> list[str]:
    """``paths`` with each folder replaced by the files in it, for commands that read files one by one
    (with the folder options in ``batch`` when the command has them)."""
    from .batch.corpus import is_jsonl
    from .batch.walk import DEFAULT_EXTENSIONS, WalkOptions, discover

    files: list[str] = []
    for path in paths:
        if path != "-" and is_jsonl(path):
            raise click.UsageError(f"{why} read files one by one, not a JSONL corpus ({path})")
        if path != "-" and Path(path).is_dir():
            config = configs.at(path)
            globs = _batch_walk_globs(config, [path], batch or {"include": (), "exclude": ()})
            walk = WalkOptions(include=tuple(globs["include"]), exclude=tuple(globs["exclude"]))
            if batch:
                walk = WalkOptions(extensions=_split(batch["extensions"]) or DEFAULT_EXTENSIONS,
                                   include=walk.include, exclude=walk.exclude, gitignore=not batch["no_gitignore"])
            found = discover([path], walk)
            for error in found.errors:
                click.echo(f"dedup: {error}", err=True)
            files += [f.path for f in found.files]
        else:
            files.append(path)
    return files


def _against(paths, folder: str, configs: "_Configs", batch: dict, max_bytes: int, no_cache: bool = False):
    """Compare the files to check with the published articles under ``folder`` (--against).

    The signatures of the published articles are kept in ``signatures/`` of the cache folder
    beside the folder's configuration file; without one (or with ``--no-cache``) none are kept.
    """
    from .against import compare
    from .cache import CACHE_DIR
    from .batch.config import BatchConfig
    from .batch.corpus import Fields
    from .batch.parallel import default_jobs
    from .batch.walk import DEFAULT_EXTENSIONS, WalkOptions

    if "-" in paths:
        raise click.UsageError("--against compares files, not standard input")
    if not Path(folder).is_dir():
        click.echo(f"dedup: {folder}: no such folder (--against)", err=True)
        sys.exit(EXIT_ERROR)
    config = configs.at(folder)
    globs = _batch_walk_globs(config, [folder], batch)
    walk = WalkOptions(extensions=_split(batch["extensions"]) or DEFAULT_EXTENSIONS, include=globs["include"],
                       exclude=globs["exclude"], gitignore=not batch["no_gitignore"])
    batch_config = BatchConfig(fields=Fields(batch["text_field"], batch["id_field"], batch["date_field"]),
                               max_bytes=max_bytes, jobs=batch["jobs"] or default_jobs())
    cache_folder = None if no_cache or config.path is None else config.root / CACHE_DIR / "signatures"
    return compare([p for p in paths], folder, config.settings, walk, batch_config, cache_folder)


def _is_batch(paths) -> bool:
    from .batch.corpus import is_jsonl
    from .batch.remote import is_uri

    return any(p != "-" and (Path(p).is_dir() or is_jsonl(p) or is_uri(p)) for p in paths)


def _uri_inputs(paths, engine: str, batch_run: bool) -> list[str]:
    """``paths`` with each URI kept for a batch on ``--engine spark``, which lists and reads it through
    Spark; elsewhere a ``file://`` URI is read as its local path, and any other URI is one line and exit 2."""
    from .batch.remote import is_uri, local_path, scheme

    out = []
    for path in paths:
        if not is_uri(path) or (engine == "spark" and batch_run):
            out.append(path)
            continue
        local = local_path(path)
        if local is None:
            why = ("is not a path of this machine (file:///PATH)" if scheme(path) == "file" else
                   f"{scheme(path)}:// inputs need --engine spark" if engine == "local" else
                   f"{scheme(path)}:// inputs are read by a batch only (not with --per-file, --against, "
                   f"--baseline, --diff-base, --review or --decisions)")
            click.echo(f"dedup: {visible(path)}: {why}", err=True)
            sys.exit(EXIT_ERROR)
        out.append(local)
    return out


def _uri_output(output: str | None, paths, in_place: bool) -> str | None:
    """The output folder of a batch: a ``file://`` URI as its local path. A URI of another file system, mixing
    URIs with local paths, and ``--in-place`` over URIs are one line and exit 2."""
    from .batch.remote import is_uri, local_path, scheme

    uris = [p for p in paths if is_uri(p)]
    problem = None
    if uris and len(uris) < len(paths):
        problem = f"{visible(uris[0])}: give either URIs or local paths as inputs, not both"
    elif uris and in_place:
        problem = f"{visible(uris[0])}: --in-place cannot rewrite {scheme(uris[0])}:// inputs; give -o OUTDIR"
    elif output and is_uri(output) and local_path(output) is None:
        problem = (f"{visible(output)}: -o writes to a folder path (on a cluster, one the driver and every executor "
                   f"share); {scheme(output)}:// outputs are not written")
    if problem:
        click.echo(f"dedup: {problem}", err=True)
        sys.exit(EXIT_ERROR)
    return local_path(output) if output and is_uri(output) else output


def _is_uri(path: str) -> bool:
    from .batch.remote import is_uri

    return is_uri(path)


def _local_view(path: str) -> str:
    """Where on this machine a ``file://`` URI is, for finding its configuration; other paths as they are."""
    from .batch.remote import local_path

    return local_path(path) or path


def _several_files(paths) -> bool:
    """Several regular files, which ``check`` takes as one batch; pipes (``<(cmd)``) and devices,
    which can be read only once, are checked one by one as before."""
    return len(paths) > 1 and all(p != "-" and (Path(p).is_file() and not _is_pipe_or_device(p)) for p in paths)


def _is_pipe_or_device(path: str) -> bool:
    import stat

    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _run_batch(paths, settings: Settings, output_format: str, color: bool | None, batch: dict, *,
               clean: bool = False, output: str | None = None, in_place: bool = False,
               report: str | None = None) -> None:
    """Check or clean folders and corpora as one batch; prints the report and exits."""
    from .batch.config import BatchConfig
    from .batch.corpus import Fields
    from .batch.parallel import default_jobs
    from .batch.progress import terminal_progress
    from .batch.run import LOCAL, Output, OutputClash, run_batch
    from .batch.spark import SparkJobFailed
    from .batch.summary import render_report, worst_severity
    from .batch.walk import DEFAULT_EXTENSIONS, InputUnavailable, WalkOptions, output_conflict

    if "-" in paths:
        raise click.UsageError("standard input cannot be mixed with folders or JSONL files")
    if clean and not (output or in_place):
        raise click.UsageError("cleaning a folder or corpus needs -o OUTDIR or --in-place")
    output = _uri_output(output, paths, in_place)
    if output:
        problem = output_conflict(output, [_local_view(p) for p in paths])
        if problem is None and Path(output).exists() and not Path(output).is_dir():
            problem = f"the output {output} exists and is not a folder"
        if problem:
            click.echo(f"dedup: {problem}", err=True)
            sys.exit(EXIT_ERROR)
    walk = WalkOptions(extensions=_split(batch["extensions"]) or DEFAULT_EXTENSIONS, include=batch["include"],
                       exclude=batch["exclude"], gitignore=not batch["no_gitignore"])
    config = BatchConfig(
        fields=Fields(batch["text_field"], batch["id_field"], batch["date_field"]), max_bytes=batch["max_bytes"],
        jobs=batch["jobs"] or default_jobs(), keep=batch["keep"], boilerplate_min=batch["boilerplate_min"],
    )
    if report:
        _refuse_overwriting_an_input(report, paths, "report")
    use_color = sys.stdout.isatty() if color is None else color
    engine = _engine(batch)
    if engine is not LOCAL:  # the driver's own stages run in its one process; Spark has the cores
        config = dataclasses.replace(config, jobs=1)
    try:
        with terminal_progress() as progress:
            result = run_batch(list(paths), walk, config, settings, clean=clean, output=Output(output, in_place),
                               report_format=output_format, color=use_color and not report, progress=progress,
                               engine=engine)
    except OutputClash as exc:
        click.echo(f"dedup: {exc}; give another -o, or use --in-place", err=True)
        sys.exit(EXIT_ERROR)
    except InputUnavailable as exc:
        click.echo(f"dedup: {visible(str(exc))}", err=True)
        sys.exit(EXIT_ERROR)
    except SparkJobFailed as exc:
        click.echo(f"dedup: the Spark job failed, nothing was written: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    except OSError as exc:  # the output folder could not be made or written; inputs are reported as they go
        click.echo(f"dedup: {visible(str(exc.filename or output))}: cannot write ({exc.strerror or exc})", err=True)
        sys.exit(EXIT_ERROR)
    rendered = render_report(result, output_format)
    if report:
        _write_or_exit(report, rendered.encode("utf-8"))
    else:
        click.echo(rendered, nl=False)
    for error in result.errors:
        click.echo(f"dedup: {visible(str(error))}", err=True)
    worst = worst_severity(result)
    if result.errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if not clean and worst is not None and worst >= settings.fail_level else EXIT_OK)


def _engine(batch: dict):
    """The engine of ``--engine``: this machine's processes, or a Spark session (exit 2 when it cannot start)."""
    from .batch.run import LOCAL

    if batch.get("engine", "local") == "local":
        return LOCAL
    from .batch.spark import SparkUnavailable
    from .batch.spark.engine import SparkEngine
    from .batch.spark.session import SparkOptions, engine_options, parse_conf, start

    try:
        conf = parse_conf(batch["spark_conf"])
        options = engine_options(conf)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        session = start(SparkOptions(batch["master"], conf))
    except SparkUnavailable as exc:
        click.echo(f"dedup: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    return SparkEngine(session, **options)


# Options whose value, when given on the command line, is put over the configuration file's.
_OVERRIDABLE = {"fail_level": "fail_level", "select": "select", "ignore": "ignore", "severities": "severity_overrides",
                "keep_unique": "keep_unique", "unsafe_fixes": "unsafe_fixes"}


def _given(ctx: click.Context, params: dict) -> dict:
    """The Settings fields set on the command line (not left at their defaults)."""
    from click.core import ParameterSource

    out = {}
    for param, name in _OVERRIDABLE.items():
        if param in params and ctx.get_parameter_source(param) not in (ParameterSource.DEFAULT, None):
            value = params[param]
            out[name] = _split(value) if param in ("select", "ignore") else value
            if param in ("select", "ignore", "severities"):
                _refuse_unknown_rules(tuple(out[name]), "--severity" if param == "severities" else f"--{param}")
    return out


class _Configs:
    """The configuration in force for each checked path, each file read once, with the
    command line's options put over it."""

    def __init__(self, overrides: dict) -> None:
        self.overrides = overrides
        self._loaded: dict[Path | None, Config] = {}
        self._caches: dict[Path, object] = {}
        self._found: dict[Path, Path | None] = {}

    def cache(self, config: Config):
        """The result cache of a project: beside its configuration file; none without one."""
        from .cache import CACHE_DIR, ResultCache

        if config.path is None:
            return None
        if config.path not in self._caches:
            self._caches[config.path] = ResultCache(config.root / CACHE_DIR)
        return self._caches[config.path]

    def at(self, path: str) -> Config:
        """The configuration of ``path``: the one closest above it; a URI (but ``file://``) has the current folder's."""
        from .batch.remote import is_uri

        path = _local_view(path)
        start = Path.cwd() if path == "-" or is_uri(path) else Path(path)
        folder = start if start.is_dir() else start.parent
        if folder not in self._found:  # files of one folder share its configuration
            self._found[folder] = find_config_file(folder)
        found = self._found[folder]
        if found not in self._loaded:
            self._loaded[found] = with_overrides(load_config(found) if found else Config(), self.overrides)
        return self._loaded[found]


def _batch_walk_globs(config: Config, paths, batch: dict) -> dict:
    """The batch options with the configuration's include/exclude added, rewritten relative to
    the folder walked."""
    folder = next((_local_view(p) for p in paths if p != "-" and Path(_local_view(p)).is_dir()), None)
    if folder is None or config.path is None:
        return batch
    include = rebase_globs(config.include, config.root, folder)
    exclude = rebase_globs(config.exclude, config.root, folder)
    return dict(batch, include=tuple(batch["include"]) + include, exclude=tuple(batch["exclude"]) + exclude)


def _rule_ids() -> tuple[str, ...]:
    """Every rule id: the per-article rules and the corpus rules."""
    from .batch.rules import SUMMARIES
    from .rules import ALL_RULES

    return tuple(r.id for r in ALL_RULES) + tuple(SUMMARIES)


def _refuse_unknown_rules(names, option: str) -> None:
    """A usage error (exit 2) for a name that is neither a rule id nor a prefix of one."""
    if not names:
        return
    ids = _rule_ids()
    for name in names:
        if any(r == name or r.startswith(name.rstrip(".") + ".") for r in ids):
            continue
        prefixes = sorted({r.split(".")[0] for r in ids})
        close = difflib.get_close_matches(name, ids + tuple(prefixes), n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else "; see 'dedup rules'"
        raise click.BadParameter(f"no rule or rule prefix {name!r}{hint}", param_hint=f"'{option}'")


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


EXIT_INTERNAL = 123
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
EXIT_BROKEN_PIPE = 141  # what a shell reports for a filter stopped by SIGPIPE (128 + 13)


def _discard_standard_output() -> None:
    """Point standard output at /dev/null, so that the final flush has nowhere to fail.

    A reader that stops early (``dedup rules | head -1``) is normal for a filter: no message.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


class _Commands(click.Group):
    """Turns an unexpected exception into a one-line message and exit code 123, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            try:
                return super().invoke(ctx)
            finally:
                sys.stdout.flush()  # here, where a reader that went away can still be told apart
        except BrokenPipeError:
            _discard_standard_output()
            sys.exit(EXIT_BROKEN_PIPE)
        except KeyboardInterrupt:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C does not interrupt the clean-up
            click.echo("dedup: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except (ConfigError, BaselineError, ChangesError, DecisionsError) as exc:
            click.echo(f"dedup: {exc}", err=True)
            sys.exit(EXIT_ERROR)
        except Exception as exc:  # the one place where unexpected errors become messages
            click.echo(f"dedup: internal error: {type(exc).__name__}: {exc} (please report it)", err=True)
            sys.exit(EXIT_INTERNAL)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dedup", prog_name="dedup")
def main() -> None:
    """Find and clean duplicated, reworded, truncated and inconsistent content in articles."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@common_options
@batch_options
@repo_options
@outputs_option
@click.option("--against", "against_folder", type=click.Path(file_okay=False), metavar="DIR",
              help="Also compare the given files with every article under DIR and report one that repeats or "
                   "rewords a published article, naming it.")
@click.option("--per-file", is_flag=True,
              help="Check each file on its own, folders file by file, with no cross-article checks (as the "
                   "pre-commit hook does).")
@click.option("--no-cache", is_flag=True,
              help="Analyse every file again; by default results (and, with --against, the published "
                   "articles' signatures) are kept in .dedup_cache/ beside the configuration file.")
def check(paths, output_format, fail_level, select, ignore, severities, max_bytes, color, baseline_file, diff_base,
          outputs, against_folder, per_file, no_cache, **batch) -> None:
    """Check files (or - for standard input) and report findings.

    Several files, folders and JSONL corpora are checked as one batch: each article on its
    own, plus duplicate articles, passages shared between articles, and boilerplate.
    """
    from .pipeline import check_text

    configs = _Configs(_given(click.get_current_context(),
                              dict(fail_level=fail_level, select=select, ignore=ignore, severities=severities)))
    only_new = _OnlyNew(baseline_file, diff_base)
    paths = _uri_inputs(paths, batch["engine"], not (only_new.active or against_folder or per_file))
    if only_new.active or against_folder or per_file:
        paths = _files_of(paths, configs, "--per-file, --against, --baseline and --diff-base", batch)
    elif _is_batch(paths) or _several_files(paths):  # several files are one batch, as for clean
        if outputs:
            raise click.UsageError("--output-format works on files checked one by one (add --per-file), "
                                   "not on a batch of files, folders or corpora")
        # Files named together are one batch; those the configuration excludes stay out of it.
        paths = [p for p in paths if p == "-" or Path(p).is_dir() or _is_uri(p) or not configs.at(p).excludes(p)]
        config = configs.at(paths[0])
        _run_batch(paths, config.settings, output_format, color,
                   dict(_batch_walk_globs(config, paths, batch), max_bytes=max_bytes))
    against = _against(paths, against_folder, configs, batch, max_bytes, no_cache) if against_folder else None
    results: list[CheckResult] = []
    errors: list[str] = []
    failing = False
    for path, config, source, settings in _sources(paths, configs, max_bytes, errors):
        cache = None if no_cache else configs.cache(config)
        result = cache.check(source.text, settings, source.path) if cache else check_text(
            source.text, settings, path=source.path)
        if against is not None:
            from .against import findings_for

            extra = findings_for(source.text, path, against, settings)
            result = dataclasses.replace(result, findings=tuple(sorted((*result.findings, *extra), key=Finding.sort_key)))
        results.append(only_new.check(result))
        failing = failing or bool(results[-1].at_or_above(settings.fail_level))
    if against is not None:
        errors += [str(e) for e in against.errors]
    click.echo(_render(output_format, results, errors, color), nl=False)
    _write_outputs(outputs, results, errors, paths, color, output_format)
    for error in errors:
        click.echo(f"dedup: {visible(str(error))}", err=True)
    only_new.say()
    sys.exit(EXIT_ERROR if errors else EXIT_FINDINGS if failing else EXIT_OK)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(),
              help="Write the cleaned text to this file (for folders and corpora: to this folder).")
@click.option("--in-place", is_flag=True, help="Overwrite the input file with the cleaned text.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the original against the cleaned text.")
@click.option("--keep-unique", is_flag=True, help="Keep sentences that only a removed copy has, instead of listing them.")
@click.option("--unsafe-fixes", is_flag=True,
              help="Also apply fixes that could lose a fact: remove sentences of a copy with a name, number or date "
                   "the kept text lacks.")
@click.option("--report", type=click.Path(dir_okay=False), help="Also write the report (in --format) to this file.")
@click.option("--review", "review_page", type=click.Path(dir_okay=False), metavar="PAGE",
              help="Write a self-contained HTML page where an editor accepts or rejects each edit and downloads "
                   "the cleaned text and a decisions file (one file only).")
@click.option("--decisions", "decisions_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Apply only the edits a decisions file from the review page accepts (one file only).")
@click.option("--per-file", is_flag=True,
              help="Clean each file on its own, with no cross-article checks (several files need --in-place or --diff).")
@common_options
@batch_options
@repo_options
@outputs_option
def clean(paths, output, in_place, show_diff, keep_unique, unsafe_fixes, report, review_page, decisions_file, per_file,
          output_format, fail_level, select, ignore, severities, max_bytes, color, baseline_file, diff_base, outputs,
          **batch) -> None:
    """Clean one file: remove repeats and second versions, mend broken breaks.

    The cleaned text goes to --output, back into the file with --in-place, or to standard
    output. With --diff, a unified diff is printed instead of the cleaned text.

    Folders and JSONL corpora are cleaned as one batch into the folder -o OUTDIR (or in
    place): one article of each duplicate cluster is kept, boilerplate is removed.
    """
    from .pipeline import clean_text

    configs = _Configs(_given(click.get_current_context(), dict(
        fail_level=fail_level, select=select, ignore=ignore, severities=severities, keep_unique=keep_unique,
        unsafe_fixes=unsafe_fixes)))
    if output and in_place:
        raise click.UsageError("use either --output or --in-place, not both")
    if (review_page or decisions_file) and (per_file or len(paths) > 1 or _is_batch(paths)):
        raise click.UsageError("--review and --decisions work on one file")
    if review_page and decisions_file:
        raise click.UsageError("use either --review or --decisions, not both")
    only_new = _OnlyNew(baseline_file, diff_base)
    paths = _uri_inputs(paths, batch["engine"], not (per_file or review_page or decisions_file or only_new.active))
    if only_new.active and not per_file and (_is_batch(paths) or len(paths) > 1):
        raise click.UsageError("--baseline and --diff-base clean files one by one: add --per-file")
    if per_file:
        _clean_per_file(_files_of(paths, configs, "--per-file", batch), configs, only_new, output, in_place, show_diff,
                        report, output_format, max_bytes, color, outputs)
    if _is_batch(paths) or len(paths) > 1:
        if outputs:
            raise click.UsageError("--output-format works on files cleaned one by one, not on folders or corpora")
        if show_diff:
            raise click.UsageError("--diff works on one file; for folders and corpora use -o OUTDIR")
        config = configs.at(paths[0])
        _run_batch(paths, config.settings, output_format, color,
                   dict(_batch_walk_globs(config, paths, batch), max_bytes=max_bytes), clean=True,
                   output=output, in_place=in_place, report=report)
    path = paths[0]
    if output and Path(output).is_dir():
        raise click.BadParameter(f"{output!r} is a folder; give a file name", param_hint="'-o' / '--output'")
    if in_place and path == "-":
        raise click.UsageError("--in-place needs a file, not standard input")
    settings = configs.at(path).settings_for(None if path == "-" else path)
    if output:
        _refuse_overwriting_an_input(output, paths, "output", hint="; use --in-place to rewrite it")
    if report:
        _refuse_overwriting_an_input(report, paths, "report")
        if output and same_file(report, output):
            click.echo(f"dedup: the report {report} and the output {output} are one file", err=True)
            sys.exit(EXIT_ERROR)
    try:
        source = read_source(path, max_bytes)
    except InputError as exc:
        click.echo(f"dedup: {visible(str(exc))}", err=True)
        sys.exit(EXIT_ERROR)
    result = clean_text(source.text, settings, path=source.path, hide=only_new.hider(source.path, source.text))
    if decisions_file:
        from . import review

        result = review.apply(result, review.load(decisions_file), decisions_file)
    if review_page:
        from .render import review as review_render

        _refuse_overwriting_an_input(review_page, paths, "review page")
        write_atomic(review_page, review_render.render(result, bom=source.bom).encode("utf-8"))
    if not review_page or output or in_place or show_diff:
        _write_clean(source, result, output, in_place, show_diff)
    only_new.say()
    rendered = _render(output_format, [result], [], color if (output or in_place) else False)
    if report:
        _write_or_exit(report, rendered.encode("utf-8"))
    elif output or in_place:
        click.echo(rendered, nl=False)
    else:
        click.echo(_render("text", [result], [], False), nl=False, err=True)
    _write_outputs(outputs, [result], [], paths, color, output_format)
    sys.exit(EXIT_OK)


def _clean_per_file(files: list[str], configs: _Configs, only_new: _OnlyNew, output, in_place, show_diff, report,
                    output_format, max_bytes, color, outputs=()) -> None:
    """Clean each file on its own (as pre-commit passes them), then report on all; exits."""
    from .pipeline import clean_text

    if len(files) > 1 and not (in_place or show_diff):
        raise click.UsageError("--per-file with several files needs --in-place or --diff")
    if output and len(files) > 1:
        raise click.UsageError("-o takes one file; use --in-place for several")
    if in_place and "-" in files:
        raise click.UsageError("--in-place needs a file, not standard input")
    if report:
        _refuse_overwriting_an_input(report, files, "report")
    results: list[CleanResult] = []
    errors: list[str] = []
    for _, config, source, settings in _sources(files, configs, max_bytes, errors):
        result = clean_text(source.text, settings, path=source.path, hide=only_new.hider(source.path, source.text))
        _write_clean(source, result, output, in_place, show_diff)
        results.append(result)
    rendered = _render(output_format, results, errors, color if (output or in_place) else False)
    if report:
        write_atomic(report, rendered.encode("utf-8"))
    elif output or in_place:
        click.echo(rendered, nl=False)
    else:
        click.echo(_render("text", results, errors, False), nl=False, err=True)
    _write_outputs(outputs, results, errors, files, color, output_format)
    for error in errors:
        click.echo(f"dedup: {error}", err=True)
    only_new.say()
    sys.exit(EXIT_ERROR if errors else EXIT_OK)


def _refuse_overwriting_an_input(target: str, inputs, what: str, hint: str = "") -> None:
    """Exit 2 with one line when ``target`` is one of the ``inputs`` (or a link to one)."""
    for path in inputs:
        if path != "-" and same_file(target, path):
            click.echo(f"dedup: the {what} {target} is the input {path}{hint}", err=True)
            sys.exit(EXIT_ERROR)


def _write_or_exit(target: str, data: bytes) -> None:
    """Write an output or a report; a failure is one line naming the file, and exit 2."""
    try:
        write_atomic(target, data)
    except OSError as exc:
        click.echo(f"dedup: {visible(target)}: cannot write ({exc.strerror or exc})", err=True)
        sys.exit(EXIT_ERROR)


def _write_clean(source: Source, result: CleanResult, output: str | None, in_place: bool, show_diff: bool) -> None:
    target = source.path if in_place else output
    if target:
        _write_or_exit(target, source.encode(result.cleaned))
    if show_diff:
        from .render import diff

        click.echo(diff.render(result), nl=False)
    elif not target:
        sys.stdout.buffer.write(source.encode(result.cleaned))
        sys.stdout.flush()


@main.command("baseline")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=".dedup-baseline.json", show_default=True,
              help="Write the baseline to this file.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Refuse files larger than this many bytes.")
def make_baseline(paths, output, max_bytes) -> None:
    """Record today's findings in PATHS, so that --baseline later reports only new ones.

    Findings are recorded by content (rule and normalised text), not by line; folders are read
    file by file. Settings come from the configuration files, as for check.
    """
    from .baseline import new_baseline
    from .pipeline import check_text

    configs = _Configs({})
    baseline = new_baseline(output)
    errors = []
    count = 0
    for _, _, source, settings in _sources(_files_of(paths, configs, "baselines"), configs, max_bytes, errors):
        result = check_text(source.text, settings, path=source.path)
        baseline.add(source.path, source.text, result.findings)
        count += len(result.findings)
    for error in errors:
        click.echo(f"dedup: {error}", err=True)
    if errors:
        sys.exit(EXIT_ERROR)  # a baseline missing a file would hide less than it should; none is written
    try:
        write_atomic(output, baseline.dumps().encode("utf-8"))
    except OSError as exc:
        click.echo(f"dedup: {output}: cannot write ({exc.strerror or exc})", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"dedup: recorded {count} finding{'s' * (count != 1)} in {output}", err=True)


@main.command("config")
@click.argument("path", required=False, default=".")
def show_config(path: str) -> None:
    """Print the settings in force for PATH (default: this folder) and the file each came from.

    Settings are read from [tool.dedup] in pyproject.toml, dedup.toml or .dedup.toml, the
    closest one at or above PATH.
    """
    found = find_config_file(path)
    config = load_config(found) if found else Config()
    click.echo(f"# settings for {path}: {found if found else 'no configuration file, defaults only'}")
    rows = describe(config)
    width = max(len(key) + len(value) + 3 for key, value, _ in rows)
    for key, value, source in rows:
        click.echo(f"{key + ' = ' + value:<{width}}  # {source}")


@main.command("rules")
def list_rules() -> None:
    """List every rule with its id, category, default severity and summary."""
    from .batch.rules import BOILERPLATE, SUMMARIES
    from .rules import ALL_RULES

    rows = [(r.id, r.severity.label, r.fixes, r.summary) for r in ALL_RULES]
    # The corpus rules come from a whole folder or corpus, not from one document.
    rows += [(rule, severity.label, rule == BOILERPLATE, summary) for rule, (severity, summary) in SUMMARIES.items()]
    width = max(len(row[0]) for row in rows)
    for rule_id, severity, fixes, summary in rows:
        click.echo(f"{rule_id:<{width}}  {severity:<7}  {'fix' if fixes else '   '}  {summary}")


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Explain one rule, with examples it flags and examples it passes."""
    from .rules import get

    from .batch.rules import SUMMARIES

    if rule_id in SUMMARIES:
        severity, summary = SUMMARIES[rule_id]
        click.echo(f"{rule_id} (corpus, default severity {severity.label})\n")
        click.echo(click.wrap_text(summary + " Reported when a folder or a JSONL corpus is checked as one batch;"
                                   " see docs/batch-json.md.", width=88))
        return
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
