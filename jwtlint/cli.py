"""Command line: ``jwtlint check``, ``jwtlint rules``, ``jwtlint rule CODE``.

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

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A command line problem the user must fix (exit 2)."""


def _codes(text: str) -> list[str]:
    from jwtlint.selection import is_valid_selector

    codes = [part.strip().upper() for part in text.split(",") if part.strip()]
    for code in codes:
        if not is_valid_selector(code):
            raise argparse.ArgumentTypeError(f"{code!r} is not a rule code or prefix (e.g. JWT1, JWT101)")
    return codes


def build_parser() -> argparse.ArgumentParser:
    from jwtlint.report import FORMATS

    parser = argparse.ArgumentParser(prog="jwtlint", description="Static security linter for JWT misuse in Python.")
    parser.add_argument("--version", action="version", version=f"jwtlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check files and directories (default: .)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories; '-' reads standard input")
    check.add_argument("--format", choices=sorted(FORMATS), default="concise", help="output format")
    check.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output")
    check.add_argument("--select", type=_codes, metavar="CODES", help="comma-separated codes or prefixes to enable")
    check.add_argument("--extend-select", type=_codes, metavar="CODES", help="enable these on top of select")
    check.add_argument("--ignore", type=_codes, metavar="CODES", help="comma-separated codes or prefixes to disable")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--statistics", action="store_true", help="print counts per rule instead of findings")
    check.add_argument("--stdin-filename", metavar="NAME", help="the file name to report for standard input")
    check.add_argument("--config", metavar="FILE", help="read [tool.jwtlint] from this pyproject.toml")
    check.add_argument("--no-respect-gitignore", action="store_true", help="also check files .gitignore excludes")
    check.add_argument("--force-exclude", action="store_true", help="apply excludes to paths named explicitly")
    check.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: one per core)")
    check.add_argument("--cache-dir", metavar="DIR", help="keep results here (default: .jwtlint_cache at the project root)")
    check.add_argument("--no-cache", action="store_true", help="neither read nor write cached results")
    recorded = check.add_mutually_exclusive_group()
    recorded.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in FILE")
    recorded.add_argument("--write-baseline", metavar="FILE",
                          help="record the current findings in FILE (for --baseline) and report none of them")

    rules = commands.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rule = commands.add_parser("rule", help="show one rule's documentation")
    rule.add_argument("code", metavar="CODE")
    return parser


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
        print(f"jwtlint: internal error: {type(error).__name__}: {error}", file=stderr)
        return EXIT_ERROR


def _main(argv, stdin, stdout, stderr) -> int:
    parser = build_parser()
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
        parser.print_help(stdout)
        return EXIT_ERROR
    except UsageError as error:
        print(f"jwtlint: error: {error}", file=stderr)
        return EXIT_ERROR


def _check(args, stdin, stdout, stderr) -> int:
    from jwtlint.config import ConfigError, load_config
    from jwtlint.engine import Settings, check_paths, check_source
    from jwtlint.report import View, renderer

    try:
        cwd = Path.cwd()
    except OSError as error:
        raise UsageError(f"the working directory is not accessible ({error.strerror or error})") from None
    try:
        config = load_config(cwd, Path(args.config) if args.config else None)
    except ConfigError as error:
        print(f"jwtlint: configuration error: {error}", file=stderr)
        return EXIT_ERROR
    if args.select is not None:
        config.select = tuple(args.select)
    if args.extend_select:
        config.extend_select = (*config.extend_select, *args.extend_select)
    if args.ignore:
        config.ignore = (*config.ignore, *args.ignore)
    if args.force_exclude:
        config.force_exclude = True
    settings = Settings(config)
    recorded = _load_baseline(args)
    paths = args.paths or ["."]
    if "-" in paths:
        if len(paths) > 1:
            raise UsageError("'-' (standard input) cannot be combined with other paths")
        source = _read_stdin(stdin or sys.stdin, config.max_file_size)
        report = check_source(source, args.stdin_filename or "-", settings)
    else:
        report = check_paths(paths, settings, respect_gitignore=False if args.no_respect_gitignore else None,
                             jobs=args.jobs, cache_dir=_cache_dir(args, config))
    for path, trace in report.internal_errors:
        print(f"jwtlint: internal error while analysing {path} (please report it):\n{trace}", file=stderr)
    report, outcome = _apply_baseline(args, recorded, report, stderr)

    if args.statistics:
        text = _statistics(report)
    else:
        output_to_terminal = args.output is None and _is_terminal(stdout)
        view = View(color=output_to_terminal, baseline=outcome.to_dict() if outcome else None)
        text = renderer(args.format)(report, view)
    _write(text, args.output, stdout)
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
    from jwtlint import baseline

    if not args.baseline:
        return None
    try:
        return baseline.load(args.baseline)
    except baseline.BaselineError as error:
        raise UsageError(str(error)) from None


def _apply_baseline(args, recorded, report, stderr):
    """Write the baseline when asked, then hide the recorded findings; notes go to stderr."""
    from jwtlint import baseline

    if args.write_baseline:
        try:
            recorded = baseline.write(args.write_baseline, report.findings)
        except baseline.BaselineError as error:
            raise UsageError(str(error)) from None
        print(f"jwtlint: recorded {_count(sum(recorded.counts.values()))} in {args.write_baseline}", file=stderr)
    if recorded is None:
        return report, None
    report, outcome = baseline.apply(recorded, report)
    if outcome.stale:
        print(f"jwtlint: baseline {args.baseline}: {_count(outcome.stale_findings)} recorded but no longer "
              f"found (fixed or changed); run with --write-baseline {args.baseline} to refresh it", file=stderr)
    return report, outcome


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
    if output is None:
        stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror or error}") from None


def _statistics(report) -> str:
    from jwtlint.rules import rule_by_code

    counts = report.stats()["by_code"]
    lines = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = rule_by_code(code)
        lines.append(f"{count:>5}  {code}  {rule.name if rule else ''}")
    lines.append(f"Found {len(report.findings)} findings." if report.findings else "No findings.")
    return "\n".join(lines) + "\n"


def _rules(args, stdout) -> int:
    import json

    from jwtlint.rules import all_rules

    rules = all_rules()
    if args.format == "json":
        rows = [{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity.value,
                 "summary": r.summary, "default_enabled": r.default_enabled} for r in rules]
        stdout.write(json.dumps(rows, indent=2) + "\n")
        return EXIT_CLEAN
    width = max(len(rule.name) for rule in rules)
    for rule in rules:
        opt_in = "  (opt-in)" if not rule.default_enabled else ""
        stdout.write(f"{rule.code}  {rule.name.ljust(width)}  {rule.severity.value:<8}  {rule.summary}{opt_in}\n")
    return EXIT_CLEAN


def _rule(args, stdout) -> int:
    from jwtlint.docs import rule_markdown
    from jwtlint.rules import rule_by_code

    rule = rule_by_code(args.code)
    if rule is None:
        raise UsageError(f"unknown rule {args.code!r}; 'jwtlint rules' lists them")
    stdout.write(rule_markdown(rule))
    return EXIT_CLEAN


def entry_point() -> None:
    sys.exit(main())
