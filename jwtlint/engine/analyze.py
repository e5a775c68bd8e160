"""One file in, findings out: decode, parse once, walk once, attach, suppress.

Nothing here raises for bad input. A file that cannot be decoded or parsed
becomes a JWT001 finding that says why; a rule that crashes on a file is an
internal error for that file only, and the run goes on.
"""

from __future__ import annotations

import ast
import bisect
import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Optional

import libcst as cst
from libcst.metadata import CodeRange

from jwtlint.engine.context import Context, RawFinding
from jwtlint.engine.crash import masked_traceback
from jwtlint.engine.deadline import AnalysisTimeout, time_limit
from jwtlint.engine.definitions import Definition
from jwtlint.engine.precedence import apply_precedence
from jwtlint.engine.result import FileResult, not_analysed
from jwtlint.engine.settings import Settings
from jwtlint.engine.walker import Walker
from jwtlint.excerpts import SourceMask
from jwtlint.findings import Finding, Severity, Span
from jwtlint.parsing import TooComplex, check_shape, parse_module
from jwtlint.rules import rule_by_code
from jwtlint.rules.base import Rule
from jwtlint.semantics.evaluate import Evaluator
from jwtlint.semantics.prepass import module_scope
from jwtlint.semantics.scopes import Scope
from jwtlint.suppressions import (
    Suppression,
    find_suppressions,
    hides_nothing,
    index_by_line,
)


def analyze_source(data: bytes, display: str, settings: Settings, real_path: Optional[str] = None) -> FileResult:
    """Analyse one file's bytes. ``real_path`` locates sibling modules for imports."""
    result = FileResult(path=display)
    if not settings.reports_on(display):
        return result
    if b"\0" in data:
        return not_analysed(result, settings, "binary content (NUL bytes); not a Python source file")
    if not settings.prefilter.wants(data):
        return result
    limit = settings.config.file_timeout
    try:
        with time_limit(limit), _no_cycle_collection():
            return _analyse(result, data, display, settings, real_path)
    except AnalysisTimeout:
        return not_analysed(FileResult(path=display), settings, f"analysis took longer than {limit:g} s")


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while one file is analysed.

    Parsing allocates hundreds of thousands of objects, and each few hundred allocations start
    a collection pass that also scans the trees the project index keeps: about 12 % of the
    analysis of JWT-dense code, for nothing, since a syntax tree holds no reference cycle and
    is freed by reference counting. What cycles a file's analysis leaves are collected after it.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _analyse(result: FileResult, data: bytes, display: str, settings: Settings,
             real_path: Optional[str]) -> FileResult:
    try:
        module = _tree(data, real_path or display, settings)
        source = data.decode(module.encoding, errors="replace")
    except TooComplex as error:
        return not_analysed(result, settings, str(error), line=error.line)
    except cst.ParserSyntaxError as error:
        line, message = _syntax_error(data, error)
        return not_analysed(result, settings, message, line=line, text=_as_parser_reads(data))
    except (UnicodeDecodeError, LookupError, SyntaxError) as error:
        return not_analysed(result, settings, f"cannot decode: {_decode_reason(error)}")
    except RecursionError:
        return not_analysed(result, settings, "too deeply nested to parse")
    result.analysed = True
    try:
        raw, statements, positions = _walk(module, real_path or display, display, settings)
        _finish(result, raw, statements, positions, source, settings)
    except RecursionError:
        return not_analysed(result, settings, "too deeply nested to analyse")
    except MemoryError:
        return not_analysed(result, settings, "ran out of memory while analysing")
    except Exception as error:  # an analysis bug must not stop the scan
        result.internal_error = masked_traceback(error)
    return result


def _tree(data: bytes, real_path: str, settings: Settings) -> cst.Module:
    """The file's tree: the one the project index parsed from the same bytes, or a new parse."""
    tree = settings.project.tree_of(real_path, data)
    if tree is None:
        return parse_module(data)
    problem = check_shape(data)  # what the file is reported as does not depend on who parsed it
    if problem is not None:
        raise TooComplex(*problem)
    return tree


def _syntax_error(data: bytes, error: cst.ParserSyntaxError) -> tuple[int, str]:
    """Python's own wording and line for a syntax error; libcst's parser reports where it gave up."""
    try:
        compile(data, "<file>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as python_error:
        line = python_error.lineno or error.raw_line
        return line, f"syntax error at line {line}: {python_error.msg}"
    except (ValueError, RecursionError, MemoryError):
        pass
    return error.raw_line, f"syntax error at line {error.raw_line}: {error.message}"


def _as_parser_reads(data: bytes) -> str:
    """The text of a file that did not parse, decoded by its coding declaration as the parser would."""
    import io
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding, errors="replace")
    except (SyntaxError, LookupError):
        return data.decode("utf-8", errors="replace")


