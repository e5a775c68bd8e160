"""Wall time of ``jwtlint check`` with one worker, two workers and the default.

Usage: ``python benchmarks/jobs.py TREE [RUNS]``. Runs are alternated (1, 2, default, 1, ...)
so that a machine whose load changes treats each setting alike, and the medians printed
with the speed-up of two workers over one (issue 14: at least 1.7x on the dense tree, and the
default never slower than one worker). Every run is cold (``--no-cache``) and reads the tree
as a plain folder.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

SETTINGS = {"--jobs 1": ["--jobs", "1"], "--jobs 2": ["--jobs", "2"], "default": []}


def run(tree: str, extra: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "jwtlint", "check", "--no-cache", "-q", "--exit-zero",
                    "--no-respect-gitignore", "--format", "json", "-o", "/dev/null", *extra, tree], check=True)
    return time.perf_counter() - started


def main(tree: str, runs: int) -> None:
    times: dict[str, list[float]] = {name: [] for name in SETTINGS}
    for _ in range(runs):
        for name, extra in SETTINGS.items():
            times[name].append(run(tree, extra))
    medians = {name: statistics.median(found) for name, found in times.items()}
    for name, median in medians.items():
        print(f"{name:9} {median:7.2f} s  (runs: {', '.join(f'{t:.2f}' for t in times[name])})")
    print(f"two workers over one: {medians['--jobs 1'] / medians['--jobs 2']:.2f}x; "
          f"default over one: {medians['--jobs 1'] / medians['default']:.2f}x")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)
