"""The ``return`` statements of one function, not those of functions or classes nested in it.

A claims loader's returns are its payload; until per-function facts carry returns,
this is the one walk that finds them.
"""

from __future__ import annotations

import libcst as cst


class _Returns(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[cst.Return] = []

    def visit_Return(self, node: cst.Return) -> None:
        self.found.append(node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False


def returns_of(function: cst.FunctionDef) -> list[cst.Return]:
    visitor = _Returns()
    function.body.visit(visitor)
    return visitor.found
