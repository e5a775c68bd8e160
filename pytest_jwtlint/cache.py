"""Results of earlier runs, kept in pytest's cache (``config.cache``).

One cache value, ``jwtlint/results``, maps each file's display path to the key
its result was computed under and the result's record. A key is a hash of
everything the result depends on that can be named cheaply: jwtlint's version,
the enabled rules and the configuration (:meth:`Settings.fingerprint`), the
display path (per-file ignores and test paths match on it), the PyJWT major
version that applies to the file, and the file's bytes. Beside the key an entry
keeps what the analysis consulted outside the file (settings modules it took
constants from, dependency pins), checked with the same
:meth:`Project.still_holds` as the CLI's cache. An entry whose key differs, or
whose outside facts changed, is stale and simply not used, so an edit anywhere
a result depends on is always seen. One entry per path keeps the value from
growing with every edit.

Only the process that owns the session writes: the controller under
pytest-xdist (workers only read), once, when the session finishes. Workers send
their results to the controller inside their test reports (see
:mod:`pytest_jwtlint.session`), so no two processes ever write the value at
the same time. Without the cache provider (``-p no:cacheprovider``) nothing is
read or written.
"""

from __future__ import annotations

import hashlib
from typing import Any, Optional

from jwtlint.engine import FileResult
from jwtlint.semantics.project import Consulted, Project

VALUE = "jwtlint/results"


def result_key(fingerprint: str, display: str, pyjwt_major: str, data: bytes) -> str:
    digest = hashlib.sha256()
    for part in (fingerprint, display, pyjwt_major):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(data)
    return digest.hexdigest()


class ResultCache:
    def __init__(self, store: Optional[Any], writer: bool) -> None:
        """``store`` is pytest's ``Cache`` (None without the cache provider)."""
        self._store = store
        self._writer = writer
        self._entries: Optional[dict] = None
        self._changed = False

    @classmethod
    def of(cls, config) -> ResultCache:
        # `workerinput` is how pytest-xdist marks a worker's config (xdist's own is_xdist_worker checks it).
        return cls(getattr(config, "cache", None), writer=not hasattr(config, "workerinput"))

    def _loaded(self) -> dict:
        if self._entries is None:
            value = self._store.get(VALUE, {}) if self._store is not None else {}
            self._entries = value if isinstance(value, dict) else {}
        return self._entries

    def lookup(self, path: str, key: str, project: Project) -> Optional[FileResult]:
        entry = self._loaded().get(path)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        try:
            if not project.still_holds(Consulted.from_record(entry["consulted"])):
                return None
            return FileResult.from_record(entry["record"], path)
        except (KeyError, TypeError, ValueError, AttributeError):  # a damaged entry is a miss, never an error
            return None

    def remember(self, path: str, key: str, record: dict, consulted: dict) -> None:
        if self._store is None or not self._writer:
            return
        self._loaded()[path] = {"key": key, "record": record, "consulted": consulted}
        self._changed = True

    def save(self) -> None:
        if self._changed and self._store is not None:
            self._store.set(VALUE, self._loaded())
            self._changed = False
