"""What a function does with a token or a decode result *after* a given library call.

Some findings depend on what follows in the same function: a token read without
verification and then verified on every path ("peek, then verify") is fine; a decode with
``verify_exp`` off whose result goes to ``self._validate_jwt_data(data)`` checks expiry by
hand. Both are questions to the function's ordered facts (:mod:`jwtlint.semantics.flow`):
the facts are built once per function, and a call after the statement being walked is
resolved without being remembered, so the walk still binds it with the names in force there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Optional, Union

import libcst as cst

from jwtlint.engine.context import Context
from jwtlint.engine.wrappers import WrapperCalls
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.flow import CallFact, FlowIndex, FunctionFlow, source_text
from jwtlint.semantics.flow.facts import descendants
from jwtlint.semantics.unverified import VERIFYING_KINDS, signature_switch, token_text
from jwtlint.semantics.values import (
    AnyValue,
    Derived,
    DictValue,
    FunctionRef,
    Param,
    truthiness,
)

_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log"})

Body = Union[cst.FunctionDef, cst.Module]


@dataclass
class LaterCall:
    """A call after the one looked from: resolved when it is a library call."""

    node: cst.Call
    api: Optional[ApiCall]
    #: Source texts of its arguments, ``**mapping`` entries included.
    argument_texts: set[str]
    #: Names the looked-from call's result was assigned to.
    result_names: set[str] = field(default_factory=set)


def current_body(ctx: Context) -> Optional[Body]:
    """The function being walked, or the module at module level."""
    return ctx.function_nodes[-1] if ctx.function_nodes else ctx.module


def flow_of(ctx: Context, body: Optional[Body]) -> Optional[FunctionFlow]:
    return ctx.per_file(FlowIndex).of(body) if body is not None else None


def find_later_call(start: ApiCall, ctx: Context, matches: Callable[[LaterCall], bool]) -> Optional[LaterCall]:
    """The first call after ``start`` in the function being walked for which ``matches`` holds."""
    flow = flow_of(ctx, ctx.function_nodes[-1]) if ctx.function_nodes else None
    if flow is None:
        return None
    own = flow.call(start.node)
    names = set(own.result_names) if own is not None else set()
    for fact in flow.calls_after(start.node):
        later = LaterCall(fact.node, FunctionFlow.library_call(ctx.evaluator, fact, walked=False),
                          set(fact.argument_texts) | spread_texts(fact.node, ctx), names)
        if matches(later):
            return later
    return None


def verifies(call: ApiCall) -> bool:
    """A call that checks a signature: a verifying kind, verification on, and a key where one is
    needed. A key written false (``False``, ``None``, ``""``) checks nothing."""
    if call.api.kind not in VERIFYING_KINDS or signature_switch(call) is not None:
        return False
    if call.api.param_for("key") is None:
        return True
    if call.passed("key"):
        key = call.value("key")
        return key is None or truthiness(key) is not False
    return call.open_ended or call.is_partial


def checked_on_every_path(node: cst.CSTNode, token: Optional[str], flow: Optional[FunctionFlow], ctx: Context,
                          *, any_token: bool = False) -> bool:
    """Peek, then verify: every path after ``node`` verifies the token (by source text) or ends
    without handing on what was read. A library call counts when it verifies; a project call
    when its name says it decodes or verifies and it is given the token. ``any_token`` also
    accepts a verification whose token (or the read's) is not known. Ask after the walk has left
    the function (its calls are then resolved with the bindings in force at each)."""
    if flow is None or (token is None and not any_token):
        return False

    def verifies_token(fact: CallFact) -> bool:
        api = FunctionFlow.library_call(ctx.evaluator, fact)
        calls = [api] if api is not None else summarised_calls(fact.node, ctx)
        if calls is not None:
            return any(verifies(call) and (token_text(call) == token
                                           or any_token and (token is None or token_text(call) is None))
                       for call in calls)
        return names_verification(fact.node.func) and (
            token is None or token in fact.argument_texts or token in spread_texts(fact.node, ctx))

    return flow.verified_on_every_path(node, verifies_token)


def summarised_calls(node: cst.Call, ctx: Context) -> Optional[list[ApiCall]]:
    """The library calls a call of a project function makes, with what it passes (its summary),
    or None when the callee has no summary with library calls."""
    wrappers = ctx.evaluator.summaries
    return wrappers.sinks_at(node) if isinstance(wrappers, WrapperCalls) else None


def site_body(call: ApiCall, ctx: Context) -> Optional[Body]:
    """The function (or module) holding the call site a summarised library call is checked at."""
    if call.site is None or ctx.module is None:
        return None
    if call.site.caller is None:
        return ctx.module
    return ctx.per_file(FunctionsByName).of(ctx.module).get(call.site.caller)


def takes_token(function: cst.FunctionDef, token: Optional[str]) -> bool:
    """Whether the token read is one of the function's parameters (a helper given the token)."""
    return token is not None and any(param.name.value == token for param in function.params.params)


def verified_by_callers(function: cst.FunctionDef, qualname: Optional[str], token: Optional[str],
                        ctx: Context) -> bool:
    """A peek in a helper: every call of the helper in this module passes a token that its caller
    then verifies on every path. Ask after the walk (every call site is known then)."""
    wrappers = ctx.evaluator.summaries
    if qualname is None or ctx.module is None or not takes_token(function, token) \
            or not isinstance(wrappers, WrapperCalls):
        return False
    assert token is not None
    sites = wrappers.call_sites(qualname)
    bodies = ctx.per_file(FunctionsByName).of(ctx.module)
    for node, caller, passed in sites:
        argument = passed.get(token)
        body = bodies.get(caller) if caller else ctx.module
        if argument is None or body is None \
                or not checked_on_every_path(node, source_text(argument), flow_of(ctx, body), ctx):
            return False
    return bool(sites)


@dataclass
class FunctionsByName:
    """A module's functions by qualified name (``Backend.authenticate``, ``f.<locals>.g``)."""

    found: Optional[dict[str, cst.FunctionDef]] = None

    def of(self, module: cst.Module) -> dict[str, cst.FunctionDef]:
        if self.found is None:
            self.found = {}
            self._add(module.body, "", False)
        return self.found

    def _add(self, statements: Sequence[cst.CSTNode], prefix: str, in_function: bool) -> None:
        assert self.found is not None
        for statement in statements:
            if isinstance(statement, cst.ClassDef):
                self._add(_body_of(statement), f"{prefix}{statement.name.value}.", False)
            elif isinstance(statement, cst.FunctionDef):
                name = f"{prefix}{statement.name.value}"
                self.found[name] = statement
                self._add(_body_of(statement), f"{name}.<locals>.", True)
            elif isinstance(statement, cst.BaseCompoundStatement) and not in_function:
                self._add(_body_of(statement), prefix, False)  # definitions under `if`/`try` at module level


def _body_of(statement: cst.BaseCompoundStatement) -> Sequence[cst.CSTNode]:
    body = statement.body
    return body.body if isinstance(body, cst.IndentedBlock) else ()


def validates_arguments(node: cst.Call, ctx: Context, depth: int = 2) -> bool:
    """A call of a project function (of this module or another, a method too) that validates what
    it is given: a call named for validating (``claims.validate()``, ``REGISTRY.validate(claims)``)
    on one of its parameters, or on a name made from one, or a call handing one to such a function
    (``depth`` levels down; names in them are looked up from here, so in this module only)."""
    callee = ctx.evaluator.callee(node)
    wrappers = ctx.evaluator.summaries
    if isinstance(callee, Derived) and isinstance(wrappers, WrapperCalls):
        found = wrappers.method_called(callee, ctx.function)
    else:
        found = callee if isinstance(callee, FunctionRef) else None
    if found is None or not isinstance(found.node, cst.FunctionDef):
        return False
    flow = ctx.per_file(FlowIndex).of(found.node)
    names = flow.names_from(frozenset(param for param in found.params if param not in ("self", "cls")))
    return any(_reads(call.node, names) and (names_validation(call.node.func)
                                             or depth > 0 and validates_arguments(call.node, ctx, depth - 1))
               for call in flow.calls() if call.node is not node)


def _reads(node: cst.CSTNode, names: frozenset[str]) -> bool:
    return any(isinstance(current, cst.Name) and current.value in names for current in descendants(node))


def is_logging(node: cst.Call) -> bool:
    """``logger.debug(...)``, ``app.logger.info(...)``, ``logging.warning(...)``, ``print(...)``."""
    func = node.func
    if isinstance(func, cst.Name):
        return func.value == "print"
    if isinstance(func, cst.Attribute) and func.attr.value in _LOG_METHODS:
        receiver = func.value
        name = receiver.attr.value if isinstance(receiver, cst.Attribute) else getattr(receiver, "value", "")
        return isinstance(name, str) and "log" in name.lower()
    return False


def _callee_name(func: cst.BaseExpression) -> str:
    name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
    return name.lower() if isinstance(name, str) else ""


def names_verification(func: cst.BaseExpression) -> bool:
    """A callee whose name says it decodes or verifies (a project's own helper)."""
    name = _callee_name(func)
    return "decode" in name or "verify" in name


def names_validation(func: cst.BaseExpression) -> bool:
    """A callee whose name says it validates or checks what it is given."""
    name = _callee_name(func)
    return any(word in name for word in ("validat", "verify", "check"))


def spread_texts(node: cst.Call, ctx: Context) -> set[str]:
    """How the entries of a ``**mapping`` the call passes are written where they come from."""
    texts: set[str] = set()
    for arg in node.args:
        if arg.star == "**":
            value = ctx.evaluate(arg.value)
            entries = value.entries if isinstance(value, DictValue) else ()
            texts.update(_spelling(entry) for _, entry in entries)
    texts.discard("")
    return texts


def _spelling(value: AnyValue) -> str:
    """How a value passed along is written where it came from (a parameter by its name)."""
    if isinstance(value, Param):
        return value.name
    return source_text(value.node) if value.node is not None else ""
