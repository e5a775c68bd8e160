"""Automatic fixes: libcst transformations of reported statements (``--fix``, ``--diff``, ``--unsafe-fixes``).

A rule names its fix in :attr:`jwtlint.rules.base.Rule.autofix`; the fix
itself lives here, one module per family, so that rules stay about finding
problems and a run that fixes nothing never imports this package.
"""

from __future__ import annotations

from typing import Optional

from jwtlint.fixes.algorithms import ALGORITHMS_AS_LIST, ALGORITHMS_FROM_PROJECT
from jwtlint.fixes.base import Edit, Fix, Target
from jwtlint.fixes.pyjwt2 import PYJWT2_SPELLING
from jwtlint.fixes.secrets import ENV_WITHOUT_FALLBACK, KEY_FROM_ENVIRONMENT
from jwtlint.fixes.switches import LEEWAY_TO_MAXIMUM, REMOVE_CHECK_SWITCH

FIXES: dict[str, Fix] = {fix.name: fix for fix in (
    ALGORITHMS_AS_LIST, PYJWT2_SPELLING, ALGORITHMS_FROM_PROJECT, ENV_WITHOUT_FALLBACK,
    KEY_FROM_ENVIRONMENT, REMOVE_CHECK_SWITCH, LEEWAY_TO_MAXIMUM)}

__all__ = ["FIXES", "Edit", "Fix", "Target", "fix_for", "fix_kind"]


def fix_for(code: str) -> Optional[Fix]:
    """The fix the rule with this code declares, if any."""
    from jwtlint.rules import rule_by_code

    rule = rule_by_code(code)
    return FIXES[rule.autofix] if rule is not None and rule.autofix else None


def fix_kind(rule) -> str:
    """"safe", "unsafe" or "" (no automatic fix), as ``jwtlint rules`` and the docs show it."""
    if not rule.autofix:
        return ""
    return "safe" if FIXES[rule.autofix].safe else "unsafe"
