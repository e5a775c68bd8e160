"""Import jwtlint's engine without letting the project under test shadow its dependencies.

pytest puts the project on ``sys.path`` (the working directory under ``python -m pytest``,
the rootdir for its conftest.py), so a project's own ``libcst/`` or ``hashlib.py`` would be
imported in place of the real one the first time the engine loads. While the engine is
imported those entries are taken off ``sys.path``, except the one jwtlint itself comes from
(an editable install of jwtlint inside the project being tested); the project's own imports
are unaffected afterwards.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


def _same(entry: str, directory: str) -> bool:
    try:
        return os.path.samefile(entry or os.curdir, directory)
    except OSError:
        return False


@contextmanager
def without_project_paths(*directories: str) -> Iterator[None]:
    """``sys.path`` without '' and the entries that are one of ``directories``, inside the block."""
    import jwtlint  # light: its package root imports nothing

    own = os.path.dirname(os.path.dirname(os.path.abspath(jwtlint.__file__)))
    saved = list(sys.path)
    sys.path[:] = [entry for entry in saved if entry == own or not (
        entry in ("", os.curdir) or any(_same(entry, directory) for directory in directories))]
    try:
        yield
    finally:
        sys.path[:] = saved
