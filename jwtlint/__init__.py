"""jwtlint: a static security linter for JWT misuse in Python code.

The package root stays import-light on purpose: the pytest plugin and the
pre-commit hook import it on every run, so heavy modules (libcst) are only
loaded once a file actually needs parsing.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
