"""JWT2xx: which algorithms a verification accepts."""

from __future__ import annotations

from jwtlint import apis
from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.rules.verification import signature_switch
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.evaluate import result_class
from jwtlint.semantics.values import CallResult, Const

_CHECKED_KINDS = ("decode", "verify")


def is_typed_key(value) -> bool:
    """A key object bound to one algorithm family (PyJWT ``PyJWK``, jwcrypto ``JWK``, joserfc keys)."""
    if not isinstance(value, CallResult):
        return False
    owner = result_class(value)
    rows = apis.lookup(owner) if owner else ()
    return bool(rows) and rows[0].typed_key


class MissingAlgorithmAllowList(Rule):
    code = "JWT201"
    name = "missing-algorithm-allow-list"
    category = "algorithms"
    severity = Severity.HIGH
    cwe = (347, 327)
    summary = "A token is verified without an explicit list of accepted algorithms"
    what = ("Reports a verifying decode with no `algorithms=` argument (or `algorithms=None`). "
            "For python-jose and PyJWT 1.x the algorithm named in the token header is then accepted "
            "(high). PyJWT 2 raises `DecodeError` at runtime instead (medium: a bug, not a hole), "
            "unless the key is a `PyJWK`, which carries its own algorithm.")
    why = ("An attacker chooses the token header. When the header picks the algorithm, a token signed "
           "with HS256 using the server's RSA public key as the HMAC secret verifies (algorithm "
           "confusion, CVE-2017-11424, CVE-2024-33663).")
    fix = "Pass the one algorithm (or family) your keys use: `algorithms=[\"RS256\"]`."
    example = ('from jose import jwt\n\n'
               'def claims_of(token, public_key):\n'
               '    return jwt.decode(token, public_key)\n')
    fixed_example = ('from jose import jwt\n\n'
                     'def claims_of(token, public_key):\n'
                     '    return jwt.decode(token, public_key, algorithms=["RS256"], audience="api")\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.1",
                  "https://nvd.nist.gov/vuln/detail/CVE-2017-11424",
                  "https://nvd.nist.gov/vuln/detail/CVE-2024-33663")
    libraries = ("PyJWT", "python-jose")
    invalid = (
        'import jwt\njwt.decode(token, key)\n',
        'from jose import jwt\njwt.decode(token, key, algorithms=None)\n',
    )
    valid = (
        'import jwt\njwt.decode(token, key, algorithms=["HS256"])\n',
        'import jwt\nclient = jwt.PyJWKClient(url)\n'
        'jwt.decode(token, client.get_signing_key_from_jwt(token), audience="a")\n',
        'import jwt\njwt.decode(token, options={"verify_signature": False})  # noqa: JWT101\n',
        'import base64\nbase64.b64decode(token)\n',
    )

    def on_call(self, call: ApiCall, ctx) -> None:
        api = call.api
        if api.kind not in _CHECKED_KINDS or api.algorithm_default not in ("header", "required"):
            return
        if signature_switch(call) is not None:
            return
        algorithms = call.value("algorithms")
        missing = call.missing("algorithms")
        explicit_none = isinstance(algorithms, Const) and algorithms.value is None
        if not (missing or explicit_none):
            return
        if api.algorithm_default == "required":
            if is_typed_key(call.value("key")):
                return
            ctx.report(self, call.node, f"{api.name}() without `algorithms=`: {api.library} 2 raises "
                                        "DecodeError for every token; pass the expected algorithms",
                       severity=Severity.MEDIUM)
            return
        ctx.report(self, call.node, f"{api.name}() without an algorithm allow-list: {api.library} "
                                    "accepts whatever algorithm the token header names (algorithm confusion)")
