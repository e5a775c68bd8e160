"""The bad-input matrix: each hostile or broken input gets a clear message, and the rest of the scan goes on.

Every case writes its input next to an ``app.py`` with a real finding and checks three things:
no traceback, the bad input's own outcome, and ``app.py`` still reported.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jwtlint.cli import main

INSECURE = 'import jwt\n\nclaims = jwt.decode(token, options={"verify_signature": False})\n'


def run(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    stream = io.TextIOWrapper(io.BytesIO(stdin))
    code = main(list(argv), stdin=stream, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text(INSECURE, encoding="utf-8")
    return tmp_path


def _findings(out: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in out.splitlines():
        if ": JWT" in line:
            path, rest = line.split(":", 1)
            found.setdefault(path, []).append(rest.split(": ", 1)[1])
    return found


def _deep(depth: int) -> bytes:
    return b"import jwt\nx = " + b"(" * depth + b"1" + b")" * depth + b"\n"


ANY = "any outcome but a crash"

#: name -> (bytes written to that file, what its report must contain: a JWT001 reason, a code, or None for nothing).
SOURCES = {
    "syntax_error.py": (b"import jwt\n\ndef broken(:\n    pass\n", "syntax error at line 3"),
    "binary.py": (b"import jwt\n\x00\xff\xfe", "binary content"),
    "latin1_without_cookie.py": (b"import jwt\nx = '\xe9'\n", "cannot decode"),
    "latin1_with_cookie.py": (b"# -*- coding: latin-1 -*-\nx = '\xe9'\n" + INSECURE.encode(), "JWT101"),
    "bom.py": (b"\xef\xbb\xbf" + INSECURE.encode(), "JWT101"),
    "utf16.py": (INSECURE.encode("utf-16"), "binary content"),
    "crlf.py": (INSECURE.replace("\n", "\r\n").encode(), "JWT101"),
    "lone_cr.py": (INSECURE.replace("\n", "\r").encode(), "JWT101"),
    "empty.py": (b"", None),
    "py312_type_alias.py": (b"import jwt\ntype Claims = dict[str, int]\n" + INSECURE.encode(), "JWT101"),
    "py312_fstring.py": (b"import jwt\nx = f\"{'a' + \"b\"}\"\n" + INSECURE.encode(), "JWT101"),
    "py314_template.py": (b"import jwt\nx = t'{a}'\n", ANY),  # parsed or JWT001, depending on libcst
    "nested_5000.py": (_deep(5000), "brackets nested more than 200 deep at line 2"),
    "nested_1270.py": (_deep(1270), "brackets nested more than 200 deep"),
    "brackets_1220.py": (b"import jwt\nx = " + b"[" * 1220 + b"]" * 1220 + b"\n", "nested more than 200 deep"),
    "tokens_250k.py": (b"import jwt\n" + b"x = a + b\n" * 50_000, "more than 250,000 tokens"),
    "and_8000.py": (b"import jwt\nx = " + b" and ".join([b"a"] * 8000) + b"\n", "chains more than 1000 operators"),
    "or_8000.py": (b"import jwt\nx = " + b" or ".join([b"a"] * 8000) + b"\n", "chains more than 1000 operators"),
    "elif_12000.py": (b"import jwt\nif a:\n pass\n" + b"elif a:\n pass\n" * 12000, "more than 1000 elif branches"),
    "elif_between_comments.py": (b"import jwt\nif a:\n pass\n" + b"# c\nelif (a\n):\n if b:\n  pass\n" * 12000,
                                 "more than 1000 elif branches"),
    "elif_in_many_ifs.py": (b"import jwt\n" + (b"if a:\n pass\n" + b"elif a:\n pass\n" * 150) * 8
                            + INSECURE.encode(), "JWT101"),
    "fstring_parens.py": (b'import jwt\nx = f"{' + b"(" * 1300 + b"1" + b")" * 1300 + b'}"\n', "nested more than 200 deep"),
    "fstring_in_fstring.py": (b"import jwt\nx = f'{f\"{" + b"(" * 1300 + b"1" + b")" * 1300 + b"}\"}'\n",
                              "nested more than 200 deep at line 2"),
    "fstring_plus_6000.py": (b'import jwt\nx = f"{' + b"+".join([b"a"] * 6000) + b'}"\n', "chains more than 1000"),
    "fstring_text.py": (b'import jwt\nx = f"' + b"-." * 3000 + b'{a} (((("\n' + INSECURE.encode(), "JWT101"),
    "plus_7000.py": (b"import jwt\nx = " + b"+".join([b"a"] * 7000) + b"\n", "chains more than 1000 operators"),
    "attributes_3000.py": (b"import jwt\nx = a" + b".b" * 3000 + b"\n", "chains more than 1000 operators"),
    "subscripts_3000.py": (b"import jwt\nx = a" + b"[0]" * 3000 + b"\n", "chains more than 1000 operators"),
    "bad_escapes.py": ('import jwt\nA = "\\N{NOPE}"\nB = "\\x4"\nC = "\\u12"\nD = b"é"\n'
                       'jwt.decode(t, A, algorithms=["HS256"])\njwt.decode(t, D, algorithms=["HS256"])\n'
                       'x = a[0x10]\n'.encode(), None),
    "huge_int.py": (b"import jwt\nN = " + b"9" * 5000 + b"\nS = f\"{N}\"\nM = " + b"9" * 4000 + b" * " + b"9" * 4000
                    + b"\nT = f\"{M}\"\njwt.decode(t, S, algorithms=['HS256'])\n", None),
    "fstring_bomb.py": (b"import jwt\nK = 'ab'\n" + b"K = f'{K}{K}'\n" * 40 + b"jwt.decode(t, K, algorithms=['HS256'])\n",
                        None),
    "list_bomb.py": (b"import jwt\nA = ['HS256']\n" + b"A = [*A, *A]\n" * 40 + b"jwt.decode(t, algorithms=A)\n", None),
    "tuple_bomb.py": (b"import jwt\nA = ('HS256',)\n" + b"A = (*A, *A)\n" * 40 + b"jwt.decode(t, algorithms=A)\n", None),
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_bad_source_file(project, name):
    data, expected = SOURCES[name]
    (project / name).write_bytes(data)
    code, out, err = run("check", "--no-cache", ".")
    assert "Traceback" not in out + err and "internal error" not in err
    found = _findings(out)
    assert any("JWT101" in message for message in found["app.py"])
    reported = found.get(name, [])
    if expected == ANY:
        pass
    elif expected is None:
        assert not any(message.startswith("JWT001") for message in reported), reported
    elif expected.startswith("JWT"):
        assert any(message.startswith(expected) for message in reported), reported
    else:
        assert any(message.startswith("JWT001") and expected in message for message in reported), reported
    assert code == 1


def _jwtlint(project: Path, *argv: str) -> subprocess.CompletedProcess:
    """A run in its own process: what it guards against would kill the test process."""
    return subprocess.run([sys.executable, "-m", "jwtlint", *argv], capture_output=True, text=True,
                          timeout=120, cwd=project)


def test_an_imported_module_nested_too_deep_is_not_parsed(project):
    """The project index reads other modules for their constants; it guards their parse too."""
    (project / "conf.py").write_bytes(b"OPTIONS = {'verify_signature': False}\n" + _deep(1300))
    (project / "use.py").write_text("import jwt\nfrom conf import OPTIONS\n\n\ndef read(t, key):\n"
                                    "    return jwt.decode(t, key, algorithms=['HS256'], options=OPTIONS)\n")
    done = _jwtlint(project, "check", "--no-cache", "use.py")
    assert done.returncode == 0, done.stdout + done.stderr  # the options are unknown, not a crash
    assert done.stdout == "No findings.\n" and "Traceback" not in done.stderr


def test_fixes_that_read_the_whole_project_parse_it_guardedly(project):
    """JWT201's fix looks for the project's encodes: a file nested too deep among them is skipped."""
    (project / "app.py").write_text("import jwt\n\n\ndef read(t, key):\n    return jwt.decode(t, key)\n")
    (project / "mint.py").write_bytes(b"import jwt\nTOKEN = jwt.encode({}, key, algorithm='HS384')\n" + _deep(1300))
    done = _jwtlint(project, "check", "--no-cache", "--fix", "--unsafe-fixes", "--select", "JWT201", "app.py")
    assert "Traceback" not in done.stderr and done.returncode in (0, 1), done.stdout + done.stderr


def _fifo(path: Path) -> None:
    os.mkfifo(path)


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


def _special_files(project: Path) -> dict[str, str]:
    """Files that must never be opened for reading: name -> the reason reported."""
    _fifo(project / "pipe_target")
    os.symlink(project / "pipe_target", project / "pipe_link.py")
    os.symlink("/dev/zero", project / "zero.py")
    os.symlink("missing.py", project / "dangling.py")
    os.symlink("loop.py", project / "loop.py")
    # zero.py points out of the project: it is skipped with a warning (never read), not JWT001.
    return {"pipe_link.py": "not a regular file (a named pipe)",
            "dangling.py": "No such file", "loop.py": "symbolic links"}


@needs_fifo
def test_special_files_are_reported_not_read(project):
    expected = _special_files(project)
    _fifo(project / "named.py")
    expected["named.py"] = "not a regular file (a named pipe)"
    code, out, err = run("check", "--no-cache", ".", "named.py")
    found = _findings(out)
    assert code == 1 and "Traceback" not in out + err
    assert any("JWT101" in message for message in found["app.py"])
    for name, reason in expected.items():
        assert any(message.startswith("JWT001") and reason in message for message in found[name]), (name, found)
    assert "zero.py: skipped, a symbolic link to a file outside the project" in err


def test_directory_named_like_a_python_file(project):
    (project / "x.py").mkdir()
    (project / "x.py" / "inner.py").write_text(INSECURE, encoding="utf-8")
    code, out, _ = run("check", "--no-cache", "x.py", "app.py")
    assert code == 1 and set(_findings(out)) == {"x.py/inner.py", "app.py"}


def test_file_vanishing_mid_run(project, monkeypatch):
    from jwtlint.files import Walker

    (project / "gone.py").write_text(INSECURE, encoding="utf-8")
    walk = Walker.walk

    def walk_then_delete(self, paths):
        found = walk(self, paths)
        (project / "gone.py").unlink()
        return found

    monkeypatch.setattr(Walker, "walk", walk_then_delete)
    code, out, _ = run("check", "--no-cache", ".")
    found = _findings(out)
    assert code == 1 and "JWT101" in found["app.py"][0]
    assert "cannot read: No such file" in found["gone.py"][0]


def test_size_cap_is_configurable_and_reported(project):
    (project / "pyproject.toml").write_text("[tool.jwtlint]\nmax-file-size = 1000\n", encoding="utf-8")
    (project / "big.py").write_text(INSECURE + "#" * 2000 + "\n", encoding="utf-8")
    code, out, _ = run("check", "--no-cache", ".")
    found = _findings(out)
    assert code == 1 and "JWT101" in found["app.py"][0]
    assert "too large to analyse (2.0 KiB; the limit is 1000 bytes)" in found["big.py"][0]


def test_a_file_past_the_size_cap_with_no_jwt_marker_is_silent(project):
    # A large generated module is no more a JWT file than a small one the prefilter skips.
    (project / "pyproject.toml").write_text("[tool.jwtlint]\nmax-file-size = 1000\n", encoding="utf-8")
    (project / "table.py").write_text("DATA = [\n" + "    1,\n" * 1000 + "]\n", encoding="utf-8")
    code, out, _ = run("check", "--no-cache", ".", "table.py")
    found = _findings(out)
    assert code == 1 and "JWT101" in found["app.py"][0]
    assert "table.py" not in found


def test_a_file_past_the_size_cap_is_searched_for_markers_chunk_by_chunk(project):
    # "import jwt" is split after its "j" by the first 1 MiB read: the search carries the end
    # of each chunk over to the next.
    (project / "pyproject.toml").write_text("[tool.jwtlint]\nmax-file-size = 1000\n", encoding="utf-8")
    head = "#" * (1024 * 1024 - len("\nimport j")) + "\n"
    (project / "big.py").write_text(head + "import jwt\n" + "x = 1\n" * 1000, encoding="utf-8")
    code, out, _ = run("check", "--no-cache", ".")
    assert code == 1 and "too large to analyse" in _findings(out)["big.py"][0]


def test_size_cap_on_standard_input(project):
    (project / "pyproject.toml").write_text("[tool.jwtlint]\nmax-file-size = 100\n", encoding="utf-8")
    code, _, err = run("check", "-", stdin=INSECURE.encode() * 10)
    assert code == 2 and "larger than max-file-size" in err


def test_notebook_named_on_the_command_line(project):
    (project / "nb.ipynb").write_text('{"cells": [{"cell_type": "code", "source": ["import jwt"]}]}',
                                      encoding="utf-8")
    code, out, _ = run("check", "--no-cache", "nb.ipynb", "app.py")
    found = _findings(out)
    assert code == 1 and "JWT101" in found["app.py"][0]
    assert "notebooks are not analysed" in found["nb.ipynb"][0]


def test_notebook_on_standard_input(project):
    notebook = b'{"cells": [{"cell_type": "code", "source": ["import jwt"]}]}'
    code, out, _ = run("check", "--no-cache", "-", "--stdin-filename", "nb.ipynb", stdin=notebook)
    assert code == 1 and "notebooks are not analysed" in _findings(out)["nb.ipynb"][0]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_slow_analysis_is_cut_off_and_the_run_goes_on(project, monkeypatch, jobs):
    from jwtlint.engine import analyze, runner

    (project / "pyproject.toml").write_text("[tool.jwtlint]\nfile-timeout = 0.2\n", encoding="utf-8")
    (project / "slow.py").write_text(INSECURE, encoding="utf-8")
    walk = analyze._walk

    def slow_walk(module, real_path, display, settings):
        if display == "slow.py":
            time.sleep(30)
        return walk(module, real_path, display, settings)

    monkeypatch.setattr(analyze, "_walk", slow_walk)  # forked workers inherit it
    monkeypatch.setattr(runner, "POOL_THRESHOLD", 2)
    started = time.monotonic()
    code, out, _ = run("check", "--no-cache", "--jobs", jobs, ".")
    assert time.monotonic() - started < 10
    found = _findings(out)
    assert code == 1 and "JWT101" in found["app.py"][0]
    assert "analysis took longer than 0.2 s" in found["slow.py"][0]


def test_worker_that_dies_takes_only_its_file(project, monkeypatch):
    from jwtlint.engine import runner

    for number in range(6):
        (project / f"module_{number}.py").write_text(INSECURE, encoding="utf-8")
    (project / "crash.py").write_text(INSECURE, encoding="utf-8")
    analyse_one = runner._analyse_one

    def crashing(item, settings):
        if item[1] == "crash.py":
            os._exit(139)  # what a segfault in the native parser looks like from the pool
        return analyse_one(item, settings)

    monkeypatch.setattr(runner, "_analyse_one", crashing)  # forked workers inherit it
    monkeypatch.setattr(runner, "POOL_THRESHOLD", 2)
    code, out, err = run("check", "--no-cache", "--jobs", "2", ".")
    found = _findings(out)
    assert code == 1 and "Traceback" not in out + err
    assert "the parser crashed on this file" in found["crash.py"][0]
    assert all("JWT101" in found[f"module_{number}.py"][0] for number in range(6))
    assert "JWT101" in found["app.py"][0]


CONFIGS = {
    "not_utf8": (b"[tool.jwtlint]\nselect = ['\xff']\n", "not UTF-8"),
    "tool_is_a_number": (b"tool = 1\n", "'tool' must be a table"),
    "tool_is_a_string": (b'tool = "jwtlint"\n', "'tool' must be a table"),
    "deep_arrays": (b"x = " + b"[" * 3000 + b"]" * 3000 + b"\n", "invalid TOML"),
    "timeout_out_of_range": (b"[tool.jwtlint]\nfile-timeout = 0\n", "must be between"),
    "integer_of_5000_digits": (b"[tool.jwtlint]\nx = " + b"9" * 5000 + b"\n", "more than 4,300 digits"),
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_broken_configuration_is_exit_2_with_a_message(project, name):
    data, message = CONFIGS[name]
    (project / "pyproject.toml").write_bytes(data)
    code, out, err = run("check", "--no-cache", ".")
    assert code == 2 and "Traceback" not in out + err
    assert "configuration error" in err and message in err


@needs_fifo
@pytest.mark.parametrize("kind", ["fifo", "dev_zero"])
def test_special_configuration_file(project, kind):
    if kind == "fifo":
        _fifo(project / "pyproject.toml")
    else:
        os.symlink("/dev/zero", project / "pyproject.toml")
    code, _, err = run("check", "--no-cache", ".")
    assert code == 2 and "not a regular file" in err
    code, _, err = run("check", "--no-cache", "--config", "pyproject.toml", ".")
    assert code == 2 and "not a regular file" in err


@pytest.mark.parametrize("count", ["0", "-1", "two"])
def test_a_worker_count_below_one_is_a_usage_error(project, count):
    code, out, err = run("check", "--no-cache", "--jobs", count, ".")
    assert code == 2 and out == "" and "argument --jobs" in err


@needs_fifo
def test_special_dependency_and_ignore_files_are_skipped(project):
    (project / ".git").mkdir()
    _fifo(project / ".gitignore")
    _fifo(project / "requirements.txt")
    code, out, _ = run("check", "--no-cache", ".")
    assert code == 1 and "JWT101" in _findings(out)["app.py"][0]


BASELINES = {
    "deep_json": (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    "long_number": (b'{"version": ' + b"1" * 5000 + b', "entries": []}', "not valid JSON"),
    "not_utf8": (b'{"version": 1, "entries": ["\xff"]}', "not UTF-8"),
}


@pytest.mark.parametrize("name", sorted(BASELINES))
def test_broken_baseline_is_exit_2_with_a_message(project, name):
    data, message = BASELINES[name]
    (project / "baseline.json").write_bytes(data)
    code, out, err = run("check", "--no-cache", "--baseline", "baseline.json", ".")
    assert code == 2 and "Traceback" not in out + err and message in err


@needs_fifo
@pytest.mark.parametrize("kind", ["fifo", "dev_zero"])
def test_special_baseline_file(project, kind):
    if kind == "fifo":
        _fifo(project / "baseline.json")
    else:
        os.symlink("/dev/zero", project / "baseline.json")
    code, _, err = run("check", "--no-cache", "--baseline", "baseline.json", ".")
    assert code == 2 and "not a regular file" in err


def test_closed_standard_streams():
    script = "import sys; sys.stdin = None; from jwtlint.cli import main; sys.exit(main(['check', '-']))"
    closed_in = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert closed_in.returncode == 2 and "standard input is closed" in closed_in.stderr
    script = "import sys; sys.stdout = None; from jwtlint.cli import main; sys.exit(main(['rules']))"
    closed_out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert closed_out.returncode == 2 and "standard output is closed" in closed_out.stderr


@pytest.mark.skipif(os.name != "posix", reason="closes a descriptor before the interpreter starts")
@pytest.mark.parametrize("argv", [["rules"], ["check", "--no-cache", "."]])
def test_standard_output_closed_before_the_interpreter_starts(project, argv):
    """The console script's own path: Python then sets ``sys.stdout`` to None."""
    done = subprocess.run([sys.executable, "-c", "from jwtlint.cli import entry_point; entry_point()", *argv],
                          stderr=subprocess.PIPE, text=True, timeout=120, cwd=project,
                          preexec_fn=lambda: os.close(1))
    assert done.returncode == 2 and "standard output is closed" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("option", ["--baseline", "--config", "-o"])
