"""The single traversal: keeps scopes in step with the code and feeds the rules.

Bindings change when a statement is left (so a call on the right-hand side
still sees the old value), library calls are dispatched when they are
entered, and every statement's span is recorded so that findings can be
attached to the statement that holds them.

The walk reads the tree through :func:`jwtlint.semantics.syntax.children` (the nodes
that carry meaning, in libcst's order) rather than with a ``CSTVisitor``, whose visit
rebuilds every node and costs as much as parsing; it enters and leaves only the node
types it or a rule has something to do for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Optional

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import CodeRange

from jwtlint.engine.context import Context
from jwtlint.engine.wrappers import WrapperCalls
from jwtlint.rules.base import Rule, overrides
from jwtlint.semantics import binder
from jwtlint.semantics.evaluate import Evaluator
from jwtlint.semantics.events import AssignEvent
from jwtlint.semantics.framework import (
    Setting,
    settings_from_assign,
    settings_from_call,
)
from jwtlint.semantics.scopes import Scope, class_of_method
from jwtlint.semantics.syntax import children
from jwtlint.semantics.values import (
    AnyValue,
    contains_param,
)


@dataclass(frozen=True)
class Statement:
    """A statement findings attach to: a whole simple statement line, or a compound statement's
    header (from its first decorator or keyword up to where its body starts).

    Kept as nodes: positions cost a code generation pass and are computed only for files
    that have findings.
    """

    start: cst.CSTNode
    body: Optional[cst.CSTNode] = None

    def range(self, positions: Mapping[cst.CSTNode, CodeRange]) -> CodeRange:
        start = positions[self.start].start
        end = positions[self.body].start if self.body is not None else positions[self.start].end
        return CodeRange(start, end)


#: A hook of the walk, called with a node of the type it is registered for.
_Hook = Callable[[Any], None]


class Walker:
    def __init__(self, ctx: Context, rules: list[Rule]) -> None:
        self.ctx = ctx
        self.statements: list[Statement] = []
        self.wrappers = WrapperCalls(ctx.project, ctx.evaluator.path, ctx.evaluator.fallback)
        ctx.evaluator.summaries = self.wrappers
        self._class_bases: dict[str, tuple[str, ...]] = {}
        self._guarded_blocks: dict[int, tuple[AnyValue, bool]] = {}
        self._call_rules = [r for r in rules if overrides(r, "on_call")]
        self._assign_rules = [r for r in rules if overrides(r, "on_assign")]
        self._setting_rules = [r for r in rules if overrides(r, "on_setting")]
        self._function_rules = [r for r in rules if overrides(r, "on_function_end")]
        self._node_rules: dict[type, list[Rule]] = {}
        for rule in rules:
            if overrides(rule, "on_node"):
                for node_type in rule.node_types:
                    self._node_rules.setdefault(node_type, []).append(rule)
        # What to do on entering and on leaving a node, by its exact type.
        self._enter: dict[type[cst.CSTNode], _Hook] = {
            cst.SimpleStatementLine: self.visit_SimpleStatementLine, cst.If: self.visit_If,
            cst.IndentedBlock: self.visit_IndentedBlock, cst.While: self.visit_While, cst.Try: self.visit_Try,
            cst.ExceptHandler: self.visit_ExceptHandler, cst.For: self.visit_For, cst.With: self.visit_With,
            cst.CompFor: self.visit_CompFor, cst.Import: self.visit_Import, cst.ImportFrom: self.visit_ImportFrom,
            cst.FunctionDef: self.visit_FunctionDef, cst.ClassDef: self.visit_ClassDef,
            cst.Return: self.visit_Return, cst.Call: self.visit_Call,
        }
        self._leave: dict[type[cst.CSTNode], _Hook] = {
            cst.IndentedBlock: self.leave_IndentedBlock, cst.Assign: self.leave_Assign,
            cst.AnnAssign: self.leave_AnnAssign, cst.AugAssign: self.leave_AugAssign, cst.Expr: self.leave_Expr,
            cst.FunctionDef: self.leave_FunctionDef, cst.ClassDef: self.leave_ClassDef,
        }

    @property
    def evaluator(self) -> Evaluator:
        return self.ctx.evaluator

    # -- generic dispatch ----------------------------------------------------

    def walk(self, node: cst.CSTNode) -> None:
        """Walk ``node`` and everything under it, in source order: the rules' ``on_node`` and the
        walk's own entering hook before the children, its leaving hook after them."""
        kind = type(node)
        rules = self._node_rules.get(kind)
        if rules is not None:
            for rule in rules:
                rule.on_node(node, self.ctx)
        enter = self._enter.get(kind)
        if enter is not None:
            enter(node)
        for child in children(node):
            self.walk(child)
        leave = self._leave.get(kind)
        if leave is not None:
            leave(node)

    # -- statements ----------------------------------------------------------

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.statements.append(Statement(node))
        self.ctx.statement = node

    def _header(self, node: cst.CSTNode, body: cst.CSTNode) -> None:
        first = node.decorators[0] if isinstance(node, (cst.FunctionDef, cst.ClassDef)) and node.decorators else node
        self.statements.append(Statement(first, body))
        self.ctx.statement = node

    def visit_If(self, node: cst.If) -> None:
        self._header(node, node.body)
        condition = self.evaluator.evaluate(node.test)
        if contains_param(condition):
            self._guarded_blocks[id(node.body)] = (condition, False)
            if isinstance(node.orelse, cst.Else):
                self._guarded_blocks[id(node.orelse.body)] = (condition, True)

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        guard = self._guarded_blocks.get(id(node))
        if guard is not None:
            self.evaluator.guards.append(guard)

    def leave_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        if self._guarded_blocks.pop(id(node), None) is not None:
            self.evaluator.guards.pop()

    def visit_While(self, node: cst.While) -> None:
        self._header(node, node.body)

    def visit_Try(self, node: cst.Try) -> None:
        self._header(node, node.body)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self._header(node, node.body)
        if node.name is not None:
            binder.unbind_targets(self.evaluator, node.name.name)

    def visit_For(self, node: cst.For) -> None:
        self._header(node, node.body)
        binder.unbind_targets(self.evaluator, node.target)

    def visit_With(self, node: cst.With) -> None:
        self._header(node, node.body)
        binder.bind_with_items(self.evaluator, node)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        binder.unbind_targets(self.evaluator, node.target)

    # -- bindings --------------------------------------------------------------

    def visit_Import(self, node: cst.Import) -> None:
        binder.bind_import(self.evaluator, node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        binder.bind_import_from(self.evaluator, node)

    def leave_Assign(self, node: cst.Assign) -> None:
        value = self.evaluator.evaluate(node.value)
        for target in node.targets:
            self._assigned(node, target.target, value, node.value)
            if isinstance(target.target, cst.Attribute) and isinstance(target.target.value, cst.Name) \
                    and target.target.value.value == "self":
                self.wrappers.add_attribute(self.evaluator.scope.function_name(), target.target.attr.value, value)
        for target in node.targets:
            binder.assign_target(self.evaluator, target.target, value)

    def leave_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is None:
            return
        value = self.evaluator.evaluate(node.value)
        annotation = get_full_name_for_node(node.annotation.annotation)
        self._assigned(node, node.target, value, node.value, annotation)
        binder.assign_target(self.evaluator, node.target, value)

    def leave_AugAssign(self, node: cst.AugAssign) -> None:
        binder.bind_aug_assign(self.evaluator, node)

    def leave_Expr(self, node: cst.Expr) -> None:
        if isinstance(node.value, cst.Call):
            binder.apply_mutation(self.evaluator, node.value)

    def _assigned(self, node: cst.CSTNode, target: cst.BaseExpression, value: AnyValue,
                  value_node: cst.BaseExpression, annotation: Optional[str] = None) -> None:
        if not (self._assign_rules or self._setting_rules):
            return
        key = None
        spelled = get_full_name_for_node(target)
        if isinstance(target, cst.Subscript) and len(target.slice) == 1 \
                and isinstance(target.slice[0].slice, cst.Index):
            spelled = get_full_name_for_node(target.value)
            index = self.evaluator.evaluate(target.slice[0].slice.value)
            key = index.value if hasattr(index, "value") and isinstance(index.value, str) else None
            if key is None:
                return
        if spelled is None:
            return
        scope = self.evaluator.scope
        owner_scope = scope if scope.kind == "class" else None
        owner_bases: tuple[str, ...] = ()
        if owner_scope is not None:
            owner_bases = self._class_bases.get(owner_scope.name, ())
        event = AssignEvent(node=node, target=spelled, key=key, value=value, value_node=value_node,
                            owner=owner_scope.name if owner_scope else None, owner_bases=owner_bases,
                            function=scope.function_name(), annotation=annotation)
        for rule in self._assign_rules:
            rule.on_assign(event, self.ctx)
        self._dispatch_settings(settings_from_assign(event))

    def _dispatch_settings(self, settings: list[Setting]) -> None:
        for setting in settings:
            # Rules may report a setting after the walk: pin it to this file now.
            setting = replace(setting, node=self.ctx.local(setting.node))
            for rule in self._setting_rules:
                rule.on_setting(setting, self.ctx)

    # -- functions and classes ----------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._header(node, node.body)
        self.ctx.function_nodes.append(node)
        outer = self.evaluator.scope
        qualname = _qualified(outer, node.name.value)
        self.wrappers.define(binder.function_ref(self.evaluator, node, qualname))
        scope = Scope(kind="function", name=node.name.value, parent=outer)
        self.evaluator.scope = scope
        binder.bind_parameters(self.evaluator, node, qualname)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        for rule in self._function_rules:
            rule.on_function_end(node, self.ctx)
        self.ctx.function_nodes.pop()
        scope = self.evaluator.scope
        assert scope.parent is not None
        self.evaluator.scope = scope.parent
        qualname = _qualified(scope.parent, node.name.value)
        self.evaluator.scope.bind(node.name.value, binder.function_ref(self.evaluator, node, qualname))

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._header(node, node.body)
        self._class_bases = {**self._class_bases,
                             node.name.value: tuple(get_full_name_for_node(b.value) or "" for b in node.bases)}
        self.evaluator.scope = Scope(kind="class", name=node.name.value, parent=self.evaluator.scope)

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        scope = self.evaluator.scope
        assert scope.parent is not None
        self.evaluator.scope = scope.parent
        self.evaluator.scope.bind(node.name.value, binder.class_ref(node, node.name.value, dict(scope.bindings),
                                                                   self.evaluator.path))

    def visit_Return(self, node: cst.Return) -> None:
        if node.value is not None and self.evaluator.scope.function_name():
            self.wrappers.add_return(self.evaluator.scope.function_name(), self.evaluator.evaluate(node.value))

    # -- calls ---------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        api_call = self.evaluator.resolve_call(node)
        if api_call is not None:
            for rule in self._call_rules:
                rule.on_call(api_call, self.ctx)
            if api_call.function and any(contains_param(v) for v in api_call.args.values()):
                self.wrappers.add_sink(api_call.function, api_call)
            return
        if self._setting_rules:
            self._dispatch_settings(settings_from_call(node, self.evaluator))
        function = self.evaluator.scope.function_name()
        self.wrappers.add_call(self.evaluator.callee(node), node, self.evaluator.argument_values(node),
                               function, class_of_method(function, self.evaluator.fallback))

    def finish(self) -> None:
        self.wrappers.close()
        self.wrappers.replay(self.ctx, self._call_rules)


def _qualified(scope: Scope, name: str) -> str:
    if scope.kind == "class":
        return f"{scope.name}.{name}"
    if scope.kind == "function":
        parent = scope.function_name()
        return f"{parent}.<locals>.{name}" if parent else name
    return name
