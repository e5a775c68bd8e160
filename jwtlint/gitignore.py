"""Just enough of gitignore semantics to skip what a repository ignores.

Patterns are read from every ``.gitignore`` between the repository root and
the folder being walked, deeper files taking precedence, with negation,
anchoring, directory-only patterns and ``**`` as git documents them.

Speed matters here more than anywhere in a run that parses nothing: a walk asks
about every entry of a tree. So each ``.gitignore`` is read and compiled once
per run (:class:`GitIgnore` keeps them by folder), the repository root is looked
up once per walked folder rather than once per entry, paths are plain strings,
and each file answers "does any pattern match?" with one combined regex before
it looks for the last pattern that matches.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from jwtlint.safe_read import SMALL_FILE_LIMIT, read_text

if TYPE_CHECKING:
    from jwtlint.run_snapshot import Inputs


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern
    negated: bool
    dir_only: bool
    #: Unanchored and without ``**``: it can only match an entry's own name, which is cheaper to test.
    by_name: bool = False


def _translate(glob: str) -> str:
    """A gitignore glob (already stripped of ``!`` and trailing ``/``) as a regex body."""
    out = []
    i = 0
    while i < len(glob):
        char = glob[i]
        if char == "*":
            if glob[i:i + 3] == "**/":
                out.append("(?:.*/)?")
                i += 3
                continue
            if glob[i:i + 2] == "**":
                out.append(".*")
                i += 2
                continue
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = glob.find("]", i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = glob[i + 1:end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end
        elif char == "\\" and i + 1 < len(glob):
            i += 1
            out.append(re.escape(glob[i]))
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def parse(text: str) -> list[_Pattern]:
    patterns = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        if negated:
            line = line[1:]
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        line = line.lstrip("/")
        body = _translate(line)
        prefix = "" if anchored else "(?:.*/)?"
        patterns.append(_Pattern(re.compile(f"^{prefix}{body}$"), negated, dir_only,
                                 by_name=not anchored and "**" not in line))
    return patterns


class IgnoreFile:
    """The patterns of one ``.gitignore``, matched against paths relative to its folder."""

    def __init__(self, patterns: list[_Pattern]) -> None:
        self._patterns = patterns
        self._last_first = patterns[::-1]
        # Any-match tests: (on the name, on the relative path), for folders and for files.
        self._quick_dir = self._combined([p for p in patterns])
        self._quick_file = self._combined([p for p in patterns if not p.dir_only])

    def __bool__(self) -> bool:
        return bool(self._patterns)

    @staticmethod
    def _combined(patterns: list[_Pattern]) -> tuple[Optional[re.Pattern], Optional[re.Pattern]]:
        def union(group: list[_Pattern], by_name: bool) -> Optional[re.Pattern]:
            bodies = [p.regex.pattern for p in group if p.by_name is by_name]
            if by_name:  # on a name, "(?:.*/)?" can only match the empty string
                bodies = ["^" + body[len("^(?:.*/)?"):] for body in bodies]
            return re.compile("|".join(f"(?:{body})" for body in bodies)) if bodies else None
        return union(patterns, True), union(patterns, False)

    def verdict(self, name: str, relative: str, is_dir: bool) -> Optional[bool]:
        """True (ignored) or False (re-included) by the last pattern that matches, None if none does."""
        by_name, by_path = self._quick_dir if is_dir else self._quick_file
        if not ((by_name is not None and by_name.match(name)) or (by_path is not None and by_path.match(relative))):
            return None
        for pattern in self._last_first:
            if pattern.dir_only and not is_dir:
                continue
            if pattern.regex.match(relative):
                return not pattern.negated
        return None  # pragma: no cover - the combined regex matched, so one of its patterns does


_EMPTY = IgnoreFile([])

#: The ``.gitignore`` files that apply in a folder, deepest last, each with the length of the
#: folder's path relative to the repository root plus its slash (what to cut off a path for it).
Layers = tuple[tuple[IgnoreFile, int], ...]


def ignored_by(layers: Layers, name: str, relative: str, is_dir: bool) -> bool:
    """Whether ``relative`` (to the repository root; its last part is ``name``) is ignored.

    A deeper file's last matching pattern overrides everything above it, as in git.
    """
    for ignore_file, cut in reversed(layers):
        verdict = ignore_file.verdict(name, relative[cut:], is_dir)
        if verdict is not None:
            return verdict
    return False


def read_gitignore(path: str) -> str:
    """The text of a ``.gitignore``; a missing or unreadable one has no patterns."""
    try:
        return read_text(path, SMALL_FILE_LIMIT, errors="replace")
    except OSError:
        return ""


class GitIgnore:
    """Answers "is this path ignored?"; compiles each ``.gitignore`` and finds each root once per run."""

    def __init__(self, inputs: Optional[Inputs] = None) -> None:
        """``inputs``: told of every ``.git`` looked for and ``.gitignore`` read (for a run snapshot)."""
        self.inputs = inputs
        self._files: dict[str, IgnoreFile] = {}
        self._roots: dict[str, Optional[str]] = {}

    def file(self, directory: str) -> IgnoreFile:
        """The compiled ``.gitignore`` of ``directory`` (an absolute path)."""
        found = self._files.get(directory)
        if found is None:
            path = os.path.join(directory, ".gitignore")
            if self.inputs is not None:
                self.inputs.read(path)
            patterns = parse(read_gitignore(path))
            found = self._files[directory] = IgnoreFile(patterns) if patterns else _EMPTY
        return found

    def root(self, directory: str) -> Optional[str]:
        """The repository root at or above ``directory`` (absolute): the folder holding ``.git``."""
        if directory not in self._roots:
            parent = os.path.dirname(directory)
            marker = os.path.join(directory, ".git")
            if self.inputs is not None:
                self.inputs.probed(marker)
            if os.path.lexists(marker):
                self._roots[directory] = directory
            else:
                self._roots[directory] = None if parent == directory else self.root(parent)
        return self._roots[directory]

    def layers(self, directory: str, root: str) -> Layers:
        """The ``.gitignore`` files from ``root`` down to ``directory`` (both absolute, ``root`` above)."""
        relative = os.path.relpath(directory, root)
        parts = [] if relative == "." else relative.split(os.sep)
        layers: list[tuple[IgnoreFile, int]] = []
        current, cut = root, 0
        for index in range(len(parts) + 1):
            ignore_file = self.file(current)
            if ignore_file:
                layers.append((ignore_file, cut))
            if index < len(parts):
                current = os.path.join(current, parts[index])
                cut += len(parts[index]) + 1
        return tuple(layers)

    def ignored(self, path: str, is_dir: bool, check_parents: bool = True) -> bool:
        """Whether ``path`` (absolute) is ignored by the repository it is in; False outside one.

        With ``check_parents`` a file inside an ignored folder is ignored whatever its own
        patterns say; a walk that skipped ignored folders already passes False.
        """
        parent = os.path.dirname(path)
        root = self.root(parent)
        if root is None or path == root:
            return False
        relative = os.path.relpath(path, root).replace(os.sep, "/")
        if check_parents:
            parts = relative.split("/")
            directory, so_far = root, ""
            for part in parts[:-1]:
                so_far = f"{so_far}/{part}" if so_far else part
                if ignored_by(self.layers(directory, root), part, so_far, True):
                    return True
                directory = os.path.join(directory, part)
        return ignored_by(self.layers(parent, root), os.path.basename(path), relative, is_dir)
