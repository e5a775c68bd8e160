"""``[tool.jwtlint]`` in ``pyproject.toml``: discovery, validation, defaults.

The CLI, the pytest plugin and the pre-commit hook all read configuration
through :func:`load_config`, so they always agree. Every error names the
file, the key and what was expected, and is never mistaken for a clean run.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from jwtlint.safe_read import DEFAULT_SOURCE_LIMIT, SMALL_FILE_LIMIT, read_bytes

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on older interpreters only
    import tomli as tomllib

#: Seconds one file's analysis may take (``file-timeout``); ordinary files take well under one.
DEFAULT_FILE_TIMEOUT = 60.0

DEFAULT_EXCLUDES = (
    ".git", ".hg", ".svn", ".bzr", ".tox", ".nox", ".venv", "venv", ".direnv", ".pyenv",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".jwtlint_cache",
    "build", "dist", "node_modules", "site-packages", "*.egg-info", ".eggs", "__pypackages__",
)
#: Test code: read for the project index, reported only with ``include-tests`` (test keys and
#: tokens built to test rejection are expected there; semgrep and GitHub code scanning hide them too).
DEFAULT_TEST_PATHS = ("tests/*", "test/*", "testing/*", "*/tests/*", "*/test/*", "*/testing/*",
                      "test_*.py", "*_test.py", "tests.py", "tests_*.py", "tests-*.py", "*_tests.py",
                      "conftest.py")
#: Example and docs code: reported one severity lower, since tutorials are copied into applications.
DEFAULT_EXAMPLE_PATHS = ("examples/*", "*/examples/*", "example/*", "*/example/*", "docs/*", "*/docs/*",
                         "docs_src/*", "*/docs_src/*")

#: Top-level keys: name -> (type, help).
_KEYS = {
    "select": ("list[str]", "rule codes or prefixes to enable"),
    "extend-select": ("list[str]", "codes or prefixes enabled on top of select"),
    "ignore": ("list[str]", "codes or prefixes to disable"),
    "exclude": ("list[str]", "glob patterns replacing the default excludes"),
    "extend-exclude": ("list[str]", "glob patterns excluded on top of exclude"),
    "per-file-ignores": ("dict[str, list[str]]", "glob pattern -> codes ignored in matching files"),
    "respect-gitignore": ("bool", "skip files that .gitignore files exclude"),
    "force-exclude": ("bool", "apply excludes to paths named on the command line too"),
    "pyjwt-version": ("str", 'the PyJWT major version in use, "1" or "2" (default: from dependency pins)'),
    "test-paths": ("list[str]", "glob patterns of test code, not reported unless include-tests is on"),
    "include-tests": ("bool", "also report findings in test paths"),
    "example-paths": ("list[str]", "glob patterns of example and docs code, reported one severity lower"),
    "lower-severity-in-tests": ("bool", "lower the severity of findings in test and example paths by one step"),
    "max-file-size": ("int", "largest source file analysed, in bytes; a larger one that mentions JWT is reported as JWT001"),
    "file-timeout": ("float", "seconds one file's analysis may take before it is reported as JWT001"),
}
#: Ranges of numeric keys: name -> (lowest, highest).
_RANGES = {"max-file-size": (1, 1024 * 1024 * 1024), "file-timeout": (0.1, 24 * 3600)}


class ConfigError(Exception):
    """A configuration problem; the message says where and what was expected."""


@dataclass
class Config:
    select: tuple[str, ...] = ("JWT",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    respect_gitignore: bool = True
    force_exclude: bool = False
    pyjwt_version: str = ""
    test_paths: tuple[str, ...] = DEFAULT_TEST_PATHS
    include_tests: bool = False
    example_paths: tuple[str, ...] = DEFAULT_EXAMPLE_PATHS
    lower_severity_in_tests: bool = True
    max_file_size: int = DEFAULT_SOURCE_LIMIT
    file_timeout: float = DEFAULT_FILE_TIMEOUT
    #: "section.key" -> value, for rule options.
    rule_options: dict[str, Any] = field(default_factory=dict)
    #: The file the configuration came from, if any, and the project root.
    source: Optional[Path] = None
    root: Path = field(default_factory=Path.cwd)

    def fingerprint(self) -> str:
        """A stable text that changes whenever anything affecting results changes (for caches)."""
        items = {k: v for k, v in sorted(vars(self).items()) if k not in ("source", "root")}
        return repr(items)


def find_config_file(start: Path) -> Optional[Path]:
    """The nearest ``pyproject.toml`` from ``start`` upwards that has a ``[tool.jwtlint]`` table."""
    current = start.resolve()
    for directory in (current, *current.parents):
        candidate = directory / "pyproject.toml"
        if candidate.exists():  # a FIFO or a device here is an error, not a file to skip
            try:
                data = _read_toml(candidate)
            except ConfigError:
                raise
            if "jwtlint" in _tool_table(data, candidate):
                return candidate
    return None


def load_config(start: Optional[Path] = None, explicit: Optional[Path] = None) -> Config:
    """Configuration for a run over files in ``start`` (default: the working directory).

    Without a ``[tool.jwtlint]`` table the project root is the nearest folder above ``start``
    with a project marker (see :mod:`jwtlint.roots`).
    """
    from jwtlint.roots import project_root

    start = start or Path.cwd()
    path = explicit if explicit is not None else find_config_file(start)
    if path is None:
        return Config(root=project_root(start))
    if not path.is_file():
        what = "is not a regular file" if path.exists() else "configuration file not found"
        raise ConfigError(f"{path}: {what}")
    data = _read_toml(path)
    table = _tool_table(data, path).get("jwtlint")
    if table is None:
        if explicit is not None:
            return Config(source=path, root=path.parent.resolve())
        return Config(root=project_root(start))
    return parse_table(table, path)


def _read_toml(path: Path) -> dict:
    try:
        text = read_bytes(path, SMALL_FILE_LIMIT).decode("utf-8")
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text (byte {error.start}); TOML files must be UTF-8") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    except ValueError:  # an integer of more digits than Python converts
        raise ConfigError(f"{path}: invalid TOML: an integer of more than 4,300 digits") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None


def _tool_table(data: dict, path: Path) -> dict:
    """The ``[tool]`` table; anything else under that name is an error, not a crash."""
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: 'tool' must be a table, got {type(tool).__name__} {tool!r}")
    return tool


def parse_table(table: dict, path: Path) -> Config:
    from jwtlint.rules.catalog import OPTIONS

    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.jwtlint] must be a table")
    specs = {(spec.section, spec.key): spec for spec in OPTIONS}
    sections = {section for section, _ in specs}
    config = Config(source=path, root=path.parent.resolve())
    for key, value in table.items():
        if key in sections:
            _parse_section(config, path, key, value, specs)
            continue
        if key not in _KEYS:
            raise ConfigError(_unknown_key(path, "tool.jwtlint", key, [*_KEYS, *sections]))
        expected, _help = _KEYS[key]
        checked = _check_type(path, f"tool.jwtlint.{key}", value, expected)
        if key == "pyjwt-version" and checked not in ("1", "2"):
            raise ConfigError(f"{path}: 'tool.jwtlint.pyjwt-version' must be \"1\" or \"2\", got {checked!r}")
        if key in ("select", "extend-select", "ignore"):
            _check_codes(path, key, checked, ignoring=key == "ignore")
        if key in _RANGES:
            _check_range(path, key, checked)
        setattr(config, key.replace("-", "_"), tuple(checked) if isinstance(checked, list) else checked)
    if isinstance(config.per_file_ignores, dict):
        config.per_file_ignores = {pattern: tuple(codes) for pattern, codes in config.per_file_ignores.items()}
        for codes in config.per_file_ignores.values():
            _check_codes(path, "per-file-ignores", list(codes), ignoring=True)
    return config


def _parse_section(config: Config, path: Path, section: str, value: Any, specs) -> None:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: 'tool.jwtlint.{section}' must be a table")
    for key, option_value in value.items():
        spec = specs.get((section, key))
        if spec is None:
            raise ConfigError(_unknown_key(path, f"tool.jwtlint.{section}", key,
                                           [k for s, k in specs if s == section]))
        name = f"tool.jwtlint.{section}.{key}"
        checked = _check_type(path, name, option_value, spec.type)
        if spec.minimum is not None and checked < spec.minimum:
            raise ConfigError(f"{path}: '{name}' must be at least {spec.minimum}, got {checked!r}")
        config.rule_options[f"{section}.{key}"] = checked


def _unknown_key(path: Path, table: str, key: str, known: list[str]) -> str:
    """The message for a key that does not exist, with the closest one (``extend_select``)."""
    close = difflib.get_close_matches(key.replace("_", "-").lower(), known, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"{path}: unknown key '{table}.{key}'{hint} (known keys: {', '.join(sorted(known))})"


def _check_type(path: Path, name: str, value: Any, expected: str) -> Any:
    ok = {
        "bool": lambda v: isinstance(v, bool),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "str": lambda v: isinstance(v, str),
        "list[str]": lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
        "dict[str, list[str]]": lambda v: isinstance(v, dict) and all(
            isinstance(i, list) and all(isinstance(c, str) for c in i) for i in v.values()),
    }[expected](value)
    if not ok:
        raise ConfigError(f"{path}: '{name}' must be {_describe(expected)}, got {type(value).__name__} {value!r}")
    return value


def _check_range(path: Path, key: str, value: float) -> None:
    lowest, highest = _RANGES[key]
    if not lowest <= value <= highest:
        raise ConfigError(f"{path}: 'tool.jwtlint.{key}' must be between {lowest} and {highest}, got {value!r}")


def _describe(expected: str) -> str:
    return {
        "bool": "true or false",
        "int": "an integer",
        "float": "a number",
        "str": "a string",
        "list[str]": "a list of strings",
        "dict[str, list[str]]": "a table of glob pattern = [list of codes]",
    }[expected]


def _check_codes(path: Path, key: str, codes: list[str], ignoring: bool = False) -> None:
    from jwtlint.selection import ignore_problem, selector_problem

    for code in codes:
        problem = ignore_problem(code) if ignoring else selector_problem(code)
        if problem is not None:
            raise ConfigError(f"{path}: 'tool.jwtlint.{key}': {problem}")
