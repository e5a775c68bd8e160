"""JWT405: refresh and access tokens are interchangeable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.rules.claim_checks import is_false
from jwtlint.semantics.values import Const

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
            "`SIMPLE_JWT[\"TOKEN_TYPE_CLAIM\"] = None`. simplejwt's `UntypedToken` is not reported: it is "
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
    )
    valid = (
        'SIMPLE_JWT = {"TOKEN_TYPE_CLAIM": "token_type"}\n',
        'from flask_jwt_extended import jwt_required\n\n@jwt_required(refresh=True)\ndef refresh():\n    pass\n',
    )

    def on_call(self, call: ApiCall, ctx: Context) -> None:
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
