"""Asymmetric keys with ``cryptography``: imported only through :func:`jwtlint.signing.asymmetric`.

This module needs ``cryptography`` at import time; :mod:`jwtlint.signing`
imports it only when an asymmetric algorithm or key form is asked for, so
HMAC tokens never need the package.
"""

from __future__ import annotations

import datetime
import json
from functools import cache
from typing import Any, Union

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import (
    ec,
    ed448,
    ed25519,
    padding,
    rsa,
    utils,
)
from cryptography.x509.oid import NameOID

from jwtlint.compact import as_bytes, b64url_encode

KeyMaterial = Union[str, bytes, Any]
#: The byte length of r and s in an ECDSA signature of each algorithm.
_EC_SIZES = {"ES256": 32, "ES384": 48, "ES512": 66}
_JWK_CURVES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}


def load_private_key(material: KeyMaterial) -> Any:
    """A ``cryptography`` private key from PEM text or bytes, or the key object itself."""
    if not isinstance(material, (str, bytes)):
        return material
    return _load_pem_private_key(as_bytes(material))


@cache
def _load_pem_private_key(data: bytes) -> Any:
    """Loading checks the key's consistency, which costs far more than signing: once per key and process."""
    return serialization.load_pem_private_key(data, password=None)


def load_public_key(material: KeyMaterial) -> Any:
    """A public key from PEM (a public key, a certificate or a private key), DER, or a key object."""
    if not isinstance(material, (str, bytes)):
        return material.public_key() if hasattr(material, "private_bytes") else material
    data = as_bytes(material)
    if b"-----BEGIN CERTIFICATE-----" in data:
        return x509.load_pem_x509_certificate(data).public_key()
    if b"PRIVATE KEY-----" in data:
        return _load_pem_private_key(data).public_key()
    if data.lstrip().startswith(b"-----BEGIN"):
        return serialization.load_pem_public_key(data)
    return serialization.load_der_public_key(data)


def _hash(algorithm: str) -> hashes.HashAlgorithm:
    digests: dict[str, hashes.HashAlgorithm] = {"256": hashes.SHA256(), "384": hashes.SHA384(), "512": hashes.SHA512()}
    return digests[algorithm[-3:]]


def sign(algorithm: str, key: KeyMaterial, signing_input: bytes) -> bytes:
    """An RS*, PS*, ES* or EdDSA signature with a private key (PEM or object)."""
    private = load_private_key(key)
    if algorithm.startswith("RS"):
        return private.sign(signing_input, padding.PKCS1v15(), _hash(algorithm))
    if algorithm.startswith("PS"):
        digest = _hash(algorithm)
        return private.sign(signing_input, padding.PSS(padding.MGF1(digest), digest.digest_size), digest)
    if algorithm.startswith("ES"):
        r, s = utils.decode_dss_signature(private.sign(signing_input, ec.ECDSA(_hash(algorithm))))
        size = _EC_SIZES[algorithm]
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")
    return private.sign(signing_input)


def verify(algorithm: str, key: KeyMaterial, signing_input: bytes, signature: bytes) -> bool:
    """Whether an RS*, PS*, ES* or EdDSA signature is right for a public key (PEM, DER or object)."""
    public = load_public_key(key)
    try:
        if algorithm.startswith("RS"):
            public.verify(signature, signing_input, padding.PKCS1v15(), _hash(algorithm))
        elif algorithm.startswith("PS"):
            digest = _hash(algorithm)
            public.verify(signature, signing_input, padding.PSS(padding.MGF1(digest), digest.digest_size), digest)
        elif algorithm.startswith("ES"):
            size = _EC_SIZES[algorithm]
            if len(signature) != 2 * size:
                return False
            der = utils.encode_dss_signature(int.from_bytes(signature[:size], "big"),
                                             int.from_bytes(signature[size:], "big"))
            public.verify(der, signing_input, ec.ECDSA(_hash(algorithm)))
        else:
            public.verify(signature, signing_input)
    except (InvalidSignature, TypeError, ValueError, AttributeError):  # also a key of the wrong type
        return False
    return True


def public_pem(public: Any) -> bytes:
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def public_der(public: Any) -> bytes:
    return public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def public_jwk(public: Any) -> dict:
    """The RFC 7517 JWK of a public key (RSA, EC or OKP)."""
    if isinstance(public, rsa.RSAPublicKey):
        modulus = public.public_numbers()
        return {"kty": "RSA", "n": _uint(modulus.n), "e": _uint(modulus.e)}
    if isinstance(public, ec.EllipticCurvePublicKey):
        point = public.public_numbers()
        size = (public.curve.key_size + 7) // 8
        return {"kty": "EC", "crv": _JWK_CURVES[public.curve.name],
                "x": b64url_encode(point.x.to_bytes(size, "big")),
                "y": b64url_encode(point.y.to_bytes(size, "big"))}
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    curve = "Ed25519" if isinstance(public, ed25519.Ed25519PublicKey) else "Ed448"
    return {"kty": "OKP", "crv": curve, "x": b64url_encode(raw)}


def jwk_text(jwk: dict) -> bytes:
    """A JWK as a verifier would keep it in a file or setting."""
    return json.dumps(jwk).encode("utf-8")


def _uint(value: int) -> str:
    return b64url_encode(value.to_bytes((value.bit_length() + 7) // 8, "big"))


@cache
def attacker_key(algorithm: str) -> Any:
    """A throwaway private key for the algorithm (made once per process: RSA generation is slow)."""
    if algorithm.startswith(("RS", "PS")):
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if algorithm.startswith("ES"):
        curves: dict[str, ec.EllipticCurve] = {"ES256": ec.SECP256R1(), "ES384": ec.SECP384R1(),
                                               "ES512": ec.SECP521R1()}
        return ec.generate_private_key(curves[algorithm])
    return ed25519.Ed25519PrivateKey.generate()


def self_signed_certificate(private: Any) -> Any:
    """A certificate for ``private``'s public key, signed by itself: what an attacker can always make."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "jwtlint attacker")])
    now = datetime.datetime.now(datetime.timezone.utc)
    digest = None if isinstance(private, (ed25519.Ed25519PrivateKey, ed448.Ed448PrivateKey)) else hashes.SHA256()
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(private.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30)).sign(private, digest))


def certificate_der(certificate: Any) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


def certificate_pem(certificate: Any) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)
