"""What the scanned project as a whole tells about one file.

Constants imported from other modules of the project (``from .settings import
JWT_OPTIONS``), project modules that shadow a library name (a ``jwt.py`` at an
import root), and the PyJWT major version pinned in the project's dependency
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
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar

from jwtlint.roots import is_within, marked_ancestor
from jwtlint.safe_read import DEFAULT_SOURCE_LIMIT, SMALL_FILE_LIMIT, read_bytes

if TYPE_CHECKING:
    import libcst as cst

    from jwtlint.semantics.scopes import Scope
    from jwtlint.semantics.values import AnyValue, ModuleRef

#: Dependency files read for a PyJWT pin, nearest first.
_DEPENDENCY_FILES = ("pyproject.toml", "setup.cfg", "setup.py", "Pipfile", "requirements.txt",
                     "requirements.in", "requirements/base.txt", "requirements/prod.txt")
_PIN = re.compile(rb"(?i)\bpyjwt\b[^\n,;]*?(==|~=|<=|<|>=|>)\s*['\"]?\s*(\d+)(?:\.(\d+))?")
#: The next specifier of the same requirement (``,<2.0.0`` after ``PyJWT>=1.4.0``).
_MORE_SPECIFIERS = re.compile(rb"[\d.*]*\s*,\s*(==|~=|<=|<|>=|>)\s*(\d+)(?:\.(\d+))?")

#: Names of the Project methods whose answers are journalled (see :func:`_journalled`).
_QUESTIONS: set[str] = set()
_Method = TypeVar("_Method", bound=Callable[..., Any])
_Result = TypeVar("_Result")
#: ``__init__.py`` re-exporting a name that is itself imported: how many hops are followed.
_MAX_REEXPORTS = 4


class Consulted:
    """What analysing one file learnt from outside that file.

    Each question put to the :class:`Project` with the answer it got (which file
    an import names, which PyJWT major applies), and the digest of each module
    file read for its constants (None if it could not be read). A result stays
    right as long as the same questions get the same answers and those files
    hold the same bytes, which :meth:`Project.still_holds` checks.
    """

    def __init__(self) -> None:
        self.answers: dict[tuple[str, ...], Optional[str]] = {}
        self.files: dict[str, Optional[str]] = {}

    def merge(self, other: Consulted) -> None:
        self.answers.update(other.answers)
        self.files.update(other.files)

    def to_record(self) -> dict[str, Any]:
        """A JSON-able form; :meth:`from_record` restores it."""
        return {"answers": [[*question, answer] for question, answer in self.answers.items()],
                "files": dict(self.files)}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Consulted:
        consulted = cls()
        consulted.answers = {tuple(item[:-1]): item[-1] for item in record["answers"]}
        consulted.files = dict(record["files"])
        return consulted


def _journalled(question: _Method) -> _Method:
    """Record each answer in the journal being kept, if any (positional arguments only, as keys)."""
    _QUESTIONS.add(question.__name__)

    @functools.wraps(question)
    def asked(self: Project, *args: str) -> Any:
        answer = question(self, *args)
        if self._journals:
            key = (question.__name__, *args)
            self._journals[-1].answers[key] = answer
        return answer

    return asked  # type: ignore[return-value]


class Project:
    """Resolves imports to files of the scanned tree and caches their module-level values."""

    def __init__(self, root: Path, pyjwt_major: str = "",
                 prefilter: Optional[Callable[[bytes], bool]] = None) -> None:
        self.root = root.resolve() if root.exists() else root
        self._pyjwt_major = pyjwt_major
        self._prefilter = prefilter
        #: Per (kind, module path): what :meth:`per_module` computed, and what computing it consulted
        #: (replayed whenever the answer is reused).
        self._computed: dict[tuple[str, str], object] = {}
        self._computed_consulted: dict[tuple[str, str], Consulted] = {}
        self._in_progress: set[tuple[str, str]] = set()
        self._parsed: dict[str, Optional[cst.Module]] = {}
        #: The bytes each tree of ``_parsed`` was parsed from (see :meth:`tree_of`).
        self._parsed_from: dict[str, bytes] = {}
        self._may_call_library: dict[str, bool] = {}
        self._mentioned: dict[tuple[str, tuple[bytes, ...]], bool] = {}
        self._journals: list[Consulted] = []
        self._digests: dict[str, Optional[str]] = {}
        #: Every node of the other modules parsed for their constants, and those trees (kept
        #: alive so that no node of the file being analysed can reuse an id in the set).
        self._foreign_nodes: dict[int, int] = {}
        self._foreign_modules: list[tuple[str, cst.Module]] = []
        #: The project root of the file analysed last (see :meth:`release_trees`).
        self._last_root = ""
        # A Project is one run's view of the files. Forget what an earlier run in this process
        # saw (the pytest plugin and the tests run many times in one process, with edits between).
        for memo in (_module_file, _find_upwards, _pinned_major, marked_ancestor, _real_path):
            memo.cache_clear()

    def release_trees(self, next_file: Optional[str]) -> None:
        """Forget other modules' trees, and everything computed from them, before ``next_file``
        if it belongs to another project root than the file before it (nothing the index holds
        can serve it: imports stay within a project). Called between files, when no value of the
        last analysis is alive. ``next_file`` is None where files do not come folder by folder
        (a worker of a pool takes the largest first). No budget within one project: dropping
        trees there made every later file parse its imports again (mlflow: 28 s -> 24 min)."""
        if next_file is None:
            return
        root = self.import_roots(next_file)[0]
        moved, self._last_root = root != self._last_root, root
        if not moved or not self._foreign_nodes:
            return
        self._computed.clear()
        self._computed_consulted.clear()
        self._parsed.clear()
        self._parsed_from.clear()
        self._foreign_nodes.clear()
        self._foreign_modules.clear()

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
        base = _real_folder(from_file)
        for _ in range(level - 1):
            base = os.path.dirname(base)
        return _module_file(base, dotted)

    @_journalled
    def find_absolute(self, from_file: str, dotted: str) -> Optional[str]:
        """A module of the project reachable as ``dotted`` from the file's folder or an ancestor."""
        return _find_upwards(_real_folder(from_file), str(self.root), dotted)

    @_journalled
    def shadows(self, from_file: str, top: str) -> Optional[str]:
        """The project's own module that ``import top`` in this file reaches instead of the library.

        Absolute imports start from the import roots (the file's project root, and its ``src/``
        folder), so only a ``jwt.py`` or ``jwt/`` there can hide PyJWT; one anywhere else
        (``utils/jwt.py``) is reached only by its dotted name or a relative import. A module
        never hides the library from itself, nor a package from its own modules: code in a
        ``jwt.py`` that imports ``jwt`` means the library.
        """
        importer = _real_path(from_file)
        for root in self.import_roots(importer):
            found = _module_file(root, top)
            if found is None:
                continue
            is_package = os.path.basename(found) == "__init__.py"
            if found == importer or is_package and is_within(importer, os.path.dirname(found)):
                return None
            return found
        return None

    def import_roots(self, path: str) -> tuple[str, str]:
        """Where absolute imports of the (resolved) file at ``path`` start: its project root (the
        nearest folder with a marker, see :mod:`jwtlint.roots`, within the run's root) and its ``src/``."""
        folder = os.path.dirname(path)
        root = str(self.root)
        inside = is_within(folder, root)
        project = marked_ancestor(folder, root if inside else "") or (root if inside else folder)
        return project, os.path.join(project, "src")

    # -- nodes of other modules -------------------------------------------------

    def adopt_foreign(self, module: cst.Module, path: str) -> None:
        """Remember a module parsed for its constants: its nodes are not the analysed file's.

        Values imported from it carry its nodes; a finding that would point at one is
        reported at the statement of the analysed file that uses the value instead
        (see :meth:`is_foreign`).
        """
        # Here, not at the top: it imports libcst, which a run with no candidate never needs.
        from jwtlint.semantics.syntax import descendants

        index = len(self._foreign_modules)
        self._foreign_modules.append((path, module))
        for node in descendants(module):  # tokens are never a value's node
            self._foreign_nodes[id(node)] = index

    def is_foreign(self, node: Optional[cst.CSTNode], analysed: Optional[cst.Module] = None) -> bool:
        """Whether ``node`` belongs to another module than ``analysed``, the tree being analysed
        (which is one of the index's own when :meth:`tree_of` gave it)."""
        index = self._foreign_nodes.get(id(node)) if node is not None else None
        return index is not None and self._foreign_modules[index][1] is not analysed

    def foreign_module(self, node: cst.CSTNode) -> Optional[tuple[str, cst.Module]]:
        """The file and tree of another module that ``node`` belongs to (None for the analysed file's)."""
        index = self._foreign_nodes.get(id(node))
        return None if index is None else self._foreign_modules[index]

    def module_ref(self, path: str, dotted: str) -> ModuleRef:
        from jwtlint.semantics.values import (
            ModuleRef,  # the value model only when a file is analysed
        )

        return ModuleRef(path=path, dotted=dotted)

    def module_constant(self, path: str, name: str) -> Optional[AnyValue]:
        scope = self.module_scope(path)
        if scope is None:
            return None
        found: Optional[AnyValue] = scope.bindings.get(name)
        return found

    def module_names(self, path: str) -> tuple[str, ...]:
        """Names a module binds at its top level, for ``from module import *``."""
        scope = self.module_scope(path)
        return tuple(scope.bindings) if scope is not None else ()

    def member(self, path: str, name: str, mentioning: tuple[bytes, ...] = ()) -> Optional[AnyValue]:
        """What a name of another module is (a function, a class), followed through re-exports.

        Looked up only in a module that can involve a JWT library (its bytes pass the
        prefilter), or whose bytes contain one of the words ``mentioning`` (a base64 helper
        needs no JWT library), or in a package's ``__init__.py``, which may re-export one:
        calling ``User(...)`` from ``models`` costs no parse of ``models.py``.
        """
        from jwtlint.semantics.values import ProjectMember

        for _ in range(_MAX_REEXPORTS):
            if not (path.endswith("__init__.py") or self.may_call_library(path)
                    or self._mentions(path, mentioning)):
                return None
            found = self.module_constant(path, name)
            if not isinstance(found, ProjectMember):
                return found
            path, name = found.path, found.name
        return None

    def module_scope(self, path: str) -> Optional[Scope]:
        """The top-level names another module binds (computed once per run), None if it cannot be read."""
        from jwtlint.semantics.prepass import module_scope_of_file

        return self.per_module("scope", path, module_scope_of_file)

    def per_module(self, kind: str, path: str, compute: Callable[[Project, str], _Result]) -> Optional[_Result]:
        """``compute(self, path)``, once per run for each module and kind (its scope, its summaries).

        What computing it consulted, the module's own bytes included, is replayed into the
        journal each time the answer is reused; a module met again while it is being computed
        (imports in a cycle) gives None.
        """
        key = (kind, path)
        if key in self._computed:
            self._note(self._computed_consulted.get(key))
            return self._computed[key]  # type: ignore[return-value]
        if key in self._in_progress:
            return None
        self._in_progress.add(key)
        try:
            with self.recording() as consulted:
                # Digested apart from the parse: the file is read again to be parsed.
                consulted.files[path] = self.digest(path)
                answer = compute(self, path)
        finally:
            self._in_progress.discard(key)
        self._computed[key] = answer
        self._computed_consulted[key] = consulted
        return answer

    def parsed(self, path: str) -> Optional[cst.Module]:
        """Another module of the project, parsed once per run (None if unreadable or invalid)."""
        if path not in self._parsed:
            import libcst as cst

            from jwtlint.parsing import parse_module

            source = self._source(path)
            try:
                # Guarded like the analysed files: a module nested too deep would kill the process.
                module: Optional[cst.Module] = parse_module(source) if source is not None else None
            except (cst.ParserSyntaxError, UnicodeDecodeError, ValueError, RecursionError):
                module = None
            if module is not None:
                assert source is not None
                self.adopt_foreign(module, path)
                self._parsed_from[path] = source
            self._parsed[path] = module
        return self._parsed[path]

    def tree_of(self, path: str, data: bytes) -> Optional[cst.Module]:
        """The tree of the file at ``path`` if the index already parsed it from ``data``: a file
        that other files import is then analysed without being parsed a second time."""
        if not self._parsed_from:
            return None
        resolved = str(Path(path).resolve())
        return self._parsed.get(resolved) if self._parsed_from.get(resolved) == data else None

    def may_call_library(self, path: str) -> bool:
        """Whether the module's bytes pass the run's prefilter: only then can it wrap a library
        call. Decided from the bytes, before any parse; journalled as a read of the file, since
        an edit that starts using a library there changes what its callers' analysis finds."""
        if self._journals:
            self._journals[-1].files[path] = self.digest(path)
        if path not in self._may_call_library:
            source = self._source(path)
            self._may_call_library[path] = source is not None and (self._prefilter is None
                                                                   or self._prefilter(source))
        return self._may_call_library[path]

    def _mentions(self, path: str, words: tuple[bytes, ...]) -> bool:
        """Whether the module's bytes contain one of ``words``, read once per run (the read is
        journalled by :meth:`may_call_library`, which :meth:`member` asks first)."""
        if not words:
            return False
        key = (path, words)
        if key not in self._mentioned:
            source = self._source(path)
            self._mentioned[key] = source is not None and any(word in source for word in words)
        return self._mentioned[key]

    def _source(self, path: str) -> Optional[bytes]:
        """The module's bytes; None past the size cap of sources, as for :meth:`digest`."""
        try:
            return read_bytes(path, DEFAULT_SOURCE_LIMIT)
        except OSError:
            return None


