"""Just enough of gitignore semantics to skip what a repository ignores.

Patterns are read from every ``.gitignore`` between the repository root and
the folder being walked, deeper files taking precedence, with negation,
anchoring, directory-only patterns and ``**`` as git documents them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from jwtlint.safe_read import SMALL_FILE_LIMIT, read_text


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern
    negated: bool
    dir_only: bool


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
        patterns.append(_Pattern(re.compile(f"^{prefix}{body}$"), negated, dir_only))
    return patterns


class GitIgnore:
    """Answers "is this path ignored?" for paths below a repository root."""

    def __init__(self) -> None:
        self._cache: dict[Path, list[_Pattern]] = {}

    def _patterns(self, directory: Path) -> list[_Pattern]:
        if directory not in self._cache:
            try:
                text = read_text(directory / ".gitignore", SMALL_FILE_LIMIT, errors="replace")
            except OSError:
                text = ""
            self._cache[directory] = parse(text)
        return self._cache[directory]

    def ignored(self, path: Path, is_dir: bool, root: Optional[Path], check_parents: bool = True) -> bool:
        """``root`` is the repository root (the folder holding ``.git``), or None outside one.

        ``check_parents=False`` is for a walk that already skipped ignored folders.
        """
        if root is None:
            return False
        try:
            relative = path.relative_to(root)
        except ValueError:
            return False
        # A file inside an ignored folder is ignored whatever its own patterns say.
        parent = path.parent
        while check_parents and parent != root and root in parent.parents:
            if self._matches(parent, True, root, parent.relative_to(root)):
                return True
            parent = parent.parent
        return self._matches(path, is_dir, root, relative)

    def _matches(self, path: Path, is_dir: bool, root: Path, relative: Path) -> bool:
        verdict = False
        directories = [root]
        for part in relative.parts[:-1]:
            directories.append(directories[-1] / part)
        for directory in directories:
            sub = path.relative_to(directory).as_posix()
            for pattern in self._patterns(directory):
                if pattern.dir_only and not is_dir:
                    continue
                if pattern.regex.match(sub):
                    verdict = not pattern.negated
        return verdict


@lru_cache(maxsize=4096)
def repository_root(start: Path) -> Optional[Path]:
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return None
