"""Settings kept in the repository: ``[tool.dedup]`` in ``pyproject.toml``, or ``dedup.toml`` /
``.dedup.toml``.

The file is looked for from the checked file's folder upward, and the closest one wins, as ruff
does; files further up are not merged in. A ``pyproject.toml`` without a ``[tool.dedup]`` table is
passed over. Every key maps onto one :class:`~dedup.config.Settings` field, except ``include``,
``exclude`` and ``per-file-ignores``, which say which files are read and which rules each skips.

An unknown key, a value of the wrong type or a file that is not TOML raises :class:`ConfigError`,
whose message is one line naming the file.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Mapping

from .config import Settings
from .models import Severity

CONFIG_FILES = (".dedup.toml", "dedup.toml", "pyproject.toml")  # in a folder, the first one found wins

# Keys with a name of their own; every other Settings field is its name with dashes.
_RENAMED = {"severity": "severity_overrides"}
_FILE_KEYS = ("include", "exclude", "per-file-ignores")


def _setting_keys() -> dict[str, str]:
    keys = {}
    for f in dataclasses.fields(Settings):
        key = next((k for k, name in _RENAMED.items() if name == f.name), f.name.replace("_", "-"))
        keys[key] = f.name
    return keys


SETTING_KEYS: Mapping[str, str] = _setting_keys()  # config key -> Settings field
VALID_KEYS: tuple[str, ...] = tuple(sorted((*SETTING_KEYS, *_FILE_KEYS)))


class ConfigError(Exception):
    """A configuration file that cannot be used; the message is one line naming the file."""

    def __init__(self, path: str | os.PathLike, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)


@dataclass(frozen=True, slots=True)
class Config:
    """The settings in force for the files below one folder, and where each one came from."""

    settings: Settings = Settings()
    path: Path | None = None  # the file they were read from; None: defaults only
    sources: Mapping[str, str] = field(default_factory=dict)  # config key -> file or "command line"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def root(self) -> Path:
        """The folder that globs are relative to: the config file's own."""
        return self.path.parent if self.path else Path.cwd()

    def relative(self, path: str | os.PathLike) -> str | None:
        """``path`` relative to :attr:`root` in POSIX form, or None when it lies outside."""
        try:
            return PurePosixPath(Path(os.path.abspath(path)).relative_to(os.path.abspath(self.root))).as_posix()
        except ValueError:
            return None

    def excludes(self, path: str | os.PathLike) -> bool:
        """Whether ``include``/``exclude`` leave ``path`` out."""
        rel = self.relative(path)
        if rel is None:
            return False
        if self.exclude and _spec(self.exclude).match_file(rel):
            return True
        return bool(self.include) and not _spec(self.include).match_file(rel)

    def settings_for(self, path: str | os.PathLike | None) -> Settings:
        """The settings for one file: with the rules its ``per-file-ignores`` globs name ignored too."""
        rel = self.relative(path) if path is not None else None
        if rel is None or not self.per_file_ignores:
            return self.settings
        extra = tuple(rule for glob, rules in self.per_file_ignores if _spec((glob,)).match_file(rel) for rule in rules)
        if not extra:
            return self.settings
        return dataclasses.replace(self.settings, ignore=self.settings.ignore + extra)


def _spec(patterns):
    import pathspec

    return pathspec.PathSpec.from_lines("gitignore", patterns)


def find_config_file(start: str | os.PathLike) -> Path | None:
    """The closest configuration file at or above ``start`` (a file's folder, or a folder).

    >>> find_config_file("/") is None or find_config_file("/").name in CONFIG_FILES
    True
    """
    folder = Path(os.path.abspath(start))
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _has_dedup_table(path)):
                return path
    return None


def _has_dedup_table(path: Path) -> bool:
    return "dedup" in _read_toml(path).get("tool", {})


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "not valid UTF-8") from None
    except OSError as exc:
        raise ConfigError(path, f"cannot read ({exc.strerror or exc})") from None


def load_config(path: str | os.PathLike) -> Config:
    """Read one configuration file and validate every key in it."""
    path = Path(path)
    table = _read_toml(path)
    if path.name == "pyproject.toml":
        table = table.get("tool", {}).get("dedup", {})
        if not isinstance(table, dict):
            raise ConfigError(path, "[tool.dedup] must be a table")
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {"include": (), "exclude": (), "per_file_ignores": ()}
    for key, value in table.items():
        if key not in VALID_KEYS:
            closest = difflib.get_close_matches(key, VALID_KEYS, n=1, cutoff=0.0)
            raise ConfigError(path, f"unknown key {key!r} (did you mean {closest[0]!r}?)")
        if key in ("include", "exclude"):
            extra[key] = _strings(path, key, value)
        elif key == "per-file-ignores":
            extra["per_file_ignores"] = _per_file_ignores(path, value)
        else:
            values[SETTING_KEYS[key]] = _setting_value(path, key, value)
    settings = dataclasses.replace(Settings(), **values)
    sources = {key: str(path) for key in table}
    return Config(settings, path, sources, extra["include"], extra["exclude"], extra["per_file_ignores"])


def discover_config(start: str | os.PathLike) -> Config:
    """The configuration in force at ``start``: the closest file's, or the defaults."""
    path = find_config_file(start)
    return load_config(path) if path else Config()


