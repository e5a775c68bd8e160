"""Every attack: its name (the test item's id), what a verifier that accepts it accepted, and why that is dangerous.

Each attack forges one token from a :class:`Minter`. Forgeries that need no
key (``alg: none``, a stripped signature, attacker keys in the header) are
made here with the standard library; those that need the verifier's own key
(an expired token, a wrong audience, an unknown ``crit``) are signed by the
minter, so that only the one thing under test is wrong. Attacks that do not
apply to a target (no audience given, an HMAC verifier for algorithm
confusion, ``cryptography`` missing) say why in :meth:`Attack.skip_reason`.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass
from typing import Any, Callable, Optional

from jwtlint import compact, signing
from jwtlint.attacks.target import Minter, forge

DAY = 86400
#: Names an attacker puts where the verifier expects its own values.
ATTACKER_AUDIENCE = "jwtlint-attacker-audience"
ATTACKER_ISSUER = "https://jwtlint-attacker.invalid"
ATTACKER_KID = "jwtlint-attacker"
#: Sizes of the resource attacks: about 1.5 MB of claims, and brackets nested far past any JSON parser's limit.
LARGE_CLAIMS = 60_000
NESTING_DEPTH = 100_000


@dataclass(frozen=True)
class Attack:
    name: str
    #: What the verifier accepted, completing "the verifier accepted ...".
    accepted: str
    #: Why accepting it is dangerous.
    danger: str
    #: The forged token, made from genuine ones.
    forge: Callable[[Minter], str]
    #: Why the attack does not apply to this target, or None when it does.
    skip_reason: Callable[[Minter], Optional[str]] = lambda minter: None
    #: Run under the target's time limit (in a thread), for the attacks that aim at resources.
    bounded: bool = False


def _segments(token: str) -> list[str]:
    return token.split(".")


# --- alg: none -------------------------------------------------------------------------------

NONE_SPELLINGS = ("none", "None", "NONE", "nOnE")
_NONE_DANGER = ("`alg: none` means 'not signed': anyone can write any claims (any user, any role) and the "
                "verifier takes them as genuine. Pass an explicit allow-list of the algorithms you sign with.")


def _alg_none(spelling: str, ending: str) -> Callable[[Minter], str]:
    def make(minter: Minter) -> str:
        genuine = _segments(minter.genuine())
        header = compact.json_segment({"alg": spelling, "typ": "JWT"})
        if ending == "no-dot":
            return f"{header}.{genuine[1]}"
        return f"{header}.{genuine[1]}.{genuine[2] if ending == 'signature-kept' else ''}"
    return make


_NONE_ENDINGS = {
    "trailing-dot": "and an empty signature",
    "no-dot": "and no signature part at all",
    "signature-kept": "and the genuine token's signature left in place",
}


def _none_attacks() -> list[Attack]:
    return [Attack(f"alg-{spelling}-{ending}", f"a token with `alg: {spelling}` {what}", _NONE_DANGER,
                   _alg_none(spelling, ending))
            for spelling in NONE_SPELLINGS for ending, what in _NONE_ENDINGS.items()]


# --- algorithm confusion -----------------------------------------------------------------------

def _public_form(minter: Minter, form: str) -> bytes:
    given = minter.target.public_key
    if form == "pem" and isinstance(given, (str, bytes)) and b"-----BEGIN" in compact.as_bytes(given):
        return compact.as_bytes(given)  # the exact text the verifier keeps
    public = minter.public_key()
    if form == "pem":
        return signing.asymmetric().public_pem(public)
    if form == "der":
        return signing.asymmetric().public_der(public)
    return signing.asymmetric().jwk_text(signing.asymmetric().public_jwk(public))


def _confusion(form: str) -> Callable[[Minter], str]:
    def make(minter: Minter) -> str:
        header = {"alg": "HS256", "typ": "JWT", **minter.target.headers}
        return forge(header, minter.claims(), "HS256", _public_form(minter, form))
    return make


def _confusion_skip(minter: Minter) -> Optional[str]:
    algorithm = minter.algorithm
    if not signing.is_asymmetric(algorithm):
        return f"the verifier's tokens are signed with {algorithm}, not a public-key algorithm"
    if not signing.has_cryptography():
        return "needs the 'cryptography' package to derive the public key's forms"
    if minter.target.public_key is None and minter.public_key() is None:
        return "give public_key= (with mint=, the public key cannot be derived)"
    return None


_FORMS = {"pem": "PEM text", "der": "DER bytes", "jwk": "JWK JSON"}


def _confusion_attacks() -> list[Attack]:
    return [Attack(f"hmac-with-public-key-{form}",
                   f"an HS256 token whose HMAC secret is the verifier's public key as {what}",
                   "algorithm confusion: the public key is public, so anyone can sign tokens the verifier "
                   "takes as genuine. Accept only the asymmetric algorithm the key is for.",
                   _confusion(form), _confusion_skip)
            for form, what in _FORMS.items()]


# --- signatures --------------------------------------------------------------------------------

def _stripped(minter: Minter) -> str:
    header, payload, _ = _segments(minter.genuine())
    return f"{header}.{payload}."


def _truncated(minter: Minter) -> str:
    header, payload, signature = _segments(minter.genuine())
    raw = compact.b64url_decode(signature)
    return f"{header}.{payload}.{compact.b64url_encode(raw[: len(raw) // 2])}"


def _other_signature(minter: Minter) -> str:
    header, payload, _ = _segments(minter.genuine())
    other = _segments(minter.sign(minter.claims(sub="jwtlint-another-subject", jti=secrets.token_hex(8))))
    return f"{header}.{payload}.{other[2]}"


def _tampered(minter: Minter) -> str:
    header, _, signature = _segments(minter.genuine())
    payload = compact.json_segment(minter.claims(sub="jwtlint-tampered-admin", admin=True, role="admin"))
    return f"{header}.{payload}.{signature}"


_UNCHECKED = "the signature is not checked, so anyone can write any claims and the verifier takes them as genuine."
_SIGNATURE_ATTACKS = [
    Attack("signature-stripped", "a genuine token with its signature removed", _UNCHECKED, _stripped),
    Attack("signature-truncated", "a genuine token with only the first half of its signature",
           "a partly compared signature can be guessed byte by byte; " + _UNCHECKED, _truncated),
    Attack("signature-from-other-token", "a token whose signature belongs to another genuine token",
           "the signature is not checked against this token's contents, so any signature an attacker has "
           "seen makes any claims genuine.", _other_signature),
    Attack("payload-tampered", "a token whose claims were changed (sub, admin, role) under the genuine signature",
           "the signature is not checked against the claims, so any user can make themselves anyone, or admin.",
           _tampered),
]


# --- claims ------------------------------------------------------------------------------------

def _signed(**changes: Any) -> Callable[[Minter], str]:
    return lambda minter: minter.sign(minter.claims(**changes))


def _expired(minter: Minter) -> str:
    return minter.sign(minter.claims(iat=minter.now - 2 * DAY, exp=minter.now - DAY))


def _not_yet_valid(minter: Minter) -> str:
    return minter.sign(minter.claims(nbf=minter.now + DAY, exp=minter.now + DAY + 300))


def _issued_in_future(minter: Minter) -> str:
    return minter.sign(minter.claims(iat=minter.now + DAY, exp=minter.now + DAY + 300))


def _refresh(minter: Minter) -> str:
    target = minter.target
    return minter.sign(minter.claims(**{str(target.type_claim): target.refresh_type}))


def _unless(field: str, reason: str) -> Callable[[Minter], Optional[str]]:
    return lambda minter: None if getattr(minter.target, field) else reason


_CLAIM_ATTACKS = [
    Attack("expired", "a genuine token that expired a day ago",
           "a stolen or logged-out token stays valid forever: expiry is what limits the damage of a leak.",
           _expired),
    Attack("not-yet-valid", "a genuine token whose `nbf` (not before) is a day from now",
           "tokens minted for later (or by a compromised issuer with a wrong clock) work now.", _not_yet_valid),
    Attack("issued-in-the-future", "a genuine token whose `iat` (issued at) is a day from now",
           "a token claiming to be issued in the future gets a longer life than any lifetime limit allows.",
           _issued_in_future),
    Attack("missing-exp", "a genuine token without `exp`",
           "a token without expiry is valid forever once it leaks.", _signed(exp=None),
           _unless("require_exp", "pass require_exp=True to check that tokens without exp are rejected")),
    Attack("wrong-audience", f"a genuine token for another audience (`aud: {ATTACKER_AUDIENCE}`)",
           "a token minted for another service with the same issuer or key is accepted here.",
           _signed(aud=ATTACKER_AUDIENCE), _unless("audience", "pass audience= to check the audience")),
    Attack("wrong-issuer", f"a genuine token from another issuer (`iss: {ATTACKER_ISSUER}`)",
           "tokens from any issuer that shares the key or key set (another tenant, a test IdP) are accepted.",
           _signed(iss=ATTACKER_ISSUER), _unless("issuer", "pass issuer= to check the issuer")),
    Attack("refresh-as-access", "a refresh token where an access token is expected",
           "refresh tokens live long and are stored less carefully; accepted as access tokens, they turn "
           "a short-lived grant into a long-lived one.", _refresh,
           _unless("type_claim", "pass type_claim= (the claim naming the token type) to check it")),
]


# --- header injection --------------------------------------------------------------------------

def _hmac_algorithm(minter: Minter) -> str:
    algorithm = minter.algorithm
    return algorithm if signing.family(algorithm) == "HS" else "HS256"


def _kid(kid: str, secret: bytes) -> Callable[[Minter], str]:
    def make(minter: Minter) -> str:
        algorithm = _hmac_algorithm(minter)
        return forge({"alg": algorithm, "typ": "JWT", "kid": kid}, minter.claims(), algorithm, secret)
    return make


_KID_DANGER = ("the key id chooses the key by a file path or a database query, so an attacker chooses a key "
               "whose value they know. Look `kid` up in a fixed mapping of your own keys.")
_KID_ATTACKS = [
    Attack("kid-path-traversal", "a token with `kid: ../../../../../../../../dev/null` signed with an empty HMAC key",
           _KID_DANGER, _kid("../../../../../../../../dev/null", b"")),
    Attack("kid-absolute-path", "a token with `kid: /dev/null` signed with an empty HMAC key",
           _KID_DANGER, _kid("/dev/null", b"")),
    Attack("kid-sql-injection",
           "a token with `kid: x' UNION SELECT 'jwtlint-attacker-key' -- ` signed with that value as HMAC key",
           _KID_DANGER, _kid("x' UNION SELECT 'jwtlint-attacker-key' -- ", b"jwtlint-attacker-key")),
]


@dataclass(frozen=True)
class _AttackerKey:
    """The attacker's signing key, in the algorithm family of the verifier's tokens."""

    algorithm: str
    private: Any
    jwk: dict


def _attacker(minter: Minter, certificate: bool = False) -> _AttackerKey:
    """A key of the kind the verifier expects; certificates hold public keys, so an HMAC target gets ES256."""
    algorithm = minter.algorithm
    if signing.family(algorithm) == "HS" and not certificate:
        secret = secrets.token_bytes(64)  # long enough for HS512, so no library refuses it as short
        return _AttackerKey(algorithm, secret, {"kty": "oct", "k": compact.b64url_encode(secret)})
    if not signing.is_asymmetric(algorithm):
        algorithm = "ES256"
    private = signing.asymmetric().attacker_key(algorithm)
    return _AttackerKey(algorithm, private, signing.asymmetric().public_jwk(private.public_key()))


def _data_url(media_type: str, data: bytes) -> str:
    """An URL that holds its content: a verifier that fetches it gets the attacker's key, no network needed."""
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def _jwk_header(minter: Minter) -> str:
    key = _attacker(minter)
    header = {"alg": key.algorithm, "typ": "JWT", **minter.target.headers, "jwk": key.jwk}
    return forge(header, minter.claims(), key.algorithm, key.private)


