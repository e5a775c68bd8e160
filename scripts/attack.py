"""Attack the jwtlint CLI with hostile input, each case in its own process, and say what broke.

    python scripts/attack.py [--timeout 60] [--memory-mb 2048]

Cases: FIFOs (as a source, behind a ``*.py`` symlink, as pyproject.toml, requirements.txt,
.gitignore and baseline), /dev/zero symlinks (source, baseline, config), deep nesting and long
chains that crash or stall libcst's parser (also ``and``/``or``, ``elif`` runs and f-string
fields, and in a module the checked file imports), literal bombs (bad escapes, huge integers, f-string and
list doubling), a file over the size cap, and the same sources under ``--jobs``. Each must end
within the timeout and the memory limit with the expected exit code (1 for a JWT001, 2 for a
broken config or baseline), and without a traceback. Exits 1 if any case failed. POSIX only.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

INSECURE = 'import jwt\n\nclaims = jwt.decode(token, options={"verify_signature": False})\n'

SOURCES = {
    "nested_parens.py": b"import jwt\nx = " + b"(" * 1300 + b"1" + b")" * 1300 + b"\n",
    "nested_brackets.py": b"import jwt\nx = " + b"[" * 1250 + b"]" * 1250 + b"\n",
    "nested_5000.py": b"import jwt\nx = " + b"(" * 5000 + b")" * 5000 + b"\n",
    "plus_7000.py": b"import jwt\nx = " + b"+".join([b"a"] * 7000) + b"\n",
    "plus_6000_lines.py": b"import jwt\nx = (" + b" +\n".join([b"a"] * 6000) + b")\n",
    "subscripts.py": b"import jwt\nx = a" + b"[0]" * 3000 + b"\n",
    "calls.py": b"import jwt\nx = f" + b"()" * 3000 + b"\n",
    "bad_escapes.py": 'import jwt\nA = "\\N{NOPE}"\nB = "\\x4"\nC = "\\u12"\nD = b"é"\n'
                      'jwt.decode(t, A, algorithms=["HS256"])\n'.encode(),
    "huge_int.py": b"import jwt\nN = " + b"9" * 5000 + b'\nS = f"{N}"\njwt.decode(t, S, algorithms=["HS256"])\n',
    "fstring_bomb.py": b"import jwt\nK = 'ab'\n" + b"K = f'{K}{K}'\n" * 40 + b"jwt.decode(t, K, algorithms=['HS256'])\n",
    "list_bomb.py": b"import jwt\nA = ['HS256']\n" + b"A = [*A, *A]\n" * 40 + b"jwt.decode(t, algorithms=A)\n",
    "and_8000.py": b"import jwt\nx = " + b" and ".join([b"a"] * 8000) + b"\n",
    "elif_12000.py": b"import jwt\nif a:\n pass\n" + b"elif a:\n pass\n" * 12000,
    "fstring_parens.py": b'import jwt\nx = f"{' + b"(" * 1300 + b"1" + b")" * 1300 + b'}"\n',
    "fstring_plus_7000.py": b'import jwt\nx = f"{' + b"+".join([b"a"] * 7000) + b'}"\n',
    "decode_100k.py": b"import jwt\n" + b"jwt.decode(t, k, algorithms=['HS256'])\n" * 100_000,
}


def _cases(root: Path) -> list[tuple[str, list[str], Path, int]]:
    """(name, jwtlint arguments, working directory, expected exit code)."""
    cases = []
    for name, data in SOURCES.items():
        folder = root / name.removesuffix(".py")
        folder.mkdir()
        (folder / name).write_bytes(data)
        (folder / "app.py").write_text(INSECURE)
        cases.append((name, ["check", "."], folder, 1))
    jobs = root / "all_sources_with_jobs"
    jobs.mkdir()
    for name, data in SOURCES.items():
        (jobs / name).write_bytes(data)
    cases.append(("all sources, --jobs", ["check", "--jobs", "2", "."], jobs, 1))

    def folder(name: str) -> Path:
        path = root / name
        path.mkdir()
        (path / "app.py").write_text(INSECURE)
        return path

    path = folder("fifo_named")
    os.mkfifo(path / "pipe.py")
    cases.append(("FIFO named on the command line", ["check", "pipe.py", "app.py"], path, 1))
    path = folder("fifo_symlink")
    os.mkfifo(path / "pipe")
    os.symlink("pipe", path / "pipe.py")
    cases.append(("*.py symlink to a FIFO", ["check", "."], path, 1))
    for name in ("requirements.txt", ".gitignore"):
        path = folder(f"fifo_{name}")
        (path / ".git").mkdir()
        os.mkfifo(path / name)
        cases.append((f"FIFO {name}", ["check", "."], path, 1))
    for kind in ("fifo", "dev_zero"):
        path = folder(f"{kind}_pyproject")
        (os.mkfifo(path / "pyproject.toml") if kind == "fifo" else os.symlink("/dev/zero", path / "pyproject.toml"))
        cases.append((f"{kind} pyproject.toml", ["check", "."], path, 2))
        path = folder(f"{kind}_baseline")
        (os.mkfifo(path / "base.json") if kind == "fifo" else os.symlink("/dev/zero", path / "base.json"))
        cases.append((f"{kind} baseline", ["check", "--baseline", "base.json", "."], path, 2))
    path = folder("dev_zero_source")
    os.symlink("/dev/zero", path / "zero.py")
    cases.append(("/dev/zero as a source", ["check", "."], path, 1))
    path = folder("too_large")
    (path / "big.py").write_bytes(b"import jwt\n" + b"x = 1\n" * 2_000_000)
    cases.append(("source over the size cap", ["check", "."], path, 1))
    path = folder("deep_imported_module")
    (path / "conf.py").write_bytes(b"OPTIONS = {}\nx = " + b"(" * 1300 + b"1" + b")" * 1300 + b"\n")
    (path / "use.py").write_text("import jwt\nfrom conf import OPTIONS\n\nclaims = jwt.decode(t, k, options=OPTIONS)\n")
    cases.append(("imported module nested 1,300 deep", ["check", "use.py", "app.py"], path, 1))
    path = folder("deep_baseline")
    (path / "base.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    cases.append(("100,000-deep baseline", ["check", "--baseline", "base.json", "."], path, 2))
    path = folder("deep_toml")
    (path / "pyproject.toml").write_bytes(b"x = " + b"[" * 3000 + b"]" * 3000 + b"\n")
    cases.append(("3,000-deep pyproject.toml", ["check", "."], path, 2))
    return cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--memory-mb", type=int, default=2048)
    args = parser.parse_args()
    limit = args.memory_mb * 1024 * 1024

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    failed = 0
    with tempfile.TemporaryDirectory(prefix="jwtlint-attack-") as temporary:
        for name, argv, cwd, expected in _cases(Path(temporary)):
            started = time.monotonic()
            try:
                done = subprocess.run([sys.executable, "-m", "jwtlint", *argv, "--no-cache"], cwd=cwd,
                                      capture_output=True, text=True, timeout=args.timeout, preexec_fn=cap_memory)
                code, output = done.returncode, done.stdout + done.stderr
            except subprocess.TimeoutExpired:
                code, output = None, ""
            seconds = time.monotonic() - started
            ok = code == expected and "Traceback" not in output
            failed += not ok
            verdict = "ok  " if ok else "FAIL"
            shown = "hang" if code is None else f"exit {code}"
            print(f"{verdict} {name:<40} {shown:<8} {seconds:6.1f} s  (expected exit {expected})")
            if not ok and output:
                print("     " + output.strip().splitlines()[-1][:200])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
