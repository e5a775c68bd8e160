"""Tokens jwtlint signs with the standard library and cryptography verify with an independent library (PyJWT)."""

from __future__ import annotations

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from jwtlint import compact, signing
from jwtlint.attacks import AttackTarget, Minter

_RSA = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KEYS = {"RS": _RSA, "PS": _RSA, "ES256": ec.generate_private_key(ec.SECP256R1()),
        "ES384": ec.generate_private_key(ec.SECP384R1()), "ES512": ec.generate_private_key(ec.SECP521R1()),
        "EdDSA": ed25519.Ed25519PrivateKey.generate()}


def _pem(private) -> str:
    return private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption()).decode("ascii")


@pytest.mark.parametrize("algorithm", ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384",
                                       "PS512", "ES256", "ES384", "ES512", "EdDSA"])
def test_genuine_tokens_verify_with_pyjwt_and_with_jwtlint(algorithm: str) -> None:
    private = KEYS.get(algorithm) or KEYS.get(algorithm[:2])
    key = "a-secret-of-sixty-four-bytes-for-hs512-a-secret-of-sixty-four-by" if private is None else _pem(private)
    token = Minter(AttackTarget(key=key, algorithm=algorithm, audience="api")).genuine()
    public = key if private is None else private.public_key()
    assert jwt.decode(token, public, algorithms=[algorithm], audience="api")["sub"] == "jwtlint-attack"
    parsed = compact.parse(token)
    assert signing.verify(algorithm, public, parsed.signing_input, parsed.signature)
    assert not signing.verify(algorithm, public, parsed.signing_input + b"x", parsed.signature)


@pytest.mark.parametrize(("text", "message"), [
    ("a.b", "a JWT has three dot-separated parts, this has 2"),
    ("a.b.c.d.e", "this is an encrypted token (JWE, five parts)"),
    ("!!!.e30.", "the header is not base64url"),
    ("W10.e30.", "the header is not a JSON object"),
    ("e30.bm90IGpzb24.", "the payload is not JSON"),
    ("e30.e30.a", "the signature is not base64url (impossible length)"),
])
def test_malformed_tokens_say_which_part_is_wrong(text: str, message: str) -> None:
    with pytest.raises(compact.MalformedToken, match=message.replace("(", r"\(").replace(")", r"\)")):
        compact.parse(text)


@pytest.mark.parametrize("algorithm", ["HS384", "RS512", "PS256", "ES384", "ES512", "EdDSA"])
def test_embedded_key_attacks_use_a_key_the_algorithm_accepts(algorithm: str) -> None:
    """A verifier that trusts the header's jwk fails for every family, and a strict one passes every attack."""
    from jwtlint.attacks import ATTACKS, BY_NAME, AttackRun

    private = KEYS.get(algorithm) or KEYS.get(algorithm[:2])
    key = "a-secret-of-forty-eight-bytes-for-hs384-a-secret" if private is None else _pem(private)
    public = key if private is None else private.public_key()

    def strict(token: str):
        return jwt.decode(token, public, algorithms=[algorithm], options={"require": ["exp", "iat"]})

    def trusts_header_jwk(token: str):
        embedded = jwt.get_unverified_header(token).get("jwk")
        return jwt.decode(token, jwt.PyJWK(embedded).key if embedded else public, algorithms=[algorithm])

    target = AttackTarget(key=key, algorithm=algorithm)
    failures = {attack.name for attack in ATTACKS
                if AttackRun(attack, target).skip_reason() is None and AttackRun(attack, target).failure(strict)}
    assert failures == set()
    message = AttackRun(BY_NAME["jwk-header-attacker-key"], target).failure(trusts_header_jwk)
    assert message is not None and message.startswith("jwk-header-attacker-key: the verifier accepted a token signed")
