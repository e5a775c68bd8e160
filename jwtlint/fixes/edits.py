"""Building and applying edits: small CST surgery that keeps every comment and space around it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Optional

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor

from jwtlint.fixes.base import Edit, Replacement


def without_arg(call: cst.Call, arg: cst.Arg) -> cst.Call:
    """``call`` without ``arg``; the comma of the new last argument follows the old last one."""
    args = [item for item in call.args if item is not arg]
    if args and arg is call.args[-1]:
        args[-1] = args[-1].with_changes(comma=arg.comma)
    return call.with_changes(args=args)


def with_keyword(call: cst.Call, keyword: str, value: cst.BaseExpression) -> cst.Call:
    """``call`` with ``keyword=value`` added after its last argument."""
    new = cst.Arg(value=value, keyword=cst.Name(keyword),
                  equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                        whitespace_after=cst.SimpleWhitespace("")))
    if not call.args:
        return call.with_changes(args=[new])
    last = call.args[-1]
    if isinstance(last.comma, cst.Comma):  # a trailing comma (often one argument per line): keep the layout
        between = call.args[-2].comma if len(call.args) > 1 else last.comma
        return call.with_changes(args=[*call.args[:-1], last.with_changes(comma=between),
                                       new.with_changes(comma=last.comma)])
    comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    return call.with_changes(args=[*call.args[:-1], last.with_changes(comma=comma), new])


def with_elements(mapping: cst.Dict, changes: dict) -> cst.Dict:
    """``mapping`` with entries replaced (``changes[old] = new``) or removed (``changes[old] = None``),
    in one pass: the entries keep their identity until then. The last entry keeps the old last comma."""
    elements = []
    for item in mapping.elements:
        new = changes.get(item, item)
        if new is not None:
            elements.append(new)
    if elements and mapping.elements and changes.get(mapping.elements[-1], mapping.elements[-1]) is None:
        elements[-1] = elements[-1].with_changes(comma=mapping.elements[-1].comma)
    return mapping.with_changes(elements=elements)


def without_element(mapping: cst.Dict, element: cst.BaseDictElement) -> cst.Dict:
    return with_elements(mapping, {element: None})


def string_literal(text: str, like: Optional[cst.SimpleString] = None) -> cst.SimpleString:
    """``text`` quoted the way ``like`` is (double quotes by default)."""
    quote = like.quote if like is not None and like.quote in ("'", '"') else '"'
    return cst.SimpleString(quote + text.replace("\\", "\\\\").replace(quote, "\\" + quote) + quote)


def environ_lookup(name: str, as_bytes: bool = False) -> cst.BaseExpression:
    """``os.environ["NAME"]`` (``.encode()`` when the key was bytes): fails fast when unset."""
    lookup: cst.BaseExpression = cst.Subscript(
        value=cst.Attribute(value=cst.Name("os"), attr=cst.Name("environ")),
        slice=[cst.SubscriptElement(slice=cst.Index(value=string_literal(name)))])
    if as_bytes:
        lookup = cst.Call(func=cst.Attribute(value=lookup, attr=cst.Name("encode")))
    return lookup


class _Replace(cst.CSTTransformer):
    def __init__(self, replacements: dict[cst.CSTNode, Replacement]) -> None:
        super().__init__()
        self.replacements = replacements

    def on_leave(self, original_node, updated_node):
        return self.replacements.get(original_node, updated_node)


def overlaps(edit: Edit, taken: Iterable[Edit], positions) -> bool:
    """Two edits touching the same code cannot both be applied to one tree; the later waits a round."""
    mine = [positions[node] for node in edit.replacements]
    for other in taken:
        for node in other.replacements:
            theirs = positions[node]
            for where in mine:
                if (where.start.line, where.start.column) < (theirs.end.line, theirs.end.column) and \
                        (theirs.start.line, theirs.start.column) < (where.end.line, where.end.column):
                    return True
    return False


def apply_edits(module: cst.Module, edits: list[Edit]) -> cst.Module:
    replacements: dict[cst.CSTNode, Replacement] = {}
    imports: set[str] = set()
    for edit in edits:
        replacements.update(edit.replacements)
        imports.update(edit.imports)
    changed = module.visit(_Replace(replacements))
    assert isinstance(changed, cst.Module)
    if imports:
        context = CodemodContext()
        for name in sorted(imports):
            AddImportsVisitor.add_needed_import(context, name)
        changed = AddImportsVisitor(context).transform_module(changed)
    return changed


def without_keywords(call: cst.Call, keywords: Iterable[str]) -> cst.Call:
    """``call`` without the keyword arguments named (by name: the call may have been rebuilt)."""
    names = set(keywords)
    for arg in list(call.args):
        if arg.keyword is not None and arg.keyword.value in names:
            call = without_arg(call, next(a for a in call.args if a.keyword is not None
                                          and a.keyword.value == arg.keyword.value))
    return call


def key_of(element: cst.BaseDictElement) -> Optional[str]:
    """The constant string key of a dict entry, if it has one."""
    if isinstance(element, cst.DictElement) and isinstance(element.key, cst.SimpleString):
        value = element.key.evaluated_value
        return value if isinstance(value, str) else None
    return None
