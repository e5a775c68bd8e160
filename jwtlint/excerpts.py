"""What reports show of the source, cut and masked while the file is analysed.

Reports never read files: the text on disk may not be what was analysed
(standard input, a file changed since, a latin-1 file read back as UTF-8),
and masking needs what only the analysis knows. So each finding carries its
excerpt (the reported lines, masked), where its underline goes in that masked
text, and its statement's text (whitespace collapsed, masked) from which SARIF
fingerprints and baseline entries are hashed.

Masking covers every line a report shows, whichever finding shows it:

* every secret any finding of the file found (the value, the literal as
  written), so a JWT002 or JWT501 excerpt on the line of a JWT301 secret
  masks it too;
* every string literal on a line that names a secret or sensitive data
  (``SECRET_KEY = "..."``, ``{"password": "..."}``), which covers lines no
  rule understood: a syntax error, a claim value, a rule that is disabled.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Optional

from jwtlint.findings import Finding
from jwtlint.masking import masked_text
from jwtlint.semantics.names import name_words
from jwtlint.semantics.secret_names import is_jwt_secret_name

#: The line breaks Python's tokenizer counts; ``str.splitlines`` also splits on
#: form feeds and other separators, which would shift every later line number.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: At most this many lines of a finding are shown.
EXCERPT_LINES = 5
#: A string literal on one line, or the start of one the line does not close.
_LITERAL = re.compile(r"""(?<![\w])[rRbBuUfF]{0,2}(?P<quote>'''|\"\"\"|'|")"""
                      r"""(?P<body>(?:\\.|(?!(?P=quote)).)*?)(?:(?P=quote)|$)""")
#: Words of a name that say a literal near it may be a key or a token (``key = b"..."``,
#: ``jwt.encode({}, "...")``, ``api_token``): on a line no rule understood (a syntax error), masked.
_KEY_WORDS = frozenset({"KEY", "TOKEN", "ENCODE", "SIGN", "JWT", "AUTHORIZATION", "BEARER", "CREDENTIALS"})
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: ``name=`` or ``name = `` right before a literal (not ``==``).
_ASSIGNED_TO = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:\s*:\s*[\w\[\]., |]+?)?\s*(?<![=!<>])=\s*$")


def split_lines(text: str) -> list[str]:
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@dataclass(frozen=True)
class MaskedLine:
    """A line with its secrets masked, and how columns of the original map onto it."""

    text: str
    #: (start, end, replacement length) of each masked part, in original columns, in order.
    parts: tuple[tuple[int, int, int], ...] = ()

    def column(self, original: int, end: bool = False) -> int:
        """Where column ``original`` (0-based) of the original line is in :attr:`text`."""
        shift = 0
        for start, stop, length in self.parts:
            if original >= stop:
                shift += length - (stop - start)
            elif original > start:  # inside a masked part: its whole replacement
                return start + shift + (length if end else 0)
            else:
                break
        return original + shift


class SourceMask:
    """The lines of one analysed text, masked on demand (each line once)."""

    def __init__(self, text: str, secrets: Iterable[str] = ()) -> None:
        self.lines = split_lines(text)
        self.secrets = sorted({secret for secret in secrets if secret}, key=len, reverse=True)
        self._masked: dict[int, MaskedLine] = {}

    def line(self, number: int) -> Optional[MaskedLine]:
        """Line ``number`` (1-based), masked; None past the end."""
        if not 1 <= number <= len(self.lines):
            return None
        if number not in self._masked:
            self._masked[number] = mask_line(self.lines[number - 1], self.secrets)
        return self._masked[number]

    def attach(self, finding: Finding) -> Finding:
        """``finding`` with its excerpt, underline and statement text from this source."""
        span = finding.span
        last = min(span.end_line, span.line + EXCERPT_LINES - 1)
        shown = [masked for number in range(span.line, last + 1) if (masked := self.line(number)) is not None]
        underline = None
        if shown and span.end_line == span.line:
            start = shown[0].column(span.column - 1)
            end = shown[0].column(span.end_column - 1, end=True)
            underline = (start, max(1, end - start))
        statement = [masked.text for number in range(finding.statement.line, finding.statement.end_line + 1)
                     if (masked := self.line(number)) is not None]
        return finding.with_changes(excerpt=tuple(masked.text for masked in shown), underline=underline,
                                    statement_text=" ".join(" ".join(statement).split()))


def mask_line(line: str, secrets: Iterable[str]) -> MaskedLine:
    """Mask the known secrets, and every literal when the line names a secret or sensitive data."""
    spans: list[tuple[int, int]] = []
    for secret in secrets:
        start = line.find(secret)
        while start >= 0:
            spans.append((start, start + len(secret)))
            start = line.find(secret, start + len(secret))
    if names_something_sensitive(line):
        for match in _LITERAL.finditer(line):
            if match.group("body") and _may_be_secret(line, match):
                spans.append((match.start("body"), match.end("body")))
    if not spans:
        return MaskedLine(line)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    pieces, parts, previous = [], [], 0
    for start, end in merged:
        replacement = masked_text(line[start:end])
        pieces += [line[previous:start], replacement]
        parts.append((start, end, len(replacement)))
        previous = end
    pieces.append(line[previous:])
    return MaskedLine("".join(pieces), tuple(parts))


def _may_be_secret(line: str, literal: re.Match) -> bool:
    """Not a name (a dict key, a subscript, ``"password"`` itself) and not the value of a harmless
    keyword or variable (``algorithm="HS256"``): everything else on the line is masked."""
    if _sensitive_name(literal.group("body")):
        return False
    after, ahead = line[literal.end():].lstrip()[:1], line[:literal.start()].rstrip()[-1:]
    if (after == ":" and ahead in ("{", ",", "")) or (after == "]" and ahead == "["):
        return False  # a key of a dict or a subscript names the value; the value is masked
    before = _ASSIGNED_TO.search(line[:literal.start()])
    return before is None or _sensitive_name(before.group("name"))


def names_something_sensitive(line: str) -> bool:
    """Whether a word of the line names a secret or sensitive data (``JWT_SECRET``, ``password``)."""
    return any(_sensitive_name(word) for word in _WORD.findall(line))


def _sensitive_name(text: str) -> bool:
    from jwtlint.semantics.sensitive_claims import (
        sensitive_claim,  # the claim vocabulary lives with JWT401
    )

    if not _WORD.fullmatch(text.strip()):
        return False
    words = name_words(text.strip())
    return (any("SECRET" in word or "PASSW" in word or word in _KEY_WORDS for word in words)
            or is_jwt_secret_name(text) or sensitive_claim(text) is not None)
