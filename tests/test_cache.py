"""The result cache: reused when nothing a result depends on changed, never stale, never fatal.

Whether a file was analysed again is observed by counting calls to the
analysis (runs stay in-process: few candidates and ``--jobs 1``).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from jwtlint.cache import DEFAULT_DIR, KEEP_OTHERS, ResultCache
from jwtlint.cli import main
from jwtlint.config import Config
from jwtlint.engine import Settings, analyze
from jwtlint.engine.result import FileResult
from jwtlint.semantics.project import Consulted

INSECURE = 'import jwt\n\ndef f(token):\n    return jwt.decode(token, options={"verify_signature": False})\n'
CLEAN = 'import jwt\n\ndef f(token, key):\n    return jwt.decode(token, key, algorithms=["HS256"])\n'


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project whose runs go to the result cache: the run snapshot (``test_run_snapshot.py``)
    would answer an unchanged tree before the result cache is asked, so it is kept out."""
    from jwtlint.run_snapshot import RunSnapshot

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(RunSnapshot, "reuse", lambda self: None)
    return tmp_path


@pytest.fixture
def analysed(monkeypatch) -> Counter:
    """How many times each file (by display path) was really analysed."""
    counts: Counter = Counter()
    original = analyze.analyze_source

    def counting(data, display, settings, real_path=None):
        counts[display] += 1
        return original(data, display, settings, real_path=real_path)

    monkeypatch.setattr(analyze, "analyze_source", counting)
    return counts


def check(*options: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--jobs", "1", *options, "."], stdout=out, stderr=err)
    assert err.getvalue() == ""
    return code, out.getvalue()


def cache_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("results-*.json"))


def test_unchanged_file_is_not_analysed_again(project, analysed):
    (project / "app.py").write_text(INSECURE)
    first = check()
    second = check()
    assert first == second
    assert first[0] == 1 and "JWT101" in first[1]
    assert analysed == {"app.py": 1}


def test_edited_file_is_analysed_again(project, analysed):
    (project / "app.py").write_text(INSECURE)
    assert check()[0] == 1
    (project / "app.py").write_text(CLEAN)
    assert check() == (0, "No findings.\n")
    assert analysed == {"app.py": 2}


def test_configuration_change_is_a_miss(project, analysed):
    (project / "app.py").write_text(INSECURE)
    assert check()[0] == 1
    (project / "pyproject.toml").write_text('[tool.jwtlint]\nignore = ["JWT101"]\n')
    assert check() == (0, "No findings.\n")
    assert analysed == {"app.py": 2}


def test_change_to_an_imported_settings_module_is_a_miss(project, analysed):
    """Both importers depend on it, also the one analysed after its constants were first parsed."""
    (project / "settings.py").write_text("JWT_OPTIONS = {'verify_signature': True}\n")
    user = ("import jwt\nfrom settings import JWT_OPTIONS\n\ndef f(token, key):\n"
            "    return jwt.decode(token, key, algorithms=['HS256'], options=JWT_OPTIONS)\n")
    (project / "api.py").write_text(user)
    (project / "web.py").write_text(user)
    assert check()[0] == 0
    (project / "settings.py").write_text("JWT_OPTIONS = {'verify_signature': False}\n")
    code, out = check()
    assert code == 1 and [line[:9] for line in out.splitlines()[:2]] == ["api.py:5:", "web.py:5:"]
    assert analysed["api.py"] == analysed["web.py"] == 2


def test_an_imported_helper_that_stops_decoding_base64_is_a_miss(project, analysed):
    """The helper's module uses no JWT library: reading it is still what the result depends on."""
    (project / "encoding.py").write_text("import base64\n\ndef b64url(s):\n    return base64.urlsafe_b64decode(s + '==')\n")
    (project / "gate.py").write_text("import json\nfrom encoding import b64url\n\ndef role(token):\n"
                                     "    return json.loads(b64url(token.split('.')[1]))['role']\n")
    assert "gate.py:5:" in check()[1]
    (project / "encoding.py").write_text("import binascii\n\ndef b64url(s):\n    return binascii.unhexlify(s)\n")
    assert check() == (0, "No findings.\n")
    assert analysed["gate.py"] == 2


