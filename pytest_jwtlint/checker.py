"""Which files the plugin checks, and one file in, one verdict out.

A verdict comes from the result cache when the file's key matches, else from
jwtlint's engine. It travels from an xdist worker to the controller as a plain
dict (:meth:`Verdict.pack`), the form pytest serialises test reports in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

from jwtlint.engine import FileResult, Settings, analyze_source
from jwtlint.engine.result import not_analysed
from jwtlint.files import PYTHON_SUFFIXES, Walker, display_path
from jwtlint.report.concise import finding_line
from jwtlint.safe_read import TooLarge, read_bytes
from pytest_jwtlint.cache import ResultCache, result_key


@dataclass
class Verdict:
    result: FileResult
    #: The cache key, or None when the result is not worth keeping (nothing was parsed, or it crashed).
    key: Optional[str]
    cached: bool
    #: What the analysis consulted outside the file (``Consulted.to_record()``), for the cache.
    consulted: Optional[dict] = None

    @property
    def failed(self) -> bool:
        return bool(self.result.findings) or self.result.internal_error is not None

    def failure_text(self) -> str:
        lines = [finding_line(finding) for finding in self.result.findings]
        if self.result.internal_error is not None:
            lines.append(f"jwtlint: internal error while analysing {self.result.path} (please report it):\n"
                         f"{self.result.internal_error}")
        return "\n".join(lines)

    def pack(self) -> dict:
        """A JSON-able form for test reports and the cache (findings hold no raw secret)."""
        record = self.result.to_record()
        return {"record": record, "internal_error": self.result.internal_error,
                "key": self.key, "cached": self.cached, "consulted": self.consulted}

    @classmethod
    def unpack(cls, packed: dict) -> Verdict:
        result = FileResult.from_record(packed["record"])
        result.internal_error = packed["internal_error"]
        return cls(result, packed["key"], packed["cached"], packed.get("consulted"))


class Checker:
    def __init__(self, settings: Settings, base: Path, cache: ResultCache) -> None:
        """``base`` is the folder paths are shown relative to, as the CLI shows them."""
        self.settings = settings
        self.cache = cache
        self._base = base
        self._walker = Walker(settings.config)
        self._fingerprint = settings.fingerprint()

    def wants(self, path: Path) -> bool:
        """A Python file that ``jwtlint check`` would look at: excludes and ``.gitignore`` apply.

        pytest's collection is not jwtlint's walk, so they apply to every file,
        including one named on the command line (as with ``--force-exclude``). Test code gets no
        item unless ``include-tests`` is on, as the command does not report on it.
        """
        return (path.name.endswith(PYTHON_SUFFIXES) and not self._walker.skips(path)
                and self.settings.reports_on(display_path(path, self._base)))

    def check(self, path: Path) -> Verdict:
        display = display_path(path, self._base)
        try:
            data = read_bytes(path, self.settings.config.max_file_size)
        except OSError as error:
            message = str(error.strerror) if isinstance(error, TooLarge) else f"cannot read: {error.strerror or error}"
            return Verdict(not_analysed(FileResult(path=display), self.settings, message), None, cached=False)
        key = result_key(self._fingerprint, display, self.settings.pyjwt_major(str(path)), data)
        cached = self.cache.lookup(display, key, self.settings.project)
        if cached is not None:
            return Verdict(cached, key, cached=True)
        with self.settings.project.recording() as consulted:
            result = analyze_source(data, display, self.settings, real_path=str(path))
        worth_keeping = (result.analysed or result.error is not None) and result.internal_error is None
        return Verdict(result, key if worth_keeping else None, cached=False, consulted=consulted.to_record())


#: Where items find the run's checker.
CHECKER = pytest.StashKey[Checker]()
