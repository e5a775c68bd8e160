"""The plain tree walk (``jwtlint.semantics.syntax``) and positions without ``PositionProvider``.

The engine reads trees through :func:`children` instead of libcst's visitor, and finds
positions with its own code generation state: both must give exactly what libcst gives,
on every kind of syntax (``every_syntax.txt``) and on every fixture.
"""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from expectations import fixture_files
from libcst.metadata import MetadataWrapper, PositionProvider

from jwtlint.engine.positions import module_positions
from jwtlint.semantics import syntax
from jwtlint.semantics.syntax import TOKEN_TYPES, children, descendants

EVERY_SYNTAX = Path(__file__).parent / "every_syntax.txt"
SOURCES = [EVERY_SYNTAX, *fixture_files()]


class _Preorder(cst.CSTVisitor):
    """What libcst's own visitor meets, tokens left out."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if not isinstance(node, TOKEN_TYPES):
            self.nodes.append(node)
        return True


def _parsed(path: Path) -> cst.Module:
    return cst.parse_module(path.read_bytes())


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_walk_meets_every_node_libcst_visits_in_the_same_order(path):
    module = _parsed(path)
    visitor = _Preorder()
    module.visit(visitor)
    walked = list(descendants(module))
    assert [type(node).__name__ for node in walked] == [type(node).__name__ for node in visitor.nodes]
    assert all(mine is theirs for mine, theirs in zip(walked, visitor.nodes))


def test_a_field_libcst_visits_only_when_set_is_walked_once_set(monkeypatch):
    """``format_spec`` is announced to a visitor only when present: a layout learnt from an
    f-string without one must still walk the one that has it."""
    monkeypatch.setattr(syntax, "_LAYOUTS", {})  # learn from the f-string without one first
    plain = cst.parse_expression('f"{a}"')
    with_spec = cst.parse_expression('f"{b:>{width}}"')
    assert [type(node).__name__ for node in descendants(plain)] == \
        ["FormattedString", "FormattedStringExpression", "Name"]
    names = [node.value for node in descendants(with_spec) if isinstance(node, cst.Name)]
    assert names == ["b", "width"]


def test_tokens_are_not_children():
    call = cst.parse_expression("f( a , *b, **c)")
    assert not any(isinstance(node, TOKEN_TYPES) for node in descendants(call))
    assert [type(node).__name__ for node in children(call)] == ["Name", "Arg", "Arg", "Arg"]
    params = cst.parse_statement("def f(a, /, *, b): pass").params  # type: ignore[attr-defined]
    assert [type(node).__name__ for node in children(params)] == ["Param", "Param"]


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_positions_are_libcsts(path):
    module = _parsed(path)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    found = module_positions(module)
    assert len(found) == len(expected)
    assert all(found[node] == where for node, where in expected.items())