def _jku_header(minter: Minter) -> str:
    key = _attacker(minter)
    jwks = {"keys": [{**key.jwk, "kid": ATTACKER_KID, "alg": key.algorithm, "use": "sig"}]}
    header = {"alg": key.algorithm, "typ": "JWT", "kid": ATTACKER_KID,
              "jku": _data_url("application/json", json.dumps(jwks).encode("utf-8"))}
    return forge(header, minter.claims(), key.algorithm, key.private)


def _x5u_header(minter: Minter) -> str:
    key = _attacker(minter, certificate=True)
    pem = signing.asymmetric().certificate_pem(signing.asymmetric().self_signed_certificate(key.private))
    header = {"alg": key.algorithm, "typ": "JWT", **minter.target.headers,
              "x5u": _data_url("application/pem-certificate-chain", pem)}
    return forge(header, minter.claims(), key.algorithm, key.private)


def _x5c_header(minter: Minter) -> str:
    key = _attacker(minter, certificate=True)
    der = signing.asymmetric().certificate_der(signing.asymmetric().self_signed_certificate(key.private))
    header = {"alg": key.algorithm, "typ": "JWT", **minter.target.headers,
              "x5c": [base64.b64encode(der).decode("ascii")]}
    return forge(header, minter.claims(), key.algorithm, key.private)


