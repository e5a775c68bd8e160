"""Every output format: exact snapshots, SARIF validity and identity, escaping, masking, rule docs.

Snapshots are the whole output of ``jwtlint check --format F`` run inside
tests/snapshots/project/. ``JWTLINT_UPDATE_SNAPSHOTS=1`` rewrites them; read
the diff before committing it.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from jwtlint.cli import main
from jwtlint.docs import RULES_PAGE, anchor, rules_page
from jwtlint.engine import Report
from jwtlint.excerpts import split_lines
from jwtlint.findings import Finding, Severity, Span
from jwtlint.report import FORMATS, View, renderer
from jwtlint.report.github import annotation, escape_property
from jwtlint.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
PROJECT = SNAPSHOTS / "project"
SARIF_SCHEMA = Path(__file__).resolve().parent / "schemas" / "sarif-schema-2.1.0.json"
SECRET = "s3cr3t-signing-key-do-not-ship"


def run_check(*args: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(["check", *args], stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def stable(text: str) -> str:
    """Remove what legitimately differs between runs: elapsed time, the checkout's location."""
    text = re.sub(r'"seconds": [0-9.e-]+', '"seconds": "<elapsed>"', text)
    return text.replace(Path.cwd().as_uri() + "/", "file:///<project>/")


@pytest.fixture
def in_project(monkeypatch):
    monkeypatch.chdir(PROJECT)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_format_matches_snapshot(fmt, in_project):
    code, out, err = run_check("--format", fmt)
    assert (code, err) == (1, "")
    expected = SNAPSHOTS / f"{fmt}.txt"
    if os.environ.get("JWTLINT_UPDATE_SNAPSHOTS") == "1":
        expected.write_text(stable(out), encoding="utf-8")
    assert stable(out) == expected.read_text(encoding="utf-8"), \
        f"{fmt} output changed; if intended, rerun with JWTLINT_UPDATE_SNAPSHOTS=1 and review the diff"


def sarif_of(*args: str) -> dict:
    return json.loads(run_check("--format", "sarif", *args)[1])


def test_sarif_validates_against_the_schema(in_project):
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif_of())


def test_sarif_carries_what_code_scanning_reads(in_project):
    run = sarif_of()["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["JWT101"]["properties"]["security-severity"] == "9.5"
    assert "external/cwe/cwe-347" in by_id["JWT101"]["properties"]["tags"]
    assert "security" not in by_id["JWT001"]["properties"]["tags"]
    suppressed = [result for result in run["results"] if result.get("suppressions")]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in suppressed] \
        == [("JWT201", 27)]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for note in notes] == ["broken.py"]


def test_sarif_fingerprints_survive_lines_moving(tmp_path, monkeypatch):
    shutil.copytree(PROJECT, tmp_path / "project")
    monkeypatch.chdir(tmp_path / "project")

    def results():
        return [(r["ruleId"], r["partialFingerprints"]["jwtlintStatementHash/v1"],
                 r["locations"][0]["physicalLocation"]["region"]["startLine"])
                for r in sarif_of()["runs"][0]["results"] if r["ruleId"] != "JWT001"]

    before = results()
    app = Path("app.py")
    app.write_text("# a licence header\n\n\n" + app.read_text(encoding="utf-8").replace("    ", "\t"),
                   encoding="utf-8")
    after = results()
    assert [(code, print_) for code, print_, _ in after] == [(code, print_) for code, print_, _ in before]
    assert [line for *_, line in after] == [line + 3 for *_, line in before]
    # The two identical `jose_jwt.decode(token, public_key)` statements differ only by occurrence.
    twins = [print_ for code, print_, line in before if line in (19, 23)]
    assert twins[0].split(":")[0] == twins[1].split(":")[0] and [t[-2:] for t in twins] == [":1", ":2"]


def finding(path: str, message: str, severity: Severity = Severity.HIGH, line: int = 1) -> Finding:
    span = Span(line, 5, line, 20)
    return Finding(code="JWT101", name="signature-verification-disabled", severity=severity, path=path,
                   span=span, statement=span, message=message)


def test_github_annotations_escape_what_would_end_the_command():
    assert escape_property("a,b:c%d\r\ne") == "a%2Cb%3Ac%25d%0D%0Ae"
    line = annotation(finding("dir,1/a:b.py", "100% bad:\nreally, bad", Severity.MEDIUM))
    assert line == ("::warning file=dir%2C1/a%3Ab.py,line=1,col=5,endLine=1,endColumn=20,"
                    "title=JWT101 signature-verification-disabled::100%25 bad:%0Areally, bad")
    assert annotation(finding("a.py", "m", Severity.LOW)).startswith("::notice ")
    assert annotation(finding("a.py", "m", Severity.CRITICAL)).startswith("::error ")


def test_junit_is_well_formed_xml_with_escaped_messages():
    report = Report(findings=[finding("a.py", 'uses <script> & "quotes"'), finding("b.py", "x", line=3)])
    suite = ET.fromstring(renderer("junit")(report, View()))
    assert (suite.get("tests"), suite.get("failures")) == ("2", "2")
    assert [case.get("name") for case in suite] == ["a.py", "b.py"]
    assert 'uses <script> & "quotes"' in suite.find("testcase/failure").text


def test_junit_clean_run_is_one_passing_case():
    suite = ET.fromstring(renderer("junit")(Report(), View()))
    assert (suite.get("tests"), suite.get("failures"), suite.find("testcase/failure")) == ("1", "0", None)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_format_prints_a_secret_whole(fmt, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("keys.py").write_text(f'import jwt\ntoken = jwt.encode(claims, "{SECRET}")  # noqa: JWT201\n',
                               encoding="utf-8")
    code, out, _ = run_check("--format", fmt, "--no-cache")
    assert code == 1 and SECRET not in out


def test_source_lines_count_line_breaks_as_python_does():
    assert split_lines("a = 1\x0c\r\nb = 2\rc = 3\n") == ["a = 1\x0c", "b = 2", "c = 3"]


def test_rules_page_is_current():
    page = (ROOT / RULES_PAGE).read_text(encoding="utf-8")
    assert page == rules_page(), f"{RULES_PAGE} is stale: run `python -m jwtlint.docs`"


def test_every_rule_has_a_section_the_index_links_to():
    headings = {line[3:] for line in rules_page().splitlines() if line.startswith("## ")}
    for rule in all_rules():
        assert f"{rule.code} {rule.name}" in headings
        assert anchor(rule) == f"{rule.code.lower()}-{rule.name}"
