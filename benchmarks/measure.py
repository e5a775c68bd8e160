"""Timing child processes: wall clock, CPU time and peak memory of each run.

Every figure of the benchmark is a ratio of two commands measured in the same
run, alternating them, so that whatever else the machine is doing weighs on
both alike; the median of several runs absorbs the rest.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional


@dataclass(frozen=True)
class Run:
    wall: float        # seconds
    cpu: float         # user + system seconds, the process and the children it waited for
    peak_mb: float     # the largest resident set of the process or of one of its children
    stdout: bytes
    returncode: int


@dataclass(frozen=True)
class Command:
    name: str
    argv: Sequence[str]
    cwd: Path
    #: Called before each run (e.g. to delete a cache for a cold run); not timed.
    before: Optional[Callable[[], None]] = None
    #: The environment of the run; None: the benchmark's own.
    env: Optional[Mapping[str, str]] = None


def run(command: Command) -> Run:
    """One run. ``os.wait4`` gives this child's own resource usage, not that of every child so far."""
    if command.before is not None:
        command.before()
    started = time.perf_counter()
    process = subprocess.Popen(command.argv, cwd=command.cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, env=command.env)
    stdout = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if process.stdout:
        process.stdout.close()
    return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime, peak_mb=usage.ru_maxrss / 1024, stdout=stdout,
               returncode=os.waitstatus_to_exitcode(status))


def alternate(commands: Sequence[Command], runs: int, fewer: Optional[dict[str, int]] = None) -> dict[str, list[Run]]:
    """``runs`` rounds of every command in turn; ``fewer`` caps slow ones (name -> runs)."""
    fewer = fewer or {}
    results: dict[str, list[Run]] = {command.name: [] for command in commands}
    for round_ in range(runs):
        for command in commands:
            if round_ < fewer.get(command.name, runs):
                results[command.name].append(run(command))
    return results


def median_wall(runs: Sequence[Run]) -> float:
    return statistics.median(r.wall for r in runs)


def median_cpu(runs: Sequence[Run]) -> float:
    return statistics.median(r.cpu for r in runs)


def peak(runs: Sequence[Run]) -> float:
    return max(r.peak_mb for r in runs)
