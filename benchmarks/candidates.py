"""jwtlint's candidates of a tree: the files ``jwtlint check .`` would analyse there.

It walks, skips test code and prefilters exactly as a run with default options
does (the same Walker, Settings and Prefilter), so that the scripts measuring
parsing alone (``parse_only.py``) and each file's cost (``file_costs.py``) work
on the very files jwtlint analyses. Run from the tree's root: the configuration
is found from the working directory, as jwtlint finds it.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from jwtlint.config import load_config
from jwtlint.engine import Settings
from jwtlint.files import Walker


class Candidate(NamedTuple):
    display: str
    real: str
    data: bytes


def settings_here() -> Settings:
    return Settings(load_config(Path.cwd()))


def candidates(settings: Settings, root: str = ".") -> list[Candidate]:
    targets, _errors = Walker(settings.config).walk([root])
    found = []
    for target in targets:
        if not settings.reports_on(target.display):
            continue
        data = Path(target.path).read_bytes()
        if b"\0" in data or settings.prefilter.wants(data):
            found.append(Candidate(target.display, str(target.path), data))
    return found
