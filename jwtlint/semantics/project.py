"""What the scanned project as a whole tells about one file.

Constants imported from other modules of the project (``from .settings import
JWT_OPTIONS``), local modules that shadow a library name (a ``jwt.py`` next to
the file), and the PyJWT major version pinned in the project's dependency
files. Other modules are parsed at most once and only when a name from them
is actually needed.

Everything a file's analysis learns from outside the file goes through a
:class:`Project`, which can journal it (:meth:`Project.recording`): that is
what lets a result cache tell whether an edit elsewhere made a result stale.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional, TypeVar

from jwtlint.safe_read import DEFAULT_SOURCE_LIMIT, SMALL_FILE_LIMIT, read_bytes
from jwtlint.semantics.values import AnyValue, ModuleRef

#: Dependency files read for a PyJWT pin, nearest first.
_DEPENDENCY_FILES = ("pyproject.toml", "setup.cfg", "setup.py", "Pipfile", "requirements.txt",
                     "requirements.in", "requirements/base.txt", "requirements/prod.txt")
_PIN = re.compile(rb"(?i)\bpyjwt\b[^\n,;]*?(==|~=|<=|<|>=|>)\s*['\"]?\s*(\d+)(?:\.(\d+))?")

#: Names of the Project methods whose answers are journalled (see :func:`_journalled`).
_QUESTIONS: set[str] = set()
_Method = TypeVar("_Method", bound=Callable)


class Consulted:
    """What analysing one file learnt from outside that file.

    Each question put to the :class:`Project` with the answer it got (which file
    an import names, which PyJWT major applies), and the digest of each module
    file read for its constants (None if it could not be read). A result stays
    right as long as the same questions get the same answers and those files
    hold the same bytes, which :meth:`Project.still_holds` checks.
    """

    def __init__(self) -> None:
        self.answers: dict[tuple, Optional[str]] = {}
        self.files: dict[str, Optional[str]] = {}

    def merge(self, other: Consulted) -> None:
        self.answers.update(other.answers)
        self.files.update(other.files)

    def to_record(self) -> dict:
        """A JSON-able form; :meth:`from_record` restores it."""
        return {"answers": [[*question, answer] for question, answer in self.answers.items()],
                "files": dict(self.files)}

    @classmethod
    def from_record(cls, record: dict) -> Consulted:
        consulted = cls()
        consulted.answers = {tuple(item[:-1]): item[-1] for item in record["answers"]}
        consulted.files = dict(record["files"])
        return consulted


def _journalled(question: _Method) -> _Method:
    """Record each answer in the journal being kept, if any (positional arguments only, as keys)."""
    _QUESTIONS.add(question.__name__)

    @functools.wraps(question)
    def asked(self: Project, *args):
        answer = question(self, *args)
        if self._journals:
            self._journals[-1].answers[(question.__name__, *args)] = answer
        return answer

    return asked  # type: ignore[return-value]


class Project:
    """Resolves imports to files of the scanned tree and caches their module-level values."""

    def __init__(self, root: Path, pyjwt_major: str = "") -> None:
        self.root = root.resolve() if root.exists() else root
        self._pyjwt_major = pyjwt_major
        self._scopes: dict[str, Optional[object]] = {}
        self._in_progress: set[str] = set()
        #: What computing each cached module scope consulted, replayed whenever the scope is reused.
        self._scope_consulted: dict[str, Consulted] = {}
        self._journals: list[Consulted] = []
        self._digests: dict[str, Optional[str]] = {}
        # A Project is one run's view of the files. Forget what an earlier run in this process
        # saw (the pytest plugin and the tests run many times in one process, with edits between).
        for memo in (_module_file, _find_upwards, _pinned_major):
            memo.cache_clear()

    # -- what an analysis consulted -------------------------------------------

    @contextmanager
    def recording(self) -> Iterator[Consulted]:
        """Journal what the code inside the block consults; nested blocks also count for the outer."""
        consulted = Consulted()
        self._journals.append(consulted)
        try:
            yield consulted
        finally:
            self._journals.pop()
            self._note(consulted)

    def still_holds(self, consulted: Consulted) -> bool:
        """Whether every question gets the same answer today and every file read is unchanged."""
        for (question, *args), answer in consulted.answers.items():
            if question not in _QUESTIONS or getattr(self, question)(*args) != answer:
                return False
        return all(self.digest(path) == digest for path, digest in consulted.files.items())

    def digest(self, path: str) -> Optional[str]:
        """The SHA-256 of a file's bytes (None if it cannot be read), once per run."""
        if path not in self._digests:
            try:
                self._digests[path] = hashlib.sha256(read_bytes(path, DEFAULT_SOURCE_LIMIT)).hexdigest()
            except OSError:
                self._digests[path] = None
        return self._digests[path]

    def _note(self, consulted: Optional[Consulted]) -> None:
        if consulted is not None and self._journals:
            self._journals[-1].merge(consulted)

    # -- versions -----------------------------------------------------------

    @_journalled
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

    @_journalled
    def find_relative(self, from_file: str, level: int, dotted: str) -> Optional[str]:
        base = Path(from_file).resolve().parent
        for _ in range(level - 1):
            base = base.parent
        return _module_file(str(base), dotted)

    @_journalled
    def find_absolute(self, from_file: str, dotted: str) -> Optional[str]:
        """A module of the project reachable as ``dotted`` from the file's folder or an ancestor."""
        return _find_upwards(str(Path(from_file).resolve().parent), str(self.root), dotted)

    @_journalled
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
            self._note(self._scope_consulted.get(path))
            return self._scopes[path]
        if path in self._in_progress:
            return None
        self._in_progress.add(path)
        try:
            from jwtlint.semantics.prepass import module_scope_of_file

            with self.recording() as consulted:
                # Digested apart from the parse below: prepass reads the file itself.
                consulted.files[path] = self.digest(path)
                scope = module_scope_of_file(self, path)
        finally:
            self._in_progress.discard(path)
        self._scopes[path] = scope
        self._scope_consulted[path] = consulted
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
            major = _major_from_pins(read_bytes(os.path.join(directory, name), SMALL_FILE_LIMIT))
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
