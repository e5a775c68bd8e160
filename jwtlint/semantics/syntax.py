"""The children of a syntax node that carry meaning, in the order libcst visits them.

libcst's own visitor rebuilds every node it passes, even for a read-only ``CSTVisitor``
(each ``_visit_and_replace_children`` constructs and validates a copy): a visit with no
callbacks costs about as much as parsing. An analysis that only reads the tree walks it
with :func:`children` instead, which reads the fields that hold other nodes and nothing
else. It skips the tokens (whitespace, comments, brackets, punctuation, operators,
``async``, ``*`` and ``/`` markers): nothing reads them as nodes, an operator is looked at
through its parent's field. The order is libcst's visiting order (source order), so a
walk over :func:`children` meets nodes in the order a ``CSTVisitor`` would.

Which fields to read, and in what order, is learnt from libcst itself the first time a
node of a class is met (its declared field types, and one no-op visit of that node's
fields), so the walk follows the installed libcst rather than a copy of its layout.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from operator import attrgetter
from typing import Callable, Optional

import libcst as cst
from libcst import MaybeSentinel

#: Node classes that are tokens of the text rather than parts of the program's meaning.
TOKEN_TYPES: tuple[type[cst.CSTNode], ...] = (
    cst.BaseParenthesizableWhitespace, cst.TrailingWhitespace, cst.EmptyLine, cst.Newline, cst.Comment,
    cst.LeftParen, cst.RightParen, cst.LeftSquareBracket, cst.RightSquareBracket, cst.LeftCurlyBrace,
    cst.RightCurlyBrace, cst.Comma, cst.Dot, cst.Colon, cst.Semicolon, cst.AssignEqual, cst.ImportStar,
    cst.Asynchronous, cst.ParamStar, cst.ParamSlash, cst.BaseBinaryOp, cst.BaseBooleanOp, cst.BaseCompOp,
    cst.BaseUnaryOp, cst.BaseAugOp,
)


@dataclass(frozen=True)
class _Layout:
    """How to read one node class's children."""

    #: The values of the fields that may hold meaningful nodes, in visiting order.
    values: Callable[[cst.CSTNode], tuple[object, ...]]
    #: Whether one of those fields may also hold a token (``*`` in ``Parameters.star_arg``).
    mixed: bool
    #: Fields libcst did not announce for the node this was learnt from, because it visits
    #: them only when set (``FormattedStringExpression.format_spec``): learnt again from the
    #: first node that sets one.
    unseen: tuple[str, ...]


_LAYOUTS: dict[type[cst.CSTNode], _Layout] = {}
_TOKEN_CLASSES: dict[type[cst.CSTNode], bool] = {}


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The meaningful child nodes of ``node``, in source order."""
    layout = _LAYOUTS.get(type(node)) or _learn(node)
    if layout.unseen and any(getattr(node, name) is not None for name in layout.unseen):
        layout = _learn(node)
    found: list[cst.CSTNode] = []
    # Only node fields are read: a value is a node, a sequence of nodes, None or a sentinel.
    # Plain type tests, because isinstance against libcst's abstract classes is slow.
    for value in layout.values(node):
        kind = type(value)
        if kind is list or kind is tuple:
            found.extend(value)  # type: ignore[arg-type]
        elif value is not None and kind is not MaybeSentinel:
            found.append(value)  # type: ignore[arg-type]
    if layout.mixed:
        return [child for child in found if not is_token(child)]
    return found


def is_token(node: cst.CSTNode) -> bool:
    """Whether ``node`` is a token of the text (see :data:`TOKEN_TYPES`)."""
    kind = type(node)
    found = _TOKEN_CLASSES.get(kind)
    if found is None:
        found = _TOKEN_CLASSES[kind] = issubclass(kind, TOKEN_TYPES)
    return found


def descendants(node: cst.CSTNode, enter: Optional[Callable[[cst.CSTNode], bool]] = None) -> Iterator[cst.CSTNode]:
    """``node`` and every meaningful node under it, in source order (depth first).

    A node below ``node`` for which ``enter`` is false is yielded but not looked inside:
    the returns of a function, say, without those of the functions nested in it.
    """
    pending = [node]
    while pending:
        current = pending.pop()
        yield current
        if enter is None or current is node or enter(current):
            pending.extend(reversed(children(current)))


def _learn(node: cst.CSTNode) -> _Layout:
    """Read ``type(node)``'s fields from libcst: their order, and which may hold meaningful nodes."""
    kind = type(node)
    hints = typing.get_type_hints(kind)
    wanted: dict[str, bool] = {}  # field name -> whether it may also hold a token
    for field in dataclasses.fields(kind):
        classes = _node_classes(hints[field.name])
        meaningful = [c for c in classes if not issubclass(c, TOKEN_TYPES)]
        if meaningful:
            # A base class (BaseExpression, BaseElement) hides no token; a union naming one may.
            wanted[field.name] = len(meaningful) < len(classes)
    names = [name for name in _visiting_order(node) if name in wanted]
    layout = _Layout(values=_getter(names), mixed=any(wanted[name] for name in names),
                     unseen=tuple(name for name in wanted if name not in names))
    _LAYOUTS[kind] = layout
    return layout


def _visiting_order(node: cst.CSTNode) -> list[str]:
    """The names of ``node``'s node fields in the order libcst's visitor goes through them.

    libcst announces each field to the visitor (``on_visit_attribute``) before visiting it,
    whether it holds a node, a sequence, None or a sentinel; a visitor that enters no child
    learns them all at the cost of one rebuilt node.
    """
    recorder = _FieldOrder(node)
    node._visit_and_replace_children(recorder)
    return recorder.names


class _FieldOrder(cst.CSTVisitor):
    def __init__(self, parent: cst.CSTNode) -> None:
        super().__init__()
        self.parent = parent
        self.names: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return False

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        if node is self.parent and attribute not in self.names:
            self.names.append(attribute)


def _node_classes(annotation: object) -> list[type[cst.CSTNode]]:
    """The CST node classes a field annotation allows, through Optional, Union and Sequence."""
    if isinstance(annotation, type):
        return [annotation] if issubclass(annotation, cst.CSTNode) else []
    origin = typing.get_origin(annotation)
    if origin is typing.Union or (origin is not None and isinstance(origin, type)
                                  and issubclass(origin, collections.abc.Sequence)):
        return [found for argument in typing.get_args(annotation) for found in _node_classes(argument)]
    return []


def _getter(names: list[str]) -> Callable[[cst.CSTNode], tuple[object, ...]]:
    if not names:
        return _no_values
    if len(names) == 1:
        single = attrgetter(names[0])
        return lambda node: (single(node),)
    return attrgetter(*names)


def _no_values(node: cst.CSTNode) -> tuple[object, ...]:
    return ()
