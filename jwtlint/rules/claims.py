"""JWT4xx: what a token carries, and which of its claims a verification checks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from jwtlint import apis
from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.rules.claim_checks import (
    VERIFYING_KINDS,
    is_false,
    option_value,
    switched_off,
    verifies_signature,
)
from jwtlint.rules.sensitive_claims import sensitive_claim, sensitive_entries
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.evaluate import result_class
from jwtlint.semantics.values import (
    AnyValue,
    CallResult,
    ClassRef,
    Const,
    Derived,
    DictValue,
    ObjectDump,
    SeqValue,
    Symbol,
    origin,
    truthiness,
)

if TYPE_CHECKING:
    from jwtlint.semantics.framework import (
        Setting,  # imports the engine: only for annotations
    )


_MINTING_KINDS = ("encode", "token_object")
_BASES_STATE = "jwtlint.claims.class_bases"


def _minting(call: ApiCall) -> bool:
    return call.api.kind in _MINTING_KINDS and not call.passed("token")


def _encrypted(header: Optional[AnyValue]) -> bool:
    """A JWE: the protected header names a content encryption (``"enc"``)."""
    if isinstance(header, DictValue):
        return header.get("enc") is not None
    return isinstance(header, Const) and isinstance(header.value, str) and '"enc"' in header.value


def _payload_problems(value: Optional[AnyValue]) -> list[str]:
    if isinstance(value, ObjectDump):
        return [f"the whole object `{value.how}`"]
    if value is None:
        return []
    return [f"`{path}` ({what})" for path, what in sensitive_entries(value)]


class _Returns(cst.CSTVisitor):
    """The ``return`` statements of one function, not of functions nested in it."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[cst.Return] = []

    def visit_Return(self, node: cst.Return) -> None:
        self.found.append(node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False


def _returns_of(function: cst.FunctionDef) -> list[cst.Return]:
    visitor = _Returns()
    function.body.visit(visitor)
    return visitor.found


def _decorator_roles(decorator: cst.Decorator, ctx) -> set[str]:
    """Roles of the library API a decorator is (``@jwt.additional_claims_loader``)."""
    expr = decorator.decorator
    if isinstance(expr, cst.Call):
        call = ctx.resolve_call(expr)
        return set(call.api.roles.values()) if call is not None else set()
    value = ctx.evaluate(expr)
    name = ""
    if isinstance(value, Symbol):
        name = value.qualname
    elif isinstance(value, Derived) and isinstance(value.base, CallResult) and result_class(value.base):
        name = f"{result_class(value.base)}.{value.key}"
    rows = apis.lookup(name) if name else ()
    return set(rows[0].roles.values()) if rows else set()


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

    def on_call(self, call: ApiCall, ctx) -> None:
        if not _minting(call) or _encrypted(call.value("header")):
            return
        problems = _payload_problems(call.value("payload"))
        identity = call.value("identity")
        if isinstance(identity, ObjectDump):
            problems += _payload_problems(identity)
        if problems:
            ctx.report(self, call.node, f"{call.api.name}() puts {', '.join(problems)} into a readable "
                                        "token payload", cause=call.node)
            return
        check = call.value("check")
        payload = call.value("payload")
        if check is not None and call.passed("check") and is_false(check) and not (isinstance(payload, DictValue) and payload.complete):
            ctx.report(self, call.node, f"{call.api.name}(..., check=False) turns off the library's refusal "
                                        "of passwords, secrets and card numbers in the payload",
                       severity=Severity.LOW, confidence="medium", cause=check.node)

    def on_node(self, node: cst.CSTNode, ctx) -> None:
        assert isinstance(node, cst.ClassDef)
        bases = []
        for base in node.bases:
            value = ctx.evaluate(base.value)
            if isinstance(value, Symbol):
                bases.append(value.qualname)
            elif isinstance(value, ClassRef):
                bases.extend(ctx.state.get(_BASES_STATE, {}).get(value.qualname, ()))
        ctx.state.setdefault(_BASES_STATE, {})[node.name.value] = tuple(bases)

    def on_function_end(self, function: cst.FunctionDef, ctx) -> None:
        if not any("claims_loader" in _decorator_roles(d, ctx) for d in function.decorators):
            return
        for statement in _returns_of(function):
            problems = _payload_problems(ctx.evaluate(statement.value))
            if problems:
                ctx.report(self, statement, f"claims loader {function.name.value}() adds "
                                            f"{', '.join(problems)} to every token's readable payload")

    def on_assign(self, event, ctx) -> None:
        if event.key is None or event.function is None or "." in event.target:
            return
        if not (self._is_new_token(ctx.evaluator.lookup(event.target)) or self._in_minting_override(event, ctx)):
            return
        value = event.value
        if isinstance(value, Const) and (value.value is None or isinstance(value.value, bool)):
            return
        what = sensitive_claim(event.key)
        if what is None and isinstance(value, ObjectDump):
            what = f"the whole object `{value.how}`"
        if what is not None:
            ctx.report(self, event.node, f'token["{event.key}"] puts {what} into a readable token payload')

    @staticmethod
    def _is_new_token(value: AnyValue) -> bool:
        """A token object being minted (``RefreshToken.for_user(user)``), not one being read."""
        if not (isinstance(value, CallResult) and value.call is not None):
            return False
        owner = apis.lookup(result_class(value))
        minted = value.call.api.kind == "encode" or not value.call.passed("token")
        return minted and bool(owner) and owner[0].kind == "token_object"

    @staticmethod
    def _in_minting_override(event, ctx) -> bool:
        """Inside an override of a library method that mints the token (simplejwt ``get_token``)."""
        if event.function.count(".") != 1:
            return False
        owner, method = event.function.split(".")
        bases = ctx.state.get(_BASES_STATE, {}).get(owner, ())
        return any(row.kind == "encode" for base in bases for row in apis.lookup(f"{base}.{method}"))


class AudienceCheckDisabled(Rule):
    code = "JWT402"
    name = "audience-check-disabled"
    category = "claims"
    severity = Severity.MEDIUM
    cwe = (345,)
    summary = "A token's audience is not checked, so tokens minted for another service are accepted"
    what = ('Reports `options={"verify_aud": False}` (PyJWT, python-jose) on a verifying decode, and '
            "google-auth ID-token verification (`id_token.verify_oauth2_token`, `verify_token`, "
            "`google.auth.jwt.decode`) without `audience=` (high: any Google ID token minted for any "
            "other app is then accepted).")
    why = ("The audience says which service a token is for. Without the check, a token issued for "
           "another service of the same issuer (or, with Google sign-in, for anybody's app) is accepted "
           "here.")
    fix = "Pass the expected audience (`audience=CLIENT_ID`) and keep `verify_aud` on."
    autofix = "remove-check-switch"
    example = ('from google.oauth2 import id_token\nfrom google.auth.transport import requests\n\n'
               'def google_user(token):\n'
               '    return id_token.verify_oauth2_token(token, requests.Request())\n')
    fixed_example = ('from google.oauth2 import id_token\nfrom google.auth.transport import requests\n\n'
                     'CLIENT_ID = "1234.apps.googleusercontent.com"\n\n'
                     'def google_user(token):\n'
                     '    return id_token.verify_oauth2_token(token, requests.Request(), CLIENT_ID)\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.9",
                  "https://developers.google.com/identity/sign-in/web/backend-auth",
                  "https://cwe.mitre.org/data/definitions/345.html")
    libraries = ("PyJWT", "python-jose", "google-auth")
    invalid = (
        'import jwt\njwt.decode(t, k, algorithms=["RS256"], options={"verify_aud": False})\n',
        'from google.auth import jwt\nclaims = jwt.decode(t, certs=certs)\n',
    )
    valid = (
        'import jwt\njwt.decode(t, k, algorithms=["RS256"], audience="api")\n',
        'from google.oauth2 import id_token\nid_token.verify_oauth2_token(t, req, audience=CLIENT_ID)\n',
        'from google.auth import jwt\njwt.decode(t, verify=False)  # noqa: JWT101\n',
    )

    def on_call(self, call: ApiCall, ctx) -> None:
        if not verifies_signature(call):
            return
        found = switched_off(call, "aud")
        if found is not None:
            value, spelled = found
            ctx.report(self, call.node, f"{call.api.name}() with {spelled}: tokens minted for any audience "
                                        "are accepted", cause=value.node)
            return
        if not call.api.audience_required:
            return
        audience = call.value("audience")
        if call.missing("audience") or isinstance(audience, Const) and audience.value is None:
            ctx.report(self, call.node, f"{call.api.name}() without `audience=`: a token minted for any other "
                                        "client or service is accepted", severity=Severity.HIGH)


class IssuerNotChecked(Rule):
    code = "JWT403"
    name = "issuer-not-checked"
    category = "claims"
    severity = Severity.MEDIUM
    cwe = (345,)
    summary = "A token verified with an identity provider's keys is not checked for its issuer"
    what = ("Reports a verifying decode whose keys come from a JWKS document or client (PyJWT "
            "`PyJWKClient(...).get_signing_key_from_jwt(t)` or its `.key`, Authlib "
            "`JsonWebKey.import_key_set(...)`, jwcrypto `JWKSet.from_json(...)`) without an issuer check "
            "(`issuer=`, an `iss` entry in Authlib's `claims_options` or jwcrypto's `check_claims`), and "
            'any decode with `options={"verify_iss": False}`. joserfc checks claims with a registry '
            "elsewhere and is not judged from the decode.")
    why = ("Keys fetched from a JWKS endpoint may sign tokens for many tenants or issuers (multi-tenant "
           "identity providers share keys). Without the issuer check a token from another tenant, or "
           "another issuer using the same keys, is accepted.")
    fix = "Pass the expected issuer (`issuer=\"https://idp.example.com/\"`) with the audience."
    example = ('import jwt\n\nJWKS = jwt.PyJWKClient("https://idp.example.com/.well-known/jwks.json")\n\n'
               'def claims_of(token):\n'
               '    key = JWKS.get_signing_key_from_jwt(token).key\n'
               '    return jwt.decode(token, key, algorithms=["RS256"], audience="api")\n')
    fixed_example = ('import jwt\n\nJWKS = jwt.PyJWKClient("https://idp.example.com/.well-known/jwks.json")\n\n'
                     'def claims_of(token):\n'
                     '    key = JWKS.get_signing_key_from_jwt(token).key\n'
                     '    return jwt.decode(token, key, algorithms=["RS256"], audience="api",\n'
                     '                      issuer="https://idp.example.com/")\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.8",
                  "https://cwe.mitre.org/data/definitions/345.html")
    libraries = ("PyJWT", "python-jose", "Authlib", "jwcrypto")
    invalid = (
        'from jose import jwt\njwt.decode(t, k, algorithms=["RS256"], options={"verify_iss": False})\n',
        'from jwcrypto import jwk, jwt\nkeys = jwk.JWKSet.from_json(document)\n'
        'tok = jwt.JWT(jwt=raw, key=keys, check_claims={"exp": None, "aud": "api"})\n',
    )
    valid = (
        'import jwt\njwt.decode(t, SECRET, algorithms=["HS256"])\n',
    )

    def on_call(self, call: ApiCall, ctx) -> None:
        if not verifies_signature(call):
            return
        found = switched_off(call, "iss")
        if found is not None:
            value, spelled = found
            ctx.report(self, call.node, f"{call.api.name}() with {spelled}: tokens from any issuer are "
                                        "accepted", cause=value.node)
            return
        if not _from_key_client(call.value("key")) or _checks_issuer(call) is not False:
            return
        ctx.report(self, call.node, f"{call.api.name}() with keys from a JWKS document but no issuer "
                                    "check: tokens of any issuer sharing those keys are accepted")


def _checks_issuer(call: ApiCall) -> Optional[bool]:
    """Whether the call checks ``iss``: ``issuer=`` (PyJWT, python-jose), an ``iss`` entry in Authlib's
    ``claims_options`` or jwcrypto's ``check_claims``. None when that cannot be told from the call
    (joserfc validates claims with a registry elsewhere; a custom claims class; ``**kwargs``)."""
    if call.api.param_for("issuer") is not None:
        issuer = call.value("issuer")
        if call.missing("issuer") or isinstance(issuer, Const) and issuer.value is None:
            return False
        return True
    for role in ("claims_options", "check_claims"):
        if call.api.param_for(role) is None:
            continue
        if call.passed("claims_class") or call.open_ended:
            return None
        options = call.value(role)
        if options is None or isinstance(options, Const) and options.value is None:
            return False
        if isinstance(options, DictValue):
            return True if options.get("iss") is not None else (False if options.complete else None)
        return None
    return None


def _from_key_client(key: Optional[AnyValue]) -> bool:
    source = origin(key) if key is not None else None
    return isinstance(source, CallResult) and source.call is not None and source.call.api.kind == "key_client"


class RequiredClaimsNotEnforced(Rule):
    code = "JWT404"
    name = "required-claims-not-enforced"
    category = "claims"
    severity = Severity.LOW
    cwe = (345, 613)
    summary = "A verification accepts tokens that have no `exp` claim"
    what = ('Opt-in. Reports verifications that check `exp` only if it is present: PyJWT without '
            '`options={"require": ["exp", ...]}`, PyJWT 1 and python-jose without `require_exp`, Authlib '
            'without `claims_options={"exp": {"essential": True}}`, joserfc `JWTClaimsRegistry()` without '
            '`exp={"essential": True}`, jwcrypto `JWT(jwt=..., key=...)` whose `check_claims` lacks `exp`. '
            "Off by default because most code does not require claims; select JWT404 to enable it.")
    why = ("RFC 7519 makes `exp` optional and libraries only check it when it is present, so a token "
           "minted without one (by a bug, another service or an old release) is valid forever.")
    fix = 'Require the claims you rely on: `options={"require": ["exp", "iat", "sub"]}` and equivalents.'
    example = ('import jwt\n\n'
               'def claims_of(token, key):\n'
               '    return jwt.decode(token, key, algorithms=["HS256"])\n')
    fixed_example = ('import jwt\n\n'
                     'def claims_of(token, key):\n'
                     '    return jwt.decode(token, key, algorithms=["HS256"], options={"require": ["exp"]})\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc7519#section-4.1.4",
                  "https://pyjwt.readthedocs.io/en/stable/api.html#jwt.decode")
    libraries = ("PyJWT", "python-jose", "Authlib", "joserfc", "jwcrypto")
    default_enabled = False
    invalid = (
        'from jose import jwt\njwt.decode(t, k, algorithms=["HS256"], options={"require_exp": False})\n',
        'from joserfc import jwt\nregistry = jwt.JWTClaimsRegistry(iss={"essential": True, "value": ISS})\n',
    )
    valid = (
        'from joserfc import jwt\nregistry = jwt.JWTClaimsRegistry(exp={"essential": True})\n',
        'import jwt\njwt.decode(t, k, algorithms=["HS256"], **settings)\n',
    )

    def on_call(self, call: ApiCall, ctx) -> None:
        kind = call.api.kind
        if kind in VERIFYING_KINDS:
            if not verifies_signature(call) or kind == "token_object" and not call.passed("token"):
                return
        elif not call.api.claims_keywords:
            return
        if _requires_exp(call) is False:
            ctx.report(self, call.node, f"{call.api.name}() accepts tokens without `exp`: require it")


def _requires_exp(call: ApiCall) -> Optional[bool]:
    """Whether the call requires ``exp`` to be present; None when it cannot be told or does not apply."""
    key, value, known = option_value(call, "required_claims")
    if key is not None:
        if value is None:
            return False if known else None
        if isinstance(value, SeqValue):
            return True if "exp" in value.constants() else (False if value.complete else None)
        return None
    key, value, known = option_value(call, "require_exp")
    if key is not None:
        return (False if known else None) if value is None else truthiness(value)
    roles = set(call.api.roles.values())
    if "claims_options" in roles:
        return _essential(call.value("claims_options"), call.missing("claims_options"))
    if "check_claims" in roles:
        checks = call.value("check_claims")
        if checks is None:
            return False if call.missing("check_claims") else None
        if isinstance(checks, DictValue):
            return True if checks.get("exp") is not None else (False if checks.complete else None)
        return None
    if call.api.claims_keywords:
        exp = call.extra.get("exp")
        if exp is None:
            return None if call.open_ended else False
        return _essential(DictValue(entries=(("exp", exp),)), False)
    return None


def _essential(options: Optional[AnyValue], missing: bool) -> Optional[bool]:
    """``{"exp": {"essential": True}}`` (Authlib ``claims_options``, joserfc keywords)."""
    if options is None:
        return False if missing else None
    if not isinstance(options, DictValue):
        return None
    exp = options.get("exp")
    if exp is None:
        return False if options.complete else None
    if not isinstance(exp, DictValue):
        return None
    essential = exp.get("essential")
    if essential is None:
        return False if exp.complete else None
    return truthiness(essential)


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

    def on_call(self, call: ApiCall, ctx) -> None:
        value = call.value("verify_type")
        if value is not None and call.passed("verify_type") and is_false(value):
            ctx.report(self, call.node, f"{call.api.name}(verify_type=False): refresh tokens are accepted "
                                        "where access tokens are expected", cause=value.node)

    def on_setting(self, setting: Setting, ctx) -> None:
        if setting.kind != "dict-entry" or setting.upper_name != "TOKEN_TYPE_CLAIM":
            return
        if isinstance(setting.value, Const) and setting.value.value is None:
            ctx.report(self, setting.node, "TOKEN_TYPE_CLAIM is None: simplejwt stops telling refresh tokens "
                                           "from access tokens", cause=setting.value.node)
