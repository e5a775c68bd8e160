"""The ``return`` statements of one function, not those of functions or classes nested in it.

A claims loader's returns are its payload; until per-function facts carry returns,
this is the one walk that finds them.
"""

from __future__ import annotations

import libcst as cst

from jwtlint.semantics.syntax import descendants

_SCOPES = (cst.FunctionDef, cst.Lambda, cst.ClassDef)


def returns_of(function: cst.FunctionDef) -> list[cst.Return]:
    return [node for node in descendants(function.body, enter=lambda inner: not isinstance(inner, _SCOPES))
            if isinstance(node, cst.Return)]
