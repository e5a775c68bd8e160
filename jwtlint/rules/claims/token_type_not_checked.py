"""JWT405: refresh and access tokens are interchangeable."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from jwtlint.engine.imported_mints import imported_mints
from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.semantics.claim_checks import is_false
from jwtlint.semantics.token_types import TokenTypes
from jwtlint.semantics.values import AnyValue, Const

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.semantics.calls import ApiCall
    from jwtlint.semantics.framework import Setting


class TokenTypeConfusion(Rule):
    code = "JWT405"
    name = "token-type-not-checked"
    category = "claims"
    severity = Severity.MEDIUM
    cwe = (345,)
    summary = "Refresh and access tokens are interchangeable because the token type is not checked"
    what = ("Reports Flask-JWT-Extended `jwt_required(verify_type=False)` and "
            "`verify_jwt_in_request(verify_type=False)` (also as decorators), and simplejwt "
            "`SIMPLE_JWT[\"TOKEN_TYPE_CLAIM\"] = None`; and a verification that never reads a "
            "`type`/`typ`/`token_type`/`token_use` claim of its result while the key it verifies with mints "
            "tokens of different types (`{\"type\": \"refresh\"}` beside untyped or `\"access\"` tokens), in "
            "its module or in the modules it imports (keys compared by name: `settings.SECRET_KEY` and an "
            "imported `SECRET_KEY` are one key). A "
            "result returned or handed to a checking function is left to where it goes. simplejwt's `UntypedToken` is not reported: it is "
            "the library's class for token-verification endpoints, and whether its claims then grant "
            "access is not visible statically.")
    why = ("Refresh tokens live much longer than access tokens and are stored differently. When either "
           "type is accepted, a long-lived refresh token (or a password-reset token signed with the same "
           "key) works as an access token (RFC 8725 §2.8, §3.11).")
    fix = ("Keep the type check on: `@jwt_required()` for access and `@jwt_required(refresh=True)` for the "
           "refresh endpoint; keep simplejwt's `TOKEN_TYPE_CLAIM`.")
    example = ('from flask_jwt_extended import get_jwt_identity, jwt_required\n\n'
               '@jwt_required(verify_type=False)\n'
               'def profile():\n'
               '    return get_jwt_identity()\n')
    fixed_example = ('from flask_jwt_extended import get_jwt_identity, jwt_required\n\n'
                     '@jwt_required()\n'
                     'def profile():\n'
                     '    return get_jwt_identity()\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.11",
                  "https://flask-jwt-extended.readthedocs.io/en/stable/api.html#flask_jwt_extended.jwt_required",
                  "https://cwe.mitre.org/data/definitions/345.html")
    libraries = ("Flask-JWT-Extended", "djangorestframework-simplejwt")
    invalid = (
        'SIMPLE_JWT = {"TOKEN_TYPE_CLAIM": None}\n',
        'from flask_jwt_extended import verify_jwt_in_request\nverify_jwt_in_request(verify_type=False)\n',
        'import jwt\naccess = jwt.encode({"sub": "1"}, KEY, "HS256")\n'
        'refresh = jwt.encode({"sub": "1", "type": "refresh"}, KEY, "HS256")\n'
        'user = jwt.decode(token, KEY, algorithms=["HS256"])["sub"]\n',
    )
    valid = (
        'import jwt\nrefresh = jwt.encode({"sub": "1", "type": "refresh"}, KEY, "HS256")\n'
        'claims = jwt.decode(token, KEY, algorithms=["HS256"])\n'
        'if claims.get("type") == "refresh":\n    raise PermissionError\n',
        'SIMPLE_JWT = {"TOKEN_TYPE_CLAIM": "token_type"}\n',
        'from flask_jwt_extended import jwt_required\n\n@jwt_required(refresh=True)\ndef refresh():\n    pass\n',
    )
    node_types = (cst.Subscript, cst.Call, cst.Return)

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        if ctx.anchor is None:  # a wrapper's call re-checked at a call site is not this file's token
            ctx.per_file(TokenTypes).record(call)
        value = call.value("verify_type")
        if value is not None and call.passed("verify_type") and is_false(value):
            ctx.report(self, call.node, f"{call.api.name}(verify_type=False): refresh tokens are accepted "
                                        "where access tokens are expected", cause=value.node)

    def on_setting(self, setting: Setting, ctx: Context) -> None:
        if setting.kind != "dict-entry" or setting.upper_name != "TOKEN_TYPE_CLAIM":
            return
        if isinstance(setting.value, Const) and setting.value.value is None:
            ctx.report(self, setting.node, "TOKEN_TYPE_CLAIM is None: simplejwt stops telling refresh tokens "
                                           "from access tokens", cause=setting.value.node)

    def on_node(self, node: cst.CSTNode, ctx: Context) -> None:
        ctx.per_file(TokenTypes).observe(node, ctx.evaluator)

    def on_module_end(self, ctx: Context) -> None:
        facts = ctx.per_file(TokenTypes)
        unchecked = facts.unchecked()
        imported = imported_mints(ctx) if unchecked else {}
        for verification in unchecked:
            types, where = facts.types_of(verification.key), "here"
            if types is None:
                elsewhere = imported.get(verification.key, [])
                types = facts.types_of(verification.key, elsewhere)
                where = _where(ctx, verification.key, facts, elsewhere)
            if types is None:
                continue
            call = verification.call
            ctx.report(self, call.node, f"{call.api.name}() accepts every token signed with `{verification.key}`, "
                                        f"which signs tokens of different types ({_spelled(types)}) {where}: "
                                        "check the type claim of the result")


def _where(ctx: Context, key: str, facts: TokenTypes, elsewhere: list[TokenTypes]) -> str:
    """``here and at app/core/security.py:17``: the typed mints of the imported modules."""
    places = []
    for other in elsewhere:
        definition = ctx.definition(other.typed_at.get(key))
        if definition is not None:
            places.append(f"{definition.location.path}:{definition.location.span.line}")
    here = "here and " if facts.minted.get(key) else ""
    return here + ("at " + ", ".join(places) if places else "in the modules it imports")


def _spelled(types: list[Optional[AnyValue]]) -> str:
    names = {repr(typed.value) if isinstance(typed, Const) else ("no type" if typed is None else "a typed value")
             for typed in types}
    return ", ".join(sorted(names))
