"""Name resolution and value tracking, checked through the API calls the engine resolves."""

from __future__ import annotations

import subprocess
import sys

import pytest

from jwtlint.config import Config
from jwtlint.engine import Settings, analyze_source
from jwtlint.rules.base import Rule
from jwtlint.semantics.project import _major_from_pins
from jwtlint.semantics.values import Const, DictValue


class _Recorder(Rule):
    code = "JWT999"
    name = "recorder"
    category = "verification"
    seen: list = []

    def on_call(self, call, ctx):
        _Recorder.seen.append(call)


def resolved(source: str, tmp_path) -> list:
    _Recorder.seen = []
    settings = Settings(Config(root=tmp_path))
    settings.rule_classes = [_Recorder]
    path = tmp_path / "module.py"
    path.write_text(source)
    result = analyze_source(source.encode(), "module.py", settings, real_path=str(path))
    assert result.internal_error is None, result.internal_error
    return list(_Recorder.seen)


@pytest.mark.parametrize("source,name", [
    ("import jwt\njwt.decode(t)\n", "jwt.decode"),
    ("import jwt as pyjwt\npyjwt.decode(t)\n", "jwt.decode"),
    ("from jwt import decode as d\nd(t)\n", "jwt.decode"),
    ("from jose import jwt\njwt.decode(t, k)\n", "jose.jwt.decode"),
    ("import jose.jwt\njose.jwt.decode(t, k)\n", "jose.jwt.decode"),
    ("import python_jwt as jwt\njwt.verify_jwt(t, k, ['PS256'])\n", "python_jwt.verify_jwt"),
    ("import jwt\njwt.PyJWT().decode(t)\n", "jwt.decode"),
    ("import jwt\nclient = jwt.PyJWT()\nclient.decode(t)\n", "jwt.decode"),
    ("import jwt\njwt.api_jwt.decode(t)\n", "jwt.decode"),
    ("from jwt import api_jwt\napi_jwt.decode(t)\n", "jwt.decode"),
    ("from google.auth import jwt\njwt.decode(t, certs)\n", "google.auth.jwt.decode"),
    ("from jwt import JWT\nJWT().decode(m, k)\n", "jwt.JWT.decode"),
    ("from authlib.jose import JsonWebToken\nJsonWebToken(['RS256']).decode(s, k)\n",
     "authlib.jose.JsonWebToken.decode"),
])
def test_import_forms_resolve(source, name, tmp_path):
    calls = [call for call in resolved(source, tmp_path) if call.api.kind != "instance"]
    assert [call.api.name for call in calls] == [name]


@pytest.mark.parametrize("source", [
    "def f(jwt):\n    jwt.decode(t)\n",
    "import jwt\ndef f():\n    jwt = load()\n    jwt.decode('utf-8')\n",
    "import jwt\nfor jwt in tokens:\n    jwt.decode('utf-8')\n",
    "token = b'x'\ntoken.decode('utf-8')\n",
])
def test_shadowed_names_are_not_the_library(source, tmp_path):
    assert resolved(source, tmp_path) == []


def test_options_through_steps(tmp_path):
    source = ("import jwt\nBASE = {'verify_aud': False}\n"
              "def f(t):\n"
              "    opts = {**BASE, 'verify_exp': True}\n"
              "    opts['verify_iat'] = False\n"
              "    opts.update(verify_nbf=False)\n"
              "    opts.update({'verify_sub': False})\n"
              "    return jwt.decode(t, 'k', algorithms=['HS256'], options=opts)\n")
    (call,) = resolved(source, tmp_path)
    options = call.options()
    assert isinstance(options, DictValue) and options.complete
    assert {key: options.get(key).value for key in options.keys()} == {
        "verify_aud": False, "verify_exp": True, "verify_iat": False, "verify_nbf": False, "verify_sub": False}


def test_module_constant_defined_after_the_function(tmp_path):
    source = "import jwt\ndef f(t):\n    return jwt.decode(t, KEY, algorithms=['HS256'])\nKEY = 'abc' + 'def'\n"
    (call,) = resolved(source, tmp_path)
    key = call.value("key")
    assert isinstance(key, Const) and key.value == "abcdef" and key.via == "KEY"


