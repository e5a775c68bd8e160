"""The final module-level bindings of a module, computed before the walk.

A function may use a module constant defined further down; the walk falls
back to these bindings for names it has not reached. The same pass gives the
constants another module imports from this one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Optional, Union

import libcst as cst

from jwtlint.semantics import binder
from jwtlint.semantics.evaluate import Evaluator
from jwtlint.semantics.scopes import Scope
from jwtlint.semantics.values import ClassRef

if TYPE_CHECKING:
    from jwtlint.semantics.project import Project


def module_scope(project: Project, path: str, module: cst.Module, pyjwt_major: str = "") -> Scope:
    scope = Scope(kind="module", name="")
    evaluator = Evaluator(project, path, scope, pyjwt_major=pyjwt_major)
    _run(evaluator, module.body)
    return scope


def module_scope_of_file(project: Project, path: str) -> Optional[Scope]:
    module = project.parsed(path)
    if module is None:
        return None
    return module_scope(project, path, module, project.pyjwt_major(path))


def _run(evaluator: Evaluator, body: Sequence[Union[cst.BaseStatement, cst.BaseSmallStatement]]) -> None:
    """Bind what a block defines; a one-line block (``if TYPE_CHECKING: X = 1``) holds small statements."""
    for statement in body:
        if isinstance(statement, cst.BaseSmallStatement):
            apply_small_statement(evaluator, statement)
        elif isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                apply_small_statement(evaluator, small)
        elif isinstance(statement, cst.FunctionDef):
            evaluator.scope.bind(statement.name.value,
                                 binder.function_ref(evaluator, statement, statement.name.value))
        elif isinstance(statement, cst.ClassDef):
            evaluator.scope.bind(statement.name.value, _class(evaluator, statement))
        elif isinstance(statement, cst.If):
            _run(evaluator, statement.body.body)
            if statement.orelse is not None:
                _run(evaluator, statement.orelse.body.body if isinstance(statement.orelse, cst.Else)
                     else [statement.orelse])
        elif isinstance(statement, cst.Try):
            _run(evaluator, statement.body.body)
        elif isinstance(statement, cst.With):
            binder.bind_with_items(evaluator, statement)
            _run(evaluator, statement.body.body)


def _class(evaluator: Evaluator, node: cst.ClassDef) -> ClassRef:
    outer = evaluator.scope
    evaluator.scope = Scope(kind="class", name=node.name.value, parent=outer)
    try:
        for statement in node.body.body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, (cst.Assign, cst.AnnAssign)):
                        apply_small_statement(evaluator, small)
        attributes = dict(evaluator.scope.bindings)
    finally:
        evaluator.scope = outer
    return binder.class_ref(node, node.name.value, attributes, evaluator.path)


def apply_small_statement(evaluator: Evaluator, small: cst.BaseSmallStatement) -> None:
    if isinstance(small, cst.Import):
        binder.bind_import(evaluator, small)
    elif isinstance(small, cst.ImportFrom):
        binder.bind_import_from(evaluator, small)
    elif isinstance(small, cst.Assign):
        binder.bind_assign(evaluator, small)
    elif isinstance(small, cst.AnnAssign):
        binder.bind_ann_assign(evaluator, small)
    elif isinstance(small, cst.AugAssign):
        binder.bind_aug_assign(evaluator, small)
    elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        binder.apply_mutation(evaluator, small.value)
