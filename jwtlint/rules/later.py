"""What a function does with a token or a decode result *after* a given library call.

Some findings depend on what follows in the same function: a token read without
verification and then verified ("peek, then verify") is fine; a decode with
``verify_exp`` off whose result goes to ``self._validate_jwt_data(data)`` checks
expiry by hand. The walk has not reached those statements yet when the call is
seen, so this module looks ahead through the function's source, in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

import libcst as cst

from jwtlint.rules.unverified import source_text
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.values import DictValue, Param


@dataclass
class LaterCall:
    """A call after the one looked from: resolved when it is a library call."""

    node: cst.Call
    api: Optional[ApiCall]
    #: Source texts of its arguments, ``**mapping`` entries included.
    argument_texts: set[str]
    #: Names the looked-from call's result was assigned to.
    result_names: set[str] = field(default_factory=set)


def find_later_call(start: ApiCall, ctx, matches: Callable[[LaterCall], bool]) -> Optional[LaterCall]:
    """The first call after ``start`` in the enclosing function for which ``matches`` holds."""
    if not ctx.function_nodes:
        return None
    finder = _Finder(start.node, ctx, matches)
    ctx.function_nodes[-1].visit(finder)
    return finder.found


class _Finder(cst.CSTVisitor):
    """Walks a function in source order. Names bound after ``start`` are not bound in the
    evaluator yet, so dicts built for a ``**mapping`` are read from their literals here."""

    def __init__(self, start: cst.CSTNode, ctx, matches) -> None:
        super().__init__()
        self.start, self.ctx, self.matches = start, ctx, matches
        self.after = False
        self.found: Optional[LaterCall] = None
        self.mappings: dict[str, set[str]] = {}
        self.result_names: set[str] = set()

    def visit_Assign(self, node: cst.Assign) -> None:
        names = {t.target.value for t in node.targets if isinstance(t.target, cst.Name)}
        if node.value is self.start:
            self.result_names |= names
        texts = _literal_dict_texts(node.value)
        if texts is not None:
            for name in names:
                self.mappings[name] = texts

    def visit_Call(self, node: cst.Call) -> Optional[bool]:
        if node is self.start:
            self.after = True
            return False
        if not self.after or self.found is not None:
            return None
        later = LaterCall(node, self.ctx.resolve_call(node), argument_texts(node, self.ctx, self.mappings),
                          self.result_names)
        if self.matches(later):
            self.found = later
        return None


def _literal_dict_texts(value: cst.BaseExpression) -> Optional[set[str]]:
    if isinstance(value, cst.Dict):
        texts = (source_text(e.value) for e in value.elements if isinstance(e, cst.DictElement))
    elif isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "dict":
        texts = (source_text(arg.value) for arg in value.args if arg.keyword is not None)
    else:
        return None
    return {text for text in texts if text is not None}
    return None


def _callee_name(func: cst.BaseExpression) -> str:
    name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
    return name.lower() if isinstance(name, str) else ""


def names_verification(func: cst.BaseExpression) -> bool:
    """A callee whose name says it decodes or verifies (a project's own helper)."""
    name = _callee_name(func)
    return "decode" in name or "verify" in name


def names_validation(func: cst.BaseExpression) -> bool:
    """A callee whose name says it validates or checks what it is given."""
    name = _callee_name(func)
    return any(word in name for word in ("validat", "verify", "check"))


def argument_texts(node: cst.Call, ctx, mappings: Optional[dict[str, set[str]]] = None) -> set[str]:
    """Source texts of a call's arguments, and of the entries of a ``**mapping`` it passes."""
    texts: set[str] = set()
    for arg in node.args:
        if arg.star != "**":
            texts.add(source_text(arg.value) or "")
        elif mappings and isinstance(arg.value, cst.Name) and arg.value.value in mappings:
            texts |= mappings[arg.value.value]
        else:
            value = ctx.evaluate(arg.value)
            entries = value.entries if isinstance(value, DictValue) else ()
            texts.update(_spelling(entry) for _, entry in entries)
    texts.discard("")
    return texts


def _spelling(value) -> str:
    """How a value passed along is written where it came from (a parameter by its name)."""
    if isinstance(value, Param):
        return value.name
    return (source_text(value.node) or "") if value.node is not None else ""