def test_a_path_argument_with_control_characters_is_escaped_on_stderr(project, option):
    code, _out, err = run("check", "--no-cache", option, "no/such/folder/missing\x1b[2J\x07.toml", ".")
    assert code == 2 and "\x1b" not in err and "\x07" not in err and "missing\\x1b[2J" in err


@pytest.mark.parametrize("absolute", [False, True])
def test_deleted_working_directory(tmp_path, monkeypatch, absolute):
    (tmp_path / "app.py").write_text(INSECURE, encoding="utf-8")
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    code, out, err = run("check", "--no-cache", str(tmp_path / "app.py") if absolute else ".")
    assert code == 2 and "Traceback" not in out + err and "working directory is not accessible" in err


def test_an_escaping_exception_is_exit_2_never_1(project, monkeypatch):
    import jwtlint.engine

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(jwtlint.engine, "check_paths", broken)
    code, out, err = run("check", "--no-cache", ".")
    assert code == 2 and "internal error: RuntimeError: boom" in err and "Traceback" not in err


def test_python_m_jwtlint_never_imports_the_projects_modules(project):
    for name in ("tomllib", "hashlib", "libcst"):
        (project / f"{name}.py").write_text(f"raise SystemExit('the project {name} was imported')\n",
                                            encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "jwtlint", "check", "--no-cache", "app.py"],
                          capture_output=True, text=True, timeout=120, cwd=project)
    assert done.returncode == 1 and "was imported" not in done.stdout + done.stderr
    assert "JWT101" in done.stdout
