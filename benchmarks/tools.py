"""The tools jwtlint is compared with, in a virtual environment of the benchmark's own.

ruff and bandit are never dependencies of jwtlint: they live in
``benchmarks/work/venv``, pinned so that the figures are repeatable.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

PINS = {"ruff": "0.17.6", "bandit": "1.9.4"}


def ensure(work: Path) -> Path:
    """The benchmark venv's ``bin`` folder, with the pinned tools installed."""
    home = work / "venv"
    bin_ = home / "bin"
    marker = home / ".pins"
    wanted = " ".join(f"{name}=={version}" for name, version in sorted(PINS.items()))
    if marker.is_file() and marker.read_text() == wanted:
        return bin_
    if not (bin_ / "python").exists():
        venv.create(home, with_pip=True)
    subprocess.run([str(bin_ / "python"), "-m", "pip", "install", "--quiet", *wanted.split()], check=True)
    marker.write_text(wanted)
    return bin_


def jwtlint_command() -> list[str]:
    """jwtlint as users run it: the console script of the interpreter running the benchmark."""
    script = Path(sys.executable).parent / "jwtlint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "jwtlint"]
