"""Queries over a body's facts: what happens on the paths that leave a given node.

"Peek, then verify" holds only when every path from the peek either reaches a verification
of the same token or ends without handing the peeked contents on: ``if allow_unsecured:
return jwt.decode(t, options={"verify_signature": False})`` before a verified decode is a
path that returns unverified claims, so the later decode does not excuse it.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Optional

import libcst as cst

from jwtlint.semantics.flow.facts import (
    Block,
    Branch,
    CallFact,
    End,
    Frame,
    Location,
    Loop,
    Nested,
    Simple,
    Step,
    TryRegion,
    descendants,
)

Verifies = Callable[[CallFact], bool]


class Outcome(Enum):
    VERIFIED = "verified"
    #: The path ends (``raise``, a return of something else, the end of the body) without the contents.
    ENDED = "ended"
    #: The path returns what was read, unverified.
    USED = "used"
    FALLTHROUGH = "fallthrough"
    LOOP = "loop"


Outcomes = frozenset[Outcome]
_FALL: Outcomes = frozenset({Outcome.FALLTHROUGH})


class PathQuery:
    """The outcomes of the paths leaving ``start``; ``tainted`` are the names holding what it read."""

    def __init__(self, start: cst.CSTNode, location: Location, where: dict[cst.CSTNode, Location],
                 verifies: Verifies, tainted: frozenset[str]) -> None:
        self.start, self.location, self.where = start, location, where
        self.verifies, self.tainted = verifies, tainted

    def outcomes(self) -> Outcomes:
        outcomes = self._rest_of_step(self.location.step)
        for frame in reversed(self.location.frames):
            if Outcome.FALLTHROUGH not in outcomes and Outcome.LOOP not in outcomes:
                return outcomes
            pending = outcomes & {Outcome.FALLTHROUGH, Outcome.LOOP}
            outcomes = outcomes - pending
            outcomes |= self._leaving(frame, pending)
        if outcomes & {Outcome.FALLTHROUGH, Outcome.LOOP}:  # the end of the body: nothing returned
            outcomes = (outcomes - {Outcome.FALLTHROUGH, Outcome.LOOP}) | {Outcome.ENDED}
        return outcomes

    def _leaving(self, frame: Frame, pending: Outcomes) -> Outcomes:
        """Run the rest of ``frame``'s block, then what its owner runs after that block."""
        rest = self._run(frame.block, frame.index + 1) if Outcome.FALLTHROUGH in pending else frozenset()
        rest |= pending - _FALL
        owner = frame.owner
        if isinstance(owner, Loop):
            return (rest - {Outcome.LOOP}) | _FALL
        if isinstance(owner, TryRegion):
            if frame.role == "body":
                rest |= self._handlers(owner, rest)
                if owner.orelse is not None and Outcome.FALLTHROUGH in rest:
                    rest = (rest - _FALL) | self._run(owner.orelse, 0)
            if frame.role != "final" and owner.final is not None and Outcome.FALLTHROUGH in rest:
                rest = (rest - _FALL) | self._run(owner.final, 0)
        return rest

    def _rest_of_step(self, step: Step) -> Outcomes:
        """What the step holding ``start`` does after it: its later calls, its blocks, its end."""
        header = step.calls if isinstance(step, Simple) else getattr(step, "header", ())
        if any(self._after_start(call) and self.verifies(call) for call in header):
            return frozenset({Outcome.VERIFIED})
        if isinstance(step, Simple):
            return self._end(step, False)
        return self._blocks_of(step, False)

    def _after_start(self, call: CallFact) -> bool:
        found = self.where.get(call.node)
        return call.node is not self.start and found is not None and found.order > self.location.order

    # -- running blocks ------------------------------------------------------------------

    def _run(self, block: Block, index: int, decided: bool = False) -> Outcomes:
        """``decided``: the block runs because a condition on what ``start`` read held."""
        outcomes: set[Outcome] = set()
        for step in block.steps[index:]:
            found = self._step(step, decided)
            outcomes |= found - _FALL
            if Outcome.FALLTHROUGH not in found:
                return frozenset(outcomes)
        return frozenset(outcomes | _FALL)

    def _step(self, step: Step, decided: bool) -> Outcomes:
        header = step.calls if isinstance(step, Simple) else getattr(step, "header", ())
        if any(self.verifies(call) for call in header):
            return frozenset({Outcome.VERIFIED})
        if isinstance(step, Simple):
            return self._end(step, decided)
        return self._blocks_of(step, decided)

    def _blocks_of(self, step: Step, decided: bool) -> Outcomes:
        if isinstance(step, Branch):
            decided = decided or bool(step.reads & self.tainted) or self.location.step is step
            found: Outcomes = frozenset().union(*(self._run(block, 0, decided) for block in step.blocks))
            return found if step.exhaustive else found | _FALL
        if isinstance(step, Loop):
            return (self._run(step.body, 0, decided) - {Outcome.LOOP}) | _FALL
        if isinstance(step, TryRegion):
            body = self._run(step.body, 0, decided)
            found = body | self._handlers(step, body)
            if step.orelse is not None and Outcome.FALLTHROUGH in found:
                found = (found - _FALL) | self._run(step.orelse, 0, decided)
            if step.final is not None and Outcome.FALLTHROUGH in found:
                found = (found - _FALL) | self._run(step.final, 0, decided)
            return found
        if isinstance(step, Nested):
            return self._run(step.body, 0, decided)
        return _FALL

    def _handlers(self, region: TryRegion, body: Outcomes) -> Outcomes:
        """What the ``except`` clauses do. After a body that verifies, a clause runs when the
        verification failed: carrying on from there is a swallowed failure, a finding of its own
        at the clause, so those paths count as verified here."""
        if Outcome.VERIFIED in body:
            return frozenset({Outcome.VERIFIED})
        return frozenset().union(*(self._run(handler.body, 0) for handler in region.handlers))

    def _end(self, step: Simple, decided: bool) -> Outcomes:
        """A return of what was read is a use; so is one that is not a refusal (``None``,
        ``False``, an empty value) when a condition on what was read chose it."""
        if step.end is None:
            return _FALL
        if step.end is End.LOOP:
            return frozenset({Outcome.LOOP})
        if step.end is End.RETURN and step.value is not None and \
                (self._carries(step.value) or decided and not _refusal(step.value)):
            return frozenset({Outcome.USED})
        return frozenset({Outcome.ENDED})

    def _carries(self, value: cst.BaseExpression) -> bool:
        """Whether the returned expression is, or reads a name holding, what ``start`` read."""
        return any(node is self.start or isinstance(node, cst.Name) and node.value in self.tainted
                   for node in descendants(value))


def _refusal(value: cst.BaseExpression) -> bool:
    """``None``, ``False``, ``0``, ``""``, ``{}``, ``[]``: a value that says no."""
    if isinstance(value, cst.Name):
        return value.value in ("None", "False")
    if isinstance(value, (cst.Integer, cst.SimpleString)):
        return value.value in ("0", '""', "''")
    if isinstance(value, (cst.Dict, cst.List, cst.Tuple)):
        return not value.elements
    return False


def outcomes_after(start: cst.CSTNode, where: dict[cst.CSTNode, Location], verifies: Verifies,
                   tainted: frozenset[str]) -> Optional[Outcomes]:
    """The outcomes of the paths leaving ``start``, or None when ``start`` is not in these facts."""
    location = where.get(start)
    if location is None:
        return None
    return PathQuery(start, location, where, verifies, tainted).outcomes()
