"""Command line: ``jwtlint check``, ``jwtlint rules``, ``jwtlint rule CODE``, ``jwtlint token``.

Exit codes are a contract: 0 nothing to report, 1 findings, 2 usage,
configuration or internal error. A broken configuration or a crash never
looks like a clean run, nor like a finding.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Optional, TextIO

from jwtlint import __version__
from jwtlint.report.text import printable

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A command line problem the user must fix (exit 2)."""


def _worker_count(text: str) -> int:
    """``--jobs``: a whole number of at least 1 (more than the files or 32 are not started)."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: at least one worker is needed")
    return count


def _codes(text: str, ignoring: bool = False) -> list[str]:
    """Comma-separated selectors; one that matches no rule (or nothing at all) is a usage error."""
    from jwtlint.selection import ignore_problem, selector_problem

    codes = [part.strip().upper() for part in text.split(",") if part.strip()]
    if not codes:
        raise argparse.ArgumentTypeError(f"{text!r} names no rule code or prefix (e.g. JWT1, JWT101)")
    for code in codes:
        problem = ignore_problem(code) if ignoring else selector_problem(code)
        if problem is not None:
            raise argparse.ArgumentTypeError(problem)
    return codes


def _ignored_codes(text: str) -> list[str]:
    return _codes(text, ignoring=True)


#: Commands whose parser needs no other command's options (see :func:`build_parser`).
_LIGHT_COMMANDS = ("check", "rules", "rule")


def build_parser(command: Optional[str] = None) -> argparse.ArgumentParser:
    """The parser; ``command``, when it is one of :data:`_LIGHT_COMMANDS`, is the one being run.

    The ``token`` command's options come from :mod:`jwtlint.token_check`, which imports the
    token code: a ``check`` (run by pre-commit on every commit) does not pay for it. Without a
    known command (help, a typo) every command is registered, so help and errors list them all.
    """
    from jwtlint.report import FORMATS

    # No abbreviations: `--form json` working today would break when an option `--formatter` is added.
    parser = argparse.ArgumentParser(prog="jwtlint", description="Static security linter for JWT misuse in Python.",
                                     allow_abbrev=False)
    parser.add_argument("--version", action="version", version=f"jwtlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check files and directories (default: .)", allow_abbrev=False)
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories; '-' reads standard input")
    check.add_argument("--format", choices=sorted(FORMATS), default="concise", help="output format")
    check.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output")
    check.add_argument("--select", type=_codes, metavar="CODES", help="comma-separated codes or prefixes to enable")
    check.add_argument("--extend-select", type=_codes, metavar="CODES", help="enable these on top of select")
    check.add_argument("--ignore", type=_ignored_codes, metavar="CODES", help="comma-separated codes or prefixes to disable")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--statistics", action="store_true", help="print counts per rule instead of findings")
    check.add_argument("--stdin-filename", metavar="NAME", help="the file name to report for standard input ('-')")
    check.add_argument("-v", "--verbose", action="store_true",
                       help="print the (masked) traceback of an internal error")
    check.add_argument("--config", metavar="FILE", help="read [tool.jwtlint] from this pyproject.toml")
    check.add_argument("--no-respect-gitignore", action="store_true", help="also check files .gitignore excludes")
    check.add_argument("--force-exclude", action="store_true", help="apply excludes to paths named explicitly")
    check.add_argument("--include-tests", action="store_true",
                       help="also report findings in test code (one severity lower)")
    check.add_argument("--jobs", type=_worker_count, metavar="N", help="worker processes (default: one per core)")
    check.add_argument("--cache-dir", metavar="DIR", help="keep results here (default: .jwtlint_cache at the project root)")
    check.add_argument("--no-cache", action="store_true", help="neither read nor write cached results")
    changes = check.add_mutually_exclusive_group()
    changes.add_argument("--fix", action="store_true", help="apply safe fixes, then report what remains")
    changes.add_argument("--diff", action="store_true", help="print the fixes as a diff and change nothing")
    changes.add_argument("--add-noqa", action="store_true", help="add '# noqa: CODE' to every reported statement")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, also apply unsafe fixes")
    check.add_argument("-q", "--quiet", action="store_true",
                       help="no progress display (shown only at a terminal, outside CI, after a second)")
    recorded = check.add_mutually_exclusive_group()
    recorded.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in FILE")
    recorded.add_argument("--write-baseline", metavar="FILE",
                          help="record the current findings in FILE (for --baseline) and report none of them")

    rules = commands.add_parser("rules", help="list every rule", allow_abbrev=False)
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rule = commands.add_parser("rule", help="show one rule's documentation", allow_abbrev=False)
    rule.add_argument("code", metavar="CODE")
    if command not in _LIGHT_COMMANDS:
        from jwtlint import token_check

        token_check.add_command(commands)
    return parser


def _command(argv: Sequence[str]) -> Optional[str]:
    """The command named first on the command line (None if none is)."""
    for argument in argv:
        if not argument.startswith("-"):
            return argument
    return None


def main(argv: Optional[Sequence[str]] = None, stdin: Optional[TextIO] = None,
         stdout: Optional[TextIO] = None, stderr: Optional[TextIO] = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr or io.StringIO()  # a closed stderr: messages go nowhere
    if stdout is None:
        print("jwtlint: error: standard output is closed", file=stderr)
        return EXIT_ERROR
    try:
        return _main(argv, stdin, stdout, stderr)
    except Exception as error:  # whatever escapes is an error of jwtlint's, never "findings" (exit 1)
        print(f"jwtlint: internal error: {type(error).__name__}: {printable(str(error))}", file=stderr)
        return EXIT_ERROR


def _main(argv, stdin, stdout, stderr) -> int:
    parser = build_parser(_command(sys.argv[1:] if argv is None else argv))
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_ERROR
    try:
        if args.command == "check":
            return _check(args, stdin, stdout, stderr)
        if args.command == "rules":
            return _rules(args, stdout)
        if args.command == "rule":
            return _rule(args, stdout)
        if args.command == "token":
            return _token(args, stdin or sys.stdin, stdout, stderr)
        parser.print_help(stdout)
        return EXIT_ERROR
    except UsageError as error:
        print(f"jwtlint: error: {printable(str(error))}", file=stderr)
        return EXIT_ERROR


def _token(args, stdin, stdout, stderr) -> int:
    from jwtlint import token_check

    try:
        return token_check.run(args, stdin, stdout)
    except token_check.TokenInputError as error:
        print(f"jwtlint: error: {printable(str(error))}", file=stderr)
        return EXIT_ERROR


def _check(args, stdin, stdout, stderr) -> int:
    from jwtlint.config import ConfigError, load_config
    from jwtlint.engine import Settings, check_paths, check_source
    from jwtlint.report import View, renderer
    from jwtlint.roots import scan_start

    try:
        os.getcwd()  # paths are shown relative to it, also when every argument is absolute
        start = scan_start(args.paths or ["."], args.stdin_filename)
    except OSError as error:
        raise UsageError(f"the working directory is not accessible ({error.strerror or error})") from None
    try:
        # Found from what is scanned, not from where the run starts: results never depend on the cwd.
        config = load_config(start, Path(args.config) if args.config else None)
    except ConfigError as error:
        print(f"jwtlint: configuration error: {printable(str(error))}", file=stderr)
        return EXIT_ERROR
    if args.select is not None:
        config.select = tuple(args.select)
    if args.extend_select:
        config.extend_select = (*config.extend_select, *args.extend_select)
    if args.ignore:
        config.ignore = (*config.ignore, *args.ignore)
    if args.force_exclude:
        config.force_exclude = True
    if args.include_tests:
        config.include_tests = True
    settings = Settings(config)
    if settings.selects_nothing():
        raise UsageError("the selection enables no rule (check --select, --ignore and [tool.jwtlint])")
    paths = args.paths or ["."]
    if args.stdin_filename is not None and "-" not in paths:
        raise UsageError("--stdin-filename names standard input: pass '-' as the path to read it")
    recorded = _load_baseline(args)
    source = None
    if "-" in paths:
        if len(paths) > 1:
            raise UsageError("'-' (standard input) cannot be combined with other paths")
        source = _read_stdin(stdin or sys.stdin, config.max_file_size)

    def analyse():
        if source is not None:
            return check_source(source, args.stdin_filename or "-", settings)
        from jwtlint.progress import progress_for

        progress = progress_for(stderr, args.quiet)
        try:
            return check_paths(paths, settings, respect_gitignore=False if args.no_respect_gitignore else None,
                               jobs=args.jobs, cache_dir=_cache_dir(args, config), progress=progress)
        finally:
            if progress is not None:
                progress.close()

    report = analyse()
    if args.fix or args.diff or args.add_noqa or args.unsafe_fixes:
        from jwtlint.fixes.command import run as change_files

        status = change_files(args, report, settings, source, stdout, stderr)
        if status is not None:
            return status
        report = analyse()
    for warning in report.warnings:
        print(f"jwtlint: warning: {printable(warning)}", file=stderr)
    for path, trace in report.internal_errors:
        from jwtlint.engine.crash import summary

        print(f"jwtlint: internal error while analysing {printable(path)} ({summary(trace)}; please report it"
              f"{'' if args.verbose else ', --verbose shows the traceback'})", file=stderr)
        if args.verbose:
            print(printable(trace, keep_newlines=True), file=stderr)
    report, outcome, note = _apply_baseline(args, recorded, report, stderr)

    if args.statistics:
        text = _statistics_json(report) if args.format == "json" else _statistics(report)
    else:
        output_to_terminal = args.output is None and _is_terminal(stdout)
        view = View(color=output_to_terminal, baseline=outcome.to_dict() if outcome else None)
        text = renderer(args.format)(report, view)
    _write(text, args.output, stdout)
    if note is not None:
        # Said on stdout after the report, unless stdout carries a format machines read.
        if args.output is None and args.format in ("json", "sarif", "junit", "github"):
            print(note, file=stderr)
        else:
            _write(note + "\n", None, stdout)
    if report.internal_errors:
        return EXIT_ERROR
    if report.findings and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _read_stdin(stream, limit: int) -> bytes:
    """Standard input, at most ``limit`` bytes of it; a closed or oversized input is a usage error."""
    if stream is None:
        raise UsageError("standard input is closed")
    try:
        data = stream.buffer.read(limit + 1) if hasattr(stream, "buffer") else stream.read(limit + 1).encode()
    except (OSError, ValueError) as error:
        raise UsageError(f"cannot read standard input: {error}") from None
    if len(data) > limit:
        raise UsageError(f"standard input is larger than max-file-size ({limit} bytes)")
    return data


def _load_baseline(args):
    """Read ``--baseline`` before the run, so that a missing or broken file fails fast."""
    if not args.baseline:
        return None
    from jwtlint import baseline

    try:
        return baseline.load(args.baseline)
    except baseline.BaselineError as error:
        raise UsageError(str(error)) from None


def _apply_baseline(args, recorded, report, stderr):
    """Write the baseline when asked, then hide the recorded findings.

    Returns the report, what applying the baseline did, and what ``--write-baseline`` recorded
    (a line for the user, None without it); stale entries are noted on stderr.
    """
    note = None
    if not args.write_baseline and recorded is None:
        return report, None, note
    from jwtlint import baseline

    if args.write_baseline:
        try:
            recorded = baseline.write(args.write_baseline, report.findings)
        except baseline.BaselineError as error:
            raise UsageError(str(error)) from None
        note = f"Recorded {_count(sum(recorded.counts.values()))} in {printable(args.write_baseline)}."
    if recorded is None:
        return report, None, note
    report, outcome = baseline.apply(recorded, report)
    if outcome.stale:
        shown = printable(args.baseline)
        print(f"jwtlint: baseline {shown}: {_count(outcome.stale_findings)} recorded but no longer "
              f"found (fixed or changed); run with --write-baseline {shown} to refresh it", file=stderr)
    return report, outcome, note


def _count(findings: int) -> str:
    return f"{findings} finding" if findings == 1 else f"{findings} findings"


def _cache_dir(args, config) -> Optional[Path]:
    if args.no_cache:
        return None
    from jwtlint.cache import DEFAULT_DIR

    return Path(args.cache_dir) if args.cache_dir else config.root / DEFAULT_DIR


def _is_terminal(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _write(text: str, output: Optional[str], stdout) -> None:
    """Write the report; a character the stream's encoding lacks is written as an escape, not a crash."""
    if output is None:
        encoding = getattr(stdout, "encoding", None)
        if encoding:
            text = text.encode(encoding, "backslashreplace").decode(encoding)
        try:
            stdout.write(text)
            stdout.flush()
        except BrokenPipeError:
            _discard_output(stdout)
        return
    try:
        Path(output).write_text(text, encoding="utf-8", errors="backslashreplace")
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror or error}") from None


