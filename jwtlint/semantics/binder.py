"""How statements change what names mean: imports, assignments, mutations.

Shared by the pre-pass over a module's top level and by the engine's walk,
so that a name means the same thing whichever of them looks at it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import replace
from typing import Optional

import libcst as cst
from libcst.helpers import get_full_name_for_node

from jwtlint import apis
from jwtlint.semantics.evaluate import Evaluator, is_setting_name
from jwtlint.semantics.values import (
    UNKNOWN,
    AnyValue,
    CallResult,
    ClassRef,
    Const,
    Derived,
    DictValue,
    FunctionRef,
    Param,
    ProjectMember,
    SeqValue,
    Symbol,
    TokenSegments,
)

_LIBRARY_TOPS_EXTRA = frozenset({"os", "functools", "datetime", "decouple", "environ", "django", "flask",
                                 "pydantic", "pydantic_settings", "secrets", "random", "uuid", "time",
                                 "hashlib", "hmac", "base64", "json", "typing"})


@functools.cache
def library_tops() -> frozenset[str]:
    return apis.known_top_modules() | _LIBRARY_TOPS_EXTRA


def bind_import(evaluator: Evaluator, node: cst.Import) -> None:
    for alias in node.names:
        dotted = get_full_name_for_node(alias.name) or ""
        top = dotted.split(".", 1)[0]
        if alias.asname is not None:
            local = _asname(alias)
            evaluator.scope.bind(local, _absolute_module(evaluator, dotted))
        else:
            evaluator.scope.bind(top, _absolute_module(evaluator, top))


def bind_import_from(evaluator: Evaluator, node: cst.ImportFrom) -> None:
    if isinstance(node.names, cst.ImportStar):
        _bind_star(evaluator, node)
        return
    dotted = get_full_name_for_node(node.module) if node.module is not None else ""
    level = len(node.relative)
    for alias in node.names:
        name = get_full_name_for_node(alias.name) or ""
        local = _asname(alias) if alias.asname is not None else name
        if level:
            evaluator.scope.bind(local, _relative_member(evaluator, level, dotted or "", name))
        else:
            evaluator.scope.bind(local, _absolute_member(evaluator, dotted or "", name))


def _bind_star(evaluator: Evaluator, node: cst.ImportFrom) -> None:
    """``from .base import *`` (Django settings split in modules): the project module's constants
    and settings come along (``SIMPLE_JWT``, ``SECRET_KEY``); a library's star import binds nothing."""
    dotted = (get_full_name_for_node(node.module) if node.module is not None else "") or ""
    level = len(node.relative)
    project = evaluator.project
    if level:
        found = project.find_relative(evaluator.path, level, dotted) if dotted else None
    elif dotted.split(".", 1)[0] in library_tops():
        return
    else:
        found = project.find_absolute(evaluator.path, dotted)
    if not found:
        return
    for name in project.module_names(found):
        if is_setting_name(name) and not name.startswith("_"):
            value = project.module_constant(found, name)
            if value is not None:
                evaluator.scope.bind(name, value)


def _asname(alias: cst.ImportAlias) -> str:
    assert alias.asname is not None
    return get_full_name_for_node(alias.asname.name) or ""


def _absolute_module(evaluator: Evaluator, dotted: str) -> AnyValue:
    top = dotted.split(".", 1)[0]
    project = evaluator.project
    if top in library_tops():
        local = project.shadows(evaluator.path, top)
        if local is not None:
            return project.module_ref(local, dotted)
        return Symbol(qualname=dotted)
    found = project.find_absolute(evaluator.path, dotted)
    return project.module_ref(found, dotted) if found else Symbol(qualname=dotted)


def _absolute_member(evaluator: Evaluator, module: str, name: str) -> AnyValue:
    top = module.split(".", 1)[0]
    project = evaluator.project
    if top in library_tops():
        if project.shadows(evaluator.path, top) is None:
            return Symbol(qualname=f"{module}.{name}")
        return UNKNOWN
    found = project.find_absolute(evaluator.path, module)
    if found and is_setting_name(name):
        value = project.module_constant(found, name)
        if value is not None:
            return value
    submodule = project.find_absolute(evaluator.path, f"{module}.{name}")
    if submodule:
        return project.module_ref(submodule, f"{module}.{name}")
    if found and not is_setting_name(name):
        return ProjectMember(path=found, name=name)
    return Symbol(qualname=f"{module}.{name}")


