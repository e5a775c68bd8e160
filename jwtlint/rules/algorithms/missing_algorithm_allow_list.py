"""JWT201: a verification that lets the token header (or nothing) choose the algorithm."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.semantics.allowlists import is_key_object
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.unverified import signature_switch
from jwtlint.semantics.values import AnyValue, Const, EnvLookup

if TYPE_CHECKING:
    from jwtlint.engine.context import Context


_CHECKED_KINDS = ("decode", "verify")
_PUBLIC_MATERIAL = ("PUBLIC KEY", "CERTIFICATE", "ssh-", "ecdsa-sha2-")


def _is_none(value: Optional[AnyValue]) -> bool:
    return isinstance(value, Const) and value.value is None


def _raw_key(value: Optional[AnyValue]) -> bool:
    """Key material given as text (a literal, a constant, an environment variable), not a key object."""
    return (isinstance(value, Const) and value.is_text()) or isinstance(value, EnvLookup)


def _looks_public(value: Optional[AnyValue]) -> bool:
    if not (isinstance(value, Const) and value.is_text()):
        return False
    text = value.value.decode("latin-1") if isinstance(value.value, bytes) else value.value
    return any(marker in text for marker in _PUBLIC_MATERIAL)


class MissingAlgorithmAllowList(Rule):
    code = "JWT201"
    name = "missing-algorithm-allow-list"
    category = "algorithms"
    severity = Severity.HIGH
    cwe = (347, 327)
    summary = "A token is verified without an explicit list of accepted algorithms"
    what = ("Reports a verifying decode with no `algorithms=` argument (or `algorithms=None`). "
            "For python-jose and PyJWT 1.x the algorithm named in the token header is then accepted "
            "(high). Authlib's global `authlib.jose.jwt` accepts every family for a key given as text "
            "(high for public-key text, medium otherwise). PyJWT 2 raises `DecodeError` at runtime and "
            "python_jwt rejects every token (medium: a bug, not a hole), unless the PyJWT key is a "
            "`PyJWK`, which carries its own algorithm. joserfc's default list, jwcrypto's typed keys and "
            "GehirnInc's default are safe and not reported.")
    why = ("An attacker chooses the token header. When the header picks the algorithm, a token signed "
           "with HS256 using the server's RSA public key as the HMAC secret verifies (algorithm "
           "confusion, CVE-2017-11424, CVE-2024-33663, CVE-2024-37568).")
    fix = ("Pass the one algorithm (or family) your keys use: `algorithms=[\"RS256\"]`; with Authlib use "
           "`JsonWebToken([\"RS256\"])` or import the key as a key object.")
    autofix = "algorithms-from-project"
    example = ('from jose import jwt\n\n'
               'def claims_of(token, public_key):\n'
               '    return jwt.decode(token, public_key)\n')
    fixed_example = ('from jose import jwt\n\n'
                     'def claims_of(token, public_key):\n'
                     '    return jwt.decode(token, public_key, algorithms=["RS256"], audience="api")\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.1",
                  "https://nvd.nist.gov/vuln/detail/CVE-2017-11424",
                  "https://nvd.nist.gov/vuln/detail/CVE-2024-33663",
                  "https://nvd.nist.gov/vuln/detail/CVE-2024-37568")
    libraries = ("PyJWT", "python-jose", "Authlib", "python_jwt")
    invalid = (
        'import jwt\njwt.decode(token, key)\n',
        'from jose import jwt\njwt.decode(token, key, algorithms=None)\n',
        'from authlib.jose import jwt\nPEM = "-----BEGIN PUBLIC KEY-----\\nMIIB..."\njwt.decode(token, PEM)\n',
        'import python_jwt\npython_jwt.verify_jwt(token, key)\n',
    )
    valid = (
        'import jwt\njwt.decode(token, key, algorithms=["HS256"])\n',
        'import jwt\nclient = jwt.PyJWKClient(url)\n'
        'jwt.decode(token, client.get_signing_key_from_jwt(token), audience="a")\n',
        'import jwt\njwt.decode(token, options={"verify_signature": False})  # noqa: JWT101\n',
        'import base64\nbase64.b64decode(token)\n',
        'from joserfc import jwt\njwt.decode(token, key)\n',
        'from authlib.jose import jwt, JsonWebKey\njwt.decode(token, JsonWebKey.import_key(pem))\n',
    )

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        api = call.api
        if api.kind not in _CHECKED_KINDS or api.algorithm_default not in ("header", "required", "header_if_raw_key"):
            return
        if signature_switch(call) is not None:
            return
        if not (call.missing("algorithms") or _is_none(call.value("algorithms"))):
            return
        key = call.value("key")
        if api.algorithm_default == "header_if_raw_key":
            if _raw_key(key):
                ctx.report(self, call.node, f"{api.name}() with a key given as text: this instance accepts "
                                            "every algorithm family the token header names; restrict it with "
                                            "JsonWebToken([...]) or a key object",
                           severity=Severity.HIGH if _looks_public(key) else Severity.MEDIUM)
            return
        if api.algorithm_default == "required":
            if is_key_object(key):
                return
            ctx.report(self, call.node, f"{api.name}() without an algorithm allow-list: {api.library} "
                                        "rejects every token at runtime; pass the expected algorithms",
                       severity=Severity.MEDIUM)
            return
        ctx.report(self, call.node, f"{api.name}() without an algorithm allow-list: {api.library} "
                                    "accepts whatever algorithm the token header names (algorithm confusion)")
