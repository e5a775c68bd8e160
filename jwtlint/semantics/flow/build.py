"""Building a body's facts: one plain recursive walk over its nodes.

Nested functions (and classes' methods) are bodies of their own. No libcst visitor: on
JWT-dense code the visitor dispatch is most of what a second walk would cost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Optional

import libcst as cst
from libcst.helpers import get_full_name_for_node

from jwtlint.semantics.flow.facts import (
    Block,
    Body,
    Branch,
    CallFact,
    End,
    Frame,
    Handler,
    Location,
    Loop,
    Nested,
    Simple,
    Statement,
    Step,
    TryRegion,
    child_nodes,
    source_text,
)


@dataclass
class _Expression:
    calls: list[CallFact] = field(default_factory=list)
    reads: set[str] = field(default_factory=set)


class FlowBuilder:
    """Builds the facts of one body and the index from its nodes to where they are."""

    def __init__(self) -> None:
        self.where: dict[cst.CSTNode, Location] = {}
        self.handlers: dict[cst.ExceptHandler, Handler] = {}
        self.tries: dict[cst.ExceptHandler, TryRegion] = {}
        #: Literal dicts bound to names so far (``**kwargs`` entries), in source order.
        self._mappings: dict[str, frozenset[str]] = {}
        self._frames: list[Frame] = []
        self._order = 0

    def build(self, body: Body) -> Block:
        if isinstance(body, cst.FunctionDef):
            return self._suite(body.body, None, "body")
        return self._statements(body.body, None, "body")

    # -- statements ---------------------------------------------------------------------

    def _suite(self, suite: cst.BaseSuite, owner: Optional[Step], role: str) -> Block:
        return self._statements(suite.body, owner, role)

    def _statements(self, statements: Sequence[Statement], owner: Optional[Step], role: str) -> Block:
        block = Block()
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    self._add(block, owner, role, partial(self._simple, small))
            elif isinstance(statement, cst.BaseSmallStatement):
                self._add(block, owner, role, partial(self._simple, statement))
            elif isinstance(statement, cst.BaseCompoundStatement):
                self._add(block, owner, role, partial(self._compound, statement))
        return block

    def _add(self, block: Block, owner: Optional[Step], role: str, make: Callable[[], Step]) -> None:
        self._frames.append(Frame(block, len(block.steps), owner, role))
        self._order = 0
        try:
            step = make()
            block.steps.append(step)
        finally:
            self._frames.pop()

    def _here(self) -> tuple[Frame, ...]:
        return tuple(self._frames)

    def _simple(self, node: cst.BaseSmallStatement) -> Simple:
        found = _Expression()
        for child in child_nodes(node):
            if not _is_target_of(node, child):
                self._expression(child, found)
        value: Optional[cst.BaseExpression] = None
        assigned: tuple[str, ...] = ()
        end: Optional[End] = None
        if isinstance(node, cst.Assign):
            value = node.value
            assigned = tuple(name for target in node.targets for name in _spelled_targets(target.target))
            self._remember_mapping(node.value, assigned)
            for target in node.targets:
                self._target_reads(target.target, found)
        elif isinstance(node, (cst.AnnAssign, cst.AugAssign)):
            value = node.value
            assigned = _spelled_targets(node.target)
            self._target_reads(node.target, found)
        elif isinstance(node, cst.Return):
            value, end = node.value, End.RETURN
        elif isinstance(node, cst.Raise):
            end = End.RAISE
        elif isinstance(node, (cst.Continue, cst.Break)):
            end = End.LOOP
        if isinstance(value, cst.Call) and assigned:
            for call in found.calls:
                if call.node is value:
                    call.result_names = assigned
        discarded = isinstance(node, cst.Expr) and isinstance(node.value, cst.Call)
        return Simple(node, tuple(found.calls), assigned, frozenset(found.reads), end, value, discarded)

    def _compound(self, node: cst.BaseCompoundStatement) -> Step:  # noqa: C901 - one case per statement kind
        if isinstance(node, cst.If):
            return self._if(node)
        if isinstance(node, (cst.For, cst.While)):
            header = _Expression()
            self._expression(node.iter if isinstance(node, cst.For) else node.test, header)
            loop = Loop(node, tuple(header.calls), Block(), None)
            loop.body = self._suite(node.body, loop, "body")
            if node.orelse is not None:
                loop.orelse = self._suite(node.orelse.body, loop, "orelse")
            return loop
        if isinstance(node, (cst.Try, cst.TryStar)):
            region = TryRegion(node, Block(), (), None, None)
            region.body = self._suite(node.body, region, "body")
            handlers = []
            for except_ in node.handlers:
                name = except_.name.name if except_.name is not None else None
                handler = Handler(except_, Block(), name.value if isinstance(name, cst.Name) else None)
                handler.body = self._suite(except_.body, region, "handler")
                handlers.append(handler)
                if isinstance(except_, cst.ExceptHandler):
                    self.handlers[except_] = handler
                    self.tries[except_] = region
            region.handlers = tuple(handlers)
            if node.orelse is not None:
                region.orelse = self._suite(node.orelse.body, region, "orelse")
            if node.finalbody is not None:
                region.final = self._suite(node.finalbody.body, region, "final")
            return region
        if isinstance(node, cst.With):
            header = _Expression()
            for item in node.items:
                self._expression(item.item, header)
            nested = Nested(node, tuple(header.calls), Block())
            nested.body = self._suite(node.body, nested, "body")
            return nested
        if isinstance(node, cst.ClassDef):
            nested = Nested(node, (), Block())
            nested.body = self._suite(node.body, nested, "body")
            return nested
        if isinstance(node, cst.Match):
            return self._match(node)
        # A nested function: a body of its own, asked for separately.
        defined = node.name.value if isinstance(node, cst.FunctionDef) else ""
        return Simple(node, (), (defined,) if defined else (), frozenset())

    def _if(self, node: cst.If) -> Branch:
        header = _Expression()
        self._expression(node.test, header)
        branch = Branch(node, tuple(header.calls), node.test, frozenset(header.reads), (), False)
        blocks = [self._suite(node.body, branch, "branch")]
        orelse = node.orelse
        if isinstance(orelse, cst.If):
            blocks.append(self._statements([orelse], branch, "branch"))
        elif isinstance(orelse, cst.Else):
            blocks.append(self._suite(orelse.body, branch, "branch"))
        branch.blocks, branch.exhaustive = tuple(blocks), orelse is not None
        return branch

    def _match(self, node: cst.Match) -> Branch:
        header = _Expression()
        self._expression(node.subject, header)
        branch = Branch(node, tuple(header.calls), node.subject, frozenset(header.reads), (), False)
        branch.blocks = tuple(self._suite(case.body, branch, "branch") for case in node.cases)
        branch.exhaustive = any(isinstance(case.pattern, cst.MatchAs) and case.pattern.pattern is None
                                and case.guard is None for case in node.cases)
        return branch

    # -- expressions ----------------------------------------------------------------------

    def _expression(self, node: cst.CSTNode, found: _Expression) -> None:
        """Post-order: a call's arguments are evaluated, and so come, before the call."""
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            return
        if isinstance(node, cst.Name):
            found.reads.add(node.value)
        elif isinstance(node, cst.Attribute):
            spelled = get_full_name_for_node(node)
            if spelled:
                found.reads.add(spelled)
        for child in child_nodes(node):
            self._expression(child, found)
        if isinstance(node, cst.Call):
            found.calls.append(CallFact(node, self._argument_texts(node)))
        self._order += 1
        self.where[node] = Location(self._here(), self._order)

    def _target_reads(self, target: cst.BaseExpression, found: _Expression) -> None:
        """``claims["x"] = v`` and ``obj.attr = v`` read ``claims`` and ``obj``."""
        if isinstance(target, (cst.Subscript, cst.Attribute)):
            self._expression(target.value, found)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._target_reads(element.value, found)

    def _argument_texts(self, node: cst.Call) -> frozenset[str]:
        texts: set[str] = set()
        for arg in node.args:
            if arg.star != "**":
                texts.add(source_text(arg.value))
            elif isinstance(arg.value, cst.Name):
                texts |= self._mappings.get(arg.value.value, frozenset())
        texts.discard("")
        return frozenset(texts)

    def _remember_mapping(self, value: cst.BaseExpression, names: tuple[str, ...]) -> None:
        texts = _literal_dict_texts(value)
        for name in names:
            if texts is None:
                self._mappings.pop(name, None)
            else:
                self._mappings[name] = texts


def _is_target_of(statement: cst.BaseSmallStatement, child: cst.CSTNode) -> bool:
    if isinstance(statement, cst.Assign):
        return any(child is target for target in statement.targets)
    return isinstance(statement, (cst.AnnAssign, cst.AugAssign)) and child is statement.target


def _spelled_targets(target: cst.BaseExpression) -> tuple[str, ...]:
    if isinstance(target, (cst.Tuple, cst.List)):
        return tuple(name for element in target.elements for name in _spelled_targets(element.value))
    if isinstance(target, cst.StarredElement):
        return _spelled_targets(target.value)
    spelled = get_full_name_for_node(target) if isinstance(target, (cst.Name, cst.Attribute)) else None
    return (spelled,) if spelled else ()


def _literal_dict_texts(value: cst.BaseExpression) -> Optional[frozenset[str]]:
    if isinstance(value, cst.Dict):
        return frozenset(source_text(e.value) for e in value.elements if isinstance(e, cst.DictElement))
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "dict":
        return frozenset(source_text(arg.value) for arg in value.args if arg.keyword is not None)
    return None
