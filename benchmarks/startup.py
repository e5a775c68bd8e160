"""Start-up bound runs: cold and warm on a tree, and pre-commit style single files. CPU, not wall.

    .venv/bin/python benchmarks/startup.py TREE [TREE ...] [--file PATH ...] [--runs 7]

For each tree: ``jwtlint check --no-cache`` (cold) and ``jwtlint check`` after a priming run and
a pause longer than the cache's racy window (warm, the run snapshot replayed), as medians of the
CPU time (user + system) of the process, and the warm/cold ratio (budget: at most 0.2). For each
``--file``: ``jwtlint check --force-exclude --no-cache FILE`` from the file's folder, as
pre-commit runs it (budget: 0.3 s for a file with no JWT use, 0.6 s for a 200-line JWT file; the
budget is wall time, which on an idle machine is the CPU time printed here). On a busy machine
CPU time is what stays comparable; ``benchmarks/run.py`` measures the rest of the budget.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

#: Longer than jwtlint.cache.RACY_NS: inputs written by the priming run are then not racy.
_PAST_RACY_WINDOW = 3.2


def cpu_seconds(command: list[str], cwd: str, runs: int) -> float:
    """Median CPU time of ``command`` over ``runs`` runs."""
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="*", help="folders to check, each from inside it")
    parser.add_argument("--file", action="append", default=[], help="a single file, checked as pre-commit does")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    jwtlint = [sys.executable, "-m", "jwtlint", "check", "--exit-zero", "-q"]
    for tree in args.trees:
        subprocess.run([*jwtlint, "."], cwd=tree, stdout=subprocess.DEVNULL, check=False)
        time.sleep(_PAST_RACY_WINDOW)
        cold = cpu_seconds([*jwtlint, "--no-cache", "."], tree, args.runs)
        warm = cpu_seconds([*jwtlint, "."], tree, args.runs)
        print(f"{tree}: cold {cold:.3f} s, warm {warm:.3f} s CPU, warm/cold {warm / cold:.2f} (budget 0.20)")
    for path in args.file:
        folder, name = os.path.split(os.path.abspath(path))
        seconds = cpu_seconds([*jwtlint, "--force-exclude", "--no-cache", name], folder, args.runs)
        print(f"{path}: {seconds:.3f} s CPU, as pre-commit runs it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
