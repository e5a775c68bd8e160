"""The pytest plugin, run through pytester: opt-in, items, failures, configuration, cache, xdist.

Most runs are in-process (fast); the ones whose point is a separate
interpreter (what a plain run imports) or separate processes (xdist) are not.
"""

from __future__ import annotations

import pytest

from jwtlint.engine import FileResult, analyze_source
from jwtlint.findings import Finding, Severity, Span
from pytest_jwtlint.checker import Verdict

BAD = """\
import jwt


def claims(token):
    return jwt.decode(token, options={"verify_signature": False})
"""
BAD_LINE = ("app/auth.py:5:12: JWT101 [critical] signature verification disabled "
            "(options[\"verify_signature\"]=False) in jwt.decode(): any forged token is accepted")
CLEAN = """\
import jwt


def claims(token, key):
    return jwt.decode(token, key, algorithms=["HS256"])
"""
UNIT_TEST = "def test_unit():\n    assert True\n"
#: The rules these tests rely on, so that rules added later cannot change their counts; test code
#: included, so that the ordinary test module is an item too (the default is tested on its own).
SELECT = '[tool.jwtlint]\nselect = ["JWT0", "JWT101"]\ninclude-tests = true\n'


def configure(pytester: pytest.Pytester, more: str = "") -> None:
    pytester.makefile(".toml", pyproject=SELECT + more)


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """Application code (one bad file, one clean) and one ordinary test module."""
    configure(pytester)
    pytester.mkpydir("app")
    pytester.path.joinpath("app", "auth.py").write_text(BAD)
    pytester.path.joinpath("app", "tokens.py").write_text(CLEAN)
    pytester.makepyfile(test_unit=UNIT_TEST)
    return pytester


def collected(result: pytest.RunResult) -> list[str]:
    """Node ids listed by ``--collect-only -q``, sorted: the order is pytest's and varies by version."""
    return sorted(line for line in result.outlines if "::" in line)


def test_disabled_plugin_adds_no_items_and_imports_nothing_heavy(project: pytest.Pytester) -> None:
    project.makepyfile(test_light="""
        import sys

        def test_light():
            assert "pytest_jwtlint.plugin" in sys.modules  # the entry point is loaded ...
            heavy = [name for name in sys.modules
                     if name.split(".")[0] == "libcst" or name.startswith(("jwtlint", "pytest_jwtlint.session"))]
            assert heavy == []                            # ... but nothing behind it
    """)
    result = project.runpytest_subprocess("-v")
    result.assert_outcomes(passed=2)
    assert not any("::jwtlint" in line for line in result.outlines)
    assert "= jwtlint =" not in result.stdout.str()


def test_application_code_is_checked_one_item_per_file(project: pytest.Pytester) -> None:
    result = project.runpytest("--jwtlint", "--collect-only", "-q")
    assert collected(result) == ["app/__init__.py::jwtlint", "app/auth.py::jwtlint", "app/tokens.py::jwtlint",
                                 "test_unit.py::jwtlint", "test_unit.py::test_unit"]


def test_test_code_gets_no_item_by_default_and_one_severity_lower_when_included(project: pytest.Pytester) -> None:
    project.makepyfile(test_unit=BAD + "\n\n" + UNIT_TEST)
    project.makefile(".toml", pyproject='[tool.jwtlint]\nselect = ["JWT0", "JWT101"]\n')
    assert collected(project.runpytest("--jwtlint", "--collect-only", "-q")) == [
        "app/__init__.py::jwtlint", "app/auth.py::jwtlint", "app/tokens.py::jwtlint", "test_unit.py::test_unit"]
    configure(project)
    result = project.runpytest("--jwtlint", "-rA", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*_ test_unit.py::jwtlint _*",
                                 BAD_LINE.replace("app/auth.py", "test_unit.py").replace("[critical]", "[high]")])


