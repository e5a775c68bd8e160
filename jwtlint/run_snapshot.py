"""A whole run remembered: a later run over a tree where nothing changed reads no file again.

The result cache (:mod:`jwtlint.cache`) saves parsing, but a run that reuses it still walks
the tree, matches every entry against the ``.gitignore`` files and stats every file. On a
tree with no JWT use that is the whole cost of a run, so the cache saved nothing. A snapshot
records the outcome of a run together with everything the outcome was derived from, each by
its ``stat``:

- every folder the walk listed (as git's untracked cache does: a folder whose modification
  time is unchanged has the same entries, since creating, deleting or renaming an entry
  changes it), and every ``.git`` and ``.gitignore`` the walk looked for above them;
- every file read (sources, and the modules other files' analysis consulted), by size,
  modification and change time, inode and mode (a ``chmod`` that makes a file unreadable
  changes its change time);
- the questions the analyses put to the project (which file an import names, the pinned
  PyJWT version), asked again on reuse.

The snapshot's name is a digest of the run's key: jwtlint's version and the stat of its own
files, the configuration, the enabled rules, the paths as given, the working directory and
the walk options, so an upgrade, a configuration change or another command line never
reuses it. A recorded input modified within :data:`jwtlint.cache.RACY_NS` of the start of the
run that recorded it is "racy" (a later write in the same timestamp tick keeps every stat
field), so its content is recorded too, when the walk lists it or the run reads it, and compared
on reuse, as git checks racy index entries: a folder by the names it holds, a file by a digest
of its bytes. (A run's own cache folder,
created at its start, makes the project root racy every time: a root whose names are unchanged
must not cost the next run a full walk.) A walk that met a symbolic link is not
recorded at all: what a link points to can change without any stat the walk took changing.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

from jwtlint.safe_read import DATA_FILE_LIMIT, read_bytes

if TYPE_CHECKING:
    from jwtlint.engine.runner import Report
    from jwtlint.engine.settings import Settings
    from jwtlint.semantics.project import Consulted

FORMAT = 2
#: Snapshots kept besides the one being written: pre-commit passes another list of files each time.
KEEP = 16

#: ``(mtime_ns, ctime_ns, size, inode, mode)``, or None for a path that does not exist.
Signature = Optional[tuple[int, int, int, int, int]]


def signature(path: str, follow: bool = True) -> Signature:
    """The stat fields that change whenever a file's content, a folder's entries or their mode do."""
    try:
        status = os.stat(path) if follow else os.lstat(path)
    except (OSError, ValueError):
        return None
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino, status.st_mode)


class Inputs:
    """What a run read from the file system, each path with its signature when it was read.

    ``"l:"`` prefixes a path looked at without following symbolic links (``.git`` probes).
    """

    def __init__(self, started_ns: int) -> None:
        self.seen: dict[str, Signature] = {}
        #: The content digest of each racy input (see :func:`content_digest`), taken when it
        #: was first met, so that a later change in the same timestamp tick shows.
        self.racy: dict[str, Optional[str]] = {}
        self._racy_after = started_ns - _racy_ns()
        #: False once the run met something a stat cannot vouch for (a symbolic link).
        self.recordable = True

    def listed(self, directory: str) -> None:
        """A folder about to be listed: taken before ``scandir``, so an entry added during the
        listing changes the folder after the recorded time."""
        self._note(os.path.abspath(directory), lambda: signature(directory))

    def read(self, path: str, status: Optional[os.stat_result] = None) -> None:
        """A file about to be read (``status``: its stat, when the caller already took it)."""
        self._note(os.path.abspath(path), lambda: _from_stat(status) if status is not None else signature(path))

    def _note(self, key: str, take: Callable[[], Signature]) -> None:
        if key in self.seen:
            return
        recorded = self.seen[key] = take()
        if recorded is not None and max(recorded[0], recorded[1]) >= self._racy_after:
            self.racy[key] = content_digest(key)

    def probed(self, path: str) -> None:
        """A path whose mere existence mattered (a ``.git`` marking a repository root)."""
        self.seen.setdefault("l:" + os.path.abspath(path), signature(path, follow=False))


def _from_stat(status: os.stat_result) -> Signature:
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino, status.st_mode)


def _racy_ns() -> int:
    from jwtlint.cache import RACY_NS

    return RACY_NS


def _unchanged(seen: dict[str, Any], contents: dict[str, Any]) -> bool:
    """Whether every input has its recorded signature (JSON made the tuples lists), and every
    racy one its recorded content."""
    for key, recorded in seen.items():
        current = signature(key[2:], follow=False) if key.startswith("l:") else signature(key)
        if (None if current is None else list(current)) != recorded:
            return False
    return all(content_digest(path) == digest for path, digest in contents.items())


def content_digest(path: str) -> Optional[str]:
    """A digest of a folder's entry names or of a file's bytes; None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        if os.path.isdir(path):
            digest.update("\0".join(sorted(os.listdir(path))).encode("utf-8", "surrogateescape"))
        else:
            digest.update(read_bytes(Path(path), DATA_FILE_LIMIT))
    except (OSError, ValueError):
        return None
    return digest.hexdigest()


