"""The second selection pass: files that import a module of the run that uses a JWT library.

A caller that never mentions JWT (``from app.tokens import decode_unsafely`` ...
``decode_unsafely(t, verify=False)``) is reported at its call site through the helper's
summary, but only if it is analysed, and the byte prefilter skips it. Once the first pass
knows which files of the run are candidates, a file that imports one of them is a candidate
too. The test is on bytes, like the prefilter: one scan for import statements, each resolved
as Python would name the module (``app.tokens``, ``from app import tokens``, ``import tokens``
for a top-level module), a relative import (``from .tokens import``, ``from . import tokens``)
against the importing file's own folder. An absolute import is matched by the module's
dotted name from any package level up (the run does not know where ``sys.path`` starts), so
a same-named module elsewhere may be admitted: the analysis resolves the import and decides.
One pass only: a file admitted for importing a helper does not admit its own importers.

A scan over the import statements, rather than one pattern of every module's spellings,
keeps the cost per file independent of how many modules the run has: with a thousand
candidate modules that pattern took 10 ms a file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from typing import Optional

_SUFFIXES = (".py", ".pyi")

#: An import statement: ``from <dots><base> import <names>`` (parenthesised or continued with
#: backslashes over several lines) or ``import <modules>``. Comments and strings that happen to
#: read like one only cost a lookup.
_IMPORT = re.compile(
    rb"(?<![\w.])(?:from[ \t]+(?P<dots>\.*)[ \t]*(?P<base>[\w.]*)[ \t]+import[ \t]*"
    rb"(?P<names>\([^)]*\)|[^\n;#\\]*(?:\\\r?\n[^\n;#\\]*)*)"
    rb"|import[ \t]+(?P<modules>[^\n;#\\]*(?:\\\r?\n[^\n;#\\]*)*))")
_SEPARATORS = re.compile(rb"[,()\\\s]+")


def _module_key(path: str) -> Optional[tuple[str, list[str]]]:
    """A module file as (its path without the suffix, the package's folder for ``__init__``) and
    the dotted names it is imported by: from each package level up, at least ``package.module``;
    a top-level module by its own name."""
    folder, file_name = os.path.split(os.path.abspath(path))
    stem = file_name.rsplit(".", 1)[0]
    if stem == "__init__":  # the package itself
        folder, stem = os.path.split(folder)
    if not stem.isidentifier():
        return None
    parts = [stem]
    while os.path.basename(folder).isidentifier() and os.path.exists(os.path.join(folder, "__init__.py")):
        folder, package = os.path.split(folder)
        parts.insert(0, package)
    names = [".".join(parts[start:]) for start in range(len(parts) - 1)] if len(parts) > 1 else parts
    return os.path.join(folder, *parts), names


def _names(listed: bytes) -> Iterator[str]:
    """The module or member names of an import list, without ``as`` aliases."""
    words = [word for word in _SEPARATORS.split(listed) if word]
    after_as = False
    for word in words:
        if word == b"as":
            after_as = True
            continue
        if not after_as:
            yield word.decode("ascii", "replace")
        after_as = False


class ImportersOf:
    """Tells whether a file's bytes import any of the given modules (see the module docstring)."""

    def __init__(self, modules: Iterable[str]) -> None:
        self._paths: set[str] = set()
        self._dotted: set[str] = set()
        for path in modules:
            if path.endswith(_SUFFIXES):
                found = _module_key(path)
                if found is not None:
                    self._paths.add(found[0])
                    self._dotted.update(found[1])

    def __bool__(self) -> bool:
        return bool(self._paths)

    def imports_one(self, data: bytes, path: str) -> bool:
        """Whether ``data``, the bytes of the file at ``path``, imports one of the modules."""
        if not self._paths:
            return False
        folder = os.path.dirname(os.path.abspath(path))
        for statement in _IMPORT.finditer(data):
            if statement["modules"] is not None:
                if any(name in self._dotted for name in _names(statement["modules"])):
                    return True
            elif statement["dots"]:
                if self._relative(folder, statement["dots"], statement["base"], statement["names"]):
                    return True
            elif self._absolute(statement["base"].decode("ascii", "replace"), statement["names"]):
                return True
        return False

    def _absolute(self, base: str, names: bytes) -> bool:
        if base in self._dotted:
            return True
        return any(f"{base}.{name}" in self._dotted for name in _names(names))

    def _relative(self, folder: str, dots: bytes, base: bytes, names: bytes) -> bool:
        for _ in range(len(dots) - 1):
            folder = os.path.dirname(folder)
        module = os.path.join(folder, *base.decode("ascii", "replace").split(".")) if base else folder
        if base and module in self._paths:
            return True
        return any(os.path.join(module, name) in self._paths for name in _names(names))