def test_a_refresh_token_minted_in_an_imported_module_is_a_miss(project, analysed):
    """JWT405 compares a verification with the mints of the modules its file imports."""
    mint = ("import jwt\n\ndef access(u):\n    return jwt.encode({'sub': u}, KEY, algorithm='HS256')\n\n"
            "def refresh(u):\n    return jwt.encode({'sub': u, 'type': 'refresh'}, KEY, algorithm='HS256')\n")
    (project / "security.py").write_text(mint.replace(", 'type': 'refresh'", ""))
    (project / "deps.py").write_text("import jwt\nimport security\n\ndef user(t):\n"
                                     "    return jwt.decode(t, security.KEY, algorithms=['HS256'])['sub']\n")
    assert "JWT405" not in check()[1]
    (project / "security.py").write_text(mint)
    assert "deps.py:5:12: JWT405" in check()[1]
    assert analysed["deps.py"] == 2


def test_change_of_the_pyjwt_pin_is_a_miss(project, analysed):
    (project / "requirements.txt").write_text("PyJWT==1.7.1\n")
    (project / "app.py").write_text("import jwt\n\ndef f(token):\n    return jwt.decode(token, verify=False)\n")
    assert "JWT101" in check()[1]
    (project / "requirements.txt").write_text("PyJWT==2.8.0\n")
    out = check()[1]
    assert "JWT101" not in out and "JWT201" in out
    assert analysed == {"app.py": 2}


def test_a_new_module_shadowing_the_library_is_a_miss(project, analysed):
    """What an import resolves to is a dependency too, even before the file it names exists."""
    (project / "script.py").write_text(INSECURE)
    assert check()[0] == 1
    (project / "jwt.py").write_text("def decode(token, options=None):\n    return token\n")
    assert check() == (0, "No findings.\n")
    assert analysed["script.py"] == 2


def test_corrupt_cache_file_is_ignored_and_replaced(project, analysed):
    (project / "app.py").write_text(INSECURE)
    expected = check()
    (cached,) = cache_files(project / DEFAULT_DIR)
    cached.write_text('{"format": 1, "entries": {"app.py": {"content": ')
    assert check() == expected
    assert json.loads(cached.read_text())["entries"]["app.py"]["result"]["findings"]
    assert analysed == {"app.py": 2}


def test_damaged_entry_is_a_miss(project, analysed):
    (project / "app.py").write_text(INSECURE)
    expected = check()
    (cached,) = cache_files(project / DEFAULT_DIR)
    content = json.loads(cached.read_text())
    content["entries"]["app.py"]["consulted"] = "not a record"
    cached.write_text(json.dumps(content))
    assert check() == expected
    assert analysed == {"app.py": 2}


def test_no_cache_neither_reads_nor_writes(project, analysed):
    (project / "app.py").write_text(INSECURE)
    check("--no-cache")
    check("--no-cache")
    assert not (project / DEFAULT_DIR).exists()
    assert analysed == {"app.py": 2}


