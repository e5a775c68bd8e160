"""The pre-commit hook, exercised by pre-commit itself: the manifest validates, and the hook
installed from this repository reports a bad file, passes a clean one and honours excludes.

``pre-commit try-repo`` clones this repository and installs it into a virtualenv of its own,
from PyPI; that is slow, so it runs once. It is pinned to the commit at HEAD: left to itself,
try-repo would add tracked files' uncommitted changes but not new files, a state that never
existed (CI runs on a clean clone, where the two are the same). So commit a change to the hook
before running this test. It needs pre-commit, from the ``test`` extra: without it these tests
fail, they do not skip.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
#: Variables that would point git (and so pre-commit) at another repository than the one in cwd.
GIT_REDIRECTS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY")

BAD = """\
import jwt


def claims(token):
    return jwt.decode(token, options={"verify_signature": False})
"""
CLEAN = """\
import jwt


def claims(token, key):
    return jwt.decode(token, key, algorithms=["HS256"])
"""


@pytest.fixture(scope="session")
def pre_commit_env(tmp_path_factory: pytest.TempPathFactory) -> dict:
    if importlib.util.find_spec("pre_commit") is None:
        pytest.fail("pre-commit is not installed; install the test extra: pip install -e '.[test]'")
    env = {name: value for name, value in os.environ.items() if name not in GIT_REDIRECTS}
    env["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    return env


def pre_commit(*args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=1200)


def test_manifest_is_valid(pre_commit_env: dict) -> None:
    run = pre_commit("validate-manifest", ".pre-commit-hooks.yaml", cwd=REPOSITORY, env=pre_commit_env)
    assert run.returncode == 0, run.stdout + run.stderr


BAD_FINDING = ("bad.py:5:12: JWT101 [critical] signature verification disabled "
               "(options[\"verify_signature\"]=False) in jwt.decode(): any forged token is accepted")


def try_hook(hook: str, files: dict[str, str], cwd: Path, env: dict) -> tuple[subprocess.CompletedProcess, str]:
    """Write ``files`` into a new git repository at ``cwd`` and run ``hook`` of this repository's HEAD on them."""
    for name, text in files.items():
        (cwd / name).parent.mkdir(parents=True, exist_ok=True)
        (cwd / name).write_text(text)
    subprocess.run(["git", "init", "-q"], cwd=cwd, env=env, check=True)
    subprocess.run(["git", "add", "."], cwd=cwd, env=env, check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPOSITORY, env=env, check=True,
                          capture_output=True, text=True).stdout.strip()
    run = pre_commit("try-repo", str(REPOSITORY), hook, "--ref", head, "--all-files", "--color", "never",
                     cwd=cwd, env=env)
    return run, run.stdout + run.stderr


def test_hook_reports_the_bad_file_only(pre_commit_env: dict, tmp_path: Path) -> None:
    run, output = try_hook("jwtlint", {
        "bad.py": BAD, "clean.py": CLEAN, "vendored/bad.py": BAD,
        "pyproject.toml": '[tool.jwtlint]\nselect = ["JWT101"]\nextend-exclude = ["vendored/*"]\n',
    }, tmp_path, pre_commit_env)

    assert run.returncode == 1, output
    assert "- hook id: jwtlint" in output and "- exit code: 1" in output, output
    assert [line for line in output.splitlines() if ": JWT" in line] == [BAD_FINDING], output


FIXABLE = """\
import jwt


def claims(token, key):
    return jwt.decode(token, key, algorithms="HS256")
"""


def test_fix_hook_applies_safe_fixes_and_fails_the_commit(pre_commit_env: dict, tmp_path: Path) -> None:
    run, output = try_hook("jwtlint-fix", {
        "app.py": FIXABLE, "bad.py": BAD, "pyproject.toml": '[tool.jwtlint]\nselect = ["JWT101", "JWT205"]\n',
    }, tmp_path, pre_commit_env)

    assert run.returncode == 1, output
    assert "- hook id: jwtlint-fix" in output and "- files were modified by this hook" in output, output
    assert (tmp_path / "app.py").read_text() == FIXABLE.replace('algorithms="HS256"', 'algorithms=["HS256"]')
    assert (tmp_path / "bad.py").read_text() == BAD
    assert [line for line in output.splitlines() if ": JWT" in line] == [BAD_FINDING], output
