"""The ``--fix``, ``--diff`` and ``--add-noqa`` modes of ``jwtlint check``.

They start from the report of a normal run, work only on files that have
findings and were analysed, and never print a secret: diffs are masked like
every other output. ``--fix`` writes each file atomically (a temporary file
beside it, then ``os.replace``, keeping the file's mode); the caller then
analyses again and reports what remains.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import tokenize
from collections.abc import Iterable
from pathlib import Path
from typing import Optional

from jwtlint.engine.settings import Settings
from jwtlint.findings import Finding
from jwtlint.fixes import fix_for
from jwtlint.report.text import printable

EXIT_CLEAN, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2


def write_atomically(path: str, data: bytes) -> None:
    """Replace the file's content in one step: a reader sees the old file or the new one, never half."""
    real = os.path.realpath(path)
    mode = stat.S_IMODE(os.stat(real).st_mode)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(real), prefix=f".{os.path.basename(real)}.",
                                         suffix=".jwtlint")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _by_file(report) -> dict[str, list[Finding]]:
    broken = {error.path for error in report.errors}
    grouped: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.path not in broken and finding.code != "JWT001":
            grouped.setdefault(finding.path, []).append(finding)
    return grouped


def _count(number: int, what: str = "finding") -> str:
    return f"{number} {what}" if number == 1 else f"{number} {what}s"


class _Run:
    """One invocation: where file contents come from, and the messages and exit status it gathers."""

    def __init__(self, stdin_data: Optional[bytes], stdin_name: str, stderr) -> None:
        self.stdin_data, self.stdin_name, self.stderr = stdin_data, stdin_name, stderr
        self.failed = False

    def read(self, path: str) -> Optional[bytes]:
        if self.stdin_data is not None and path == self.stdin_name:
            return self.stdin_data
        try:
            return Path(path).read_bytes()
        except OSError as error:
            self.error(f"cannot read {printable(path)}: {error.strerror or error}")
            return None

    def write(self, path: str, data: bytes) -> bool:
        try:
            write_atomically(path, data)
            return True
        except OSError as error:
            self.error(f"cannot write {printable(path)}: {error.strerror or error}; left unchanged")
            return False

    def error(self, message: str) -> None:
        self.failed = True
        print(f"jwtlint: {message}", file=self.stderr)


def run(args, report, settings: Settings, stdin_data: Optional[bytes], stdout, stderr) -> Optional[int]:
    """The exit status, or None when the caller should analyse again and report what remains (--fix)."""
    from jwtlint.cli import UsageError

    if args.unsafe_fixes and not (args.fix or args.diff):
        raise UsageError("--unsafe-fixes applies to --fix or --diff")
    if stdin_data is not None and not args.diff:
        raise UsageError("--fix and --add-noqa rewrite files; for standard input use --diff")
    session = _Run(stdin_data, args.stdin_filename or "-", stderr)
    files = _by_file(report)
    if args.add_noqa:
        return _add_noqa(files, session)
    return _fix(files, settings, session, args, stdout)


def _add_noqa(files: dict[str, list[Finding]], session: _Run) -> int:
    from jwtlint.fixes.noqa import add_noqa

    added = changed = 0
    for path, findings in sorted(files.items()):
        data = session.read(path)
        if data is None:
            continue
        encoding, _lines = tokenize.detect_encoding(iter(data.splitlines(keepends=True)).__next__)
        text, count = add_noqa(data.decode(encoding), findings)
        if count and session.write(path, text.encode(encoding)):
            added += count
            changed += 1
    print(f"jwtlint: added {_count(added, 'noqa comment')} in {_count(changed, 'file')}", file=session.stderr)
    return EXIT_ERROR if session.failed else EXIT_CLEAN


def _fix(files: dict[str, list[Finding]], settings: Settings, session: _Run, args, stdout) -> Optional[int]:
    from jwtlint.fixes.applier import fix_file, wanted
    from jwtlint.fixes.diff import masked_diff

    fixed = changed = 0
    remaining: list[Finding] = []
    for path, findings in sorted(files.items()):
        if not any(wanted(finding, args.unsafe_fixes) for finding in findings):
            remaining += findings
            continue
        data = session.read(path)
        if data is None:
            continue
        outcome = fix_file(data, path, os.path.abspath(path), settings, unsafe=args.unsafe_fixes)
        for code, trace in outcome.failures:
            session.error(f"internal error in the {code} fix for {printable(path)} (please report it):\n"
                          f"{printable(trace, keep_newlines=True)}")
        remaining += outcome.remaining
        if not outcome.changed:
            continue
        if args.diff:
            stdout.write(masked_diff(outcome))
        elif not session.write(path, outcome.fixed):
            continue
        fixed += len(outcome.applied)
        changed += 1
    verb = "would fix" if args.diff else "fixed"
    print(f"jwtlint: {verb} {_count(fixed)} in {_count(changed, 'file')}{_unsafe_hint(remaining, args)}",
          file=session.stderr)
    if session.failed:
        return EXIT_ERROR
    if args.diff:
        return EXIT_CHANGES if changed else EXIT_CLEAN
    return None


def _unsafe_hint(remaining: Iterable[Finding], args) -> str:
    if args.unsafe_fixes:
        return ""
    hidden = 0
    for finding in remaining:
        fix = fix_for(finding.code)
        if fix is not None and not fix.safe:
            hidden += 1
    return f"; {hidden} more may be fixed with --unsafe-fixes" if hidden else ""
