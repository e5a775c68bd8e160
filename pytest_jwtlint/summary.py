"""The ``jwtlint`` section of the terminal summary: findings counted by rule."""

from __future__ import annotations

from collections import Counter

from pytest_jwtlint.checker import Verdict


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


class Tally:
    """Counts over the verdicts that reach this process: on the xdist controller, all of them."""

    def __init__(self) -> None:
        self.files = 0
        self.files_with_findings = 0
        self.from_cache = 0
        self.crashed = 0
        self.by_code: Counter = Counter()
        self.names: dict[str, str] = {}

    def add(self, verdict: Verdict) -> None:
        self.files += 1
        self.files_with_findings += bool(verdict.result.findings)
        self.from_cache += verdict.cached
        self.crashed += verdict.result.internal_error is not None
        for finding in verdict.result.findings:
            self.by_code[finding.code] += 1
            self.names[finding.code] = finding.name

    def lines(self) -> list[str]:
        rows = [f"{count:>5}  {code}  {self.names[code]}"
                for code, count in sorted(self.by_code.items(), key=lambda item: (-item[1], item[0]))]
        total = sum(self.by_code.values())
        found = f"{_plural(total, 'finding')} in {self.files_with_findings} of {_plural(self.files, 'file')}" \
            if total else f"no findings in {_plural(self.files, 'file')}"
        rows.append(f"jwtlint: {found} ({self.from_cache} from cache)")
        if self.crashed:
            rows.append(f"jwtlint: {_plural(self.crashed, 'file')} could not be analysed (internal error)")
        return rows
