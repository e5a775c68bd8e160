"""JWT3xx beyond the fixtures: masking in every format, options, placeholder data, precedence."""

from __future__ import annotations

from pathlib import Path

import pytest

from jwtlint.cli import main
from jwtlint.config import Config, ConfigError, parse_table
from jwtlint.engine import Settings, analyze_source
from jwtlint.report import FORMATS
from jwtlint.secrets_data import match_placeholder, shipped_placeholders
from jwtlint.semantics.secret_names import is_jwt_key_name, is_jwt_secret_name

#: Secrets the report must never show whole, and the file that holds them.
LITERAL_SECRET = "Zq8Wn3Lx6Tv1Rb9Kc4Hm7Js2Dg5Fy0Pa"
PLACEHOLDER = "my_secret_key"
FALLBACK = "Fb3Wq8Nz1Lk6Tx9Rc4Hm7Js2Dg5Vy0Pa"
PEM_BODY = "Qk7nR2vX9pL4wT8zB3mY6cH1jD5gF0sAeUoIiKlMnBvCxZaSdFgHjKlPoIuYtRe"
LEAKY_SOURCE = f'''import os

import jwt

KEY = "{LITERAL_SECRET}"
FALLBACK_KEY = os.getenv("JWT_SECRET", "{FALLBACK}")
PRIVATE = """-----BEGIN RSA PRIVATE KEY-----
{PEM_BODY}
{PEM_BODY[::-1]}
-----END RSA PRIVATE KEY-----"""


def issue(user_id):
    return jwt.encode({{"sub": user_id}}, KEY, algorithm="HS256")


def issue_inline(user_id):
    return jwt.encode({{"sub": user_id}}, "{LITERAL_SECRET[::-1]}", algorithm="HS256")


def issue_placeholder(user_id):
    return jwt.encode({{"sub": user_id}}, "{PLACEHOLDER}", algorithm="HS256")
'''


