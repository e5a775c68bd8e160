"""Config flow: values written into a framework configuration and read back elsewhere.

Flask keeps its settings in ``app.config``: a key written there
(``app.config["SECRET_KEY"] = "..."``, ``app.config.update(SECRET_KEY=...)``,
``app.config.from_object(Config)`` with the class in another module,
``app.config.from_object("pkg.settings")`` loading a settings module) is what
``app.config["SECRET_KEY"]``, ``app.config.get("SECRET_KEY")``,
``current_app.config[...]`` or a project helper returning the mapping
(``get_conf()[...]``) reads back. Django's ``settings.configure(SECRET_KEY=...)``
is read back as ``settings.SECRET_KEY``. :class:`ConfigFlow` records the writes
of one file (and the modules it loads with ``from_object``);
:func:`config_read` recognises a read. A rule that finds a read in a key
position checks the value written, where it is written.

Reads are matched by key, not by which application object holds the mapping:
one module configures one application in practice. Writes in other modules
that are not loaded with ``from_object`` are not followed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Optional

import libcst as cst
from libcst.helpers import get_full_name_for_node

from jwtlint.semantics.framework import is_config_mapping
from jwtlint.semantics.project import Project
from jwtlint.semantics.syntax import descendants
from jwtlint.semantics.values import (
    AnyValue,
    ClassRef,
    Const,
    FunctionRef,
    ModuleRef,
    ProjectMember,
    Symbol,
)

Evaluate = Callable[[Optional[cst.CSTNode]], AnyValue]
_LOADERS = ("from_object",)
_DJANGO_SETTINGS = "django.conf.settings"
_DJANGO_CONFIGURE = "django.conf.settings.configure"


@dataclass(frozen=True)
class ConfigRead:
    """``<config mapping>["KEY"]`` or ``.get("KEY")`` (or ``settings.KEY``) read at ``node``."""

    key: str
    node: cst.CSTNode


@dataclass
class ConfigFlow:
    """The configuration keys one file writes, with every value each receives.

    Which write a read sees depends on the order things run in (module level, an
    application factory, a ``from_object`` in it), so a read may see any of them.
    """

    written: dict[str, list[AnyValue]] = field(default_factory=dict)

    def write(self, key: str, value: AnyValue, spelled: str) -> None:
        """``spelled`` names the place for messages (``app.config["SECRET_KEY"]``, ``Config.SECRET_KEY``)."""
        if isinstance(value, Const) and not value.via:
            value = replace(value, via=spelled)
        self.written.setdefault(key, []).append(value)

    def values(self, read: ConfigRead) -> list[AnyValue]:
        return self.written.get(read.key, [])

    def on_call(self, call: cst.Call, evaluate: Evaluate, project: Project, path: str) -> None:
        """``app.config.from_object(...)`` and Django's ``settings.configure(KEY=...)``."""
        func = call.func
        if not isinstance(func, cst.Attribute):
            return
        if func.attr.value in _LOADERS and is_config_mapping(get_full_name_for_node(func.value) or "") \
                and call.args:
            self._load(evaluate(call.args[0].value), project, path)
            return
        callee = evaluate(func)
        if isinstance(callee, Symbol) and callee.qualname == _DJANGO_CONFIGURE:
            for arg in call.args:
                if arg.keyword is not None and arg.keyword.value.isupper():
                    self.write(arg.keyword.value, evaluate(arg.value), f"settings.configure({arg.keyword.value}=...)")

    def _load(self, source: AnyValue, project: Project, path: str) -> None:
        """Flask's ``from_object``: the upper-case attributes of a class or a module (or its dotted name)."""
        if isinstance(source, ProjectMember):
            found = project.module_constant(source.path, source.name)
            source = found if found is not None else source
        if isinstance(source, ClassRef):
            for name, value in source.attributes:
                if name.isupper():
                    self.write(name, value, f"{source.qualname}.{name}")
            return
        module = source.path if isinstance(source, ModuleRef) else None
        if isinstance(source, Const) and isinstance(source.value, str):
            module = project.find_absolute(path, source.value)
        if module is None:
            return
        for name in project.module_names(module):
            constant = project.module_constant(module, name)
            if name.isupper() and constant is not None:
                self.write(name, constant, name)


def config_read(node: cst.CSTNode, evaluate: Evaluate, returns_config: Callable[[tuple[str, str]], bool]
                ) -> Optional[ConfigRead]:
    """The configuration key ``node`` reads, if it is a read of a framework configuration.

    ``returns_config`` tells whether a project function, as (module path, name), returns the
    configuration mapping (``def get_conf(): return current_app.config``).
    """
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        mapping, key_node = node.value, node.slice[0].slice.value
    elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get" \
            and node.args and node.args[0].keyword is None:
        mapping, key_node = node.func.value, node.args[0].value
    elif isinstance(node, cst.Attribute) and node.attr.value.isupper():
        base = evaluate(node.value)
        is_settings = isinstance(base, Symbol) and base.qualname == _DJANGO_SETTINGS
        return ConfigRead(node.attr.value, node) if is_settings else None
    else:
        return None
    key = evaluate(key_node)
    if not (isinstance(key, Const) and isinstance(key.value, str)):
        return None
    if is_config_mapping(get_full_name_for_node(mapping) or ""):
        return ConfigRead(key.value, node)
    if isinstance(mapping, cst.Call):
        callee = evaluate(mapping.func)
        if isinstance(callee, FunctionRef):
            target = (callee.module, callee.qualname)
        elif isinstance(callee, ProjectMember):  # a function of a module that uses no JWT library
            target = (callee.path, callee.name)
        else:
            return None
        if returns_config(target):
            return ConfigRead(key.value, node)
    return None


def returns_config_mapping(function: cst.FunctionDef) -> bool:
    """A helper whose every ``return`` hands out a configuration mapping (``return current_app.config``)."""
    returns = [node for node in descendants(function, enter=lambda inner: not isinstance(inner, cst.FunctionDef))
               if isinstance(node, cst.Return)]
    return bool(returns) and all(ret.value is not None and is_config_mapping(get_full_name_for_node(ret.value) or "")
                                 for ret in returns)


def config_helpers(module: Optional[cst.Module]) -> frozenset[str]:
    """The module's top-level functions that return the configuration mapping."""
    if module is None:
        return frozenset()
    return frozenset(statement.name.value for statement in module.body
                     if isinstance(statement, cst.FunctionDef) and returns_config_mapping(statement))


def project_config_helpers(project: Project, path: str) -> frozenset[str]:
    """:func:`config_helpers` of another module of the project: once per run, journalled for the cache."""
    found = project.per_module("config-helpers", path, lambda owner, where: config_helpers(owner.parsed(where)))
    return found or frozenset()
