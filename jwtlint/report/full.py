"""Concise lines plus the source excerpt (secrets masked) and how to fix each finding.

The excerpt and its underline come with the finding, masked by the analysis
(:mod:`jwtlint.excerpts`); nothing here reads a file.
"""

from __future__ import annotations

from jwtlint.findings import Finding
from jwtlint.report import View
from jwtlint.report.colors import paint
from jwtlint.report.concise import finding_line, summary
from jwtlint.report.text import printable


def excerpt(finding: Finding, color: bool = False) -> list[str]:
    if not finding.excerpt:
        return []
    out = []
    width = len(str(finding.line + len(finding.excerpt) - 1))
    for number, text in enumerate(finding.excerpt, start=finding.line):
        out.append(f"  {paint(str(number).rjust(width), 'blue', color)} | {printable(text)}")
    if finding.underline is not None:
        start, length = finding.underline
        first = finding.excerpt[0]
        # Escaping widens what it escapes: measure the underline on the printed text.
        shown_start = len(printable(first[:start]))
        shown_length = max(1, len(printable(first[start:start + length])))
        out.append(f"  {' ' * width} | {' ' * shown_start}{paint('^' * shown_length, 'red', color)}")
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
