"""jwtlint's speed budget (issue 14), measured on real trees: one command, every budget line.

    python benchmarks/run.py            # the whole budget (about 25 minutes on 2 busy cores)
    python benchmarks/run.py --quick    # fewer runs and smaller synthetic trees, for development
    python benchmarks/run.py --self-check   # only: do the semgrep rules fire on their samples?

Builds (once, in ``--work``) four trees from pinned PyPI sdists (``trees.py``),
each as a plain folder and as a copy inside a git repository with the usual
Python ``.gitignore``; installs ruff and semgrep in a venv of its own there
(``tools.py``); then alternates the commands of each tree and takes medians:
jwtlint cold (no cache), warm (the cache of the run before), ``--jobs 1`` and
``--jobs 2``, the tree's yardstick (``ruff check --select S`` where there is no
JWT, semgrep with ``semgrep-jwt.yml`` where there is), and parsing jwtlint's
candidates with libcst alone. It adds each file's analysis against its own
parse (``file_costs.py``), two pre-commit style runs on one file, and the
memory curve of synthetic trees from 1,000 to 50,000 files (``scaling.py``).

Every line of the table is measured, budget, PASS or MISS; what each bound
means is in ``benchmarks/README.md``. Exits 1 when a line misses. Not a test:
speed is never asserted by tests.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import measure
import scaling
import semgrep_check
import tools
import trees
from budget import Line, summary, table
from measure import Command, Run, alternate, median_cpu, median_wall, peak

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
#: Outside any git repository, so that a plain tree is one (jwtlint and ruff look upwards for .gitignore).
DEFAULT_WORK = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jwtlint-benchmark"
JWTLINT_CHECK = ["check", "--format", "json", "--exit-zero", "."]
MB_LIMIT = 200
#: pre-commit passes the changed files: a module of the haystack that has nothing to do with JWT,
#: and a JWT module of about 200 lines of the dense tree, each checked alone in its repository.
NON_JWT_FILE = ("haystack-git", "django/utils/functional.py", 0.3)
JWT_FILE = ("dense-git", "djangorestframework_simplejwt-5.5.1/rest_framework_simplejwt/serializers.py", 0.6)


@dataclass(frozen=True)
class Plan:
    """What a tree is measured against. ``yardstick_bound`` None: the ratio is printed, not bounded."""
    yardstick: str                     # "ruff" or "semgrep"
    yardstick_bound: Optional[float]
    parse: bool                        # compare with parsing the candidates alone
    two_workers: bool                  # --jobs 2 against --jobs 1
    heavy: bool                        # slow runs: --heavy-runs rounds instead of --runs
    no_candidates: bool = False        # nothing here uses JWT: every candidate is a file parsed for nothing
    floor: bool = False                # print the ratio to reading every file (no linter can do less)


PLANS = {
    "haystack": Plan("ruff", 1.0, parse=False, two_workers=False, heavy=False, floor=True),
    "big": Plan("ruff", None, parse=False, two_workers=False, heavy=True, no_candidates=True),
    "dense": Plan("semgrep", 0.5, parse=True, two_workers=True, heavy=True),
    "apps": Plan("semgrep", 0.5, parse=True, two_workers=False, heavy=True),
}
PARTS = (*PLANS, "files", "precommit", "scaling")


@dataclass(frozen=True)
class Options:
    runs: int
    heavy_runs: int
    single_runs: int
    repeat: int
    sizes: tuple[int, ...]
    clock: str


FULL = Options(runs=5, heavy_runs=3, single_runs=7, repeat=3, sizes=scaling.SIZES, clock="cpu")
QUICK = Options(runs=2, heavy_runs=1, single_runs=3, repeat=1, sizes=scaling.QUICK_SIZES, clock="cpu")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, synthetic trees up to 5,000 files")
    parser.add_argument("--self-check", action="store_true", help="only check the semgrep rules on their samples")
    parser.add_argument("--only", nargs="+", choices=PARTS, help="measure only these parts")
    parser.add_argument("--runs", type=int, help="rounds of every command of the fast trees (median taken)")
    parser.add_argument("--heavy-runs", type=int, help="rounds on the trees where jwtlint has real work")
    parser.add_argument("--clock", choices=("cpu", "wall"),
                        help="what the comparisons of work use (default cpu: the machine may be shared); "
                             "--jobs and pre-commit lines always use wall time")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help=f"downloads, trees, venv (default {DEFAULT_WORK})")
    args = parser.parse_args(argv)
    base = QUICK if args.quick else FULL
    options = Options(runs=args.runs or base.runs, heavy_runs=args.heavy_runs or base.heavy_runs,
                      single_runs=base.single_runs, repeat=base.repeat, sizes=base.sizes,
                      clock=args.clock or base.clock)
    bin_ = tools.ensure(args.work)
    wrong = semgrep_check.problems(bin_)
    for problem in wrong:
        print(f"semgrep rules: {problem}", file=sys.stderr)
    if args.self_check or wrong:
        print(f"semgrep rules: {'FAILED' if wrong else 'every rule fires on its samples and only there'}")
        return 1 if wrong else 0
    parts = args.only or PARTS
    started = time.perf_counter()
    built = trees.build(args.work)
    jwtlint = tools.jwtlint_command()
    print(_header(bin_, options, "quick" if args.quick else "full"))
    lines: list[Line] = []
    for name in (part for part in PLANS if part in parts):
        for variant in (name, f"{name}-git"):
            lines += _tree(variant, built[variant], PLANS[name], jwtlint, bin_, options)
    if "files" in parts:
        for name in ("dense", "apps", "big"):
            lines += _file_costs(name, built[name], options)
    if "precommit" in parts:
        for tree, path, limit in (NON_JWT_FILE, JWT_FILE):
            lines.append(_single_file(jwtlint, built[tree], path, limit, options))
    if "scaling" in parts:
        lines += scaling.curve(args.work, built["haystack"], built["dense"], options.sizes,
                               [*jwtlint, *JWTLINT_CHECK], MB_LIMIT)
    print(f"\nBudget ({options.clock} time for comparisons of work, wall time for --jobs and pre-commit; "
          f"load average at the end {_load()})\n")
    print(table(lines))
    print("\n" + summary(lines) + f" (measured in {(time.perf_counter() - started) / 60:.0f} min)")
    return 0 if all(line.passed for line in lines) else 1


def _header(bin_: Path, options: Options, mode: str) -> str:
    versions = {name: _version([str(bin_ / name), "--version"]) for name in ("ruff", "semgrep")}
    commit = _version(["git", "-C", str(REPOSITORY), "describe", "--always", "--dirty"])
    return (f"jwtlint benchmark ({mode}), {datetime.datetime.now().isoformat(timespec='minutes')}\n"
            f"machine: {platform.system()} {platform.machine()}, {_cpu_model()}, {os.cpu_count()} cores, "
            f"load average {_load()} at the start (other jobs share the cores when it is above 0)\n"
            f"jwtlint {commit} on Python {platform.python_version()}; ruff {versions['ruff']}, "
            f"semgrep {versions['semgrep']}\n"
            f"medians of {options.runs} alternating runs ({options.heavy_runs} on the trees where jwtlint "
            f"analyses files)")


def _version(argv: list[str]) -> str:
    completed = subprocess.run(argv, capture_output=True, text=True, env=tools.offline_environment())
    return completed.stdout.strip().split()[-1] if completed.stdout.strip() else "?"


def _cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown CPU"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else "unknown CPU"


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def _tree(name: str, tree: Path, plan: Plan, jwtlint: list[str], bin_: Path, options: Options) -> list[Line]:
    """The tree's commands, alternated; in the git copy only what the walk changes (yardstick, cold, warm)."""
    in_git = name.endswith("-git")
    cold = Command("cold", [*jwtlint, *JWTLINT_CHECK], tree, before=lambda: tools.drop_cache(tree))
    commands = [_yardstick(plan, tree, bin_), cold, Command("warm", cold.argv, tree)]
    if not in_git:
        commands.append(Command("jobs 1", [*jwtlint, *JWTLINT_CHECK[:-1], "--jobs", "1", "."], tree,
                                before=cold.before))
        if plan.two_workers:
            commands.append(Command("jobs 2", [*jwtlint, *JWTLINT_CHECK[:-1], "--jobs", "2", "."], tree,
                                    before=cold.before))
        if plan.parse:
            commands.append(Command("parse", [sys.executable, str(HERE / "parse_only.py"), "."], tree))
    if plan.floor:
        commands.append(Command("floor", [sys.executable, str(HERE / "read_floor.py"), "."], tree))
    results = alternate(commands, options.heavy_runs if plan.heavy else options.runs)
    return _tree_lines(name, plan, results, options.clock)


