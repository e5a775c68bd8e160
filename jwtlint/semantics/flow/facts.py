"""What a function (or a module body) does, statement by statement, in source order.

The facts hold nodes, not values: a library call is resolved only when a query asks for it,
so building the facts early never resolves a call before the assignments in front of it are
bound. :mod:`jwtlint.semantics.flow.build` makes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Optional, Union

import libcst as cst

from jwtlint.semantics.syntax import children

Body = Union[cst.FunctionDef, cst.Module]
Statement = Union[cst.BaseStatement, cst.BaseSmallStatement]


class End(Enum):
    """How a simple statement leaves the block it is in."""

    RETURN = "return"
    RAISE = "raise"
    LOOP = "loop"  # ``continue`` or ``break``: the enclosing loop decides what runs next


@dataclass(eq=False)
class CallFact:
    """A call, with what the source says about its arguments where it is written.

    ``argument_texts`` are the source texts of its arguments, and of the entries of a
    ``**mapping`` built from a literal dict earlier in the same body (as bound at this point:
    a name rebound between two calls gives each call its own entries).
    """

    node: cst.Call
    argument_texts: frozenset[str]
    #: Names the call's result is assigned to directly (``claims = decode(...)``).
    result_names: tuple[str, ...] = ()


@dataclass(eq=False)
class Simple:
    """A simple statement: its calls in evaluation order (arguments before the call)."""

    node: Statement
    calls: tuple[CallFact, ...]
    #: Targets it binds, spelled (``x``, ``self.user``, ``g.user``).
    assigned: tuple[str, ...]
    #: Names and dotted names it reads.
    reads: frozenset[str]
    end: Optional[End] = None
    #: The expression a ``return`` gives back, or an assignment's value.
    value: Optional[cst.BaseExpression] = None
    #: A call that is the whole statement: its result is thrown away (a check).
    discarded: bool = False


@dataclass(eq=False)
class Branch:
    """``if``/``elif``/``match``: the condition's calls, then one of the blocks."""

    node: cst.CSTNode
    header: tuple[CallFact, ...]
    test: Optional[cst.BaseExpression]
    reads: frozenset[str]
    blocks: tuple[Block, ...]
    #: False when no block need run (``if`` without ``else``, ``match`` without a catch-all).
    exhaustive: bool


@dataclass(eq=False)
class Loop:
    node: cst.CSTNode
    header: tuple[CallFact, ...]
    body: Block
    orelse: Optional[Block]


@dataclass(eq=False)
class Handler:
    node: Union[cst.ExceptHandler, cst.ExceptStarHandler]
    body: Block
    #: The name bound by ``except ... as name``.
    name: Optional[str]


@dataclass(eq=False)
class TryRegion:
    node: cst.CSTNode
    body: Block
    handlers: tuple[Handler, ...]
    orelse: Optional[Block]
    final: Optional[Block]


@dataclass(eq=False)
class Nested:
    """A block run once in sequence: a ``with`` body, a class body."""

    node: cst.CSTNode
    header: tuple[CallFact, ...]
    body: Block


Step = Union[Simple, Branch, Loop, TryRegion, Nested]


@dataclass(eq=False)
class Block:
    steps: list[Step] = field(default_factory=list)


@dataclass(frozen=True)
class Frame:
    """One level of where a step is: the block, its index there, and the compound step owning
    the block (None for the body itself) with the block's role in it."""

    block: Block
    index: int
    owner: Optional[Step]
    role: str  # "body", "orelse", "handler", "final", "branch"


@dataclass(frozen=True)
class Location:
    """Where a node is: the step holding it (outermost frame first) and its evaluation order there."""

    frames: tuple[Frame, ...]
    order: int

    @property
    def step(self) -> Step:
        frame = self.frames[-1]
        return frame.block.steps[frame.index]


def child_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The node's children that can hold expressions, in source order: its meaningful children
    (:func:`jwtlint.semantics.syntax.children`) less the names that are labels, an attribute's
    name (``x.token``) and a keyword argument's keyword (``f(token=...)``), which read no variable."""
    found = children(node)
    if isinstance(node, cst.Attribute):
        return [child for child in found if child is not node.attr]
    if isinstance(node, cst.Arg) and node.keyword is not None:
        return [child for child in found if child is not node.keyword]
    return found


def descendants(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """``node`` and every node under it, in source order, parents first (expression fields only,
    see :func:`child_nodes`)."""
    stack: list[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(tuple(child_nodes(current))))


_EMPTY = cst.Module(body=[])


def source_text(node: cst.CSTNode) -> str:
    """How ``node`` is written (without the whitespace around it)."""
    return _EMPTY.code_for_node(node)
