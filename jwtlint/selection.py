"""Which rules run on which file: select / ignore with prefix matching, per-file ignores.

As in ruff, the most specific selector wins: ``select = ["JWT"]`` with
``ignore = ["JWT2"]`` and ``extend-select = ["JWT203"]`` runs JWT203 but no
other JWT2xx rule. Opt-in rules run only when selected by their full code.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable

from jwtlint.config import Config

_SELECTOR = re.compile(r"^(ALL|JWT[0-9]{0,3})$")


def is_valid_selector(text: str) -> bool:
    return bool(_SELECTOR.match(text.upper()))


def _best(code: str, selectors: Iterable[str]) -> int:
    best = -1
    for selector in selectors:
        selector = selector.upper()
        if selector == "ALL":
            best = max(best, 0)
        elif code.startswith(selector):
            best = max(best, len(selector))
    return best


def is_enabled(code: str, config: Config, default_enabled: bool = True) -> bool:
    chosen = _best(code, (*config.select, *config.extend_select))
    ignored = _best(code, config.ignore)
    if chosen < 0 or ignored >= chosen:
        return False
    return default_enabled or chosen == len(code)


def ignored_for_file(path: str, config: Config) -> frozenset[str]:
    """Codes (and prefixes) the per-file-ignores table drops for this path."""
    ignored: set[str] = set()
    for pattern, codes in config.per_file_ignores.items():
        if path_matches(path, pattern):
            ignored.update(code.upper() for code in codes)
    return frozenset(ignored)


def path_matches(path: str, pattern: str) -> bool:
    """Glob match against the whole relative path or its final component."""
    normalized = path.replace("\\", "/")
    if normalized.startswith("./"):
        normalized = normalized[2:]
    name = normalized.rsplit("/", 1)[-1]
    return fnmatch.fnmatch(normalized, pattern) or fnmatch.fnmatch(name, pattern) \
        or fnmatch.fnmatch(normalized, pattern.rstrip("/") + "/*")
