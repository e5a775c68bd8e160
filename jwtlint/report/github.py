"""GitHub Actions workflow commands: one annotation per finding on the pull request diff.

``::error file=app.py,line=3,col=5,endLine=3,endColumn=40,title=JWT101 name::message``.
Critical and high findings are errors, medium warnings, low notices. Values
are escaped as GitHub's own toolkit does it, so a message can never end the
command early or start a new one; other control characters (an ESC the log
would interpret) are written as escapes first.
"""

from __future__ import annotations

from jwtlint.findings import Finding, Severity
from jwtlint.report import View
from jwtlint.report.text import printable

COMMAND = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
           Severity.LOW: "notice"}


def escape_data(text: str) -> str:
    """The message after ``::``: only ``%`` and line breaks are special there."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A ``key=value`` property: ``,`` separates properties and ``:`` ends them."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    span = finding.span
    properties = {"file": finding.path, "line": span.line, "col": span.column, "endLine": span.end_line,
                  "endColumn": span.end_column, "title": f"{finding.code} {finding.name}"}
    listed = ",".join(f"{key}={escape_property(printable(str(value), keep_newlines=True))}"
                      for key, value in properties.items())
    return f"::{COMMAND[finding.severity]} {listed}::{escape_data(printable(finding.message, keep_newlines=True))}"


def render(report, view: View) -> str:
    return "".join(annotation(finding) + "\n" for finding in report.findings)
