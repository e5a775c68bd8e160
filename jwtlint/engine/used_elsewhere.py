"""Suppressions used by other files: a comment where a value is defined covers its sinks elsewhere.

Each file is analysed alone (in a worker, or restored from the cache), so the file that
defines ``SECRET = "..."  # noqa: JWT301`` cannot tell that its comment suppressed a
finding in ``views.py``, which imports the constant and uses it as a key: its own analysis
reports the comment as hiding nothing (JWT002). Once every file of the run is analysed,
the codes that did suppress a finding of the value elsewhere are taken back from JWT002.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jwtlint.suppressions import codes_hiding_nothing, hides_nothing

if TYPE_CHECKING:
    from jwtlint.engine.runner import Report


def settle(report: Report) -> None:
    """Drop from ``report`` the JWT002 codes that a definition's comment used in another file."""
    covered: dict[tuple[str, int], set[str]] = {}
    for finding in report.suppressed:
        defined = finding.defined_at
        if defined is not None and defined.path != finding.path:
            for line in range(defined.span.line, defined.span.end_line + 1):
                covered.setdefault((defined.path, line), set()).add(finding.code)
    if not covered:
        return
    kept = []
    for finding in report.findings:
        used = covered.get((finding.path, finding.line)) if finding.code == "JWT002" else None
        unused = codes_hiding_nothing(finding.message) if used else None
        if unused is None or used is None:
            kept.append(finding)
            continue
        rest = [code for code in unused if code not in used]
        if rest:
            kept.append(finding.with_changes(message=hides_nothing(rest)))
    report.findings = kept