def _yardstick(plan: Plan, tree: Path, bin_: Path) -> Command:
    if plan.yardstick == "ruff":
        return Command("ruff", tools.ruff_command(bin_), tree)
    return Command("semgrep", tools.semgrep_command(bin_, "."), tree, env=tools.offline_environment())


def _tree_lines(name: str, plan: Plan, results: dict[str, list[Run]], clock: str) -> list[Line]:
    stats = json.loads(results["cold"][-1].stdout)["stats"]
    warm_stats = json.loads(results["warm"][-1].stdout)["stats"]
    seconds = {key: (median_cpu if clock == "cpu" else median_wall)(runs) for key, runs in results.items()}
    wall = {key: median_wall(runs) for key, runs in results.items()}
    print(f"\n{name}: {stats['files']} files, {stats['candidates']} candidates, {stats['findings']} findings"
          f"{_semgrep_stats(results)}")
    for key, runs in results.items():
        failed = sum(run.returncode not in (0, 1) for run in runs)
        print(f"  {key:<8} {median_wall(runs):8.3f} s wall {median_cpu(runs):8.3f} s cpu {peak(runs):6.0f} MB peak"
              f"  ({len(runs)} runs{f', {failed} FAILED' if failed else ''})")
    if warm_stats["findings"] != stats["findings"]:
        print("  warning: the warm run's findings differ from the cold run's (was jwtlint edited meanwhile?)")
    yardstick = plan.yardstick
    ratio = seconds["cold"] / seconds[yardstick]
    lines = []
    if plan.yardstick_bound is not None:
        lines.append(Line(f"{name}: cold / {yardstick}", ratio, "<=", plan.yardstick_bound))
    else:
        print(f"  cold / {yardstick} = {ratio:.2f} ({clock}; no budget)")
    if "floor" in seconds:
        print(f"  cold / reading every file = {seconds['cold'] / seconds['floor']:.2f} ({clock}; no budget)")
    lines.append(Line(f"{name}: warm / cold", seconds["warm"] / seconds["cold"], "<=", 0.2))
    if "jobs 1" in wall:
        lines.append(Line(f"{name}: --jobs default / --jobs 1 (wall)", wall["cold"] / wall["jobs 1"], "<=", 1.0))
    if "jobs 2" in wall:
        lines.append(Line(f"{name}: --jobs 1 / --jobs 2 (wall)", wall["jobs 1"] / wall["jobs 2"], ">=", 1.7))
    if "parse" in seconds:
        parsed, parsing = results["parse"][-1].stdout.decode().split()
        print(f"  libcst alone: {parsed} candidates, {float(parsing):.3f} s of parsing in one process")
        lines.append(Line(f"{name}: cold / libcst parse of the candidates", seconds["cold"] / seconds["parse"],
                          "<=", 1.5))
    if plan.no_candidates and not name.endswith("-git"):
        lines.append(Line(f"{name}: candidates (no file uses JWT)", stats["candidates"], "=", 0, unit="files"))
    jwtlint_runs = [run for key, runs in results.items() if key in ("cold", "warm", "jobs 1", "jobs 2")
                    for run in runs]
    lines.append(Line(f"{name}: peak memory", peak(jwtlint_runs), "<", MB_LIMIT, unit="MB"))
    return lines


