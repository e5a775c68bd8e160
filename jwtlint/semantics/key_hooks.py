"""Library hooks that hand a key to the library: methods an application overrides.

Authlib's server side asks the application for its signing key through methods
of the grant or endpoint classes it subclasses: ``get_jwt_config()`` returns a
dict whose ``"key"`` signs the ID token (and ``"alg"`` names the algorithm),
``resolve_client_private_key(client)`` and ``resolve_private_key()`` return the
key itself, a JWT access-token generator's ``get_jwks()`` returns the key set.
The ``return`` of such a method is a key sink, like a framework setting: a key
written there is reported at the ``return``.

A method counts only in a class whose bases come from the library (directly, or
through classes of the same module).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import libcst as cst

from jwtlint.semantics.scopes import Scope
from jwtlint.semantics.values import AnyValue, ClassRef, Const, DictValue, Symbol

#: Hook name -> whether the return value is a config dict ("config": its "key" and "alg") or the key.
KEY_HOOKS = {
    "get_jwt_config": "config",
    "resolve_client_private_key": "key",
    "resolve_private_key": "key",
    "get_jwks": "key",
    "get_server_jwks": "key",
}
#: Libraries whose classes call these hooks.
_HOOK_LIBRARIES = ("authlib.",)
_MAX_DEPTH = 8
#: What Authlib signs ID tokens with when ``get_jwt_config()`` names no ``"alg"``.
_CONFIG_DEFAULT_ALGORITHM = ("RS256",)

Evaluate = Callable[[Optional[cst.CSTNode]], AnyValue]


@dataclass(frozen=True)
class HookKey:
    """The key a hook returns: ``where`` names it (``MyCodeGrant.get_jwt_config()["key"]``)."""

    value: AnyValue
    where: str
    #: The algorithm the hook names beside the key (``"alg"``), when it names one.
    algorithms: Optional[tuple[str, ...]]


def hook_key(node: cst.Return, function: Optional[str], module: Optional[Scope], evaluate: Evaluate
             ) -> Optional[HookKey]:
    """The key a ``return`` in a library hook hands out, or None when it is not such a return."""
    if node.value is None or not function or function.count(".") != 1:
        return None
    owner, method = function.split(".")
    shape = KEY_HOOKS.get(method)
    if shape is None or not _extends_library(owner, module, 0):
        return None
    value = evaluate(node.value)
    if shape == "key":
        return HookKey(value, f"{owner}.{method}()", None)
    if not isinstance(value, DictValue):
        return None
    key = value.get("key")
    if key is None:
        return None
    alg = value.get("alg")
    algorithms = (alg.value,) if isinstance(alg, Const) and isinstance(alg.value, str) else \
        _CONFIG_DEFAULT_ALGORITHM if alg is None else None
    return HookKey(key, f'{owner}.{method}()["key"]', algorithms)


def _extends_library(class_name: str, module: Optional[Scope], depth: int) -> bool:
    found = module.bindings.get(class_name) if module is not None else None
    if not isinstance(found, ClassRef) or depth > _MAX_DEPTH:
        return False
    for base in found.bases:
        head = base.split(".")[0]
        bound = module.bindings.get(head) if module is not None else None
        if isinstance(bound, Symbol) and bound.qualname.startswith(_HOOK_LIBRARIES):
            return True
        if isinstance(bound, ClassRef) and _extends_library(head, module, depth + 1):
            return True
    return False
