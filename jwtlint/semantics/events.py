"""Events the walk hands to rules besides library calls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from jwtlint.semantics.values import AnyValue


@dataclass(frozen=True)
class AssignEvent:
    """One assignment the walk has evaluated.

    ``target`` is the dotted spelling of the target (``SIMPLE_JWT``,
    ``app.config``, ``self.secret``); ``key`` is set for item assignments
    (``app.config["JWT_SECRET_KEY"] = ...`` gives target ``app.config`` and key
    ``JWT_SECRET_KEY``). ``owner`` is the class whose body holds the
    assignment, if any (config classes, pydantic settings).
    """

    node: cst.CSTNode
    target: str
    value: AnyValue
    value_node: Optional[cst.CSTNode]
    key: Optional[str] = None
    owner: Optional[str] = None
    owner_bases: tuple[str, ...] = ()
    function: Optional[str] = None
    annotation: Optional[str] = None
