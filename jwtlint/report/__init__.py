"""Output formats. Each module renders a whole :class:`~jwtlint.engine.Report` to text.

A format is a module with ``render(report, view) -> str``; add a format by
adding a module and a line to :data:`FORMATS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Callable, Optional

FORMATS = {
    "concise": "concise",
    "full": "full",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
}


@dataclass(frozen=True)
class View:
    """How the caller wants things shown."""

    color: bool = False
    #: Show the source excerpts findings carry (full format).
    show_source: bool = True
    #: What ``--baseline`` matched and found stale (``{"matched", "stale"}``); None without one.
    baseline: Optional[dict] = None


def renderer(name: str) -> Callable:
    return import_module(f"jwtlint.report.{FORMATS[name]}").render