def _relative_member(evaluator: Evaluator, level: int, module: str, name: str) -> AnyValue:
    project = evaluator.project
    found = project.find_relative(evaluator.path, level, module) if module else None
    if found and is_setting_name(name):
        value = project.module_constant(found, name)
        if value is not None:
            return value
    submodule = project.find_relative(evaluator.path, level, f"{module}.{name}" if module else name)
    if submodule:
        return project.module_ref(submodule, name)
    if found and not is_setting_name(name):
        return ProjectMember(path=found, name=name)
    return UNKNOWN


def bind_assign(evaluator: Evaluator, node: cst.Assign) -> None:
    value = evaluator.evaluate(node.value)
    for target in node.targets:
        assign_target(evaluator, target.target, value)


def bind_ann_assign(evaluator: Evaluator, node: cst.AnnAssign) -> None:
    if node.value is not None:
        assign_target(evaluator, node.target, evaluator.evaluate(node.value))


def bind_aug_assign(evaluator: Evaluator, node: cst.AugAssign) -> None:
    if isinstance(node.target, cst.Name):
        if isinstance(node.operator, cst.BitOrAssign):
            current = evaluator.evaluate(node.target)
            if isinstance(current, DictValue):
                evaluator.scope.bind(node.target.value, current.merged(evaluator.evaluate(node.value)))
                return
        evaluator.scope.bind(node.target.value, UNKNOWN)


def assign_target(evaluator: Evaluator, target: cst.BaseExpression, value: AnyValue) -> None:
    if isinstance(target, cst.Name):
        evaluator.scope.bind(target.value, value)
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element, item in zip(target.elements, _unpacked(value, target.elements)):
            assign_target(evaluator, element.value, item)
    elif isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name):
        _set_item(evaluator, target, value)


def _unpacked(value: AnyValue, elements: Sequence[cst.BaseElement]) -> list[AnyValue]:
    """What each name of ``a, b = value`` receives.

    A literal sequence of the same length gives its items; the result of a library call
    (``header, claims = python_jwt.process_jwt(t)``) gives its items by index, so that
    where they came from is kept. Anything else, or a starred target, is unknown.
    """
    if any(isinstance(element, cst.StarredElement) for element in elements):
        return [UNKNOWN] * len(elements)
    if isinstance(value, SeqValue) and value.complete and len(value.items) == len(elements):
        return list(value.items)
    if isinstance(value, CallResult) and value.call is not None:
        return [Derived(node=element.value, base=value, key=str(index)) for index, element in enumerate(elements)]
    if isinstance(value, TokenSegments) and value.index is None:
        return [replace(value, node=element.value, index=index) for index, element in enumerate(elements)]
    return [UNKNOWN] * len(elements)


def _set_item(evaluator: Evaluator, target: cst.Subscript, value: AnyValue) -> None:
    name = target.value.value  # type: ignore[attr-defined]
    current = _as_dict(evaluator.evaluate(target.value))
    if current is None or len(target.slice) != 1:
        return
    index = target.slice[0].slice
    key = evaluator.evaluate(index.value) if isinstance(index, cst.Index) else UNKNOWN
    if hasattr(key, "value") and isinstance(key.value, str):
        evaluator.scope.bind(name, current.with_entry(key.value, evaluator.guarded(value)))
    else:
        evaluator.scope.bind(name, current.incomplete())


def _as_dict(value: AnyValue) -> Optional[DictValue]:
    """A dict to change: a dict value, or a parameter (changed inside a wrapper, whole at its call sites)."""
    if isinstance(value, DictValue):
        return value
    if isinstance(value, Param):
        return DictValue.spreading(value)
    return None


