"""Results of earlier runs, so that a run over an unchanged tree parses nothing.

A cache file holds the results of one configuration: its name is a digest of
:meth:`Settings.fingerprint` (jwtlint's version, the enabled rules, the
configuration) and of the stat of jwtlint's own source files, so that editing
a rule during development is seen without a version bump. Inside, one entry per
file (by display path, which per-file ignores and test paths match on) holds
the digest of the bytes it was computed from, the real path, what its analysis
consulted outside the file (:class:`jwtlint.semantics.project.Consulted`) and
the result. An entry is used only when all of them still hold, so an edit to
the file, to a settings module it imports constants from, or to a requirements
pin is always seen.

The folder marks itself as ignored for git and for backup tools, as ruff's
does. A cache file that cannot be read or understood is treated as empty and
replaced; it is written to a temporary file and renamed, so concurrent runs
never leave a torn file (the last writer wins, and each keeps the other's
entries it saw when saving).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import Optional

from jwtlint.engine.result import FileResult
from jwtlint.engine.settings import Settings
from jwtlint.safe_read import DATA_FILE_LIMIT, read_bytes
from jwtlint.semantics.project import Consulted

DEFAULT_DIR = ".jwtlint_cache"
#: Bumped whenever the layout of a cache file changes.
FORMAT = 1
#: Cache files of other configurations (or of earlier jwtlint code) kept besides the current one,
#: most recently written first: switching between a few configurations keeps hitting, while
#: developing jwtlint (a new file for each edit of its code) does not fill the disk.
KEEP_OTHERS = 7
_GITIGNORE = "# Created by jwtlint; everything here can be deleted at any time.\n*\n"
_CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                 "# This file is a cache directory tag created by jwtlint.\n"
                 "# For information about cache directory tags see https://bford.info/cachedir/\n")


class ResultCache:
    """One run's view of the cache file of its configuration: read once, written once at the end."""

    def __init__(self, directory: Path, settings: Settings) -> None:
        self.directory = directory
        self.settings = settings
        self.path = directory / f"results-{_namespace(settings)}.json"
        self._entries: Optional[dict] = None
        self._new: dict[str, dict] = {}

    def lookup(self, data: bytes, display: str, real: str) -> Optional[FileResult]:
        """The cached result for this file's bytes at this path, if nothing it depends on changed."""
        entry = self._loaded().get(display)
        if not isinstance(entry, dict):
            return None
        try:
            if entry["content"] != _digest(data) or entry["real"] != real:
                return None
            if not self.settings.project.still_holds(Consulted.from_record(entry["consulted"])):
                return None
            return FileResult.from_record(entry["result"], display)
        except (KeyError, TypeError, ValueError, AttributeError):  # a damaged entry is a miss
            return None

    def store(self, data: bytes, display: str, real: str, result: FileResult, consulted: Consulted) -> None:
        """Remember a result; an internal error is never cached, so it is reported again next run."""
        if result.internal_error is not None:
            return
        self._new[display] = {"content": _digest(data), "real": real, "consulted": consulted.to_record(),
                              "result": result.to_record()}

    def save(self) -> None:
        """Write the new entries over what is on disk now; a cache that cannot be written is skipped."""
        if not self._new:
            return
        entries = _read_entries(self.path)
        entries.update(self._new)
        try:
            self._prepare_directory()
            handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.directory,
                                                 prefix=".tmp-", suffix=".json", delete=False)
        except OSError:
            return
        try:
            with handle:
                json.dump({"format": FORMAT, "entries": entries}, handle, separators=(",", ":"))
            os.replace(handle.name, self.path)
        except OSError:
            with suppress(OSError):
                os.unlink(handle.name)
            return
        self._entries = entries
        self._new = {}
        self._prune()

    def _loaded(self) -> dict:
        if self._entries is None:
            self._entries = _read_entries(self.path)
        return self._entries

    def _prune(self) -> None:
        others = [path for path in self.directory.glob("results-*.json") if path != self.path]
        for stale in sorted(others, key=_mtime, reverse=True)[KEEP_OTHERS:]:
            with suppress(OSError):  # already removed by a concurrent run
                stale.unlink()

    def _prepare_directory(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
            marker = self.directory / name
            if not marker.exists():
                marker.write_text(text, encoding="utf-8")


def _read_entries(path: Path) -> dict:
    """The entries of a cache file; a missing, unreadable, corrupt or foreign file has none."""
    try:
        content = json.loads(read_bytes(path, DATA_FILE_LIMIT))
    except (OSError, ValueError):
        return {}
    if not isinstance(content, dict) or content.get("format") != FORMAT or not isinstance(content.get("entries"), dict):
        return {}
    return content["entries"]


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _namespace(settings: Settings) -> str:
    text = "\n".join((settings.fingerprint(), _code_stamp()))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _code_stamp() -> str:
    """Name, size and modification time of each of jwtlint's own files: changes when the code does."""
    package = Path(__file__).resolve().parent
    stamps = []
    for directory, folders, files in os.walk(package):
        folders[:] = sorted(folder for folder in folders if folder != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".txt", ".json", ".toml")):
                status = os.stat(os.path.join(directory, name))
                stamps.append(f"{os.path.relpath(os.path.join(directory, name), package)}:"
                              f"{status.st_size}:{status.st_mtime_ns}")
    return "\n".join(stamps)
