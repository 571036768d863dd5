"""Configuration: `[tool.copydesk]` in pyproject.toml or a `.copydesk.toml`, the nearest upward.

Keys are kebab-case (snake_case is accepted too). Unknown keys are an error, not a silent
no-op, so a misspelt `ignroe` is noticed the first time it is used.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .model import Severity

LANGUAGES = ("auto", "en-US", "en-GB")
DEFAULT_MAX_FILE_SIZE = 5_000_000  # characters (a long article is 50,000; a book 2 million); larger files are refused


class ConfigError(Exception):
    """A configuration file or option that cannot be used; reported in one line, exit 2."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    per_path_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    vocabulary: frozenset[str] = frozenset()
    language: str = "auto"
    fail_level: Severity = Severity.WARNING
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    root: Path | None = None  # folder of the config file; per-path globs are relative to it
    source: Path | None = None
    vocabulary_file: Path | None = None
    # house styles in Vale's format (copydesk/styles.py)
    styles_path: Path | None = None
    styles: tuple[str, ...] = ()
    # LanguageTool's optional pass (copydesk/languagetool.py)
    languagetool: bool = False
    languagetool_url: str | None = None
    languagetool_home: Path | None = None
    languagetool_disabled_rules: tuple[str, ...] = ()
    languagetool_enabled_rules: tuple[str, ...] = ()
    languagetool_spelling: bool = False
    languagetool_timeout: float = 60.0

    def with_cli(self, **overrides) -> Config:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def ignored_for(self, path: str) -> tuple[str, ...]:
        """Selectors switched off for `path` by per-path-ignores."""
        if not self.per_path_ignores or path == "-":
            return ()
        p = Path(path).resolve()
        try:
            rel = p.relative_to(self.root.resolve()).as_posix() if self.root else p.as_posix()
        except ValueError:
            rel = p.as_posix()
        out: list[str] = []
        for pattern, sels in self.per_path_ignores.items():
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(p.name, pattern):
                out.extend(sels)
        return tuple(out)


_KEYS = {
    "select",
    "extend-select",
    "ignore",
    "severity",
    "per-path-ignores",
    "vocabulary",
    "vocabulary-file",
    "language",
    "fail-level",
    "max-file-size",
    "styles-path",
    "styles",
    "languagetool",
    "languagetool-url",
    "languagetool-home",
    "languagetool-disabled-rules",
    "languagetool-enabled-rules",
    "languagetool-spelling",
    "languagetool-timeout",
}


def find_config(start: Path) -> tuple[Path, dict] | None:
    """The nearest .copydesk.toml, or pyproject.toml with a [tool.copydesk] table, upward."""
    d = start if start.is_dir() else start.parent
    for folder in [d, *d.parents]:
        own = folder / ".copydesk.toml"
        if own.is_file():
            return own, _read_toml(own)
        py = folder / "pyproject.toml"
        if py.is_file() and _mentions_copydesk(py):
            table = _read_toml(py).get("tool", {}).get("copydesk")
            if table is not None:
                return py, table
    return None


def _mentions_copydesk(path: Path) -> bool:
    """Whether a pyproject.toml can hold a [tool.copydesk] table: most do not, and parsing TOML
    (importing tomllib alone) costs a pre-commit run 15 ms."""
    try:
        return "copydesk" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True  # let the parser report it


def _read_toml(path: Path) -> dict:
    import tomllib

    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: cannot read configuration: {e}") from None