def _semgrep_stats(results: dict[str, list[Run]]) -> str:
    """How much semgrep looked at: it skips test folders by default, as jwtlint skips test code."""
    if "semgrep" not in results:
        return ""
    output = json.loads(results["semgrep"][-1].stdout)
    return f"; semgrep scanned {len(output['paths']['scanned'])} files, {len(output['results'])} findings"


def _file_costs(name: str, tree: Path, options: Options) -> list[Line]:
    completed = subprocess.run([sys.executable, str(HERE / "file_costs.py"), "--repeat", str(options.repeat)],
                               cwd=tree, capture_output=True, text=True, check=True)
    costs = json.loads(completed.stdout)
    print(f"\n{name}, each file: {costs['candidates']} candidates parse in {costs['parse']:.2f} s and are "
          f"analysed in {costs['analyse']:.2f} s ({costs['measured']} parse in 10 ms or more); "
          f"largest: {', '.join(f'{path} ({size // 1024} KB)' for size, path in costs['largest'][:3])}")
    for file in costs["worst"]:
        print(f"  {file['ratio']:6.2f}x  {file['analyse']:.3f} s against {file['parse']:.3f} s of parsing, "
              f"{file['bytes'] // 1024} KB  {file['file']}")
    if not costs["worst"]:
        return []
    worst = costs["worst"][0]
    return [Line(f"{name}: worst file / its own parse", worst["ratio"], "<=", 3.0,
                 note=f"{worst['file']} ({worst['bytes'] // 1024} KB)")]


def _single_file(jwtlint: list[str], tree: Path, path: str, limit: float, options: Options) -> Line:
    """pre-commit runs jwtlint on the changed files, with default options, in the repository; the file
    has changed, so it is cold. Start-up dominates, and libcst's import when the file needs parsing."""
    command = Command("single", [*jwtlint, "check", path], tree, before=lambda: tools.drop_cache(tree))
    probe = json.loads(measure.run(Command("probe", [*jwtlint, "check", "--format", "json", "--exit-zero", path],
                                           tree, before=command.before)).stdout)["stats"]
    wall = median_wall([measure.run(command) for _ in range(options.single_runs)])
    tools.drop_cache(tree)
    imports = subprocess.run([sys.executable, "-X", "importtime", "-m", "jwtlint", *command.argv[len(jwtlint):]],
                             cwd=tree, capture_output=True, text=True).stderr
    libcst = re.search(r"\|\s*(\d+) \|\s*libcst$", imports, re.MULTILINE)
    length = len((tree / path).read_text().splitlines())
    print(f"\npre-commit, {path} ({length} lines, {probe['candidates']} candidate): {wall:.3f} s wall, median of "
          f"{options.single_runs}; libcst imported: {f'yes, {int(libcst.group(1)) / 1000:.0f} ms' if libcst else 'no'}")
    kind = "JWT" if probe["candidates"] else "non-JWT"
    return Line(f"pre-commit: one {length}-line {kind} file (wall)", wall, "<", limit, unit="s", note=path)


if __name__ == "__main__":
    sys.exit(main())
