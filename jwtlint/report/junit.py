"""JUnit XML for CI test dashboards: each file with findings is a failing test case.

Only files with findings are known to the report, so those are the test
cases; a clean run is one passing case, which dashboards show as a pass
rather than as an empty suite. Each case carries a single ``<failure>``
listing its findings, because several failures per case are not read the
same way by every consumer. xml.etree escapes markup but writes control
characters as they are, which XML 1.0 does not allow: paths and messages are
made printable first (:mod:`jwtlint.report.text`). Messages are masked by the
rules, and no source text is included.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby

from jwtlint.findings import Finding
from jwtlint.report import View
from jwtlint.report.concise import finding_line
from jwtlint.report.text import printable

SUITE = "jwtlint"


def render(report, view: View) -> str:
    by_file = groupby(sorted(report.findings, key=Finding.sort_key), key=lambda finding: finding.path)
    cases = [_failing_case(path, list(findings)) for path, findings in by_file]
    failures = len(cases)
    if not cases:
        cases.append(ET.Element("testcase", name="no findings", classname=SUITE))
    suite = ET.Element("testsuite", name=SUITE, tests=str(len(cases)), failures=str(failures),
                       errors="0", skipped="0")
    suite.extend(cases)
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"


def _failing_case(path: str, findings: list[Finding]) -> ET.Element:
    shown = printable(path)
    case = ET.Element("testcase", name=shown, classname=SUITE, file=shown)
    codes = sorted({finding.code for finding in findings})
    worst = min((finding.severity for finding in findings), key=lambda severity: severity.rank)
    noun = "finding" if len(findings) == 1 else "findings"
    failure = ET.SubElement(case, "failure", message=f"{len(findings)} {noun}: {', '.join(codes)}",
                            type=worst.value)
    lines = []
    for finding in findings:
        lines.append(finding_line(finding))
        if finding.fix:
            lines.append(f"  fix: {finding.fix}")
    failure.text = "\n".join(lines)
    return case
