"""A JWT taken apart by hand: ``json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))``.

Projects read a token's header or claims without a library, to route before verifying
or, too often, instead of it. The evaluator asks :func:`hand_parsed` about every
``json.loads`` whose argument no library produced. The shape is recognised in one
expression and through names bound on the way, since real code spreads it over lines::

    header, payload, signature = token.split(".")      # or parts = token.split("."); parts[1]
    padded = payload + "=" * (-len(payload) % 4)
    claims = json.loads(base64.urlsafe_b64decode(padded))

A name contributes what it is bound to: a :class:`~jwtlint.semantics.values.TokenSegments`
value (the evaluator makes one of ``x.split(".")``, its items and a segment plus
padding), or the call it holds (``decoded = base64.urlsafe_b64decode(part)``), read in
turn a few bindings deep. A project function whose ``return`` decodes base64 counts as the
decode, in this module or in another one whose text names a decoder (:data:`DECODER_WORDS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

import libcst as cst

from jwtlint.semantics.literals import literal_value
from jwtlint.semantics.returns import returns_of
from jwtlint.semantics.syntax import descendants
from jwtlint.semantics.values import (
    UNKNOWN,
    AnyValue,
    CallResult,
    FunctionRef,
    TokenSegments,
)

#: How many names bound to intermediate steps are followed from the ``json.loads`` argument.
_MAX_BINDINGS = 4

#: Names of the functions that decode base64 (their last dotted part ends with one of them).
_DECODERS = ("b64decode", "base64url_decode")
#: What another module's text must contain for a function of it to be read as a decoding helper:
#: the module need not use any JWT library, so this is what tells that it may decode base64.
DECODER_WORDS = tuple(name.encode() for name in _DECODERS)

Resolve = Callable[[cst.Name], AnyValue]
#: What a call calls (a function of the project, looked up in its module), see ``Evaluator.callee``.
Callee = Callable[[cst.Call], AnyValue]


@dataclass(frozen=True)
class HandParsed(CallResult):
    """``json.loads`` of a base64-decoded token segment: the contents of a token nobody verified.

    ``token`` is the expression that was split on dots, when the split is visible;
    ``header`` says the first segment (the header) was decoded.
    """

    token: Optional[cst.BaseExpression] = field(default=None, compare=False, repr=False)
    header: bool = False


def hand_parsed(call: cst.Call, resolve: Resolve, callee: Callee) -> Optional[HandParsed]:
    """``call`` (a ``json.loads``) as a token parsed by hand, or None.

    A segment is ``x.split(".")[i]``, or an indexed part (``parts[1]``) decoded as
    base64url or padded with ``=``: the shape of a JWT taken apart by hand. ``resolve``
    gives what a name holds, ``callee`` what a call calls.
    """
    if not call.args:
        return None
    finder = _Segment(resolve, callee)
    finder.read(call.args[0].value, _MAX_BINDINGS)
    if not finder.base64:
        return None
    if finder.split_receiver is not None:
        return HandParsed(node=call, api="json.loads", token=finder.split_receiver, header=finder.first_index == 0)
    if finder.first_index is not None and (finder.urlsafe or finder.padded):
        return HandParsed(node=call, api="json.loads", header=finder.first_index == 0)
    return None


@dataclass
class _Segment:
    """What a ``json.loads`` argument does with a token: base64 decoding, a split on dots, an index."""

    resolve: Resolve
    callee: Callee
    base64: bool = False
    urlsafe: bool = False
    padded: bool = False
    split_receiver: Optional[cst.BaseExpression] = None
    first_index: Optional[int] = None

    def read(self, node: cst.CSTNode, bindings_left: int) -> None:
        """One plain walk of the expression, outer nodes first (the first index is the outermost)."""
        for current in descendants(node):
            if isinstance(current, cst.Call):
                self._call(current)
            elif isinstance(current, cst.Subscript):
                self._subscript(current)
            elif isinstance(current, cst.SimpleString):
                self._string(current)
            elif isinstance(current, cst.Name) and bindings_left:
                self._name(current, bindings_left - 1)

    def _name(self, node: cst.Name, bindings_left: int) -> None:
        value = self.resolve(node)
        if isinstance(value, TokenSegments):
            self.split_receiver = self.split_receiver or value.text
            if self.first_index is None:
                self.first_index = value.index
            self.padded = self.padded or value.padded
        elif isinstance(value, CallResult) and value.call is None and isinstance(value.node, cst.Call):
            self.read(value.node, bindings_left)  # decoded = base64.urlsafe_b64decode(part)

    def _call(self, node: cst.Call) -> None:
        name = _called_name(node.func)
        if name.endswith(_DECODERS):
            self.base64 = True
            self.urlsafe = self.urlsafe or "urlsafe" in name or "url" in name
        elif name:
            self._helper(self.callee(node))
        if self.split_receiver is None and splits_on_dots(node):
            assert isinstance(node.func, cst.Attribute)
            self.split_receiver = node.func.value

    def _helper(self, called: AnyValue) -> None:
        """A project function that returns a base64 decode (``def b64url(s): return
        base64.urlsafe_b64decode(s + "==")``) decodes what it is given: its own returns tell how."""
        if not (isinstance(called, FunctionRef) and isinstance(called.node, cst.FunctionDef)):
            return
        body = _Segment(lambda _name: UNKNOWN, lambda _call: UNKNOWN)
        for statement in returns_of(called.node):
            if statement.value is not None:
                body.read(statement.value, 0)
        if body.base64:
            self.base64 = True
            self.urlsafe = self.urlsafe or body.urlsafe
            self.padded = self.padded or body.padded

    def _subscript(self, node: cst.Subscript) -> None:
        if self.first_index is None and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            index = node.slice[0].slice.value
            number = literal_value(index) if isinstance(index, cst.Integer) else None
            if isinstance(number, int):
                self.first_index = number

    def _string(self, node: cst.SimpleString) -> None:
        text = literal_value(node)
        if isinstance(text, bytes):
            text = text.decode("latin-1")
        if isinstance(text, str) and text and not text.strip("="):
            self.padded = True


def splits_on_dots(call: cst.Call) -> bool:
    """``x.split(".")`` or ``x.rsplit(".", 2)``: the parts of a dotted text, perhaps a compact JWT."""
    func = call.func
    return isinstance(func, cst.Attribute) and func.attr.value in ("split", "rsplit") and bool(call.args) \
        and isinstance(call.args[0].value, cst.SimpleString) and literal_value(call.args[0].value) == "."


def _called_name(func: cst.BaseExpression) -> str:
    if isinstance(func, cst.Attribute):
        return func.attr.value
    if isinstance(func, cst.Name):
        return func.value
    return ""
