"""JWT104: a failed verification is ignored, or retried without verification.

The ``try`` regions and what their handlers do come from the function's ordered facts
(:mod:`jwtlint.semantics.flow`); the values names held before the ``try`` are taken when the
walk enters it, since the handler may fall back to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Optional, Union

import libcst as cst

from jwtlint import apis
from jwtlint.engine.context import Context
from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.rules.later import Body, current_body, flow_of, is_logging, verifies
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.flow import FunctionFlow, TryRegion
from jwtlint.semantics.unverified import VERIFYING_KINDS, signature_switch, unverified
from jwtlint.semantics.values import AnyValue, Symbol, truthiness


@dataclass
class _Try:
    region: TryRegion
    #: Calls whose result is thrown away (``jwt.decode(...)`` as a statement: a check).
    discarded: set[cst.CSTNode]
    #: What the names the body assigns held before the ``try``.
    before: dict[str, AnyValue]


@dataclass
class _Handlers:
    """Per file: the ``try`` of each ``except`` clause, as the walk entered it."""

    tries: dict[cst.CSTNode, _Try] = field(default_factory=dict)
    #: The body each library call was walked in.
    bodies: dict[cst.CSTNode, Optional[Body]] = field(default_factory=dict)


class VerificationFailureSwallowed(Rule):
    code = "JWT104"
    name = "verification-failure-swallowed"
    category = "verification"
    severity = Severity.HIGH
    cwe = (390, 347)
    summary = "A failed verification is ignored, or retried without verification"
    what = ("Reports the `except` clause of a `try` that verifies a token when the clause catches the "
            "verification error (bare, `Exception`, or a JWT library's exception) and then goes on as if "
            "the token were valid: `pass`/`continue` after a decode used only as a check, a fall-back to "
            "unverified contents, or a second decode with `verify_signature` off (high) or with expiry "
            "relaxed (`verify_exp: False`, `allow_expired=True`: medium, common in refresh flows).")
    why = ("The verification exists to stop forged or expired tokens. Catching its failure and carrying "
           "on, or decoding again without the check that failed, accepts exactly those tokens.")
    fix = ("Let the failure reject the request (`raise`, return 401). If an expired token must be read "
           "(refresh), keep the signature check and do it in a dedicated endpoint.")
    example = ('import jwt\n\n'
               'def claims_of(token, key):\n'
               '    try:\n'
               '        return jwt.decode(token, key, algorithms=["HS256"])\n'
               '    except jwt.InvalidTokenError:\n'
               '        return jwt.decode(token, options={"verify_signature": False})\n')
    fixed_example = ('import jwt\n\n'
                     'def claims_of(token, key):\n'
                     '    try:\n'
                     '        return jwt.decode(token, key, algorithms=["HS256"])\n'
                     '    except jwt.InvalidTokenError:\n'
                     '        return None\n')
    references = ("https://cwe.mitre.org/data/definitions/390.html",
                  "https://datatracker.ietf.org/doc/html/rfc8725#section-3.3")
    libraries = ("PyJWT", "python-jose", "Authlib", "joserfc", "jwcrypto", "Flask-JWT-Extended",
                 "djangorestframework-simplejwt")
    invalid = (
        'import jwt\n\ndef check(token, key):\n    try:\n        jwt.decode(token, key, algorithms=["HS256"])\n'
        '    except Exception:\n        pass\n    return True\n',
    )
    valid = (
        'import jwt\n\ndef user(token, key):\n    user = None\n    try:\n'
        '        user = jwt.decode(token, key, algorithms=["HS256"])["sub"]\n'
        '    except jwt.InvalidTokenError:\n        pass\n    return user\n',
        'import jwt\n\ndef claims(token, keys):\n    for key in keys:\n        try:\n'
        '            return jwt.decode(token, key, algorithms=["HS256"])\n'
        '        except KeyError:\n            continue\n',
    )
    node_types = (cst.Try, cst.ExceptHandler)

    def on_node(self, node: cst.CSTNode, ctx: Context) -> None:
        state = ctx.per_file(_Handlers)
        flow = flow_of(ctx, current_body(ctx))
        if flow is None:
            return
        if isinstance(node, cst.Try):
            for handler in node.handlers:
                found = flow.handler(handler)
                if found is not None:
                    state.tries[handler] = self._region(found[0], flow, ctx)
            return
        if not isinstance(node, cst.ExceptHandler):
            return
        info = state.tries.get(node)
        if info is None or not _catches_verification(node, ctx):
            return
        verified = self._verified_in(info, ctx)
        if not verified:
            return
        statements = [s for s in node.body.body if not _is_logging_statement(s)]
        if all(_is_noop(statement) for statement in statements):
            if info.discarded & verified or self._falls_back(info, None, ctx):
                ctx.report(self, node, "the except branch ignores a failed token verification and carries on")
            return
        returned = _returned(statements)
        if returned is not None and self._falls_back(info, returned, ctx):
            ctx.report(self, node, "the except branch returns token contents that were never verified")

    @staticmethod
    def _region(region: TryRegion, flow: FunctionFlow, ctx: Context) -> _Try:
        calls = list(flow.calls_in(region.body))
        discarded: set[cst.CSTNode] = {step.calls[-1].node for step in flow.steps_in(region.body) if step.discarded and step.calls}
        names = {name for call in calls for name in call.result_names if "." not in name}
        return _Try(region, discarded, {name: ctx.evaluate(cst.Name(name)) for name in names})

    @staticmethod
    def _verified_in(info: _Try, ctx: Context) -> set[cst.CSTNode]:
        """The body's calls that verify a token (the walk has resolved them by the time of the handler)."""
        found: set[cst.CSTNode] = set()
        for call in FunctionFlow.calls_in(info.region.body):
            api = FunctionFlow.library_call(ctx.evaluator, call)
            if api is not None and verifies(api):
                found.add(call.node)
        return found

    def _falls_back(self, info: _Try, returned: Optional[cst.BaseExpression], ctx: Context) -> bool:
        """Whether the code after the failure uses unverified contents instead of the verified result."""
        if returned is None:
            return any(unverified(value) is not None for value in info.before.values())
        if isinstance(returned, cst.Name) and returned.value in info.before:
            return unverified(info.before[returned.value]) is not None
        return unverified(ctx.evaluate(returned)) is not None

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        state = ctx.per_file(_Handlers)
        # A wrapper's call re-checked at a call site, after the walk, is looked up where it was walked.
        body = state.bodies.get(call.node)
        if body is None:
            body = state.bodies[call.node] = current_body(ctx)
        flow = flow_of(ctx, body)
        handler = flow.enclosing_handler(call.node) if flow is not None else None
        info = state.tries.get(handler) if handler is not None else None
        if handler is None or info is None or not _catches_verification(handler, ctx) \
                or not self._verified_in(info, ctx):
            return
        if signature_switch(call) is not None:
            ctx.report(self, handler, f"after a failed verification the except branch decodes the token again "
                                      f"without signature verification ({call.api.name}())")
        elif _expiry_relaxed(call):
            ctx.report(self, handler, f"after a failed verification the except branch decodes the token again "
                                      f"without the expiry check ({call.api.name}())", severity=Severity.MEDIUM)


