"""The progress display: only at a terminal, outside CI, after a second, never with --quiet."""

from __future__ import annotations

import io

import pytest

from jwtlint import progress
from jwtlint.cli import main
from jwtlint.progress import Progress, progress_for


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def not_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)


def test_nothing_is_shown_in_the_first_second_then_counts_and_erased_at_the_end():
    stream, clock = FakeTerminal(), FakeClock()
    shown = Progress(stream, clock)
    shown(10, 100, 1, 0)
    clock.now += 0.5
    shown(20, 100, 2, 0)
    assert stream.getvalue() == ""
    clock.now += 0.6
    shown(30, 100, 3, 1)
    assert stream.getvalue() == "\rjwtlint: 30/100 files, 3 candidates, 1 findings"
    shown(31, 100, 3, 1)  # within the redraw interval
    assert stream.getvalue().count("\r") == 1
    shown.close()
    assert stream.getvalue().endswith("\r" + " " * len("jwtlint: 30/100 files, 3 candidates, 1 findings") + "\r")


def test_silent_unless_a_terminal_outside_ci_without_quiet(monkeypatch):
    assert progress_for(io.StringIO(), quiet=False) is None
    assert progress_for(FakeTerminal(), quiet=True) is None
    assert isinstance(progress_for(FakeTerminal(), quiet=False), Progress)
    monkeypatch.setenv("CI", "true")
    assert progress_for(FakeTerminal(), quiet=False) is None


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for number in range(5):
        (tmp_path / f"m{number}.py").write_text("import jwt\njwt.decode(t, options={'verify_signature': False})\n")
    monkeypatch.setattr(progress, "DELAY", 0.0)  # as if the run had taken more than a second
    monkeypatch.setattr(progress, "INTERVAL", 0.0)
    return tmp_path


def test_a_run_at_a_terminal_shows_progress_on_stderr_only(project):
    out, err = io.StringIO(), FakeTerminal()
    assert main(["check", "--no-cache", "--jobs", "1", "."], stdout=out, stderr=err) == 1
    assert "\rjwtlint: 5/5 files, 5 candidates, 5 findings" in err.getvalue()
    assert err.getvalue().endswith("\r") and "\r" not in out.getvalue()


@pytest.mark.parametrize("options", [["--quiet"], ["-q"]])
def test_quiet_shows_no_progress(project, options):
    err = FakeTerminal()
    main(["check", "--no-cache", *options, "."], stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == ""


def test_ci_shows_no_progress(project, monkeypatch):
    monkeypatch.setenv("CI", "1")
    err = FakeTerminal()
    main(["check", "--no-cache", "."], stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == ""