def test_cache_dir_moves_the_cache(project, analysed, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "results"
    (project / "app.py").write_text(INSECURE)
    check("--cache-dir", str(elsewhere))
    check("--cache-dir", str(elsewhere))
    assert not (project / DEFAULT_DIR).exists()
    assert len(cache_files(elsewhere)) == 1
    assert analysed == {"app.py": 1}


def test_cache_is_at_the_project_root_and_ignored_by_git(project):
    (project / "pyproject.toml").write_text("[tool.jwtlint]\n")
    (project / "src").mkdir()
    (project / "src" / "app.py").write_text(INSECURE)
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", "src"], stdout=out, stderr=err) == 1
    directory = project / DEFAULT_DIR
    assert (directory / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (directory / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=project,
                            capture_output=True, text=True, check=True).stdout
    assert DEFAULT_DIR not in status and "src/app.py" in status


def test_only_a_few_other_configurations_are_kept(project):
    directory = project / DEFAULT_DIR
    directory.mkdir()
    for age in range(10):
        old = directory / f"results-old{age}.json"
        old.write_text("{}")
        os.utime(old, (1_000_000 - age, 1_000_000 - age))
    (project / "app.py").write_text(INSECURE)
    check()
    (current,) = [path for path in cache_files(directory) if not path.name.startswith("results-old")]
    kept = sorted(path.name for path in cache_files(directory) if path != current)
    assert kept == [f"results-old{age}.json" for age in range(KEEP_OTHERS)]


def test_concurrent_writers_keep_a_valid_file_with_both_entries(project):
    settings = Settings(Config(root=project))
    directory = project / DEFAULT_DIR
    first, second = ResultCache(directory, settings), ResultCache(directory, settings)
    (project / "a.py").write_bytes(b"a")
    (project / "b.py").write_bytes(b"b")
    assert first.lookup(b"a", "a.py", "a.py") is None and second.lookup(b"b", "b.py", "b.py") is None
    first.store(b"a", "a.py", "a.py", FileResult(path="a.py", analysed=True), Consulted())
    second.store(b"b", "b.py", "b.py", FileResult(path="b.py", analysed=True), Consulted())
    first.save()
    second.save()
    reader = ResultCache(directory, settings)
    assert reader.lookup(b"a", "a.py", "a.py") == FileResult(path="a.py", analysed=True)
    assert reader.lookup(b"b", "b.py", "b.py") == FileResult(path="b.py", analysed=True)
    assert [path.name for path in directory.iterdir() if path.name.startswith(".tmp-")] == []


def _damage_entry(entry: dict, how: str) -> None:
    if how == "empty answer":
        entry["consulted"]["answers"].append([])
    elif how == "string span":
        entry["result"]["findings"][0]["span"] = "1234"
    elif how == "no findings":  # edited by hand to hide what the file holds
        entry["result"]["findings"] = []
    elif how == "number path":
        entry["real"] = 7


@pytest.mark.parametrize("how", ["empty answer", "string span", "no findings", "number path"])
def test_a_damaged_entry_is_a_miss_that_is_rewritten(project, analysed, how):
    (project / "app.py").write_text(INSECURE)
    first = check()
    (path,) = cache_files(project / DEFAULT_DIR)
    content = json.loads(path.read_text())
    _damage_entry(content["entries"]["app.py"], how)
    path.write_text(json.dumps(content))
    assert check() == first
    assert analysed == {"app.py": 2}
    assert check() == first and analysed == {"app.py": 2}  # the rewritten entry is used again


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"format": 2, "entries": {"app.py": {"con'])
def test_a_cache_file_nested_too_deep_or_cut_short_is_empty(project, analysed, text):
    (project / "app.py").write_text(INSECURE)
    first = check()
    (path,) = cache_files(project / DEFAULT_DIR)
    path.write_text(text)
    assert check() == first
    assert analysed == {"app.py": 2}
    assert "app.py" in json.loads(path.read_text())["entries"]


def test_entries_of_deleted_files_are_pruned(project):
    (project / "app.py").write_text(INSECURE)
    (project / "old.py").write_text(INSECURE)
    check()
    (project / "old.py").unlink()
    (project / "app.py").write_text(INSECURE + "\n")
    check()
    (path,) = cache_files(project / DEFAULT_DIR)
    assert set(json.loads(path.read_text())["entries"]) == {"app.py"}


def test_a_deletion_alone_prunes_the_entry(project):
    """No other file changed, so the run has no new entry to write: the deletion is reason enough."""
    for name in ("app.py", "old.py"):
        (project / name).write_text(INSECURE)
        _age(project / name)  # not "racy": the next run takes app.py's entry as it is
    check()
    (project / "old.py").unlink()
    assert "old.py" not in check()[1]
    (path,) = cache_files(project / DEFAULT_DIR)
    assert set(json.loads(path.read_text())["entries"]) == {"app.py"}


def test_the_cache_holds_no_secret_text(project):
    secret = "correct-horse-battery-staple-0123456789"
    (project / "app.py").write_text(f'import jwt\nSECRET = "{secret}"\n\ndef f(p):\n'
                                    '    return jwt.encode(p, SECRET, algorithm="HS256")\n')
    code, out = check()
    assert code == 1 and "JWT30" in out
    (path,) = cache_files(project / DEFAULT_DIR)
    assert secret not in path.read_text() and secret[4:-4] not in path.read_text()


@pytest.fixture
def reads(monkeypatch) -> Counter:
    """How many times each file (by display path) was read by the run."""
    from jwtlint.engine import runner

    counts: Counter = Counter()
    original = runner._read

    def counting(target, settings, report):
        counts[target.display] += 1
        return original(target, settings, report)

    monkeypatch.setattr(runner, "_read", counting)
    return counts


def _age(path: Path, seconds: int = 3600) -> None:
    """As if written an hour ago: not racy for a run started now."""
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns - seconds * 10**9))


def test_a_file_with_the_same_stat_is_not_read_again(project, analysed, reads):
    (project / "app.py").write_text(INSECURE)
    (project / "plain.py").write_text("print('no candidate')\n")
    _age(project / "app.py")
    _age(project / "plain.py")
    first = check()
    second = check()
    assert first == second and first[0] == 1
    assert reads == {"app.py": 1, "plain.py": 1} and analysed == {"app.py": 1}


def test_a_racy_file_is_checked_by_content(project, analysed, reads):
    """Rewritten in the same timestamp tick (same size, mtime and inode): only its bytes can tell."""
    app = project / "app.py"
    app.write_text(CLEAN)
    status = app.stat()
    assert check()[0] == 0
    with open(app, "r+", encoding="utf-8") as handle:  # same inode, same size, other content
        handle.write(INSECURE[:len(CLEAN)].ljust(len(CLEAN)))
    os.utime(app, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert (app.stat().st_size, app.stat().st_mtime_ns, app.stat().st_ino) == (
        status.st_size, status.st_mtime_ns, status.st_ino)
    check()
    assert reads["app.py"] == 2 and analysed["app.py"] == 2


def test_a_checkout_that_keeps_the_modification_time_is_seen(project, analysed):
    """A checkout or copy (new inode, other size) with the old timestamp is read again."""
    app = project / "app.py"
    app.write_text(CLEAN)
    _age(app)
    status = app.stat()
    assert check()[0] == 0
    app.unlink()
    app.write_text(INSECURE)
    os.utime(app, ns=(status.st_atime_ns, status.st_mtime_ns))
    code, out = check()
    assert code == 1 and "JWT101" in out


def test_a_file_that_turns_into_a_candidate_is_seen(project, analysed):
    plain = project / "plain.py"
    plain.write_text("print('nothing')\n")
    _age(plain)
    assert check()[0] == 0
    plain.write_text(INSECURE)
    assert check()[0] == 1 and analysed == {"plain.py": 1}


def test_an_upgrade_is_a_miss(project, analysed, monkeypatch):
    import jwtlint

    (project / "app.py").write_text(INSECURE)
    _age(project / "app.py")
    check()
    monkeypatch.setattr(jwtlint, "__version__", jwtlint.__version__ + ".post1")
    check()
    assert analysed == {"app.py": 2}


def test_a_file_cut_off_by_the_time_limit_is_tried_again(project, analysed, monkeypatch):
    """The time limit depends on the machine's load, not on the file: its JWT001 is never cached."""
    import time

    (project / "pyproject.toml").write_text("[tool.jwtlint]\nfile-timeout = 0.2\n")
    (project / "app.py").write_text(INSECURE)
    _age(project / "app.py")
    walk, slow = analyze._walk, [True]

    def walk_slowly_once(*arguments):
        if slow.pop() if slow else False:
            time.sleep(5)
        return walk(*arguments)

    monkeypatch.setattr(analyze, "_walk", walk_slowly_once)
    code, out = check()
    assert code == 1 and "JWT001" in out and "analysis took longer than 0.2 s" in out
    code, out = check()
    assert code == 1 and "JWT101" in out and "JWT001" not in out
    assert analysed == {"app.py": 2}
