"""Whole objects turned into dicts: the idioms that copy every field of a user into a token.

``vars(user)``, ``user.__dict__``, ``dataclasses.asdict(user)``, ``model_to_dict(user)``,
``user.dict()`` / ``user.model_dump()`` / ``user.to_dict()``, ``UserSerializer(user).data``.
The result carries whatever the object holds (password hashes, MFA seeds, e-mail
addresses), so it becomes an :class:`ObjectDump` instead of an unknown value.

A model built *for* the claims (``TokenPayload(sub=...).model_dump()``,
``asdict(self)`` in a claims class) is not such a dump: the method idioms count
only when the object's name says it is an entity (``user``, ``account``, ...),
and the function idioms never for ``self`` or for names that say "claims".
"""

from __future__ import annotations

from typing import Optional

import libcst as cst
from libcst.helpers import get_full_name_for_node

from jwtlint.semantics.names import name_words
from jwtlint.semantics.values import AnyValue, ObjectDump, Symbol

_DUMP_FUNCTIONS = {
    "vars": "vars",
    "dataclasses.asdict": "asdict",
    "attr.asdict": "asdict",
    "attrs.asdict": "asdict",
    "django.forms.models.model_to_dict": "model_to_dict",
    "django.forms.model_to_dict": "model_to_dict",
}
_DUMP_METHODS = frozenset({"dict", "model_dump", "to_dict", "as_dict", "_asdict"})
_ENTITY_WORDS = frozenset({
    "USER", "USERS", "ACCOUNT", "CUSTOMER", "MEMBER", "PROFILE", "EMPLOYEE", "PERSON", "PATIENT",
    "ADMIN", "STAFF", "STUDENT", "OWNER", "PLAYER", "AUTHOR", "SUBSCRIBER", "IDENTITY", "PRINCIPAL",
})
_CLAIMS_WORDS = frozenset({"CLAIM", "CLAIMS", "PAYLOAD", "TOKEN", "JWT", "SELF", "CLS"})


def dump_attribute(node: cst.Attribute) -> Optional[ObjectDump]:
    """``obj.__dict__`` and ``SomeSerializer(obj).data`` / ``serializer.data``."""
    attr = node.attr.value
    subject = _spelled(node.value)
    if attr == "__dict__" and not _names_claims(subject):
        return ObjectDump(node=node, how=f"{subject}.__dict__", subject=subject)
    if attr == "data" and subject.split(".")[-1].lower().endswith("serializer"):
        return ObjectDump(node=node, how=f"{_spelled_call(node.value)}.data", subject=subject)
    return None


def dump_call(callee: AnyValue, node: cst.Call) -> Optional[ObjectDump]:
    """``vars(obj)``, ``asdict(obj)``, ``model_to_dict(obj)``; ``user.dict()`` and relatives."""
    if isinstance(callee, Symbol) and callee.qualname in _DUMP_FUNCTIONS:
        if not node.args or node.args[0].keyword is not None or node.args[0].star:
            return None
        subject = _spelled(node.args[0].value)
        if _names_claims(subject):
            return None
        return ObjectDump(node=node, how=f"{_DUMP_FUNCTIONS[callee.qualname]}({subject})", subject=subject)
    func = node.func
    if isinstance(func, cst.Attribute) and func.attr.value in _DUMP_METHODS:
        subject = _spelled(func.value)
        words = set(name_words(subject))
        if words & _ENTITY_WORDS and not words & _CLAIMS_WORDS:
            return ObjectDump(node=node, how=f"{_spelled_call(func.value)}.{func.attr.value}()", subject=subject)
    return None


def _spelled_call(node: cst.BaseExpression) -> str:
    """``UserSerializer(user)`` -> ``UserSerializer(...)``; a name as written."""
    return f"{_spelled(node)}(...)" if isinstance(node, cst.Call) else _spelled(node)


def _names_claims(subject: str) -> bool:
    return not subject or bool(set(name_words(subject)) & _CLAIMS_WORDS)


def _spelled(node: cst.BaseExpression) -> str:
    """A receiver as written: ``request.user``; for a call, what is called (``User.from_orm``)."""
    if isinstance(node, cst.Call):
        node = node.func
    return get_full_name_for_node(node) or ""
