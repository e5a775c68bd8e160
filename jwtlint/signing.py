"""Signing and verifying JWS signatures: HMAC with the standard library, the rest with ``cryptography``.

``cryptography`` is optional: :func:`asymmetric` imports the module that uses
it (:mod:`jwtlint.asymmetric`) only when an asymmetric algorithm or a key form
is asked for, so the attack fixture and ``jwtlint token`` work without it for
HMAC tokens, and say what needs it otherwise (:class:`NeedsCryptography`).
"""

from __future__ import annotations

import hmac
from types import ModuleType
from typing import Any, Union

from jwtlint.compact import hmac_signature

KeyMaterial = Union[str, bytes, Any]
_FAMILIES = ("HS", "RS", "PS", "ES")
_DIGEST_BITS = ("256", "384", "512")


class NeedsCryptography(RuntimeError):
    """An asymmetric algorithm was asked for and the ``cryptography`` package is not installed."""


def family(algorithm: Any) -> str:
    """``"HS"``, ``"RS"``, ``"PS"``, ``"ES"``, ``"EdDSA"``, or ``""`` for anything else (``none``, typos)."""
    if not isinstance(algorithm, str):
        return ""
    if algorithm == "EdDSA":
        return "EdDSA"
    return algorithm[:2] if algorithm[:2] in _FAMILIES and algorithm[2:] in _DIGEST_BITS else ""


def is_asymmetric(algorithm: Any) -> bool:
    return family(algorithm) in ("RS", "PS", "ES", "EdDSA")


def has_cryptography() -> bool:
    try:
        import cryptography  # noqa: F401
    except ImportError:
        return False
    return True


def asymmetric() -> ModuleType:
    """:mod:`jwtlint.asymmetric`, or :class:`NeedsCryptography` when ``cryptography`` is missing."""
    if not has_cryptography():
        raise NeedsCryptography("RSA, ECDSA and EdDSA keys need the 'cryptography' package (pip install cryptography)")
    from jwtlint import asymmetric as module

    return module


def sign(algorithm: str, key: KeyMaterial, signing_input: bytes) -> bytes:
    """The signature of ``signing_input``; ``key`` is an HMAC secret or a private key (PEM or object)."""
    kind = family(algorithm)
    if kind == "HS":
        if not isinstance(key, (str, bytes)):
            raise TypeError(f"{algorithm} needs a secret (str or bytes), not {type(key).__name__}")
        return hmac_signature(algorithm, key, signing_input)
    if not kind:
        raise ValueError(f"cannot sign with algorithm {algorithm!r}")
    return asymmetric().sign(algorithm, key, signing_input)


def verify(algorithm: str, key: KeyMaterial, signing_input: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is right; ``key`` is an HMAC secret or a public key (PEM, DER or object)."""
    kind = family(algorithm)
    if kind == "HS":
        return hmac.compare_digest(sign(algorithm, key, signing_input), signature)
    if not kind:
        return False
    return asymmetric().verify(algorithm, key, signing_input, signature)
