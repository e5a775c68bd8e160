"""JWT203: tokens signed with ``none``, or allow-lists that accept it where the library honours it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.semantics.allowlists import ALLOW_LIST_KINDS, accepted, spelled
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.unverified import argument_node, signature_switch
from jwtlint.semantics.values import AnyValue, Const, DictValue, truthiness

if TYPE_CHECKING:
    from jwtlint.engine.context import Context


class NoneAlgorithm(Rule):
    code = "JWT203"
    name = "none-algorithm"
    category = "algorithms"
    severity = Severity.CRITICAL
    #: A signing call whose empty key makes it sign with "none": the empty key is JWT305's otherwise.
    supersedes = ("JWT305",)
    cwe = (327, 347)
    summary = "Tokens are signed with, or verification accepts, the `none` algorithm"
    what = ("Reports signing with `alg: none` (`algorithm=\"none\"`, PyJWT `algorithm=None`, "
            "`headers={\"alg\": \"none\"}`, python_jwt `generate_jwt` without a key) and allow-lists "
            "containing `\"none\"` in libraries that then accept unsigned tokens: Authlib "
            "`JsonWebToken([..., \"none\"])`, joserfc `algorithms=[\"none\"]`, python_jwt `allowed_algs` "
            "with `\"none\"` (accepted whenever the key is empty), and pyjwkest `verify_compact(..., "
            "allow_none=True)`, which accepts an unsigned token whatever the keys. PyJWT, python-jose and jwcrypto can "
            "never verify `none`, so only signing is reported for them.")
    why = ("A `none` token has no signature: anyone can write one. Issuing them teaches every consumer "
           "to accept them; accepting them turns authentication off (CVE-2026-28802).")
    fix = "Sign with a real algorithm and key; list only real algorithms in allow-lists."
    example = ('from authlib.jose import JsonWebToken\n\n'
               'jwt = JsonWebToken(["RS256", "none"])\n')
    fixed_example = ('from authlib.jose import JsonWebToken\n\n'
                     'jwt = JsonWebToken(["RS256"])\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.2",
                  "https://nvd.nist.gov/vuln/detail/CVE-2026-28802",
                  "https://cwe.mitre.org/data/definitions/327.html")
    libraries = ("PyJWT", "python-jose", "Authlib", "joserfc", "python_jwt", "pyjwkest")
    invalid = (
        'import jwt\njwt.encode({"sub": "1"}, None, algorithm="none")\n',
        'import jwt\njwt.encode({"sub": "1"}, key, headers={"alg": "none"})\n',
        'import python_jwt\npython_jwt.generate_jwt({"sub": "1"})\n',
        'from joserfc import jwt\njwt.decode(t, key, algorithms=["none"])\n',
        'from jwkest.jws import JWS\nJWS().verify_compact(t, keys, allow_none=True)\n',
    )
    valid = (
        'import jwt\njwt.decode(t, key, algorithms=["HS256", "none"])\n',
        'import jwt\njwt.encode({"sub": "1"}, key, algorithm="HS256")\n',
        'import python_jwt\npython_jwt.generate_jwt({"sub": "1"}, key, "PS256")\n',
        'from jwkest.jws import JWS\nJWS().verify_compact(t, keys, sigalg="RS256")\n',
    )

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        if call.api.kind == "encode":
            self._signing(call, ctx)
        elif _allows_unsigned(call):
            ctx.report(self, call.node, f"{call.api.name}() with {call.api.param_for('allow_none')}=True accepts "
                                        "unsigned tokens (alg \"none\") whatever the keys",
                       cause=argument_node(call, "allow_none"))
        elif call.api.none_verification and call.api.kind in ALLOW_LIST_KINDS:
            self._verification(call, ctx)

    def _signing(self, call: ApiCall, ctx: Context) -> None:
        api = call.api
        algorithm = call.value("algorithm")
        header = call.value("header")
        header_alg = header.get("alg") if isinstance(header, DictValue) else None
        for role, value in (("algorithm", algorithm), ("header", header_alg)):
            if isinstance(value, Const) and isinstance(value.value, str) and value.value.lower() == "none":
                spelled_as = api.param_for("algorithm") if role == "algorithm" else 'header "alg"'
                ctx.report(self, call.node, f"{api.name}() signs with alg \"none\" ({spelled_as}): the token "
                                            "has no signature", severity=Severity.HIGH, cause=argument_node(call, role))
                return
        for role in api.unsigned_if_falsy:
            value = call.value(role)
            if value is not None and truthiness(value) is False:
                ctx.report(self, call.node, f"{api.name}() with {api.param_for(role)}={_shown(value)} signs "
                                            "with alg \"none\": the token has no signature",
                           severity=Severity.HIGH, cause=argument_node(call, role))
                return

    def _verification(self, call: ApiCall, ctx: Context) -> None:
        allowed = accepted(call) if signature_switch(call) is None else None
        if allowed is None or not allowed.allows_none():
            return
        if call.api.none_verification == "keyless":
            key = call.value("key")
            if key is not None and truthiness(key) is True:
                return
            ctx.report(self, call.node, f"{call.api.name}() allows \"none\": unsigned tokens are accepted "
                                        "whenever the key is empty", severity=Severity.HIGH)
            return
        ctx.report(self, call.node, f"{call.api.name}() allows \"none\" ({spelled(allowed)}): "
                                    "unsigned tokens are accepted")


def _allows_unsigned(call: ApiCall) -> bool:
    """``allow_none=True`` (pyjwkest): an unsigned token is accepted before any key is looked at."""
    allow_none = call.value("allow_none") if call.passed("allow_none") else None
    return allow_none is not None and truthiness(allow_none) is True


def _shown(value: AnyValue) -> str:
    return repr(value.value) if isinstance(value, Const) else "an empty value"
