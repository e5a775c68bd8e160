"""One value, one finding: the declared precedence between rules, applied after selection.

A rule that names codes in ``supersedes`` replaces their findings at the same
place ("a placeholder is JWT302, not also JWT301"). The analyses report every
finding that applies; this is the only place one hides another, and only
among the rules that ran, so ``--ignore JWT302`` on a placeholder secret
brings back JWT301 instead of leaving nothing.
"""

from __future__ import annotations

from jwtlint.engine.context import RawFinding


def apply_precedence(raw: list[RawFinding]) -> list[RawFinding]:
    """``raw`` without the findings a finding of a superseding rule replaces at the same node."""
    replaced = {(code, _place(item)) for item in raw for code in item.rule.supersedes}
    if not replaced:
        return raw
    return [item for item in raw if (item.rule.code, _place(item)) not in replaced]


def _place(item: RawFinding) -> int:
    return id(item.anchor if item.anchor is not None else item.node)
