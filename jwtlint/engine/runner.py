"""A whole run: walk, read, prefilter, reuse cached results, analyse the rest (in parallel when it pays), collect."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from jwtlint.engine.settings import Settings
from jwtlint.findings import FileError, Finding
from jwtlint.safe_read import TooLarge, chunks_of, read_bytes
from jwtlint.semantics.project import Consulted

if TYPE_CHECKING:  # a run that replays its snapshot neither walks nor builds results
    from jwtlint.cache import ResultCache
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
#: Bytes of skipped files kept in memory for the second selection pass; past it they are read again.
KEEP_SKIPPED_BYTES = 32 * 1024 * 1024
#: Most worker processes a run starts, whatever ``--jobs`` asks: each holds a parsed file in memory.
MAX_JOBS = 32
#: Most bytes of a file past the size cap searched for a marker word (a chunk at a time).
MARKER_SCAN_LIMIT = 256 * 1024 * 1024


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

    def stats(self) -> dict[str, Any]:
        by_code: dict[str, int] = {}
        for finding in self.findings:
            by_code[finding.code] = by_code.get(finding.code, 0) + 1
        return {"files": self.files, "candidates": self.candidates, "findings": len(self.findings),
                "suppressed": len(self.suppressed), "by_code": dict(sorted(by_code.items())),
                "seconds": round(self.seconds, 3)}


#: One file to analyse: its bytes, its real path and the path reports show.
WorkItem = tuple[bytes, str, str]

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
        inputs = _inputs(started_ns)
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
    #: Files of the run that use a JWT library, and those that do not (yet): see _select_importers.
    modules: list[tuple[str, Optional[bytes]]] = []
    others: list[tuple[str, str, Optional[bytes]]] = []
    kept_bytes = 0
    settings.prefilter.admit_only(())  # what an earlier run in this process admitted
    for index, target in enumerate(targets):
        if not settings.reports_on(target.display):
            continue  # test code, unless include-tests: not even read
        if progress is not None:
            progress(index - len(work), report.files, report.candidates, len(report.findings))
        real = str(target.path)
        if inputs is not None:
            inputs.read(real)
        known = _known_unchanged(cache, target.display, real, report) if cache is not None else None
        if known is not None:
            if known:
                modules.append((real, None))
            else:
                others.append((target.display, real, None))
            continue
        if target.path.endswith(NOTEBOOK_SUFFIX):
            report.add(_unreadable(target.display, NOTEBOOK_MESSAGE, settings))
            continue
        data = _read(target, settings, report)
        if data is None:
            continue
        if b"\0" in data or settings.prefilter.wants(data):
            modules.append((real, data))
            _select(data, target.display, real, cache, report, work)
        else:
            kept = kept_bytes + len(data) <= KEEP_SKIPPED_BYTES
            kept_bytes += len(data) if kept else 0
            others.append((target.display, real, data if kept else None))
    _select_importers(modules, others, settings, cache, report, work)
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


def _inputs(started_ns: int) -> Inputs:
    from jwtlint.run_snapshot import Inputs

    return Inputs(started_ns)


def check_source(data: bytes, display: str, settings: Settings) -> Report:
    """Standard input: one file that is not on disk (``display`` still locates its imports)."""
    from jwtlint.engine.analyze import analyze_source

    started = time.perf_counter()
    report = Report(files=1)
    if display.endswith(NOTEBOOK_SUFFIX):  # as for a notebook named on the command line
        report.add(_unreadable(display, NOTEBOOK_MESSAGE, settings))
        report.seconds = time.perf_counter() - started
        return report
    result = analyze_source(data, display, settings, real_path=os.path.abspath(display))
    report.candidates = 1 if result.analysed or result.error else 0
    report.add(result)
    report.seconds = time.perf_counter() - started
    return report


def _known_unchanged(cache: ResultCache, display: str, real: str, report: Report) -> Optional[bool]:
    """A file whose stat says it is as an earlier run read it, and whose result (if it was a
    candidate) still holds, is settled without reading it: True if it was a candidate, False if
    not; None when it has to be read."""
    digest = cache.unchanged(display, real)
    if digest is None:
        return None
    if digest == "":
        return False  # no candidate then, the same bytes now
    cached = cache.lookup_digest(digest, display, real)
    if cached is None:
        return None
    report.candidates += 1
    report.add(cached)
    return True


def _select(data: bytes, display: str, real: str, cache: Optional[ResultCache], report: Report,
            work: list[tuple[bytes, str, str]], by_its_bytes: bool = True) -> None:
    """A candidate: its cached result, or onto the work list.

    One admitted for its imports (not ``by_its_bytes``) is recorded in the stat index as no
    candidate, so that the next run decides again whether it imports a JWT module (that depends
    on other files); its result is then found by content, without a parse.
    """
    if cache is not None:
        cache.remember(display, real, data if by_its_bytes else None)
    report.candidates += 1
    cached = cache.lookup(data, display, real) if cache is not None else None
    if cached is None:
        work.append((data, display, real))
    else:
        report.add(cached)


def _select_importers(modules: list[tuple[str, Optional[bytes]]], others: list[tuple[str, str, Optional[bytes]]], settings: Settings,
                      cache: Optional[ResultCache], report: Report, work: list[tuple[bytes, str, str]]) -> None:
    """The second selection pass (:mod:`jwtlint.importers`): of the files the prefilter skipped,
    those that import a module of the run that uses a JWT library are candidates too.

    Only a run with such modules reads the skipped files again (or for the first time, when
    the stat index settled them): whether a file imports a helper depends on other files.
    """
    from jwtlint.importers import ImportersOf

    importers = ImportersOf(modules, lambda path: _read_quietly(path, settings)) if modules else None
    admitted: list[bytes] = []
    for display, real, data in others:
        if importers:
            if data is None:
                data = _read_quietly(real, settings)
            if data is not None and importers.imports_one(data, real):
                admitted.append(data)
                _select(data, display, real, cache, report, work, by_its_bytes=False)
                continue
        if cache is not None:
            cache.remember(display, real, None)
    settings.prefilter.admit_only(admitted)


def _read_quietly(path: str, settings: Settings) -> Optional[bytes]:
    """A file of the run read again: it was readable a moment ago, and whatever changed since,
    the next run sees."""
    try:
        return read_bytes(path, settings.config.max_file_size)
    except OSError:
        return None


def _read(target: Target, settings: Settings, report: Report) -> Optional[bytes]:
    try:
        return read_bytes(target.path, settings.config.max_file_size)
    except TooLarge as error:
        if _may_use_jwt(target.path, error.size, settings):
            report.add(_unreadable(target.display, str(error.strerror), settings))
        return None
    except OSError as error:
        report.add(_unreadable(target.display, f"cannot read: {error.strerror or error}", settings))
        return None


def _may_use_jwt(path: str, size: int, settings: Settings) -> bool:
    """Whether a file past the size cap is worth a "too large to analyse" finding: a file with no
    marker word is no more a JWT file than the small ones the prefilter skips silently. One past
    :data:`MARKER_SCAN_LIMIT` is reported unread, and so is one that cannot be read again."""
    if size > MARKER_SCAN_LIMIT:
        return True
    try:
        with closing(chunks_of(path, MARKER_SCAN_LIMIT)) as chunks:
            return settings.prefilter.may_want(chunks)
    except OSError:
        return True


def _unreadable(display: str, message: str, settings: Settings) -> FileResult:
    from jwtlint.engine.result import FileResult, not_analysed

    return not_analysed(FileResult(path=display), settings, message)


def _analyse_one(item: WorkItem, settings: Settings, in_order: bool = False) -> tuple[FileResult, Consulted]:
    """The result, and what the analysis consulted outside the file (what a cached result depends on).

    ``in_order``: files come folder by folder, so the project index lets other modules' trees go
    when the next file is of another project (see ``Project.release_trees``)."""
    from jwtlint.engine.analyze import (
        analyze_source,  # the parser loads only when a file needs it
    )

    data, display, real = item
    settings.project.release_trees(real if in_order else None)
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


def _work(item: WorkItem) -> tuple[FileResult, Consulted]:
    assert _WORKER_SETTINGS is not None
    return _analyse_one(item, _WORKER_SETTINGS)


def _analyse_all(work: list[WorkItem], settings: Settings, jobs: Optional[int]
                 ) -> Iterable[tuple[FileResult, Consulted]]:
    workers = min(jobs if jobs is not None else min(os.cpu_count() or 1, 8), len(work), MAX_JOBS)
    enough = len(work) >= POOL_THRESHOLD or sum(len(item[0]) for item in work) >= POOL_MIN_BYTES
    if workers <= 1 or not enough:
        return (_analyse_one(item, settings, in_order=True) for item in work)  # one by one, as the progress shows
    # Largest first, one file at a time: one big file started last would leave a core idle at the end.
    order = sorted(range(len(work)), key=lambda index: -len(work[index][0]))
    results: list[Optional[tuple[FileResult, Consulted]]] = [None] * len(work)
    pending = _run_pool(work, order, results, settings, workers)
    # A worker died (the native parser crashed) and took the pool with it. The files it may have
    # been analysing are run again one per pool, so that only the file that kills a worker is lost.
    while pending:
        for index in _run_pool(work, pending[:1], results, settings, 1):
            results[index] = (_unreadable(work[index][1], "the parser crashed on this file", settings),
                              Consulted())
        pending = _run_pool(work, pending[1:], results, settings, workers)
    return [result for result in results if result is not None]  # every index is filled by now


def _run_pool(work: list[WorkItem], order: list[int], results: list[Optional[tuple[FileResult, Consulted]]],
              settings: Settings, workers: int) -> list[int]:
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