def _statistics_rows(report) -> list[tuple[str, str, int]]:
    """(code, name, count), most frequent first."""
    from jwtlint.rules import rule_by_code

    counts = report.stats()["by_code"]
    rows = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = rule_by_code(code)
        rows.append((code, rule.name if rule else "", count))
    return rows


def _statistics(report) -> str:
    lines = [f"{count:>5}  {code}  {name}" for code, name, count in _statistics_rows(report)]
    lines.append(f"Found {len(report.findings)} findings." if report.findings else "No findings.")
    return "\n".join(lines) + "\n"


def _statistics_json(report) -> str:
    """``--statistics --format json``: one object, like the findings report, with the counts per rule."""
    import json

    document = {"version": __version__,
                "statistics": [{"code": code, "name": name, "count": count}
                               for code, name, count in _statistics_rows(report)],
                "errors": [error.to_dict() for error in report.errors],
                "stats": report.stats()}
    return json.dumps(document, indent=2) + "\n"


def _rules(args, stdout) -> int:
    import json

    from jwtlint.fixes import fix_kind
    from jwtlint.rules import all_rules

    rules = all_rules()
    if args.format == "json":
        rows = [{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity.value,
                 "summary": r.summary, "default_enabled": r.default_enabled, "fix": fix_kind(r) or None}
                for r in rules]
        _write(json.dumps(rows, indent=2) + "\n", None, stdout)
        return EXIT_CLEAN
    width = max(len(rule.name) for rule in rules)
    lines = []
    for rule in rules:
        opt_in = "  (opt-in)" if not rule.default_enabled else ""
        fix = f"fix: {fix_kind(rule)}" if rule.autofix else ""
        lines.append(f"{rule.code}  {rule.name.ljust(width)}  {rule.severity.value:<8}  {fix:<11}  "
                     f"{rule.summary}{opt_in}\n")
    _write("".join(lines), None, stdout)
    return EXIT_CLEAN


def _rule(args, stdout) -> int:
    from jwtlint.docs import rule_markdown
    from jwtlint.rules import rule_by_code

    rule = rule_by_code(args.code)
    if rule is None:
        raise UsageError(f"unknown rule {args.code!r}; 'jwtlint rules' lists them")
    _write(rule_markdown(rule), None, stdout)
    return EXIT_CLEAN


def _discard_output(stream) -> None:
    """The reader of our output went away (``jwtlint rules | head``): not an error, as in ruff.

    What is still buffered goes to the null device, so that the interpreter's final flush
    does not print a BrokenPipeError; the exit code stays the command's.
    """
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def entry_point() -> None:
    code = main()
    stream = sys.stdout  # None when the process started with standard output closed
    if stream is not None:
        try:
            stream.flush()
        except BrokenPipeError:
            _discard_output(stream)
    sys.exit(code)
