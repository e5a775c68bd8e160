"""The second selection pass: files that import a module of the run that uses a JWT library.

A caller that never mentions JWT (``from app.tokens import decode_unsafely`` ...
``decode_unsafely(t, verify=False)``) is reported at its call site through the helper's
summary, but only if it is analysed, and the byte prefilter skips it. Once the first pass
knows which files of the run are candidates, a file that names one of them in an import
is a candidate too. The test is on bytes, like the prefilter: one regex of every candidate
module's name as an import would spell it (``app.tokens``, ``from app import tokens``,
``from .tokens import``, ``from . import tokens``, ``import tokens`` for a top-level module).
It may admit a file that does not really import the module (a same-named module elsewhere,
an attribute ``x.app.tokens``): the analysis resolves the import and decides; it never
misses a spelling of those imports. One pass only: a file admitted for importing a helper
does not admit its own importers.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Optional

_SUFFIXES = (".py", ".pyi")


def _module_names(path: str) -> Optional[tuple[bytes, Optional[bytes]]]:
    """The module's own name and its package's (None for a top-level module), as bytes."""
    folder, file_name = os.path.split(os.path.abspath(path))
    stem = file_name.rsplit(".", 1)[0]
    if stem == "__init__":  # the package itself
        folder, stem = os.path.split(folder)
    if not stem.isidentifier():
        return None
    package = os.path.basename(folder)
    in_package = package.isidentifier() and os.path.exists(os.path.join(folder, "__init__.py"))
    return stem.encode(), package.encode() if in_package else None


def _spellings(name: bytes, package: Optional[bytes]) -> list[bytes]:
    """Regex bodies for the ways an import statement can name the module."""
    module = re.escape(name)
    names_it = rb"[ \t]+import[ \t]*(?:\([^)]*|[^\n]*)\b" + module + rb"\b"
    spellings = [rb"from[ \t]+\.+" + module + rb"\b", rb"from[ \t]+\.+" + names_it]
    if package is None:
        spellings.append(rb"(?:from|import)[ \t]+" + module + rb"\b")
        spellings.append(rb"import[ \t]+[\w., \t]*\b" + module + rb"\b")
    else:
        spellings.append(rb"\b" + re.escape(package) + rb"\." + module + rb"\b")
        spellings.append(rb"from[ \t]+[\w.]*\b" + re.escape(package) + names_it)
    return spellings


class ImportersOf:
    """Tells whether a file's bytes import any of the given modules (see the module docstring)."""

    def __init__(self, modules: Iterable[str]) -> None:
        bodies: set[bytes] = set()
        for path in modules:
            if path.endswith(_SUFFIXES):
                names = _module_names(path)
                if names is not None:
                    bodies.update(_spellings(*names))
        self._pattern = re.compile(b"|".join(sorted(bodies))) if bodies else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def imports_one(self, data: bytes) -> bool:
        return self._pattern is not None and self._pattern.search(data) is not None
