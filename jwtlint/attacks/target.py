"""What the attacks are aimed at: the user's verifier and how genuine tokens are made.

An :class:`AttackTarget` is the whole user-facing configuration of the
``jwt_attacks`` pytest fixture (and of the ``jwt_attacks`` marker, whose
keyword arguments are its fields). A :class:`Minter` turns it into genuine
tokens: every attack starts from one, and each run first checks that the
verifier accepts it, because a verifier that rejects everything would pass
every attack and prove nothing.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Optional

from jwtlint import compact, signing

#: How long a genuine token lives: short, so that no lifetime limit of the verifier rejects it.
GENUINE_LIFETIME = 300


class TargetError(ValueError):
    """The target is not configured well enough to make a genuine token; the message says what is missing."""


@dataclass(frozen=True)
class AttackTarget:
    """The verifier under attack and what a genuine token for it looks like.

    ``verify(token)`` returns the claims (anything but None or False) when it
    accepts a token; raising any exception or returning None or False rejects it. Genuine tokens
    are signed with ``key`` (an HMAC secret, or a private key as PEM or a
    ``cryptography`` object) under ``algorithm``, or made by ``mint(claims,
    headers)``, which must sign exactly the claims and extra header fields it
    is given (``lambda claims, headers: jwt.encode(claims, KEY, "RS256",
    headers=headers)``). ``public_key`` is only needed with ``mint`` for an
    asymmetric algorithm: it is what algorithm-confusion attacks sign with.
    """

    verify: Optional[Callable[[str], Any]] = None
    key: Any = None
    algorithm: Optional[str] = None
    mint: Optional[Callable[[dict, dict], str]] = None
    public_key: Any = None
    #: Claims every genuine token carries (``exp``, ``iat``, ``aud``, ``iss`` and the type are added).
    claims: Mapping[str, Any] = field(default_factory=lambda: {"sub": "jwtlint-attack"})
    #: Header fields every genuine token carries, such as the ``kid`` the verifier looks keys up by.
    headers: Mapping[str, Any] = field(default_factory=dict)
    audience: Optional[str] = None
    issuer: Optional[str] = None
    #: Tokens without ``exp`` must be rejected (an attack item checks it only when this is set).
    require_exp: bool = False
    #: The claim saying what kind of token it is (``"typ"``, ``"token_type"``), and its two values.
    type_claim: Optional[str] = None
    access_type: str = "access"
    refresh_type: str = "refresh"
    #: Seconds a verifier may take on the oversized and deeply nested tokens.
    timeout: float = 5.0


class Minter:
    """Genuine tokens for a target: its claims with a fresh ``exp``, signed as the target signs."""

    def __init__(self, target: AttackTarget) -> None:
        if target.mint is None and target.key is None:
            raise TargetError("give the signing key (key=..., algorithm=...) or a mint(claims, headers) callable")
        if target.mint is None and not target.algorithm:
            raise TargetError("give the algorithm the key signs with (algorithm='RS256', 'HS256', ...)")
        self.target = target
        self.now = int(time.time())

    @cached_property
    def algorithm(self) -> str:
        """The target's algorithm, or the one its mint writes in the header."""
        if self.target.algorithm:
            return self.target.algorithm
        return str(compact.parse(self.genuine()).algorithm)

    def claims(self, **changes: Any) -> dict:
        """The claims of a genuine token; a change to None removes the claim."""
        target = self.target
        claims: dict = {**target.claims, "iat": self.now, "exp": self.now + GENUINE_LIFETIME}
        if target.audience is not None:
            claims["aud"] = target.audience
        if target.issuer is not None:
            claims["iss"] = target.issuer
        if target.type_claim is not None:
            claims[target.type_claim] = target.access_type
        claims.update(changes)
        return {name: value for name, value in claims.items() if value is not None}

    def sign(self, claims: dict, headers: Optional[dict] = None) -> str:
        """A token signed with the target's own key (or mint), so only its contents can be wrong."""
        extra = {**self.target.headers, **(headers or {})}
        if self.target.mint is not None:
            token = self.target.mint(claims, extra)
            return token.decode("ascii") if isinstance(token, bytes) else str(token)
        header = {"alg": self.target.algorithm, "typ": "JWT", **extra}
        return forge(header, claims, self.target.algorithm or "", self.target.key)

    def genuine(self) -> str:
        return self.sign(self.claims())

    def public_key(self) -> Any:
        """The verifier's public key as a ``cryptography`` object, or None if it cannot be known."""
        if self.target.public_key is not None:
            return signing.asymmetric().load_public_key(self.target.public_key)
        key = self.target.key
        if key is None:
            return None
        if isinstance(key, (str, bytes)):
            return signing.asymmetric().load_public_key(key) if b"PRIVATE KEY" in compact.as_bytes(key) else None
        return signing.asymmetric().load_public_key(key)

def forge(header: dict, claims: Any, algorithm: str, key: Any) -> str:
    """A token with exactly this header and these claims, signed with ``key`` under ``algorithm``."""
    signing_input = f"{compact.json_segment(header)}.{compact.json_segment(claims)}"
    signature = signing.sign(algorithm, key, signing_input.encode("ascii"))
    return f"{signing_input}.{compact.b64url_encode(signature)}"
