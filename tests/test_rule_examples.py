"""Tests generated from every rule's embedded examples and metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from jwtlint.config import Config
from jwtlint.docs import rule_markdown, with_rules_table
from jwtlint.engine import Settings, analyze_source
from jwtlint.rules import all_rules
from jwtlint.rules.base import CATEGORIES

RULES = all_rules()
#: "ALL" plus the opt-in rules, which run only when selected by their full code.
EVERY_RULE = ("ALL", *(rule.code for rule in RULES if not rule.default_enabled))
CHECKED = [rule for rule in RULES if rule.category != "diagnostics"]


def codes_for(source: str, tmp_path: Path, rule=None) -> list[str]:
    path = tmp_path / "example.py"
    path.write_text(source, encoding="utf-8")
    settings = Settings(Config(root=tmp_path, select=EVERY_RULE, **(rule.example_config if rule else {})))
    result = analyze_source(source.encode(), "example.py", settings, real_path=str(path))
    assert result.internal_error is None, result.internal_error
    assert result.error is None, result.error
    return [finding.code for finding in result.findings]


def _cases(kind: str):
    for rule in CHECKED:
        snippets = (rule.example, *rule.invalid) if kind == "invalid" else (rule.fixed_example, *rule.valid)
        for index, snippet in enumerate(s for s in snippets if s):
            yield pytest.param(rule, snippet, id=f"{rule.code}-{kind}-{index}")


@pytest.mark.parametrize("rule,snippet", list(_cases("invalid")))
def test_invalid_example_is_reported(rule, snippet, tmp_path):
    assert rule.code in codes_for(snippet, tmp_path, rule)


@pytest.mark.parametrize("rule,snippet", list(_cases("valid")))
def test_valid_example_is_not_reported(rule, snippet, tmp_path):
    assert rule.code not in codes_for(snippet, tmp_path, rule)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_rule_metadata_is_complete(rule):
    assert rule.code and rule.name and rule.summary and rule.what and rule.why and rule.fix
    assert rule.category in CATEGORIES
    assert rule.name == rule.name.lower() and " " not in rule.name
    if rule.category != "diagnostics":
        assert rule.example and rule.fixed_example and rule.references and rule.cwe
    assert rule.code in rule_markdown(rule)


def test_codes_and_names_are_unique():
    assert len({rule.code for rule in RULES}) == len(RULES)
    assert len({rule.name for rule in RULES}) == len(RULES)


def test_catalog_is_current():
    from jwtlint.docs import CATALOG, catalog_source

    path = Path(__file__).resolve().parent.parent / CATALOG
    assert path.read_text(encoding="utf-8") == catalog_source(), "stale catalog: run `python -m jwtlint.docs`"


def test_a_run_with_nothing_to_parse_does_not_import_the_parser(tmp_path):
    import subprocess
    import sys

    (tmp_path / "plain.py").write_text("import os\n")
    code = ("import sys\nfrom jwtlint.cli import main\ncode = main(['check', '--no-cache', 'plain.py'])\n"
            "assert 'libcst' not in sys.modules, 'libcst imported'\nsys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr + done.stdout


def test_readme_rules_table_is_current():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert with_rules_table(readme) == readme, "README rules table is stale: run `python -m jwtlint.docs`"
