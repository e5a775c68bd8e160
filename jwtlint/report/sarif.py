"""SARIF 2.1.0, shaped for GitHub code scanning.

What GitHub reads and why it is filled the way it is:

- Rule metadata comes from the rule classes. ``security-severity`` (a score
  GitHub maps to critical/high/medium/low) and the ``security`` tag are given
  to security rules only; tool diagnostics (JWT0xx) carry ``problem.severity``
  instead, so a syntax error is not ranked like a vulnerability. Only rules
  that have a result are described: the renderer sees the report, not the
  selection, and a rule without results tells the reader nothing.
- Locations are relative to ``%SRCROOT%``, the working directory (run from the
  repository root, as CI does), so alerts map onto repository files.
- ``partialFingerprints`` carries our own key, hashed from the rule, the path
  and the reported statement's normalised text, so it survives lines moving.
  ``primaryLocationLineHash`` is left to GitHub's upload action, which
  computes it itself and warns about any value it did not compute.
- In-source suppressions are results marked ``inSource`` so that GitHub shows
  them as dismissed instead of forgetting them; files that could not be
  analysed are also tool execution notifications.

Nothing here prints source text, so there is nothing to mask beyond messages,
which rules mask already; fingerprints hash the statement text the analysis
masked, so no file is read. A file name that is not valid UTF-8 becomes a
percent-encoded URI of its bytes. Output is sorted and has no timestamps.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePath
from urllib.parse import quote

from jwtlint import __version__
from jwtlint.docs import rule_markdown
from jwtlint.findings import Finding, Severity, Span
from jwtlint.report import View
from jwtlint.report.text import printable
from jwtlint.rules import rule_by_code
from jwtlint.rules.base import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "jwtlintStatementHash/v1"

LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note"}
#: GitHub: over 9.0 is critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5", Severity.LOW: "3.0"}
PROBLEM_SEVERITY = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
                    Severity.LOW: "recommendation"}
#: GitHub shows at most this much of a rule's descriptions.
DESCRIPTION_LIMIT = 1024


def render(report, view: View) -> str:
    marked = [(finding, False) for finding in report.findings] + [(finding, True) for finding in report.suppressed]
    marked.sort(key=lambda item: item[0].sort_key())
    results = [finding for finding, _ in marked]
    rules = _rules_of(results)
    index = {rule.code: position for position, rule in enumerate(rules)}
    fingerprints = _fingerprints(results)
    run = {
        "tool": {"driver": {"name": "jwtlint", "version": __version__, "semanticVersion": __version__,
                            "rules": [_descriptor(rule) for rule in rules]}},
        "invocations": [_invocation(report)],
        "originalUriBaseIds": {SRCROOT: {"uri": _directory_uri(Path.cwd())}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(finding, index, fingerprint, suppressed)
                    for (finding, suppressed), fingerprint in zip(marked, fingerprints)],
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _rules_of(results: list[Finding]) -> list[type[Rule]]:
    rules = (rule_by_code(code) for code in sorted({finding.code for finding in results}))
    return [rule for rule in rules if rule is not None]


def _descriptor(rule: type[Rule]) -> dict:
    properties: dict = {"precision": rule.confidence}
    if rule.category == "diagnostics":
        properties["tags"] = [rule.category]
        properties["problem.severity"] = PROBLEM_SEVERITY[rule.severity]
    else:
        properties["tags"] = ["security", rule.category,
                              *(f"external/cwe/cwe-{number}" for number in rule.cwe)]
        properties["security-severity"] = SECURITY_SEVERITY[rule.severity]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _shorten(rule.what or rule.summary)},
        "help": {"text": _help_text(rule), "markdown": rule_markdown(rule)},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": properties,
    }


def _help_text(rule: type[Rule]) -> str:
    parts = [f"{rule.summary}.", rule.what, rule.why]
    if rule.fix:
        parts.append(f"Use instead: {rule.fix}")
    return "\n\n".join(part for part in parts if part)


def _shorten(text: str) -> str:
    if len(text) <= DESCRIPTION_LIMIT:
        return text
    return text[:DESCRIPTION_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _fingerprints(results: list[Finding]) -> list[str]:
    """``hash:occurrence`` per result; the occurrence tells identical statements in one file apart."""
    seen: dict[str, int] = {}
    fingerprints = []
    for finding in results:
        identity = "\0".join((finding.code, printable(finding.path), finding.statement_text))
        digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]
        seen[digest] = seen.get(digest, 0) + 1
        fingerprints.append(f"{digest}:{seen[digest]}")
    return fingerprints


def _result(finding: Finding, index: dict[str, int], fingerprint: str, suppressed: bool) -> dict:
    result: dict = {"ruleId": finding.code}
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    result.update({
        "level": LEVEL[finding.severity],
        "message": {"text": printable(finding.message)},
        "locations": [_location(finding.path, finding.span)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    })
    if finding.defined_at is not None:
        # Where the reported value is written (a constant used at several sinks): a path and
        # a range, no snippet, so the secret written there is not shown.
        related = _location(finding.defined_at.path, finding.defined_at.span)
        result["relatedLocations"] = [{"id": 1, **related, "message": {"text": "the value is defined here"}}]
    if suppressed:
        result["suppressions"] = [{"kind": "inSource"}]
    return result


def _location(path: str, span: Span) -> dict:
    return {"physicalLocation": {
        "artifactLocation": _artifact(path),
        "region": {"startLine": span.line, "startColumn": span.column,
                   "endLine": span.end_line, "endColumn": span.end_column},
    }}


def _invocation(report) -> dict:
    notifications = [_notification(error.path, error.message) for error in report.errors]
    notifications += [_notification(path, "internal error while analysing this file (please report it)")
                      for path, _trace in report.internal_errors]
    notifications.sort(key=lambda item: (item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                                         item["message"]["text"]))
    return {"executionSuccessful": not report.internal_errors, "toolExecutionNotifications": notifications}


def _notification(path: str, message: str) -> dict:
    return {"level": "error", "message": {"text": printable(f"{path}: {message}")},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(path)}}]}


def _artifact(path: str) -> dict:
    """A repository-relative URI under ``%SRCROOT%``; a path outside it stays an absolute file URI."""
    if PurePath(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(os.fsencode(PurePath(path).as_posix())), "uriBaseId": SRCROOT}


def _directory_uri(directory: Path) -> str:
    uri = directory.as_uri()
    return uri if uri.endswith("/") else uri + "/"
