"""Memory (and time) against tree size: synthetic trees from 1,000 to 50,000 files.

Each tree is copied from the haystack and the dense tree (``trees.scaled``), so
the share of JWT files stays the same at every size; one cold run with default
options each. Growth is linear when no stretch of the curve climbs faster than
``STEEPEST`` times the average climb from the smallest tree to the largest.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import tools
import trees
from budget import Line
from measure import Command, run

SIZES = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000)
QUICK_SIZES = (1_000, 2_000, 5_000)
STEEPEST = 1.5
#: MB per 1,000 files under which a climb is noise (a flat curve is linear).
FLAT = 0.1


def curve(work: Path, haystack: Path, dense: Path, sizes: Sequence[int], check: list[str],
          mb_limit: float) -> list[Line]:
    points = []
    print("\nscaling (one cold run each, default options):")
    print(f"  {'files':>7} {'candidates':>10} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}")
    for size in sizes:
        tree = trees.scaled(work, size, haystack, dense)
        result = run(Command(f"{size} files", check, tree,
                             before=lambda tree=tree: tools.drop_cache(tree)))
        stats = json.loads(result.stdout)["stats"]
        points.append((stats["files"], result.peak_mb))
        print(f"  {stats['files']:>7} {stats['candidates']:>10} {result.wall:>8.2f} {result.cpu:>8.2f} "
              f"{result.peak_mb:>8.0f}")
    average, steepest = climbs(points)
    (first_files, _), (last_files, last_mb) = points[0], points[-1]
    print(f"  climb: {average:.2f} MB per 1,000 files on average, {steepest:.2f} at the steepest")
    return [Line(f"scaling: peak memory at {last_files} files", last_mb, "<", mb_limit, unit="MB"),
            Line(f"scaling: steepest / average memory climb, {first_files} to {last_files} files",
                 steepest / average, "<=", STEEPEST)]


def climbs(points: Sequence[tuple[int, float]]) -> tuple[float, float]:
    """(average, steepest) climb in MB per 1,000 files of a curve of (files, MB) points sorted by
    files; the average is at least ``FLAT``, so that a flat curve's noise is not growth."""
    (first_files, first_mb), (last_files, last_mb) = points[0], points[-1]
    average = max((last_mb - first_mb) / (last_files - first_files) * 1000, FLAT)
    steepest = max((mb - previous_mb) / (files - previous_files) * 1000
                   for (previous_files, previous_mb), (files, mb) in zip(points, points[1:]))
    return average, steepest
