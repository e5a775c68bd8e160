"""The base classes of each class defined in a file, through classes defined before it.

``class Pair(TokenObtainPairSerializer)`` and ``class Custom(Pair)`` both have the
simplejwt serializer as a base: a method of either overrides the library's. Kept as
per-file facts (``ctx.per_file(ClassBases)``), filled as the walk meets each class.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from jwtlint.semantics.evaluate import Evaluator
from jwtlint.semantics.values import ClassRef, Symbol


@dataclass
class ClassBases:
    """Library base classes (qualified names) of the classes of one file, by class name."""

    bases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def record(self, node: cst.ClassDef, evaluator: Evaluator) -> None:
        found: list[str] = []
        for base in node.bases:
            value = evaluator.evaluate(base.value)
            if isinstance(value, Symbol):
                found.append(value.qualname)
            elif isinstance(value, ClassRef):
                found.extend(self.bases.get(value.qualname, ()))
        self.bases[node.name.value] = tuple(found)

    def of(self, name: str) -> tuple[str, ...]:
        return self.bases.get(name, ())
