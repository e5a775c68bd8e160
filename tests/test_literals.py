"""Literal values read from their text must be what Python computes (``evaluated_value``)."""

from __future__ import annotations

import libcst as cst
import pytest

from jwtlint.semantics.literals import _plain_value, literal_value

PLAIN = ["'abc'", '"abc"', "r'a\\d'", "r'\\''", "u'x'", "R'y'", "'''multi\nline'''", '""""""', "''", "'é'",
         "0", "00", "7", "1234567890123456789"]
NOT_PLAIN = ["'a\\nb'", "b'x'", "rb'x'", "'\\N{NOPE}'", "1_000", "0x1F", "1.5", "2j",
             "'''a\r\nb'''"]


@pytest.mark.parametrize("text", PLAIN + NOT_PLAIN)
def test_literal_value_is_pythons(text):
    node = cst.parse_expression(text)
    try:
        expected = node.evaluated_value  # type: ignore[attr-defined]
    except (SyntaxError, ValueError, UnicodeError):
        expected = None
    found = literal_value(node)  # type: ignore[arg-type]
    assert found == expected and type(found) is type(expected)


@pytest.mark.parametrize("text", PLAIN)
def test_plain_literals_are_read_from_their_text(text):
    assert _plain_value(cst.parse_expression(text)) is not None  # type: ignore[arg-type]


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_other_literals_are_compiled(text):
    assert _plain_value(cst.parse_expression(text)) is None  # type: ignore[arg-type]