def _expiry_relaxed(call: ApiCall) -> bool:
    if call.api.kind not in VERIFYING_KINDS:
        return False
    options = call.options()
    for switch, meaning in call.api.option_switches.items():
        value = options.get(switch)
        if meaning == "exp" and value is not None and truthiness(value) is False:
            return True
    allow = call.value("allow_expired")
    time_check = call.value("time_check")
    return (allow is not None and truthiness(allow) is True) or \
        (time_check is not None and call.passed("time_check") and truthiness(time_check) is False)


def _catches_verification(handler: cst.ExceptHandler, ctx: Context) -> bool:
    """Bare ``except``, ``Exception``/``BaseException``, or an exception class of a JWT library."""
    if handler.type is None:
        return True
    types = [e.value for e in handler.type.elements] if isinstance(handler.type, cst.Tuple) else [handler.type]
    tops = apis.known_top_modules()
    for expr in types:
        if isinstance(expr, cst.Name) and expr.value in ("Exception", "BaseException"):
            return True
        value = ctx.evaluate(expr)
        if isinstance(value, Symbol) and value.qualname.split(".", 1)[0] in tops:
            return True
    return False


def _is_logging_statement(statement: Union[cst.BaseStatement, cst.BaseSmallStatement]) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and is_logging(small.value)
        for small in statement.body)


def _is_noop(statement: Union[cst.BaseStatement, cst.BaseSmallStatement]) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Pass, cst.Continue))
        or (isinstance(small, cst.Expr) and isinstance(small.value, (cst.Ellipsis, cst.SimpleString)))
        for small in statement.body)


def _returned(statements: Sequence[Union[cst.BaseStatement, cst.BaseSmallStatement]]) -> Optional[cst.BaseExpression]:
    if len(statements) == 1 and isinstance(statements[0], cst.SimpleStatementLine) \
            and len(statements[0].body) == 1 and isinstance(statements[0].body[0], cst.Return):
        return statements[0].body[0].value
    return None
