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

Beside the entries, a stat index (as ruff's cache and git's index keep one)
records each file's size, modification and change time and inode with the digest of the
bytes read then, or "" for a file that was no candidate: a file whose stat is
unchanged is not read again. The one hole of stat checks, a rewrite within one
timestamp tick that keeps the size, is closed as git closes it: a file modified
shortly before the run that recorded it is "racy" and read again (see
:data:`RACY_NS`).

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
import time
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

from jwtlint.safe_read import DATA_FILE_LIMIT, read_bytes

if TYPE_CHECKING:  # imported where used: a run that replays a snapshot needs only the helpers below
    from jwtlint.engine.result import FileResult
    from jwtlint.engine.settings import Settings
    from jwtlint.semantics.project import Consulted

DEFAULT_DIR = ".jwtlint_cache"
#: Bumped whenever the layout of a cache file changes.
FORMAT = 3
#: Cache files of other configurations (or of earlier jwtlint code) kept besides the current one,
#: most recently written first: switching between a few configurations keeps hitting, while
#: developing jwtlint (a new file for each edit of its code) does not fill the disk.
KEEP_OTHERS = 7
#: A file modified this close to the start of the run that recorded its stat is read again next
#: time: wider than any file system's timestamp tick (FAT: 2 s) and the lag of the kernel's clock.
RACY_NS = 3 * 10**9
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
        self._stats: Optional[dict] = None
        self._new: dict[str, dict] = {}
        self._new_stats: dict[str, list] = {}
        #: Taken before any file is looked at: what the racy-file guard compares against.
        self._started_ns = time.time_ns()
        self._stat_before_read: dict[str, os.stat_result] = {}
        from jwtlint.semantics.project import Consulted

        #: What the results reused so far consulted outside their files (a run snapshot records it).
        self.consulted = Consulted()

    def unchanged(self, display: str, real: str) -> Optional[str]:
        """Without reading the file: the digest of its bytes when an earlier run read it ("" if
        they were no candidate then), provided its size, modification and change time and inode are the
        same and it is not racy; None when it has to be read.

        Racy, as git calls it: modified within :data:`RACY_NS` of the start of the run that
        recorded it, when a later write in the same timestamp tick would keep every stat field.
        """
        try:
            status = os.stat(real)
        except OSError:
            return None
        self._stat_before_read[display] = status  # before reading: a change after it is seen next run
        self._loaded()
        known = (self._stats or {}).get(display)
        if not (isinstance(known, list) and len(known) == 7 and all(type(n) is int for n in known[1:5])
                and type(known[6]) is int and isinstance(known[5], str)):
            return None
        recorded_real, size, mtime_ns, ctime_ns, inode, digest, started_ns = known
        # The change time moves with every write, even one that puts the modification time back.
        if recorded_real != real or (size, mtime_ns, ctime_ns, inode) != (
                status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino):
            return None
        if mtime_ns >= started_ns - RACY_NS:
            return None
        return digest

    def remember(self, display: str, real: str, data: Optional[bytes]) -> None:
        """Record the file's stat as :meth:`unchanged` took it, with its bytes if a candidate."""
        status = self._stat_before_read.pop(display, None)
        if status is None:
            return
        self._new_stats[display] = [real, status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino,
                                    "" if data is None else _digest(data), self._started_ns]

    def lookup(self, data: bytes, display: str, real: str) -> Optional[FileResult]:
        """The cached result for this file's bytes at this path, if nothing it depends on changed."""
        return self.lookup_digest(_digest(data), display, real)

    def lookup_digest(self, content: str, display: str, real: str) -> Optional[FileResult]:
        """:meth:`lookup` for bytes known by their digest (see :meth:`unchanged`)."""
        entry = self._loaded().get(display)
        if not isinstance(entry, dict) or not _well_formed(entry) or entry["content"] != content or entry["real"] != real \
                or entry["seal"] != _seal(content, entry):
            return None  # absent, damaged or edited by hand: analysed again, and the entry rewritten
        from jwtlint.engine.result import FileResult
        from jwtlint.semantics.project import Consulted

        try:
            consulted = Consulted.from_record(entry["consulted"])
            if not self.settings.project.still_holds(consulted):
                return None
            result = FileResult.from_record(entry["result"], display)
        except (LookupError, TypeError, ValueError, AttributeError, RecursionError):
            return None
        self.consulted.merge(consulted)
        return result

    def store(self, data: bytes, display: str, real: str, result: FileResult, consulted: Consulted) -> None:
        """Remember a result. An internal error and a result that ran into the time limit
        (:attr:`FileResult.transient`) are never cached: the next run tries again."""
        if result.internal_error is not None or result.transient:
            return
        content = _digest(data)
        entry = {"content": content, "real": real, "consulted": consulted.to_record(), "result": result.to_record()}
        entry["seal"] = _seal(content, entry)
        self._new[display] = entry

    def save(self) -> None:
        """Write the new entries over what is on disk now; a cache that cannot be written is skipped."""
        if not self._new and not self._new_stats and not self._holds_gone_files():
            return
        entries, stats = _read_file(self.path)
        entries.update(self._new)
        stats.update(self._new_stats)
        # Entries of files that are gone (deleted, renamed) would otherwise stay forever.
        entries = {display: entry for display, entry in entries.items()
                   if isinstance(entry, dict) and isinstance(entry.get("real"), str) and os.path.lexists(entry["real"])}
        stats = {display: known for display, known in stats.items()
                 if isinstance(known, list) and known and isinstance(known[0], str) and os.path.lexists(known[0])}
        if not write_atomically(self.directory, self.path, {"format": FORMAT, "entries": entries, "stats": stats}):
            return
        self._entries, self._stats = entries, stats
        self._new, self._new_stats = {}, {}
        self._prune()

    def _holds_gone_files(self) -> bool:
        """Whether an entry read this run is of a file that is gone: a run whose only change is a
        deletion writes the cache again, so that the entry does not stay forever."""
        return self._entries is not None and any(
            isinstance(entry, dict) and isinstance(entry.get("real"), str) and not os.path.lexists(entry["real"])
            for entry in self._entries.values())

    def _loaded(self) -> dict:
        if self._entries is None:
            self._entries, self._stats = _read_file(self.path)
        return self._entries

    def _prune(self) -> None:
        others = [path for path in self.directory.glob("results-*.json") if path != self.path]
        for stale in sorted(others, key=_mtime, reverse=True)[KEEP_OTHERS:]:
            with suppress(OSError):  # already removed by a concurrent run
                stale.unlink()


