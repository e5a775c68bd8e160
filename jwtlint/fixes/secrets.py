"""Fixes of secrets in the source: read them from the environment, with no fallback.

Both are unsafe: the program then needs the variable set to start. The value
removed is never written anywhere else (not into a comment, not into a
message); the diff shows it masked like every other output.
"""

from __future__ import annotations

import re
from typing import Optional

import libcst as cst
from libcst.helpers import get_full_name_for_node

from jwtlint.fixes.base import Edit, Fix, Target
from jwtlint.fixes.edits import environ_lookup, without_arg, without_keywords
from jwtlint.semantics import keys

_GETENV = ("os.getenv", "getenv")
#: Keyword arguments naming a fallback (python-decouple ``config``, django-environ ``env``).
_DEFAULT_KEYWORDS = ("default",)
DEFAULT_VARIABLE = "JWT_SECRET_KEY"


def _environ_get(call: cst.Call) -> Optional[cst.BaseExpression]:
    """The lookup without its fallback, for ``os.environ.get(K, d)`` and ``os.getenv(K, d)``."""
    name = get_full_name_for_node(call.func) or ""
    if not call.args or call.args[0].keyword is not None or call.args[0].star:
        return None
    variable = call.args[0].value
    if isinstance(call.func, cst.Attribute) and call.func.attr.value == "get" and name.endswith("environ.get"):
        base = call.func.value
    elif name in _GETENV:
        base = cst.Attribute(value=cst.Name("os"), attr=cst.Name("environ"))
    else:
        return None
    return cst.Subscript(value=base, slice=[cst.SubscriptElement(slice=cst.Index(value=variable))])


def _without_fallback(node: cst.CSTNode) -> Optional[tuple[cst.CSTNode, bool]]:
    """(replacement, needs ``import os``) for an environment lookup with a fallback."""
    if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or) \
            and isinstance(node.left, cst.Call):
        lookup = _environ_get(node.left)
        return (lookup, True) if lookup is not None and len(node.left.args) == 1 else None
    if isinstance(node, cst.AnnAssign) and node.value is not None:  # a settings field default
        return node.with_changes(value=None, equal=cst.MaybeSentinel.DEFAULT), False
    if not isinstance(node, cst.Call):
        return None
    lookup = _environ_get(node)
    if lookup is not None:
        return lookup, True
    if any(arg.keyword is not None and arg.keyword.value in _DEFAULT_KEYWORDS for arg in node.args):
        return without_keywords(node, _DEFAULT_KEYWORDS), False
    if get_full_name_for_node(node.func) == "getattr" and len(node.args) == 3:
        return without_arg(node, node.args[2]), False
    return None


def _lookup_node(target: Target) -> Optional[cst.CSTNode]:
    for node in target.nodes:
        if isinstance(node, (cst.Call, cst.BooleanOperation, cst.AnnAssign)):
            return node
    return None


def env_without_fallback(target: Target) -> Optional[Edit]:
    node = _lookup_node(target)
    found = _without_fallback(node) if node is not None else None
    if node is None or found is None:
        return None
    replacement, needs_os = found
    return Edit({node: replacement}, imports=("os",) if needs_os else ())


ENV_WITHOUT_FALLBACK = Fix(
    name="env-without-fallback", safe=False, apply=env_without_fallback,
    description="Drops the fallback: `os.environ.get(\"K\", \"...\")`, `os.getenv(\"K\", \"...\")` and "
                "`os.getenv(\"K\") or \"...\"` become `os.environ[\"K\"]`; `config(\"K\", default=...)` and "
                "`env(\"K\", default=...)` lose `default=`; a settings field loses its default. Unsafe: the "
                "program stops starting where the variable is not set.")


# -- JWT301/JWT302 -----------------------------------------------------------------------------------


def variable_name(spelled: str) -> str:
    """An environment variable name for a setting: ``jwt_secret`` -> ``JWT_SECRET``."""
    name = re.sub(r"[^A-Z0-9_]", "_", spelled.upper()).strip("_")
    return name or DEFAULT_VARIABLE


def _setting_name(literal: cst.CSTNode, target: Target) -> str:
    """What the key is called where it is written: the assigned name, config key, dict key or keyword."""
    parent = target.parent(literal)
    if isinstance(parent, cst.DictElement) and isinstance(parent.key, cst.SimpleString) \
            and isinstance(parent.key.evaluated_value, str):
        return variable_name(parent.key.evaluated_value)
    if isinstance(parent, cst.Arg) and parent.keyword is not None:
        keyword = parent.keyword.value
        return variable_name(keyword if "JWT" in keyword.upper() else f"jwt_{keyword}")
    if isinstance(parent, (cst.Assign, cst.AnnAssign)):
        assigned = parent.targets[0].target if isinstance(parent, cst.Assign) else parent.target
        if isinstance(assigned, cst.Subscript) and len(assigned.slice) == 1 \
                and isinstance(assigned.slice[0].slice, cst.Index) \
                and isinstance(assigned.slice[0].slice.value, cst.SimpleString):
            key = assigned.slice[0].slice.value.evaluated_value
            if isinstance(key, str):
                return variable_name(key)
        spelled = get_full_name_for_node(assigned)
        if spelled:
            return variable_name(spelled.rsplit(".", 1)[-1])
    return DEFAULT_VARIABLE


def _literal(target: Target) -> Optional[cst.SimpleString | cst.ConcatenatedString]:
    """The string literal holding the reported key, in this module."""
    candidates = []
    call = target.call()
    if call is not None and call.passed("key"):
        candidates.append(keys.key_facts(call.value("key"), target.probe.evaluator.evaluate).node)
    candidates += [setting.value.node for setting in target.settings_written()]
    secrets = target.secrets()
    for node in candidates:
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)) and target.owns(node):
            value = node.evaluated_value
            text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
            if text in secrets:
                return node
    return None


def key_from_environment(target: Target) -> Optional[Edit]:
    lookup = env_without_fallback(target)
    if lookup is not None:  # a placeholder as an environment fallback (JWT302)
        return lookup
    literal = _literal(target)
    if literal is None:
        return None
    is_bytes = isinstance(literal.evaluated_value, bytes)
    return Edit({literal: environ_lookup(_setting_name(literal, target), as_bytes=is_bytes)}, imports=("os",))


KEY_FROM_ENVIRONMENT = Fix(
    name="key-from-environment", safe=False, apply=key_from_environment,
    description="Replaces the literal key where it is written (the constant's definition when the key "
                "travels through one) with `os.environ[\"NAME\"]`, NAME taken from the setting or constant "
                "(`JWT_SECRET_KEY` when the literal is passed directly), and adds `import os`; a placeholder "
                "used as an environment fallback loses the fallback instead. Unsafe: the variable must be set "
                "(to a new key: the old one is public) before the program starts.")
