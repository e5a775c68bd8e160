"""Which rules run on which file: select / ignore with prefix matching, per-file ignores.

As in ruff, the most specific selector wins: ``select = ["JWT"]`` with
``ignore = ["JWT2"]`` and ``extend-select = ["JWT203"]`` runs JWT203 but no
other JWT2xx rule. Opt-in rules run only when selected by their full code or
by ``ALL``. A selector that matches no rule is an error, never a silent
"nothing selected", and the diagnostics that mean "this file was not checked"
(``catalog.ALWAYS_ENABLED``) are on whatever the selection says.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
from collections.abc import Iterable
from typing import Optional

from jwtlint.config import Config
from jwtlint.rules import catalog

_SELECTOR = re.compile(r"^(ALL|JWT[0-9]{0,3})$")


def selector_problem(text: str) -> Optional[str]:
    """Why ``text`` selects no rule, with the closest selectors that do; None when it selects some."""
    upper = text.strip().upper()
    codes = [code for code, _, _ in catalog.RULES]
    if _SELECTOR.match(upper) and (upper == "ALL" or any(code.startswith(upper) for code in codes)):
        return None
    if not upper:
        return "an empty selector matches no rule"
    selectors = sorted({code[:length] for code in codes for length in range(3, len(code) + 1)})
    close = difflib.get_close_matches(upper, selectors, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"{text!r} matches no rule (codes look like JWT101, prefixes like JWT1){hint}"


def ignore_problem(text: str) -> Optional[str]:
    """Why ``text`` cannot be ignored: it matches no rule, or only rules that are always on."""
    problem = selector_problem(text)
    if problem is not None:
        return problem
    upper = text.strip().upper()
    matched = [code for code, _, _ in catalog.RULES if upper == "ALL" or code.startswith(upper)]
    if all(always_enabled(code) for code in matched):
        return (f"{', '.join(matched)} cannot be ignored: a file that was not analysed could hide any "
                "finding; exclude the file instead")
    return None


def always_enabled(code: str) -> bool:
    return code in catalog.ALWAYS_ENABLED


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
    if always_enabled(code):
        return True
    chosen = _best(code, (*config.select, *config.extend_select))
    ignored = _best(code, config.ignore)
    if chosen < 0 or ignored >= chosen:
        return False
    return default_enabled or chosen in (0, len(code))  # 0: ALL, which includes opt-in rules


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
