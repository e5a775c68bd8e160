"""Name bindings, scope by scope, in source order.

Python's rule is followed loosely: a function sees its own names, then those
of enclosing functions, then the module's; class bodies are not visible from
methods. Names the walk has not reached yet (a module constant defined below
the function that uses it) come from the module's final bindings, computed
once before the walk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from jwtlint.semantics.values import AnyValue, ClassRef


@dataclass
class Scope:
    kind: str                      # "module", "function" or "class"
    name: str
    parent: Optional[Scope] = None
    bindings: dict[str, AnyValue] = field(default_factory=dict)
    #: For functions: parameter names in positional order, with their default expressions.
    params: tuple[str, ...] = ()

    def lookup(self, name: str) -> Optional[AnyValue]:
        scope: Optional[Scope] = self
        first = True
        while scope is not None:
            if scope.kind != "class" or first:
                if name in scope.bindings:
                    return scope.bindings[name]
            first = False
            scope = scope.parent
        return None

    def bind(self, name: str, value: AnyValue) -> None:
        self.bindings[name] = value

    def function_name(self) -> Optional[str]:
        """Dotted name of the innermost enclosing function (``Class.method`` for methods)."""
        scope: Optional[Scope] = self
        while scope is not None and scope.kind != "function":
            scope = scope.parent
        if scope is None:
            return None
        if scope.parent is not None and scope.parent.kind == "class":
            return f"{scope.parent.name}.{scope.name}"
        return scope.name

    def class_name(self) -> Optional[str]:
        return self.name if self.kind == "class" else None


def class_of_method(function: Optional[str], module: Optional[Scope]) -> Optional[ClassRef]:
    """The class of ``module`` whose method ``function`` (``Class.method``) is, or None for a
    plain function: what ``self.`` means inside it."""
    if function is None or "." not in function or module is None:
        return None
    found = module.bindings.get(function.split(".", 1)[0])
    return found if isinstance(found, ClassRef) else None
