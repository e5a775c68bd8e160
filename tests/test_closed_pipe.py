"""Output into a pipe whose reader has gone (``jwtlint rules | head``): quiet, with the usual exit code."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

INSECURE = 'import jwt\n\nclaims = jwt.decode(token, options={"verify_signature": False})\n'


def _run_into_closed_pipe(args: list[str], cwd) -> subprocess.CompletedProcess:
    """The reading end is closed before jwtlint writes, so its first write fails with EPIPE."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run([sys.executable, "-m", "jwtlint", *args], stdout=write_end,
                              stderr=subprocess.PIPE, cwd=cwd, timeout=120, check=False)
    finally:
        os.close(write_end)


@pytest.mark.parametrize("args,code", [
    (["rules"], 0),
    (["rules", "--format", "json"], 0),
    (["rule", "JWT101"], 0),
    (["check", "--no-cache", "."], 1),
    (["check", "--no-cache", "--format", "json", "."], 1),
    (["check", "--no-cache", "--statistics", "."], 1),
])
def test_a_closed_pipe_ends_quietly(args, code, tmp_path):
    (tmp_path / "app.py").write_text(INSECURE)
    completed = _run_into_closed_pipe(args, tmp_path)
    assert completed.stderr.decode() == ""
    assert completed.returncode == code
