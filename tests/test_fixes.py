"""Automatic fixes: each fix turns its ``fixtures/fixes/<code>_before.py`` into ``<code>_after.py``
exactly, a second ``--fix`` changes nothing, the fixed file parses and no longer has the finding
(except the statements marked "not fixed"), and ``--diff`` prints a masked diff (a snapshot).

Each pair is fixed in a copy of ``fixtures/fixes`` (it is a project of its own: PyJWT 2 is
pinned there, and the JWT201 fix reads the algorithm from ``signing.py``), with only the
fixture's rule selected. ``JWTLINT_UPDATE_SNAPSHOTS=1`` rewrites the diff snapshot.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
from pathlib import Path

import libcst as cst
import pytest
from expectations import FIX_FIXTURES, expectations

from jwtlint.cli import main
from jwtlint.fixes import FIXES, fix_for
from jwtlint.rules import all_rules

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
PAIRS = sorted(FIX_FIXTURES.glob("*_before.py"))
NOT_FIXED = re.compile(r"#.*\bexpect:.*\(not fixed")


def _code(before: Path) -> str:
    return before.name.split("_")[0].upper()


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["check", "--no-cache", *argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(FIX_FIXTURES, copy)
    monkeypatch.chdir(copy)
    return copy


def _fix_flags(code: str) -> list[str]:
    fix = fix_for(code)
    assert fix is not None, f"{code} has a before/after fixture but no fix"
    return ["--fix", "--select", code] + ([] if fix.safe else ["--unsafe-fixes"])


def _finding_lines(path: str, code: str) -> set[int]:
    _status, out, _err = run("--select", code, "--format", "json", path)
    return {finding["line"] for finding in json.loads(out)["findings"] if finding["code"] == code}


def _statement_lines(source: str, code: str, pattern=None) -> set[int]:
    lines = {line for line, expected in expectations(source) if expected == code}
    if pattern is None:
        return lines
    return {line for line in lines if pattern.search(source.splitlines()[line - 1])}


@pytest.mark.parametrize("before", PAIRS, ids=_code)
def test_fix_turns_before_into_after(before: Path, project: Path) -> None:
    code = _code(before)
    after = before.with_name(before.name.replace("_before", "_after"))
    source = before.read_text(encoding="utf-8")
    assert _finding_lines(before.name, code) == _statement_lines(source, code), "before file out of date"

    run(*_fix_flags(code), before.name)

    assert (project / before.name).read_text(encoding="utf-8") == after.read_text(encoding="utf-8")


@pytest.mark.parametrize("before", PAIRS, ids=_code)
def test_fixed_file_parses_and_keeps_only_unfixable_findings(before: Path, project: Path) -> None:
    code = _code(before)
    after = before.with_name(before.name.replace("_before", "_after")).read_text(encoding="utf-8")
    compile(after, before.name, "exec")
    cst.parse_module(after)
    (project / before.name).write_text(after, encoding="utf-8")
    assert _finding_lines(before.name, code) == _statement_lines(after, code, NOT_FIXED)


@pytest.mark.parametrize("before", PAIRS, ids=_code)
def test_second_fix_changes_nothing(before: Path, project: Path) -> None:
    code = _code(before)
    run(*_fix_flags(code), before.name)
    once = (project / before.name).read_bytes()
    run(*_fix_flags(code), before.name)
    assert (project / before.name).read_bytes() == once
    status, out, _ = run("--diff", "--unsafe-fixes", "--select", code, before.name)
    assert (status, out) == (0, "")


@pytest.mark.parametrize("before", [p for p in PAIRS if not fix_for(_code(p)).safe], ids=_code)
def test_unsafe_fix_needs_the_flag(before: Path, project: Path) -> None:
    code = _code(before)
    status, _out, err = run("--fix", "--select", code, before.name)
    assert (project / before.name).read_bytes() == before.read_bytes()
    assert status == 1 and "may be fixed with --unsafe-fixes" in err


def test_every_fix_has_a_before_and_after_fixture() -> None:
    fixed_codes = {rule.code for rule in all_rules() if rule.autofix}
    assert fixed_codes == {_code(before) for before in PAIRS}
    assert {rule.autofix for rule in all_rules() if rule.autofix} == set(FIXES)


def test_diff_matches_snapshot_masks_secrets_and_changes_nothing(project: Path) -> None:
    status, out, err = run("--diff", "--unsafe-fixes", "--select", "JWT301,JWT302", "jwt301_before.py",
                           "jwt302_before.py")
    expected = SNAPSHOTS / "fix_diff.txt"
    if os.environ.get("JWTLINT_UPDATE_SNAPSHOTS") == "1":
        expected.write_text(out, encoding="utf-8")
    assert out == expected.read_text(encoding="utf-8")
    assert status == 1 and "would fix 7 findings in 2 files" in err
    for secret in ("f8Kq2vN9xLp4Rt7wZb3Yc6Hd1Mj5Gs0A", "Lp4Rt7wZb3Yc6Hd1Mj5Gs0Af8Kq2vN9x", "super-secret", "changeme"):
        assert secret not in out
    assert (project / "jwt301_before.py").read_bytes() == (FIX_FIXTURES / "jwt301_before.py").read_bytes()


def test_fix_reports_what_remains(project: Path) -> None:
    status, out, err = run("--fix", "--select", "JWT703", "jwt703_before.py")
    assert status == 1
    assert out.splitlines()[0].startswith("jwt703_before.py:39:12: JWT703")
    assert "fixed 6 findings in 1 file" in err


def test_fix_writes_atomically_and_keeps_the_mode(project: Path) -> None:
    target = project / "jwt205_before.py"
    target.chmod(0o640)
    run("--fix", "--select", "JWT205", target.name)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in project.iterdir()) == sorted(p.name for p in FIX_FIXTURES.iterdir())


def test_fix_never_touches_a_file_it_could_not_parse(project: Path) -> None:
    broken = project / "broken.py"
    broken.write_text('import jwt\njwt.decode(t, k, algorithms="HS256")\ndef (:\n', encoding="utf-8")
    status, out, _ = run("--fix", "--unsafe-fixes", broken.name)
    assert broken.read_text(encoding="utf-8") == 'import jwt\njwt.decode(t, k, algorithms="HS256")\ndef (:\n'
    assert status == 1 and "JWT001" in out


def test_diff_reads_standard_input_and_fix_refuses_it(project: Path) -> None:
    source = 'import jwt\njwt.decode(t, k, algorithms="HS256")\n'
    out, err = io.StringIO(), io.StringIO()
    status = main(["check", "--diff", "--stdin-filename", "app.py", "-"], stdin=io.StringIO(source),
                  stdout=out, stderr=err)
    assert status == 1 and '+jwt.decode(t, k, algorithms=["HS256"])' in out.getvalue()
    status = main(["check", "--fix", "-"], stdin=io.StringIO(source), stdout=out, stderr=err)
    assert status == 2 and "for standard input use --diff" in err.getvalue()


def test_unsafe_fixes_alone_is_a_usage_error(project: Path) -> None:
    status, _out, err = run("--unsafe-fixes", "jwt205_before.py")
    assert status == 2 and "--unsafe-fixes applies to --fix or --diff" in err


NOQA_BEFORE = '''\
import jwt

SECRET = "q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0Yg"


def claims(token):
    return jwt.decode(token, SECRET)  # the caller checks the algorithm


def legacy(token):
    return jwt.decode(token, options={"verify_signature": False})  # noqa: E501


def long_key(token):
    return jwt.decode(token, """q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0Yg
