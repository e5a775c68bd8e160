"""JWT401: a signed (readable) token carries secrets or a whole user object."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from jwtlint import apis
from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.semantics.claim_checks import is_false
from jwtlint.semantics.class_bases import ClassBases
from jwtlint.semantics.decorators import decorator_roles
from jwtlint.semantics.evaluate import result_class
from jwtlint.semantics.returns import returns_of
from jwtlint.semantics.sensitive_claims import payload_problems, sensitive_claim
from jwtlint.semantics.values import AnyValue, CallResult, Const, DictValue, ObjectDump

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.semantics.calls import ApiCall
    from jwtlint.semantics.events import AssignEvent

_MINTING_KINDS = ("encode", "token_object")


def _minting(call: ApiCall) -> bool:
    return call.api.kind in _MINTING_KINDS and not call.passed("token")


def _encrypted(header: Optional[AnyValue]) -> bool:
    """A JWE: the protected header names a content encryption (``"enc"``)."""
    if isinstance(header, DictValue):
        return header.get("enc") is not None
    return isinstance(header, Const) and isinstance(header.value, str) and '"enc"' in header.value


class SensitiveDataInPayload(Rule):
    code = "JWT401"
    name = "sensitive-data-in-payload"
    category = "claims"
    severity = Severity.MEDIUM
    cwe = (312, 359)
    summary = "A signed (not encrypted) token carries secrets or a whole user object"
    what = ("Reports payloads whose claim names say they hold a password or its hash, a secret or API "
            "key, a private key, a card number or security code, an SSN, a one-time password or MFA seed, "
            "or another token; and whole objects used as the payload or a claim (`user.__dict__`, "
            "`vars(user)`, `dataclasses.asdict(user)`, `model_to_dict(user)`, `user.dict()`, "
            "`user.model_dump()`, `UserSerializer(user).data`). Payloads are read from every library's "
            "encode, Flask-JWT-Extended `additional_claims` and `@jwt.additional_claims_loader` returns, "
            "fastapi-jwt-auth `user_claims`, and simplejwt `token[...] = ...` in `get_token` overrides. "
            "Authlib `encode(..., check=False)` of a payload it cannot see is reported too. Encrypted "
            "tokens (a JWE header with `enc`) are not reported. Names are judged by their last words: "
            "`password_changed_at` and `has_password` are fine.")
    why = ("A JWS payload is only base64url-encoded: anyone holding the token (the browser, a proxy, a "
           "log file, a third-party script) reads every claim. Tokens are copied far more widely than "
           "databases, and cannot be recalled.")
    fix = ("Put only identifiers and authorisation facts in the token (`sub`, roles, scopes) and look "
           "everything else up on the server. Use JWE if the client must carry confidential data.")
    example = ('import jwt\n\n'
               'def issue(user, key):\n'
               '    claims = {"sub": str(user.id), "password_hash": user.password}\n'
               '    return jwt.encode(claims, key, algorithm="HS256")\n')
    fixed_example = ('import jwt\n\n'
                     'def issue(user, key):\n'
                     '    claims = {"sub": str(user.id), "password_changed_at": user.password_changed}\n'
                     '    return jwt.encode(claims, key, algorithm="HS256")\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc7519#section-12",
                  "https://cwe.mitre.org/data/definitions/312.html",
                  "https://docs.authlib.org/en/latest/jose/jwt.html")
    libraries = ("PyJWT", "python-jose", "Authlib", "joserfc", "jwcrypto", "Flask-JWT-Extended",
                 "djangorestframework-simplejwt", "fastapi-jwt-auth", "fastapi-users")
    invalid = (
        'from flask_jwt_extended import create_access_token\n'
        'create_access_token(identity=user.id, additional_claims={"apiKey": user.api_key})\n',
        'from jose import jwt\njwt.encode(vars(user), key)\n',
        'from rest_framework_simplejwt.serializers import TokenObtainPairSerializer\n\n'
        'class Pair(TokenObtainPairSerializer):\n    @classmethod\n    def get_token(cls, user):\n'
        '        token = super().get_token(user)\n        token["otp_secret"] = user.otp_secret\n'
        '        return token\n',
    )
    valid = (
        'import requests\nrequests.post(url, json={"password": pw})\n',
        'import jwt\njwt.encode({"sub": "1", "token_type": "access", "jti": j, "at_hash": h}, k, "HS256")\n',
        'from jose import jwe\njwe.encrypt(json.dumps({"password": pw}), key)\n',
        'import jwt\njwt.encode(TokenPayload(sub="1").model_dump(), k, "HS256")\n',
    )
    node_types = (cst.ClassDef,)

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        if not _minting(call) or _encrypted(call.value("header")):
            return
        problems = payload_problems(call.value("payload"))
        identity = call.value("identity")
        if isinstance(identity, ObjectDump):
            problems += payload_problems(identity)
        if problems:
            ctx.report(self, call.node, f"{call.api.name}() puts {', '.join(problems)} into a readable "
                                        "token payload", cause=call.node)
            return
        check = call.value("check")
        payload = call.value("payload")
        if check is not None and call.passed("check") and is_false(check) \
                and not (isinstance(payload, DictValue) and payload.complete):
            ctx.report(self, call.node, f"{call.api.name}(..., check=False) turns off the library's refusal "
                                        "of passwords, secrets and card numbers in the payload",
                       severity=Severity.LOW, confidence="medium", cause=check.node)

    def on_node(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.ClassDef)
        ctx.per_file(ClassBases).record(node, ctx.evaluator)

    def on_function_end(self, function: cst.FunctionDef, ctx: Context) -> None:
        if not any("claims_loader" in decorator_roles(d, ctx.evaluator) for d in function.decorators):
            return
        for statement in returns_of(function):
            problems = payload_problems(ctx.evaluate(statement.value))
            if problems:
                ctx.report(self, statement, f"claims loader {function.name.value}() adds "
                                            f"{', '.join(problems)} to every token's readable payload")

    def on_assign(self, event: AssignEvent, ctx: Context) -> None:
        if event.key is None or event.function is None or "." in event.target:
            return
        if not (_is_new_token(ctx.evaluator.lookup(event.target)) or _in_minting_override(event.function, ctx)):
            return
        value = event.value
        if isinstance(value, Const) and (value.value is None or isinstance(value.value, bool)):
            return
        what = sensitive_claim(event.key)
        if what is None and isinstance(value, ObjectDump):
            what = f"the whole object `{value.how}`"
        if what is not None:
            ctx.report(self, event.node, f'token["{event.key}"] puts {what} into a readable token payload')


def _is_new_token(value: AnyValue) -> bool:
    """A token object being minted (``RefreshToken.for_user(user)``), not one being read."""
    if not (isinstance(value, CallResult) and value.call is not None):
        return False
    owner = apis.lookup(result_class(value))
    minted = value.call.api.kind == "encode" or not value.call.passed("token")
    return minted and bool(owner) and owner[0].kind == "token_object"


def _in_minting_override(function: str, ctx: Context) -> bool:
    """Inside an override of a library method that mints the token (simplejwt ``get_token``)."""
    if function.count(".") != 1:
        return False
    owner, method = function.split(".")
    bases = ctx.per_file(ClassBases).of(owner)
    return any(row.kind == "encode" for base in bases for row in apis.lookup(f"{base}.{method}"))