def write_atomically(directory: Path, path: Path, content: Union[dict, bytes]) -> bool:
    """Write ``content`` (bytes, or a dict as JSON) to ``path`` in ``directory`` (created and marked as a cache):
    to a temporary file renamed over it, so that a concurrent run never reads a torn file.
    False when it cannot be written (the run goes on without it)."""
    import tempfile  # only a run that writes pays for it

    try:
        prepare_directory(directory)
        handle = tempfile.NamedTemporaryFile("wb", dir=directory, prefix=".tmp-", suffix=".json", delete=False)
    except OSError:
        return False
    try:
        with handle:
            handle.write(content if isinstance(content, bytes) else
                         json.dumps(content, separators=(",", ":")).encode())
        os.replace(handle.name, path)
    except OSError:
        with suppress(OSError):
            os.unlink(handle.name)
        return False
    return True


def prepare_directory(directory: Path) -> None:
    """Create the cache folder, marked as ignored for git and for backup tools."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
        marker = directory / name
        if not marker.exists():
            marker.write_text(text, encoding="utf-8")


def _read_file(path: Path) -> tuple[dict, dict]:
    """The entries and the stat index of a cache file; a missing, unreadable, corrupt or foreign file has none."""
    try:
        content = json.loads(read_bytes(path, DATA_FILE_LIMIT))
    except (OSError, ValueError, RecursionError):  # RecursionError: JSON nested too deep
        return {}, {}
    if not isinstance(content, dict) or content.get("format") != FORMAT or not isinstance(content.get("entries"), dict):
        return {}, {}
    stats = content.get("stats")
    return content["entries"], stats if isinstance(stats, dict) else {}


def _seal(content: str, entry: dict) -> str:
    """A digest binding an entry's result to the content it was computed from: an entry damaged
    or edited by hand no longer matches (not a signature: anyone who can write the cache can
    recompute it, so CI should not trust a cache that untrusted branches can write)."""
    text = json.dumps([content, entry["real"], entry["consulted"], entry["result"]], sort_keys=True,
                      separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _is_span(value: object) -> bool:
    return isinstance(value, list) and len(value) == 4 and all(type(item) is int for item in value)


def is_finding(record: object) -> bool:
    if not isinstance(record, dict):
        return False
    texts = ("code", "name", "severity", "path", "message", "confidence", "fix", "statement_text")
    underline = record.get("underline")
    excerpt = record.get("excerpt")
    return (all(isinstance(record.get(key), str) for key in texts)
            and _is_span(record.get("span")) and _is_span(record.get("statement"))
            and isinstance(excerpt, list) and all(isinstance(line, str) for line in excerpt)
            and (underline is None or (isinstance(underline, list) and len(underline) == 2
                                       and all(type(item) is int for item in underline))))


def _well_formed(entry: object) -> bool:
    """Every field an entry is read for has the type it is read as (a cache is input like any other)."""
    if not isinstance(entry, dict) or not all(isinstance(entry.get(key), str) for key in ("content", "real", "seal")):
        return False
    consulted, result = entry.get("consulted"), entry.get("result")
    if not (isinstance(consulted, dict) and isinstance(consulted.get("files"), dict)
            and isinstance(consulted.get("answers"), list)
            and all(isinstance(item, list) and len(item) >= 2 and isinstance(item[0], str)
                    and all(isinstance(part, (str, int, type(None))) for part in item)
                    for item in consulted["answers"])
            and all(isinstance(value, (str, type(None))) for value in consulted["files"].values())):
        return False
    return (isinstance(result, dict) and isinstance(result.get("path"), str)
            and isinstance(result.get("analysed"), bool)
            and isinstance(result.get("error"), (str, type(None)))
            and all(isinstance(result.get(key), list) and all(is_finding(item) for item in result[key])
                    for key in ("findings", "suppressed")))


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
