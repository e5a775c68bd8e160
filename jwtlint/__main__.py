"""Allow ``python -m jwtlint``."""

from jwtlint.cli import entry_point

entry_point()
