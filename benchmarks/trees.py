"""The benchmark trees, built from pinned PyPI source distributions.

Pinned versions make the figures repeatable; sdists (not wheels) because they
carry the test suites, which are a large part of what a real project holds.
Everything lands under ``benchmarks/work/``, which git ignores: downloaded
code is never committed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

#: Almost nothing here is about JWT: the prefilter should discard nearly every file.
HAYSTACK = {"Django": "5.2.19"}
#: Nearly every file here is about JWT: the analysis itself is measured.
DENSE = {
    "PyJWT": "2.15.1",
    "python-jose": "3.5.0",
    "Authlib": "1.9.10",
    "joserfc": "1.8.0",
    "jwcrypto": "1.6.1",
    "Flask-JWT-Extended": "4.7.4",
    "djangorestframework-simplejwt": "5.5.1",
}
#: Of the Django sdist, the haystack keeps the package and its tests (as the issue asks).
HAYSTACK_PARTS = ("django", "tests")


#: The usual Python .gitignore, put at the root of each tree's copy inside a git repository.
GITIGNORE = Path(__file__).resolve().parent / "python.gitignore"


def build(work: Path) -> dict[str, Path]:
    """Each tree, built once, as a plain folder and as a git repository with the usual
    Python .gitignore (the path users run: jwtlint and ruff both read .gitignore files there)."""
    sdists = work / "sdists"
    trees = {
        "haystack": _tree(work / "haystack", sdists, HAYSTACK, keep=HAYSTACK_PARTS),
        "dense": _tree(work / "dense", sdists, DENSE, keep=None),
    }
    for name, plain in list(trees.items()):
        trees[f"{name}-git"] = _in_git(plain, work / f"{name}-git")
    return trees


def _in_git(plain: Path, target: Path) -> Path:
    """A copy of ``plain`` in a fresh git repository (nothing committed: the walk is what matters)."""
    marker = target / ".built"
    wanted = (plain / ".built").read_text() + "\n" + GITIGNORE.read_text()
    if marker.is_file() and marker.read_text() == wanted:
        return target
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(plain, target, ignore=shutil.ignore_patterns(".jwtlint_cache", ".built"))
    subprocess.run(["git", "init", "--quiet", str(target)], check=True)
    shutil.copyfile(GITIGNORE, target / ".gitignore")
    marker.write_text(wanted)
    return target


def _tree(target: Path, sdists: Path, pins: dict[str, str], keep) -> Path:
    marker = target / ".built"
    wanted = "\n".join(f"{name}=={version}" for name, version in sorted(pins.items()))
    if marker.is_file() and marker.read_text() == wanted:
        return target
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name, version in sorted(pins.items()):
        archive = _download(name, version, sdists)
        _extract(archive, target, keep)
    marker.write_text(wanted)
    return target


def _download(name: str, version: str, sdists: Path) -> Path:
    sdists.mkdir(parents=True, exist_ok=True)
    found = _archive(sdists, name, version)
    if found is None:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--no-binary", ":all:", f"{name}=={version}", "-d", str(sdists)], check=True)
        found = _archive(sdists, name, version)
    if found is None:
        raise SystemExit(f"pip download of {name}=={version} produced no source archive in {sdists}")
    return found


def _archive(sdists: Path, name: str, version: str):
    """pip names sdists by the project's own spelling (PyJWT -> pyjwt, dashes -> underscores)."""
    stems = {f"{spelling}-{version}" for spelling in (name, name.lower(), name.lower().replace("-", "_"),
                                                      name.replace("-", "_"))}
    for path in sdists.iterdir():
        for suffix in (".tar.gz", ".zip"):
            if path.name.endswith(suffix) and path.name[: -len(suffix)] in stems:
                return path
    return None


def _extract(archive: Path, target: Path, keep) -> None:
    """Unpack the sdist's top folder into ``target``; ``keep`` limits it to some of its parts."""
    staging = target / ".staging"
    shutil.rmtree(staging, ignore_errors=True)
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as bundle:
            bundle.extractall(staging)
    else:
        with tarfile.open(archive) as bundle:
            if hasattr(tarfile, "data_filter"):
                bundle.extractall(staging, filter="data")
            else:  # pragma: no cover - Python < 3.12 without the backported filter
                bundle.extractall(staging)
    (top,) = list(staging.iterdir())
    if keep is None:
        top.rename(target / top.name)
    else:
        for part in keep:
            (top / part).rename(target / part)
    shutil.rmtree(staging)