def _needs_cryptography(minter: Minter) -> Optional[str]:
    return None if signing.has_cryptography() else "needs the 'cryptography' package for the attacker's key"


def _needs_cryptography_unless_hmac(minter: Minter) -> Optional[str]:
    return None if signing.family(minter.algorithm) == "HS" else _needs_cryptography(minter)


_EMBEDDED_DANGER = ("the token brings the key it is verified with, so anyone who makes a key pair can sign "
                    "tokens the verifier takes as genuine. Verify only with keys you configured.")
_EMBEDDED_ATTACKS = [
    Attack("jwk-header-attacker-key", "a token signed with the attacker's key and carrying it in the `jwk` header",
           _EMBEDDED_DANGER, _jwk_header, _needs_cryptography_unless_hmac),
    Attack("jku-header-attacker-key-set",
           "a token signed with the attacker's key whose `jku` header points at the attacker's key set "
           "(a data: URL)", _EMBEDDED_DANGER, _jku_header, _needs_cryptography_unless_hmac),
    Attack("x5u-header-attacker-certificate",
           "a token signed with the attacker's key whose `x5u` header points at the attacker's self-signed "
           "certificate (a data: URL)", _EMBEDDED_DANGER, _x5u_header, _needs_cryptography),
    Attack("x5c-header-attacker-certificate",
           "a token signed with the attacker's key carrying the attacker's self-signed certificate in `x5c`",
           _EMBEDDED_DANGER, _x5c_header, _needs_cryptography),
]


