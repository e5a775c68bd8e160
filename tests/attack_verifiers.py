"""Verifiers for the attack fixture's tests: strong ones and deliberately weak ones, on four libraries.

Each strong verifier is what a careful user writes with its library: one
algorithm, the audience, the issuer and ``exp`` required, the token type
checked, and what the library leaves out (python-jose knows no ``crit``;
python-jose and joserfc accept an ``iat`` in the future) checked by hand.
Each weak verifier is a strong one with one mistake, the kind jwtlint's
rules describe, and ``WEAK`` says which attacks it must fail: exactly those.
"""

from __future__ import annotations

import os
import sqlite3
import time
import warnings
from typing import Any, Callable

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from jwtlint import asymmetric, compact

AUDIENCE = "https://api.example.com"
ISSUER = "https://auth.example.com"
TYPE_CLAIM = "token_type"
HMAC_SECRET = "k7Qw2Zr9Lm4Xv8Tn3Bp6Yc1Hd5Gf0Js-an-hs256-test-secret"
KEY_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "keys-that-do-not-exist")

_PRIVATE = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PRIVATE_PEM = _PRIVATE.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()).decode("ascii")
PUBLIC_PEM = asymmetric.public_pem(_PRIVATE.public_key()).decode("ascii")
PUBLIC_DER = asymmetric.public_der(_PRIVATE.public_key())
_EC_PRIVATE = ec.generate_private_key(ec.SECP256R1())
EC_PRIVATE_PEM = _EC_PRIVATE.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()).decode("ascii")
EC_PUBLIC_PEM = asymmetric.public_pem(_EC_PRIVATE.public_key()).decode("ascii")

#: AttackTarget fields shared by every RS256 verifier here, and by the HS256 ones.
RS256_TARGET = {"key": PRIVATE_PEM, "algorithm": "RS256", "audience": AUDIENCE, "issuer": ISSUER,
                "require_exp": True, "type_claim": TYPE_CLAIM}
HS256_TARGET = {**RS256_TARGET, "key": HMAC_SECRET, "algorithm": "HS256"}
ES256_TARGET = {**RS256_TARGET, "key": EC_PRIVATE_PEM, "algorithm": "ES256"}


def _access_only(claims: dict) -> dict:
    if claims.get(TYPE_CLAIM) != "access":
        raise ValueError("not an access token")
    return claims


def _not_issued_later(claims: dict) -> dict:
    if int(claims.get("iat", 0)) > time.time() + 30:
        raise ValueError("issued in the future")
    return claims


# --- PyJWT 2 -----------------------------------------------------------------------------------

def pyjwt_strong(token: str) -> Any:
    import jwt

    return _access_only(jwt.decode(token, PUBLIC_PEM, algorithms=["RS256"], audience=AUDIENCE, issuer=ISSUER,
                                   options={"require": ["exp", "iat"]}))


def pyjwt_unverified(token: str) -> Any:
    """JWT101: the signature is not checked (and PyJWT then checks no claims either)."""
    import jwt

    return _access_only(jwt.decode(token, options={"verify_signature": False}))


def pyjwt_hs_strong(token: str) -> Any:
    import jwt

    return _access_only(jwt.decode(token, HMAC_SECRET, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER,
                                   options={"require": ["exp", "iat"]}))


# --- python-jose -------------------------------------------------------------------------------

def _jose_crit(token: str) -> None:
    from jose import jwt

    if "crit" in jwt.get_unverified_header(token):
        raise ValueError("no critical extension is supported")


def jose_strong(token: str, key: Any = PUBLIC_PEM, algorithms: tuple[str, ...] = ("RS256",)) -> Any:
    from jose import jwt

    _jose_crit(token)
    claims = jwt.decode(token, key, algorithms=list(algorithms), audience=AUDIENCE, issuer=ISSUER,
                        options={"require_exp": True, "require_iat": True})
    return _access_only(_not_issued_later(claims))


def jose_fetches_jku(token: str) -> Any:
    """The key set is fetched from the URL the token names (``jku``) instead of a configured one."""
    import json
    import urllib.request

    from jose import jwt

    url = jwt.get_unverified_header(token).get("jku")
    if url is None:
        return jose_strong(token)
    with urllib.request.urlopen(url) as response:  # noqa: S310 - the attacks use data: URLs only
        return jose_strong(token, key=json.load(response))


def jose_kid_from_files(token: str) -> Any:
    """The HMAC key is read from a file named by the token's ``kid``: any readable file is a key."""
    from jose import jwt

    path = os.path.normpath(os.path.join(KEY_DIR, jwt.get_unverified_header(token).get("kid", "main")))
    if os.path.exists(path):
        with open(path, "rb") as handle:
            secret = handle.read()
    else:
        secret = HMAC_SECRET.encode()  # the default key, when the kid names no file
    return jose_strong(token, key=secret, algorithms=("HS256",))


# --- Authlib -----------------------------------------------------------------------------------

_AUTHLIB_CLAIMS = {"iss": {"essential": True, "value": ISSUER}, "aud": {"essential": True, "value": AUDIENCE},
                   "exp": {"essential": True}, "iat": {"essential": True}}


