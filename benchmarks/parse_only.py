"""What a libcst-based linter cannot avoid: find jwtlint's candidates, parse each once.

It walks and prefilters exactly as ``jwtlint check`` does (the same Walker and
Prefilter), then runs ``libcst.parse_module`` on every candidate in one process
and nothing else. jwtlint's cold run over the same tree, divided by this, is
what its analysis costs on top of parsing. Prints the candidate count and the
seconds spent in parsing alone.
"""

import sys
import time
from pathlib import Path

import libcst

from jwtlint.config import load_config
from jwtlint.engine import Settings
from jwtlint.files import Walker


def main(root: str) -> None:
    settings = Settings(load_config(Path.cwd()))
    targets, _errors = Walker(settings.config, respect_gitignore=False).walk([root])
    candidates = [data for data in (Path(target.path).read_bytes() for target in targets)
                  if settings.prefilter.wants(data)]
    started = time.perf_counter()
    for data in candidates:
        try:
            libcst.parse_module(data)
        except Exception:  # a file jwtlint reports as JWT001 costs a failed parse here too
            pass
    print(len(candidates), round(time.perf_counter() - started, 3))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
