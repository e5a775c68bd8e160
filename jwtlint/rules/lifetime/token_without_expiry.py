"""JWT501: a token minted without ``exp``, so it is valid forever."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.claim_checks import is_false, spell
from jwtlint.semantics.claim_deletions import ClaimDeletions
from jwtlint.semantics.lifetimes import (
    LIFETIME_MARKERS,
    MINTING_KINDS,
    NO_EXPIRY_SETTINGS,
)
from jwtlint.semantics.values import AnyValue, DictValue, truthiness

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.semantics.framework import Setting


class TokenWithoutExpiry(Rule):
    code = "JWT501"
    name = "token-without-expiry"
    category = "lifetime"
    severity = Severity.MEDIUM
    cwe = (613,)
    summary = "A token is minted without an expiry, so it is valid forever"
    what = ("Reports an encode whose payload is a dict known in full (a literal, or a variable built and "
            "changed before the call) without an `exp` claim, in every library (PyJWT, python-jose, "
            "Authlib, joserfc, jwcrypto `JWT(claims=...)` without `default_claims`); an encode of a payload "
            "whose `exp` was deleted before it (`del payload[\"exp\"]`, `payload.pop(\"exp\")`, often under "
            "an `if`) and not set again; python_jwt and "
            "fastapi-users `generate_jwt` without a lifetime; `JWTStrategy(secret, lifetime_seconds=None)`; "
            "Flask-JWT-Extended `expires_delta=False` and fastapi-jwt-auth `expires_time=False`; and the "
            "settings `JWT_ACCESS_TOKEN_EXPIRES`/`JWT_REFRESH_TOKEN_EXPIRES`/`authjwt_*_token_expires` = False. "
            "Libraries that add `exp` themselves (Flask-JWT-Extended, simplejwt) are not reported.")
    why = ("`exp` is optional in RFC 7519 and libraries only check it when it is present. A token "
           "without it is a permanent credential: a leaked or stolen token works until the signing "
           "key is rotated, and logging out does not end it.")
    fix = ("Add an `exp` claim (`datetime.now(timezone.utc) + timedelta(minutes=15)`), pass the "
           "library's lifetime argument, and require `exp` when verifying.")
    example = ('import jwt\n\n'
               'def issue(user_id, key):\n'
               '    return jwt.encode({"sub": str(user_id)}, key, algorithm="HS256")\n')
    fixed_example = ('from datetime import datetime, timedelta, timezone\n\nimport jwt\n\n'
                     'def issue(user_id, key):\n'
                     '    exp = datetime.now(timezone.utc) + timedelta(minutes=15)\n'
                     '    return jwt.encode({"sub": str(user_id), "exp": exp}, key, algorithm="HS256")\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc7519#section-4.1.4",
                  "https://cwe.mitre.org/data/definitions/613.html")
    libraries = ("PyJWT", "python-jose", "Authlib", "joserfc", "jwcrypto", "python_jwt",
                 "Flask-JWT-Extended", "fastapi-users", "fastapi-jwt-auth")
    invalid = (
        'from jose import jwt\nclaims = {"sub": "42"}\nclaims["role"] = "admin"\njwt.encode(claims, k)\n',
        'from flask_jwt_extended import create_access_token\ncreate_access_token("42", expires_delta=False)\n',
        'from fastapi_users.authentication import JWTStrategy\nJWTStrategy(SECRET, lifetime_seconds=None)\n',
        'app.config["JWT_ACCESS_TOKEN_EXPIRES"] = False\n',
        'import jwt\n\ndef issue(claims, forever):\n    if forever:\n        del claims["exp"]\n'
        '    return jwt.encode(claims, k, "HS256")\n',
    )
    valid = (
        'import jwt\nclaims = {"sub": "42"}\nclaims["exp"] = expiry()\njwt.encode(claims, k, "HS256")\n',
        'import jwt\nclaims = {"sub": "42"}\nclaims.update(exp=expiry())\njwt.encode(claims, k, "HS256")\n',
        'import jwt\njwt.encode({**base_claims(), "sub": "42"}, k, "HS256")\n',
        'from flask_jwt_extended import create_access_token\ncreate_access_token(identity="42")\n',
        'import requests\nrequests.post(url, json={"sub": "42"})\n',
        'import jwt\n\ndef issue(claims, days):\n    claims.pop("exp", None)\n    claims["exp"] = expiry(days)\n'
        '    return jwt.encode(claims, k, "HS256")\n',
    )
    markers = LIFETIME_MARKERS
    node_types = (cst.Del, cst.Call)

    def on_node(self, node: cst.CSTNode, ctx: Context) -> None:
        scope = ctx.function_nodes[-1] if ctx.function_nodes else ctx.module
        ctx.per_file(ClaimDeletions).record(node, ctx.evaluator, ctx.statement, scope)

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        if call.api.kind not in MINTING_KINDS or call.passed("token"):
            return
        roles = set(call.api.roles.values())
        if "expires_delta" in roles:
            value = call.value("expires_delta")
            if value is not None and is_false(value):
                self._report(ctx, call, value, f"{call.api.param_for('expires_delta')}=False")
            return
        if "lifetime" in roles:
            self._lifetime(call, ctx)
            return
        if call.api.kind != "instance" and "payload" in roles:
            self._payload(call, ctx)

    def _lifetime(self, call: ApiCall, ctx: Context) -> None:
        lifetime = call.value("lifetime")
        if lifetime is None or truthiness(lifetime) is not False:
            return
        if call.passed("default_claims"):
            return  # default claims may carry an exp of their own
        expires = call.value("expires")
        if expires is not None and truthiness(expires) is not False:
            return
        payload = call.value("payload")
        if isinstance(payload, DictValue) and (payload.get("exp") is not None or not payload.complete):
            return
        confidence = "high" if payload is None or isinstance(payload, DictValue) else "medium"
        spelled = f"{call.api.param_for('lifetime')}={spell(lifetime)}" if call.passed("lifetime") \
            else f"no {call.api.param_for('lifetime')}"
        self._report(ctx, call, lifetime, spelled, confidence)

    def _payload(self, call: ApiCall, ctx: Context) -> None:
        payload = call.value("payload")
        if isinstance(payload, DictValue) and payload.complete and payload.get("exp") is None:
            if call.passed("default_claims"):
                defaults = call.value("default_claims")
                if not (isinstance(defaults, DictValue) and defaults.complete) or defaults.get("exp") is not None:
                    return
            self._report(ctx, call, payload, "a payload without `exp`")
            return
        if ctx.anchor is not None:
            return  # a wrapper's call site: deletions are of the wrapper's body, checked at its encode
        scope = ctx.function_nodes[-1] if ctx.function_nodes else ctx.module
        param = call.api.param_for("payload")
        deletion = ctx.per_file(ClaimDeletions).reaching(
            "exp", call.arg_nodes.get(param) if param else None, payload, ctx.statement, scope)
        if deletion is not None:
            line = ctx.range_of(deletion.statement).start.line
            ctx.report(self, call.node, f"{call.api.name}() with a payload whose `exp` is deleted on line {line}: "
                                        "the token minted on that path never expires", cause=deletion.statement)

    def _report(self, ctx: Context, call: ApiCall, value: AnyValue, spelled: str, confidence: str = "high") -> None:
        ctx.report(self, call.node, f"{call.api.name}() with {spelled}: the token never expires",
                   confidence=confidence, cause=value.node)

    def on_setting(self, setting: Setting, ctx: Context) -> None:
        if setting.upper_name in NO_EXPIRY_SETTINGS and is_false(setting.value):
            ctx.report(self, setting.node, f"{setting.name} = False: tokens are minted without `exp` and "
                                           "never expire", cause=setting.value.node)
