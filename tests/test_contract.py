"""The command's contract with its users: selection, secrets on screen, CLI and config errors.

Each test runs ``jwtlint check`` as a user would (``main(argv)``) and asserts what they see.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cli_streams import FakeStdin

from jwtlint.cli import main
from jwtlint.report import FORMATS

SECRET = "s3cr3t-signing-key-do-not-ship"
INSECURE = 'import jwt\n\ndef read(token):\n    return jwt.decode(token, options={"verify_signature": False})\n'


def run(*argv: str, stdin: bytes = b"", stdout=None) -> tuple[int, str, str]:
    out, err = stdout or io.StringIO(), io.StringIO()
    code = main(["check", "--no-cache", *argv], stdin=FakeStdin(stdin), stdout=out, stderr=err)
    return code, out.getvalue() if isinstance(out, io.StringIO) else "", err.getvalue()


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.jwtlint]\n", encoding="utf-8")
    return tmp_path


def write(name: str, text: str | bytes) -> Path:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def codes(out: str) -> list[str]:
    return [line.split()[1] for line in out.splitlines() if line.count(":") >= 3 and " JWT" in line]


def config(text: str) -> None:
    write("pyproject.toml", "[tool.jwtlint]\n" + text)


# -- selection -----------------------------------------------------------------------------------

def test_a_prefix_selection_does_not_hide_files_that_were_not_analysed(project):
    write("broken.py", "import jwt\ndef f(:\n")
    code, out, _ = run("--select", "JWT1", ".")
    assert code == 1 and codes(out) == ["JWT001"]
    config('[tool.jwtlint.per-file-ignores]\n"broken.py" = ["JWT0"]\n')
    assert codes(run(".")[1]) == ["JWT001"]


@pytest.mark.parametrize("argv", [("--ignore", "JWT001"), ("--ignore", "JWT101,JWT001")])
def test_ignoring_only_not_analysed_is_a_usage_error(project, argv):
    write("app.py", INSECURE)
    code, out, err = run(*argv, ".")
    assert code == 2 and out == "" and "cannot be ignored" in err


@pytest.mark.parametrize("argv,fragment", [
    (("--select", "JWT999"), "'JWT999' matches no rule"),
    (("--select", ""), "names no rule code"),
    (("--select", ","), "names no rule code"),
    (("--extend-select", "JWT9"), "'JWT9' matches no rule"),
    (("--ignore", "JWT8"), "'JWT8' matches no rule"),
    (("--select", "JWT3011"), "did you mean JWT301"),
])
def test_a_selector_that_matches_no_rule_is_a_usage_error(project, argv, fragment):
    write("app.py", INSECURE)
    code, out, err = run(*argv, ".")
    assert code == 2 and out == "" and fragment in err


@pytest.mark.parametrize("toml,fragment", [
    ('select = ["JWT999"]\n', "'JWT999' matches no rule"),
    ('extend-select = ["JWT1O1"]\n', "did you mean JWT101"),
    ('ignore = ["JWT9"]\n', "matches no rule"),
    ('ignore = ["JWT001"]\n', "cannot be ignored"),
    ('[tool.jwtlint.per-file-ignores]\n"*.py" = ["JWT999"]\n', "per-file-ignores': 'JWT999' matches no rule"),
    ('select = []\n', "the selection enables no rule"),
    ('select = [""]\n', "an empty selector matches no rule"),
])
def test_a_config_selector_that_matches_no_rule_is_a_usage_error(project, toml, fragment):
    config(toml)
    write("app.py", INSECURE)
    code, out, err = run(".")
    assert code == 2 and out == "" and fragment in err


def test_all_selects_opt_in_rules(project):
    write("app.py", "import jwt\njwt.decode(t, k, algorithms=['HS256'])\n")
    assert "JWT404" not in codes(run(".")[1])
    assert "JWT404" in codes(run("--select", "ALL", ".")[1])
    config('select = ["ALL"]\n')
    assert "JWT404" in codes(run(".")[1])


# -- precedence between rules, after selection -----------------------------------------------------

PLACEHOLDER = 'import jwt\n\ndef issue(claims):\n    return jwt.encode(claims, "secret", algorithm="HS256")\n'
FALLBACK = 'import os\n\nJWT_SECRET = os.getenv("JWT_SECRET", "changeme")\n'
UNSIGNED = 'import python_jwt as pjwt\n\ndef issue(claims):\n    return pjwt.generate_jwt(claims, "", "HS256", lifetime=60)\n'


@pytest.mark.parametrize("source,specific,general", [
    (PLACEHOLDER, "JWT302", ["JWT301", "JWT303"]),
    (FALLBACK, "JWT302", ["JWT304"]),
    (UNSIGNED, "JWT203", ["JWT305"]),
])
def test_a_superseded_finding_appears_when_the_specific_rule_is_off(project, source, specific, general):
    write("app.py", source)
    assert codes(run(".")[1]) == [specific]
    assert codes(run("--ignore", specific, ".")[1]) == general
    config(f'[tool.jwtlint.per-file-ignores]\n"app.py" = ["{specific}"]\n')
    assert codes(run(".")[1]) == general


def test_every_superseded_code_is_a_rule():
    from jwtlint.rules import all_rules, rule_by_code

    declared = [(rule.code, code) for rule in all_rules() for code in rule.supersedes]
    assert ("JWT302", "JWT301") in declared
    assert all(rule_by_code(code) is not None and code != rule for rule, code in declared)


# -- secrets on screen -----------------------------------------------------------------------------

SHARED_LINE = (f'import jwt\n\ndef issue(user):\n'
               f'    return jwt.encode({{"sub": user}}, "{SECRET}", algorithm="HS256")  # noqa: JWT201\n')


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_excerpt_masks_every_secret_of_the_file(project, fmt):
    # JWT002 (the noqa hides nothing) and JWT501 (no expiry) show the line of the JWT301 secret.
    write("app.py", SHARED_LINE)
    code, out, _ = run("--format", fmt, ".")
    assert code == 1 and SECRET not in out
    assert {"JWT002", "JWT501"} <= set(codes(run(".")[1]))


def test_the_underline_follows_the_masked_text(project):
    write("app.py", SHARED_LINE)
    out = run("--format", "full", ".")[1]
    block = next(block for block in out.split("\n\n") if " JWT301 " in block)
    source, caret = [line.split(" | ", 1)[1] for line in block.splitlines()[1:3]]
    start = caret.index("^")
    assert source[start:start + len(caret.strip())] == source[start:].split("  #")[0]
    assert source[start:].startswith("jwt.encode(") and source[start + len(caret.strip()) - 1] == ")"


def test_stdin_reports_come_from_the_analysed_text_not_the_file_on_disk(project):
    write("app.py", f'KEY = "{SECRET}"  # the version on disk\n' + INSECURE)
    piped = INSECURE.encode()
    for fmt in sorted(FORMATS):
        code, out, _ = run("--format", fmt, "-", "--stdin-filename", "app.py", stdin=piped)
        assert code == 1 and SECRET not in out
    full = run("--format", "full", "-", "--stdin-filename", "app.py", stdin=piped)[1]
    assert '4 |     return jwt.decode(token, options={"verify_signature": False})' in full
    # The same text gives the same SARIF fingerprints and baseline entries from stdin and from a file.
    sarif = run("--format", "sarif", "-", "--stdin-filename", "app.py", stdin=piped)[1]
    run("--write-baseline", "piped.json", "-", "--stdin-filename", "app.py", stdin=piped)
    write("app.py", INSECURE)
    assert fingerprints(sarif) == fingerprints(run("--format", "sarif", "app.py")[1])
    run("--write-baseline", "disk.json", "app.py")
    assert Path("piped.json").read_text() == Path("disk.json").read_text()


def fingerprints(sarif: str) -> list:
    return [result["partialFingerprints"] for result in json.loads(sarif)["runs"][0]["results"]]


@pytest.mark.parametrize("name,source,leak", [
    ("syntax.py", f'JWT_SECRET = "{SECRET}" +\n', SECRET),
    ("encode_syntax.py", f'import jwt\nx = jwt.encode({{}}, "{SECRET}", algorithm="HS256") +\n', SECRET),
    ("key_syntax.py", f'import jwt\nkey = b"{SECRET}" +\n', SECRET),
    ("token_syntax.py", f'import jwt\napi_token = "{SECRET}" +\n', SECRET),
    ("claims.py", 'import jwt\n\ndef issue(k):\n'
                  '    return jwt.encode({"sub": 1, "password": "correct-horse-battery", "exp": 1}, k, '
                  'algorithm="HS256")\n', "correct-horse-battery"),
])
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_excerpts_mask_literals_on_lines_naming_secrets(project, name, source, leak, fmt):
    write(name, source)
    code, out, _ = run("--format", fmt, name)
    assert code == 1 and leak not in out


def test_excerpts_decode_the_file_as_the_parser_did(project):
    source = ('# -*- coding: latin-1 -*-\nimport jwt\n\ndef issue(c):\n'
              '    return jwt.encode(c, "caf\xe9-signing-key-1234567890abcdef", algorithm="HS256")\n')
    write("legacy.py", source.encode("latin-1"))
    out = run("--format", "full", "legacy.py")[1]
    assert "JWT301" in out and "signing-key-1234567890" not in out
    assert '5 |     return jwt.encode(c, "******", algorithm="HS256")' in out


# -- CLI and configuration contract ----------------------------------------------------------------

def test_stdin_filename_without_dash_is_a_usage_error(project):
    write("app.py", INSECURE)
    code, out, err = run("--stdin-filename", "app.py", ".")
    assert code == 2 and out == "" and "pass '-'" in err


def test_statistics_in_json(project):
    write("app.py", INSECURE)
    code, out, _ = run("--statistics", "--format", "json", ".")
    document = json.loads(out)
    assert code == 1 and {"code": "JWT101", "name": "signature-verification-disabled", "count": 1} \
        in document["statistics"]
    assert document["stats"]["findings"] == len(codes(run(".")[1]))


@pytest.mark.parametrize("fmt,where", [("concise", "stdout"), ("full", "stdout"), ("json", "stderr")])
def test_write_baseline_says_what_it_recorded(project, fmt, where):
    write("app.py", INSECURE)
    code, out, err = run("--format", fmt, "--write-baseline", "baseline.json", ".")
    said = {"stdout": out, "stderr": err}[where]
    assert code == 0 and "Recorded 1 finding in baseline.json." in said
    if fmt == "json":
        json.loads(out)


def test_write_baseline_with_output_file_says_it_on_stdout(project):
    write("app.py", INSECURE)
    code, out, _ = run("--format", "sarif", "-o", "report.sarif", "--write-baseline", "b.json", ".")
    assert code == 0 and out == "Recorded 1 finding in b.json.\n"


def test_noqa_with_a_prefix_is_rejected_with_a_clear_message(project):
    write("app.py", INSECURE.replace("False})", "False})  # noqa: JWT1"))
    out = run(".")[1]
    assert "JWT101" in codes(out)
    assert "JWT1 is a prefix, not a rule code" in out and "hides nothing" not in out


def test_a_named_file_that_is_not_python_is_skipped_with_a_warning(project):
    code, out, err = run("pyproject.toml")
    assert (code, out) == (0, "No findings.\n")
    assert "jwtlint: warning: pyproject.toml: skipped, not a Python file" in err
    write("bin/tool", "#!/usr/bin/env python3\n" + INSECURE)
    assert "JWT101" in codes(run("bin/tool")[1])


@pytest.mark.parametrize("toml,fragment", [
    ("[tool.jwtlint.secrets]\nmin-hmac-key-bytes = -1\n", "min-hmac-key-bytes' must be at least 1"),
    ("[tool.jwtlint.lifetime]\nmax-leeway-seconds = -5\n", "max-leeway-seconds' must be at least 0"),
    ("[tool.jwtlint.lifetime]\nmax-access-token-seconds = 0\n", "must be at least 1"),
    ('extend_select = ["JWT404"]\n', "did you mean 'extend-select'?"),
    ("[tool.jwtlint.secrets]\nmin_hmac_key_bytes = 32\n", "did you mean 'min-hmac-key-bytes'?"),
])
def test_config_values_in_range_and_unknown_keys_with_a_suggestion(project, toml, fragment):
    config(toml)
    write("app.py", INSECURE)
    code, out, err = run(".")
    assert code == 2 and out == "" and fragment in err


@pytest.mark.parametrize("argv", [("--form", "json"), ("--stat",), ("--exit-z",)])
def test_option_abbreviations_are_not_accepted(project, argv):
    write("app.py", INSECURE)
    code, out, err = run(*argv, ".")
    assert code == 2 and "unrecognized arguments" in err


def test_pyjwt_is_not_a_runtime_dependency():
    try:
        import tomllib
    except ImportError:  # pragma: no cover - Python < 3.11
        import tomli as tomllib
    project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())["project"]
    assert not any(dep.lower().startswith("pyjwt") for dep in project["dependencies"])
    assert any(dep.lower().startswith("pyjwt") for dep in project["optional-dependencies"]["test"])


def test_a_run_never_imports_the_jwt_library(tmp_path):
    (tmp_path / "app.py").write_text(INSECURE, encoding="utf-8")
    script = ("import sys\nsys.modules['jwt'] = None\nfrom jwtlint.cli import main\n"
              "code = main(['check', '--no-cache', '--format', 'sarif', 'app.py'])\n"
              "assert 'jwt' in sys.modules and sys.modules['jwt'] is None\nsys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr


# -- output integrity ----------------------------------------------------------------------------

def _crashing_analysis(monkeypatch, message: str) -> None:
    """A rule that raises ``message`` on app.py's decode: an analysis bug whose message holds text."""
    from jwtlint.rules import verification

    def crash(self, call, ctx):
        raise ValueError(message)

    monkeypatch.setattr(verification.SignatureVerificationDisabled, "on_call", crash)
    write("app.py", INSECURE)


