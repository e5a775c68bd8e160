"""Whether code is about JWTs at all: the evidence a name heuristic needs before it reports.

A constant named ``PROMPT_TOKEN_KEY`` or ``ACCESS_TOKEN_TTL`` is a JWT key or
lifetime in an authentication module, and an attribute name in a telemetry
package. The name alone decides only when it says JWT (``JWT_SECRET``,
``AUTHJWT_TTL``); otherwise the module must use a JWT library. A value that
reaches a JWT call is reported at that call whatever its name, and framework
settings (``JWT_SECRET_KEY``, ``SIMPLE_JWT``) are evidence of their own.
"""

from __future__ import annotations

from typing import Optional

from jwtlint.apis import is_jwt_library_name
from jwtlint.semantics.names import name_words
from jwtlint.semantics.scopes import Scope
from jwtlint.semantics.values import ClassRef, Symbol

#: Words that say JWT by themselves; ``TOKEN``, ``SIGNING`` or ``HMAC`` do not.
_JWT_NAME_WORDS = frozenset({"JWT", "JWS", "JWE", "JOSE", "AUTHJWT"})


def name_says_jwt(name: str) -> bool:
    return any(word in _JWT_NAME_WORDS or "JWT" in word for word in name_words(name))


def module_uses_jwt_library(module: Optional[Scope]) -> bool:
    """The module imports a JWT library or one of its names (any import form, aliases included)."""
    if module is None:
        return False
    return any(isinstance(value, Symbol) and is_jwt_library_name(value.qualname)
               for value in module.bindings.values())


def is_about_jwt(name: str, module: Optional[Scope]) -> bool:
    """A JWT-looking setting name is about JWTs: it says so, or its module uses a JWT library."""
    return name_says_jwt(name) or module_uses_jwt_library(module)


def module_is_about_jwt(module: Optional[Scope]) -> bool:
    """The module uses a JWT library, or names a setting that says JWT (``JWT_PRIVATE_KEY``,
    ``SIMPLE_JWT``, a config class's ``JWT_SECRET_KEY``): where key material is in scope."""
    if module_uses_jwt_library(module):
        return True
    assert module is not None
    for name, value in module.bindings.items():
        if name_says_jwt(name):
            return True
        if isinstance(value, ClassRef) and any(name_says_jwt(attribute) for attribute, _ in value.attributes):
            return True
    return False
