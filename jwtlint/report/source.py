"""Source text for reports: the lines of reported files, and a finding's statement.

Formats read source for excerpts (``full``) and for identities that must
survive lines moving (SARIF fingerprints, the baseline). A :class:`SourceLines`
lives for one rendering only: files change between runs in one process (the
pytest plugin, tests), so nothing is cached across reports.
"""

from __future__ import annotations

import re

from jwtlint.findings import Finding
from jwtlint.masking import redact
from jwtlint.safe_read import DEFAULT_SOURCE_LIMIT, read_bytes

#: The line breaks Python's tokenizer counts; ``str.splitlines`` also splits on
#: form feeds and other separators, which would shift every later line number.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class SourceLines:
    """Reads each file at most once per report; a file that cannot be read has no lines."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[str, ...]] = {}

    def __call__(self, path: str) -> tuple[str, ...]:
        if path not in self._files:
            self._files[path] = _read_lines(path)
        return self._files[path]

    def statement_text(self, finding: Finding) -> str:
        """The reported statement's lines, whitespace collapsed and secrets masked.

        Collapsing whitespace keeps the text stable under re-indentation and
        reformatting; masking means a hash of it cannot be used to guess a
        weak secret from a dictionary.
        """
        lines = self(finding.path)
        chosen = lines[finding.statement.line - 1:finding.statement.end_line]
        return " ".join(redact(" ".join(chosen), finding.secrets).split())


def _read_lines(path: str) -> tuple[str, ...]:
    try:
        data = read_bytes(path, DEFAULT_SOURCE_LIMIT)
    except OSError:
        return ()
    lines = _LINE_BREAK.split(data.decode("utf-8", "replace"))
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(lines)
