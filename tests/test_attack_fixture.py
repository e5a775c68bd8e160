"""The ``jwt_attacks`` fixture through pytester: one item per attack, exact verdicts on real verifiers.

The verifiers are in ``attack_verifiers.py``: strong ones on PyJWT 2,
python-jose, Authlib and joserfc pass every attack that applies; each weak
one fails exactly the attacks it is weak to, no more and no fewer.
"""

from __future__ import annotations

import pytest
from attack_verifiers import STRONG, WEAK

from jwtlint.attacks import ATTACKS

ALL_NAMES = {attack.name for attack in ATTACKS}
CONFUSION = {"hmac-with-public-key-pem", "hmac-with-public-key-der", "hmac-with-public-key-jwk"}


def target_conftest(verifier: str, fields: str) -> str:
    return f"""
import pytest
import attack_verifiers
from jwtlint.attacks import AttackTarget

@pytest.fixture
def jwt_attack_target():
    return AttackTarget(verify=attack_verifiers.{verifier}, **attack_verifiers.{fields})
"""


ATTACK_TEST = "def test_verifier(jwt_attacks):\n    jwt_attacks.check()\n"


def outcomes(pytester: pytest.Pytester, *args: str) -> dict[str, set[str]]:
    """Attack names by outcome ("passed", "skipped", "failed") of an in-process run."""
    recorder = pytester.inline_run(*args)
    passed, skipped, failed = recorder.listoutcomes()
    def names(reports) -> set[str]:
        return {report.nodeid.rsplit("[", 1)[1].rstrip("]") for report in reports}
    return {"passed": names(passed), "skipped": names(skipped), "failed": names(failed)}


def _fields_name(fields: dict) -> str:
    import attack_verifiers

    return next(name for name in ("RS256_TARGET", "HS256_TARGET", "ES256_TARGET")
                if getattr(attack_verifiers, name) is fields)


@pytest.mark.parametrize("name", sorted(STRONG))
def test_strong_verifier_passes_every_attack(pytester: pytest.Pytester, name: str) -> None:
    verifier, fields = STRONG[name]
    pytester.makeconftest(target_conftest(verifier.__name__, _fields_name(fields)))
    pytester.makepyfile(test_attacks=ATTACK_TEST)
    result = outcomes(pytester)
    assert result["failed"] == set()
    expected_skips = CONFUSION if fields["algorithm"].startswith("HS") else set()
    assert result["skipped"] == expected_skips
    assert result["passed"] == ALL_NAMES - expected_skips


@pytest.mark.parametrize("name", sorted(WEAK))
def test_weak_verifier_fails_exactly_its_weaknesses(pytester: pytest.Pytester, name: str) -> None:
    verifier, fields, weaknesses = WEAK[name]
    pytester.makeconftest(target_conftest(verifier.__name__, _fields_name(fields)))
    pytester.makepyfile(test_attacks=ATTACK_TEST)
    result = outcomes(pytester)
    assert result["failed"] == weaknesses
    assert result["passed"] | result["skipped"] == ALL_NAMES - weaknesses


