"""Text from source code and file names, made safe to print.

Source text and file names are written by whoever wrote the scanned code. An
ESC in a string literal would recolour or rewrite the terminal, a newline in a
file name would forge a report line, a BEL rings, C0 controls make XML
ill-formed, and bidirectional overrides make a line read differently from what
it is. Every text format passes such text through :func:`printable`; JSON and
SARIF escape control characters themselves. A file name that is not valid
UTF-8 reaches Python as lone surrogates, which no strict encoder accepts: they
are shown as the bytes they stand for (``\\xff``).
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_OR_NEWLINE = re.compile("[\n" + _UNSAFE.pattern[1:])
_NAMED = {"\n": "\\n", "\r": "\\r", "\x1b": "\\x1b"}


def printable(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every control, bidi and undecodable character written as an escape."""
    pattern = _UNSAFE if keep_newlines else _UNSAFE_OR_NEWLINE
    return pattern.sub(_escape, text)


def _escape(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
