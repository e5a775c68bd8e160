"""The run snapshot: a run over a tree where nothing changed is not walked again, and is never stale.

Whether a run reused the snapshot is observed by counting walks. The racy window is
closed (``RACY_NS = 0``) except in the tests of the window itself: every file here was
written a moment ago, and with the window open every input would be checked by content.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from jwtlint import cache, files
from jwtlint.cli import main

INSECURE = 'import jwt\n\ndef f(token):\n    return jwt.decode(token, options={"verify_signature": False})\n'
CLEAN = 'import jwt\n\ndef f(token, key):\n    return jwt.decode(token, key, algorithms=["HS256"])\n'


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cache, "RACY_NS", 0)
    (tmp_path / "app.py").write_text(INSECURE)
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "plain.py").write_text("print('no JWT here')\n")
    return tmp_path


@pytest.fixture
def walks(monkeypatch) -> list[int]:
    """One element per walk of the tree."""
    counted: list[int] = []
    walk = files.Walker.walk

    def counting(self, paths):
        counted.append(1)
        return walk(self, paths)

    monkeypatch.setattr(files.Walker, "walk", counting)
    return counted


def check(*options: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--jobs", "1", *options], stdout=out, stderr=err)
    assert err.getvalue() == ""
    return code, out.getvalue()


def reported(*options: str) -> set[str]:
    """The paths with findings."""
    return {line.split(":", 1)[0] for line in check(*options)[1].splitlines() if ": JWT" in line}


def test_an_unchanged_tree_is_not_walked_again(project, walks):
    first = check(".")
    assert first[0] == 1 and "app.py:4:" in first[1]
    assert check(".") == first
    assert len(walks) == 1


def test_an_edit_is_seen(project, walks):
    assert reported(".") == {"app.py"}
    (project / "app.py").write_text(CLEAN)
    assert check(".") == (0, "No findings.\n")
    assert len(walks) == 2


def test_an_edit_that_keeps_size_and_modification_time_is_seen(project, walks):
    """The change time moves with every write, whatever ``utime`` sets."""
    app = project / "app.py"
    app.write_text(CLEAN.ljust(len(INSECURE)))
    status = app.stat()
    assert check(".")[0] == 0
    with open(app, "r+", encoding="utf-8") as handle:
        handle.write(INSECURE)
    os.utime(app, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert reported(".") == {"app.py"}


@pytest.mark.parametrize("where", ["", "pkg/", "pkg/deeper/"])
def test_a_new_file_is_seen(project, walks, where):
    assert reported(".") == {"app.py"}
    (project / where).mkdir(parents=True, exist_ok=True)
    (project / where / "new.py").write_text(INSECURE)
    assert reported(".") == {"app.py", f"{where}new.py"}


def test_a_deleted_file_is_seen(project, walks):
    (project / "pkg" / "old.py").write_text(INSECURE)
    assert reported(".") == {"app.py", "pkg/old.py"}
    (project / "pkg" / "old.py").unlink()
    assert reported(".") == {"app.py"}


def test_a_gitignore_change_is_seen(project, walks):
    (project / ".git").mkdir()
    (project / "pkg" / ".gitignore").write_text("unrelated.py\n")
    (project / "pkg" / "mod.py").write_text(INSECURE)
    assert reported(".") == {"app.py", "pkg/mod.py"}
    (project / "pkg" / ".gitignore").write_text("mod.py\n")  # in place: the folder's mtime stays
    assert reported(".") == {"app.py"}


def test_a_gitignore_above_the_walked_folder_is_seen(project, walks):
    (project / ".git").mkdir()
    (project / ".gitignore").write_text("# nothing yet\n")
    (project / "pkg" / "mod.py").write_text(INSECURE)
    assert reported("pkg") == {"pkg/mod.py"}
    (project / ".gitignore").write_text("mod.py\n")
    assert reported("pkg") == set()


def test_a_new_repository_root_is_seen(project, walks):
    (project / ".gitignore").write_text("app.py\n")
    assert reported("pkg", "app.py") == {"app.py"}  # no repository: .gitignore means nothing
    (project / "pkg" / "mod.py").write_text(INSECURE)
    (project / ".git").mkdir()
    assert reported("pkg") == {"pkg/mod.py"}
    (project / "pkg" / "mod.py").unlink()
    assert reported(".") == set()


def test_a_configuration_change_is_seen(project, walks):
    assert reported(".") == {"app.py"}
    (project / "pyproject.toml").write_text('[tool.jwtlint]\nignore = ["JWT101"]\n')
    assert check(".") == (0, "No findings.\n")


def test_an_upgrade_is_seen(project, walks, monkeypatch):
    import jwtlint

    check(".")
    monkeypatch.setattr(jwtlint, "__version__", jwtlint.__version__ + ".post1")
    check(".")
    assert len(walks) == 2


def test_another_command_line_is_another_snapshot(project, walks):
    assert reported(".") == {"app.py"}
    assert reported("pkg") == set()
    assert reported("--select", "JWT2", ".") == set()
    assert len(walks) == 3


def test_an_edit_of_a_module_another_file_consulted_is_seen(project, walks):
    """Only ``api.py`` is named: ``settings.py`` is read for its constants, not walked."""
    (project / "settings.py").write_text("JWT_OPTIONS = {'verify_signature': True}\n")
    (project / "api.py").write_text("import jwt\nfrom settings import JWT_OPTIONS\n\ndef f(token, key):\n"
                                    "    return jwt.decode(token, key, algorithms=['HS256'], options=JWT_OPTIONS)\n")
    assert check("api.py")[0] == 0
    (project / "settings.py").write_text("JWT_OPTIONS = {'verify_signature': False}\n")
    assert reported("api.py") == {"api.py"}


def test_a_new_module_an_import_names_is_seen(project, walks):
    """What an import resolves to is an input too, before the file it names exists."""
    (project / "sub").mkdir()
    (project / "sub" / "script.py").write_text(INSECURE)
    assert reported("sub/script.py") == {"sub/script.py"}
    (project / "sub" / "jwt.py").write_text("def decode(token, options=None):\n    return token\n")
    assert check("sub/script.py") == (0, "No findings.\n")


def test_a_checkout_is_seen(project, walks):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")

    def git(*arguments: str) -> None:
        subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *arguments],
                       check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    (project / ".gitignore").write_text(".jwtlint_cache/\n")
    git("add", "-A")
    git("commit", "-qm", "insecure")
    git("checkout", "-qb", "fixed")
    (project / "app.py").write_text(CLEAN)
    git("commit", "-qam", "fixed")
    assert reported(".") == set()
    git("checkout", "-q", "main")
    assert reported(".") == {"app.py"}
    git("checkout", "-q", "fixed")
    assert reported(".") == set()


@pytest.fixture
def frozen_stats(monkeypatch):
    """Every stat the snapshot takes returns the same fields, within the racy window: as if each
    later write landed in the timestamp tick of the first (what only content can tell apart)."""
    from jwtlint import run_snapshot

    monkeypatch.setattr(cache, "RACY_NS", 3 * 10**9)
    tick = time.time_ns()
    real = run_snapshot.signature
    monkeypatch.setattr(run_snapshot, "signature",
                        lambda path, follow=True: None if real(path, follow) is None else (tick, tick, 1, 1, 1))
    monkeypatch.setattr(run_snapshot, "_from_stat", lambda status: (tick, tick, 1, 1, 1))


def test_racy_inputs_whose_content_is_unchanged_are_reused(project, walks, frozen_stats):
    """The run's own cache folder makes the project root racy at every run: a root whose names
    are unchanged must not cost a full walk."""
    check(".")
    check(".")
    assert len(walks) == 1


def test_a_racy_edit_that_keeps_every_stat_field_is_seen(project, walks, frozen_stats):
    assert reported(".") == {"app.py"}
    (project / "app.py").write_text(CLEAN)
    assert reported(".") == set()
    assert len(walks) == 2


def test_a_racy_new_file_that_keeps_the_folder_stat_is_seen(project, walks, frozen_stats):
    assert reported(".") == {"app.py"}
    (project / "pkg" / "more.py").write_text(INSECURE)
    assert reported(".") == {"app.py", str(Path("pkg") / "more.py")}


def test_a_tree_with_a_symbolic_link_is_not_remembered(project, walks):
    os.symlink(project / "app.py", project / "pkg" / "link.py")
    check(".")
    check(".")
    assert len(walks) == 2


@pytest.mark.parametrize("damage", ["findings", "seal", "truncate"])
def test_a_damaged_snapshot_is_a_miss(project, walks, damage):
    first = check(".")
    [snapshot] = Path(cache.DEFAULT_DIR).glob("run-*.json")
    seal, body = snapshot.read_text().split("\n", 1)
    if damage == "truncate":
        snapshot.write_text(f"{seal}\n{body[: len(body) // 2]}")
    elif damage == "findings":
        content = json.loads(body)
        content["report"]["findings"] = []
        snapshot.write_text(f"{seal}\n{json.dumps(content)}")
    else:
        snapshot.write_text(f"{'0' * 64}\n{body}")
    assert check(".") == first
    assert len(walks) == 2


def test_no_cache_writes_no_snapshot(project, walks):
    check("--no-cache", ".")
    check("--no-cache", ".")
    assert len(walks) == 2 and not Path(cache.DEFAULT_DIR).exists()


def test_a_replayed_run_imports_neither_the_parser_nor_the_rules(project):
    """In a fresh process, as a user runs it: the second run reports the first run's finding
    without importing libcst, the analysis, the rules or the walker."""
    import sys

    script = ("import io, sys\nimport jwtlint.cache\njwtlint.cache.RACY_NS = 0\n"
              "from jwtlint.cli import main\nout = io.StringIO()\n"
              "main(['check', '--jobs', '1', '.'], stdout=out)\nprint(out.getvalue())\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] == 'libcst' or m in "
              "('jwtlint.engine.analyze', 'jwtlint.files', 'jwtlint.rules.verification', 'jwtlint.rules.all')))\n")
    outputs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
               for _ in range(2)]
    assert "app.py:4:" in outputs[0] and "libcst" in outputs[0]
    assert "app.py:4:" in outputs[1] and outputs[1].rstrip().endswith("[]")
