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

``from <module> import <names>`` admits a file only when one of the names is something a
call site can reach a library through: a top-level function or class of the module, a
top-level name bound to a call (an instance, ``backend = TokenBackend(...)``), or a name
the module imports itself (a re-export). A file that takes only a constant from a JWT
module (``from app.settings import PAGE_SIZE``) is not admitted: a constant is resolved
through the project index wherever a candidate uses it, and at a sink in a file that
never names JWT there is no library call to use it in. The module's bytes are read for
this only when some file names it.

A scan over the import statements, rather than one pattern of every module's spellings,
keeps the cost per file independent of how many modules the run has: with a thousand
candidate modules that pattern took 10 ms a file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from typing import Callable, Optional

_SUFFIXES = (".py", ".pyi")

#: An import statement: ``from <dots><base> import <names>`` (parenthesised or continued with
#: backslashes over several lines) or ``import <modules>``. Comments and strings that happen to
#: read like one only cost a lookup.
_IMPORT = re.compile(
    rb"(?<![\w.])(?:from[ \t]+(?P<dots>\.*)[ \t]*(?P<base>[\w.]*)[ \t]+import[ \t]*"
    rb"(?P<names>\([^)]*\)|[^\n;#\\]*(?:\\\r?\n[^\n;#\\]*)*)"
    rb"|import[ \t]+(?P<modules>[^\n;#\\]*(?:\\\r?\n[^\n;#\\]*)*))")
_SEPARATORS = re.compile(rb"[,()\\\s]+")
#: The top-level names of a module that a call site may reach a library through (see above).
_REACHABLE = re.compile(rb"^(?:(?:async[ \t]+)?(?:def|class)[ \t]+(?P<defined>\w+)"
                        rb"|(?P<bound>\w+)[ \t]*(?::[^=\n]*)?=[ \t]*[\w.]+[ \t]*\()", re.M)

Reader = Callable[[str], Optional[bytes]]


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

    def __init__(self, modules: Iterable[tuple[str, Optional[bytes]]], read: Reader) -> None:
        """``modules``: each module's path, and its bytes when the run still holds them (else
        ``read`` fetches them, or None for a file that cannot be read: every name counts)."""
        self._paths: dict[str, str] = {}  # module key -> the file
        self._dotted: dict[str, set[str]] = {}  # dotted name -> module keys
        self._held: dict[str, Optional[bytes]] = {}
        self._reachable: dict[str, Optional[frozenset[str]]] = {}
        self._read = read
        for path, data in modules:
            if path.endswith(_SUFFIXES):
                found = _module_key(path)
                if found is not None:
                    self._paths[found[0]] = path
                    if data is not None:
                        self._held[found[0]] = data
                    for dotted in found[1]:
                        self._dotted.setdefault(dotted, set()).add(found[0])

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
        listed = list(_names(names))
        if any(f"{base}.{name}" in self._dotted for name in listed):
            return True  # a module of the package
        return any(self._reaches(key, listed) for key in self._dotted.get(base, ()))

    def _relative(self, folder: str, dots: bytes, base: bytes, names: bytes) -> bool:
        for _ in range(len(dots) - 1):
            folder = os.path.dirname(folder)
        module = os.path.join(folder, *base.decode("ascii", "replace").split(".")) if base else folder
        listed = list(_names(names))
        if any(os.path.join(module, name) in self._paths for name in listed):
            return True
        return bool(base) and module in self._paths and self._reaches(module, listed)

    def _reaches(self, key: str, names: list[str]) -> bool:
        """Whether one of ``names`` imported from the module ``key`` may lead a call to a library."""
        if key not in self._reachable:
            data = self._held.pop(key, None)
            if data is None:
                data = self._read(self._paths[key])
            self._reachable[key] = None if data is None else _reachable_names(data)
        reachable = self._reachable[key]
        return reachable is None or any(name == "*" or name in reachable for name in names)


def _reachable_names(data: bytes) -> frozenset[str]:
    """A module's top-level functions, classes and call-bound names, and every name it imports."""
    found = {(match["defined"] or match["bound"]).decode("ascii", "replace") for match in _REACHABLE.finditer(data)}
    for statement in _IMPORT.finditer(data):
        listed = statement["names"] if statement["modules"] is None else statement["modules"]
        # Names and aliases alike: ``from .codec import decode as lenient`` re-exports ``lenient``.
        found.update(word.decode("ascii", "replace") for word in _SEPARATORS.split(listed) if word)
    return frozenset(found)
