"""What the scanned project as a whole tells about one file.

Constants imported from other modules of the project (``from .settings import
JWT_OPTIONS``), local modules that shadow a library name (a ``jwt.py`` next to
the file), and the PyJWT major version pinned in the project's dependency
files. Other modules are parsed at most once and only when a name from them
is actually needed.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

from jwtlint.semantics.values import AnyValue, ModuleRef

#: Dependency files read for a PyJWT pin, nearest first.
_DEPENDENCY_FILES = ("pyproject.toml", "setup.cfg", "setup.py", "Pipfile", "requirements.txt",
                     "requirements.in", "requirements/base.txt", "requirements/prod.txt")
_PIN = re.compile(rb"(?i)\bpyjwt\b[^\n,;]*?(==|~=|<=|<|>=|>)\s*['\"]?\s*(\d+)(?:\.(\d+))?")


class Project:
    """Resolves imports to files of the scanned tree and caches their module-level values."""

    def __init__(self, root: Path, pyjwt_major: str = "") -> None:
        self.root = root.resolve() if root.exists() else root
        self._pyjwt_major = pyjwt_major
        self._scopes: dict[str, Optional[object]] = {}
        self._in_progress: set[str] = set()

    # -- versions -----------------------------------------------------------

    def pyjwt_major(self, path: str) -> str:
        """"1", "2" or "" (unknown) for the file at ``path``.

        The configured version wins; otherwise the nearest dependency file,
        from the file's folder up to the project root, that pins PyJWT.
        """
        if self._pyjwt_major:
            return self._pyjwt_major
        start = os.path.dirname(os.path.abspath(path))
        return _pinned_major(start, str(self.root))

    # -- module files ---------------------------------------------------------

    def find_relative(self, from_file: str, level: int, dotted: str) -> Optional[str]:
        base = Path(from_file).resolve().parent
        for _ in range(level - 1):
            base = base.parent
        return _module_file(str(base), dotted)

    def find_absolute(self, from_file: str, dotted: str) -> Optional[str]:
        """A module of the project reachable as ``dotted`` from the file's folder or an ancestor."""
        return _find_upwards(str(Path(from_file).resolve().parent), str(self.root), dotted)

    def shadows(self, from_file: str, top: str) -> Optional[str]:
        """A local module named like a library next to the file (first on ``sys.path`` for scripts)."""
        return _module_file(str(Path(from_file).resolve().parent), top)

    def module_ref(self, path: str, dotted: str) -> ModuleRef:
        return ModuleRef(path=path, dotted=dotted)

    def module_constant(self, path: str, name: str) -> Optional[AnyValue]:
        scope = self._module_scope(path)
        if scope is None:
            return None
        return scope.bindings.get(name)

    def _module_scope(self, path: str):
        if path in self._scopes:
            return self._scopes[path]
        if path in self._in_progress:
            return None
        self._in_progress.add(path)
        try:
            from jwtlint.semantics.prepass import module_scope_of_file

            scope = module_scope_of_file(self, path)
        finally:
            self._in_progress.discard(path)
        self._scopes[path] = scope
        return scope


@lru_cache(maxsize=4096)
def _module_file(base: str, dotted: str) -> Optional[str]:
    candidate = os.path.join(base, *dotted.split("."))
    if os.path.isfile(candidate + ".py"):
        return candidate + ".py"
    init = os.path.join(candidate, "__init__.py")
    if os.path.isfile(init):
        return init
    return None


@lru_cache(maxsize=4096)
def _find_upwards(start: str, root: str, dotted: str) -> Optional[str]:
    current = start
    while True:
        found = _module_file(current, dotted)
        if found:
            return found
        parent = os.path.dirname(current)
        if current == root or parent == current or not current.startswith(root):
            return None
        current = parent


@lru_cache(maxsize=1024)
def _pinned_major(directory: str, root: str) -> str:
    for name in _DEPENDENCY_FILES:
        try:
            with open(os.path.join(directory, name), "rb") as handle:
                major = _major_from_pins(handle.read())
        except OSError:
            continue
        if major:
            return major
    parent = os.path.dirname(directory)
    if directory == root or parent == directory or not directory.startswith(root):
        return ""
    return _pinned_major(parent, root)


def _major_from_pins(data: bytes) -> str:
    for match in _PIN.finditer(data):
        operator, major, minor = match.group(1), int(match.group(2)), match.group(3)
        if operator in (b"==", b"~=", b"<="):
            return "1" if major < 2 else "2"
        if operator == b"<":
            return "1" if major <= 2 and not (major == 2 and minor not in (None, b"0")) else "2"
        if operator in (b">=", b">"):
            return "2" if major >= 2 else ""
    return ""
