"""Parse a module with libcst, after a cheap check that the parser will survive it.

libcst's native parser recurses once per nesting level and per link of a
left-recursive chain (``a + a + ...``, ``a.b.b...``, ``f()()...``, ``a[0][0]...``,
``not not ...``): about 1,270 nested parentheses or 7,000 ``+`` terms overflow
its stack and kill the process (no exception to catch), and long chains take
quadratic time well before that (2,000 subscripts: 5 s). :func:`check_shape`
measures both over the bytes before anything is parsed: the bracket depth, and
for each bracket level the longest chain of operators not broken by a comma,
a semicolon or (outside brackets) a line end. Strings and comments are blanked
first so that their text counts for nothing. Code past either limit is not
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
    rb"|\b(?:not|if|else|lambda|await)\b")
_OPENING, _CLOSING, _SEPARATORS, _LINE_ENDS = b"[({", b"])}", b",;", b"\r\n"
_OPERAND_END = re.compile(rb"[\w)\]}]")
_ANY_TOKEN = re.compile(rb"\w+|[^\s\w]")


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


def check_shape(data: bytes) -> Optional[tuple[int, str]]:
    """None for source the parser handles; otherwise the line, and why it would crash or take too long."""
    text = _STRINGS_AND_COMMENTS.sub(_blank, data)
    if next(islice(_ANY_TOKEN.finditer(text), MAX_TOKENS, None), None) is not None:
        return 1, (f"more than {MAX_TOKENS:,} tokens: too large to analyse within memory (its tree would "
                   f"take over {MAX_TOKENS * 3 // 1000} MB); exclude the file or split it")
    # At each open bracket level, outermost first: links of the current operator chain, and of
    # the current run of trailers (``.name``, a call, a subscript) hanging off one operand.
    chains, trailers = [0], [0]
    for match in _TOKENS.finditer(text):
        token = match.group()
        first = token[0:1]
        if first in _OPENING:
            start = match.start()
            if start and _OPERAND_END.match(text, start - 1):  # a call or a subscript
                trailers[-1] += 1
                if trailers[-1] > MAX_CHAIN:
                    return _too_long(text, start)
            else:
                trailers[-1] = 0
            chains.append(0)
            trailers.append(0)
            if len(chains) > MAX_BRACKET_DEPTH + 1:
                line = _line(text, start)
                return line, f"brackets nested more than {MAX_BRACKET_DEPTH} deep at line {line} (Python's own limit)"
        elif first in _CLOSING:
            if len(chains) > 1:
                chains.pop()
                trailers.pop()
            continue
        elif first in _SEPARATORS or (first in _LINE_ENDS and len(chains) == 1):
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
            return _too_long(text, match.start())
    return None


def _too_long(text: bytes, offset: int) -> tuple[int, str]:
    line = _line(text, offset)
    return line, f"an expression chains more than {MAX_CHAIN} operators at line {line}; too long to parse safely"


def _blank(match: re.Match) -> bytes:
    """A string or comment as one neutral byte, keeping its line breaks so that line numbers hold."""
    return b"0" + b"\n" * match.group().count(b"\n")


def _line(text: bytes, offset: int) -> int:
    return text.count(b"\n", 0, offset) + 1
