"""A call to a library API with its arguments bound to parameters and roles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from jwtlint.apis.spec import Api
from jwtlint.semantics.values import UNKNOWN, AnyValue, Const, DictValue, SeqValue


@dataclass(frozen=True)
class CallSite:
    """A call of a project function whose summary checks this library call with the values the
    call passes (``jwt_decode(token, None, verify=False)`` of a wrapper): where findings are
    reported, and where what follows ("peek, then verify") is read."""

    node: cst.CSTNode
    #: Dotted name of the function the call is in; None at module level.
    caller: Optional[str]
    #: Parameter of the library call -> the expression the call site passes for it, where the
    #: library call's argument is one of the function's parameters.
    arguments: Mapping[str, cst.CSTNode]


@dataclass
class ApiCall:
    api: Api
    node: cst.CSTNode
    #: Parameter name -> value, for arguments present in the call.
    args: dict[str, AnyValue] = field(default_factory=dict)
    #: Parameter name -> the argument expression, for pointing at it.
    arg_nodes: dict[str, cst.CSTNode] = field(default_factory=dict)
    #: Keyword arguments the row does not list (``verify_expiration=`` in PyJWT 1, ...).
    extra: dict[str, AnyValue] = field(default_factory=dict)
    #: True when ``*args``/``**kwargs`` could not be resolved: a missing argument proves nothing.
    open_ended: bool = False
    #: The constructor call of the instance a method is called on (``PyJWT(options=...)``).
    receiver: Optional[ApiCall] = None
    #: ``functools.partial(api, ...)`` itself, rather than a call.
    is_partial: bool = False
    #: Dotted name of the enclosing function, if any.
    function: Optional[str] = None
    #: Set when the call is checked through a summarised project function, at that call.
    site: Optional[CallSite] = None

    def value(self, role: str) -> Optional[AnyValue]:
        """The value passed for a role, the row's default when absent, or None."""
        param = self.api.param_for(role)
        if param is None:
            return None
        if param in self.args:
            return self.args[param]
        if param in self.api.defaults:
            return Const(value=self.api.defaults[param])
        return None

    def passed(self, role: str) -> bool:
        param = self.api.param_for(role)
        return param is not None and param in self.args

    def missing(self, role: str) -> bool:
        """True only when the role is certainly not passed (no ``**kwargs``, not a partial)."""
        return not self.open_ended and not self.is_partial and not self.passed(role)

    def site_node_for(self, role: str) -> cst.CSTNode:
        """Like :meth:`node_for`, but where the call is checked through a call site that passes
        the argument, the expression written there."""
        param = self.api.param_for(role)
        passed = self.site.arguments.get(param) if self.site is not None and param else None
        return passed if passed is not None else self.node_for(role)

    def node_for(self, role: str) -> cst.CSTNode:
        param = self.api.param_for(role)
        return self.arg_nodes.get(param, self.node) if param else self.node

    def options(self) -> DictValue:
        """The options dict in force: the instance's, overridden by the call's."""
        merged = DictValue(entries=())
        if self.receiver is not None:
            merged = merged.merged(self.receiver.options())
        value = self.value("options")
        if value is None or (isinstance(value, Const) and value.value is None):
            return merged
        if isinstance(value, SeqValue) and self.api.options_pairs:
            value = _pairs_as_dict(value)
        return merged.merged(value) if isinstance(value, DictValue) else merged.merged(UNKNOWN)


def _pairs_as_dict(pairs: SeqValue) -> DictValue:
    """``[("verify_signature", False)]`` as ``dict.update`` reads it; unknown pairs make it incomplete."""
    entries = []
    complete = pairs.complete
    for item in pairs.items:
        if isinstance(item, SeqValue) and item.complete and len(item.items) == 2 \
                and isinstance(item.items[0], Const) and isinstance(item.items[0].value, str):
            entries.append((item.items[0].value, item.items[1]))
        else:
            complete = False
    return DictValue(node=pairs.node, entries=tuple(entries), complete=complete)


#: Evaluated arguments of a call: (keyword or None, star prefix, value, argument node).
ArgumentValues = list[tuple[Optional[str], str, AnyValue, cst.CSTNode]]


def bind_arguments(api: Api, call: cst.Call, values: ArgumentValues,
                   *, skip: int = 0) -> tuple[dict[str, AnyValue], dict[str, cst.CSTNode], dict[str, AnyValue], bool]:
    """Map evaluated arguments onto the row's parameters.

    ``values`` holds (keyword, star, value, node) per argument in call order;
    ``skip`` drops leading positionals (the callable itself in ``partial``).
    Returns (args, arg_nodes, extra, open_ended).
    """
    args: dict[str, AnyValue] = {}
    nodes: dict[str, cst.CSTNode] = {}
    extra: dict[str, AnyValue] = {}
    open_ended = False
    position = 0
    for keyword, star, value, node in values:
        if star == "*":
            open_ended = True
            continue
        if star == "**":
            if isinstance(value, DictValue):
                for key, entry in value.entries:
                    _assign(api, key, entry, node, args, nodes, extra)
                open_ended = open_ended or not value.complete
            else:
                open_ended = True
            continue
        if keyword is None:
            if skip:
                skip -= 1
                continue
            if position < len(api.params):
                name = api.params[position]
                args[name] = value
                nodes[name] = node
            position += 1
            continue
        _assign(api, keyword, value, node, args, nodes, extra)
    return args, nodes, extra, open_ended


def _assign(api: Api, keyword: str, value: AnyValue, node: cst.CSTNode,
            args: dict[str, AnyValue], nodes: dict[str, cst.CSTNode], extra: dict[str, AnyValue]) -> None:
    if keyword in api.params:
        args[keyword] = value
        nodes[keyword] = node
    else:
        extra[keyword] = value
