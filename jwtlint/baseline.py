"""A baseline: adopt jwtlint in an existing codebase without fixing everything first.

``--write-baseline FILE`` records today's findings; ``--baseline FILE`` then
reports only findings that are not recorded. An entry is the rule code, the
path and a hash of the reported statement's normalised, masked text (see
:attr:`Finding.statement_text`), with a count for identical statements, so
entries survive lines moving above them and edits elsewhere in the file.
Recorded findings that no longer occur are "stale": the code was fixed or
changed, and the file should be rewritten so they cannot hide a new finding.

JWT001 (a file that could not be analysed) is never recorded: a file jwtlint
cannot read could hide any new finding, so it must stay visible until it is
fixed or excluded.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from jwtlint.findings import Finding
from jwtlint.report.text import printable
from jwtlint.safe_read import DATA_FILE_LIMIT, read_text

FORMAT_VERSION = 1
NEVER_RECORDED = frozenset({"JWT001"})

Key = tuple[str, str, str]


class BaselineError(Exception):
    """The baseline file is missing, unreadable or not a jwtlint baseline (exit 2)."""


@dataclass
class Baseline:
    counts: Counter = field(default_factory=Counter)
    messages: dict[Key, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """What applying a baseline did; the JSON format reports it as ``"baseline"``."""

    matched: int
    stale: list[dict]

    @property
    def stale_findings(self) -> int:
        return sum(entry["count"] for entry in self.stale)

    def to_dict(self) -> dict:
        return {"matched": self.matched, "stale": self.stale}


def key_of(finding: Finding) -> Key:
    """The path as printed (a name that is not UTF-8 has escapes), so the file is always writable."""
    digest = hashlib.sha256(finding.statement_text.encode("utf-8")).hexdigest()[:16]
    return finding.code, printable(finding.path), digest


def record(findings: list[Finding]) -> Baseline:
    baseline = Baseline()
    for finding in findings:
        if finding.code in NEVER_RECORDED:
            continue
        key = key_of(finding)
        baseline.counts[key] += 1
        baseline.messages.setdefault(key, finding.message)
    return baseline


def dumps(baseline: Baseline) -> str:
    entries = [_entry(key, count, baseline.messages.get(key, ""))
               for key, count in sorted(baseline.counts.items(), key=lambda item: _order(item[0]))]
    return json.dumps({"version": FORMAT_VERSION, "entries": entries}, indent=2, ensure_ascii=False) + "\n"


def write(path: str, findings: list[Finding]) -> Baseline:
    baseline = record(findings)
    try:
        Path(path).write_text(dumps(baseline), encoding="utf-8")
    except OSError as error:
        raise BaselineError(f"cannot write baseline {path}: {error.strerror or error}") from None
    return baseline


def load(path: str) -> Baseline:
    try:
        text = read_text(path, DATA_FILE_LIMIT)
    except OSError as error:
        raise BaselineError(f"cannot read baseline {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise BaselineError(f"baseline {path} is not UTF-8 text") from None
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:  # ValueError: also numbers over Python's digit limit
        reason = error if isinstance(error, json.JSONDecodeError) else "nested too deeply or a number too long"
        raise BaselineError(f"baseline {path} is not valid JSON ({reason}); "
                            "re-create it with --write-baseline") from None
    if not isinstance(document, dict) or document.get("version") != FORMAT_VERSION \
            or not isinstance(document.get("entries"), list):
        raise BaselineError(f"{path} is not a version {FORMAT_VERSION} jwtlint baseline; "
                            "re-create it with --write-baseline")
    baseline = Baseline()
    for number, entry in enumerate(document["entries"], start=1):
        key = _parse_entry(entry, path, number)
        baseline.counts[key] += entry["count"]
        baseline.messages.setdefault(key, entry.get("message", ""))
    return baseline


def apply(baseline: Baseline, report):
    """``report`` without the recorded findings, and what matched or went stale."""
    remaining = Counter(baseline.counts)
    kept, matched = [], 0
    for finding in report.findings:
        if finding.code not in NEVER_RECORDED:
            key = key_of(finding)
            if remaining[key] > 0:
                remaining[key] -= 1
                matched += 1
                continue
        kept.append(finding)
    stale = [_entry(key, count, baseline.messages.get(key, ""))
             for key, count in sorted(remaining.items(), key=lambda item: _order(item[0])) if count > 0]
    return replace(report, findings=kept), Outcome(matched=matched, stale=stale)


def _order(key: Key) -> tuple[str, str, str]:
    code, path, digest = key
    return path, code, digest


def _entry(key: Key, count: int, message: str) -> dict:
    code, path, digest = key
    return {"code": code, "path": path, "hash": digest, "count": count, "message": message}


def _parse_entry(entry, path: str, number: int) -> Key:
    fields_ok = isinstance(entry, dict) and all(isinstance(entry.get(name), str) for name in ("code", "path", "hash"))
    count = entry.get("count") if isinstance(entry, dict) else None
    if not fields_ok or not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise BaselineError(f"baseline {path}, entry {number}: expected code, path and hash strings and a "
                            "positive count; re-create it with --write-baseline")
    return entry["code"], entry["path"], entry["hash"]
