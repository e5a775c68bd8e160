"""The fixture suite: every finding the engine produces on fixtures/ is exactly what the files say.

Per file, in the categories it declares, a finding on a statement without an
expectation is a false positive and a missing one is a false negative.
"""

from __future__ import annotations

import os

import pytest
from expectations import FIXTURES, categories, expectations, fixture_files

from jwtlint.config import Config
from jwtlint.engine import Settings, check_paths
from jwtlint.rules import all_rules, rule_by_code

CATEGORY_OF = {rule.code: rule.category for rule in all_rules()}


@pytest.fixture(scope="module")
def report():
    every_rule = ("ALL", *(rule.code for rule in all_rules() if not rule.default_enabled))
    config = Config(root=FIXTURES, select=every_rule, respect_gitignore=False, lower_severity_in_tests=False)
    previous = os.getcwd()
    os.chdir(FIXTURES)
    try:
        return check_paths(["."], Settings(config), jobs=1)
    finally:
        os.chdir(previous)


def _relative(path) -> str:
    return path.relative_to(FIXTURES).as_posix()


@pytest.mark.parametrize("path", fixture_files(), ids=_relative)
def test_fixture(path, report):
    source = path.read_text(encoding="utf-8", errors="replace")
    declared = categories(source)
    assert declared, f"{_relative(path)}: first line must be '# categories: ...'"
    expected = expectations(source)
    for _line, code in expected:
        assert rule_by_code(code) is not None, f"unknown code {code} in expectations"
        assert CATEGORY_OF[code] in declared, f"{code} expected but category {CATEGORY_OF[code]} not declared"
    actual = {(finding.statement.line, finding.code) for finding in report.findings
              if finding.path == _relative(path) and CATEGORY_OF.get(finding.code) in declared}
    missing = sorted(expected - actual)
    unexpected = sorted(actual - expected)
    assert not missing and not unexpected, (
        f"{_relative(path)}\n  missing (false negatives): {missing}\n  unexpected (false positives): {unexpected}"
    )


def test_no_internal_errors(report):
    assert report.internal_errors == []


def test_every_rule_has_a_positive_fixture():
    expected_codes = {code for path in fixture_files()
                      for _line, code in expectations(path.read_text(encoding="utf-8", errors="replace"))}
    missing = [rule.code for rule in all_rules() if rule.category != "diagnostics" and rule.code not in expected_codes]
    assert not missing, f"rules without a positive fixture: {missing}"