class RunSnapshot:
    """The snapshot of one run key in ``directory``: :meth:`reuse` before a run, :meth:`save` after."""

    def __init__(self, directory: Path, settings: Settings, paths: Sequence[str],
                 options: Iterable[Union[str, bool, None]]) -> None:
        from jwtlint.cache import _code_stamp

        self.directory = directory
        self.settings = settings
        key = json.dumps([FORMAT, settings.fingerprint(), _code_stamp(), str(settings.config.root),
                          os.getcwd(), list(paths), list(options)])
        self.key = hashlib.sha256(key.encode()).hexdigest()
        self.path = directory / f"run-{self.key[:20]}.json"

    def prepare(self) -> None:
        """Create the cache folder now, if it can be (see :func:`jwtlint.cache.prepare_directory`)."""
        from jwtlint.cache import prepare_directory

        with suppress(OSError):
            prepare_directory(self.directory)

    def reuse(self) -> Optional[Report]:
        """The recorded report when every input still has its recorded signature, else None."""
        try:
            seal, _, body = read_bytes(self.path, DATA_FILE_LIMIT).partition(b"\n")
            if seal.decode("ascii") != _seal(body):
                return None  # damaged or edited by hand
            content = json.loads(body)
        except (OSError, ValueError, RecursionError):
            return None
        if not (isinstance(content, dict) and content.get("format") == FORMAT and content.get("key") == self.key
                and isinstance(content.get("seen"), dict) and isinstance(content.get("racy"), dict)):
            return None
        if not _unchanged(content["seen"], content["racy"]):
            return None
        try:
            if not self._answers_hold(content["answers"]):
                return None
            return _report_from(content["report"])
        except (LookupError, TypeError, ValueError, AttributeError):
            return None  # a damaged snapshot is a miss, and the run rewrites it

    def _answers_hold(self, answers: object) -> bool:
        if not isinstance(answers, list):
            return False
        if not answers:
            return True
        from jwtlint.semantics.project import Consulted

        return self.settings.project.still_holds(Consulted.from_record({"answers": answers, "files": {}}))

    def save(self, report: Report, inputs: Inputs, consulted: Consulted, started_ns: int) -> None:
        """Record ``report``; a run with an internal error or a file cut off by the time limit
        (both are tried again next time), or one ``inputs`` cannot vouch for, is not."""
        if report.internal_errors or report.transient or not inputs.recordable:
            return
        seen = dict(inputs.seen)
        for path in consulted.files:
            key = os.path.abspath(path)
            if key not in seen:
                recorded = seen[key] = signature(path)
                if recorded is not None and max(recorded[0], recorded[1]) >= started_ns - _racy_ns():
                    return  # racy, and read by the analysis before its content could be noted
        content = {"format": FORMAT, "key": self.key, "seen": seen, "racy": inputs.racy,
                   "answers": consulted.to_record()["answers"], "report": _report_record(report)}
        body = json.dumps(content, separators=(",", ":")).encode()
        from jwtlint.cache import write_atomically

        if write_atomically(self.directory, self.path, _seal(body).encode() + b"\n" + body):
            self._prune()

    def _prune(self) -> None:
        others = [path for path in self.directory.glob("run-*.json") if path != self.path]
        for stale in sorted(others, key=_mtime, reverse=True)[KEEP:]:
            with suppress(OSError):
                stale.unlink()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _seal(body: bytes) -> str:
    """The digest written above the body: a snapshot damaged or edited by hand is a miss
    (not a signature; see :func:`jwtlint.cache._seal`)."""
    return hashlib.sha256(body).hexdigest()


def _report_record(report: Report) -> dict[str, Any]:
    return {"findings": [finding.to_record() for finding in report.findings],
            "suppressed": [finding.to_record() for finding in report.suppressed],
            "errors": [[error.path, error.message] for error in report.errors],
            "warnings": list(report.warnings), "files": report.files, "candidates": report.candidates}


def _report_from(record: dict[str, Any]) -> Report:
    from jwtlint.cache import is_finding
    from jwtlint.engine.runner import Report
    from jwtlint.findings import FileError, Finding

    for key in ("findings", "suppressed"):
        if not (isinstance(record[key], list) and all(is_finding(item) for item in record[key])):
            raise ValueError("damaged finding")
    if not (all(isinstance(path, str) and isinstance(message, str) for path, message in record["errors"])
            and all(isinstance(warning, str) for warning in record["warnings"])
            and type(record["files"]) is int and type(record["candidates"]) is int):
        raise ValueError("damaged report")
    return Report(findings=[Finding.from_record(item) for item in record["findings"]],
                  suppressed=[Finding.from_record(item) for item in record["suppressed"]],
                  errors=[FileError(path, message) for path, message in record["errors"]],
                  warnings=list(record["warnings"]), files=record["files"], candidates=record["candidates"])
