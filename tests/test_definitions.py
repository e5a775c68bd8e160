"""A key defined in one place and used at several sinks: every sink reported, the definition named,
carried by JSON and SARIF, suppressed once where it is written, and never shown whole."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from jwtlint.cli import main
from jwtlint.engine.result import FileResult

SARIF_SCHEMA = Path(__file__).resolve().parent / "schemas" / "sarif-schema-2.1.0.json"
SECRET = "Vr5Tn8Qw2Lz6Kb1Hx9Mc3Jd7Fs4Gy0PaQe"
LOCAL = "Tz4Kq9Wm2Lx7Vb1Rn6Hd3Js8Fc5Gy0PeNa"
VIEWS = f'''import jwt
from .settings import SIGNING_SECRET

LOCAL_KEY = "{LOCAL}"


def issue(claims):
    return jwt.encode(claims, SIGNING_SECRET, algorithm="HS256")


def verify(token):
    return jwt.decode(token, SIGNING_SECRET, algorithms=["HS256"])


def verify_local(token):
    return jwt.decode(token, LOCAL_KEY, algorithms=["HS256"])
'''


@pytest.fixture
def project(tmp_path, monkeypatch):
    package = tmp_path / "app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "settings.py").write_text(f'"""Settings."""\n\nSIGNING_SECRET = "{SECRET}"\n')
    (package / "views.py").write_text(VIEWS)
    monkeypatch.chdir(tmp_path)
    return package


def check(*args: str) -> tuple[int, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(["check", "--select", "JWT3,JWT002", *args], stdout=stdout, stderr=stderr)
    assert stderr.getvalue() == ""
    return code, stdout.getvalue()


def json_findings(*args: str) -> list[dict]:
    return json.loads(check("--format", "json", *args)[1])["findings"]


def test_every_sink_of_a_constant_is_reported_naming_its_definition(project):
    found = [(f["path"], f["line"], f["code"], f["message"]) for f in json_findings(".")]
    assert [(path, line, code) for path, line, code, _ in found] == [
        ("app/views.py", 8, "JWT301"), ("app/views.py", 12, "JWT301"), ("app/views.py", 16, "JWT301")]
    assert "(from SIGNING_SECRET, app/settings.py:3) in jwt.encode()" in found[0][3]
    assert "(from SIGNING_SECRET, app/settings.py:3) in jwt.decode()" in found[1][3]
    assert "(from LOCAL_KEY, line 4) in jwt.decode()" in found[2][3]


def test_json_carries_the_definition_as_an_added_key(project):
    found = json_findings(".")
    assert found[0]["defined_at"] == {"path": "app/settings.py", "line": 3, "column": 18,
                                      "end_line": 3, "end_column": 54}
    assert found[2]["defined_at"]["path"] == "app/views.py" and found[2]["defined_at"]["line"] == 4
    # The contract's keys are still there, unchanged.
    assert {"code", "name", "severity", "path", "line", "column", "end_line", "end_column",
            "message"} <= set(found[0])


def test_sarif_gives_the_definition_as_a_related_location(project):
    sarif = json.loads(check("--format", "sarif", ".")[1])
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    result = sarif["runs"][0]["results"][0]
    [related] = result["relatedLocations"]
    physical = related["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "app/settings.py", "uriBaseId": "%SRCROOT%"}
    assert physical["region"]["startLine"] == 3
    assert result["message"]["text"].find("app/settings.py:3") > 0


@pytest.mark.parametrize("fmt", ["json", "sarif", "full", "concise", "github", "junit"])
def test_no_format_shows_a_defined_secret_whole(project, fmt):
    out = check("--format", fmt, ".")[1]
    assert SECRET not in out and LOCAL not in out


def test_a_suppression_where_the_value_is_written_covers_every_sink(project):
    settings = project / "settings.py"
    settings.write_text(settings.read_text().replace(f'"{SECRET}"', f'"{SECRET}"  # noqa: JWT301'))
    views = project / "views.py"
    views.write_text(views.read_text().replace(f'"{LOCAL}"', f'"{LOCAL}"  # jwtlint: ignore[JWT301]'))
    assert json_findings(".") == []  # nothing left, and no JWT002 for either comment
    results = json.loads(check("--format", "sarif", ".")[1])["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"], "suppressions" in r)
            for r in results] == [("JWT301", 8, True), ("JWT301", 12, True), ("JWT301", 16, True)]


def test_a_suppression_at_a_sink_covers_that_sink_only(project):
    views = project / "views.py"
    views.write_text(views.read_text().replace('algorithm="HS256")', 'algorithm="HS256")  # noqa: JWT301'))
    assert [(f["line"], f["code"]) for f in json_findings(".")] == [(12, "JWT301"), (16, "JWT301")]


def test_a_suppression_at_a_definition_that_hides_nothing_is_reported(project):
    settings = project / "settings.py"
    settings.write_text(settings.read_text().replace(f'"{SECRET}"', f'"{SECRET}"  # noqa: JWT301, JWT305'))
    found = [(f["path"], f["line"], f["code"], f["message"]) for f in json_findings(".")]
    assert ("app/settings.py", 3, "JWT002", "suppression of JWT305 hides nothing on this statement") in found
    assert [code for path, _, code, _ in found if path == "app/views.py"] == ["JWT301"]


def test_a_cached_sink_follows_a_suppression_added_where_the_value_is_written(project, tmp_path):
    cache = str(tmp_path / "cache")
    assert [f["line"] for f in json_findings("--cache-dir", cache, ".")] == [8, 12, 16]
    settings = project / "settings.py"
    settings.write_text(settings.read_text().replace(f'"{SECRET}"', f'"{SECRET}"  # noqa: JWT301'))
    for _ in range(2):  # views.py analysed again, then both files from the cache
        assert [(f["path"], f["line"]) for f in json_findings("--cache-dir", cache, ".")] == [("app/views.py", 16)]


def test_the_definition_survives_the_result_cache_record():
    from jwtlint.findings import Finding, Location, Severity, Span

    span = Span(8, 12, 8, 60)
    finding = Finding(code="JWT301", name="hard-coded-key", severity=Severity.HIGH, path="a.py", span=span,
                      message="m", statement=span, defined_at=Location("a.py", Span(4, 13, 4, 47)))
    restored = FileResult.from_record(FileResult(path="a.py", findings=[finding]).to_record(), "b.py")
    assert restored.findings[0].defined_at == Location("b.py", Span(4, 13, 4, 47))


def test_a_lifetime_from_another_module_is_reported_at_the_mint_naming_its_definition(tmp_path, monkeypatch):
    package = tmp_path / "app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "settings.py").write_text("from datetime import timedelta\n\nACCESS_LIFETIME = timedelta(days=3650)\n")
    (package / "tokens.py").write_text(
        "from datetime import datetime, timezone\nimport jwt\nfrom .settings import ACCESS_LIFETIME\n\n\n"
        "def mint(user, key):\n"
        '    return jwt.encode({"sub": user, "exp": datetime.now(timezone.utc) + ACCESS_LIFETIME}, key, "HS256")\n')
    monkeypatch.chdir(tmp_path)
    stdout = io.StringIO()
    main(["check", "--no-cache", "--select", "JWT503", "--format", "json", "."], stdout=stdout, stderr=io.StringIO())
    found = json.loads(stdout.getvalue())["findings"]
    assert [(f["path"], f["line"]) for f in found] == [("app/tokens.py", 7)]
    assert found[0]["defined_at"]["path"] == "app/settings.py" and found[0]["defined_at"]["line"] == 3
    assert "from ACCESS_LIFETIME, app/settings.py:3" in found[0]["message"]
