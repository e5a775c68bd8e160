"""``path:line:col: JWT101 [critical] message``, one line per finding, then a summary."""

from __future__ import annotations

from jwtlint.findings import Finding
from jwtlint.report import View
from jwtlint.report.colors import SEVERITY_COLOR, paint
from jwtlint.report.text import printable


def finding_line(finding: Finding, color: bool = False) -> str:
    """One line, whatever the path and the message hold (see :mod:`jwtlint.report.text`)."""
    where = paint(f"{printable(finding.path)}:{finding.line}:{finding.column}:", "bold", color)
    code = paint(finding.code, "red+bold", color)
    severity = paint(f"[{finding.severity.value}]", SEVERITY_COLOR[finding.severity], color)
    return f"{where} {code} {severity} {printable(finding.message)}"


def summary(report) -> str:
    count = len(report.findings)
    if count == 0:
        return "No findings."
    noun = "finding" if count == 1 else "findings"
    return f"Found {count} {noun}."


def render(report, view: View) -> str:
    lines = [finding_line(finding, view.color) for finding in report.findings]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