def _authlib_decode(token: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # authlib.jose is deprecated in favour of joserfc, and still works
        from authlib.jose import JsonWebToken

        return JsonWebToken(["RS256"]).decode(token, PUBLIC_PEM, claims_options=_AUTHLIB_CLAIMS)


def authlib_strong(token: str) -> Any:
    claims = _authlib_decode(token)
    claims.validate()
    return _access_only(_not_issued_later(dict(claims)))


def authlib_never_validated(token: str) -> Any:
    """JWT103: Authlib's decode checks the signature only; the claims are never validated."""
    return _access_only(dict(_authlib_decode(token)))


def authlib_der_for_hmac(token: str) -> Any:
    """RS256 and HS256 allowed, each given the key file's content: Authlib takes DER bytes as an HMAC secret."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from authlib.jose import JsonWebToken

        def key_for(header: dict, payload: Any) -> Any:
            return PUBLIC_PEM if header.get("alg") == "RS256" else PUBLIC_DER

        claims = JsonWebToken(["RS256", "HS256"]).decode(token, key_for, claims_options=_AUTHLIB_CLAIMS)
    claims.validate()
    return _access_only(_not_issued_later(dict(claims)))


# --- joserfc -----------------------------------------------------------------------------------

def _joserfc_claims(token: str, key: Any) -> dict:
    from joserfc import jwt

    decoded = jwt.decode(token, key, algorithms=["ES256"])
    jwt.JWTClaimsRegistry(iss={"essential": True, "value": ISSUER}, aud={"essential": True, "value": AUDIENCE},
                          exp={"essential": True}, iat={"essential": True}).validate(decoded.claims)
    return _access_only(_not_issued_later(decoded.claims))


def joserfc_strong(token: str) -> Any:
    from joserfc.jwk import ECKey

    return _joserfc_claims(token, ECKey.import_key(EC_PUBLIC_PEM))


def joserfc_header_jwk(token: str) -> Any:
    """The key callback trusts a ``jwk`` the token carries, meant for 'self-describing' tokens."""
    from joserfc.jwk import ECKey, import_key

    def key_for(obj: Any) -> Any:
        embedded = obj.headers().get("jwk")
        return import_key(embedded) if embedded else ECKey.import_key(EC_PUBLIC_PEM)

    return _joserfc_claims(token, key_for)


def joserfc_hs_kid_query(token: str) -> Any:
    """The HMAC key is looked up with SQL built from the token's ``kid``."""
    from joserfc import jwt
    from joserfc.jwk import OctKey

    database = sqlite3.connect(":memory:")
    database.execute("CREATE TABLE keys (kid TEXT, secret TEXT)")
    database.execute("INSERT INTO keys VALUES ('main', ?)", (HMAC_SECRET,))
    kid = compact.parse(token).header.get("kid", "main")
    row = database.execute(f"SELECT secret FROM keys WHERE kid = '{kid}'").fetchone()  # noqa: S608
    secret = row[0] if row else HMAC_SECRET
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # joserfc warns about the short key, and still uses it
        decoded = jwt.decode(token, OctKey.import_key(secret), algorithms=["HS256"])
    jwt.JWTClaimsRegistry(iss={"essential": True, "value": ISSUER}, aud={"essential": True, "value": AUDIENCE},
                          exp={"essential": True}, iat={"essential": True}).validate(decoded.claims)
    return _access_only(_not_issued_later(decoded.claims))


#: name -> (verifier, AttackTarget fields): they pass every attack.
STRONG: dict[str, tuple[Callable[[str], Any], dict]] = {
    "pyjwt": (pyjwt_strong, RS256_TARGET),
    "pyjwt-hs256": (pyjwt_hs_strong, HS256_TARGET),
    "jose": (jose_strong, RS256_TARGET),
    "authlib": (authlib_strong, RS256_TARGET),
    "joserfc": (joserfc_strong, ES256_TARGET),
}
#: name -> (verifier, AttackTarget fields, the attacks it fails).
WEAK: dict[str, tuple[Callable[[str], Any], dict, frozenset[str]]] = {
    # Without the signature check PyJWT checks no claim either; it still rejects what it cannot parse:
    # two-part tokens, an unknown crit extension and JSON nested past the parser's limit.
    "pyjwt-unverified": (pyjwt_unverified, RS256_TARGET, frozenset(
        [f"alg-{spelling}-{ending}" for spelling in ("none", "None", "NONE", "nOnE")
         for ending in ("trailing-dot", "signature-kept")]
        + ["hmac-with-public-key-pem", "hmac-with-public-key-der", "hmac-with-public-key-jwk",
           "signature-stripped", "signature-truncated", "signature-from-other-token", "payload-tampered",
           "expired", "not-yet-valid", "issued-in-the-future", "missing-exp", "wrong-audience", "wrong-issuer",
           "kid-path-traversal", "kid-absolute-path", "kid-sql-injection", "jwk-header-attacker-key",
           "jku-header-attacker-key-set", "x5u-header-attacker-certificate", "x5c-header-attacker-certificate",
           "payload-very-large"])),
    "jose-fetches-jku": (jose_fetches_jku, RS256_TARGET, frozenset(["jku-header-attacker-key-set"])),
    "jose-kid-from-files": (jose_kid_from_files, HS256_TARGET, frozenset(["kid-path-traversal", "kid-absolute-path"])),
    "authlib-never-validated": (authlib_never_validated, RS256_TARGET, frozenset(
        ["expired", "not-yet-valid", "issued-in-the-future", "missing-exp", "wrong-audience", "wrong-issuer"])),
    "authlib-der-for-hmac": (authlib_der_for_hmac, RS256_TARGET, frozenset(["hmac-with-public-key-der"])),
    "joserfc-header-jwk": (joserfc_header_jwk, ES256_TARGET, frozenset(["jwk-header-attacker-key"])),
    "joserfc-kid-query": (joserfc_hs_kid_query, HS256_TARGET, frozenset(["kid-sql-injection"])),
}
