"""pytest plugin entry point (``pytest --jwtlint``). Registered through ``pytest11``.

Importing this module must stay cheap: it only adds options until enabled.
"""

from __future__ import annotations


def pytest_addoption(parser) -> None:
    group = parser.getgroup("jwtlint")
    group.addoption("--jwtlint", action="store_true", default=False,
                    help="check Python files with jwtlint (one test item per file)")
    parser.addini("jwtlint", type="bool", default=False, help="enable jwtlint checks")