def _strings(path: Path, key: str, value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: `{key}` must be a list of strings")
    return tuple(value)


def load(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Load the configuration that applies to `start` (default: the working folder)."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: configuration file not found")
        data = _read_toml(explicit)
        if explicit.name == "pyproject.toml":
            data = data.get("tool", {}).get("copydesk", {})
        return from_dict(data, explicit)
    found = find_config((start or Path.cwd()).resolve())
    if found:
        return from_dict(found[1], found[0])
    own = Path.cwd() / "vocabulary.txt"  # no configuration: a vocabulary file in the working folder
    return Config(vocabulary=frozenset(read_vocabulary(own))) if own.is_file() else Config()


def from_dict(data: dict, path: Path) -> Config:
    data = {k.replace("_", "-"): v for k, v in data.items()}
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(_KEYS))})")
    root = path.parent
    kw: dict = {"root": root, "source": path}
    if "select" in data:
        kw["select"] = _strings(path, "select", data["select"])
    if "extend-select" in data:
        kw["extend_select"] = _strings(path, "extend-select", data["extend-select"])
    if "ignore" in data:
        kw["ignore"] = _strings(path, "ignore", data["ignore"])
    if "severity" in data:
        if not isinstance(data["severity"], dict):
            raise ConfigError(f'{path}: `severity` must be a table of CODE = "error"|"warning"|"info"')
        try:
            kw["severity"] = {k: Severity.parse(str(v)) for k, v in data["severity"].items()}
        except ValueError as e:
            raise ConfigError(f"{path}: {e}") from None
    if "per-path-ignores" in data:
        ppi = data["per-path-ignores"]
        if not isinstance(ppi, dict):
            raise ConfigError(f'{path}: `per-path-ignores` must be a table of "glob" = [codes]')
        kw["per_path_ignores"] = {k: _strings(path, f"per-path-ignores.{k}", v) for k, v in ppi.items()}
    words = set(_strings(path, "vocabulary", data.get("vocabulary", [])))
    if "vocabulary-file" in data:
        vf = root / str(data["vocabulary-file"])
        kw["vocabulary_file"] = vf
        if vf.is_file():
            words |= read_vocabulary(vf)
    elif (root / "vocabulary.txt").is_file():
        words |= read_vocabulary(root / "vocabulary.txt")
    kw["vocabulary"] = frozenset(words)
    if "language" in data:
        if data["language"] not in LANGUAGES:
            raise ConfigError(f"{path}: `language` must be one of {', '.join(LANGUAGES)}")
        kw["language"] = data["language"]
    if "fail-level" in data:
        try:
            kw["fail_level"] = Severity.parse(str(data["fail-level"]))
        except ValueError as e:
            raise ConfigError(f"{path}: {e}") from None
    if "max-file-size" in data:
        if not isinstance(data["max-file-size"], int) or data["max-file-size"] <= 0:
            raise ConfigError(f"{path}: `max-file-size` must be a positive number of characters")
        kw["max_file_size"] = data["max-file-size"]
    if "styles-path" in data:
        kw["styles_path"] = root / str(data["styles-path"])
    if "styles" in data:
        kw["styles"] = _strings(path, "styles", data["styles"])
    for key in ("languagetool", "languagetool-spelling"):
        if key in data:
            if not isinstance(data[key], bool):
                raise ConfigError(f"{path}: `{key}` must be true or false")
            kw[key.replace("-", "_")] = data[key]
    if "languagetool-url" in data:
        if not isinstance(data["languagetool-url"], str) or not data["languagetool-url"].startswith(
            ("http://", "https://")
        ):
            raise ConfigError(f"{path}: `languagetool-url` must be an http:// or https:// address")
        kw["languagetool_url"] = data["languagetool-url"]
    if "languagetool-home" in data:
        kw["languagetool_home"] = root / str(data["languagetool-home"])
    if "languagetool-disabled-rules" in data:
        kw["languagetool_disabled_rules"] = _strings(
            path, "languagetool-disabled-rules", data["languagetool-disabled-rules"]
        )
    if "languagetool-enabled-rules" in data:
        kw["languagetool_enabled_rules"] = _strings(
            path, "languagetool-enabled-rules", data["languagetool-enabled-rules"]
        )
    if "languagetool-timeout" in data:
        t = data["languagetool-timeout"]
        if isinstance(t, bool) or not isinstance(t, (int, float)) or t <= 0:
            raise ConfigError(f"{path}: `languagetool-timeout` must be a positive number of seconds")
        kw["languagetool_timeout"] = float(t)
    return Config(**kw)


def read_vocabulary(path: Path) -> set[str]:
    """One word or name a line; blank lines and lines starting with # are skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read vocabulary file: {e}") from None
    return {w.strip() for w in text.splitlines() if w.strip() and not w.lstrip().startswith("#")}


def env_color() -> bool | None:
    """NO_COLOR (any value) turns colour off; FORCE_COLOR turns it on."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return None