def test_file_with_findings_fails_with_concise_lines_and_clean_file_passes(project: pytest.Pytester) -> None:
    result = project.runpytest("--jwtlint", "-rA")
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines(["*_ app/auth.py::jwtlint _*", BAD_LINE,
                                 "PASSED app/tokens.py::jwtlint", "FAILED app/auth.py::jwtlint*"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_terminal_summary_counts_findings_by_rule(project: pytest.Pytester) -> None:
    project.path.joinpath("app", "more.py").write_text(BAD + BAD.replace("def claims", "def other"))
    result = project.runpytest("--jwtlint")
    result.stdout.fnmatch_lines(["*= jwtlint =*",
                                 "    3  JWT101  signature-verification-disabled",
                                 "jwtlint: 3 findings in 2 of 5 files (0 from cache)"])


def test_the_projects_own_libcst_is_never_imported(project: pytest.Pytester) -> None:
    """``python -m pytest`` puts the project first on sys.path; its libcst/ must not replace the real one."""
    project.mkpydir("libcst").joinpath("__init__.py").write_text("raise SystemExit('the project libcst was imported')\n")
    project.makeconftest("")  # the rootdir conftest puts the rootdir on sys.path too
    result = project.runpytest_subprocess("--jwtlint", "-p", "no:cacheprovider")
    assert "was imported" not in result.stdout.str() + result.stderr.str()
    result.stdout.fnmatch_lines([BAD_LINE])


def test_slow_file_fails_on_the_time_limit_and_the_others_run(project: pytest.Pytester,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from jwtlint.engine import analyze

    configure(project, "file-timeout = 0.2\n")
    walk = analyze._walk

    def slow_walk(module, real_path, display, settings):
        if display.endswith("tokens.py"):
            time.sleep(30)
        return walk(module, real_path, display, settings)

    monkeypatch.setattr(analyze, "_walk", slow_walk)
    result = project.runpytest("--jwtlint", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=2)
    assert "app/tokens.py:1:1: JWT001 [high] file not analysed: analysis took longer than 0.2 s" in result.outlines
    assert BAD_LINE in result.outlines


def test_unparsable_file_fails_with_a_message_not_a_traceback(project: pytest.Pytester) -> None:
    project.path.joinpath("app", "broken.py").write_text("import jwt\ndef broken(:\n")
    result = project.runpytest("--jwtlint", "-m", "jwtlint")
    result.assert_outcomes(passed=3, failed=2)
    assert any(line.startswith("app/broken.py:2:1: JWT001 [high] file not analysed: syntax error at line 2")
               for line in result.outlines)
    assert "Traceback" not in result.stdout.str()


def test_internal_error_fails_the_file_and_is_not_cached(project: pytest.Pytester,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def crashing_analysis(data, display, *args, **kwargs):
        return FileResult(path=display, analysed=True, internal_error="RuntimeError: rule crashed\n")

    with monkeypatch.context() as patch:
        patch.setattr("pytest_jwtlint.checker.analyze_source", crashing_analysis)
        crashed = project.runpytest("--jwtlint", "-m", "jwtlint")
    crashed.assert_outcomes(failed=4)
    crashed.stdout.fnmatch_lines(["jwtlint: internal error while analysing app/tokens.py (please report it):",
                                  "RuntimeError: rule crashed",
                                  "jwtlint: 4 files could not be analysed (internal error)"])
    recovered = project.runpytest("--jwtlint", "-m", "jwtlint")
    recovered.assert_outcomes(passed=3, failed=1)
    recovered.stdout.fnmatch_lines(["jwtlint: 1 finding in 1 of 4 files (0 from cache)"])


def test_ini_setting_enables_the_plugin(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\njwtlint = true\n")
    result = project.runpytest()
    result.assert_outcomes(passed=4, failed=1)


@pytest.mark.parametrize(("expression", "expected"), [
    ("jwtlint", ["app/__init__.py::jwtlint", "app/auth.py::jwtlint", "app/tokens.py::jwtlint",
                 "test_unit.py::jwtlint"]),
    ("not jwtlint", ["test_unit.py::test_unit"]),
])
def test_marker_selects_and_deselects_the_checks(project: pytest.Pytester, expression: str,
                                                 expected: list[str]) -> None:
    result = project.runpytest("--jwtlint", "--strict-markers", "-m", expression, "--collect-only", "-q")
    assert collected(result) == expected


def test_excludes_and_gitignore_are_honoured(project: pytest.Pytester) -> None:
    configure(project, 'extend-exclude = ["vendored/*"]\n')
    project.mkdir(".git")
    project.makefile("", **{".gitignore": "generated/\n"})
    for folder in ("vendored", "generated/deep"):
        project.path.joinpath(folder).mkdir(parents=True)
        project.path.joinpath(folder, "bad.py").write_text(BAD)
    result = project.runpytest("--jwtlint", "--collect-only", "-q", "-m", "jwtlint")
    assert collected(result) == ["app/__init__.py::jwtlint", "app/auth.py::jwtlint", "app/tokens.py::jwtlint",
                                 "test_unit.py::jwtlint"]


def test_reads_the_same_configuration_as_the_cli(project: pytest.Pytester) -> None:
    configure(project, '[tool.jwtlint.per-file-ignores]\n"app/auth.py" = ["JWT101"]\n')
    result = project.runpytest("--jwtlint")
    result.assert_outcomes(passed=5)


@pytest.mark.parametrize(("pyproject", "message"), [
    ('[tool.jwtlint]\nselec = ["JWT"]\n', "unknown key 'tool.jwtlint.selec'"),
    ('[tool.jwtlint]\nselect = "JWT"\n', "tool.jwtlint.select"),
    ('[tool.jwtlint]\npyjwt-version = "3"\n', "'tool.jwtlint.pyjwt-version' must be \"1\" or \"2\""),
    ('[tool.jwtlint]\nselect = ["JWT999"]\n', "'JWT999' matches no rule"),
    ('[tool.jwtlint]\nselect = []\n', "the selection enables no rule"),
])
def test_broken_configuration_stops_the_run_with_a_usage_error(project: pytest.Pytester, pyproject: str,
                                                               message: str) -> None:
    project.makefile(".ini", pytest="[pytest]\n")  # found first, so pytest itself skips pyproject.toml
    project.makefile(".toml", pyproject=pyproject)
    result = project.runpytest("--jwtlint")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: jwtlint: configuration error: *pyproject.toml: *{message}*"])
    assert "passed" not in result.stdout.str() and "failed" not in result.stdout.str()


def test_cached_results_are_reused_and_never_skipped(project: pytest.Pytester,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    first = project.runpytest("--jwtlint")
    first.stdout.fnmatch_lines(["jwtlint: 1 finding in 1 of 4 files (0 from cache)"])

    analysed = []

    def spying_analysis(data, display, *args, **kwargs):
        analysed.append(display)
        return analyze_source(data, display, *args, **kwargs)

    monkeypatch.setattr("pytest_jwtlint.checker.analyze_source", spying_analysis)
    second = project.runpytest("--jwtlint", "-rA")
    assert "app/auth.py" not in analysed and "app/tokens.py" not in analysed
    second.assert_outcomes(passed=4, failed=1)
    second.stdout.fnmatch_lines([BAD_LINE, "jwtlint: 1 finding in 1 of 4 files (2 from cache)"])
    second.stdout.fnmatch_lines(["PASSED app/tokens.py::jwtlint"])


def test_cache_sees_edits_and_configuration_changes(project: pytest.Pytester) -> None:
    project.runpytest("--jwtlint")
    project.path.joinpath("app", "auth.py").write_text(CLEAN)
    edited = project.runpytest("--jwtlint")
    edited.assert_outcomes(passed=5)
    edited.stdout.fnmatch_lines(["jwtlint: no findings in 4 files (1 from cache)"])
    project.path.joinpath("app", "tokens.py").write_text(BAD)
    configure(project, 'ignore = ["JWT201"]\n')
    reconfigured = project.runpytest("--jwtlint")
    reconfigured.assert_outcomes(passed=4, failed=1)
    reconfigured.stdout.fnmatch_lines(["jwtlint: 1 finding in 1 of 4 files (0 from cache)"])


def test_cache_sees_a_change_in_an_imported_settings_module(project: pytest.Pytester) -> None:
    project.path.joinpath("app", "settings.py").write_text('JWT_OPTIONS = {"verify_signature": True}\n')
    project.path.joinpath("app", "views.py").write_text(
        'import jwt\nfrom .settings import JWT_OPTIONS\n\n'
        'def claims(token, key):\n    return jwt.decode(token, key, algorithms=["HS256"], options=JWT_OPTIONS)\n')
    before = project.runpytest("--jwtlint")
    before.assert_outcomes(passed=6, failed=1)
    project.path.joinpath("app", "settings.py").write_text('JWT_OPTIONS = {"verify_signature": False}\n')
    changed = project.runpytest("--jwtlint")
    changed.assert_outcomes(passed=5, failed=2)
    changed.stdout.fnmatch_lines(["*app/views.py:5:12: JWT101 *"])


def test_damaged_cache_is_a_miss_not_an_error(project: pytest.Pytester) -> None:
    project.runpytest("--jwtlint")
    stored = project.path / ".pytest_cache" / "v" / "jwtlint" / "results"
    assert stored.is_file()
    stored.write_text('{"app/auth.py": {"key": "x"}, "app/tokens.py": 7')
    result = project.runpytest("--jwtlint")
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines(["jwtlint: 1 finding in 1 of 4 files (0 from cache)"])


def test_works_without_the_cache_provider(project: pytest.Pytester) -> None:
    for _ in range(2):
        result = project.runpytest("--jwtlint", "-p", "no:cacheprovider")
        result.assert_outcomes(passed=4, failed=1)
        result.stdout.fnmatch_lines([BAD_LINE, "jwtlint: 1 finding in 1 of 4 files (0 from cache)"])
    assert not (project.path / ".pytest_cache").exists()


WORKER_WRITE_SPY = """
def pytest_configure(config):
    if hasattr(config, "workerinput") and hasattr(config, "cache"):
        real_set = config.cache.set

        def spying_set(key, value):
            if key.startswith("jwtlint"):
                (config.rootpath / ("worker-wrote-" + config.workerinput["workerid"])).write_text(key)
            real_set(key, value)

        config.cache.set = spying_set
"""


def test_xdist_workers_report_to_the_controller_which_alone_writes_the_cache(project: pytest.Pytester) -> None:
    project.makeconftest(WORKER_WRITE_SPY)
    first = project.runpytest_subprocess("--jwtlint", "-n", "2")
    first.assert_outcomes(passed=5, failed=1)  # conftest.py is checked too
    first.stdout.fnmatch_lines([BAD_LINE, "    1  JWT101  signature-verification-disabled",
                                "jwtlint: 1 finding in 1 of 5 files (0 from cache)"])
    second = project.runpytest_subprocess("--jwtlint", "-n", "2")
    second.assert_outcomes(passed=5, failed=1)
    second.stdout.fnmatch_lines([BAD_LINE, "jwtlint: 1 finding in 1 of 5 files (3 from cache)"])
    assert list(project.path.glob("worker-wrote-*")) == []


def test_packed_verdict_round_trips_without_raw_secrets() -> None:
    span = Span(1, 1, 1, 10)
    finding = Finding(code="JWT301", name="hard-coded-secret", severity=Severity.HIGH, path="a.py", span=span,
                      message="hard-coded secret 's****t' (6 characters)", statement=span,
                      excerpt=('KEY = "s****t"',), underline=(6, 8), statement_text='KEY = "s****t"')
    verdict = Verdict(FileResult(path="a.py", findings=[finding], analysed=True), key="k", cached=False)
    packed = verdict.pack()
    assert "secrets" not in packed["record"]["findings"][0]
    restored = Verdict.unpack(packed)
    assert restored.result.findings == [finding]
    assert restored.result.findings[0].excerpt == finding.excerpt
    assert restored.result.findings[0].underline == (6, 8)
    assert restored.failed and restored.key == "k" and not restored.cached
