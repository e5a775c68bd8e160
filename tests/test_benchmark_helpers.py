"""The benchmark's pure helpers (benchmarks/): how a budget line, the semgrep samples' markers and
the memory curve are judged. No timing here: speed is measured by benchmarks/run.py, never by tests."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from budget import Line, summary, table  # noqa: E402
from scaling import FLAT, STEEPEST, climbs  # noqa: E402
from semgrep_check import SAMPLES, _markers  # noqa: E402


@pytest.mark.parametrize(("measured", "bound", "limit", "passed"), [
    (0.5, "<=", 0.5, True), (0.51, "<=", 0.5, False), (0.3, "<", 0.3, False), (1.7, ">=", 1.7, True),
    (1.69, ">=", 1.7, False), (0, "=", 0, True), (5, "=", 0, False),
])
def test_a_budget_line_passes_exactly_within_its_bound(measured, bound, limit, passed):
    assert Line("x", measured, bound, limit).passed is passed


def test_the_table_prints_measured_budget_and_verdict_and_the_summary_names_what_missed():
    lines = [Line("dense: cold / semgrep", 4.4, "<=", 0.5), Line("pre-commit", 0.12, "<", 0.6, unit="s", note="f.py")]
    printed = table(lines)
    assert "| dense: cold / semgrep | 4.40x    | <= 0.50x | MISS |" in printed
    assert "0.12 s" in printed and "PASS" in printed and "- pre-commit: f.py" in printed
    assert summary(lines) == "1 of 2 budget lines pass; missed: dense: cold / semgrep"


def test_markers_announce_the_next_line_and_only_whole_comment_lines_count():
    text = "# the format: '# ruleid: ID' says...\n# ruleid: rule-a\ncall()\n    # ok: rule-b\nother()\n"
    assert _markers(text) == ({(3, "rule-a")}, {"rule-b"})


def test_every_rule_of_the_shipped_samples_has_a_positive_and_a_negative():
    expected, negatives = _markers(SAMPLES.read_text())
    assert {rule for _, rule in expected} == negatives and len(negatives) == 6


def test_a_straight_memory_curve_is_linear_and_a_bent_one_is_not():
    straight = [(1000, 30.0), (5000, 34.0), (50000, 79.0)]
    average, steepest = climbs(straight)
    assert average == pytest.approx(1.0) and steepest / average <= STEEPEST
    bent = [(1000, 30.0), (25000, 32.0), (50000, 130.0)]
    average, steepest = climbs(bent)
    assert steepest / average > STEEPEST
    assert climbs([(1000, 30.0), (50000, 30.5)])[0] == FLAT  # a flat curve's noise is not growth