def test_internal_errors_are_short_and_masked(project, monkeypatch):
    _crashing_analysis(monkeypatch, f"bad node SimpleString(value='\"{SECRET}\"')")
    code, _, err = run(".")
    assert code == 2 and SECRET not in err and "Traceback" not in err
    assert err.startswith("jwtlint: internal error while analysing app.py (ValueError at ")
    assert "--verbose shows the traceback" in err
    code, _, err = run("--verbose", ".")
    assert code == 2 and SECRET not in err and "Traceback" in err and "ValueError: bad node" in err


def test_an_internal_error_with_a_message_of_many_lines_shows_only_its_type(project, monkeypatch):
    _crashing_analysis(monkeypatch, f"bad node\nunquoted {SECRET} after a line break")
    code, _, err = run(".")
    assert code == 2 and SECRET not in err and "(ValueError at test_contract.py:" in err


def test_links_out_of_the_project_are_not_followed(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "keys.py"
    outside.write_text(f'import jwt\njwt.encode({{}}, "{SECRET}", algorithm="HS256")\n', encoding="utf-8")
    os.symlink(outside, "keys.py")
    write("src/real.py", INSECURE)
    os.symlink(Path("src/real.py").resolve(), "inside.py")
    code, out, err = run("--format", "full", ".")
    assert "keys.py" not in out and SECRET[:8] not in out
    assert "jwtlint: warning: keys.py: skipped, a symbolic link to a file outside the project" in err
    assert sorted({line.split(":")[0] for line in out.splitlines() if " JWT" in line}) == \
        ["inside.py", "src/real.py"]


def test_a_link_out_of_the_project_named_on_the_command_line_is_not_followed(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / ".env"
    outside.write_text(f"DATABASE_URL=postgres://admin:{SECRET}@db\n", encoding="utf-8")
    os.symlink(outside, "settings.py")
    write("src/real.py", INSECURE)
    os.symlink(Path("src/real.py").resolve(), "inside.py")
    code, out, err = run("--format", "full", "settings.py", "inside.py")
    assert SECRET[:8] not in out + err and "settings.py" not in out
    assert "jwtlint: warning: settings.py: skipped, a symbolic link to a file outside the project" in err
    assert code == 1 and "inside.py" in out


EVIL_NAME = "evil\x1b[2J\x07\nforged.py"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_control_characters_are_escaped_in_every_format(project, fmt):
    write(EVIL_NAME, INSECURE.replace("False})", 'False})  # \x1b]0;owned\x07\x1b[31m'))
    code, out, _ = run("--format", fmt, ".")
    assert code == 1
    if fmt in ("json", "sarif"):
        json.loads(out)
    else:
        assert "\x1b" not in out and "\x07" not in out
        assert not any(line.startswith("forged.py") for line in out.splitlines())
    if fmt == "junit":
        ET.fromstring(out)


def _non_utf8_name() -> str:
    return os.fsdecode(b"caf\xe9.py")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_file_name_that_is_not_utf8_does_not_crash_reports(project, fmt):
    write(_non_utf8_name(), INSECURE)
    code, out, err = run("--format", fmt, ".")
    assert code == 1, err
    # Text formats show the byte, SARIF percent-encodes it, JSON escapes the stand-in character.
    assert "caf\\xe9.py" in out or "caf%E9.py" in out or "caf\\udce9.py" in out
    assert run("--format", fmt, "-o", "report.txt", ".")[0] == 1
    assert "caf" in Path("report.txt").read_text(encoding="utf-8")
    strict = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict")
    code, _, err = run("--format", fmt, ".", stdout=strict)
    assert code == 1, err


def test_a_file_name_that_is_not_utf8_can_be_baselined(project):
    write(_non_utf8_name(), INSECURE)
    code, out, err = run("--write-baseline", "baseline.json", ".")
    assert code == 0, err
    entries = json.loads(Path("baseline.json").read_text(encoding="utf-8"))["entries"]
    assert {entry["path"] for entry in entries} == {"caf\\xe9.py"}
    assert run("--baseline", "baseline.json", ".")[:2] == (0, "No findings.\n")


@pytest.mark.parametrize("line,masked", [
    ('SECRET_KEY = "abcdefgh"', 'SECRET_KEY = "a******h"'),
    ('    "password": "hunter2",', '    "password": "h*****2",'),
    ('api_key: str = "abcdefg"', 'api_key: str = "a*****g"'),
    ('if JWT_SECRET == "abcdef":', 'if JWT_SECRET == "a****f":'),
    # Names and harmless values on such a line stay readable.
    ('jwt.encode({"sub": form["username"]}, SIGNING_SECRET, algorithm="HS256")',
     'jwt.encode({"sub": form["username"]}, SIGNING_SECRET, algorithm="HS256")'),
    ('x = compute("abcdef")', 'x = compute("abcdef")'),
])
def test_literals_are_masked_on_lines_naming_secrets(line, masked):
    from jwtlint.excerpts import mask_line

    assert mask_line(line, []).text == masked


def test_masked_columns_map_onto_the_masked_text():
    from jwtlint.excerpts import mask_line

    line = f'f(a, "{SECRET}", b)'
    masked = mask_line(line, [SECRET])
    assert masked.text == 'f(a, "s******p", b)'
    assert masked.column(line.index("b)")) == masked.text.index("b)")
    assert masked.column(line.index(SECRET) + 3) == masked.text.index("s***")
    assert masked.column(line.index(SECRET) + 3, end=True) == masked.text.index('", b)')
