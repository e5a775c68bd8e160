"""One level of wrapper functions, resolved at the call sites that pass the insecure value.

``def decode_token(t, verify=True): return jwt.decode(..., options={"verify_signature": verify})``
is harmless on its own; ``decode_token(t, verify=False)`` is the finding. The
walk records library calls whose arguments depend on a parameter (sinks) and
every call to a function of the module; at the end each such call re-runs the
rules on the sink with the parameters replaced by what the call passes. Only
what the substitution adds is reported, at the call site.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

import libcst as cst

from jwtlint.engine.context import Context, RawFinding
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.values import AnyValue, FunctionRef, substitute


@dataclass
class _LocalCall:
    target: str
    node: cst.Call
    values: list
    caller: Optional[str]


class WrapperCalls:
    def __init__(self) -> None:
        self.functions: dict[str, FunctionRef] = {}
        self.sinks: dict[str, list[ApiCall]] = {}
        self.calls: list[_LocalCall] = []

    def define(self, function: FunctionRef) -> None:
        self.functions[function.qualname] = function

    def add_sink(self, function: str, call: ApiCall) -> None:
        self.sinks.setdefault(function, []).append(call)

    def add_call(self, target: str, node: cst.Call, values: list, caller: Optional[str]) -> None:
        self.calls.append(_LocalCall(target, node, values, caller))

    def replay(self, ctx: Context, rules: list) -> None:
        for call in self.calls:
            function = self.functions.get(call.target)
            sinks = self.sinks.get(call.target)
            if function is None or not sinks or call.caller == call.target:
                continue
            bindings = _bind(function, call.values)
            if bindings is None:
                continue
            for sink in sinks:
                _replay_sink(ctx, rules, sink, bindings, call.node)


def _bind(function: FunctionRef, values: list) -> Optional[dict[str, AnyValue]]:
    params = list(function.params)
    if params and params[0] in ("self", "cls"):
        params = params[1:]
    bindings: dict[str, AnyValue] = {}
    position = 0
    for keyword, star, value, _node in values:
        if star:
            return None  # *args / **kwargs: which parameter gets what is unknown
        if keyword is None:
            if position >= len(params):
                return None
            bindings[params[position]] = value
            position += 1
        else:
            bindings[keyword] = value
    for name, default in function.defaults:
        bindings.setdefault(name, default)
    return bindings


def _replay_sink(ctx: Context, rules: list, sink: ApiCall, bindings: dict, site: cst.Call) -> None:
    before = {finding.rule.code for finding in _findings_for(ctx, rules, sink)}
    substituted = replace(sink, args={name: substitute(value, bindings) for name, value in sink.args.items()})
    for finding in _findings_for(ctx, rules, substituted):
        if finding.rule.code in before:
            continue
        key = (finding.rule.code, id(site), id(site))
        if key in ctx.seen:
            continue
        ctx.seen.add(key)
        ctx.findings.append(replace(finding, anchor=site))


def _findings_for(ctx: Context, rules: list, call: ApiCall) -> list[RawFinding]:
    saved = ctx.findings, ctx.seen
    ctx.findings, ctx.seen = [], set()
    try:
        for rule in rules:
            rule.on_call(call, ctx)
        return ctx.findings
    finally:
        ctx.findings, ctx.seen = saved
