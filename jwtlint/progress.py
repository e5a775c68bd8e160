"""A one-line progress display on standard error, for long runs at a terminal only.

It stays silent unless the stream is a terminal, the run is not in CI (``CI``
set, as every CI service does) and it has already taken :data:`DELAY` seconds:
short runs, pipes, log files and CI output never see it. It redraws at most
every :data:`INTERVAL` seconds and erases itself when the run ends, so the
report that follows starts on a clean line.
"""

from __future__ import annotations

import os
import time
from typing import Callable, Optional, TextIO

#: Seconds a run must have taken before the display appears.
DELAY = 1.0
#: Seconds between redraws.
INTERVAL = 0.1


class Progress:
    """Call with the counts so far; :meth:`close` erases the line if one was drawn."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        self.started = clock()
        self._next = self.started + DELAY
        self._drawn = 0

    def __call__(self, done: int, total: int, candidates: int, findings: int) -> None:
        now = self.clock()
        if now < self._next:
            return
        self._next = now + INTERVAL
        line = f"jwtlint: {done}/{total} files, {candidates} candidates, {findings} findings"
        self.stream.write("\r" + line.ljust(self._drawn))
        self.stream.flush()
        self._drawn = len(line)

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\r" + " " * self._drawn + "\r")
            self.stream.flush()
            self._drawn = 0


def progress_for(stream: TextIO, quiet: bool) -> Optional[Progress]:
    """A display for ``stream``, or None when it must stay silent (quiet, not a terminal, CI)."""
    if quiet or os.environ.get("CI"):
        return None
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError, OSError):  # a closed or unusual stream
        return None
    return Progress(stream) if terminal else None
