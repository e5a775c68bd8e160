"""Which files a run looks at, and the cheap byte test that skips most of them.

Walking follows ruff: Python files under the given paths, default excludes
(VCS folders, virtual environments, build output, caches), ``exclude`` /
``extend-exclude`` globs and ``.gitignore`` files. Paths named explicitly are
always checked unless ``force-exclude`` is on, which is what pre-commit needs.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

from jwtlint.config import Config
from jwtlint.gitignore import GitIgnore, repository_root
from jwtlint.selection import path_matches

PYTHON_SUFFIXES = (".py", ".pyi")


@dataclass(frozen=True)
class Target:
    path: Path        # where to read it
    display: str      # how to print it (as given, or relative to the working directory)


@dataclass(frozen=True)
class WalkError:
    display: str
    message: str


def display_path(path: Path, cwd: Path) -> str:
    try:
        return path.absolute().relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


class Walker:
    def __init__(self, config: Config, respect_gitignore: Optional[bool] = None,
                 force_exclude: Optional[bool] = None) -> None:
        self.config = config
        self.respect_gitignore = config.respect_gitignore if respect_gitignore is None else respect_gitignore
        self.force_exclude = config.force_exclude if force_exclude is None else force_exclude
        self.patterns = (*config.exclude, *config.extend_exclude)
        self.gitignore = GitIgnore()
        self.cwd = Path.cwd()

    def excluded(self, path: Path) -> bool:
        for base in (self.config.root, self.cwd):
            try:
                relative = path.absolute().relative_to(base).as_posix()
                break
            except ValueError:
                continue
        else:
            relative = path.name
        return any(path_matches(relative, pattern) for pattern in self.patterns) \
            or any(part_matches(part, self.patterns) for part in Path(relative).parts)

    def skips(self, path: Path) -> bool:
        """Whether a file that another walk found (pytest's collection) is one this walk skips.

        Excludes match the file's whole relative path and the ``.gitignore`` check
        tries each parent folder, so the folders above the file are covered too.
        """
        return self.excluded(path) or self._git_ignored(path, False)

    def _git_ignored(self, path: Path, is_dir: bool, walked: bool = False) -> bool:
        if not self.respect_gitignore:
            return False
        absolute = path.absolute()
        return self.gitignore.ignored(absolute, is_dir, repository_root(absolute.parent), check_parents=not walked)

    def walk(self, paths: Iterable[str]) -> tuple[list[Target], list[WalkError]]:
        targets: list[Target] = []
        errors: list[WalkError] = []
        seen: set[Path] = set()
        for raw in paths:
            path = Path(raw)
            if not os.path.lexists(path):
                errors.append(WalkError(raw, "no such file or directory"))
                continue
            if path.is_dir():
                if self.force_exclude and (self.excluded(path) or self._git_ignored(path, True)):
                    continue
                for found in self._walk_dir(path, errors):
                    key = found.absolute()
                    if key not in seen:
                        seen.add(key)
                        targets.append(Target(found, display_path(found, self.cwd)))
                continue
            if self.force_exclude and (self.excluded(path) or self._git_ignored(path, False)):
                continue
            key = path.absolute()
            if key not in seen:
                seen.add(key)
                targets.append(Target(path, display_path(path, self.cwd)))
        return targets, errors

    def _walk_dir(self, directory: Path, errors: list[WalkError]) -> Iterator[Path]:
        try:
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError as error:
            errors.append(WalkError(display_path(directory, self.cwd),
                                    f"cannot list directory: {error.strerror or error}"))
            return
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file()
            except OSError:
                is_dir, is_file = False, True
            if is_dir:
                if self.excluded(path) or self._git_ignored(path, True, walked=True):
                    continue
                yield from self._walk_dir(path, errors)
            elif entry.name.endswith(PYTHON_SUFFIXES) and (is_file or entry.is_symlink()):
                if self.excluded(path) or self._git_ignored(path, False, walked=True):
                    continue
                yield path


def part_matches(part: str, patterns: Iterable[str]) -> bool:
    return any("/" not in pattern and fnmatch.fnmatch(part, pattern) for pattern in patterns)


class Prefilter:
    """Decides from raw bytes whether a file can matter to any enabled rule.

    Each rule declares byte patterns one of which a file it reports on must match;
    the prefilter is their union, matched against the lower-cased bytes (a
    case-sensitive search of a lowered copy is several times faster than a
    case-insensitive one).
    """

    def __init__(self, markers: Iterable[bytes]) -> None:
        patterns = sorted({m for m in markers if m})
        self._pattern = re.compile(b"|".join(b"(?:" + p + b")" for p in patterns)) if patterns else None

    def wants(self, data: bytes) -> bool:
        return bool(self._pattern and self._pattern.search(data.lower()))
