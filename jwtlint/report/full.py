"""Concise lines plus the source excerpt (secrets masked) and how to fix each finding."""

from __future__ import annotations

from functools import lru_cache

from jwtlint.findings import Finding
from jwtlint.masking import redact
from jwtlint.report import View
from jwtlint.report.colors import paint
from jwtlint.report.concise import finding_line, summary


@lru_cache(maxsize=256)
def _lines(path: str) -> tuple[str, ...]:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return ()
    return tuple(data.decode("utf-8", "replace").splitlines())


def excerpt(finding: Finding, color: bool = False) -> list[str]:
    lines = _lines(finding.path)
    if not lines or finding.line > len(lines):
        return []
    out = []
    last = min(finding.span.end_line, finding.line + 4, len(lines))
    width = len(str(last))
    for number in range(finding.line, last + 1):
        text = redact(lines[number - 1], finding.secrets)
        out.append(f"  {paint(str(number).rjust(width), 'blue', color)} | {text}")
    if finding.span.end_line == finding.line:
        start = finding.column - 1
        length = max(1, finding.span.end_column - finding.column)
        out.append(f"  {' ' * width} | {' ' * start}{paint('^' * length, 'red', color)}")
    return out


def render(report, view: View) -> str:
    blocks = []
    for finding in report.findings:
        block = [finding_line(finding, view.color)]
        if view.show_source:
            block.extend(excerpt(finding, view.color))
        if finding.fix:
            block.append(f"  {paint('fix:', 'cyan', view.color)} {finding.fix}")
        blocks.append("\n".join(block))
    blocks.append(summary(report))
    return "\n\n".join(blocks) + "\n"
