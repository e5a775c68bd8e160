"""Framework settings, whatever way they are written.

Flask-JWT-Extended, Flask-JWT, simplejwt, fastapi-jwt-auth and friends are
configured, not called. The same setting can be written as
``app.config["JWT_SECRET_KEY"] = ...``, ``app.config.update(JWT_SECRET_KEY=...)``,
a config-class attribute, a module-level constant in a settings module, an
entry of ``SIMPLE_JWT = {...}`` or a pydantic settings field. This module
turns each of those into one :class:`Setting`, so a rule only asks "which
setting, which value" and reports at the place the setting is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import libcst as cst
from libcst.helpers import get_full_name_for_node

from jwtlint.semantics.evaluate import Evaluator
from jwtlint.semantics.events import AssignEvent
from jwtlint.semantics.project import Project
from jwtlint.semantics.values import (
    AnyValue,
    CallResult,
    ClassRef,
    DictValue,
    ProjectMember,
)

#: Settings mappings whose entries are settings of their own (simplejwt, django-graphql-jwt).
SETTINGS_DICTS = ("SIMPLE_JWT", "GRAPHQL_JWT")
_UPDATE_METHODS = ("update", "from_mapping")
_SETTINGS_BASES = ("BaseSettings", "BaseModel")


@dataclass(frozen=True)
class Setting:
    """One setting written in code.

    ``name`` is spelled as written (``JWT_SECRET_KEY``, ``SIGNING_KEY``,
    ``authjwt_secret_key``); ``container`` is what holds it: ``app.config``,
    ``SIMPLE_JWT``, a class name, or ``""`` for a module-level constant.
    ``kind`` is one of "config" (a Flask-style config mapping), "class"
    (a config-class attribute), "module", "dict-entry" (inside ``SIMPLE_JWT``)
    and "field" (a pydantic settings field).
    """

    name: str
    value: AnyValue
    node: cst.CSTNode
    kind: str
    container: str = ""
    #: For a class attribute or field: the base classes as written (config classes inherit settings).
    bases: tuple[str, ...] = ()

    @property
    def upper_name(self) -> str:
        return self.name.upper()


def settings_from_assign(event: AssignEvent) -> list[Setting]:
    if event.function is not None and event.key is None:
        return []
    found: list[Setting] = []
    if event.key is not None:
        container = event.target
        if is_config_mapping(container):
            found.append(Setting(event.key, event.value, event.node, "config", container))
        elif container.split(".")[-1] in SETTINGS_DICTS:
            found.append(Setting(event.key, event.value, event.node, "dict-entry", container))
        return found
    name = event.target
    if "." in name:
        return found
    if event.owner is not None:
        if any(base.split(".")[-1] in _SETTINGS_BASES for base in event.owner_bases) and event.annotation:
            found.append(Setting(name, event.value, event.node, "field", event.owner, event.owner_bases))
        elif name.isupper():
            found.append(Setting(name, event.value, event.node, "class", event.owner, event.owner_bases))
        return found
    if name.isupper():
        found.append(Setting(name, event.value, event.node, "module"))
        if name in SETTINGS_DICTS:
            found.extend(_entries(event.value, name, event.node))
    return found


def settings_from_call(call: cst.Call, evaluator: Evaluator) -> list[Setting]:
    """``app.config.update(...)``, ``app.config.from_mapping(...)``, ``SIMPLE_JWT.update(...)``."""
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value not in _UPDATE_METHODS:
        return []
    container = get_full_name_for_node(func.value) or ""
    if is_config_mapping(container):
        kind = "config"
    elif container.split(".")[-1] in SETTINGS_DICTS and func.attr.value == "update":
        kind = "dict-entry"
    else:
        return []
    found: list[Setting] = []
    for arg in call.args:
        if arg.keyword is not None:
            found.append(Setting(arg.keyword.value, evaluator.evaluate(arg.value), arg.value, kind, container))
        elif not arg.star or arg.star == "**":
            value = evaluator.evaluate(arg.value)
            found.extend(_entries(value, container, arg.value, kind))
    return found


def _entries(value: AnyValue, container: str, fallback: cst.CSTNode, kind: str = "dict-entry") -> list[Setting]:
    if not isinstance(value, DictValue):
        return []
    return [Setting(key, entry, _entry_node(entry, fallback), kind, container) for key, entry in value.entries]


def _entry_node(entry: AnyValue, fallback: cst.CSTNode) -> cst.CSTNode:
    node: Optional[cst.CSTNode] = entry.node
    return node if node is not None else fallback


def is_config_mapping(spelled: str) -> bool:
    """``app.config``, ``current_app.config``, ``self.app.config``: a Flask-style configuration mapping."""
    return spelled.split(".")[-1] == "config" and spelled != "config" or spelled == "app.config"


#: How many base classes deep a settings class is followed to ``BaseSettings``.
_MAX_SETTINGS_DEPTH = 8
_PYDANTIC_SETTINGS_BASE = "BaseSettings"

Resolve = Callable[[str], Optional[AnyValue]]


def inherits_base_settings(bases: tuple[str, ...], resolve: Resolve, project: Project, depth: int = 0) -> bool:
    """A class whose bases reach pydantic's ``BaseSettings``, through project classes of any module
    (``class Settings(Base)`` with ``class Base(BaseSettings)`` in ``core/base.py``).

    ``resolve`` gives what a name means in the module of the class.
    """
    if depth > _MAX_SETTINGS_DEPTH:
        return False
    for base in bases:
        if base.split(".")[-1] == _PYDANTIC_SETTINGS_BASE:
            return True
        found, where = resolve(base) if "." not in base else None, resolve
        if isinstance(found, ProjectMember):
            path = found.path
            found, where = project.module_constant(path, found.name), _names_of(project, path)
        if isinstance(found, ClassRef):
            if found.module:
                where = _names_of(project, found.module)
            if inherits_base_settings(found.bases, where, project, depth + 1):
                return True
    return False


def _names_of(project: Project, path: str) -> Resolve:
    return lambda name: project.module_constant(path, name)


_PYDANTIC_FIELDS = ("pydantic.Field", "pydantic.fields.Field")


def field_default(value: AnyValue, evaluate: Callable[[Optional[cst.CSTNode]], AnyValue]) -> AnyValue:
    """The default of ``Field("...")`` / ``Field(default="...")`` (a ``default_factory`` runs at start-up)."""
    node = value.node
    if not (isinstance(value, CallResult) and value.call is None and value.api in _PYDANTIC_FIELDS
            and isinstance(node, cst.Call)):
        return value
    for position, arg in enumerate(node.args):
        if (arg.keyword is None and position == 0 and not arg.star) or \
                (arg.keyword is not None and arg.keyword.value == "default"):
            return evaluate(arg.value)
    return value
