"""What a function (or a module body) does, statement by statement, in source order.

Built by one plain recursive walk over the nodes of one body (nested functions and classes'
methods are bodies of their own), without libcst's visitor dispatch: on JWT-dense code that
dispatch is most of the time a second walk would cost. The facts hold nodes, not values: a
library call is resolved only when a query asks for it (see :class:`CallFact`), so building
the facts early never resolves a call before the assignments in front of it are bound.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from typing import Optional, Union

import libcst as cst
from libcst.helpers import get_full_name_for_node

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


_SKIPPED_FIELDS = ("whitespace", "lpar", "rpar", "comma", "semicolon", "colon", "equal", "operator",
                   "header", "footer", "leading_lines", "lines_after_decorators", "newline", "star",
                   "asynchronous", "keyword", "attr", "lbrace", "rbrace", "lbracket", "rbracket")
_FIELDS: dict[type, tuple[str, ...]] = {}


def child_nodes(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """The node's children that can hold expressions, in source order (field order)."""
    names = _FIELDS.get(type(node))
    if names is None:
        names = _FIELDS[type(node)] = tuple(
            f.name for f in dataclasses.fields(node) if not f.name.startswith(_SKIPPED_FIELDS))
    for name in names:
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            yield value
        elif isinstance(value, (tuple, list)):
            for item in value:
                if isinstance(item, cst.CSTNode):
                    yield item


def descendants(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """``node`` and every node under it, in source order, parents first (expression fields only,
    see :func:`child_nodes`)."""
    stack: list[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(tuple(child_nodes(current))))


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


_EMPTY = cst.Module(body=[])


def source_text(node: cst.CSTNode) -> str:
    """How ``node`` is written (without the whitespace around it)."""
    return _EMPTY.code_for_node(node)