def _decode_reason(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return (f"not valid {error.encoding} at byte {error.start} and no matching coding declaration")
    return str(error)


def walk_module(module: cst.Module, real_path: str, display: str, settings: Settings,
                observers: tuple[Rule, ...] = ()) -> tuple[Context, Walker]:
    """One walk of ``module`` with the file's rules: the engine's, and the fix probe's (which adds
    ``observers`` to see what the rules saw)."""
    project = settings.project
    major = settings.pyjwt_major(real_path)
    final = module_scope(project, real_path, module, major)
    evaluator = Evaluator(project, real_path, Scope(kind="module", name=""), fallback=final, pyjwt_major=major)
    ctx = Context(path=display, evaluator=evaluator, project=project,
                  is_test_path=settings.is_test_path(display), module=module)
    rules = settings.rules_for(display)
    walker = Walker(ctx, [*observers, *rules])
    walker.walk(module)
    walker.finish()
    for rule in rules:
        rule.on_module_end(ctx)
    return ctx, walker


def _walk(module: cst.Module, real_path: str, display: str, settings: Settings
          ) -> tuple[list[RawFinding], list[CodeRange], Mapping[cst.CSTNode, CodeRange]]:
    ctx, walker = walk_module(module, real_path, display, settings)
    raw = apply_precedence(ctx.findings)
    if not raw:
        return [], [], {}
    # Most candidate files have no finding; only the others pay for positions.
    positions = ctx.positions()
    return raw, [statement.range(positions) for statement in walker.statements], positions


def _finish(result: FileResult, raw: list[RawFinding], statements: list[CodeRange],
            positions: Mapping[cst.CSTNode, CodeRange], source: str,
            settings: Settings) -> None:
    starts = [(r.start.line, r.start.column) for r in statements]
    findings = [(_to_finding(item, result.path, statements, starts, positions, settings), item) for item in raw]
    suppressions = find_suppressions(source)
    by_line = index_by_line(suppressions)
    for finding, item in sorted(findings, key=lambda pair: pair[0].sort_key()):
        hidden = _suppress(finding, by_line)
        if item.defined_at is not None:  # a comment where the value is written covers each of its sinks
            hidden = _suppress_at_definition(finding, item.defined_at, by_line) or hidden
        if hidden:
            result.suppressed.append(finding)
        else:
            result.findings.append(finding)
    result.findings.extend(_unused(suppressions, result.path, settings))
    # Every excerpt masks every secret of the file, whichever finding found it.
    mask = SourceMask(source, (secret for item in raw for secret in item.secrets))
    result.findings = sorted((mask.attach(finding) for finding in result.findings), key=Finding.sort_key)
    result.suppressed = [mask.attach(finding) for finding in result.suppressed]


def _to_finding(item: RawFinding, path: str, statements: list[CodeRange], starts: list[tuple[int, int]],
                positions: Mapping[cst.CSTNode, CodeRange], settings: Settings) -> Finding:
    node = item.anchor if item.anchor is not None else item.node
    where = positions[node]
    span = Span(where.start.line, where.start.column + 1, where.end.line, where.end.column + 1)
    statement = _statement_of(where, statements, starts) or span
    severity = item.severity
    if settings.lowers_severity(path):
        severity = severity.lowered()
    rule = item.rule
    return Finding(code=rule.code, name=rule.name, severity=severity, path=path, span=span,
                   message=item.message, statement=statement, confidence=item.confidence, fix=rule.fix,
                   defined_at=item.defined_at.location if item.defined_at is not None else None)


def _statement_of(where: CodeRange, statements: list[CodeRange], starts: list[tuple[int, int]]) -> Optional[Span]:
    position = (where.start.line, where.start.column)
    index = bisect.bisect_right(starts, position) - 1
    while index >= 0:
        candidate = statements[index]
        end = (candidate.end.line, candidate.end.column)
        if (candidate.start.line, candidate.start.column) <= position <= end:
            end_line = candidate.end.line
            if end_line > candidate.start.line and candidate.end.column == 0:
                end_line -= 1
            return Span(candidate.start.line, candidate.start.column + 1, end_line, candidate.end.column + 1)
        index -= 1
    return None


def _suppress_at_definition(finding: Finding, definition: Definition,
                            by_line: dict[int, list[Suppression]]) -> bool:
    """Whether a comment on the lines that define the finding's value suppresses it."""
    location = definition.location
    if location.path != finding.path:
        return finding.code in definition.suppressed
    return _suppress_lines(finding.code, set(range(location.span.line, location.span.end_line + 1)), by_line)


def _suppress(finding: Finding, by_line: dict[int, list[Suppression]]) -> bool:
    lines = set(range(finding.statement.line, finding.statement.end_line + 1))
    lines.update(range(finding.span.line, finding.span.end_line + 1))
    return _suppress_lines(finding.code, lines, by_line)


def _suppress_lines(code: str, lines: set[int], by_line: dict[int, list[Suppression]]) -> bool:
    hit = False
    for line in lines:
        for suppression in by_line.get(line, ()):
            if code in suppression.codes:
                suppression.used.add(code)
                hit = True
    return hit


def _is_prefix(code: str) -> bool:
    from jwtlint.rules import catalog

    return rule_by_code(code) is None and any(known.startswith(code) for known, _, _ in catalog.RULES)


def _unused(suppressions: list[Suppression], path: str, settings: Settings) -> list[Finding]:
    if not settings.enabled("JWT002", path):
        return []
    rule = rule_by_code("JWT002")
    assert rule is not None
    found = []
    for suppression in suppressions:
        span = Span(suppression.line, suppression.column, suppression.line, suppression.end_column)
        if suppression.bare:
            message = "`# jwtlint: ignore` without a code hides nothing; name the codes, e.g. `# jwtlint: ignore[JWT101]`"
        elif prefixes := sorted(code for code in suppression.codes if _is_prefix(code)):
            # As in ruff: a suppression names the codes it hides, so that it cannot hide the next rule too.
            named = ", ".join(prefixes)
            message = (f"{named} is a prefix, not a rule code: suppressions name full codes (e.g. JWT101), "
                       "so nothing is suppressed by it")
        else:
            unused = sorted(code for code in suppression.codes - suppression.used
                            if rule_by_code(code) is None or settings.enabled(code, path))
            if not unused:
                continue
            message = hides_nothing(unused)
        found.append(Finding(code=rule.code, name=rule.name, severity=Severity.LOW, path=path, span=span,
                             statement=span, message=message, fix=rule.fix))
    return found
