"""The budget table: each line a measured figure, its bound, PASS or MISS.

A figure is a ratio of two commands measured in the same run (or, for the
pre-commit runs and memory, an absolute figure), so that a line means the
same on any machine; what a bound means is in ``benchmarks/README.md``.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import dataclass

#: How each kind of bound compares the measured figure with it.
BOUNDS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, "=": operator.eq}


@dataclass(frozen=True)
class Line:
    what: str
    measured: float
    bound: str        # one of BOUNDS
    limit: float
    unit: str = "x"   # "x" for a ratio, else the unit of an absolute figure
    note: str = ""

    @property
    def passed(self) -> bool:
        return BOUNDS[self.bound](self.measured, self.limit)

    def cells(self) -> tuple[str, str, str, str]:
        return (self.what, _figure(self.measured, self.unit), f"{self.bound} {_figure(self.limit, self.unit)}",
                "PASS" if self.passed else "MISS")


def _figure(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "files":
        return f"{value:.0f}"
    return f"{value:.3g} {unit}" if unit == "s" else f"{value:.0f} {unit}"


def table(lines: Iterable[Line]) -> str:
    """A Markdown table (the README quotes it as printed), notes after it."""
    lines = list(lines)
    rows = [("budget line", "measured", "budget", "")] + [line.cells() for line in lines]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    text = ["| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |" for row in rows]
    text.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    notes = [f"- {line.what}: {line.note}" for line in lines if line.note]
    return "\n".join(text + ([""] + notes if notes else []))


def summary(lines: Iterable[Line]) -> str:
    lines = list(lines)
    missed = [line.what for line in lines if not line.passed]
    return f"{len(lines) - len(missed)} of {len(lines)} budget lines pass" + (
        f"; missed: {', '.join(missed)}" if missed else "")