def test_constant_imported_from_a_project_module(tmp_path):
    (tmp_path / "settings.py").write_text("JWT_OPTIONS = {'verify_signature': False}\n")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "conf.py").write_text("ALGORITHMS = ['RS256']\n")
    source = ("import jwt\nfrom settings import JWT_OPTIONS\nfrom pkg.conf import ALGORITHMS\n"
              "jwt.decode(t, k, algorithms=ALGORITHMS, options=JWT_OPTIONS)\n")
    (call,) = resolved(source, tmp_path)
    assert call.options().get("verify_signature").value is False
    assert call.value("algorithms").constants() == ["RS256"]


def test_pyjwt1_positional_flag_picks_the_1x_row(tmp_path):
    (call,) = resolved("import jwt\njwt.decode(t, k, False)\n", tmp_path)
    assert call.api.major == "1" and call.value("verify").value is False
    (call,) = resolved("import jwt\njwt.decode(t, k, ['HS256'])\n", tmp_path)
    assert call.api.major == "2" and call.value("algorithms").constants() == ["HS256"]


def test_pinned_pyjwt_version_picks_the_row(tmp_path):
    (tmp_path / "requirements.txt").write_text("pyjwt<2\n")
    (call,) = resolved("import jwt\njwt.decode(t, k, algorithms=['HS256'])\n", tmp_path)
    assert call.api.major == "1"


def test_python_dash_m_runs_the_cli():
    done = subprocess.run([sys.executable, "-m", "jwtlint", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("jwtlint ")


def test_entries_set_under_a_parameter_condition_resolve_at_call_sites(tmp_path):
    """``if allow_expired: options["verify_exp"] = False`` is a finding only where allow_expired=True is passed."""
    from jwtlint.engine import Settings as RealSettings

    source = ("import jwt\n"
              "def decode(token, allow_expired=False):\n"
              "    options = {'verify_aud': True}\n"
              "    if allow_expired:\n"
              "        options['verify_exp'] = False\n"
              "    else:\n"
              "        options['verify_iat'] = True\n"
              "    return jwt.decode(token, 'k' * 40, algorithms=['HS256'], options=options)\n"
              "a = decode(t)\n"
              "b = decode(t, allow_expired=True)\n")
    path = tmp_path / "module.py"
    path.write_text(source)
    settings = RealSettings(Config(root=tmp_path, select=("JWT502",)))
    result = analyze_source(source.encode(), "module.py", settings, real_path=str(path))
    assert [(f.code, f.line) for f in result.findings] == [("JWT502", 10)]


def test_a_copied_parameter_becomes_whole_at_the_call_site(tmp_path):
    """``to_encode = data.copy(); to_encode.update(exp=...)`` keeps ``data`` as a spread, resolved per call."""
    from jwtlint.semantics.values import Param, substitute

    source = ("import jwt\n"
              "def issue(data):\n"
              "    to_encode = data.copy()\n"
              "    to_encode.update({'exp': 1})\n"
              "    return jwt.encode(to_encode, 'k', algorithm='HS256')\n")
    (call,) = resolved(source, tmp_path)
    payload = call.value("payload")
    assert isinstance(payload, DictValue) and not payload.complete
    assert isinstance(payload.spread, Param) and payload.keys() == ["exp"]
    whole = substitute(payload, {"data": DictValue(entries=(("sub", Const(value="1")),))})
    assert whole.complete and whole.keys() == ["sub", "exp"]
    assert not substitute(payload, {}).complete


@pytest.mark.parametrize(("pins", "major"), [
    (b"PyJWT>=1.4.0,<2.0.0\n", "1"),
    (b'install_requires = ["PyJWT>=1.5.2, <2.0.0", "requests"]', "1"),
    (b'pyjwt = ">=1.5,<2"', "1"),
    (b"PyJWT<3,>=2.4\n", "2"),
    (b"pyjwt>=1.7\n", ""),
    (b'install_requires=["PyJWT>=1.4", "requests<2.0"]', ""),
    (b"PyJWT==1.7.1\n", "1"),
])
def test_pyjwt_major_reads_every_specifier_of_the_requirement(pins: bytes, major: str) -> None:
    assert _major_from_pins(pins) == major


@pytest.mark.parametrize("pins", [b"PyJWT[crypto]>=1.5.2,<3.0.0\n", b"PyJWT<=2.0\n", b"pyjwt>=1.7,<2.1\n"])
def test_a_range_over_both_majors_leaves_the_version_unknown(pins: bytes) -> None:
    assert _major_from_pins(pins) == ""
