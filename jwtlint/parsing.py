"""Parse a module with libcst, after a cheap check that the parser will survive it.

libcst's native parser recurses once per nesting level and per link of a
left-recursive chain (``a + a + ...``, ``a and a ...``, ``a.b.b...``, ``f()()...``,
``a[0][0]...``, ``not not ...``, and the ``elif`` branches of one ``if``): about 1,270 nested parentheses or 7,000 ``+`` terms overflow
its stack and kill the process (no exception to catch), and long chains take
quadratic time well before that (2,000 subscripts: 5 s). :func:`check_shape`
measures both over the bytes before anything is parsed: the bracket depth, and
for each bracket level the longest chain of operators not broken by a comma,
a semicolon or (outside brackets) a line end, and the run of ``elif`` lines at each
indentation. Strings and comments are blanked first so that their text counts for nothing,
except an f-string's replacement fields, which are checked as expressions of their own. Code past either limit is not
ordinary Python: CPython itself refuses more than 200 nested brackets.

The tree itself is what a file costs in memory: about 3 KB per token (names,
numbers, operators, brackets; a string counts as one), the same for ordinary and for
JWT-dense code. A file of more than :data:`MAX_TOKENS` tokens is not parsed, so
that one file never needs more than about 750 MB (the largest hand-written modules
of Django, saleor, ansible and keycloak have fewer than 52,000).
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Optional

import libcst as cst

#: CPython's own limit (``MAXLEVEL`` in its tokenizer: "too many nested parentheses").
MAX_BRACKET_DEPTH = 200
#: Links of one chain at one bracket level; libcst parses 1,000 in well under a second.
MAX_CHAIN = 1000
#: Tokens of one file: its tree takes about 3 KB of memory per token.
MAX_TOKENS = 250_000

_STRINGS_AND_COMMENTS = re.compile(
    rb"#[^\r\n]*"
    rb"|'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\""
    rb"|'(?:\\.|[^'\\\r\n])*'|\"(?:\\.|[^\"\\\r\n])*\"", re.S)
_TOKENS = re.compile(
    rb"[\[({]|[\])}]|[,;]|\\\r?\n|\r\n?|\n|\*\*|//|<<|>>|[-+*/%@&|^~.]"
    rb"|\b(?:not|and|or|if|else|lambda|await)\b")
_OPENING, _CLOSING, _SEPARATORS, _LINE_ENDS = b"[({", b"])}", b",;", b"\r\n"
_OPERAND_END = re.compile(rb"[\w)\]}]")
_ANY_TOKEN = re.compile(rb"\w+|[^\s\w]")
_LINE_START = re.compile(rb"([ \t\f]*)(\w*)")
#: The prefix of an f-string, right before its opening quote (``f``, ``rf``, ``Fr``, ``bf`` is no Python).
_FSTRING_PREFIX = re.compile(rb"(?<![\w])(?:[fF][rR]?|[rR][fF])\Z")


class TooComplex(ValueError):
    """Source the parser could not survive; the message says what, ``line`` where."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def parse_module(data: bytes) -> cst.Module:
    """``cst.parse_module`` for bytes that passed :func:`check_shape` (raises :class:`TooComplex`)."""
    problem = check_shape(data)
    if problem is not None:
        raise TooComplex(*problem)
    return cst.parse_module(data)


def check_shape(data: bytes, first_line: int = 1, nesting: int = 0) -> Optional[tuple[int, str]]:
    """None for source the parser handles; otherwise the line, and why it would crash or take too long.

    ``first_line`` and ``nesting``: where ``data`` starts and how deep it is, for the replacement
    fields of f-strings (``f"{...}"``), checked as expressions of their own.
    """
    fields: list[tuple[int, bytes]] = []
    text = _STRINGS_AND_COMMENTS.sub(lambda match: _blank(match, fields), data)
    if next(islice(_ANY_TOKEN.finditer(text), MAX_TOKENS, None), None) is not None:
        return 1, (f"more than {MAX_TOKENS:,} tokens: too large to analyse within memory (its tree would "
                   f"take over {MAX_TOKENS * 3 // 1000} MB); exclude the file or split it")
    problem = _chains(text, first_line)
    for offset, field in fields if problem is None else ():
        line = _line(data, offset) + first_line - 1
        if nesting >= MAX_BRACKET_DEPTH:
            return line, f"f-strings nested more than {MAX_BRACKET_DEPTH} deep at line {line}"
        problem = check_shape(b"(" + field + b")", line, nesting + 1)
        if problem is not None:
            break
    return problem


