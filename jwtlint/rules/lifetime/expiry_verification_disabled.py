"""JWT502: a verification that checks the signature but not ``exp``, so expired tokens pass."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst
import libcst.matchers as m

from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.rules.later import LaterCall, find_later_call, names_validation
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.claim_checks import (
    is_false,
    is_true,
    spell,
    switched_off,
    verifies_signature,
)
from jwtlint.semantics.lifetimes import function_words
from jwtlint.semantics.unverified import source_text
from jwtlint.semantics.values import AnyValue, ClassRef, DictValue

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.semantics.framework import Setting

#: Where reading an expired token on purpose is the job (refresh, logout, revocation).
_EXPIRED_ON_PURPOSE = frozenset({"REFRESH", "LOGOUT", "SIGNOUT", "REVOKE", "REVOCATION", "BLOCKLIST",
                                 "BLACKLIST", "DENYLIST", "EXPIRED"})
_GRAPHQL_JWT, _GRAPHQL_VERIFY_EXPIRATION = "GRAPHQL_JWT", "JWT_VERIFY_EXPIRATION"


class ExpiryVerificationDisabled(Rule):
    code = "JWT502"
    name = "expiry-verification-disabled"
    category = "lifetime"
    severity = Severity.HIGH
    cwe = (613,)
    summary = "Expired tokens are accepted because the expiry check is turned off"
    what = ('Reports a verification that still checks the signature but not `exp`: `options={"verify_exp": '
            'False}` (PyJWT, python-jose), Flask-JWT-Extended `decode_token(t, allow_expired=True)`, '
            "python_jwt `verify_jwt(..., checks_optional=True)`, jwcrypto `JWT(..., check_claims=False)` or a "
            "`check_claims` dict without `exp` (only `check_claims=None`, the default, checks it unlisted), "
            "GehirnInc `JWT().decode(..., do_time_check=False)`, and a django-graphql-jwt `GRAPHQL_JWT` that does "
            "not set `JWT_VERIFY_EXPIRATION` to True (it defaults to False). A decode whose result goes to a "
            "method of the same class that reads `exp` (`self._validate_jwt_data(data)`) is checked there and not "
            "reported; another validation helper lowers the finding. In a function whose name says refresh, "
            "logout or revocation, reading an expired token is often the point: reported at low severity.")
    why = ("An expired token is a token the application has stopped trusting; accepting it makes every "
           "token that ever leaked valid forever. A refresh or logout flow may read an expired access "
           "token on purpose, but must not grant access from it.")
    fix = ("Keep the expiry check. In refresh or logout flows, read only the identifier you need from "
           "the expired token, still verify its signature, and limit how far past `exp` it is accepted.")
    autofix = "remove-check-switch"
    example = ('import jwt\n\n'
               'def current_user(token, key):\n'
               '    claims = jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})\n'
               '    return claims["sub"]\n')
    fixed_example = ('import jwt\n\n'
                     'def current_user(token, key):\n'
                     '    claims = jwt.decode(token, key, algorithms=["HS256"], options={"require": ["exp"]})\n'
                     '    return claims["sub"]\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc7519#section-4.1.4",
                  "https://cwe.mitre.org/data/definitions/613.html")
    libraries = ("PyJWT", "python-jose", "Flask-JWT-Extended", "python_jwt", "jwcrypto", "jwt (GehirnInc)")
    invalid = (
        'from flask_jwt_extended import decode_token\nclaims = decode_token(raw, allow_expired=True)\n',
        'from jwcrypto import jwt\ntok = jwt.JWT(jwt=raw, key=key, check_claims=False)\n',
        'import python_jwt\nheader, claims = python_jwt.verify_jwt(raw, pub, ["PS256"], checks_optional=True)\n',
    )
    valid = (
        'import jwt\njwt.decode(t, k, algorithms=["HS256"], options={"verify_exp": True})\n',
        'import jwt\njwt.decode(t, options={"verify_signature": False, "verify_exp": False})  # noqa: JWT101\n',
        'from jwcrypto import jwt\ntok = jwt.JWT(jwt=raw, key=key, check_claims={"exp": None})\n',
    )

    def on_setting(self, setting: Setting, ctx: Context) -> None:
        """django-graphql-jwt: ``JWT_VERIFY_EXPIRATION`` defaults to False (graphql_jwt/settings.py)."""
        if setting.kind != "module" or setting.name != _GRAPHQL_JWT:
            return
        value = setting.value
        if not (isinstance(value, DictValue) and value.complete):
            return
        verify = value.get(_GRAPHQL_VERIFY_EXPIRATION)
        if verify is None:
            ctx.report(self, setting.node, f"{_GRAPHQL_JWT} does not set {_GRAPHQL_VERIFY_EXPIRATION}, which "
                                           "defaults to False: expired tokens are accepted")
        elif is_false(verify):
            ctx.report(self, verify.node or setting.node, f"{_GRAPHQL_VERIFY_EXPIRATION} is False: expired "
                                                          "tokens are accepted", cause=verify.node)

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        if not verifies_signature(call):
            return
        found = self.switch(call)
        if found is None:
            return
        value, spelled = found
        if function_words(call) & _EXPIRED_ON_PURPOSE:
            ctx.report(self, call.node, f"{call.api.name}() with {spelled} accepts expired tokens; in a "
                                        "refresh/logout flow use it only to identify the token, never to "
                                        "grant access", severity=Severity.LOW, confidence="medium",
                       cause=value.node)
            return
        checker = find_later_call(call, ctx, _checks_result)
        if checker is not None and _method_reads_exp(checker.node.func, ctx):
            return  # the class's own validation reads `exp`: the check is done there, not skipped
        if checker is not None:
            ctx.report(self, call.node, f"{call.api.name}() with {spelled}: expired tokens are accepted "
                                        f"unless {source_text(checker.node.func)}() checks `exp` itself",
                       severity=Severity.LOW, confidence="medium", cause=value.node)
            return
        ctx.report(self, call.node, f"{call.api.name}() with {spelled}: expired tokens are accepted",
                   cause=value.node)

    @staticmethod
    def switch(call: ApiCall) -> Optional[tuple[AnyValue, str]]:
        found = switched_off(call, "exp")
        if found is not None:
            return found
        for role in ("allow_expired", "checks_optional"):
            value = call.value(role)
            if value is not None and call.passed(role) and is_true(value):
                return value, f"{call.api.param_for(role)}={spell(value)}"
        for role in ("check_claims", "time_check"):
            value = call.value(role)
            if value is not None and call.passed(role) and is_false(value):
                return value, f"{call.api.param_for(role)}=False"
        check = call.value("check_claims")
        if call.passed("check_claims") and isinstance(check, DictValue) and check.complete \
                and check.spread is None and "exp" not in dict(check.entries):
            # jwcrypto checks exp by default only when check_claims is None; a dict checks what it lists.
            return check, f"{call.api.param_for('check_claims')} without 'exp'"
        return None


def _method_reads_exp(func: cst.BaseExpression, ctx: Context) -> bool:
    """``self._validate(data)`` where that method of the same class names the ``exp`` claim."""
    if not (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == "self"):
        return False
    owner_name = (ctx.function or "").rpartition(".")[0]
    module = ctx.evaluator.fallback
    owner = module.bindings.get(owner_name) if module is not None and owner_name else None
    if not (isinstance(owner, ClassRef) and isinstance(owner.node, cst.ClassDef)):
        return False
    for statement in owner.node.body.body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value == func.attr.value:
            return any(isinstance(node, cst.SimpleString) and node.evaluated_value == "exp"
                       for node in m.findall(statement, m.SimpleString()))
    return False


def _checks_result(later: LaterCall) -> bool:
    """The decoded claims go to the project's own validation helper (``self._validate_jwt_data(data)``)."""
    return later.api is None and names_validation(later.node.func) \
        and bool(later.result_names & later.argument_texts)


class ExcessiveLifetime(Rule):
    code = "JWT503"
    name = "excessive-token-lifetime"
    category = "lifetime"
    severity = Severity.LOW
    cwe = (613,)