def with_overrides(config: Config, overrides: Mapping[str, Any]) -> Config:
    """``config`` with Settings fields given on the command line put over it.

    ``severity_overrides`` are merged (the command line wins for a rule named in both); every
    other field is replaced.
    """
    if not overrides:
        return config
    values = dict(overrides)
    if "severity_overrides" in values:
        values["severity_overrides"] = {**config.settings.severity_overrides, **values["severity_overrides"]}
    fields_to_keys = {name: key for key, name in SETTING_KEYS.items()}
    sources = {**config.sources, **{fields_to_keys[name]: "command line" for name in values}}
    return dataclasses.replace(config, settings=dataclasses.replace(config.settings, **values), sources=sources)


def describe(config: Config) -> list[tuple[str, str, str]]:
    """Every key with its value as TOML would write it and where it came from, for ``dedup config``."""
    rows = []
    first = ("select", "ignore", "severity", "fail-level", "unsafe-fixes", "keep-unique", *_FILE_KEYS)
    for key in (*first, *(k for k in SETTING_KEYS if k not in first)):
        if key in SETTING_KEYS:
            value = getattr(config.settings, SETTING_KEYS[key])
        else:
            value = getattr(config, key.replace("-", "_"))
        rows.append((key, _as_toml(value), config.sources.get(key, "default")))
    return rows


def _as_toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Severity):
        return f'"{value.label}"'
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, Mapping):
        return "{" + ", ".join(f'"{k}" = {_as_toml(v)}' for k, v in value.items()) + "}"
    if isinstance(value, tuple) and value and isinstance(value[0], tuple) and len(value[0]) == 2 \
            and isinstance(value[0][1], tuple):
        return _as_toml(dict(value))
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_as_toml(v) for v in value) + "]"
    return repr(value)


def _strings(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, f"{key} must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def _per_file_ignores(path: Path, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(path, "per-file-ignores must be a table of glob = [rules]")
    return tuple((glob, _rules(path, f"per-file-ignores[{glob!r}]",
                               _strings(path, f"per-file-ignores[{glob!r}]", rules))) for glob, rules in value.items())


def known_rules() -> tuple[str, ...]:
    """Every rule id, the per-document ones and the cross-article ones, and every prefix of one."""
    from .batch.rules import SUMMARIES
    from .rules import ALL_RULES

    ids = [rule.id for rule in ALL_RULES] + list(SUMMARIES)
    prefixes = {".".join(i.split(".")[:n]) for i in ids for n in range(1, i.count(".") + 1)}
    return tuple(sorted(set(ids) | prefixes))


def _rules(path: Path, key: str, values: tuple[str, ...]) -> tuple[str, ...]:
    """``values`` checked as rule ids or prefixes: a misspelt one would silently select or ignore nothing."""
    known = known_rules()
    for value in values:
        if value.rstrip(".") not in known:
            closest = difflib.get_close_matches(value, known, n=1, cutoff=0.0)
            raise ConfigError(path, f"{key}: no rule or prefix {value!r} (did you mean {closest[0]!r}?)")
    return values


def _setting_value(path: Path, key: str, value: Any) -> Any:
    """``value`` checked against the type of the Settings field's default."""
    name = SETTING_KEYS[key]
    if name in ("select", "ignore"):
        return _rules(path, key, _strings(path, key, value))
    if name == "severity_overrides":
        if not isinstance(value, dict):
            raise ConfigError(path, "severity must be a table of rule = level")
        _rules(path, key, tuple(value))
        return {rule: _severity(path, f"severity[{rule!r}]", level) for rule, level in value.items()}
    if name == "fail_level":
        return _severity(path, key, value)
    default = getattr(Settings(), name)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(path, f"{key} must be true or false")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(path, f"{key} must be a whole number of 0 or more")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError(path, f"{key} must be a number of 0 or more")
        return float(value)
    if isinstance(default, tuple):
        if not isinstance(value, list) or len(value) != len(default) \
                or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value):
            raise ConfigError(path, f"{key} must be a list of {len(default)} whole numbers above 0")
        return tuple(value)
    raise ConfigError(path, f"{key} cannot be set in a file")  # pragma: no cover - every field has a type above


def _severity(path: Path, key: str, value: Any) -> Severity:
    if not isinstance(value, str):
        raise ConfigError(path, f"{key} must be one of info, warning, error")
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise ConfigError(path, f"{key}: {exc}") from None


def rebase_globs(patterns: tuple[str, ...], root: Path, folder: str | os.PathLike) -> tuple[str, ...]:
    """Globs relative to ``root`` (gitignore syntax) rewritten relative to ``folder`` below it, for
    walking that folder. A pattern anchored elsewhere cannot match below it and is dropped.

    >>> rebase_globs(("drafts/", "/news/old/*.md", "/blog/x.md", "!keep.md"), Path("/r"), "/r/news")
    ('drafts/', '/old/*.md', '!keep.md')
    """
    try:
        prefix = PurePosixPath(Path(os.path.abspath(folder)).relative_to(os.path.abspath(root))).as_posix()
    except ValueError:
        return patterns
    if prefix == ".":
        return patterns
    out = []
    for pattern in patterns:
        negated, body = (pattern[:1] == "!", pattern[1:]) if pattern.startswith("!") else (False, pattern)
        anchored = "/" in body.rstrip("/") and not body.startswith("**/")
        if anchored:
            body = body.lstrip("/")
            if not body.startswith(prefix + "/"):
                continue
            body = "/" + body[len(prefix) + 1 :]
        out.append(("!" if negated else "") + body)
    return tuple(out)
