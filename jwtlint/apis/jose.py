"""python-jose (import name ``jose``): ``jose.jwt`` and ``jose.jws``.

Unlike PyJWT 2, a decode without ``algorithms`` accepts whatever algorithm the
token header names, and ``leeway`` lives inside ``options``.
"""

from jwtlint.apis.spec import VERIFY_SWITCHES, Api

TABLE = (
    Api("jose.jwt.decode", library="python-jose", kind="decode",
        params=("token", "key", "algorithms", "options", "audience", "issuer", "subject",
                "access_token"),
        roles={"token": "token", "key": "key", "algorithms": "algorithms", "options": "options",
               "audience": "audience", "issuer": "issuer", "access_token": "access_token"},
        algorithm_default="header", option_switches={**VERIFY_SWITCHES, "verify_at_hash": "at_hash"},
        algorithms_substring=True,
        option_values={"leeway": "leeway", "require_exp": "require_exp"}, options_pairs=True),
    Api("jose.jwt.encode", library="python-jose", kind="encode",
        params=("claims", "key", "algorithm", "headers", "access_token"),
        roles={"claims": "payload", "key": "key", "algorithm": "algorithm", "headers": "header"},
        default_algorithm="HS256"),
    Api("jose.jwt.get_unverified_header", library="python-jose", kind="unverified_read",
        aliases=("jose.jwt.get_unverified_headers", "jose.jws.get_unverified_header",
                 "jose.jws.get_unverified_headers"),
        params=("token",), roles={"token": "token"}),
    Api("jose.jwt.get_unverified_claims", library="python-jose", kind="unverified_read",
        aliases=("jose.jws.get_unverified_claims",),
        params=("token",), roles={"token": "token"}),
    Api("jose.jws.verify", library="python-jose", kind="verify",
        params=("token", "key", "algorithms", "verify"),
        roles={"token": "token", "key": "key", "algorithms": "algorithms", "verify": "verify"},
        defaults={"verify": True}, algorithm_default="header", algorithms_substring=True),
    Api("jose.jws.sign", library="python-jose", kind="encode",
        params=("payload", "key", "headers", "algorithm"),
        roles={"payload": "payload", "key": "key", "headers": "header", "algorithm": "algorithm"},
        default_algorithm="HS256"),
    Api("jose.jwk.construct", library="python-jose", kind="key_import",
        params=("key_data", "algorithm"), roles={"key_data": "key", "algorithm": "algorithm"}),
    Api("jose.jwe.encrypt", library="python-jose", kind="encode",
        params=("plaintext", "key", "encryption", "algorithm", "zip", "cty", "kid"),
        roles={"plaintext": "encrypted_payload", "key": "key", "algorithm": "key_management"}),
    Api("jose.jwe.decrypt", library="python-jose", kind="verify",
        params=("jwe_str", "key"), roles={"jwe_str": "token", "key": "key"}),
)

_HMAC = ("HS256", "HS384", "HS512")
_RSA = ("RS256", "RS384", "RS512")
_EC = ("ES256", "ES384", "ES512")
_SUPPORTED = _HMAC + _RSA + _EC

#: ``jose.constants.ALGORITHMS`` members that name signature algorithms (JWE-only names left out).
CONSTANTS = {
    f"{holder}.{name}": value
    for holder in ("jose.constants.ALGORITHMS", "jose.jwt.ALGORITHMS", "jose.jws.ALGORITHMS")
    for name, value in {
        "NONE": "none",
        **{alg: alg for alg in _SUPPORTED},
        "HMAC": _HMAC, "RSA_DS": _RSA, "EC_DS": _EC, "RSA": _RSA, "EC": _EC,
        "SUPPORTED": _SUPPORTED, "ALL": _SUPPORTED + ("none",),
    }.items()
}
