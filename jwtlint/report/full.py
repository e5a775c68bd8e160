"""Concise lines plus the source excerpt (secrets masked) and how to fix each finding."""

from __future__ import annotations

from jwtlint.findings import Finding
from jwtlint.masking import redact
from jwtlint.report import View
from jwtlint.report.colors import paint
from jwtlint.report.concise import finding_line, summary
from jwtlint.report.source import SourceLines


def excerpt(finding: Finding, source: SourceLines, color: bool = False) -> list[str]:
    lines = source(finding.path)
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
    source = SourceLines()
    for finding in report.findings:
        block = [finding_line(finding, view.color)]
        if view.show_source:
            block.extend(excerpt(finding, source, view.color))
        if finding.fix:
            block.append(f"  {paint('fix:', 'cyan', view.color)} {finding.fix}")
        blocks.append("\n".join(block))
    blocks.append(summary(report))
    return "\n\n".join(blocks) + "\n"
