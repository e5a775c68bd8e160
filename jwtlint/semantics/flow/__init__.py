"""Per-function ordered facts, and the queries rules ask of them.

A rule that needs to know what a function does around a library call (is the token verified
on every path after this read, which uses does this value reach, is it tested by a condition)
asks the :class:`FunctionFlow` of that function, built once per file on first use
(``ctx.per_file(FlowIndex)``), instead of walking the function with a visitor of its own.

Library calls in the facts are resolved through the evaluator when a query needs them. The
evaluator binds names as the walk goes, so a query about calls *after* the statement being
walked must either wait for the end of the function (:meth:`Rule.on_function_end`) or use
:meth:`FunctionFlow.library_call` with ``walked=False``, which does not remember the answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Optional

import libcst as cst

from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.evaluate import Evaluator
from jwtlint.semantics.flow.build import FlowBuilder
from jwtlint.semantics.flow.facts import (
    Block,
    Branch,
    CallFact,
    Handler,
    Loop,
    Nested,
    Simple,
    Step,
    TryRegion,
    source_text,
)
from jwtlint.semantics.flow.paths import Outcome, outcomes_after
from jwtlint.semantics.literals import literal_value
from jwtlint.semantics.syntax import descendants

__all__ = ["CallFact", "FlowIndex", "FunctionFlow", "Handler", "TryRegion", "source_text"]

Body = cst.CSTNode  # a cst.FunctionDef or the cst.Module


class FunctionFlow:
    """The facts of one body, and the queries over them."""

    def __init__(self, body: Body) -> None:
        builder = FlowBuilder()
        assert isinstance(body, (cst.FunctionDef, cst.Module))
        self.body = body
        self.block = builder.build(body)
        self._where = builder.where
        self._handlers = builder.handlers
        self._tries = builder.tries

    # -- what is where --------------------------------------------------------------------

    def contains(self, node: cst.CSTNode) -> bool:
        return node in self._where

    def calls(self) -> Iterator[CallFact]:
        """Every call of the body (nested functions excluded), in evaluation order."""
        yield from _calls_of(self.block)

    def call(self, node: cst.CSTNode) -> Optional[CallFact]:
        """The facts of the call ``node``, if it is a call of this body."""
        return next((call for call in self.calls() if call.node is node), None)

    def statement_of(self, node: cst.CSTNode) -> Optional[Simple]:
        """The simple statement holding ``node`` (None in a compound statement's header)."""
        location = self._where.get(node)
        step = location.step if location is not None else None
        return step if isinstance(step, Simple) else None

    def calls_after(self, node: cst.CSTNode) -> Iterator[CallFact]:
        """The calls evaluated after ``node`` in source order (the rest of its statement first)."""
        seen = False
        for call in self.calls():
            if seen:
                yield call
            elif call.node is node:
                seen = True

    @staticmethod
    def calls_in(block: Block) -> Iterator[CallFact]:
        """The calls of one block (a ``try`` body, a handler), in evaluation order."""
        yield from _calls_of(block)

    @staticmethod
    def steps_in(block: Block) -> Iterator[Simple]:
        """The simple statements of one block and of the blocks nested in it, in source order."""
        return (step for step in _steps_of(block) if isinstance(step, Simple))

    def handler(self, node: cst.ExceptHandler) -> Optional[tuple[TryRegion, Handler]]:
        region = self._tries.get(node)
        return (region, self._handlers[node]) if region is not None else None

    def enclosing_handler(self, node: cst.CSTNode) -> Optional[cst.ExceptHandler]:
        """The innermost ``except`` clause whose body holds ``node``."""
        location = self._where.get(node)
        if location is None:
            return None
        for frame in reversed(location.frames):
            if frame.role == "handler" and isinstance(frame.owner, TryRegion):
                for handler in frame.owner.handlers:
                    if handler.body is frame.block and isinstance(handler.node, cst.ExceptHandler):
                        return handler.node
        return None

    # -- queries --------------------------------------------------------------------------

    def reached_names(self, node: cst.CSTNode) -> frozenset[str]:
        """The names that come to hold ``node``'s value: assigned from it, then from those names
        (``claims = peek(t)``, ``user = claims["sub"]``), in any order (a loop can carry it back)."""
        location = self._where.get(node)
        if location is None or not isinstance(location.step, Simple):
            return frozenset()
        return self.names_from(frozenset(location.step.assigned))

    def names_from(self, start: frozenset[str]) -> frozenset[str]:
        """``start`` and the names assigned from them, transitively (a parameter's derived values)."""
        names = set(start)
        grew = bool(names)
        assignments = [step for step in _steps_of(self.block) if isinstance(step, Simple) and step.assigned]
        while grew:
            grew = False
            for step in assignments:
                if step.reads & names and not names.issuperset(step.assigned):
                    names.update(step.assigned)
                    grew = True
        return frozenset(names)

    def read_only_for(self, node: cst.CSTNode, keys: frozenset[str]) -> bool:
        """Whether ``node``'s value serves only to read ``keys``: subscripted or ``.get`` with one
        of them at once (``decode(t)["exp"]``), or assigned to names whose every other mention
        in the body is such a read (``claims = decode(t)`` ... ``claims["exp"]``)."""
        step = self.statement_of(node)
        if step is None or step.value is None:
            return False
        if step.end is None and _reads_key(step.value, node, keys):
            return True
        names = set(step.assigned)
        if step.value is not node or step.end is not None or not names or any("." in name for name in names):
            return False
        keyed: set[cst.CSTNode] = set()
        for inner in descendants(self.body):
            if isinstance(inner, cst.AssignTarget):
                keyed.update(descendants(inner.target))  # bound, not read
            elif isinstance(inner, (cst.Subscript, cst.Call)):
                base = inner.value if isinstance(inner, cst.Subscript) else inner.func
                if isinstance(base, cst.Attribute):
                    base = base.value
                if _reads_key(inner, base, keys):
                    keyed.add(base)
        return all(inner in keyed for inner in descendants(self.body)
                   if isinstance(inner, cst.Name) and inner.value in names)

    def verified_on_every_path(self, node: cst.CSTNode, verifies: Callable[[CallFact], bool]) -> bool:
        """Whether every path leaving ``node`` reaches a call for which ``verifies`` holds, or ends
        without returning what ``node`` read, and at least one of them verifies."""
        found = outcomes_after(node, self._where, verifies, self.reached_names(node))
        return found is not None and Outcome.VERIFIED in found and Outcome.USED not in found

    def tested(self, names: frozenset[str]) -> bool:
        """Whether a condition (``if``, ``elif``, ``match``) reads one of ``names``: a guard."""
        return any(isinstance(step, Branch) and step.reads & names for step in _steps_of(self.block))

    @staticmethod
    def library_call(evaluator: Evaluator, call: CallFact, *, walked: bool = True) -> Optional[ApiCall]:
        """The library API ``call`` reaches. ``walked=False`` for a call the walk has not reached:
        resolved with the bindings in force now, and not remembered (the walk resolves it again)."""
        return evaluator.resolve_call(call.node, remember=walked)


class FlowIndex:
    """The facts of one file's bodies, each built on first use."""

    def __init__(self) -> None:
        self._flows: dict[cst.CSTNode, FunctionFlow] = {}

    def of(self, body: Body) -> FunctionFlow:
        found = self._flows.get(body)
        if found is None:
            found = self._flows[body] = FunctionFlow(body)
        return found


def _reads_key(expression: cst.BaseExpression, base: cst.CSTNode, keys: frozenset[str]) -> bool:
    """``base[KEY]`` or ``base.get(KEY, ...)`` with a literal key among ``keys``."""
    if isinstance(expression, cst.Subscript) and expression.value is base and len(expression.slice) == 1:
        index = expression.slice[0].slice
        return isinstance(index, cst.Index) and _literal_key(index.value) in keys
    if isinstance(expression, cst.Call) and isinstance(expression.func, cst.Attribute) \
            and expression.func.value is base and expression.func.attr.value == "get" and expression.args:
        return _literal_key(expression.args[0].value) in keys
    return False


def _literal_key(node: cst.BaseExpression) -> object:
    return literal_value(node) if isinstance(node, cst.SimpleString) else None


def _steps_of(block: Block) -> Iterator[Step]:
    for step in block.steps:
        yield step
        yield from (inner for child in _blocks_of(step) for inner in _steps_of(child))


def _blocks_of(step: Step) -> tuple[Block, ...]:
    if isinstance(step, Branch):
        return step.blocks
    if isinstance(step, Loop):
        return (step.body,) + ((step.orelse,) if step.orelse is not None else ())
    if isinstance(step, TryRegion):
        extra = tuple(block for block in (step.orelse, step.final) if block is not None)
        return (step.body, *(handler.body for handler in step.handlers), *extra)
    if isinstance(step, Nested):
        return (step.body,)
    return ()


def _calls_of(block: Block) -> Iterator[CallFact]:
    for step in block.steps:
        yield from (step.calls if isinstance(step, Simple) else getattr(step, "header", ()))
        for child in _blocks_of(step):
            yield from _calls_of(child)

