"""The baseline round trip on a project whose lines move, through the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from jwtlint.baseline import FORMAT_VERSION
from jwtlint.cli import main

SERVICE = '''import jwt
from jose import jwt as jose_jwt


def read_unverified(token):
    return jwt.decode(token, options={"verify_signature": False})


def read_legacy(token, key):
    return jose_jwt.decode(token, key)


def read_partner(token, key):
    return jose_jwt.decode(token, key)
'''


def check(*args: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(["check", *args], stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("pyproject.toml").write_text("[tool.jwtlint]\n", encoding="utf-8")
    Path("service.py").write_text(SERVICE, encoding="utf-8")
    code, out, err = check("--write-baseline", "baseline.json")
    assert (code, out, err) == (0, "No findings.\nRecorded 3 findings in baseline.json.\n", "")
    return tmp_path


def edit(old: str, new: str) -> None:
    path = Path("service.py")
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_baseline_file_is_sorted_versioned_and_counts_duplicates(project):
    document = json.loads(Path("baseline.json").read_text(encoding="utf-8"))
    assert document["version"] == FORMAT_VERSION
    assert [(e["code"], e["path"], e["count"]) for e in document["entries"]] == \
        [("JWT101", "service.py", 1), ("JWT201", "service.py", 2)]
    before = Path("baseline.json").read_bytes()
    check("--write-baseline", "baseline.json")
    assert Path("baseline.json").read_bytes() == before


def test_recorded_findings_stay_hidden_when_lines_move(project):
    edit("import jwt\n", '"""Token helpers."""\nimport logging\n\nimport jwt\n\nlog = logging.getLogger()\n')
    edit("    return jose_jwt.decode(token, key)", "    log.info('legacy')\n    return jose_jwt.decode(token,  key)")
    assert check("--baseline", "baseline.json") == (0, "No findings.\n", "")


def test_only_a_new_finding_is_reported(project):
    edit("\n\ndef read_partner", '\n\ndef read_admin(token):\n    return jwt.decode(token, verify=False)\n\n\ndef read_partner')
    code, out, err = check("--baseline", "baseline.json")
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "service.py:14:12: JWT101 [critical] signature verification disabled (verify=False) in jwt.decode(): "
        "any forged token is accepted",
        "Found 1 finding.",
    ]


def test_a_third_duplicate_is_new_even_though_two_are_recorded(project):
    Path("service.py").write_text(SERVICE + "\n\ndef read_other(token, key):\n    return jose_jwt.decode(token, key)\n",
                                  encoding="utf-8")
    code, out, _ = check("--baseline", "baseline.json", "--format", "json")
    assert code == 1
    assert [(f["code"], f["line"]) for f in json.loads(out)["findings"]] == [("JWT201", 18)]


def test_a_fixed_finding_is_reported_stale(project):
    edit('options={"verify_signature": False}', 'key, algorithms=["HS256"]')
    code, out, err = check("--baseline", "baseline.json", "--format", "json")
    assert code == 0
    assert err == ("jwtlint: baseline baseline.json: 1 finding recorded but no longer found (fixed or changed); "
                   "run with --write-baseline baseline.json to refresh it\n")
    outcome = json.loads(out)["baseline"]
    assert outcome["matched"] == 2
    assert [(e["code"], e["path"], e["count"]) for e in outcome["stale"]] == [("JWT101", "service.py", 1)]


def test_an_unparsable_file_is_never_hidden_by_the_baseline(project):
    Path("broken.py").write_text("import jwt\ndef f(:\n", encoding="utf-8")
    check("--write-baseline", "baseline.json")
    code, out, _ = check("--baseline", "baseline.json")
    assert code == 1 and "broken.py:2:1: JWT001" in out


@pytest.mark.parametrize("content,message", [
    (None, "cannot read baseline baseline.json: No such file or directory"),
    ("{", "baseline baseline.json is not valid JSON"),
    ('{"version": 99, "entries": []}', "baseline.json is not a version 1 jwtlint baseline"),
    ('{"version": 1, "entries": [{"code": "JWT101", "path": "a.py", "hash": "0", "count": 0}]}',
     "baseline baseline.json, entry 1: expected code, path and hash strings and a positive count"),
])
def test_a_missing_or_broken_baseline_is_a_usage_error(tmp_path, monkeypatch, content, message):
    monkeypatch.chdir(tmp_path)
    Path("service.py").write_text(SERVICE, encoding="utf-8")
    if content is not None:
        Path("baseline.json").write_text(content, encoding="utf-8")
    code, out, err = check("--baseline", "baseline.json")
    assert (code, out) == (2, "")
    assert err.startswith(f"jwtlint: error: {message}")


def test_baseline_and_write_baseline_exclude_each_other(project):
    code, _, err = check("--baseline", "baseline.json", "--write-baseline", "baseline.json")
    assert code == 2 and "not allowed with argument" in err
