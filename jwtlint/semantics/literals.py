"""The value of a literal as Python would compute it, or None where Python would refuse.

libcst parses literals CPython rejects (``"\\N{NOPE}"``, ``"\\x4"``, ``"\\u12"``,
``b"é"``) and integers with more digits than Python converts (4,300 by
default); ``evaluated_value`` then raises. Such a literal is an unknown value:
evaluating source must never raise.
"""

from __future__ import annotations

from typing import Union

import libcst as cst

Literal = Union[str, bytes, int, float, complex, None]


def literal_value(node: Union[cst.BaseString, cst.BaseNumber]) -> Literal:
    try:
        value: Literal = node.evaluated_value  # type: ignore[union-attr]
        return value
    except (SyntaxError, ValueError, UnicodeError, OverflowError, MemoryError, RecursionError):
        return None
