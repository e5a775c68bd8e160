"""In-source suppressions: ``# noqa: JWT101`` and ``# jwtlint: ignore[JWT101]``.

A comment suppresses the named codes on every line of the statement it sits
on. Only comments found by the tokenizer count, so a ``#`` inside a string
is never taken for one. A bare ``# noqa`` belongs to other linters and is
left alone; a bare ``# jwtlint: ignore`` hides nothing and is reported.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field
from typing import Optional

_NOQA = re.compile(r"#\s*noqa\s*:\s*(?P<codes>[A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*)", re.I)
_IGNORE = re.compile(r"#\s*jwtlint\s*:\s*ignore\b(?:\[(?P<codes>[^\]]*)\])?", re.I)
_CODE = re.compile(r"JWT[0-9]+", re.I)


@dataclass
class Suppression:
    line: int
    column: int
    end_column: int
    codes: frozenset[str]
    text: str
    used: set[str] = field(default_factory=set)

    @property
    def bare(self) -> bool:
        return not self.codes


def find_suppressions(source: str) -> list[Suppression]:
    """Every jwtlint-relevant suppression comment, in line order."""
    if "noqa" not in source.lower() and "jwtlint" not in source.lower():
        return []
    found = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        suppression = _parse_comment(token.string, token.start[0], token.start[1])
        if suppression is not None:
            found.append(suppression)
    return found


def _parse_comment(comment: str, line: int, column: int):
    codes: set[str] = set()
    matched = False
    for match in _NOQA.finditer(comment):
        jwt_codes = {code.upper() for code in _CODE.findall(match.group("codes"))}
        if jwt_codes:
            matched = True
            codes |= jwt_codes
    for match in _IGNORE.finditer(comment):
        matched = True
        codes |= {code.upper() for code in _CODE.findall(match.group("codes") or "")}
    if not matched:
        return None
    return Suppression(line=line, column=column + 1, end_column=column + 1 + len(comment),
                       codes=frozenset(codes), text=comment)


def index_by_line(suppressions: list[Suppression]) -> dict[int, list[Suppression]]:
    by_line: dict[int, list[Suppression]] = {}
    for suppression in suppressions:
        by_line.setdefault(suppression.line, []).append(suppression)
    return by_line


#: What JWT002 says of named codes that suppress nothing; :func:`codes_hiding_nothing` reads it back.
_HIDES_NOTHING = "suppression of {} hides nothing on this statement"
_HIDES_NOTHING_READ = re.compile(r"^suppression of (?P<codes>JWT[0-9]+(?:, JWT[0-9]+)*) hides nothing on this statement$")


def hides_nothing(codes: list[str]) -> str:
    """The JWT002 message for a comment whose ``codes`` suppress nothing."""
    return _HIDES_NOTHING.format(", ".join(codes))


def codes_hiding_nothing(message: str) -> Optional[list[str]]:
    """The codes of a :func:`hides_nothing` message; None for any other message."""
    match = _HIDES_NOTHING_READ.match(message)
    return match.group("codes").split(", ") if match else None
