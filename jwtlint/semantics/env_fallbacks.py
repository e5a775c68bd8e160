"""Environment lookups with a fallback, and what around them excuses the fallback.

``os.getenv("JWT_SECRET", "dev")`` is what production signs with the day the
variable is missing, unless the code makes sure that day never comes: a
fail-fast check after the lookup (``if not SECRET: raise``), a lookup inside
``if DEBUG:``, or an empty default used only as "not set"
(``if value := env.str(NAME, ""):``). The walk feeds this module the
lookups, branches and asserts of a file; it answers which lookups remain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

import libcst as cst

from jwtlint.semantics.evaluate import ENV_LOOKUPS
from jwtlint.semantics.syntax import descendants
from jwtlint.semantics.values import AnyValue, EnvLookup, Symbol

_DEBUG_NAMES = frozenset({"DEBUG", "TESTING", "debug", "testing"})
_EXIT_CALLS = frozenset({"sys.exit", "exit", "abort", "flask.abort"})

Evaluate = Callable[[Optional[cst.CSTNode]], AnyValue]
#: A checked name, in the function that checks it.
CheckedName = tuple[Optional[str], str]


@dataclass(frozen=True)
class Lookup:
    node: cst.CSTNode
    lookup: EnvLookup
    function: Optional[str]
    debug_only: bool


@dataclass
class FallbackWatch:
    """Every lookup with a fallback in one file, and the checks that excuse one."""

    lookups: dict[cst.CSTNode, Lookup] = field(default_factory=dict)
    #: Lookups that reach a key position or a secret-named target.
    marked: set[cst.CSTNode] = field(default_factory=set)
    #: Lookup node -> (function, assigned name), for fail-fast checks.
    assigned: dict[cst.CSTNode, CheckedName] = field(default_factory=dict)
    fail_fast: set[CheckedName] = field(default_factory=set)
    debug_only: set[cst.CSTNode] = field(default_factory=set)
    #: Lookups tested for truth where they are read: an empty default is a falsy sentinel there.
    sentinels: set[cst.CSTNode] = field(default_factory=set)

    def on_lookup_candidate(self, node: cst.CSTNode, evaluate: Evaluate, function: Optional[str]) -> None:
        """A call or ``or`` expression that may be a lookup with a fallback."""
        if isinstance(node, cst.BooleanOperation):
            if not isinstance(node.operator, cst.Or):
                return
        elif isinstance(node, cst.Call):
            callee = evaluate(node.func)
            if not (isinstance(callee, Symbol) and callee.qualname in ENV_LOOKUPS):
                return
        else:
            return
        value = evaluate(node)
        if isinstance(value, EnvLookup) and value.node is node and value.default is not None:
            self.lookups[node] = Lookup(node, value, function, node in self.debug_only)

    def on_if(self, node: cst.If, function: Optional[str]) -> None:
        test = node.test
        if isinstance(test, cst.NamedExpr):
            # ``if value := env.str(NAME, ""):``: the empty default only says "not set".
            self.sentinels.add(test.value)
        branch = _debug_branch(node)
        if branch is not None:
            self.debug_only.update(_nodes_within(branch))
        if _exits(node.body):
            self.fail_fast.update((function, name) for name in _checked_names(node.test))

    def on_assert(self, node: cst.Assert, function: Optional[str]) -> None:
        self.fail_fast.update((function, name) for name in _checked_names(node.test))

    def on_assigned(self, lookup: cst.CSTNode, function: Optional[str], name: str) -> None:
        self.assigned[lookup] = (function, name)

    def empty_default_excused(self, lookup: cst.CSTNode) -> bool:
        """An empty fallback that a fail-fast check or a truth test turns into "not set"."""
        return self.assigned.get(lookup) in self.fail_fast or lookup in self.sentinels


def _debug_branch(node: cst.If) -> Optional[cst.CSTNode]:
    """The branch of ``if DEBUG:`` / ``if not settings.DEBUG: ... else:`` that runs only in debug mode."""
    test: cst.BaseExpression = node.test
    negated = isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not)
    if isinstance(test, cst.UnaryOperation) and negated:
        test = test.expression
    name = test.value if isinstance(test, cst.Name) else test.attr.value if isinstance(test, cst.Attribute) else None
    if name not in _DEBUG_NAMES:
        return None
    return node.orelse if negated else node.body


def _exits(body: cst.CSTNode) -> bool:
    """Whether ``body`` raises or calls something that ends the program or the request."""
    return any(isinstance(node, cst.Raise) or (isinstance(node, cst.Call) and _dotted(node.func) in _EXIT_CALLS)
               for node in descendants(body))


def _dotted(func: cst.BaseExpression) -> str:
    """``exit`` or ``sys.exit``: a callee spelt as a name or one attribute of a name."""
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
        return f"{func.value.value}.{func.attr.value}"
    return ""


def _checked_names(test: cst.BaseExpression) -> list[str]:
    """Names a fail-fast test checks for emptiness: ``not X``, ``X is None``, ``X == ""``, ``not X or ...``."""
    if isinstance(test, cst.BooleanOperation):
        return [*_checked_names(test.left), *_checked_names(test.right)]
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not) \
            and isinstance(test.expression, cst.Name):
        return [test.expression.value]
    if isinstance(test, cst.Comparison) and isinstance(test.left, cst.Name):
        return [test.left.value]
    if isinstance(test, cst.Name):  # assert X
        return [test.value]
    return []


def _nodes_within(node: cst.CSTNode) -> set[cst.CSTNode]:
    return set(descendants(node))
