"""Value tracking the verification and algorithm rules rely on, and allow-list reading."""

from __future__ import annotations

import pytest

from jwtlint import apis
from jwtlint.config import Config
from jwtlint.engine import Settings, analyze_source
from jwtlint.semantics.allowlists import allow_list, family
from jwtlint.semantics.values import CallResult, Const, Derived, SeqValue


def findings(source: str, tmp_path) -> list[tuple[int, str, str]]:
    path = tmp_path / "module.py"
    path.write_text(source, encoding="utf-8")
    settings = Settings(Config(root=tmp_path, select=("JWT1", "JWT2")))
    result = analyze_source(source.encode(), "module.py", settings, real_path=str(path))
    assert result.internal_error is None, result.internal_error
    return [(f.line, f.code, f.severity.value) for f in result.findings]


def test_tuple_unpacking_keeps_the_origin_of_a_library_result(tmp_path):
    source = ("import python_jwt\n\ndef f(t):\n    header, claims = python_jwt.process_jwt(t)\n"
              "    return claims['sub']\n")
    assert (4, "JWT102", "high") in findings(source, tmp_path)


def test_literal_tuple_unpacking_gives_each_name_its_item(tmp_path):
    source = "import jwt\nopts, algs = {'verify_signature': False}, ['HS256']\njwt.decode(t, k, algs, opts)\n"
    assert [code for _, code, _ in findings(source, tmp_path)] == ["JWT101"]


@pytest.mark.parametrize("expr", ["ALGORITHMS.SUPPORTED", "ALGORITHMS.ALL", "[ALGORITHMS.HS256, ALGORITHMS.RS256]"])
def test_python_jose_algorithm_constants(expr, tmp_path):
    source = f"from jose import jwt\nfrom jose.constants import ALGORITHMS\njwt.decode(t, k, algorithms={expr})\n"
    assert [code for _, code, _ in findings(source, tmp_path)] == ["JWT204"]


@pytest.mark.parametrize("expr", ["list(get_default_algorithms())", "get_default_algorithms().keys()",
                                  "sorted(get_default_algorithms())"])
def test_default_algorithm_set_through_conversions(expr, tmp_path):
    source = f"import jwt\nfrom jwt.algorithms import get_default_algorithms\njwt.decode(t, k, algorithms={expr})\n"
    assert [code for _, code, _ in findings(source, tmp_path)] == ["JWT204"]


def test_same_constant_in_two_decodes_is_reported_twice_but_a_partial_once(tmp_path):
    source = ("import functools, jwt\nMIXED = ['HS256', 'RS256']\n"
              "jwt.decode(a, k, algorithms=MIXED)\njwt.decode(b, k, algorithms=MIXED)\n"
              "d = functools.partial(jwt.decode, algorithms=MIXED)\nd(c, k)\n")
    assert [line for line, code, _ in findings(source, tmp_path) if code == "JWT204"] == [3, 4, 5]


def test_peek_then_verify_needs_the_same_token(tmp_path):
    source = ("import jwt\n\ndef f(t, other, keys):\n    tenant = jwt.get_unverified_header(t)['tenant']\n"
              "    return jwt.decode(other, keys[tenant], algorithms=['RS256'])\n")
    assert (4, "JWT102", "high") in findings(source, tmp_path)


def test_verification_before_the_read_does_not_excuse_it(tmp_path):
    source = ("from jose import jwt\n\ndef f(t, k):\n    try:\n        return jwt.decode(t, k, algorithms=['HS256'])\n"
              "    except jwt.JWTError:\n        claims = jwt.get_unverified_claims(t)\n"
              "    return claims['sub']\n")
    assert (7, "JWT102", "high") in findings(source, tmp_path)


def test_exact_string_allow_list_is_low_and_substrings_medium(tmp_path):
    source = "import jwt\njwt.decode(t, k, algorithms='HS256')\njwt.decode(t, k, algorithms='ES256K')\n"
    assert [(line, sev) for line, code, sev in findings(source, tmp_path) if code == "JWT205"] == \
        [(2, "low"), (3, "medium")]


def test_allow_list_reading():
    decode = apis.lookup("jose.jwt.decode")[0]
    joserfc = apis.lookup("joserfc.jwt.decode")[0]
    assert allow_list(Const(value="HS256,RS256"), decode).mixes_families()
    assert allow_list(Const(value="HS256,RS256"), joserfc).names == ("HS256,RS256",)
    partial = allow_list(SeqValue(items=(Const(value="RS256"), Derived(base=CallResult(), key="alg"))), decode)
    assert partial.names == ("RS256",) and not partial.complete
    assert allow_list(Derived(key="alg"), decode) is None
    assert [family(n) for n in ("HS512", "PS256", "EdDSA", "none", "dir")] == \
        ["symmetric", "asymmetric", "asymmetric", "none", ""]


def _unverified_findings(source: str, tmp_path, *, ignore: tuple[str, ...] = ()):
    path = tmp_path / "module.py"
    path.write_text(source, encoding="utf-8")
    settings = Settings(Config(root=tmp_path, select=("JWT1",), ignore=ignore))
    result = analyze_source(source.encode(), "module.py", settings, real_path=str(path))
    assert result.internal_error is None, result.internal_error
    return [(f.line, f.code, f.message) for f in result.findings]


def test_unverified_contents_are_reported_once_at_the_read_naming_the_first_use(tmp_path):
    source = ("from jose import jwt\n\ndef f(t):\n    claims = jwt.get_unverified_claims(t)\n"
              "    if claims['role'] == 'admin':\n        return claims.get('sub')\n")
    [(line, code, message)] = _unverified_findings(source, tmp_path)
    assert (line, code) == (4, "JWT102")
    assert "from jose.jwt.get_unverified_claims(), used at line 5 to read 'role'" in message


def test_unverified_contents_stored_on_an_object_name_the_store(tmp_path):
    source = ("from jose import jwt\nfrom flask import g\n\ndef f(t):\n"
              "    claims = jwt.get_unverified_claims(t)\n    g.user = claims\n")
    [(line, code, message)] = _unverified_findings(source, tmp_path)
    assert (line, code) == (5, "JWT102")
    assert "used at line 6 to set `g.user`" in message


def test_a_decode_with_verification_off_whose_result_is_used_is_jwt101_only(tmp_path):
    source = ("import jwt\n\ndef f(t):\n    claims = jwt.decode(t, options={'verify_signature': False})\n"
              "    return claims['sub']\n")
    assert [(line, code) for line, code, _ in _unverified_findings(source, tmp_path)] == [(4, "JWT101")]
    # Precedence among the enabled rules only: without JWT101, the decode is JWT102's read.
    [(line, code, message)] = _unverified_findings(source, tmp_path, ignore=("JWT101",))
    assert (line, code) == (4, "JWT102")
    assert "used at line 5 to read 'sub'" in message
