"""Allow ``python -m jwtlint``.

``python -m`` puts the working directory first on ``sys.path``; run from a project
root, the project's own ``tomllib.py`` or ``hashlib.py`` (or a ``libcst/``) would be
imported instead of the real ones. jwtlint never imports the code it checks, so
that entry goes before anything else is imported.
"""

import os
import sys


def _is_working_directory(entry: str) -> bool:
    try:
        return entry in ("", os.curdir) or os.path.samefile(entry, os.curdir)
    except OSError:  # a deleted working directory: nothing can be imported from it anyway
        return entry in ("", os.curdir)


if sys.path and _is_working_directory(sys.path[0]):
    del sys.path[0]

from jwtlint.cli import entry_point  # noqa: E402 - only after sys.path is cleaned

entry_point()
