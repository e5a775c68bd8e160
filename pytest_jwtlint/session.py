"""The plugin once enabled: collection, shipping results to the controller, the cache, the summary.

Under pytest-xdist each worker checks its share of the files, but only the
controller may write pytest's cache. A worker's verdict therefore rides on
the item's call report as an extra attribute (``report.jwtlint``): pytest
serialises a report's attributes for xdist and restores them on the
controller, where :meth:`JwtlintSession.pytest_runtest_logreport` sees every
report, local or remote. Unlike ``user_properties`` the attribute does not leak
into JUnit XML, and unlike report sections it is never printed. Without xdist
the same hook runs in the one process, so there is a single path either way.
"""

from __future__ import annotations

import pytest

from jwtlint.config import ConfigError, load_config
from jwtlint.engine import Settings
from pytest_jwtlint.cache import ResultCache
from pytest_jwtlint.checker import CHECKER, Checker, Verdict
from pytest_jwtlint.items import JwtlintFile, JwtlintItem
from pytest_jwtlint.summary import Tally

REPORT_ATTRIBUTE = "jwtlint"


def enable(config: pytest.Config) -> None:
    """Read ``[tool.jwtlint]`` from pytest's rootdir upwards and register the hooks.

    A broken configuration stops the run with a usage error, as the CLI exits 2.
    """
    try:
        jwt_config = load_config(config.rootpath)
    except ConfigError as error:
        raise pytest.UsageError(f"jwtlint: configuration error: {error}") from None
    settings = Settings(jwt_config)
    if settings.selects_nothing():  # every file would pass without being looked at
        raise pytest.UsageError(f"jwtlint: configuration error: {jwt_config.source}: the selection "
                                "enables no rule")
    checker = Checker(settings, config.invocation_params.dir, ResultCache.of(config))
    config.stash[CHECKER] = checker
    config.pluginmanager.register(JwtlintSession(checker), "jwtlint-session")


class JwtlintSession:
    def __init__(self, checker: Checker) -> None:
        self.checker = checker
        self.tally = Tally()

    def pytest_collect_file(self, file_path, parent):
        if self.checker.wants(file_path):
            return JwtlintFile.from_parent(parent, path=file_path)
        return None

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        if call.when == "call" and isinstance(item, JwtlintItem) and item.verdict is not None:
            setattr(outcome.get_result(), REPORT_ATTRIBUTE, item.verdict.pack())

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        packed = getattr(report, REPORT_ATTRIBUTE, None)
        if packed is None:
            return
        verdict = Verdict.unpack(packed)
        self.tally.add(verdict)
        if verdict.key is not None and not verdict.cached:
            self.checker.cache.remember(verdict.result.path, verdict.key, packed["record"], packed["consulted"])

    def pytest_sessionfinish(self) -> None:
        self.checker.cache.save()

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.tally.files:
            terminalreporter.write_sep("=", "jwtlint")
            for line in self.tally.lines():
                terminalreporter.write_line(line)
