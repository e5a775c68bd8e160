"""``--add-noqa``: a ``# noqa: CODE`` on each reported statement, for adopting jwtlint in old code.

The comment goes where :mod:`jwtlint.suppressions` reads it: on a line of the
reported statement, the first one when a comment can go there (not inside a
multi-line string, not after a backslash continuation). A line that already
has a jwtlint suppression gets the new codes added to it; any other comment is
kept and the suppression appended to it.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable

from jwtlint.findings import Finding
from jwtlint.suppressions import _IGNORE, _NOQA

#: Codes that are not about the code on the line (a file not analysed, an unused suppression).
_NOT_SUPPRESSIBLE = ("JWT001", "JWT002")


def _layout(text: str) -> tuple[dict[int, tokenize.TokenInfo], set[int]]:
    """Comments by line, and lines whose end cannot take a comment."""
    comments: dict[int, tokenize.TokenInfo] = {}
    blocked: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = token
        elif token.start[0] < token.end[0] and token.type not in (tokenize.NL, tokenize.NEWLINE):
            blocked.update(range(token.start[0], token.end[0]))  # a string spanning lines
    for number, line in enumerate(text.splitlines(), start=1):
        if line.rstrip().endswith("\\") and number not in comments:
            blocked.add(number)
    return comments, blocked


def _merged(comment: str, codes: list[str]) -> str:
    for pattern in (_NOQA, _IGNORE):
        match = pattern.search(comment)
        if match and match.group("codes"):
            have = set(re.findall(r"JWT[0-9]+", match.group("codes"), re.I))
            new = [code for code in codes if code not in have]
            if not new:
                return comment
            end = match.end("codes")
            return comment[:end] + ", " + ", ".join(new) + comment[end:]
    return f"{comment}  # noqa: {', '.join(codes)}"


def add_noqa(text: str, findings: Iterable[Finding]) -> tuple[str, int]:
    """``text`` with suppressions for ``findings``, and how many statements got one."""
    wanted: dict[tuple[int, int], list[str]] = {}
    for finding in findings:
        if finding.code in _NOT_SUPPRESSIBLE:
            continue
        codes = wanted.setdefault((finding.statement.line, finding.statement.end_line), [])
        if finding.code not in codes:
            codes.append(finding.code)
    if not wanted:
        return text, 0
    comments, blocked = _layout(text)
    lines = text.splitlines(keepends=True)
    added = 0
    for (first, last), codes in sorted(wanted.items()):
        line = next((n for n in range(first, last + 1) if n not in blocked and n <= len(lines)), None)
        if line is None:
            continue
        raw = lines[line - 1]
        body = raw.rstrip("\r\n")
        ending = raw[len(body):]
        comment = comments.get(line)
        if comment is not None:
            start, end = comment.start[1], comment.end[1]
            merged = _merged(comment.string, sorted(codes))
            if merged == comment.string:
                continue
            body = body[:start] + merged + body[end:]
        else:
            body = f"{body.rstrip()}  # noqa: {', '.join(sorted(codes))}"
        lines[line - 1] = body + ending
        added += 1
    return "".join(lines), added