def codes(source: str, tmp_path: Path, name: str = "example.py", options: dict | None = None) -> list[tuple]:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    config = Config(root=tmp_path, select=("JWT3",), rule_options=options or {})
    result = analyze_source(source.encode(), name, Settings(config), real_path=str(path))
    assert result.internal_error is None, result.internal_error
    return [(finding.code, finding.line, finding.severity.value, finding.confidence) for finding in result.findings]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_format_prints_a_secret_whole(fmt, tmp_path, monkeypatch):
    (tmp_path / "leaky.py").write_text(LEAKY_SOURCE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "report.out"
    status = main(["check", "--select", "JWT3", "--format", fmt, "-o", str(out), "leaky.py"])
    assert status == 1
    text = out.read_text(encoding="utf-8")
    assert "JWT301" in text or "hard-coded" in text, text
    for secret in (LITERAL_SECRET, LITERAL_SECRET[::-1], PLACEHOLDER, FALLBACK, PEM_BODY, PEM_BODY[::-1]):
        assert secret not in text, f"{fmt} shows a secret: {secret}"
        # Escaped forms (JSON, XML) must not carry it either.
        assert secret.replace("/", "\\/") not in text


def test_messages_show_the_masked_form_and_the_length(tmp_path):
    path = tmp_path / "leaky.py"
    path.write_text(LEAKY_SOURCE, encoding="utf-8")
    config = Config(root=tmp_path, select=("JWT3",))
    result = analyze_source(LEAKY_SOURCE.encode(), "leaky.py", Settings(config), real_path=str(path))
    messages = [finding.message for finding in result.findings if finding.code == "JWT301"]
    assert messages and all(f"({len(LITERAL_SECRET)} chars)" in message for message in messages)
    assert any("'Z******a'" in message for message in messages)


def test_placeholder_is_reported_instead_of_hard_coded(tmp_path):
    found = codes('import jwt\njwt.encode({"sub": 1}, "changeme", algorithm="HS256")\n', tmp_path)
    assert [code for code, *_ in found] == ["JWT302"]


def test_empty_key_is_reported_instead_of_hard_coded(tmp_path):
    found = codes('import jwt\njwt.encode({"sub": 1}, b"", algorithm="HS256")\n', tmp_path)
    assert [code for code, *_ in found] == ["JWT305"]


def test_heuristic_placeholder_is_lower_severity_and_confidence(tmp_path):
    found = codes('import jwt\njwt.encode({"sub": 1}, "please-replace-me-before-going-live", '
                  'algorithm="HS256")\n', tmp_path)
    assert found == [("JWT302", 2, "high", "medium")]


def test_extra_placeholders_option(tmp_path):
    source = 'import jwt\njwt.encode({"sub": 1}, "Acme-Internal-Signing-Key-2019-Shared", algorithm="HS256")\n'
    assert [code for code, *_ in codes(source, tmp_path)] == ["JWT301"]
    options = {"secrets.extra-placeholders": ["acme-internal-signing-key-2019-shared"]}
    assert [code for code, *_ in codes(source, tmp_path, options=options)] == ["JWT302"]


def test_minimum_key_length_option(tmp_path):
    source = 'import jwt\njwt.encode({"sub": 1}, "Zq8Wn3Lx6Tv1Rb9Kc4Hm7Js2Dg5Fy0Pa", algorithm="HS256")\n'
    assert [code for code, *_ in codes(source, tmp_path)] == ["JWT301"]
    found = codes(source, tmp_path, options={"secrets.min-hmac-key-bytes": 48})
    assert sorted(code for code, *_ in found) == ["JWT301", "JWT303"]


def test_options_are_validated(tmp_path):
    with pytest.raises(ConfigError, match="min-hmac-key-bytes"):
        parse_table({"secrets": {"min-hmac-key-bytes": "32"}}, tmp_path / "pyproject.toml")
    with pytest.raises(ConfigError, match="extra-placeholders"):
        parse_table({"secrets": {"extra-placeholders": "changeme"}}, tmp_path / "pyproject.toml")
    with pytest.raises(ConfigError, match="unknown key"):
        parse_table({"secrets": {"min-key": 32}}, tmp_path / "pyproject.toml")
    config = parse_table({"secrets": {"extra-placeholders": ["acme"], "min-hmac-key-bytes": 64}},
                         tmp_path / "pyproject.toml")
    assert config.rule_options == {"secrets.extra-placeholders": ["acme"], "secrets.min-hmac-key-bytes": 64}


def test_fallback_in_development_settings_is_one_step_lower(tmp_path):
    source = 'import os\nJWT_SECRET = os.getenv("JWT_SECRET", "Zq8Wn3Lx6Tv1Rb9Kc4Hm7Js2Dg5Fy0Pa")\n'
    assert codes(source, tmp_path, "config/production.py")[0][:3] == ("JWT304", 2, "high")
    assert codes(source, tmp_path, "config/local_settings.py")[0][:3] == ("JWT304", 2, "medium")


def test_the_shipped_list_is_loaded_from_package_data():
    known = shipped_placeholders()
    assert "your-256-bit-secret" in known.exact and "a-string-secret-at-least-256-bits-long" in known.prefixes
    # Django's generated keys have a known prefix but a random body: hard-coded (JWT301), not published.
    assert match_placeholder("django-insecure-7h#q9!v2l@x4k$w8z%n1b^t6r&m3s*j5d(g0f)p") is None
    assert match_placeholder(b'_5#y2L"F4Q8z\n\xec]/') is not None  # Flask's quickstart key, not UTF-8
    assert match_placeholder("  Super-Secret ") is not None
    assert match_placeholder("a-string-secret-at-least-256-bits-long-and-more") is not None
    assert match_placeholder("Zq8Wn3Lx6Tv1Rb9Kc4Hm7Js2Dg5Fy0Pa") is None


@pytest.mark.parametrize("name,jwt_key,jwt_secret", [
    ("JWT_SECRET", True, True),
    ("jwtSigningKey", True, True),
    ("ACCESS_TOKEN_SECRET", True, True),
    ("JWT_PRIVATE_KEY", True, True),
    ("SECRET_KEY", False, True),
    ("DJANGO_SECRET_KEY", False, True),
    ("JWT_PUBLIC_KEY", False, False),
    ("JWT_SECRET_ENV", False, False),
    ("JWT_JSON_KEY", False, False),
    ("AWS_SECRET_ACCESS_KEY", False, False),
    ("STRIPE_SECRET_KEY", False, False),
    ("OAUTH_CLIENT_SECRET", False, False),
])
def test_secret_names(name, jwt_key, jwt_secret):
    assert is_jwt_key_name(name) is jwt_key
    assert is_jwt_secret_name(name) is jwt_secret


def test_prefilter_keeps_settings_files_without_jwt():
    settings = Settings(Config(select=("ALL",)))
    assert settings.prefilter.wants(b'import os\nSECRET_KEY = os.getenv("SECRET_KEY", "x")\n')
    assert settings.prefilter.wants(b'KEY = """-----BEGIN EC PRIVATE KEY-----\n"""\n')


def test_no_secret_in_repr_of_results(tmp_path):
    """Result caches hold raw secrets on purpose (to mask later); the JSON dict must not."""
    path = tmp_path / "leaky.py"
    path.write_text(LEAKY_SOURCE, encoding="utf-8")
    result = analyze_source(LEAKY_SOURCE.encode(), "leaky.py", Settings(Config(root=tmp_path, select=("JWT3",))),
                            real_path=str(path))
    for finding in result.findings:
        assert LITERAL_SECRET not in repr(finding.to_dict())