def test_items_are_named_after_the_attacks(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(target_conftest("pyjwt_strong", "RS256_TARGET"))
    pytester.makepyfile(test_attacks=ATTACK_TEST)
    result = pytester.runpytest("--collect-only", "-q")
    ids = sorted(line for line in result.outlines if "::" in line)
    assert ids == sorted(f"test_attacks.py::test_verifier[{name}]" for name in ALL_NAMES)
    assert "test_attacks.py::test_verifier[alg-nOnE-no-dot]" in ids


def test_failure_says_what_was_accepted_and_why_it_is_dangerous(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(target_conftest("authlib_never_validated", "RS256_TARGET"))
    pytester.makepyfile(test_attacks=ATTACK_TEST)
    result = pytester.runpytest("-k", "expired")
    result.assert_outcomes(failed=1)
    text = result.stdout.str()
    assert "expired: the verifier accepted a genuine token that expired a day ago and returned {" in text
    assert "Why it is dangerous: a stolen or logged-out token stays valid forever" in text
    assert "forged token: eyJ" in text
    assert "def check" not in text  # the message alone, no traceback into the plugin


def test_marker_gives_the_target_without_a_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_attacks="""
        import pytest
        import attack_verifiers as v

        @pytest.mark.jwt_attacks(verify=v.joserfc_header_jwk, **v.ES256_TARGET)
        def test_verifier(jwt_attacks):
            jwt_attacks.check()
    """)
    result = outcomes(pytester)
    assert result["failed"] == {"jwk-header-attacker-key"}


def test_marker_fields_replace_the_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(target_conftest("authlib_never_validated", "RS256_TARGET"))
    pytester.makepyfile(test_attacks="""
        import pytest

        @pytest.mark.jwt_attacks(audience=None, issuer=None, require_exp=False)
        def test_verifier(jwt_attacks):
            jwt_attacks.check()
    """)
    result = outcomes(pytester, "-rs")
    assert result["failed"] == {"expired", "not-yet-valid", "issued-in-the-future"}
    assert result["skipped"] == {"wrong-audience", "wrong-issuer", "missing-exp"}


def test_skipped_attacks_say_how_to_enable_them(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_attacks="""
        import pytest
        import attack_verifiers as v

        @pytest.mark.jwt_attacks(verify=v.pyjwt_hs_strong, key=v.HMAC_SECRET, algorithm="HS256")
        def test_verifier(jwt_attacks):
            jwt_attacks.check()
    """)
    result = pytester.runpytest("-rs")
    text = result.stdout.str()
    assert "wrong-audience: pass audience= to check the audience" in text
    assert "refresh-as-access: pass type_claim=" in text
    assert "missing-exp: pass require_exp=True" in text
    assert "hmac-with-public-key-pem: the verifier's tokens are signed with HS256, not a public-key algorithm" in text


def test_verifier_passed_to_check_and_tokens_made_by_a_mint_callable(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_attacks="""
        import jwt
        import pytest
        import attack_verifiers as v

        def mint(claims, headers):
            return jwt.encode(claims, v.PRIVATE_PEM, "RS256", headers=headers)

        @pytest.mark.jwt_attacks(mint=mint, public_key=v.PUBLIC_PEM, audience=v.AUDIENCE, issuer=v.ISSUER,
                                 require_exp=True, type_claim=v.TYPE_CLAIM)
        def test_verifier(jwt_attacks):
            jwt_attacks.check(v.authlib_der_for_hmac)
    """)
    result = outcomes(pytester)
    assert result["failed"] == {"hmac-with-public-key-der"}
    assert result["skipped"] == set()


def test_a_verifier_that_rejects_genuine_tokens_proves_nothing_and_fails(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_attacks="""
        import pytest
        import attack_verifiers as v

        @pytest.mark.jwt_attacks(verify=v.pyjwt_strong, **{**v.RS256_TARGET, "audience": "another-api"})
        def test_verifier(jwt_attacks):
            jwt_attacks.check()
    """)
    result = pytester.runpytest("-k", "signature-stripped")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*signature-stripped: the verifier rejects a genuine token, so no attack can be "
                                 "judged (InvalidAudienceError: *"])


def test_a_boolean_check_rejects_with_false(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_attacks="""
        import pytest
        import attack_verifiers as v

        def is_valid(token):
            try:
                return v.authlib_never_validated(token) is not None
            except Exception:
                return False

        @pytest.mark.jwt_attacks(verify=is_valid, **v.RS256_TARGET)
        def test_verifier(jwt_attacks):
            jwt_attacks.check()
    """)
    assert outcomes(pytester)["failed"] == WEAK["authlib-never-validated"][2]


def test_resource_attacks_are_bounded_in_time(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_attacks="""
        import time
        import pytest
        import attack_verifiers as v

        def slow_on_big_tokens(token):
            if len(token) > 100_000:
                time.sleep(3)
            return v.pyjwt_strong(token)

        @pytest.mark.jwt_attacks(verify=slow_on_big_tokens, timeout=0.3, **v.RS256_TARGET)
        def test_verifier(jwt_attacks):
            jwt_attacks.check()
    """)
    result = pytester.runpytest("-k", "payload")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["*payload-very-large: the verifier did not answer within 0.3 s on a token with a "
                                 "bad signature and 60,000 claims*"])


