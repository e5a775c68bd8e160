"""JWT103: a token's signature is checked but its claims (exp, nbf, aud, iss) never are."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from jwtlint import apis
from jwtlint.engine.context import Context
from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.rules.later import is_logging, names_validation, validates_arguments
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.unverified import argument_node, signature_switch
from jwtlint.semantics.values import AnyValue, CallResult, Const, DictValue, origin


@dataclass
class _Pending:
    call: ApiCall
    validated: bool = False
    escaped: bool = False
    #: Names the result is assigned to: ``token = decode(...)`` in a ``try`` and again in its
    #: ``except`` both reach a later ``token.claims``.
    names: tuple[str, ...] = ()


@dataclass
class _Claims:
    """Per file: decodes whose claims wait for a validation."""

    pending: dict[cst.CSTNode, _Pending] = field(default_factory=dict)
    #: Decodes of this file already pending or decided.
    taken: set[cst.CSTNode] = field(default_factory=set)
    #: Expressions whose value leaves the function (returned, passed on, stored on an object),
    #: recorded before the calls inside them are seen.
    leaving: set[cst.CSTNode] = field(default_factory=set)
    #: Call -> the names its result is assigned to (seen before the call itself).
    names_of_call: dict[cst.CSTNode, tuple[str, ...]] = field(default_factory=dict)
    #: Functions holding a claims validation whose target could not be resolved.
    validating: set[Optional[str]] = field(default_factory=set)
    module_validates: bool = False


def _validators() -> frozenset[str]:
    return frozenset(api.claims_validator for api in apis.all_apis() if api.claims_validator not in ("", "none"))


def _skipped_claim_checks(check: Optional[AnyValue]) -> Optional[str]:
    """jwcrypto's ``check_claims``: ``None`` (the default) checks ``exp``/``nbf`` when present,
    ``False`` skips every check, and a dict checks only what it lists, so ``{}`` checks nothing."""
    if isinstance(check, Const) and check.value is False:
        return "False"
    if isinstance(check, DictValue) and check.complete and check.spread is None and not check.entries:
        return "{}"
    return None


class ClaimsNeverValidated(Rule):
    code = "JWT103"
    name = "claims-never-validated"
    category = "verification"
    severity = Severity.HIGH
    cwe = (613, 345)
    summary = "A token's signature is checked but its claims (exp, nbf, aud, iss) never are"
    what = ("Reports decodes that leave claim validation to the caller when the caller never does it: "
            "Authlib `jwt.decode`/`JsonWebToken.decode` without `.validate()` on the result, joserfc "
            "`jwt.decode` without `JWTClaimsRegistry(...).validate(token.claims)`, jwcrypto "
            "`JWT(..., check_claims=False)` or `check_claims={}` (`None`, the default, checks `exp` and `nbf`), and PyJWT's `PyJWS().decode`/`jwt.api_jws.decode` whose result "
            "is parsed as JWT claims. A result returned or handed to another function is reported only "
            "when nothing in the module validates claims; a custom `claims_cls` is trusted.")
    why = ("A correctly signed token stays valid forever if nobody checks `exp`: a leaked or revoked "
           "token keeps working, and a token meant for another audience is accepted.")
    fix = ("Authlib: `claims = jwt.decode(t, key, claims_options=...); claims.validate()`. joserfc: "
           "`JWTClaimsRegistry(exp={\"essential\": True}, ...).validate(token.claims)`. jwcrypto: drop "
           "`check_claims=False`. PyJWT: use `jwt.decode` for JWTs.")
    example = ('from authlib.jose import jwt\n\n'
               'def user_id(token, key):\n'
               '    claims = jwt.decode(token, key)\n'
               '    print(claims["sub"])\n')
    fixed_example = ('from authlib.jose import JsonWebToken\n\n'
                     'jwt = JsonWebToken(["RS256"])\n\n'
                     'def user_id(token, key):\n'
                     '    claims = jwt.decode(token, key)\n'
                     '    claims.validate()\n'
                     '    print(claims["sub"])\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.8",
                  "https://docs.authlib.org/en/latest/jose/jwt.html",
                  "https://jose.authlib.org/en/dev/guide/jwt/",
                  "https://cwe.mitre.org/data/definitions/613.html")
    libraries = ("Authlib", "joserfc", "jwcrypto", "PyJWT")
    invalid = (
        'from jwcrypto import jwt\ntoken = jwt.JWT(jwt=raw, key=key, check_claims=False)\n',
        'import json, jwt\nclaims = json.loads(jwt.PyJWS().decode(raw, key, algorithms=["HS256"]))\n',
        'from joserfc import jwt\n\ndef claims_of(value, key):\n    token = jwt.decode(value, key)\n'
        '    print(token.claims)\n',
    )
    valid = (
        'from joserfc import jwt\n\nREGISTRY = jwt.JWTClaimsRegistry(exp={"essential": True})\n\n'
        'def claims_of(value, key):\n    token = jwt.decode(value, key)\n    REGISTRY.validate(token.claims)\n'
        '    return token.claims\n',
        'from authlib.jose import jwt\n\ndef load(token, key):\n    return jwt.decode(token, key)\n\n'
        'def user(token, key):\n    claims = load(token, key)\n    claims.validate()\n    return claims\n',
    )
    node_types = (cst.Return, cst.Call, cst.Assign)

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        state = ctx.per_file(_Claims)
        api = call.api
        check = call.value("check_claims")
        skipped = _skipped_claim_checks(check) if call.passed("check_claims") else None
        if skipped is not None:
            ctx.report(self, call.node, f"{api.name}() with {api.param_for('check_claims')}={skipped}: "
                                        "no claim (exp, nbf) is checked", cause=argument_node(call, "check_claims"))
        # A wrapper's decode re-checked at a call site (after the walk, or from another module)
        # was decided where the wrapper is: what it does with the claims is written there.
        if api.kind == "decode" and api.claims_validator not in ("", "none") and not call.passed("claims_class") \
                and call.node not in state.taken and not ctx.project.is_foreign(call.node):
            state.taken.add(call.node)
            state.pending[call.node] = _Pending(call, escaped=call.node in state.leaving,
                                               names=state.names_of_call.get(call.node, ()))
        if api.name in _validators():
            self._validated(call, state)

    def _validated(self, call: ApiCall, state: _Claims) -> None:
        state.module_validates = True
        targets: list[Optional[cst.CSTNode]] = [call.receiver.node] if call.receiver is not None else []
        targets += [origin(value).node for value in call.args.values() if isinstance(origin(value), CallResult)]
        hits = [state.pending[node] for node in targets if node is not None and node in state.pending]
        for pending in hits:
            pending.validated = True
        if not hits:
            state.validating.add(call.function)

    def on_node(self, node: cst.CSTNode, ctx: Context) -> None:
        state = ctx.per_file(_Claims)
        leaving: list[cst.BaseExpression] = []
        if isinstance(node, cst.Call):
            func = node.func
            if isinstance(func, cst.Attribute) and func.attr.value == "validate":
                state.module_validates = True
            if isinstance(func, cst.Attribute) and func.attr.value == "loads" and node.args:
                self._parsed_as_claims(ctx.evaluate(node.args[0].value), ctx)
            if not is_logging(node):
                leaving = [arg.value for arg in node.args]
        elif isinstance(node, cst.Return) and node.value is not None:
            leaving = [node.value]
        elif isinstance(node, cst.Assign):
            state.names_of_call[node.value] = tuple(
                t.target.value for t in node.targets if isinstance(t.target, cst.Name))
            if any(isinstance(t.target, cst.Attribute) for t in node.targets):
                leaving = [node.value]
        validator = isinstance(node, cst.Call) and (
            names_validation(node.func) or bool(state.pending and leaving) and validates_arguments(node, ctx))
        for expr in leaving:
            state.leaving.add(expr)
            if state.pending and isinstance(expr, (cst.Name, cst.Attribute)):
                self._escapes(ctx.evaluate(expr), state, validator)
                self._escapes_by_name(expr, ctx.function, state, validator)

    def _escapes(self, value: AnyValue, state: _Claims, validator: bool) -> None:
        """The claims leave the function; handed to ``validate_claims(...)``/``self.verify_claims(...)``
        they count as validated there."""
        found = origin(value)
        if isinstance(found, CallResult) and found.node is not None and found.node in state.pending:
            pending = state.pending[found.node]
            pending.escaped = True
            pending.validated = pending.validated or validator

    def _escapes_by_name(self, expr: cst.BaseExpression, function: Optional[str], state: _Claims, validator: bool) -> None:
        base = expr.value if isinstance(expr, cst.Attribute) else expr
        if not isinstance(base, cst.Name):
            return
        for pending in state.pending.values():
            if pending.call.function == function and base.value in pending.names:
                pending.escaped = True
                pending.validated = pending.validated or validator

    def _parsed_as_claims(self, value: AnyValue, ctx: Context) -> None:
        """``json.loads(PyJWS().decode(...))``: a JWS decoder used for a JWT."""
        found = origin(value)
        if not (isinstance(found, CallResult) and found.call is not None):
            return
        call: ApiCall = found.call
        if call.api.claims_validator == "none" and signature_switch(call) is None:
            ctx.report(self, call.node, f"{call.api.name}() checks only the signature; the JWT claims parsed "
                                        "from it (exp, nbf, aud) are never validated: use jwt.decode()")

    def on_function_end(self, function: cst.FunctionDef, ctx: Context) -> None:
        self._decide(ctx, ctx.function, final=False)

    def on_module_end(self, ctx: Context) -> None:
        self._decide(ctx, None, final=True)

    def _decide(self, ctx: Context, function: Optional[str], final: bool) -> None:
        state = ctx.per_file(_Claims)
        for key, pending in list(state.pending.items()):
            if not final and pending.call.function != function:
                continue
            if pending.escaped and not final:
                continue  # validation may happen where the claims go; decided for the whole module
            del state.pending[key]
            if pending.validated or pending.call.function in state.validating:
                continue
            if pending.escaped and state.module_validates:
                continue
            ctx.report(self, pending.call.node, f"{pending.call.api.name}() checks the signature only and the "
                                                "claims it returns are never validated (exp, nbf, aud, iss): "
                                                f"call {pending.call.api.claims_validator}()")
