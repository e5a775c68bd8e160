"""Focused tests for the claims (JWT4xx) and lifetime (JWT5xx) rules and their helpers.

Fixtures cover the rules end to end; these pin down the decisions that are
easy to get subtly wrong: which claim names are secrets, how durations and
units are read, configurable thresholds, and the opt-in JWT404.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import libcst as cst
import pytest

from jwtlint.config import Config, ConfigError, parse_table
from jwtlint.engine import Settings, analyze_source
from jwtlint.semantics.durations import describe, seconds_of, unit_in_name
from jwtlint.semantics.evaluate import Evaluator
from jwtlint.semantics.lifetimes import lifetime_setting
from jwtlint.semantics.prepass import module_scope
from jwtlint.semantics.project import Project
from jwtlint.semantics.sensitive_claims import sensitive_claim
from jwtlint.semantics.values import Const, ObjectDump, TimeOffset


def findings(source: str, tmp_path: Path, config: Config | None = None) -> list[tuple[int, str]]:
    path = tmp_path / "module.py"
    path.write_text(source, encoding="utf-8")
    config = config or Config(root=tmp_path, select=("ALL", "JWT404"))
    result = analyze_source(source.encode(), "module.py", Settings(config), real_path=str(path))
    assert result.internal_error is None, result.internal_error
    return [(f.span.line, f.code) for f in result.findings if f.code[:4] in ("JWT4", "JWT5")]


def evaluate(source: str, expression: str, tmp_path: Path):
    module = cst.parse_module(source)
    project = Project(tmp_path, "")
    scope = module_scope(project, str(tmp_path / "m.py"), module)
    return Evaluator(project, str(tmp_path / "m.py"), scope).evaluate(cst.parse_expression(expression))


# -- which claim names hold secrets ------------------------------------------------------


@pytest.mark.parametrize("name", [
    "password", "user_password", "hashed_password", "hashedPassword", "password_hash", "pwd", "passwd",
    "client_secret", "secret", "api_key", "apiKey", "APIKEY", "private_key", "card_number",
    "creditCardNumber", "credit_card", "cvv", "ssn", "social_security_number", "otp", "totp_secret",
    "mfa_seed", "otp_key", "refresh_token", "access_token", "pin", "recovery_codes",
])
def test_sensitive_claim_names(name):
    assert sensitive_claim(name) is not None


@pytest.mark.parametrize("name", [
    "sub", "jti", "at_hash", "c_hash", "token_type", "sid", "password_changed_at", "password_expired",
    "has_password", "is_secret", "password_length", "public_key", "public_key_id", "api_key_id",
    "secret_question", "card_last4", "pinned", "scope", "roles", "session", "kid",
])
def test_harmless_claim_names(name):
    assert sensitive_claim(name) is None


# -- durations and lifetime names ------------------------------------------------------------


@pytest.mark.parametrize("name,unit", [
    ("ACCESS_TOKEN_EXPIRE_MINUTES", 60), ("REFRESH_TOKEN_EXPIRE_DAYS", 86400), ("TOKEN_TTL_SECONDS", 1),
    ("accessTokenLifetimeHours", 3600), ("JWT_ACCESS_TOKEN_EXPIRES", None), ("EXPIRE_MS", 0.001),
])
def test_unit_in_name(name, unit):
    assert unit_in_name(name) == unit


@pytest.mark.parametrize("name,kind", [
    ("ACCESS_TOKEN_EXPIRE_MINUTES", "access"), ("REFRESH_TOKEN_EXPIRE_DAYS", "refresh"),
    ("JWT_REFRESH_TOKEN_EXPIRES", "refresh"), ("authjwt_access_token_expires", "access"),
    ("SLIDING_TOKEN_REFRESH_LIFETIME", "refresh"), ("JWT_EXPIRATION_DELTA", "access"),
    ("PASSWORD_RESET_TOKEN_EXPIRE_HOURS", None), ("CACHE_TTL", None), ("SESSION_COOKIE_AGE", None),
    ("JWKS_CACHE_TTL", None), ("JWT_DECODE_LEEWAY", None), ("EMAIL_TOKEN_EXPIRE_HOURS", None),
    ("TOKEN_EXPIRE_MINUTES", "access"), ("GITHUB_TOKEN_EXPIRY", None), ("API_TOKEN_TTL", None),
])
def test_lifetime_setting_names(name, kind):
    use = lifetime_setting(name)
    assert (use.value if use is not None else None) == kind


def test_seconds_of_needs_a_unit_for_plain_numbers():
    assert seconds_of(Const(value=datetime.timedelta(hours=2))) == 7200
    assert seconds_of(Const(value=90)) is None
    assert seconds_of(Const(value=90), unit=60) == 5400
    assert seconds_of(Const(value=True), unit=1) is None
    assert seconds_of(TimeOffset(seconds=30.0)) == 30


@pytest.mark.parametrize("seconds,text", [
    (3600, "1 hour"), (691200, "8 days"), (604800, "1 week"), (7776000, "90 days"), (90, "1.5 minutes"),
    (45, "45 seconds"),
])
def test_describe(seconds, text):
    assert describe(seconds) == text


# -- the semantics extensions ------------------------------------------------------------------


@pytest.mark.parametrize("expression,seconds", [
    ("datetime.utcnow() + timedelta(days=30)", 30 * 86400),
    ("timedelta(minutes=5) + datetime.now(timezone.utc)", 300),
    ("int(time.time()) + 3600", 3600),
    ("int((datetime.utcnow() + timedelta(hours=2)).timestamp())", 7200),
    ("NOW + timedelta(hours=1) - timedelta(minutes=30)", 1800),
])
def test_clock_offsets(expression, seconds, tmp_path):
    source = ("import time\nfrom datetime import datetime, timedelta, timezone\n"
              "NOW = datetime.now(timezone.utc)\n")
    value = evaluate(source, expression, tmp_path)
    assert isinstance(value, TimeOffset) and value.seconds == seconds


@pytest.mark.parametrize("expression,days", [
    ("relativedelta(months=6)", 6 * 28),
    ("relativedelta(years=1, days=2)", 367),
    ("relativedelta(months=14)", 365 + 2 * 28),
    ("rd.relativedelta(weeks=2, hours=12)", 14.5),
])
def test_relativedelta_is_its_shortest_span(expression, days, tmp_path):
    source = "from dateutil import relativedelta as rd\nfrom dateutil.relativedelta import relativedelta\n"
    value = evaluate(source, expression, tmp_path)
    assert isinstance(value, Const) and value.value == datetime.timedelta(days=days)


@pytest.mark.parametrize("expression", [
    "relativedelta(day=31)", "relativedelta(today, joined)", "relativedelta(months=1.5)", "relativedelta()",
    "relativedelta(months=n)",
])
def test_relativedelta_that_is_not_a_duration(expression, tmp_path):
    value = evaluate("from dateutil.relativedelta import relativedelta\n", expression, tmp_path)
    assert seconds_of(value, unit=1) is None


def test_offset_remembers_the_setting_it_came_through(tmp_path):
    source = "from datetime import datetime, timedelta\nMINUTES = 60\nEXPIRE = timedelta(minutes=MINUTES)\n"
    value = evaluate(source, "datetime.utcnow() + EXPIRE", tmp_path)
    assert isinstance(value, TimeOffset) and value.via == "MINUTES"


@pytest.mark.parametrize("expression,dump", [
    ("user.__dict__", True), ("vars(request.user)", True), ("asdict(user)", True),
    ("db_user.model_dump()", True), ("UserSerializer(user).data", True), ("serializer.data", True),
    ("self.__dict__", False), ("vars(claims)", False), ("payload.model_dump()", False),
    ("TokenClaims(sub=1).dict()", False), ("request.data", False), ("settings.dict()", False),
])
def test_object_dumps(expression, dump, tmp_path):
    value = evaluate("from dataclasses import asdict\n", expression, tmp_path)
    assert isinstance(value, ObjectDump) is dump


# -- rules: options, opt-in, decisions -------------------------------------------------------------


LONG_TOKEN = ("import jwt\nfrom datetime import datetime, timedelta\n"
              "def issue(k):\n"
              "    return jwt.encode({'sub': '1', 'exp': datetime.utcnow() + timedelta(hours=8)}, k, 'HS256')\n")


def test_lifetime_threshold_is_configurable(tmp_path):
    assert (4, "JWT503") in findings(LONG_TOKEN, tmp_path)
    config = parse_table({"select": ["ALL"], "lifetime": {"max-access-token-seconds": 86400}},
                         tmp_path / "pyproject.toml")
    assert findings(LONG_TOKEN, tmp_path, config) == []


def test_leeway_threshold_is_configurable(tmp_path):
    source = "import jwt\njwt.decode(t, k, algorithms=['HS256'], leeway=600)\n"
    assert (2, "JWT504") in findings(source, tmp_path)
    config = parse_table({"lifetime": {"max-leeway-seconds": 900}}, tmp_path / "pyproject.toml")
    assert (2, "JWT504") not in findings(source, tmp_path, config)


def test_threshold_options_are_validated(tmp_path):
    with pytest.raises(ConfigError, match="max-access-token-seconds' must be an integer"):
        parse_table({"lifetime": {"max-access-token-seconds": "1h"}}, tmp_path / "pyproject.toml")
    with pytest.raises(ConfigError, match="unknown key 'tool.jwtlint.lifetime.max-access'"):
        parse_table({"lifetime": {"max-access": 10}}, tmp_path / "pyproject.toml")


def test_required_claims_rule_is_opt_in(tmp_path):
    source = "import jwt\njwt.decode(t, k, algorithms=['HS256'])\n"
    assert (2, "JWT404") in findings(source, tmp_path)
    assert findings(source, tmp_path, Config(root=tmp_path, select=("JWT",))) == []
    assert findings(source, tmp_path, Config(root=tmp_path, select=("JWT4",))) == []
    # ALL means every rule, opt-in ones included (README, Configuration).
    assert (2, "JWT404") in findings(source, tmp_path, Config(root=tmp_path, select=("ALL",)))


def test_unitless_lifetime_setting_is_read_as_seconds_with_lower_confidence(tmp_path):
    source = "JWT_TOKEN_EXPIRATION = 86400\n"
    path = tmp_path / "settings.py"
    path.write_text(source)
    result = analyze_source(source.encode(), "settings.py", Settings(Config(root=tmp_path, select=("ALL",))),
                            real_path=str(path))
    [finding] = [f for f in result.findings if f.code == "JWT503"]
    assert finding.confidence == "medium" and "1 day" in finding.message


def test_named_lifetime_setting_is_reported_at_its_definition_only(tmp_path):
    source = ("import jwt\nfrom datetime import datetime, timedelta\n"
              "ACCESS_TOKEN_EXPIRE_MINUTES = 600\n"
              "def issue(k):\n"
              "    exp = datetime.utcnow() + timedelta(minutes=ACCESS_TOKEN_EXPIRE_MINUTES)\n"
              "    return jwt.encode({'sub': '1', 'exp': exp}, k, 'HS256')\n")
    assert findings(source, tmp_path) == [(3, "JWT503")]


def test_expired_token_read_for_logout_is_low(tmp_path):
    source = ("import jwt\n"
              "def logout(t, k):\n"
              "    return jwt.decode(t, k, algorithms=['HS256'], options={'verify_exp': False})\n"
              "def profile(t, k):\n"
              "    return jwt.decode(t, k, algorithms=['HS256'], options={'verify_exp': False})\n")
    path = tmp_path / "views.py"
    path.write_text(source)
    result = analyze_source(source.encode(), "views.py", Settings(Config(root=tmp_path, select=("JWT502",))),
                            real_path=str(path))
    assert [(f.span.line, f.severity.value) for f in result.findings] == [(3, "low"), (5, "high")]


def test_sensitive_payload_through_a_wrapper_is_reported_at_the_call(tmp_path):
    source = ("import jwt\nfrom datetime import datetime, timedelta\n"
              "def make(claims, k):\n"
              "    return jwt.encode(claims, k, 'HS256')\n"
              "def login(user, k):\n"
              "    exp = datetime.utcnow() + timedelta(minutes=5)\n"
              "    return make({'sub': user.id, 'password': user.password, 'exp': exp}, k)\n")
    assert findings(source, tmp_path) == [(7, "JWT401")]


def test_settings_only_module_passes_the_prefilter():
    settings = Settings(Config(select=("ALL",)))
    assert settings.prefilter.wants(b"ACCESS_TOKEN_EXPIRE_MINUTES = 60 * 24 * 8\n")
    assert settings.prefilter.wants(b"REFRESH_TOKEN_LIFETIME = timedelta(days=365)\n")


def test_expiry_checked_by_a_helper_is_low(tmp_path):
    from jwtlint.config import Config
    from jwtlint.engine import Settings, analyze_source

    source = (tmp_path / "m.py")
    text = ("import jwt\n"
            "def f(t, k):\n"
            "    data = jwt.decode(t, k, algorithms=['HS256'], options={'verify_exp': False})\n"
            "    check_expiry(data)\n"
            "    return data\n"
            "def g(t, k):\n"
            "    data = jwt.decode(t, k, algorithms=['HS256'], options={'verify_exp': False})\n"
            "    check_expiry(t)\n"
            "    return data\n")
    source.write_text(text)
    result = analyze_source(text.encode(), "m.py", Settings(Config(root=tmp_path, select=("JWT502",))),
                            real_path=str(source))
    assert [(f.line, f.severity.value) for f in result.findings] == [(3, "low"), (7, "high")]
