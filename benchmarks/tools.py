"""The tools jwtlint is compared with, in a virtual environment of the benchmark's own.

ruff and semgrep are never dependencies of jwtlint: they live in ``<work>/venv``,
pinned so that the figures are repeatable. semgrep runs offline: a local rules
file (``semgrep-jwt.yml``), no metrics, no version check.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

PINS = {"ruff": "0.17.6", "semgrep": "1.185.0"}
SEMGREP_RULES = Path(__file__).resolve().parent / "semgrep-jwt.yml"
#: What keeps semgrep from reaching out: it would otherwise ask for its latest version and send metrics.
SEMGREP_OFFLINE = {"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}


def ensure(work: Path) -> Path:
    """The benchmark venv's ``bin`` folder, with the pinned tools installed (once: a marker
    records the pins it holds; the first install of semgrep takes about a minute)."""
    home = work / "venv"
    bin_ = home / "bin"
    marker = home / ".pins"
    wanted = " ".join(f"{name}=={version}" for name, version in sorted(PINS.items()))
    if marker.is_file() and marker.read_text() == wanted:
        return bin_
    if not (bin_ / "python").exists():
        venv.create(home, with_pip=True)
    started = time.perf_counter()
    subprocess.run([str(bin_ / "python"), "-m", "pip", "install", "--quiet", *wanted.split()], check=True)
    print(f"installed {wanted} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    marker.write_text(wanted)
    return bin_


def offline_environment() -> dict[str, str]:
    return {**os.environ, **SEMGREP_OFFLINE}


def semgrep_command(bin_: Path, *targets: str) -> list[str]:
    """semgrep with the benchmark's JWT rules and its default options otherwise (jobs, ignores)."""
    return [str(bin_ / "semgrep"), "scan", "--config", str(SEMGREP_RULES), "--metrics=off",
            "--disable-version-check", "--quiet", "--json", *targets]


def ruff_command(bin_: Path) -> list[str]:
    """ruff's security rules, the closest ruff has to jwtlint's job; no cache, so every run is cold."""
    return [str(bin_ / "ruff"), "check", "--isolated", "--select", "S", "--no-cache", "--exit-zero",
            "--quiet", "."]


def jwtlint_command() -> list[str]:
    """jwtlint as users run it: the console script of the interpreter running the benchmark."""
    script = Path(sys.executable).parent / "jwtlint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "jwtlint"]


#: What jwtlint names its cache, kept at the project root: the tree's root, or for one file checked
#: alone (pre-commit) the root of that file's project (the sdist's folder, which has a pyproject.toml).
JWTLINT_CACHE = ".jwtlint_cache"


def drop_cache(tree: Path) -> None:
    """Before a cold run: every jwtlint cache in the tree, gone (not timed)."""
    for folder, subfolders, _files in os.walk(tree):
        if JWTLINT_CACHE in subfolders:
            shutil.rmtree(os.path.join(folder, JWTLINT_CACHE), ignore_errors=True)
        subfolders[:] = [name for name in subfolders if name not in (JWTLINT_CACHE, ".git")]
