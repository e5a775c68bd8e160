"""The secrets family is one module per rule over typed facts (issue 12, item 4)."""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import Path

import pytest

from jwtlint.rules import all_rules
from jwtlint.semantics.key_problems import KeyProblem

ROOT = Path(__file__).resolve().parent.parent / "jwtlint"
SECRETS_RULES = [rule for rule in all_rules() if rule.category == "secrets"]
#: The shared analyses of the family: facts only, no rule codes.
KEY_SEMANTICS = ["key_analysis.py", "key_problems.py", "key_settings.py", "key_sinks.py", "env_fallbacks.py",
                 "keys.py", "secret_names.py"]


@pytest.mark.parametrize("rule", SECRETS_RULES, ids=lambda rule: rule.code)
def test_each_rule_lives_in_its_own_short_module(rule):
    expected = "jwtlint.rules.secrets." + rule.name.replace("-", "_")
    assert rule.__module__ == expected
    source = Path(import_module(expected).__file__).read_text()
    assert len(source.splitlines()) < 150


@pytest.mark.parametrize("name", KEY_SEMANTICS)
def test_the_shared_key_analysis_names_no_rule(name):
    assert re.search(r"JWT\d{3}", (ROOT / "semantics" / name).read_text()) is None


def test_no_string_keyed_state_in_the_family():
    for path in (ROOT / "rules" / "secrets").glob("*.py"):
        assert "ctx.state" not in path.read_text(), path.name


def test_every_problem_is_reported_by_exactly_one_rule():
    owners = [problem for rule in SECRETS_RULES for problem in getattr(rule, "problems", ())]
    assert sorted(owners, key=lambda p: p.value) == sorted(KeyProblem, key=lambda p: p.value)
