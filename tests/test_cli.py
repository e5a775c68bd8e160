"""The command line through main(argv): exit codes, formats, selection, stdin, bad input."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from cli_streams import FakeStdin

from jwtlint import __version__
from jwtlint.cli import main

INSECURE = 'import jwt\n\nclaims = jwt.decode(token, options={"verify_signature": False})\n'
NO_ALGORITHMS = "from jose import jwt\n\nclaims = jwt.decode(token, key)\n"
CLEAN = 'import jwt\n\nclaims = jwt.decode(token, key, algorithms=["HS256"])\n'


def run(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=FakeStdin(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(project: Path, name: str, text: str | bytes) -> Path:
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# -- exit codes --------------------------------------------------------------

def test_findings_exit_1_with_concise_lines(project):
    write(project, "app.py", INSECURE)
    code, out, _ = run("check", "app.py")
    assert code == 1
    assert out.splitlines()[0].startswith("app.py:3:10: JWT101 [critical] signature verification disabled")
    assert out.splitlines()[-1] == "Found 1 finding."


def test_clean_exit_0(project):
    write(project, "app.py", CLEAN)
    code, out, _ = run("check", "app.py")
    assert (code, out) == (0, "No findings.\n")


def test_default_path_is_current_directory(project):
    write(project, "pkg/app.py", INSECURE)
    code, out, _ = run("check")
    assert code == 1 and "pkg/app.py:3:10: JWT101" in out


def test_exit_zero(project):
    write(project, "app.py", INSECURE)
    assert run("check", "--exit-zero", "app.py")[0] == 0


def test_usage_error_exit_2(project):
    code, _, err = run("check", "--format", "nope")
    assert code == 2 and "invalid choice" in err


def test_bad_select_code_exit_2(project):
    code, _, err = run("check", "--select", "E501")
    assert code == 2 and "'E501' matches no rule" in err


def test_no_command_exit_2(project):
    assert run()[0] == 2


def test_version(project, capsys):
    code, out, _ = run("--version")
    assert code == 0
    assert __version__ in capsys.readouterr().out + out


# -- formats -----------------------------------------------------------------

def test_json_contract(project):
    write(project, "app.py", INSECURE)
    write(project, "broken.py", "import jwt\ndef f(:\n")
    code, out, _ = run("check", "--format", "json", ".")
    document = json.loads(out)
    assert code == 1
    assert set(document) >= {"version", "findings", "errors", "stats"}
    assert document["version"] == __version__
    finding = next(f for f in document["findings"] if f["code"] == "JWT101")
    assert {k: finding[k] for k in ("code", "name", "severity", "path", "line", "column", "end_line",
                                    "end_column")} == {
        "code": "JWT101", "name": "signature-verification-disabled", "severity": "critical",
        "path": "app.py", "line": 3, "column": 10, "end_line": 3, "end_column": 64}
    assert document["errors"] == [{"path": "broken.py", "message": document["errors"][0]["message"]}]
    assert "syntax error" in document["errors"][0]["message"]
    assert document["stats"]["files"] == 2 and document["stats"]["by_code"] == {"JWT001": 1, "JWT101": 1}


def test_full_format_shows_source_and_fix(project):
    write(project, "app.py", INSECURE)
    code, out, _ = run("check", "--format", "full", "app.py")
    assert code == 1
    assert '  3 | claims = jwt.decode(token, options={"verify_signature": False})' in out
    assert "         " + "^" * 54 + "\n" in out
    assert "fix: Verify the signature" in out


def test_output_file(project):
    write(project, "app.py", INSECURE)
    code, out, _ = run("check", "-o", "report.json", "--format", "json", "app.py")
    assert code == 1 and out == ""
    assert json.loads((project / "report.json").read_text())["findings"][0]["code"] == "JWT101"


def test_output_file_unwritable_is_exit_2(project):
    write(project, "app.py", INSECURE)
    code, _, err = run("check", "-o", "missing-dir/report.txt", "app.py")
    assert code == 2 and "cannot write" in err


def test_statistics(project):
    write(project, "a.py", INSECURE)
    write(project, "b.py", INSECURE + NO_ALGORITHMS.replace("from jose import jwt\n", ""))
    code, out, _ = run("check", "--statistics", ".")
    assert code == 1
    assert out.splitlines()[0].split() == ["2", "JWT101", "signature-verification-disabled"]


def test_no_color_when_not_a_terminal_or_no_color(project, monkeypatch):
    write(project, "app.py", INSECURE)
    assert "\033[" not in run("check", "app.py")[1]

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    main(["check", "app.py"], stdout=terminal, stderr=io.StringIO())
    assert "\033[" in terminal.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = Terminal()
    main(["check", "app.py"], stdout=terminal, stderr=io.StringIO())
    assert "\033[" not in terminal.getvalue()


# -- selection ---------------------------------------------------------------

def test_select_and_ignore_by_prefix(project):
    write(project, "app.py", INSECURE + NO_ALGORITHMS.replace("from jose import jwt\n", "from jose import jwt as jose_jwt\n").replace("jwt.decode(token, key)", "jose_jwt.decode(token, key)"))
    assert {line.split()[1] for line in run("check", "app.py")[1].splitlines()[:-1]} == {"JWT101", "JWT201"}
    assert {line.split()[1] for line in run("check", "--select", "JWT2", "app.py")[1].splitlines()[:-1]} == {"JWT201"}
    assert {line.split()[1] for line in run("check", "--ignore", "JWT1", "app.py")[1].splitlines()[:-1]} == {"JWT201"}
    code, out, _ = run("check", "--select", "JWT1", "--ignore", "JWT101", "app.py")
    assert (code, out) == (0, "No findings.\n")
    assert "JWT101" in run("check", "--ignore", "JWT1", "--extend-select", "JWT101", "app.py")[1]


def test_config_select_and_per_file_ignores(project):
    write(project, "pyproject.toml", '[tool.jwtlint]\nignore = ["JWT201"]\n'
                                     '[tool.jwtlint.per-file-ignores]\n"scripts/*" = ["JWT101"]\n')
    write(project, "app.py", INSECURE)
    write(project, "scripts/debug.py", INSECURE)
    write(project, "jose_app.py", NO_ALGORITHMS)
    code, out, _ = run("check", ".")
    assert code == 1
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == ["app.py"]


# -- configuration errors ------------------------------------------------------

@pytest.mark.parametrize("toml,fragment", [
    ('[tool.jwtlint]\nselect = "JWT1"\n', "'tool.jwtlint.select' must be a list of strings"),
    ('[tool.jwtlint]\nsellect = ["JWT1"]\n', "unknown key 'tool.jwtlint.sellect'"),
    ('[tool.jwtlint]\nselect = ["XYZ1"]\n', "'XYZ1' matches no rule"),
    ('[tool.jwtlint\nselect = []\n', "invalid TOML"),
    ('[tool.jwtlint]\nrespect-gitignore = "yes"\n', "must be true or false"),
    ('[tool.jwtlint]\npyjwt-version = "3"\n', 'must be "1" or "2"'),
])
def test_broken_config_exits_2_naming_file_and_key(project, toml, fragment):
    write(project, "pyproject.toml", toml)
    write(project, "app.py", INSECURE)
    code, out, err = run("check", "app.py")
    assert code == 2 and out == ""
    assert "pyproject.toml" in err and fragment in err


def test_config_found_from_parent_directory(project, monkeypatch):
    write(project, "pyproject.toml", '[tool.jwtlint]\nignore = ["JWT101"]\n')
    write(project, "src/app.py", INSECURE)
    monkeypatch.chdir(project / "src")
    assert run("check", "app.py")[0] == 0


def test_pyproject_without_table_means_defaults(project):
    write(project, "pyproject.toml", '[project]\nname = "x"\n')
    write(project, "app.py", INSECURE)
    assert run("check", "app.py")[0] == 1


def test_explicit_config_file(project):
    write(project, "conf/custom.toml", '[tool.jwtlint]\nignore = ["JWT101"]\n')
    write(project, "app.py", INSECURE)
    assert run("check", "--config", "conf/custom.toml", "app.py")[0] == 0
    code, _, err = run("check", "--config", "conf/missing.toml", "app.py")
    assert code == 2 and "not found" in err


# -- standard input ------------------------------------------------------------

def test_stdin_with_filename(project):
    code, out, _ = run("check", "-", "--stdin-filename", "api/auth.py", stdin=INSECURE.encode())
    assert code == 1 and out.startswith("api/auth.py:3:10: JWT101")


def test_stdin_without_filename(project):
    code, out, _ = run("check", "-", stdin=CLEAN.encode())
    assert (code, out) == (0, "No findings.\n")


def test_stdin_combined_with_paths_is_usage_error(project):
    code, _, err = run("check", "-", "app.py")
    assert code == 2 and "standard input" in err


# -- suppressions --------------------------------------------------------------

def test_noqa_and_ignore_comments_suppress(project):
    write(project, "app.py", 'import jwt\n\n'
                             'a = jwt.decode(t, options={"verify_signature": False})  # noqa: JWT101\n'
                             'b = jwt.decode(  # jwtlint: ignore[JWT101]\n'
                             '    t,\n'
                             '    options={"verify_signature": False},\n'
                             ')\n'
                             'c = jwt.decode(\n'
                             '    t,\n'
                             '    options={"verify_signature": False},  # noqa: E501, JWT101\n'
                             ')\n')
    assert run("check", "app.py")[:2] == (0, "No findings.\n")


def test_bare_suppressions_hide_nothing(project):
    write(project, "app.py", 'import jwt\n\n'
                             'a = jwt.decode(t, options={"verify_signature": False})  # noqa\n'
                             'b = jwt.decode(t, options={"verify_signature": False})  # jwtlint: ignore\n')
    code, out, _ = run("check", "app.py")
    lines = out.splitlines()[:-1]
    assert code == 1
    assert [line.split()[1] for line in lines] == ["JWT101", "JWT101", "JWT002"]
    assert "without a code hides nothing" in lines[2]


def test_unused_suppression_is_jwt002(project):
    write(project, "app.py", CLEAN.rstrip("\n") + "  # noqa: JWT101\n")
    code, out, _ = run("check", "app.py")
    assert code == 1
    assert out.splitlines()[0] == "app.py:3:56: JWT002 [low] suppression of JWT101 hides nothing on this statement"
    assert run("check", "--ignore", "JWT002", "app.py")[0] == 0


def test_hash_inside_string_is_not_a_suppression(project):
    write(project, "app.py", 'import jwt\n\na = jwt.decode(t, "# noqa: JWT101", options={"verify_signature": False})\n')
    assert run("check", "app.py")[0] == 1


# -- bad input -----------------------------------------------------------------

def _codes_by_path(out: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in out.splitlines()[:-1]:
        found.setdefault(line.split(":")[0], []).append(line.split()[1])
    return found


def test_syntax_error_is_jwt001_and_scan_continues(project):
    write(project, "a_broken.py", "import jwt\n\ndef broken(:\n    pass\n")
    write(project, "b_app.py", INSECURE)
    code, out, _ = run("check", ".")
    assert code == 1
    assert _codes_by_path(out) == {"a_broken.py": ["JWT001"], "b_app.py": ["JWT101"]}
    assert "a_broken.py:3:1: JWT001 [high] file not analysed: syntax error at line 3" in out


def test_binary_file_named_py(project):
    write(project, "blob.py", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR jwt")
    write(project, "app.py", INSECURE)
    code, out, _ = run("check", ".")
    assert _codes_by_path(out) == {"app.py": ["JWT101"], "blob.py": ["JWT001"]}
    assert "binary content" in out and "Traceback" not in out


def test_non_utf8_with_coding_cookie_is_analysed(project):
    source = '# -*- coding: latin-1 -*-\nimport jwt\nname = "caf\xe9"\nclaims = jwt.decode(t, options={"verify_signature": False})\n'
    write(project, "latin.py", source.encode("latin-1"))
    code, out, _ = run("check", "latin.py")
    assert code == 1 and out.startswith("latin.py:4:10: JWT101")


def test_non_utf8_without_cookie_is_jwt001(project):
    write(project, "latin.py", 'import jwt\nname = "caf\xe9"\n'.encode("latin-1"))
    code, out, _ = run("check", "latin.py")
    assert code == 1 and "JWT001" in out and "cannot decode" in out


def test_unknown_encoding_cookie_is_jwt001(project):
    write(project, "odd.py", b"# -*- coding: klingon -*-\nimport jwt\n")
    code, out, _ = run("check", "odd.py")
    assert code == 1 and "JWT001" in out and "Traceback" not in out


def test_empty_file(project):
    write(project, "empty.py", "")
    assert run("check", "empty.py")[:2] == (0, "No findings.\n")


def test_missing_path(project):
    write(project, "app.py", CLEAN)
    code, out, _ = run("check", "nope.py", "app.py")
    assert code == 1 and out.startswith("nope.py:1:1: JWT001 [high] file not analysed: no such file or directory")


def test_unreadable_file(project, monkeypatch):
    """Permission errors are simulated: CI runs as root, which can read anything."""
    write(project, "secret.py", INSECURE)
    write(project, "app.py", INSECURE)
    real_open = os.open

    def guarded_open(file, *args, **kwargs):
        if str(file).endswith("secret.py"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)
    code, out, err = run("check", ".")
    assert code == 1 and "Traceback" not in out + err
    assert _codes_by_path(out) == {"app.py": ["JWT101"], "secret.py": ["JWT001"]}
    assert "cannot read: Permission denied" in out


def test_symlink_loop(project):
    os.symlink("loop_b.py", project / "loop_a.py")
    os.symlink("loop_a.py", project / "loop_b.py")
    write(project, "app.py", INSECURE)
    code, out, err = run("check", ".")
    assert code == 1 and "Traceback" not in out + err
    assert "app.py:3:10: JWT101" in out
    assert "loop_a.py:1:1: JWT001" in out and "cannot read" in out


def test_directory_symlink_loop_is_not_followed(project):
    write(project, "pkg/app.py", INSECURE)
    os.symlink("..", project / "pkg" / "parent")
    code, out, _ = run("check", ".")
    assert code == 1 and out.count("JWT101") == 1


# -- rules commands ------------------------------------------------------------

def test_rules_lists_every_rule(project):
    from jwtlint.rules import all_rules

    code, out, _ = run("rules")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [rule.code for rule in all_rules()]
    rows = json.loads(run("rules", "--format", "json")[1])
    assert rows[0]["code"] == "JWT001"


def test_rule_documentation(project):
    code, out, _ = run("rule", "jwt101")
    assert code == 0
    assert out.startswith("# JWT101 signature-verification-disabled")
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## References"):
        assert section in out


def test_unknown_rule_is_usage_error(project):
    code, _, err = run("rule", "JWT999")
    assert code == 2 and "unknown rule" in err
