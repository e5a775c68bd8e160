"""Where a project begins: found from the scanned paths, never from the working directory.

A run's results must not depend on where it is started: ``cd ~ && jwtlint check
work/project`` sees what ``jwtlint check .`` sees inside it. The project root is
the nearest folder at or above the scanned paths that holds a ``pyproject.toml``,
a ``setup.cfg`` or a ``.git``; configuration is searched upwards from there,
and per-file ignores, test paths and excludes match paths relative to it.

The same markers bound each file's own project (a monorepo holds several): its
import roots are that folder and a ``src/`` folder in it, the places an absolute
``import jwt`` can reach a module of the project rather than the library.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Optional

#: Files or folders whose presence makes a folder a project root.
MARKERS = ("pyproject.toml", "setup.cfg", ".git")


def scan_start(paths: Sequence[str], stdin_filename: Optional[str] = None) -> Path:
    """The folder the scanned paths have in common (for standard input: the folder of
    ``--stdin-filename``, else the working directory)."""
    if "-" in paths:
        if not stdin_filename:
            return Path.cwd()
        return Path(os.path.abspath(stdin_filename)).parent
    folders = []
    for raw in paths or ["."]:
        absolute = os.path.abspath(raw)
        folders.append(absolute if os.path.isdir(absolute) else os.path.dirname(absolute))
    try:
        return Path(os.path.commonpath(folders))
    except ValueError:  # nothing in common (different drives)
        return Path.cwd()


def project_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding a marker; ``start`` itself if none does."""
    found = find_marked_ancestor(str(start.resolve()))
    return Path(found) if found is not None else start.resolve()


def find_marked_ancestor(directory: str, stop: str = "") -> Optional[str]:
    """The nearest folder from ``directory`` upwards holding a marker, going no higher than
    ``stop`` (when ``directory`` is below it); None if there is none."""
    current = directory
    while True:
        if any(os.path.exists(os.path.join(current, marker)) for marker in MARKERS):
            return current
        parent = os.path.dirname(current)
        if current == stop or parent == current:
            return None
        current = parent


#: The same, remembered per folder for a run's many files (a Project clears it when it starts).
marked_ancestor = lru_cache(maxsize=4096)(find_marked_ancestor)


def is_within(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or below it (whole path components, not a string prefix)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
