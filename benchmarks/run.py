"""jwtlint's speed budget, measured on two real trees: one command, ratios only.

    .venv/bin/python benchmarks/run.py [--runs 5] [--bandit-runs 1]

Builds (once) a haystack from the Django sdist and a dense tree from the sdists
of seven JWT libraries under ``benchmarks/work/`` (git-ignored), each also copied
into a git repository with the usual Python ``.gitignore`` (``python.gitignore``)
where both linters run with their default options, installs ruff
and bandit into a venv of their own there, then times, alternating commands
and taking medians:

- jwtlint cold (no cache) and warm (cache of the previous run) on both trees;
- ``ruff check --select S``, ``bandit -r`` and the floor of reading every file;
- on the dense tree, walking and parsing jwtlint's candidates with libcst alone;
- a single-file run on a file that does not involve JWT, as pre-commit does.

Absolute times depend on the machine; the ratios are what the budget bounds.
Exits 1 when a budget line fails. Not a test: speed is never asserted by tests.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

import measure
import tools
import trees
from measure import Command, alternate, median_cpu, median_wall, peak

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
CACHE = ".jwtlint_cache"
#: In a plain folder both linters see every file (the trees live in a folder this repository's
#: .gitignore excludes, so git-ignore handling is off there); in the "-git" copies both run with
#: their defaults, reading the tree's own .gitignore, as users run them.
JWTLINT_CHECK = ["check", "--format", "json", "--exit-zero", "."]
PLAIN_ONLY = ["--no-respect-gitignore"]
#: A module of the haystack that has nothing to do with JWT, checked alone as pre-commit does.
SINGLE_FILE = "django/utils/functional.py"
MB_LIMIT = 200


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds of every command (median taken)")
    parser.add_argument("--bandit-runs", type=int, default=1, help="rounds of bandit, which is slow")
    args = parser.parse_args()

    built = trees.build(WORK)
    bin_ = tools.ensure(WORK)
    jwtlint = tools.jwtlint_command()
    print(f"jwtlint benchmark, {datetime.date.today().isoformat()}: {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}; medians of {args.runs} runs "
          f"(bandit {args.bandit_runs})")
    budget: list[tuple[bool, str]] = []
    cold = {}
    for name in ("haystack", "haystack-git", "dense", "dense-git"):
        tree = built[name]
        plain = [] if name.endswith("-git") else PLAIN_ONLY
        check = [*JWTLINT_CHECK[:-1], *plain, "."]
        commands = [
            Command("floor", [sys.executable, str(HERE / "read_floor.py"), "."], tree),
            Command("ruff", [str(bin_ / "ruff"), "check", "--isolated", "--select", "S", "--no-cache",
                             "--exit-zero", "--quiet", *plain, "."], tree),
            Command("cold", [*jwtlint, *check], tree, before=lambda tree=tree: _drop_cache(tree)),
            Command("warm", [*jwtlint, *check], tree),
            Command("bandit", [str(bin_ / "bandit"), "-r", "-q", "."], tree),
        ]
        if name.startswith("dense"):
            commands.append(Command("parse", [sys.executable, str(HERE / "parse_only.py"), "."], tree))
        results = alternate(commands, args.runs, fewer={"bandit": args.bandit_runs})
        cold[name] = results["cold"]
        budget += _report(name, tree, results)
    budget.append(_single_file(jwtlint, built["haystack"]))

    print("\nBudget")
    for passed, line in budget:
        print(f"  {'PASS' if passed else 'FAIL'}  {line}")
    return 0 if all(passed for passed, _ in budget) else 1


def _report(name: str, tree: Path, results: dict) -> list[tuple[bool, str]]:
    stats = json.loads(results["cold"][-1].stdout)["stats"]
    warm_stats = json.loads(results["warm"][-1].stdout)["stats"]
    wall = {key: median_wall(runs) for key, runs in results.items()}
    print(f"\n{name}: {stats['files']} files, {stats['candidates']} candidates kept by the prefilter, "
          f"{stats['findings']} findings")
    for key, runs in results.items():
        print(f"  {key:<7} {wall[key]:8.3f} s wall  {median_cpu(runs):8.3f} s cpu  {peak(runs):6.0f} MB peak"
              f"  ({len(runs)} runs)")
    cache_files = len(list((tree / CACHE).glob("results-*.json")))
    if warm_stats["findings"] != stats["findings"] or (stats["candidates"] and cache_files != 1):
        print("  warning: the warm run did not reuse the cold run's cache (was jwtlint's code edited meanwhile?)")
    ratio = {
        "jwtlint/ruff": wall["cold"] / wall["ruff"],
        "bandit/jwtlint": wall["bandit"] / wall["cold"],
        "jwtlint/floor": wall["cold"] / wall["floor"],
        "warm/cold": wall["warm"] / wall["cold"],
        "cpu/wall": median_cpu(results["cold"]) / wall["cold"],
    }
    if "parse" in wall:
        candidates, parse_seconds = results["parse"][-1].stdout.decode().split()
        ratio["jwtlint/libcst-parse"] = wall["cold"] / wall["parse"]
        print(f"  libcst parse alone: {candidates} files, {float(parse_seconds):.3f} s of parsing in one process")
    print("  ratios: " + ", ".join(f"{key} {value:.2f}" for key, value in ratio.items()))
    peak_mb = peak(results["cold"] + results["warm"])
    lines = [(ratio["warm/cold"] <= 0.2, f"{name} warm/cold = {ratio['warm/cold']:.2f} (at most 0.20)"),
             (peak_mb < MB_LIMIT, f"{name} peak memory = {peak_mb:.1f} MB (under {MB_LIMIT} MB)")]
    if name.startswith("haystack"):
        lines += [(ratio["jwtlint/ruff"] <= 1.0, f"{name} cold jwtlint/ruff = {ratio['jwtlint/ruff']:.2f} (at most 1.0)"),
                  (ratio["bandit/jwtlint"] >= 50, f"{name} cold bandit/jwtlint = {ratio['bandit/jwtlint']:.1f} "
                                                  "(at least 50)")]
    else:
        lines += [(ratio["jwtlint/libcst-parse"] <= 3.0, f"{name} cold jwtlint/libcst-parse = "
                                                         f"{ratio['jwtlint/libcst-parse']:.2f} (at most 3.0)"),
                  (ratio["cpu/wall"] > 1.0, f"{name} cold cpu/wall = {ratio['cpu/wall']:.2f} (over 1.0: both cores used)")]
    return lines


def _single_file(jwtlint: list[str], haystack: Path) -> tuple[bool, str]:
    """Startup dominates a one-file run; it also shows whether libcst was imported for nothing."""
    command = Command("single", [*jwtlint, "check", "--force-exclude", "--no-respect-gitignore", SINGLE_FILE],
                      haystack)
    probe = json.loads(measure.run(Command("probe", [*command.argv[:-1], "--format", "json", SINGLE_FILE],
                                           haystack)).stdout)["stats"]
    wall = median_wall([measure.run(command) for _ in range(7)])
    imports = subprocess.run([sys.executable, "-X", "importtime", "-m", "jwtlint", *command.argv[len(jwtlint):]],
                             cwd=haystack, capture_output=True, text=True).stderr
    libcst = re.search(r"\|\s*(\d+) \|\s*libcst$", imports, re.MULTILINE)
    print(f"\nsingle file ({SINGLE_FILE}: {probe['files']} file, {probe['candidates']} candidates): "
          f"{wall:.3f} s wall, median of 7; libcst imported: "
          f"{f'yes, {int(libcst.group(1)) / 1000:.0f} ms' if libcst else 'no'}")
    return wall < 0.3, f"single-file run = {wall:.3f} s wall (under 0.3 s)"


def _drop_cache(tree: Path) -> None:
    shutil.rmtree(tree / CACHE, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
