"""The self-check of the benchmark's semgrep rules: each fires where its samples say, and only there.

``semgrep-jwt-samples.txt`` announces every expected report with a
``# ruleid: ID`` line just above the statement (semgrep's own test convention)
and the cases a rule must leave alone with ``# ok: ID``. semgrep runs on a copy
named ``.py`` in a fresh folder, with the same offline command as the benchmark.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import tools

SAMPLES = Path(__file__).resolve().parent / "semgrep-jwt-samples.txt"
MARKER = re.compile(r"\s*#\s*(ruleid|ok):\s*([\w-]+)\s*$")
RULE_ID = re.compile(r"^\s*-\s*id:\s*([\w-]+)", re.MULTILINE)


def problems(bin_: Path) -> list[str]:
    """What is wrong with the rules, or nothing; every rule must have a sample that it reports."""
    expected, negatives = _markers(SAMPLES.read_text())
    with tempfile.TemporaryDirectory() as folder:
        shutil.copyfile(SAMPLES, Path(folder) / "samples.py")
        completed = subprocess.run(tools.semgrep_command(bin_, "samples.py"), cwd=folder, capture_output=True,
                                   text=True, env=tools.offline_environment())
    if completed.returncode not in (0, 1):
        return [f"semgrep failed ({completed.returncode}): {completed.stderr.strip()[-500:]}"]
    output = json.loads(completed.stdout)
    found = {(result["start"]["line"], result["check_id"].rsplit(".", 1)[-1]) for result in output["results"]}
    wrong = [f"line {line}: {rule} expected, not reported" for line, rule in sorted(expected - found)]
    wrong += [f"line {line}: {rule} reported, not announced" for line, rule in sorted(found - expected)]
    wrong += [f"semgrep error: {error.get('message', error)}" for error in output.get("errors", [])]
    rules = set(RULE_ID.findall(tools.SEMGREP_RULES.read_text()))
    wrong += [f"rule {rule} has no sample it reports" for rule in sorted(rules - {rule for _, rule in expected})]
    wrong += [f"rule {rule} has no sample it must leave alone" for rule in sorted(rules - negatives)]
    return wrong


def _markers(text: str) -> tuple[set[tuple[int, str]], set[str]]:
    """(line of the statement, rule) for each ``ruleid`` marker; the rules that have an ``ok`` one."""
    expected, negatives = set(), set()
    for number, line in enumerate(text.splitlines(), start=1):
        match = MARKER.fullmatch(line)
        if match and match.group(1) == "ruleid":
            expected.add((number + 1, match.group(2)))
        elif match:
            negatives.add(match.group(2))
    return expected, negatives