def _chains(text: bytes, first_line: int) -> Optional[tuple[int, str]]:
    """The bracket depth and the chains of ``text`` (strings and comments blanked)."""
    # At each open bracket level, outermost first: links of the current operator chain, and of
    # the current run of trailers (``.name``, a call, a subscript) hanging off one operand.
    chains, trailers = [0], [0]
    branches = _ElifRuns()
    for match in _TOKENS.finditer(text):
        token = match.group()
        first = token[0:1]
        if first in _OPENING:
            start = match.start()
            if start and _OPERAND_END.match(text, start - 1):  # a call or a subscript
                trailers[-1] += 1
                if trailers[-1] > MAX_CHAIN:
                    return _too_long(text, start, first_line)
            else:
                trailers[-1] = 0
            chains.append(0)
            trailers.append(0)
            if len(chains) > MAX_BRACKET_DEPTH + 1:
                line = _line(text, start) + first_line - 1
                return line, f"brackets nested more than {MAX_BRACKET_DEPTH} deep at line {line} (Python's own limit)"
        elif first in _CLOSING:
            if len(chains) > 1:
                chains.pop()
                trailers.pop()
            continue
        elif first in _LINE_ENDS and len(chains) == 1:
            chains[-1] = trailers[-1] = 0
            if branches.line_starts(text, match.end()) > MAX_CHAIN:
                line = _line(text, match.end()) + first_line - 1
                return line, f"an if statement has more than {MAX_CHAIN} elif branches at line {line}; too long to parse safely"
            continue
        elif first in _SEPARATORS:
            chains[-1] = trailers[-1] = 0
            continue
        elif first in _LINE_ENDS or first == b"\\":
            continue
        elif token == b".":
            trailers[-1] += 1
        else:
            chains[-1] += 1
            trailers[-1] = 0
        if chains[-1] > MAX_CHAIN or trailers[-1] > MAX_CHAIN:
            return _too_long(text, match.start(), first_line)
    return None


class _ElifRuns:
    """How many ``elif`` branches the ``if`` at each indentation has had so far: libcst nests each
    in the one before, so a long run overflows its stack like a long operator chain."""

    def __init__(self) -> None:
        self._runs: dict[int, int] = {}

    def line_starts(self, text: bytes, offset: int) -> int:
        """Note the logical line starting at ``offset``; the run of ``elif`` it continues, or 0."""
        start = _LINE_START.match(text, offset)
        assert start is not None  # the pattern matches the empty string
        indent, word = len(start.group(1)), start.group(2)
        if not word:
            return 0  # a blank line (or a comment, blanked to nothing) continues any run
        if word == b"elif":
            self._runs[indent] = self._runs.get(indent, 0) + 1
            return self._runs[indent]
        if word != b"else":
            self._runs = {level: run for level, run in self._runs.items() if level < indent}
        return 0


def _too_long(text: bytes, offset: int, first_line: int) -> tuple[int, str]:
    line = _line(text, offset) + first_line - 1
    return line, f"an expression chains more than {MAX_CHAIN} operators at line {line}; too long to parse safely"


def _blank(match: re.Match, fields: list[tuple[int, bytes]]) -> bytes:
    """A string as one neutral byte and a comment as nothing, keeping line breaks so that line
    numbers hold; the replacement fields of an f-string go to ``fields`` (offset, text)."""
    literal = match.group()
    if literal.startswith(b"#"):
        return b""
    if b"{" in literal and _FSTRING_PREFIX.search(match.string, max(0, match.start() - 3), match.start()):
        fields.extend((match.start() + offset, field) for offset, field in _replacement_fields(literal))
    return b"0" + b"\n" * literal.count(b"\n")


def _replacement_fields(literal: bytes) -> list[tuple[int, bytes]]:
    """The ``{...}`` parts of an f-string's text, outermost only (``{{`` is a literal brace)."""
    fields: list[tuple[int, bytes]] = []
    depth, start, index = 0, 0, 0
    while index < len(literal):
        char = literal[index:index + 1]
        if char == b"{" and depth == 0 and literal[index + 1:index + 2] == b"{":
            index += 2
            continue
        if char == b"{":
            depth += 1
            if depth == 1:
                start = index + 1
        elif char == b"}" and depth:
            depth -= 1
            if depth == 0:
                fields.append((start, literal[start:index]))
        index += 1
    if depth:
        fields.append((start, literal[start:]))  # unclosed: what there is
    return fields


def _line(text: bytes, offset: int) -> int:
    return text.count(b"\n", 0, offset) + 1