def test_user_parametrisation_picks_the_attacks(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(target_conftest("pyjwt_strong", "RS256_TARGET"))
    pytester.makepyfile(test_attacks="""
        import pytest

        @pytest.mark.parametrize("jwt_attacks", ["alg-none-no-dot", "expired", "no-such-attack"], indirect=True)
        def test_verifier(jwt_attacks):
            jwt_attacks.check()
    """)
    result = pytester.runpytest()
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*jwt_attacks: unknown attack 'no-such-attack'; the attacks are: alg-none-trailing-dot,*"])


@pytest.mark.parametrize(("marker", "message"), [
    ("verify=v.pyjwt_strong", "give the signing key (key=..., algorithm=...) or a mint(claims, headers) callable"),
    ("verify=v.pyjwt_strong, key=v.PRIVATE_PEM", "give the algorithm the key signs with"),
    ("verify=v.pyjwt_strong, secret='x'", "unexpected keyword argument 'secret'"),
])
def test_incomplete_target_fails_with_a_clear_message(pytester: pytest.Pytester, marker: str, message: str) -> None:
    pytester.makepyfile(test_attacks=f"""
        import pytest
        import attack_verifiers as v

        @pytest.mark.jwt_attacks({marker})
        def test_verifier(jwt_attacks):
            jwt_attacks.check()
    """)
    result = pytester.runpytest("-k", "expired")
    result.assert_outcomes(errors=1)
    assert message in result.stdout.str()


def test_fixture_works_without_linting_and_imports_neither_libcst_nor_jwt(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_attacks="""
        import hashlib, hmac, json, base64, sys, time
        import pytest

        SECRET = b"k7Qw2Zr9Lm4Xv8Tn3Bp6Yc1Hd5Gf0Js-standard-library-only"

        def verify(token):
            header, payload, signature = token.split(".")
            if "crit" in json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4))):
                raise ValueError("no critical extension is supported")
            expected = hmac.new(SECRET, f"{header}.{payload}".encode(), hashlib.sha256).digest()
            if base64.urlsafe_b64encode(expected).rstrip(b"=").decode() != signature:
                raise ValueError("bad signature")
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            if claims["exp"] < time.time() or claims.get("nbf", 0) > time.time() or claims["iat"] > time.time():
                raise ValueError("expired or early")
            return claims

        @pytest.mark.jwt_attacks(verify=verify, key=SECRET, algorithm="HS256")
        def test_verifier(jwt_attacks):
            jwt_attacks.check()

        def test_zz_nothing_heavy_was_imported():
            heavy = [name for name in sys.modules if name.split(".")[0] in ("libcst", "jwt", "jose", "authlib")]
            assert heavy == []
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    outcome = result.parseoutcomes()
    assert outcome.get("failed", 0) == 0, result.stdout.str()
    assert outcome == {"passed": 1 + len(ALL_NAMES) - 7, "skipped": 7}  # confusion x3, aud, iss, type, exp
    assert "::jwtlint" not in result.stdout.str()


def test_readme_lists_every_attack_and_only_those() -> None:
    import itertools
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("| Attacks (item ids) |", 1)[1].split("\n\n", 1)[0]
    documented = set()
    for row in table.splitlines()[2:]:
        for pattern in re.findall(r"`([a-z0-9{},A-Z-]+)`", row.split("|")[1]):
            parts = [group.split(",") for group in re.findall(r"\{([^}]*)\}", pattern)]
            template = re.sub(r"\{[^}]*\}", "{}", pattern)
            documented |= {template.format(*choice) for choice in itertools.product(*parts)}
    assert documented == ALL_NAMES


def test_readme_example_runs_as_written(pytester: pytest.Pytester) -> None:
    """The README's conftest.py and test, over a small app whose verifier misses the audience."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Attack your verifier", 1)[1]
    conftest, test = re.findall(r"```python\n(.*?)```", section, re.S)[:2]
    pytester.makeconftest(conftest)
    pytester.makepyfile(test_token_attacks=test)
    pytester.mkpydir("myapp")
    pytester.path.joinpath("myapp", "settings.py").write_text(
        "from attack_verifiers import PRIVATE_PEM as JWT_PRIVATE_KEY_PEM\n")
    pytester.path.joinpath("myapp", "auth.py").write_text(
        "import jwt\nfrom attack_verifiers import ISSUER, PUBLIC_PEM\n\n"
        "def verify_access_token(token):\n"
        "    claims = jwt.decode(token, PUBLIC_PEM, algorithms=['RS256'], issuer=ISSUER,\n"
        "                        options={'require': ['exp', 'iat'], 'verify_aud': False})\n"
        "    if claims.get('token_type') != 'access':\n"
        "        raise ValueError('not an access token')\n"
        "    return claims\n")
    result = outcomes(pytester)
    assert result["failed"] == {"wrong-audience"}
    assert result["skipped"] == set()


def test_without_cryptography_hmac_attacks_run_and_the_others_say_what_they_need(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    import jwtlint.signing

    monkeypatch.setattr(jwtlint.signing, "has_cryptography", lambda: False)  # the in-process run shares the module
    pytester.makeconftest(target_conftest("pyjwt_hs_strong", "HS256_TARGET"))
    pytester.makepyfile(test_attacks=ATTACK_TEST)
    result = outcomes(pytester)
    assert result["failed"] == set()
    assert result["skipped"] == CONFUSION | {"x5u-header-attacker-certificate", "x5c-header-attacker-certificate"}
    assert {"jwk-header-attacker-key", "jku-header-attacker-key-set"} <= result["passed"]
