"""Test code is not reported unless asked for; example and docs code is reported one severity lower.

Test keys and tokens built to test rejection are expected in tests, so by default
(as semgrep and GitHub code scanning do) a finding there is noise. Test modules
are still read when application code imports constants from them.
"""

from __future__ import annotations

import io
import json

import pytest

from jwtlint.cli import main
from jwtlint.config import Config, parse_table

KEY = "Zq8Wn3Lx6Tv1Rb9Kc4Hm7Js2Dg5Fy0Pa"
SIGN = f'import jwt\n\njwt.encode({{"sub": 1}}, "{KEY}", algorithm="HS256")\n'


def findings(*argv: str) -> list[tuple[str, str, str]]:
    out = io.StringIO()
    main(["check", "--format", "json", "--no-cache", "--select", "JWT301", *argv], stdout=out, stderr=io.StringIO())
    return sorted((item["path"], item["code"], item["severity"]) for item in json.loads(out.getvalue())["findings"])


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("app/tokens.py", "tests/test_tokens.py", "app/tokens_test.py", "test_login.py",
                 "conftest.py", "app/tests/helpers.py", "examples/quickstart.py", "docs/howto.py"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(SIGN)
    return tmp_path


def test_test_code_is_not_reported_by_default_but_examples_are_one_step_lower(project):
    assert findings(".") == [("app/tokens.py", "JWT301", "high"), ("docs/howto.py", "JWT301", "medium"),
                             ("examples/quickstart.py", "JWT301", "medium")]


def test_a_test_file_named_on_the_command_line_is_not_reported_either(project):
    assert findings("tests/test_tokens.py", "conftest.py") == []


def test_include_tests_reports_test_code_one_severity_lower(project):
    every = [("app/tests/helpers.py", "JWT301", "medium"), ("app/tokens.py", "JWT301", "high"),
             ("app/tokens_test.py", "JWT301", "medium"), ("conftest.py", "JWT301", "medium"),
             ("docs/howto.py", "JWT301", "medium"), ("examples/quickstart.py", "JWT301", "medium"),
             ("test_login.py", "JWT301", "medium"), ("tests/test_tokens.py", "JWT301", "medium")]
    assert findings("--include-tests", ".") == every
    (project / "pyproject.toml").write_text("[tool.jwtlint]\ninclude-tests = true\n")
    assert findings(".") == every


def test_configured_test_paths_and_example_paths_replace_the_defaults(project):
    (project / "pyproject.toml").write_text(
        '[tool.jwtlint]\ntest-paths = ["app/*"]\nexample-paths = ["tests/*"]\nlower-severity-in-tests = true\n')
    reported = findings(".")
    assert ("tests/test_tokens.py", "JWT301", "medium") in reported
    assert not any(path.startswith("app/") for path, _, _ in reported)
    assert ("conftest.py", "JWT301", "high") in reported  # no longer a test path


def test_lower_severity_off_keeps_included_test_findings_at_full_severity(project):
    (project / "pyproject.toml").write_text("[tool.jwtlint]\ninclude-tests = true\nlower-severity-in-tests = false\n")
    assert {severity for _, _, severity in findings(".")} == {"high"}


def test_standard_input_named_as_a_test_file_is_not_reported(project):
    out = io.StringIO()
    stdin = io.StringIO()
    stdin.buffer = io.BytesIO(SIGN.encode())  # type: ignore[misc]
    code = main(["check", "-", "--stdin-filename", "tests/test_x.py"], stdin=stdin, stdout=out, stderr=io.StringIO())
    assert (code, out.getvalue()) == (0, "No findings.\n")


def test_test_modules_are_still_read_for_constants_application_code_imports(project):
    (project / "tests" / "__init__.py").write_text("")
    (project / "tests" / "keys.py").write_text(f'SIGNING_KEY = "{KEY}"\n')
    (project / "app" / "tokens.py").write_text(
        'import jwt\n\nfrom tests.keys import SIGNING_KEY\n\n'
        'jwt.encode({"sub": 1}, SIGNING_KEY, algorithm="HS256")\n')
    assert ("app/tokens.py", "JWT301", "high") in findings(".")


def test_include_tests_and_example_paths_are_validated(tmp_path):
    with pytest.raises(Exception, match="include-tests"):
        parse_table({"include-tests": "yes"}, tmp_path / "pyproject.toml")
    with pytest.raises(Exception, match="example-paths"):
        parse_table({"example-paths": "docs/*"}, tmp_path / "pyproject.toml")
    assert Config().include_tests is False


def test_the_test_code_fixtures_are_real_findings_when_tests_are_included(monkeypatch):
    from expectations import FIXTURES

    monkeypatch.chdir(FIXTURES / "code_scopes")
    default = {path for path, _, _ in findings(".")}
    included = {path for path, _, _ in findings("--include-tests", "--select", "JWT", ".")}
    assert default == {"examples/quickstart.py"}
    assert included == {"examples/quickstart.py", "tests/test_rejection.py", "conftest.py", "app/keys_test.py"}
