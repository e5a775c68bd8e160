"""The engine: parse once, build the semantic model, run every rule in one traversal.

Public entry points for the CLI and the pytest plugin.
"""

from jwtlint.engine.analyze import FileResult, analyze_source
from jwtlint.engine.runner import Report, check_paths, check_source
from jwtlint.engine.settings import Settings

__all__ = ["FileResult", "Report", "Settings", "analyze_source", "check_paths", "check_source"]