@lru_cache(maxsize=4096)
def _real_path(path: str) -> str:
    """``path`` with symbolic links resolved, once per file and run: a replayed run asks each of
    its recorded import questions again."""
    return os.path.realpath(path)


def _real_folder(path: str) -> str:
    return os.path.dirname(_real_path(path))


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
    """The PyJWT major a dependency file pins: every specifier of a requirement bounds it
    (``PyJWT>=1.4.0,<2.0.0`` is 1.x by its upper bound, ``>=1.5.2,<3.0.0`` admits both)."""
    for match in _PIN.finditer(data):
        possible = {"1", "2"}
        specifier: Optional[re.Match[bytes]] = match
        while specifier is not None:
            possible &= _majors_admitted(specifier.group(1), int(specifier.group(2)), specifier.group(3))
            specifier = _MORE_SPECIFIERS.match(data, specifier.end())
        if len(possible) == 1:
            return possible.pop()
    return ""


def _majors_admitted(operator: bytes, major: int, minor: Optional[bytes]) -> set[str]:
    """The majors ("1", "2" for 2 and later) that one specifier admits."""
    if operator in (b"==", b"~="):
        return {"1" if major < 2 else "2"}
    below_two = major < 2 or (operator == b"<" and major == 2 and minor in (None, b"0"))
    if operator in (b"<", b"<="):
        return {"1"} if below_two else {"1", "2"}
    return {"2"} if major >= 2 else {"1", "2"}
