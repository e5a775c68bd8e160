"""Fuzz jwtlint's engine: hypothesmith programs and fixture mutants, 10,000+ cases by default.

    python scripts/fuzz.py [--programs 2500] [--mutants 10000] [--seed 0]

Prints each internal error with the input that caused it (also written to
``fuzz-crashes/``), and exits 1 if there was any. Turn each into a case of
``tests/test_bad_input.py``. Needs the test extra (hypothesis, hypothesmith).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from mutants import internal_error, mutants, settings  # noqa: E402 - the tests' helper module


def _programs(count: int, seed: int):
    import hypothesis
    import hypothesmith

    found: list[str] = []

    @hypothesis.seed(seed)
    @hypothesis.settings(max_examples=count, deadline=None, database=None,
                         suppress_health_check=list(hypothesis.HealthCheck))
    @hypothesis.given(hypothesmith.from_grammar())
    def collect(source: str) -> None:
        found.append("import jwt\n" + source)

    collect()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=2500)
    parser.add_argument("--mutants", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    run_settings = settings()
    crashes = Path("fuzz-crashes")
    failures = 0
    cases = [("mutant", text) for text in mutants(args.mutants, args.seed)]
    cases += [("program", text) for text in _programs(args.programs, args.seed)]
    for number, (kind, text) in enumerate(cases, start=1):
        trace = internal_error(text, run_settings)
        if trace is not None:
            failures += 1
            crashes.mkdir(exist_ok=True)
            (crashes / f"{kind}-{number}.py").write_text(text, encoding="utf-8", errors="surrogatepass")
            print(f"--- {kind} {number}: internal error\n{trace}", flush=True)
        if number % 1000 == 0:
            print(f"{number} cases, {failures} internal errors", file=sys.stderr, flush=True)
    print(f"{len(cases)} cases, {failures} internal errors")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
