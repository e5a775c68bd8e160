"""A per-file time limit: one pathological file must never hang the whole run.

The limit is a ``SIGALRM`` timer, which interrupts pure-Python analysis
wherever it is; native parsing is bounded beforehand by
:func:`jwtlint.parsing.check_shape`. A timer that was already running (pytest-timeout's, say) is
put back afterwards with the time it had left. Where there is no such timer
(Windows, or a thread other than the main one) the limit does not apply.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Optional


class AnalysisTimeout(BaseException):
    """Raised inside an analysis that ran out of time.

    A BaseException, so that no ``except Exception`` on the way (the evaluator has
    several, for user code it cannot fold) swallows it.
    """


def _expired(signum: int, frame: Optional[FrameType]) -> None:
    raise AnalysisTimeout


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`AnalysisTimeout` in the body once ``seconds`` have passed."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    started = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, _expired)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:
            left = previous_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), previous_interval)
