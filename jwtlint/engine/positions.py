"""Where each node of a module is, found by generating its code once.

libcst's ``PositionProvider`` gives these ranges, but at about 1.3 times the cost of
parsing the module: it splits every token with a regular expression and builds a
``CodeRange`` of two ``CodePosition`` objects for every node. :func:`module_positions`
runs the same code generation with a state that counts lines and columns only in tokens
that hold a line break, and keeps plain tuples, made into ``CodeRange`` objects only for
the nodes asked about: the same ranges (``tests/test_positions.py`` compares them) at
about 40 % of the cost. Only files with findings pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from types import TracebackType
from typing import Optional

import libcst as cst
from libcst.metadata import CodePosition, CodeRange
from libcst.metadata.position_provider import PositionProvidingCodegenState

_LINE_BREAK = re.compile(r"\r\n?|\n")

_Point = tuple[int, int]


def module_positions(module: cst.Module) -> Mapping[cst.CSTNode, CodeRange]:
    """The syntactic range of every node of ``module``, as ``PositionProvider`` gives it."""
    state = _PositionState(module)
    module._codegen(state)
    return Positions(state.found)


class Positions(Mapping[cst.CSTNode, CodeRange]):
    """Node -> its range; a node of another module is not in it."""

    def __init__(self, found: dict[cst.CSTNode, tuple[_Point, _Point]]) -> None:
        self._found = found

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        (start_line, start_column), (end_line, end_column) = self._found[node]
        return CodeRange(CodePosition(start_line, start_column), CodePosition(end_line, end_column))

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)


class _PositionState(PositionProvidingCodegenState):
    """libcst's code generation, noting where each node starts and ends (lines 1-based,
    columns 0-based, as ``PositionProvider``): ``PositionProvider``'s own state with its
    bookkeeping replaced."""

    def __init__(self, module: cst.Module) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline,
                         provider=None)  # type: ignore[arg-type]  # no provider: positions are kept here
        self.found: dict[cst.CSTNode, tuple[_Point, _Point]] = {}
        self._starts: list[_Point] = []

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.add_token(token)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        if "\n" in value or "\r" in value:
            segments = _LINE_BREAK.split(value)
            self.line += len(segments) - 1
            self.column = len(segments[-1])
        else:
            self.column += len(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        self._starts.append((self.line, self.column))

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self._starts.pop()
        if node not in self.found:  # a syntactic range recorded inside wins over the whole extent
            self.found[node] = (start, (self.line, self.column))

    # A plain context manager rather than libcst's generator-based one: it is entered for most nodes.
    def record_syntactic_position(  # type: ignore[override]
            self, node: cst.CSTNode, *, start_node: Optional[cst.CSTNode] = None,
            end_node: Optional[cst.CSTNode] = None) -> _Syntactic:
        return _Syntactic(self, node, start_node, end_node)


class _Syntactic:
    """The range of ``node`` without the whitespace it owns, taken over from its first and
    last children when given (a block spans its statements)."""

    __slots__ = ("state", "node", "start_node", "end_node", "start")

    def __init__(self, state: _PositionState, node: cst.CSTNode, start_node: Optional[cst.CSTNode],
                 end_node: Optional[cst.CSTNode]) -> None:
        self.state = state
        self.node = node
        self.start_node = start_node
        self.end_node = end_node
        self.start: _Point = (0, 0)

    def __enter__(self) -> None:
        self.start = (self.state.line, self.state.column)

    def __exit__(self, kind: Optional[type[BaseException]], error: Optional[BaseException],
                 trace: Optional[TracebackType]) -> None:
        state = self.state
        found = state.found
        start = found[self.start_node][0] if self.start_node is not None else self.start
        end = found[self.end_node][1] if self.end_node is not None else (state.line, state.column)
        found[self.node] = (start, end)
