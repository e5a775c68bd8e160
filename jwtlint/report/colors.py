"""ANSI styling, applied only when the caller decided colour is wanted."""

from __future__ import annotations

from jwtlint.findings import Severity

_CODES = {"bold": "1", "dim": "2", "red": "31", "yellow": "33", "cyan": "36", "magenta": "35", "blue": "34"}
SEVERITY_COLOR = {Severity.CRITICAL: "magenta", Severity.HIGH: "red", Severity.MEDIUM: "yellow",
                  Severity.LOW: "blue"}


def paint(text: str, style: str, enabled: bool) -> str:
    if not enabled:
        return text
    codes = ";".join(_CODES[part] for part in style.split("+"))
    return f"\033[{codes}m{text}\033[0m"
