"""Engine behaviour that fixtures cannot show: parallel runs, the API table's truthfulness."""

from __future__ import annotations

import inspect

import jwt as pyjwt
import pytest

from jwtlint import apis
from jwtlint.config import Config
from jwtlint.engine import Settings, check_paths
from jwtlint.engine.runner import POOL_THRESHOLD

INSECURE = 'import jwt\n\ndef f(t):\n    return jwt.decode(t, options={"verify_signature": False})\n'


def test_process_pool_gives_the_same_findings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for index in range(POOL_THRESHOLD + 6):
        (tmp_path / f"m{index:03}.py").write_text(INSECURE if index % 3 else "import jwt\n")
    settings = Settings(Config(root=tmp_path))
    serial = check_paths(["."], settings, jobs=1)
    parallel = check_paths(["."], settings, jobs=2)
    assert serial.findings == parallel.findings
    assert len(serial.findings) == sum(1 for index in range(POOL_THRESHOLD + 6) if index % 3)


def test_one_crashing_file_does_not_stop_the_scan(tmp_path, monkeypatch):
    from jwtlint.rules import verification

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.py").write_text(INSECURE)
    (tmp_path / "b.py").write_text(INSECURE.replace("def f", "def boom"))
    original = verification.SignatureVerificationDisabled.on_call

    def flaky(self, call, ctx):
        if ctx.path == "b.py":
            raise RuntimeError("rule bug")
        return original(self, call, ctx)

    monkeypatch.setattr(verification.SignatureVerificationDisabled, "on_call", flaky)
    report = check_paths(["."], Settings(Config(root=tmp_path)), jobs=1)
    assert [f.path for f in report.findings] == ["a.py"]
    assert [path for path, _ in report.internal_errors] == ["b.py"]
    assert "rule bug" in report.internal_errors[0][1]


def _positional(function) -> tuple[str, ...]:
    return tuple(name for name, p in inspect.signature(function).parameters.items()
                 if name != "self" and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))


@pytest.mark.parametrize("name,function", [
    ("jwt.decode", pyjwt.decode),
    ("jwt.decode_complete", pyjwt.decode_complete),
    ("jwt.encode", pyjwt.encode),
    ("jwt.get_unverified_header", pyjwt.get_unverified_header),
    ("jwt.PyJWS.decode", pyjwt.PyJWS.decode),
])
def test_pyjwt2_rows_match_the_installed_library(name, function):
    """The table's positional order for PyJWT 2 is the real one (index 2 of decode is algorithms)."""
    row = next(api for api in apis.lookup(name) if api.major in ("", "2"))
    real = _positional(function)
    assert row.params[:len(real)] == real[:len(row.params)]


def test_every_alias_resolves_to_rows_of_one_library():
    for api in apis.all_apis():
        for name in (api.name, *api.aliases):
            assert {row.library for row in apis.lookup(name)} == {api.library}, name


def test_per_file_facts_are_one_object_per_kind_and_file():
    from jwtlint.engine.context import Context

    class Seen:
        def __init__(self) -> None:
            self.names: list[str] = []

    first = Context(path="a.py", evaluator=None, project=None)  # type: ignore[arg-type]
    first.per_file(Seen).names.append("x")
    assert first.per_file(Seen).names == ["x"]
    assert first.per_file(Seen, lambda: Seen()) is first.per_file(Seen)
    second = Context(path="b.py", evaluator=None, project=None)  # type: ignore[arg-type]
    assert second.per_file(Seen).names == []
