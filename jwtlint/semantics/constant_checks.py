"""Which values read from a token are compared with constants before they are used.

``if header["alg"] not in ALLOWED: raise`` and ``if claims["iss"] != ISSUER: return None``
make the value that follows one of those constants (*guarded*); a comparison with
constants elsewhere (``assert alg in ALLOWED``, a test whose branch does not leave)
only shows the value is *checked*. Rules that report a token value reaching a
verification parameter (the algorithms allow-list, the expected audience or issuer)
ask these facts. A value is identified by the caller's choice of key (for token
contents: the node it was read from and its path), so this module knows nothing of
where values come from.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Callable, Optional

import libcst as cst

from jwtlint.semantics.evaluate import Evaluator
from jwtlint.semantics.values import AnyValue, Const, DictValue, SeqValue

#: The identity of a value worth tracking, or None for values nobody asks about.
Identify = Callable[[AnyValue], Optional[Hashable]]


@dataclass
class ConstantChecks:
    """Per-file facts (``ctx.per_file(ConstantChecks)``), filled while the walk meets each test."""

    checked: set[Hashable] = field(default_factory=set)
    guarded: set[Hashable] = field(default_factory=set)

    def observe(self, node: cst.CSTNode, evaluator: Evaluator, identify: Identify) -> None:
        """Record what ``node`` (a comparison, or an ``if`` that leaves when it holds) checks."""
        if isinstance(node, cst.If):
            subject = _guard_subject(node, evaluator)
            found = identify(evaluator.evaluate(subject)) if subject is not None else None
            if found is not None:
                self.guarded.add(found)
        elif isinstance(node, cst.Comparison) and isinstance(node.left, (cst.Name, cst.Subscript, cst.Call)) \
                and any(_constant_check(target, evaluator) for target in node.comparisons):
            found = identify(evaluator.evaluate(node.left))
            if found is not None:
                self.checked.add(found)


#: The node types :meth:`ConstantChecks.observe` needs to see (a rule's ``node_types``).
NODE_TYPES = (cst.Comparison, cst.If)


def _guard_subject(node: cst.If, evaluator: Evaluator) -> Optional[cst.BaseExpression]:
    """``x`` of ``if x != CONST: raise`` / ``if x not in CONSTANTS: return``."""
    test = node.test
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1
            and isinstance(test.comparisons[0].operator, (cst.NotEqual, cst.NotIn))
            and _constant_check(test.comparisons[0], evaluator) and _rejects(node.body)):
        return None
    return test.left


def _rejects(body: cst.BaseSuite) -> bool:
    """The branch ends by raising or returning: code after the ``if`` runs only when the test failed."""
    statements = body.body
    last = statements[-1] if statements else None
    if isinstance(last, cst.SimpleStatementLine):
        return any(isinstance(small, (cst.Raise, cst.Return)) for small in last.body)
    return False


def _constant_check(target: cst.ComparisonTarget, evaluator: Evaluator) -> bool:
    operator = target.operator
    value = evaluator.evaluate(target.comparator)
    if isinstance(operator, (cst.In, cst.NotIn)):
        if isinstance(value, SeqValue):
            return value.complete and bool(value.items) and all(isinstance(i, Const) for i in value.items)
        return isinstance(value, DictValue) and value.complete and bool(value.entries)
    if isinstance(operator, (cst.Equal, cst.NotEqual)):
        return isinstance(value, Const) and isinstance(value.value, str)
    return False
