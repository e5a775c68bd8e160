"""Known placeholder secrets: the values tutorials, docs and generators put in key positions.

The list is data (``jwtlint/data/placeholder_secrets.txt``) so that it can grow
without code changes; users add their own with ``[tool.jwtlint.secrets]
extra-placeholders``. Matching is case-insensitive after stripping: exact
values, prefixes (``django-insecure-``), and, at lower confidence, values that
merely *look* like placeholders because they contain a word such as
``change`` or ``example``.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Optional, Union

_DATA_FILE = "placeholder_secrets.txt"
#: Words that mark a value as something meant to be replaced (heuristic, lower confidence).
PLACEHOLDER_WORDS = ("change", "replace", "example", "dummy", "placeholder", "todo", "xxx")


@dataclass(frozen=True)
class PlaceholderList:
    exact: frozenset[str]
    prefixes: tuple[str, ...]


@dataclass(frozen=True)
class PlaceholderMatch:
    """Why a value is a placeholder; ``heuristic`` means "looks like one" rather than "is a known one"."""

    reason: str
    heuristic: bool = False


@cache
def shipped_placeholders() -> PlaceholderList:
    return parse_placeholders(_data_lines())


def parse_placeholders(lines: Iterable[str]) -> PlaceholderList:
    """Read the data file format (see the file's header); user extras are plain exact values."""
    exact: set[str] = set()
    prefixes: list[str] = []
    for kind, value in _entries(lines):
        if kind == "prefix":
            prefixes.append(_normal(value))
        else:
            exact.add(_normal(value))
    return PlaceholderList(frozenset(exact), tuple(prefixes))


@cache
def placeholder_secrets() -> tuple[bytes, ...]:
    """The exact placeholder values as published, case kept, as HMAC key bytes: candidates to crack a token with.

    An escaped value stands for bytes (Flask's quickstart key is not UTF-8), so
    each of its characters is one byte; the others are UTF-8 text. A prefix
    is tried as a whole value (jwt.io's default secret is its prefix entry).
    """
    return tuple(value.encode("latin-1") if kind == "escaped" else value.encode("utf-8")
                 for kind, value in _entries(_data_lines()))


def _data_lines() -> list[str]:
    return resources.files("jwtlint").joinpath("data").joinpath(_DATA_FILE).read_text(encoding="utf-8").splitlines()


def _entries(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(kind, value) per entry of the data file: kind is "exact", "prefix" or "escaped" (value unescaped)."""
    for line in lines:
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry.startswith("prefix:"):
            yield "prefix", entry[len("prefix:"):].strip()
        elif entry.startswith("escaped:"):
            yield "escaped", codecs.decode(entry[len("escaped:"):].strip(), "unicode_escape")
        else:
            yield "exact", entry


def match_placeholder(value: Union[str, bytes], extra: Iterable[str] = ()) -> Optional[PlaceholderMatch]:
    """Whether ``value`` is a known or apparent placeholder secret."""
    text = _normal(value)
    if not text:
        return None
    known = shipped_placeholders()
    if text in known.exact or text in {_normal(item) for item in extra}:
        return PlaceholderMatch("a published placeholder secret")
    for prefix in known.prefixes:
        if text.startswith(prefix):
            return PlaceholderMatch(f"a published placeholder secret (starts with {prefix!r})")
    for word in PLACEHOLDER_WORDS:
        if word in text:
            return PlaceholderMatch(f"a placeholder-like value (contains {word!r})", heuristic=True)
    return None


def _normal(value: Union[str, bytes]) -> str:
    """Bytes are read as UTF-8 when they are, else as Latin-1 (Flask's quickstart key is not UTF-8)."""
    if isinstance(value, str):
        return value.strip().casefold()
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        text = value.decode("latin-1")
    return text.strip().casefold()
