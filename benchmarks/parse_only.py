"""What a libcst-based linter cannot avoid: find jwtlint's candidates, parse each once.

It finds the candidates exactly as ``jwtlint check`` does (``candidates.py``),
then runs ``libcst.parse_module`` on every one in one process and nothing else.
jwtlint's cold run over the same tree, divided by this, is what its analysis
costs on top of parsing. Prints the candidate count and the seconds spent in
parsing alone.
"""

import sys
import time

import libcst
from candidates import candidates, settings_here


def main(root: str) -> None:
    found = candidates(settings_here(), root)
    started = time.perf_counter()
    for candidate in found:
        try:
            libcst.parse_module(candidate.data)
        except Exception:  # a file jwtlint reports as JWT001 costs a failed parse here too
            pass
    print(len(found), round(time.perf_counter() - started, 3))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
