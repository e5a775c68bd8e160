"""Fuzzing inputs shared by the fuzz test and ``scripts/fuzz.py``: mutants of the fixtures, and the check.

A mutant deletes, duplicates or swaps lines or tokens of a fixture: realistic JWT code broken in
the ways editors and merges break it, which reaches deeper into the rules than random programs do.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

from jwtlint.config import Config
from jwtlint.engine import Settings, analyze_source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")


def fixture_sources() -> list[str]:
    return [path.read_text(encoding="utf-8", errors="replace") for path in sorted(FIXTURES.rglob("*.py"))]


def mutate(text: str, rng: random.Random) -> str:
    """One random edit: delete, duplicate or swap, of lines or of tokens."""
    unit = rng.choice(("line", "token"))
    parts = text.splitlines(keepends=True) if unit == "line" else _TOKEN.findall(text)
    if len(parts) < 2:
        return text
    i, j = rng.randrange(len(parts)), rng.randrange(len(parts))
    edit = rng.choice(("delete", "duplicate", "swap"))
    if edit == "delete":
        del parts[i]
    elif edit == "duplicate":
        parts.insert(j, parts[i])
    else:
        parts[i], parts[j] = parts[j], parts[i]
    return "".join(parts)


def mutants(count: int, seed: int) -> Iterator[str]:
    """``count`` mutants, each of one to three edits of a fixture, the same for the same seed."""
    rng = random.Random(seed)
    sources = fixture_sources()
    for _ in range(count):
        text = rng.choice(sources)
        for _ in range(rng.randint(1, 3)):
            text = mutate(text, rng)
        yield text


def settings() -> Settings:
    """Every rule on, opt-in ones too, so that every rule meets every mutant."""
    return Settings(Config(select=("ALL",), root=FIXTURES))


def internal_error(source: str, run_settings: Settings, name: str = "fuzzed.py") -> str | None:
    """The traceback of an internal error analysing ``source``, or None (a JWT001 is not one)."""
    result = analyze_source(source.encode("utf-8", "surrogatepass"), name, run_settings)
    return result.internal_error