# --- crit and resources ------------------------------------------------------------------------

def _crit(minter: Minter) -> str:
    return minter.sign(minter.claims(), {"crit": ["jwtlint-unknown"], "jwtlint-unknown": True})


def _bogus_signature(minter: Minter, payload: str) -> str:
    algorithm = minter.algorithm
    header = compact.json_segment({"alg": algorithm, "typ": "JWT", **minter.target.headers})
    length = len(_segments(minter.genuine())[2])
    return f"{header}.{payload}.{compact.b64url_encode(secrets.token_bytes(length * 3 // 4))}"


def _large(minter: Minter) -> str:
    claims = minter.claims(**{f"jwtlint_padding_{index}": index for index in range(LARGE_CLAIMS)})
    return _bogus_signature(minter, compact.json_segment(claims))


def _nested(minter: Minter) -> str:
    claims = json.dumps(minter.claims(), separators=(",", ":"))
    nested = claims[:-1] + ',"jwtlint_nested":' + "[" * NESTING_DEPTH + "]" * NESTING_DEPTH + "}"
    return _bogus_signature(minter, compact.b64url_encode(nested.encode("ascii")))


_DOS = ("an unauthenticated request can tie up or crash a worker: the verifier must reject a bad signature "
        "without spending more than {timeout} s on the payload.")
_OTHER_ATTACKS = [
    Attack("crit-unknown-extension", "a genuine token whose `crit` header lists an extension nobody implements",
           "RFC 7515 requires rejecting tokens with critical extensions the verifier does not understand: they "
           "carry conditions (such as a binding or a one-time use) that are silently ignored.", _crit),
    Attack("payload-very-large", f"a token with a bad signature and {LARGE_CLAIMS:,} claims", _DOS, _large,
           bounded=True),
    Attack("payload-deeply-nested", f"a token with a bad signature and a claim nested {NESTING_DEPTH:,} levels deep",
           _DOS, _nested, bounded=True),
]

ATTACKS: tuple[Attack, ...] = (*_none_attacks(), *_confusion_attacks(), *_SIGNATURE_ATTACKS, *_CLAIM_ATTACKS,
                               *_KID_ATTACKS, *_EMBEDDED_ATTACKS, *_OTHER_ATTACKS)
BY_NAME = {attack.name: attack for attack in ATTACKS}

