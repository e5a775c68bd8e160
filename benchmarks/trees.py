"""The benchmark trees, built from pinned PyPI source distributions.

Pinned versions make the figures repeatable; sdists (not wheels) because they
carry the test suites, which are a large part of what a real project holds.
Everything lands in the benchmark's work folder (``run.py --work``, by default
outside any git repository, so that a "plain folder" really is one and the
linters run there with their default options): downloads are kept there, and
each tree is rebuilt only when its pins change. Downloaded code is never
committed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

#: Almost nothing here is about JWT: the prefilter should discard nearly every file.
HAYSTACK = {"Django": "5.2.19"}
#: Of the Django sdist, the haystack keeps the package and its tests (as the issue asks).
HAYSTACK_PARTS = ("django", "tests")
#: Thousands of files, none about JWT: a large application (wagtail), a framework and a tool,
#: whole sdists (docs, scripts, tests). A candidate here is a file parsed for nothing.
BIG = {"wagtail": "8.0.1", "Django": "5.2.19", "ansible-core": "2.19.14"}
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
#: Applications and framework integrations that use JWT, as users' projects do: JWT in some
#: modules, much else around it.
APPS = {
    "authx": "1.7.1",
    "dj-rest-auth": "7.2.0",
    "django-allauth": "65.22.1",
    "django-graphql-jwt": "0.4.0",
    "django-ninja-jwt": "5.4.5",
    "django-oauth-toolkit": "3.4.1",
    "djoser": "2.3.5",
    "drf-jwt": "1.19.2",
    "fastapi-jwt-auth": "0.5.0",
    "fastapi-users": "15.0.5",
    "Flask-AppBuilder": "5.3.0",
    "Flask-JWT": "0.3.2",
    "flask-praetorian": "1.6.2",
    "litestar": "2.25.0",
    "mozilla-django-oidc": "5.0.2",
    "msal": "1.39.0",
    "oauthlib": "4.0.1",
    "PyGithub": "2.10.0",
    "pyramid_jwt": "1.6.1",
    "python-keycloak": "7.1.1",
    "sanic-jwt": "1.8.0",
    "social-auth-core": "7.0.0",
}

#: The usual Python .gitignore, put at the root of each tree's copy inside a git repository.
GITIGNORE = Path(__file__).resolve().parent / "python.gitignore"


def build(work: Path) -> dict[str, Path]:
    """Each tree, built once, as a plain folder and as a git repository with the usual
    Python .gitignore (the path users run: jwtlint and ruff both read .gitignore files there)."""
    sdists = work / "sdists"
    trees = {
        "haystack": _tree(work / "haystack", sdists, HAYSTACK, keep=HAYSTACK_PARTS),
        "big": _tree(work / "big", sdists, BIG, keep=None),
        "dense": _tree(work / "dense", sdists, DENSE, keep=None),
        "apps": _tree(work / "apps", sdists, APPS, keep=None),
    }
    for name, plain in list(trees.items()):
        trees[f"{name}-git"] = _in_git(plain, work / f"{name}-git")
    return trees


#: One file in this many of a synthetic tree is a copy of a file of the dense tree, the rest
#: copies of the haystack: a project's share of JWT code, so that the analysis grows with it too.
SCALED_DENSE_SHARE = 100
#: Files per folder of a synthetic tree.
SCALED_FOLDER = 100


def scaled(work: Path, files: int, haystack: Path, dense: Path) -> Path:
    """A synthetic tree of ``files`` Python files, copied round-robin from the two real trees
    (hard links where the file system allows: the files are only read)."""
    target = work / "scaled" / str(files)
    marker = target / ".built"
    wanted = f"{files} files, 1 in {SCALED_DENSE_SHARE} dense\n" + (haystack / ".built").read_text() + \
        (dense / ".built").read_text()
    if marker.is_file() and marker.read_text() == wanted:
        return target
    shutil.rmtree(target, ignore_errors=True)
    plain, jwt = _python_files(haystack), _python_files(dense)
    for index in range(files):
        pool = jwt if index % SCALED_DENSE_SHARE == SCALED_DENSE_SHARE - 1 else plain
        source = pool[index % len(pool)]
        folder = target / f"package_{index // SCALED_FOLDER:04d}"
        if index % SCALED_FOLDER == 0:
            folder.mkdir(parents=True)
        copy = folder / f"module_{index % SCALED_FOLDER:02d}.py"
        try:
            os.link(source, copy)
        except OSError:
            shutil.copyfile(source, copy)
    marker.write_text(wanted)
    return target


def _python_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.py") if path.is_file())


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
