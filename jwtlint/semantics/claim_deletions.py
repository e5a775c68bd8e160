"""Claims deleted from a payload before it is signed: ``del payload["exp"]``, ``payload.pop("exp")``.

The evaluator keeps what a dict *gained*; a deletion leaves the binding as it was, so a payload
whose ``exp`` was deleted under ``if remember_me:`` still looks like it has one. This module
records each deletion (which name, which key, the entry the dict held then, the statement) and
answers, at a later call, whether a deletion of a key reaches it: same function, after it in
source order, not re-added since (the dict's entry for the key is still the one deleted), and
no ``return``/``raise``/``break``/``continue`` between them on the way out of the deletion's
blocks. Branches are read as blocks, not as paths: a re-add in a sibling ``else`` counts as a
re-add (per-function ordered facts with paths would tell the two apart).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from jwtlint.semantics.evaluate import Evaluator
from jwtlint.semantics.values import AnyValue, DictValue, Param

_EXITS = (cst.Return, cst.Raise, cst.Break, cst.Continue)


@dataclass(frozen=True)
class ClaimDeletion:
    """One key deleted from a dict bound to a name."""

    name: str
    key: str
    #: The entry the dict held for the key when it was deleted (None: not known to hold one).
    entry: Optional[AnyValue]
    #: The statement line holding the deletion, and the function (or module) it is in.
    statement: cst.CSTNode
    scope: cst.CSTNode


@dataclass
class ClaimDeletions:
    """The deletions of one file, in source order (kept with ``ctx.per_file``)."""

    found: list[ClaimDeletion] = field(default_factory=list)

    def record(self, node: cst.CSTNode, evaluator: Evaluator, statement: Optional[cst.CSTNode],
               scope: Optional[cst.CSTNode]) -> None:
        """Record ``node`` when it is ``del name[key]`` or ``name.pop(key[, default])``."""
        if statement is None or scope is None:
            return
        for target, key_node in _deleted(node):
            key = evaluator.evaluate(key_node)
            value = evaluator.evaluate(target)
            text = getattr(key, "value", None)
            if isinstance(text, str) and isinstance(value, (DictValue, Param)):
                entry = value.get(text) if isinstance(value, DictValue) else None
                self.found.append(ClaimDeletion(target.value, text, entry, statement, scope))

    def reaching(self, key: str, argument: Optional[cst.CSTNode], value: Optional[AnyValue],
                 statement: Optional[cst.CSTNode], scope: Optional[cst.CSTNode]) -> Optional[ClaimDeletion]:
        """The deletion of ``key`` from the dict passed as ``argument`` (a name) that reaches
        ``statement`` with the dict still lacking the key, or None."""
        if not isinstance(argument, cst.Name) or statement is None or scope is None:
            return None
        current = value.get(key) if isinstance(value, DictValue) else None
        if not isinstance(value, (DictValue, Param)):
            return None
        for deletion in reversed(self.found):
            if deletion.name != argument.value or deletion.key != key or deletion.scope is not scope:
                continue
            if deletion.entry is not current:
                return None  # re-added after the last deletion
            return deletion if _reaches(scope, deletion.statement, statement) else None
        return None


def _deleted(node: cst.CSTNode) -> list[tuple[cst.Name, cst.BaseExpression]]:
    """(dict name, key expression) pairs a ``del`` statement or a ``.pop(key)`` call removes."""
    if isinstance(node, cst.Del):
        targets = node.target.elements if isinstance(node.target, cst.Tuple) else ()
        found = []
        for target in [element.value for element in targets] or [node.target]:
            if isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name) \
                    and len(target.slice) == 1 and isinstance(target.slice[0].slice, cst.Index):
                found.append((target.value, target.slice[0].slice.value))
        return found
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "pop" \
            and isinstance(node.func.value, cst.Name) and node.args and node.args[0].keyword is None \
            and not node.args[0].star:
        return [(node.func.value, node.args[0].value)]
    return []


def _reaches(scope: cst.CSTNode, start: cst.CSTNode, target: cst.CSTNode) -> bool:
    """Control leaving ``start`` reaches ``target`` without an exit on the way out of its blocks."""
    if start is target:
        return True
    path = _path(scope, start)
    if path is None:
        return False
    for block in reversed([node for node in path if isinstance(node, (cst.IndentedBlock, cst.Module))]):
        statements: list[cst.CSTNode] = list(block.body)
        inner = next(node for node in path if any(node is statement for statement in statements))
        for statement in statements[statements.index(inner) + 1:]:
            if _path(statement, target) is not None:
                return True
            if _exits(statement):
                return False
    return False


def _path(root: cst.CSTNode, target: cst.CSTNode) -> Optional[list[cst.CSTNode]]:
    """The statement-level nodes from ``root`` down to ``target`` (expressions are not entered)."""
    if root is target:
        return [root]
    if isinstance(root, (cst.BaseSmallStatement, cst.BaseExpression)):
        return None
    for child in root.children:
        found = _path(child, target)
        if found is not None:
            return [root, *found]
    return None


def _exits(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and any(isinstance(s, _EXITS) for s in statement.body)
