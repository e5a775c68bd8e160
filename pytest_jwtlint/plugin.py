"""pytest plugin entry point (``pytest --jwtlint``), registered through ``pytest11``.

pytest imports this module on every run of every project where jwtlint is
installed, so it stays cheap: until the plugin is enabled it only declares its
option, its ini setting and its marker. The part that imports jwtlint's engine
(and so libcst) is loaded and registered only when ``--jwtlint`` or
``jwtlint = true`` asks for it. The ``jwt_attacks`` fixture
(:mod:`pytest_jwtlint.attack_fixture`) is registered on every run: it costs
nothing until a test asks for it, and needs no linting.
"""

from __future__ import annotations

import os

import pytest

from pytest_jwtlint import attack_fixture

MARKER = "jwtlint"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("jwtlint")
    group.addoption("--jwtlint", action="store_true", default=False,
                    help="check Python files with jwtlint (one test item per file)")
    parser.addini("jwtlint", type="bool", default=False, help="enable jwtlint checks (as --jwtlint does)")


def pytest_configure(config: pytest.Config) -> None:
    # Registered even when disabled, so that `-m jwtlint` under --strict-markers is never an error.
    config.addinivalue_line("markers", f"{MARKER}: jwtlint's security check of one Python file")
    config.addinivalue_line("markers", attack_fixture.MARKER_HELP)
    config.pluginmanager.register(attack_fixture, "jwtlint-attacks")
    if config.getoption("jwtlint") or config.getini("jwtlint"):
        from pytest_jwtlint.isolation import without_project_paths

        with without_project_paths(os.getcwd(), str(config.rootpath), str(config.invocation_params.dir)):
            from pytest_jwtlint.session import enable

            enable(config)
