"""Each candidate's analysis against its own parse: the budget's worst file.

For every candidate of the tree in the working directory (``candidates.py``) it
times (CPU time) ``libcst.parse_module`` on the file's bytes and jwtlint's whole analysis
of it (``analyze_source``, which parses too), in this one process. The files
with the highest ratio are timed again, best of ``--repeat``, so that a first
look-up of the project index or a busy moment of the machine does not make a
file the worst. Files that parse in under ``--floor`` seconds are left out of
the ratio: there, the fixed cost of a rule pass is what a ratio would measure.
Prints one JSON object (see ``main``).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

import libcst
from candidates import Candidate, candidates, settings_here

from jwtlint.engine import Settings, analyze_source

#: How many of the worst files are timed again.
RETIMED = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timings of each of the worst files (best kept)")
    parser.add_argument("--floor", type=float, default=0.01, help="CPU seconds of parsing under which no ratio is taken")
    args = parser.parse_args()
    settings = settings_here()
    found = [candidate for candidate in candidates(settings) if _parses(candidate.data)]
    costs = {candidate.display: _costs(candidate, settings, 1) for candidate in found}
    measured = [candidate for candidate in found if costs[candidate.display][0] >= args.floor]
    worst = sorted(measured, key=lambda candidate: -_ratio(costs[candidate.display]))[:RETIMED]
    for candidate in worst:
        costs[candidate.display] = _costs(candidate, settings, args.repeat)
    worst.sort(key=lambda candidate: -_ratio(costs[candidate.display]))
    print(json.dumps({
        "candidates": len(found),
        "measured": len(measured),
        "parse": round(sum(parse for parse, _ in costs.values()), 3),
        "analyse": round(sum(analyse for _, analyse in costs.values()), 3),
        "worst": [{"file": candidate.display, "bytes": len(candidate.data),
                   "parse": round(costs[candidate.display][0], 4),
                   "analyse": round(costs[candidate.display][1], 4),
                   "ratio": round(_ratio(costs[candidate.display]), 2)} for candidate in worst],
        "largest": sorted(((len(candidate.data), candidate.display) for candidate in found), reverse=True)[:5],
    }))


def _parses(data: bytes) -> bool:
    """A file jwtlint reports as unparsable (JWT001) has no analysis to compare with its parse."""
    try:
        libcst.parse_module(data)
    except Exception:
        return False
    return True


def _costs(candidate: Candidate, settings: Settings, repeat: int) -> tuple[float, float]:
    """(parse, analysis) seconds, each the best of ``repeat`` runs, alternating the two."""
    parse = analyse = float("inf")
    for _ in range(repeat):
        parse = min(parse, _seconds(lambda: libcst.parse_module(candidate.data)))
        analyse = min(analyse, _seconds(lambda: analyze_source(candidate.data, candidate.display, settings,
                                                               real_path=candidate.real)))
    return parse, analyse


def _seconds(action: Callable[[], object]) -> float:
    """CPU seconds of this process: on a shared machine, what the file costs rather than the neighbours."""
    started = time.process_time()
    action()
    return time.process_time() - started


def _ratio(costs: tuple[float, float]) -> float:
    parse, analyse = costs
    return analyse / parse


if __name__ == "__main__":
    main()
