"""The tokens minted in the modules a file imports, for comparing token types across modules.

Projects mint their access and refresh tokens in one module (``core/security.py``) and verify
them in another (``api/deps.py``, which imports ``security`` for its algorithm or helpers). A
verification that never reads the type claim accepts a refresh token as an access token when
the key it verifies with mints tokens of different types anywhere it can see; the modules the
file imports are where those mints are. Each such module is walked once per run, without
rules, through :meth:`Project.per_module` (which journals it for the result cache).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from jwtlint.engine.context import Context
from jwtlint.engine.wrappers import walk_other_module
from jwtlint.rules.base import Rule
from jwtlint.semantics.token_types import TokenTypes
from jwtlint.semantics.values import ModuleRef, ProjectMember

if TYPE_CHECKING:
    from jwtlint.semantics.calls import ApiCall
    from jwtlint.semantics.project import Project


def imported_mints(ctx: Context) -> dict[str, list[TokenTypes]]:
    """Key identity -> the token-type facts of each imported module that mints with that key."""
    found: dict[str, list[TokenTypes]] = {}
    for path in sorted(_imported_modules(ctx)):
        facts = ctx.project.per_module("token types", path, _minted_in)
        if facts is None:
            continue
        for key in facts.minted:
            found.setdefault(key, []).append(facts)
    return found


def _imported_modules(ctx: Context) -> set[str]:
    """Files of the project that the module being analysed imports (or imports names from)."""
    scope = ctx.evaluator.fallback or ctx.evaluator.scope
    return {value.path for value in scope.bindings.values()
            if isinstance(value, (ModuleRef, ProjectMember)) and value.path and value.path != ctx.evaluator.path}


class _Mints(Rule):
    """Collects the module's token-type facts during a walk, as JWT405 does for the analysed
    file; reports nothing (it is no rule of the catalogue)."""

    def __init__(self, facts: TokenTypes) -> None:
        super().__init__()
        self.facts = facts

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        if ctx.anchor is None:
            self.facts.record(call)


def _minted_in(project: Project, path: str) -> Optional[TokenTypes]:
    facts = TokenTypes(path=path)
    walk_other_module(project, path, [_Mints(facts)])
    return facts if facts.minted else None
