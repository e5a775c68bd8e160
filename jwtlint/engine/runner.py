"""A whole run: walk, read, prefilter, reuse cached results, analyse the rest (in parallel when it pays), collect."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from jwtlint.engine.settings import Settings
from jwtlint.findings import FileError, Finding
from jwtlint.safe_read import TooLarge, read_bytes
from jwtlint.semantics.project import Consulted

if TYPE_CHECKING:  # a run that replays its snapshot neither walks nor builds results
    from jwtlint.engine.result import FileResult
    from jwtlint.files import Target
    from jwtlint.run_snapshot import Inputs

#: A process pool pays once there are this many candidate files, or this much candidate source.
#: Analysis runs at roughly 7 us a byte (one core, the dense benchmark tree) and starting forked
#: workers costs about 15 ms, so 64 KiB (~0.45 s alone) is where two cores clearly win.
POOL_THRESHOLD = 24
POOL_MIN_BYTES = 64 * 1024
#: Notebooks are JSON, not Python: parsed as Python they would silently report nothing.
NOTEBOOK_SUFFIX = ".ipynb"
NOTEBOOK_MESSAGE = "notebooks are not analysed; export the code cells to a .py file to check them"
#: Most worker processes a run starts, whatever ``--jobs`` asks: each holds a parsed file in memory.
MAX_JOBS = 32


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    internal_errors: list[tuple[str, str]] = field(default_factory=list)
    #: Paths skipped on purpose and why (not Python, a link out of the project).
    warnings: list[str] = field(default_factory=list)
    files: int = 0
    candidates: int = 0
    seconds: float = 0.0
    #: Some result depends on the machine (a file ran into the time limit): the run is not remembered.
    transient: bool = False

    def add(self, result: FileResult) -> None:
        self.transient = self.transient or result.transient
        self.findings.extend(result.findings)
        self.suppressed.extend(result.suppressed)
        if result.error is not None:
            self.errors.append(result.error)
        if result.internal_error is not None:
            self.internal_errors.append((result.path, result.internal_error))

    def stats(self) -> dict:
        by_code: dict[str, int] = {}
        for finding in self.findings:
            by_code[finding.code] = by_code.get(finding.code, 0) + 1
        return {"files": self.files, "candidates": self.candidates, "findings": len(self.findings),
                "suppressed": len(self.suppressed), "by_code": dict(sorted(by_code.items())),
                "seconds": round(self.seconds, 3)}


def check_paths(paths: Iterable[str], settings: Settings, *, respect_gitignore: Optional[bool] = None,
                force_exclude: Optional[bool] = None, jobs: Optional[int] = None,
                cache_dir: Optional[Path] = None, progress: Optional[Callable[[int, int, int, int], None]] = None,
                ) -> Report:
    """``cache_dir``: keep results there (see :mod:`jwtlint.cache`); None analyses every candidate.

    ``progress`` is told (files settled, files, candidates, findings) as the run goes.
    """
    started = time.perf_counter()
    paths = list(paths)
    snapshot = None
    if cache_dir is not None:
        from jwtlint.run_snapshot import RunSnapshot

        snapshot = RunSnapshot(cache_dir, settings, paths, (respect_gitignore, force_exclude))
        reused = snapshot.reuse()
        if reused is not None:  # nothing the last run read has changed: its report holds
            reused.seconds = time.perf_counter() - started
            return reused
    from jwtlint.files import Walker

    started_ns = time.time_ns()
    report = Report()
    inputs = None
    if snapshot is not None:
        # Made before the walk: creating it inside the tree changes a folder the walk lists.
        snapshot.prepare()
        inputs = _inputs()
    walker = Walker(settings.config, respect_gitignore, force_exclude, inputs=inputs)
    targets, walk_errors = walker.walk(paths)
    report.warnings.extend(walker.warnings)
    for error in walk_errors:
        report.add(_unreadable(error.display, error.message, settings))
    report.files = len(targets)
    cache = None
    if cache_dir is not None:
        from jwtlint.cache import ResultCache  # json and hashing only when caching

        cache = ResultCache(cache_dir, settings)
    work: list[tuple[bytes, str, str]] = []
    for index, target in enumerate(targets):
        if not settings.reports_on(target.display):
            continue  # test code, unless include-tests: not even read
        if progress is not None:
            progress(index - len(work), report.files, report.candidates, len(report.findings))
        real = str(target.path)
        if inputs is not None:
            inputs.read(real)
        if cache is not None and _known_unchanged(cache, target.display, real, report):
            continue
        if target.path.endswith(NOTEBOOK_SUFFIX):
            report.add(_unreadable(target.display, NOTEBOOK_MESSAGE, settings))
            continue
        data = _read(target, settings, report)
        if data is None:
            continue
        candidate = b"\0" in data or settings.prefilter.wants(data)
        if cache is not None:
            cache.remember(target.display, real, data if candidate else None)
        if candidate:
            report.candidates += 1
            cached = cache.lookup(data, target.display, real) if cache is not None else None
            if cached is None:
                work.append((data, target.display, real))
            else:
                report.add(cached)
    consulted = cache.consulted if cache is not None else None
    for index, (item, (result, item_consulted)) in enumerate(zip(work, _analyse_all(work, settings, jobs))):
        report.add(result)
        if progress is not None:
            progress(report.files - len(work) + index + 1, report.files, report.candidates, len(report.findings))
        if cache is not None:
            cache.store(*item, result, item_consulted)
        if consulted is not None:
            consulted.merge(item_consulted)
    if cache is not None:
        cache.save()
    from jwtlint.engine.used_elsewhere import settle

    settle(report)
    report.findings.sort(key=Finding.sort_key)
    if snapshot is not None and inputs is not None and consulted is not None:
        snapshot.save(report, inputs, consulted, started_ns)
    report.seconds = time.perf_counter() - started
    return report


def _inputs() -> Inputs:
    from jwtlint.run_snapshot import Inputs

    return Inputs()


def check_source(data: bytes, display: str, settings: Settings) -> Report:
    """Standard input: one file that is not on disk (``display`` still locates its imports)."""
    from jwtlint.engine.analyze import analyze_source

    started = time.perf_counter()
    report = Report(files=1)
    result = analyze_source(data, display, settings, real_path=os.path.abspath(display))
    report.candidates = 1 if result.analysed or result.error else 0
    report.add(result)
    report.seconds = time.perf_counter() - started
    return report


def _known_unchanged(cache, display: str, real: str, report: Report) -> bool:
    """A file whose stat says it is as an earlier run read it, and whose result (if it was a
    candidate) still holds, is settled without reading it; False when it has to be read."""
    digest = cache.unchanged(display, real)
    if digest is None:
        return False
    if digest == "":
        return True  # no candidate then, the same bytes now
    cached = cache.lookup_digest(digest, display, real)
    if cached is None:
        return False
    report.candidates += 1
    report.add(cached)
    return True


def _read(target: Target, settings: Settings, report: Report) -> Optional[bytes]:
    try:
        return read_bytes(target.path, settings.config.max_file_size)
    except TooLarge as error:
        report.add(_unreadable(target.display, str(error.strerror), settings))
        return None
    except OSError as error:
        report.add(_unreadable(target.display, f"cannot read: {error.strerror or error}", settings))
        return None


def _unreadable(display: str, message: str, settings: Settings) -> FileResult:
    from jwtlint.engine.result import FileResult, not_analysed

    return not_analysed(FileResult(path=display), settings, message)


def _analyse_one(item: tuple[bytes, str, str], settings: Settings) -> tuple[FileResult, Consulted]:
    """The result, and what the analysis consulted outside the file (what a cached result depends on)."""
    from jwtlint.engine.analyze import (
        analyze_source,  # the parser loads only when a file needs it
    )

    data, display, real = item
    started = time.monotonic()
    with settings.project.recording() as consulted:
        result = analyze_source(data, display, settings, real_path=real)
    if time.monotonic() - started >= settings.config.file_timeout:
        result.transient = True  # cut off by the time limit: another run, on a quieter machine, may finish it
    return result, consulted


_WORKER_SETTINGS: Optional[Settings] = None


def _init_worker(settings: Settings) -> None:
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings


def _work(item: tuple[bytes, str, str]) -> tuple[FileResult, Consulted]:
    assert _WORKER_SETTINGS is not None
    return _analyse_one(item, _WORKER_SETTINGS)


def _analyse_all(work: list, settings: Settings, jobs: Optional[int]) -> Iterable[tuple[FileResult, Consulted]]:
    workers = min(jobs if jobs is not None else min(os.cpu_count() or 1, 8), len(work), MAX_JOBS)
    enough = len(work) >= POOL_THRESHOLD or sum(len(item[0]) for item in work) >= POOL_MIN_BYTES
    if workers <= 1 or not enough:
        return (_analyse_one(item, settings) for item in work)  # one by one, as the progress display shows
    # Largest first, one file at a time: one big file started last would leave a core idle at the end.
    order = sorted(range(len(work)), key=lambda index: -len(work[index][0]))
    results: list = [None] * len(work)
    pending = _run_pool(work, order, results, settings, workers)
    # A worker died (the native parser crashed) and took the pool with it. The files it may have
    # been analysing are run again one per pool, so that only the file that kills a worker is lost.
    while pending:
        for index in _run_pool(work, pending[:1], results, settings, 1):
            results[index] = (_unreadable(work[index][1], "the parser crashed on this file", settings),
                              Consulted())
        pending = _run_pool(work, pending[1:], results, settings, workers)
    return results


def _run_pool(work: list, order: list[int], results: list, settings: Settings, workers: int) -> list[int]:
    """Analyse ``work[i]`` for each i of ``order`` into ``results``; the indexes left when a worker died."""
    if not order:
        return []
    import multiprocessing  # here, not at the top: a run with few candidates never pays for importing it
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    method = "fork" if sys.platform.startswith("linux") else None
    context = multiprocessing.get_context(method)
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                 initializer=_init_worker, initargs=(settings,)) as pool:
            for index, result in zip(order, pool.map(_work, [work[index] for index in order])):
                results[index] = result
                done += 1
    except BrokenProcessPool:
        return order[done:]
    return []
