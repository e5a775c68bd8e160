"""Which files a run looks at, and the cheap byte test that skips most of them.

Walking follows ruff: Python files under the given paths, default excludes
(VCS folders, virtual environments, build output, caches), ``exclude`` /
``extend-exclude`` globs and ``.gitignore`` files. Paths named explicitly are
always checked unless ``force-exclude`` is on, which is what pre-commit needs;
a named file that is not Python (``pyproject.toml``; a script with a Python
``#!`` line is Python) is skipped with a warning rather than reported as a
syntax error. A symbolic link, found while walking or named, is followed only when its
target lies inside the project root or the directory being walked (the link's own folder): a link to
``~/.ssh/id_rsa.py`` or ``/etc`` must not put files from outside the project
into a report.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from jwtlint.config import Config
from jwtlint.gitignore import GitIgnore, Layers, ignored_by

if TYPE_CHECKING:
    from jwtlint.run_snapshot import Inputs

PYTHON_SUFFIXES = (".py", ".pyi")


@dataclass(frozen=True)
class Target:
    path: str         # where to read it
    display: str      # how to print it (as given, or relative to the working directory)


@dataclass(frozen=True)
class WalkError:
    display: str
    message: str


def is_python_file(path: Path) -> bool:
    """A ``.py``/``.pyi`` name, a notebook (reported as not analysed), or a first line like
    ``#!/usr/bin/env python3`` (what pre-commit passes). Only a regular file is opened to look:
    anything else is kept, and reading it reports why it cannot be read (a FIFO never blocks)."""
    if path.name.endswith((*PYTHON_SUFFIXES, ".ipynb")):
        return True
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return True
        with open(path, "rb") as handle:
            first = handle.read(128).split(b"\n", 1)[0]
    except OSError:
        return True  # reading it again reports why it cannot be read
    return first.startswith(b"#!") and b"python" in first


def display_path(path: Path, cwd: Path) -> str:
    try:
        return path.absolute().relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


class Excludes:
    """Exclude globs compiled once: those without a ``/`` match any path component, the others
    the path relative to the project root (and everything below what they match)."""

    def __init__(self, patterns: Iterable[str]) -> None:
        names = [p for p in patterns if "/" not in p]
        paths = [p.rstrip("/") for p in patterns if "/" in p]
        self._name = re.compile("|".join(fnmatch.translate(p) for p in names)) if names else None
        self._path = re.compile("|".join(fnmatch.translate(p) + "|" + fnmatch.translate(p + "/*")
                                         for p in paths)) if paths else None

    def name(self, name: str) -> bool:
        return bool(self._name and self._name.match(name))

    def path(self, relative: str) -> bool:
        return bool(self._path and self._path.match(relative))

    def anywhere(self, relative: str) -> bool:
        return self.path(relative) or any(self.name(part) for part in relative.split("/"))


class Walker:
    def __init__(self, config: Config, respect_gitignore: Optional[bool] = None,
                 force_exclude: Optional[bool] = None, inputs: Optional[Inputs] = None) -> None:
        """``inputs``: told of every folder listed and file looked at (for a run snapshot)."""
        self.config = config
        self.inputs = inputs
        self.respect_gitignore = config.respect_gitignore if respect_gitignore is None else respect_gitignore
        self.force_exclude = config.force_exclude if force_exclude is None else force_exclude
        self.excludes = Excludes((*config.exclude, *config.extend_exclude))
        self.gitignore = GitIgnore(inputs)
        self.cwd = Path.cwd()
        #: Paths skipped on purpose, each with why (the CLI prints them on standard error).
        self.warnings: list[str] = []
        #: Where a symbolic link met while walking may point: the project root, the folder walked.
        self._inside: tuple[str, ...] = ()

    def _relative(self, path: Path) -> str:
        """The path relative to the project root (or the working directory), as excludes see it."""
        absolute = Path(os.path.abspath(path))  # without ".." (absolute() keeps it)
        for base in (self.config.root, self.cwd):
            try:
                return absolute.relative_to(base).as_posix()
            except ValueError:
                continue
        return path.name

    def excluded(self, path: Path) -> bool:
        return self.excludes.anywhere(self._relative(path))

    def skips(self, path: Path) -> bool:
        """Whether a file that another walk found (pytest's collection) is one this walk skips.

        Excludes match every component of the file's relative path and the ``.gitignore``
        check tries each parent folder, so the folders above the file are covered too.
        """
        return self.excluded(path) or self._git_ignored(path, False)

    def _git_ignored(self, path: Path, is_dir: bool) -> bool:
        return self.respect_gitignore and self.gitignore.ignored(os.path.abspath(path), is_dir)

    def walk(self, paths: Iterable[str]) -> tuple[list[Target], list[WalkError]]:
        targets: list[Target] = []
        errors: list[WalkError] = []
        seen_strings: set[str] = set()

        def add(found: Path) -> None:
            key = os.path.abspath(found)
            if key not in seen_strings:
                seen_strings.add(key)
                targets.append(Target(str(found), display_path(found, self.cwd)))

        for raw in paths:
            path = Path(raw)
            if self.inputs is not None:
                self.inputs.read(raw)
                self.inputs.probed(raw)
            if not os.path.lexists(path):
                errors.append(WalkError(raw, "no such file or directory"))
                continue
            is_dir = path.is_dir()
            if self.force_exclude and (self.excluded(path) or self._git_ignored(path, is_dir)):
                continue
            if not is_dir:
                self._inside = (str(self.config.root.resolve()), os.path.realpath(path.parent))
                if path.is_symlink() and not self._target_inside(str(path)):
                    # Named or found, a link out of the project must not put outside files in a report.
                    self.warnings.append(f"{display_path(path, self.cwd)}: skipped, a symbolic link to a file "
                                         "outside the project")
                elif is_python_file(path):
                    add(path)
                else:
                    self.warnings.append(f"{display_path(path, self.cwd)}: skipped, not a Python file")
                continue
            # Below a folder, paths are joined as strings: pathlib per file cost more than the walk.
            shown = display_path(path, self.cwd)
            prefix = "" if shown == "." else shown + "/"
            absolute, base = os.path.abspath(path), str(path)
            self._inside = (str(self.config.root.resolve()), str(path.resolve()))
            for inner in self._walk_dir(str(path), absolute, self._relative(path), errors):
                key = os.path.join(absolute, inner)
                if key not in seen_strings:
                    seen_strings.add(key)
                    targets.append(Target(inner if base == "." else os.path.join(base, inner), prefix + inner))
        return targets, errors

    def _walk_dir(self, directory: str, absolute: str, relative: str, errors: list[WalkError]) -> Iterator[str]:
        """Paths of Python files below ``directory`` (``absolute`` where it is), relative to it.

        Paths stay strings; the repository root is found once, and each folder hands the
        ``.gitignore`` files that apply in it (compiled once per run) down to the folders below.
        """
        layers: Layers = ()
        repo_relative: Optional[str] = None  # of the folder being listed; None outside a repository
        if self.respect_gitignore:
            root = self.gitignore.root(os.path.dirname(absolute))
            if root is not None:
                layers = self.gitignore.layers(os.path.dirname(absolute), root)
                repo_relative = os.path.relpath(absolute, root).replace(os.sep, "/")
        yield from self._walk_below(directory, relative, "", layers, repo_relative, errors)

    def _walk_below(self, directory: str, relative: str, below: str, layers: Layers,
                    repo_relative: Optional[str], errors: list[WalkError]) -> Iterator[str]:
        """``below``: the part walked so far. Only each entry's own name and path are matched:
        its folders were matched on the way down."""
        if self.inputs is not None:
            self.inputs.listed(directory)
        try:
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError as error:
            errors.append(WalkError(display_path(Path(directory), self.cwd),
                                    f"cannot list directory: {error.strerror or error}"))
            return
        if self.respect_gitignore:
            names = {entry.name for entry in entries}
            if ".git" in names:  # a repository of its own (the root, or one nested in another)
                layers, repo_relative = (), ""
            if repo_relative is not None and ".gitignore" in names:
                ignore_file = self.gitignore.file(os.path.abspath(directory))
                if ignore_file:
                    layers = (*layers, (ignore_file, len(repo_relative) + 1 if repo_relative else 0))
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file()
            except OSError:
                is_dir, is_file = False, True
            if not is_dir and not (name.endswith(PYTHON_SUFFIXES) and (is_file or entry.is_symlink())):
                continue
            entry_relative = f"{relative}/{name}" if relative not in ("", ".") else name
            if self.excludes.name(name) or self.excludes.path(entry_relative):
                continue
            entry_repo_relative = None
            if repo_relative is not None:
                entry_repo_relative = f"{repo_relative}/{name}" if repo_relative else name
                if layers and ignored_by(layers, name, entry_repo_relative, is_dir):
                    continue
            inner = f"{below}{name}"
            if self.inputs is not None and not is_dir and entry.is_symlink():
                self.inputs.recordable = False  # where it points can change with no stat here changing
            if not is_dir and entry.is_symlink() and not self._target_inside(entry.path):
                self.warnings.append(f"{display_path(Path(entry.path), self.cwd)}: skipped, a symbolic link to "
                                     "a file outside the project")
                continue
            if is_dir:
                yield from self._walk_below(entry.path, entry_relative, inner + "/", layers,
                                            entry_repo_relative, errors)
            else:
                yield inner

    def _target_inside(self, link: str) -> bool:
        target = os.path.realpath(link)
        return any(target == base or target.startswith(base.rstrip(os.sep) + os.sep) for base in self._inside)


#: Bytes of one chunk kept for the next when a file is searched chunk by chunk: more than any marker word.
_CARRIED = 256

#: Bytes of source code from rare to common; a byte not listed counts as rarer than all of them.
_RARE_TO_COMMON = b"qzjxkv-_ywbgfpmuhcdlrnsoiate. "


def _rarest(word: bytes) -> int:
    return min(range(len(word)), key=lambda i: _RARE_TO_COMMON.find(word[i:i + 1]))


def _anchored(word: bytes) -> bytes:
    """``word`` as a regex that starts at its rarest byte and checks the bytes before it by
    look-behind: a search of all words together then stops only where a rare byte is."""
    index = _rarest(word)
    behind = b"(?<=" + re.escape(word[:index + 1]) + b")" if index else b""
    return re.escape(word[index:index + 1]) + behind + re.escape(word[index + 1:])


class Prefilter:
    """Decides from raw bytes whether a file can matter to any enabled rule.

    Markers are (word, pattern) pairs over the lower-cased bytes: the word must occur, and
    the pattern, when there is one, must match too. One regex of every word, each starting
    at its rarest byte, makes one pass over the bytes (separate searches for 14 words cost
    2.5 times as much on Django's tree); a word's patterns are searched only in a file that
    holds the word, once.
    """

    def __init__(self, markers: Iterable[tuple[bytes, Optional[bytes]]]) -> None:
        patterns: dict[bytes, set[bytes]] = {}
        plain: set[bytes] = set()
        for word, pattern in markers:
            if pattern is None:
                plain.add(word)
            else:
                patterns.setdefault(word, set()).add(pattern)
        words = sorted(plain | set(patterns))
        # What a hit matched (the word from its rarest byte on) -> the patterns it then needs, or
        # None for none. Groups would tell the words apart too, but they cost the regex its fast scan.
        self._needs: dict[bytes, Optional[tuple[re.Pattern, ...]]] = {}
        for word in words:
            tail = word[_rarest(word):]
            needed = None if word in plain else tuple(re.compile(p) for p in sorted(patterns[word]))
            if tail in self._needs:  # two words matched alike: either one's patterns will do
                earlier = self._needs[tail]
                needed = None if earlier is None or needed is None else earlier + needed
            self._needs[tail] = needed
        self._gate = re.compile(b"|".join(_anchored(word) for word in words)) if words else None
        #: Files the run's second selection pass admitted (:mod:`jwtlint.importers`), by content.
        self._admitted: frozenset[bytes] = frozenset()

    def admit_only(self, contents: Iterable[bytes]) -> None:
        """Also want these files (they import a module that uses a JWT library), and no others
        that an earlier run admitted: the analysis asks the prefilter again."""
        self._admitted = frozenset(contents)

    def may_want(self, chunks: Iterable[bytes]) -> bool:
        """Whether a file too large to hold, read as ``chunks``, holds any marker word.

        The words' patterns are not tried (they match anywhere in the whole file, which is
        not held), so this errs towards yes: such a file is reported as not analysed, and a
        large file with no marker word at all (generated data, a vendored parser) stays silent.
        """
        if self._gate is None:
            return False
        carried = b""
        for chunk in chunks:
            lowered = carried + chunk.lower()
            if self._gate.search(lowered):
                return True
            carried = lowered[-_CARRIED:]  # a word split between two chunks
        return False

    def wants(self, data: bytes) -> bool:
        if self._admitted and data in self._admitted:
            return True
        if self._gate is None:
            return False
        lowered = data.lower()
        tried: set[bytes] = set()
        search, position = self._gate.search, 0
        while True:
            found = search(lowered, position)
            if found is None:
                return False
            tail = found.group()
            if tail not in tried:
                needed = self._needs[tail]
                if needed is None or any(pattern.search(lowered) for pattern in needed):
                    return True
                tried.add(tail)
            position = found.end()
