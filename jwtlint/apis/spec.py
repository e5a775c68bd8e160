"""The shape of one row of the library API table.

A rule never names a library function. It asks for a *role* ("the options
argument", "the key", "the allow-list") and the row says which parameter plays
it, by keyword and by position. Adding a library is adding rows.

Roles used across the table:

``token``        the compact token being read or verified
``key``          the key or secret that signs or verifies
``algorithms``   the allow-list of algorithms accepted when verifying
``algorithm``    the single algorithm used when signing
``options``      a dict of ``verify_*`` / ``require*`` switches
``verify``       a flag that, when false, skips signature verification
``payload``      the claims being signed
``header``       the protected header being signed (may carry ``alg``)
``audience`` ``issuer`` ``leeway`` ``lifetime`` ``check_claims``  as named
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Optional

#: What a call does; rules dispatch on this.
KINDS = (
    "decode",            # verifies (unless told not to) and returns claims
    "encode",            # signs claims
    "unverified_read",   # reads a header or claims with no verification, by design
    "verify",            # verifies a signature, returns payload
    "key_import",        # builds a key object from raw material
    "key_client",        # fetches keys from elsewhere (JWKS)
    "token_object",      # constructs a token object (simplejwt, jwcrypto)
    "instance",          # constructs a codec whose methods are rows of their own
    "algorithm_set",     # returns a set of algorithm names
    "framework",         # a framework call with security-relevant arguments
)

#: How a decode behaves when no allow-list is given.
#:   "header"       any algorithm named in the token header is accepted (a hole)
#:   "required"     the library raises at runtime (a bug, not a hole)
#:   "safe"         a safe default list is applied (no finding)
#:   "fixed"        the algorithm is fixed elsewhere (e.g. by the key type)
#:   "header_if_raw_key"  any family named in the header is accepted when the key is raw
#:                  text (Authlib's global ``jwt``); a key object fixes the family
ALGORITHM_DEFAULTS = ("header", "required", "safe", "fixed", "header_if_raw_key")

#: When a verification that allows ``"none"`` really accepts unsigned tokens.
#:   ""          never: the library cannot verify ``none`` (PyJWT, python-jose, jwcrypto)
#:   "allowed"   whenever ``"none"`` is in the allow-list (Authlib, joserfc)
#:   "keyless"   when ``"none"`` is allowed and the key is empty (python_jwt)
NONE_VERIFICATION = ("", "allowed", "keyless")


@dataclass(frozen=True)
class Api:
    """One callable of one library, with its parameters in positional order."""

    name: str                       # canonical dotted name, e.g. "jwt.decode"
    library: str                    # distribution, e.g. "PyJWT", "python-jose"
    kind: str
    params: tuple[str, ...] = ()    # positional order, ``self`` excluded
    roles: Mapping[str, str] = field(default_factory=dict)   # param name -> role
    defaults: Mapping[str, Any] = field(default_factory=dict)
    #: PyJWT 1 and 2 share names; "1" / "2" selects the row, "" means any.
    major: str = ""
    #: Only for decode/verify: what happens when no algorithms are given.
    algorithm_default: str = "safe"
    #: Default signing algorithm of an encode.
    default_algorithm: Optional[str] = None
    #: Names of ``options`` keys and what they switch off when False.
    option_switches: Mapping[str, str] = field(default_factory=dict)
    #: ``options`` goes to ``dict.update``, so a list of pairs works as well as a dict
    #: (python-jose: ``options=[("verify_signature", False)]``); PyJWT 2 merges with ``**``.
    options_pairs: bool = False
    #: ``options`` keys that carry a value for a role rather than switch a check off:
    #: python-jose's ``options["leeway"]`` ("leeway"), PyJWT 2's ``options["require"]``
    #: ("required_claims": a list of claim names), ``options["require_exp"]`` of PyJWT 1
    #: and python-jose ("require_exp").
    option_values: Mapping[str, str] = field(default_factory=dict)
    #: Claim requirements are keyword arguments of the call (joserfc
    #: ``JWTClaimsRegistry(exp={"essential": True}, iss={"value": ISS})``).
    claims_keywords: bool = False
    #: The tokens verified are minted by a provider for many clients (Google ID tokens):
    #: without an audience, a token minted for any other client is accepted.
    audience_required: bool = False
    #: The row is a class: calling it constructs an instance whose methods are rows
    #: named ``<name>.<method>``.
    is_class: bool = False
    #: For a function or method: the class row of what it returns, so that methods called
    #: on the result resolve (``JsonWebToken.decode`` returns ``JWTClaims``; ``.validate()``).
    returns: str = ""
    #: For a key class: the key is bound to one algorithm family, so a verification with it
    #: needs no allow-list and cannot be confused (PyJWT ``PyJWK``, jwcrypto ``JWK``, joserfc keys).
    typed_key: bool = False
    #: For a verification (or the instance holding its allow-list): see NONE_VERIFICATION.
    none_verification: str = ""
    #: For an encode: roles whose falsy value, when passed or defaulted, signs with ``none``
    #: (PyJWT ``algorithm=None``, python_jwt without ``priv_key``).
    unsigned_if_falsy: tuple[str, ...] = ()
    #: A ``str`` allow-list is accepted and tested with ``in``, i.e. as a substring (PyJWT, python-jose).
    algorithms_substring: bool = False
    #: The library accepts only key objects bound to one family, so mixing families in the
    #: allow-list cannot confuse keys (joserfc, jwcrypto).
    typed_keys_only: bool = False
    #: For a decode that does not validate claims itself: the API whose call validates them
    #: (``authlib.jose.JWTClaims.validate``), or "none" when the library has none (JWS decoders).
    claims_validator: str = ""
    #: Other names the same callable is reachable under.
    aliases: tuple[str, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: unknown kind {self.kind!r}")
        if self.algorithm_default not in ALGORITHM_DEFAULTS:
            raise ValueError(f"{self.name}: unknown algorithm_default {self.algorithm_default!r}")
        if self.none_verification not in NONE_VERIFICATION:
            raise ValueError(f"{self.name}: unknown none_verification {self.none_verification!r}")
        for param in self.roles:
            if param not in self.params:
                raise ValueError(f"{self.name}: role for unknown parameter {param!r}")

    def param_for(self, role: str) -> Optional[str]:
        for param, param_role in self.roles.items():
            if param_role == role:
                return param
        return None


#: Options switches shared by PyJWT and python-jose ("verify_exp": False turns off "exp").
VERIFY_SWITCHES: Mapping[str, str] = {
    "verify_signature": "signature",
    "verify_exp": "exp",
    "verify_nbf": "nbf",
    "verify_iat": "iat",
    "verify_aud": "aud",
    "verify_iss": "iss",
    "verify_sub": "sub",
    "verify_jti": "jti",
}