q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0Yg""", algorithms=["HS256"])


def ignored(token):
    return jwt.decode(token, SECRET, algorithms="HS256")  # jwtlint: ignore[JWT301]
'''
NOQA_AFTER = '''\
import jwt

SECRET = "q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0Yg"


def claims(token):
    return jwt.decode(token, SECRET)  # the caller checks the algorithm  # noqa: JWT201, JWT301


def legacy(token):
    return jwt.decode(token, options={"verify_signature": False})  # noqa: E501, JWT101


def long_key(token):
    return jwt.decode(token, """q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0Yg
q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0Yg""", algorithms=["HS256"])  # noqa: JWT301


def ignored(token):
    return jwt.decode(token, SECRET, algorithms="HS256")  # jwtlint: ignore[JWT301, JWT205]
'''


def test_add_noqa_suppresses_every_finding_where_suppressions_are_read(project: Path) -> None:
    app = project / "legacy_app.py"
    app.write_text(NOQA_BEFORE, encoding="utf-8")
    status, _out, err = run("--add-noqa", "--select", "JWT1,JWT2,JWT301", app.name)
    assert status == 0 and "added 4 noqa comments in 1 file" in err
    assert app.read_text(encoding="utf-8") == NOQA_AFTER
    assert run("--select", "JWT1,JWT2,JWT301", app.name)[0] == 0
    run("--add-noqa", "--select", "JWT1,JWT2,JWT301", app.name)
    assert app.read_text(encoding="utf-8") == NOQA_AFTER


def test_rules_list_shows_the_fix_column() -> None:
    out = io.StringIO()
    assert main(["rules"], stdout=out) == 0
    rows = {line.split()[0]: line for line in out.getvalue().splitlines()}
    assert "fix: safe" in rows["JWT205"] and "fix: unsafe" in rows["JWT301"]
    assert "fix:" not in rows["JWT101"]
    out = io.StringIO()
    assert main(["rules", "--format", "json"], stdout=out) == 0
    fixes = {row["code"]: row["fix"] for row in json.loads(out.getvalue())}
    assert (fixes["JWT205"], fixes["JWT304"], fixes["JWT101"]) == ("safe", "unsafe", None)


def test_a_file_that_cannot_be_written_is_left_and_reported(project: Path, monkeypatch) -> None:
    import jwtlint.fixes.command as command

    def refuse(source, destination):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(command.os, "replace", refuse)
    status, _out, err = run("--fix", "--select", "JWT205", "jwt205_before.py")
    assert status == 2 and "cannot write jwt205_before.py: Permission denied; left unchanged" in err
    assert (project / "jwt205_before.py").read_bytes() == (FIX_FIXTURES / "jwt205_before.py").read_bytes()
    assert sorted(p.name for p in project.iterdir()) == sorted(p.name for p in FIX_FIXTURES.iterdir())
