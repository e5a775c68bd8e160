"""What library API a decorator is, by the roles of its row.

``@jwt.additional_claims_loader`` (an attribute of a ``JWTManager`` instance) and
``@jwt_required(...)`` (a call) are both decorators a rule recognises by role
(``claims_loader``), whichever library spells them.
"""

from __future__ import annotations

import libcst as cst

from jwtlint import apis
from jwtlint.semantics.evaluate import Evaluator, result_class
from jwtlint.semantics.values import CallResult, Derived, Symbol


def decorator_roles(decorator: cst.Decorator, evaluator: Evaluator) -> set[str]:
    """Roles of the library API a decorator is; empty when it is none."""
    expr = decorator.decorator
    if isinstance(expr, cst.Call):
        call = evaluator.resolve_call(expr)
        return set(call.api.roles.values()) if call is not None else set()
    value = evaluator.evaluate(expr)
    name = ""
    if isinstance(value, Symbol):
        name = value.qualname
    elif isinstance(value, Derived) and isinstance(value.base, CallResult) and result_class(value.base):
        name = f"{result_class(value.base)}.{value.key}"
    rows = apis.lookup(name) if name else ()
    return set(rows[0].roles.values()) if rows else set()
