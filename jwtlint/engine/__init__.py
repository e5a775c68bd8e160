"""The engine: parse once, build the semantic model, run every rule in one traversal.

Public entry points for the CLI and the pytest plugin. They are loaded on first
use (PEP 562), so that a run which never parses a file never imports the parser.
"""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "FileResult": "jwtlint.engine.result",
    "Report": "jwtlint.engine.runner",
    "Settings": "jwtlint.engine.settings",
    "analyze_source": "jwtlint.engine.analyze",
    "check_paths": "jwtlint.engine.runner",
    "check_source": "jwtlint.engine.runner",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'jwtlint.engine' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
