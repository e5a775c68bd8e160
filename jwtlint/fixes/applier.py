"""Fixing one file: locate each finding again, apply the fixes that fit, re-analyse, repeat.

Each round parses the current text once, asks every fixable finding for an
edit, applies the edits that do not overlap in one transformation and runs
the analysis again on the result; overlapping edits wait for the next round,
where their findings are located in the new text. A round whose result no
longer parses or analyses is thrown away. Files jwtlint could not analyse are
never touched.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from jwtlint.engine.analyze import analyze_source
from jwtlint.engine.result import FileResult
from jwtlint.engine.settings import Settings
from jwtlint.findings import Finding
from jwtlint.fixes import fix_for
from jwtlint.fixes.base import Edit, Target
from jwtlint.fixes.edits import apply_edits, overlaps
from jwtlint.fixes.probe import probe

#: A fix that keeps producing edits would loop; a real file needs two or three rounds.
MAX_ROUNDS = 8


@dataclass
class FileFix:
    path: str
    original: bytes
    fixed: bytes
    encoding: str = "utf-8"
    #: Findings of the original text that a fix was applied to.
    applied: list[Finding] = field(default_factory=list)
    #: What the analysis reports on the fixed text.
    remaining: list[Finding] = field(default_factory=list)
    #: Raw secret texts the rules found in any round's text, for masking the diff.
    secrets: set[str] = field(default_factory=set)
    #: Fixes that crashed (a bug in jwtlint): (code, traceback).
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def wanted(finding: Finding, unsafe: bool) -> bool:
    fix = fix_for(finding.code)
    return fix is not None and (fix.safe or unsafe)


def fix_file(data: bytes, display: str, real_path: str, settings: Settings, *, unsafe: bool,
             result: Optional[FileResult] = None) -> FileFix:
    """``result``: the analysis of ``data`` when the caller already has it."""
    result = result or analyze_source(data, display, settings, real_path=real_path)
    outcome = FileFix(path=display, original=data, fixed=data, remaining=list(result.findings))
    if not result.analysed or result.error is not None or result.internal_error is not None:
        return outcome
    for _round in range(MAX_ROUNDS):
        fixable = [finding for finding in outcome.remaining if wanted(finding, unsafe)]
        if not fixable:
            break
        module = cst.parse_module(outcome.fixed)
        outcome.encoding = module.encoding
        edits, fixed = _plan(module, fixable, display, real_path, settings, outcome)
        if not edits:
            break
        new = apply_edits(module, edits).bytes
        if new == outcome.fixed:
            break
        again = analyze_source(new, display, settings, real_path=real_path)
        if not again.analysed or again.error is not None or again.internal_error is not None:
            break
        outcome.fixed, outcome.remaining = new, list(again.findings)
        outcome.applied += fixed
    return outcome


def _plan(module: cst.Module, fixable: list[Finding], display: str, real_path: str, settings: Settings,
          outcome: FileFix) -> tuple[list[Edit], list[Finding]]:
    seen = probe(module, display, real_path, settings)
    outcome.secrets |= seen.secrets()
    edits: list[Edit] = []
    fixed: list[Finding] = []
    for finding in sorted(fixable, key=Finding.sort_key):
        fix = fix_for(finding.code)
        assert fix is not None
        target = Target(finding=finding, module=module, nodes=seen.nodes_at(finding.span), probe=seen,
                        settings=settings)
        if not target.nodes:
            continue
        try:
            edit = fix.apply(target)
        except Exception:  # a bug in one fix must not stop the others or the run
            outcome.failures.append((finding.code, traceback.format_exc(limit=6)))
            continue
        if edit is None or not edit.replacements or overlaps(edit, edits, seen.positions):
            continue
        edits.append(edit)
        fixed.append(finding)
    return edits, fixed
