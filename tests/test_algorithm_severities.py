"""Severities the fixtures cannot express: the same algorithm finding weighs differently per library."""

from __future__ import annotations

import io
import json

import pytest

from jwtlint.cli import main


def findings(tmp_path, monkeypatch, source: str) -> list[tuple[str, str, int]]:
    (tmp_path / "module.py").write_text(source)
    monkeypatch.chdir(tmp_path)
    stdout, stderr = io.StringIO(), io.StringIO()
    main(["check", "--no-cache", "--select", "JWT2", "--format", "json", "module.py"], stdout=stdout, stderr=stderr)
    assert stderr.getvalue() == ""
    return [(f["code"], f["severity"], f["line"]) for f in json.loads(stdout.getvalue())["findings"]]


@pytest.mark.parametrize("source,expected", [
    ('import jwt\n'
     'def claims(t, k):\n'
     '    return jwt.decode(t, k, algorithms=[jwt.get_unverified_header(t)["alg"]])\n',
     [("JWT202", "critical", 3)]),
    ('from jwkest.jws import JWS\nfrom jwkest.jwt import JWT\n'
     'def claims(t, keys):\n'
     '    return JWS().verify_compact(t, keys, sigalg=JWT().unpack(t).headers["alg"])\n',
     [("JWT202", "low", 4)]),
], ids=["pyjwt-raw-key", "pyjwkest-typed-keys"])
def test_algorithms_from_the_token_are_low_where_typed_keys_fix_the_family(tmp_path, monkeypatch, source, expected):
    assert findings(tmp_path, monkeypatch, source) == expected


def test_pyjwkest_allow_none_is_critical(tmp_path, monkeypatch):
    source = 'from jwkest.jws import factory\ndef claims(t, keys):\n    return factory(t).verify_compact(t, keys, True)\n'
    assert findings(tmp_path, monkeypatch, source) == [("JWT203", "critical", 3)]
