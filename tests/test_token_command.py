"""``jwtlint token``: every problem it reports, masking, verification, cracking and bad input."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from jwtlint import asymmetric, compact
from jwtlint.attacks.target import forge
from jwtlint.cli import main

NOW = int(time.time())
SECRET = "q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0Yg-a-real-secret"
CLAIMS = {"sub": "42", "iat": NOW, "exp": NOW + 900}
_RSA = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PRIVATE_PEM = _RSA.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())
PUBLIC_PEM = asymmetric.public_pem(_RSA.public_key())


def token(claims=None, header=None, key=SECRET, algorithm="HS256") -> str:
    return forge({"alg": algorithm, "typ": "JWT", **(header or {})}, CLAIMS if claims is None else claims,
                 algorithm, key)


def unsigned(header: dict, claims=None) -> str:
    return f"{compact.json_segment(header)}.{compact.json_segment(CLAIMS if claims is None else claims)}."


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["token", *argv], stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def problems(*argv: str) -> dict[str, str]:
    code, out, err = run("--format", "json", *argv)
    assert err == ""
    report = json.loads(out)
    assert code == (1 if report["problems"] else 0)
    return {problem["code"]: problem["message"] for problem in report["problems"]}


@pytest.fixture(autouse=True)
def project(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_sound_token_verified_with_its_key_has_no_problems() -> None:
    code, out, _ = run(token(), "--key", SECRET)
    assert code == 0
    assert '"sub": "42"' in out
    assert "signature: verified with the key given" in out
    assert "no problems found" in out


@pytest.mark.parametrize(("algorithm", "codes"), [
    ("none", {"alg-none"}),
    ("None", {"alg-none", "alg-mixed-case"}),
    ("nOnE", {"alg-none", "alg-mixed-case"}),
])
def test_none_algorithm_in_any_spelling(algorithm: str, codes: set[str]) -> None:
    assert set(problems(unsigned({"alg": algorithm}))) == codes


def test_mixed_case_and_unknown_and_missing_algorithms() -> None:
    assert "HS256 in other letters" in problems(unsigned({"alg": "hs256"}))["alg-mixed-case"]
    assert problems(unsigned({"alg": "HS257"})) == {"alg-unknown": "`alg: HS257` is not a JWS algorithm"}
    assert set(problems(unsigned({"typ": "JWT"}))) == {"alg-missing"}


def test_hmac_algorithm_beside_a_public_key_in_the_header_is_algorithm_confusion() -> None:
    jwk = asymmetric.public_jwk(_RSA.public_key())
    found = problems(token(header={"jwk": jwk}))
    assert set(found) == {"alg-confusion", "jwk-header"}


def test_a_token_forged_with_the_public_key_as_hmac_secret_is_recognised() -> None:
    Path("public.pem").write_bytes(PUBLIC_PEM)
    forged = token(key=asymmetric.public_der(_RSA.public_key()))
    found = problems(forged, "--public-key", "public.pem")
    assert "forged by algorithm confusion" in found["alg-confusion"]
    genuine_hs = token()
    assert "cannot be verified with a public key" in problems(genuine_hs, "--public-key", "public.pem")[
        "signature-invalid"]


def test_rs256_token_verified_with_its_public_key_and_with_another() -> None:
    Path("public.pem").write_bytes(PUBLIC_PEM)
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    Path("other.pem").write_bytes(asymmetric.public_pem(other.public_key()))
    rs = token(key=PRIVATE_PEM, algorithm="RS256")
    assert problems(rs, "--public-key", "public.pem") == {}
    assert "does not verify with the key given" in problems(rs, "--public-key", "other.pem")["signature-invalid"]


def test_wrong_hmac_key_is_an_invalid_signature() -> None:
    assert set(problems(token(), "--key", "not-the-key")) == {"signature-invalid"}


def test_missing_and_non_numeric_exp() -> None:
    assert problems(token({"sub": "42"})) == {"no-exp": "no `exp` claim: the token never expires"}
    assert set(problems(token({"sub": "42", "exp": "tomorrow"}))) == {"exp-not-a-number"}


def test_lifetime_over_the_configured_maximum(project: Path) -> None:
    day = {"sub": "42", "iat": NOW, "exp": NOW + 86400}
    assert problems(token(day))["long-lifetime"] == ("lives 1 day from its iat/nbf, over the access-token maximum "
                                                     "of 1 hour ([tool.jwtlint.lifetime] max-access-token-seconds)")
    assert problems(token({**day, "token_type": "refresh"})) == {}  # the refresh maximum is 90 days
    (project / "pyproject.toml").write_text("[tool.jwtlint.lifetime]\nmax-access-token-seconds = 172800\n")
    assert problems(token(day)) == {}


def test_sensitive_claims_are_reported_and_masked_in_every_format() -> None:
    claims = {**CLAIMS, "password": "hunter2-plaintext", "profile": {"api_key": "ak-9f8e7d6c5b4a"},
              "has_password": True}
    found = problems(token(claims))
    assert set(found) == {"sensitive-claim"}
    code, text, _ = run(token(claims))
    _, as_json, _ = run("--format", "json", token(claims))
    for output in (text, as_json):
        assert "hunter2-plaintext" not in output and "ak-9f8e7d6c5b4a" not in output
        assert "'h******t' (17 chars)" in output and "'a******a' (15 chars)" in output
    assert json.loads(as_json)["claims"]["has_password"] is True
    assert "`profile.api_key` holds an API key" in text


def test_key_references_worth_a_look() -> None:
    assert set(problems(token(header={"kid": "../../dev/null"}))) == {"kid-suspicious"}
    assert set(problems(token(header={"kid": "x' UNION SELECT 'k"}))) == {"kid-suspicious"}
    assert problems(token(header={"kid": "2024-key-1"})) == {}
    found = problems(token(header={"jku": "https://attacker.example/jwks.json", "x5u": "https://a.example/c.pem"}))
    assert set(found) == {"jku-header", "x5u-header", "alg-confusion"}  # an HS256 token naming a certificate
    assert "https://attacker.example/jwks.json" in found["jku-header"]
    assert set(problems(token(key=PRIVATE_PEM, algorithm="RS256", header={"x5c": ["MIIB"]}))) == {"x5c-header"}


def test_a_placeholder_secret_is_cracked_and_shown_masked() -> None:
    code, out, _ = run(token(key="your-256-bit-secret"))
    assert code == 1
    assert "cracked-secret: signed with the guessable secret 'y******t' (19 chars)" in out
    assert "your-256-bit-secret" not in out
    flask = b'_5#y2L"F4Q8z\n\xec]/'
    assert "cracked-secret" in problems(token(key=flask))


def test_wordlist_and_configured_placeholders_are_tried(project: Path) -> None:
    (project / "words.txt").write_bytes(b"first\nour-team-secret-2019\r\nlast\n")
    leaked = token(key="our-team-secret-2019")
    assert problems(leaked) == {}
    _, out, _ = run("--format", "json", leaked, "--wordlist", "words.txt")
    report = json.loads(out)
    assert report["cracked_secret"] == "'o******9' (20 chars)"
    assert "our-team-secret-2019" not in out
    (project / "pyproject.toml").write_text('[tool.jwtlint.secrets]\nextra-placeholders = ["our-team-secret-2019"]\n')
    assert "cracked-secret" in problems(leaked)


def test_claims_that_are_not_an_object() -> None:
    assert set(problems(token(claims=["not", "claims"]))) == {"claims-not-an-object", "no-exp"}


def test_token_from_standard_input_with_a_bearer_prefix() -> None:
    code, out, _ = run("-", stdin=f"Bearer {token()}\n")
    assert code == 0 and '"sub": "42"' in out
    assert run(stdin=token())[0] == 0


@pytest.mark.parametrize(("argv", "stdin", "message"), [
    (["a.b"], "", "not a JWT: a JWT has three dot-separated parts, this has 2"),
    (["not-a-token"], "", "not a JWT: a JWT has three dot-separated parts, this has 1"),
    (["e30.e30.e30.e30.e30"], "", "not a JWT: this is an encrypted token (JWE, five parts)"),
    (["%%%.e30."], "", "not a JWT: the header is not base64url"),
    ([f"e30.{compact.b64url_encode(b'[' * 100_000 + b']' * 100_000)}."], "", "the payload is JSON nested too deeply"),
    ([], "   \n", "no token given"),
    (["--wordlist", "missing.txt", "e30.e30."], "", "cannot read missing.txt"),
    (["--public-key", "missing.pem", "e30.e30."], "", "cannot read missing.pem"),
])
def test_bad_input_exits_2_with_a_message(argv: list[str], stdin: str, message: str) -> None:
    code, out, err = run(*argv, stdin=stdin)
    assert code == 2
    assert out == ""
    assert err.startswith("jwtlint: error: ") and message in err
    assert "Traceback" not in err


def test_asymmetric_token_with_an_hmac_key_is_a_usage_error() -> None:
    code, _, err = run(token(key=PRIVATE_PEM, algorithm="RS256"), "--key", "x")
    assert code == 2
    assert "give its public key with --public-key FILE" in err


def test_unreadable_public_key_is_a_usage_error(project: Path) -> None:
    (project / "junk.pem").write_bytes(b"-----BEGIN PUBLIC KEY-----\njunk\n-----END PUBLIC KEY-----\n")
    code, _, err = run(token(key=PRIVATE_PEM, algorithm="RS256"), "--public-key", "junk.pem")
    assert code == 2 and "cannot read the public key" in err
