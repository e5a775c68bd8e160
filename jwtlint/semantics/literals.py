"""The value of a literal as Python would compute it, or None where Python would refuse.

libcst parses literals CPython rejects (``"\\N{NOPE}"``, ``"\\x4"``, ``"\\u12"``,
``b"é"``) and integers with more digits than Python converts (4,300 by
default); ``evaluated_value`` then raises. Such a literal is an unknown value:
evaluating source must never raise.

``evaluated_value`` compiles the literal with ``ast.literal_eval``, which costs about as
much as parsing the literal's whole statement did; most literals are plain strings and
decimal integers, whose value is their text, and are read without it.
"""

from __future__ import annotations

from typing import Union

import libcst as cst

Literal = Union[str, bytes, int, float, complex, None]

#: String prefixes whose literal's value is the text between the quotes when it holds no
#: backslash (and no carriage return, which compiling turns into a line feed), and the raw
#: ones, whose backslashes are text too.
_PLAIN_PREFIXES = frozenset({"", "u", "U"})
_RAW_PREFIXES = frozenset({"r", "R"})
#: Digits Python converts to an int by default (``sys.int_info.default_max_str_digits``).
_MAX_DIGITS = 4300


def literal_value(node: Union[cst.BaseString, cst.BaseNumber]) -> Literal:
    plain = _plain_value(node)
    if plain is not None:
        return plain
    try:
        value: Literal = node.evaluated_value  # type: ignore[union-attr]
        return value
    except (SyntaxError, ValueError, UnicodeError, OverflowError, MemoryError, RecursionError):
        return None


def _plain_value(node: Union[cst.BaseString, cst.BaseNumber]) -> Union[str, int, None]:
    """The value of a string or integer literal that is read from its text alone, else None."""
    if type(node) is cst.SimpleString:
        text, prefix, quote = node.value, node.prefix, node.quote
        if "\r" in text or not (prefix in _RAW_PREFIXES or (prefix in _PLAIN_PREFIXES and "\\" not in text)):
            return None
        return text[len(prefix) + len(quote):-len(quote)]
    if type(node) is cst.Integer:
        digits = node.value
        if digits.isascii() and digits.isdigit() and len(digits) < _MAX_DIGITS \
                and (digits[0] != "0" or digits.strip("0") == ""):
            return int(digits)
    return None