def apply_mutation(evaluator: Evaluator, call: cst.Call) -> None:
    """A call statement that changes a dict bound to a name.

    ``opts.update({...})`` / ``opts.update(k=v)`` / ``opts.setdefault(k, v)`` add entries. A dict
    handed to a function called for its side effects (``add_expiry(claims)``) may have been
    changed there: its entries stay, but what it lacks is no longer known.
    """
    func = call.func
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) \
            and func.attr.value in ("update", "setdefault"):
        current = _as_dict(evaluator.evaluate(func.value))
        if current is not None:
            evaluator.scope.bind(func.value.value, _mutated(evaluator, current, func.attr.value, call.args))
        return
    if evaluator.resolve_call(call) is not None:
        return
    for arg in call.args:
        if isinstance(arg.value, cst.Name):
            passed = evaluator.evaluate(arg.value)
            if isinstance(passed, DictValue) and passed.complete:
                evaluator.scope.bind(arg.value.value, passed.incomplete())


def _mutated(evaluator: Evaluator, current: DictValue, method: str, args: Sequence[cst.Arg]) -> DictValue:
    if method == "update":
        return evaluator.dict_with_arguments(current, args, guarded=True)
    key = evaluator.evaluate(args[0].value) if args and args[0].keyword is None else UNKNOWN
    if not (isinstance(key, Const) and isinstance(key.value, str)):
        return current.incomplete()
    if current.get(key.value) is not None:
        return current
    default = evaluator.evaluate(args[1].value) if len(args) > 1 else Const(value=None)
    return current.with_entry(key.value, evaluator.guarded(default))


def function_ref(evaluator: Evaluator, node: cst.FunctionDef, qualname: str) -> FunctionRef:
    params = [*node.params.posonly_params, *node.params.params, *node.params.kwonly_params]
    defaults = tuple((p.name.value, evaluator.evaluate(p.default)) for p in params if p.default is not None)
    return FunctionRef(node=node, qualname=qualname, params=tuple(p.name.value for p in params),
                       defaults=defaults, module=evaluator.path)


def bind_parameters(evaluator: Evaluator, node: cst.FunctionDef, qualname: str) -> None:
    params = [*node.params.posonly_params, *node.params.params, *node.params.kwonly_params]
    for extra in (node.params.star_arg, node.params.star_kwarg):
        if isinstance(extra, cst.Param):
            params.append(extra)
    for param in params:
        evaluator.scope.bind(param.name.value, _parameter_value(evaluator, param, qualname))


def _parameter_value(evaluator: Evaluator, param: cst.Param, qualname: str) -> AnyValue:
    """A parameter annotated with a library class (``Authorize: AuthJWT``) is an instance of it."""
    if param.annotation is not None:
        annotation = evaluator.evaluate(param.annotation.annotation)
        if isinstance(annotation, Symbol):
            rows = apis.lookup(annotation.qualname)
            if rows and rows[0].is_class:
                return CallResult(node=param, api=annotation.qualname, call=None)
    return Param(node=param, function=qualname, name=param.name.value)


def class_ref(node: cst.ClassDef, qualname: str, attributes: dict[str, AnyValue], module: str) -> ClassRef:
    bases = tuple(get_full_name_for_node(base.value) or "" for base in node.bases)
    return ClassRef(node=node, qualname=qualname, bases=bases, attributes=tuple(attributes.items()),
                    module=module)


def bind_with_items(evaluator: Evaluator, node: cst.With) -> None:
    """``with open(path) as handle:`` binds ``handle`` to what the call returns (so that
    ``handle.read()`` keeps its source); other ``as`` targets take runtime values."""
    for item in node.items:
        if item.asname is None:
            continue
        if isinstance(item.asname.name, cst.Name):
            evaluator.scope.bind(item.asname.name.value, evaluator.evaluate(item.item))
        else:
            unbind_targets(evaluator, item.asname.name)


def unbind_targets(evaluator: Evaluator, target: Optional[cst.BaseExpression]) -> None:
    """Loop and ``with`` targets take runtime values: forget what the names meant."""
    if isinstance(target, cst.Name):
        evaluator.scope.bind(target.value, UNKNOWN)
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            unbind_targets(evaluator, element.value)
