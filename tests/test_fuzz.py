"""Bounded fuzzing in the normal test run: no generated program and no fixture mutant is an internal error.

``scripts/fuzz.py`` runs the same checks with 10,000+ cases; each crash it finds becomes a
regression case in ``tests/test_bad_input.py``.
"""

from __future__ import annotations

import pytest
from mutants import internal_error, mutants, settings

hypothesis = pytest.importorskip("hypothesis")
hypothesmith = pytest.importorskip("hypothesmith")

SETTINGS = settings()


@hypothesis.settings(max_examples=20, deadline=None, database=None,
                     suppress_health_check=list(hypothesis.HealthCheck))
@hypothesis.given(hypothesmith.from_grammar())
def test_generated_programs(source):
    assert internal_error("import jwt\n" + source, SETTINGS) is None


@pytest.mark.parametrize("seed", range(4))
def test_fixture_mutants(seed):
    failures = [text for text in mutants(40, seed) if internal_error(text, SETTINGS) is not None]
    assert not failures, failures[0]
