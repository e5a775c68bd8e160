"""The library API table: every known callable, found by its dotted name.

Each library has a module of its own holding a ``TABLE`` of :class:`Api`
rows. This module only indexes them; it has no knowledge of any library.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import Optional, Union

from jwtlint.apis.spec import Api

#: One module per library; adding a library is adding a module here.
LIBRARY_MODULES = (
    "pyjwt",
    "jose",
    "authlib",
    "joserfc",
    "jwcrypto",
    "python_jwt",
    "flask_jwt_extended",
    "simplejwt",
    "fastapi_users",
    "google_auth",
    "pyramid_jwt",
    "gehirn",
    "pyjwkest",
    "crypto_keys",
)


@cache
def _index() -> dict[str, tuple[Api, ...]]:
    index: dict[str, list[Api]] = {}
    for module_name in LIBRARY_MODULES:
        module = import_module(f"jwtlint.apis.{module_name}")
        for api in module.TABLE:
            for name in (api.name, *api.aliases):
                index.setdefault(name, []).append(api)
    return {name: tuple(rows) for name, rows in index.items()}


def lookup(name: str) -> tuple[Api, ...]:
    """All rows for a dotted name (two for PyJWT functions whose 1.x and 2.x differ)."""
    return _index().get(name, ())


def all_apis() -> list[Api]:
    seen: dict[int, Api] = {}
    for rows in _index().values():
        for api in rows:
            seen[id(api)] = api
    return list(seen.values())


#: A library constant: an algorithm name, or a tuple of names for a set of them.
ConstantValue = Union[str, tuple[str, ...]]


@cache
def _constants() -> dict[str, ConstantValue]:
    found: dict[str, ConstantValue] = {}
    for module_name in LIBRARY_MODULES:
        found.update(getattr(import_module(f"jwtlint.apis.{module_name}"), "CONSTANTS", {}))
    return found


def constant(name: str) -> Optional[ConstantValue]:
    """A library constant's value (a str, or a tuple for a set of names), or None if unknown.

    Libraries name algorithms through constants (python-jose ``ALGORITHMS.HS256``,
    ``ALGORITHMS.SUPPORTED``); a module's ``CONSTANTS`` maps their dotted names to values.
    """
    return _constants().get(name)


def known_top_modules() -> frozenset[str]:
    """First components of every known name: used to decide what an import is about."""
    return frozenset(name.split(".", 1)[0] for name in _index())


#: Libraries in the table that are not about JWTs (key generation and loading).
_NON_JWT_LIBRARIES = frozenset({"cryptography", "pycryptodome"})


@cache
def _jwt_names() -> tuple[frozenset[str], frozenset[str]]:
    """Names on the way to a JWT callable of the table, and the modules that hold one directly."""
    on_the_way: set[str] = set()
    holders: set[str] = set()
    for api in all_apis():
        if api.library in _NON_JWT_LIBRARIES:
            continue
        for name in (api.name, *api.aliases):
            parts = name.split(".")
            on_the_way.update(".".join(parts[:end]) for end in range(1, len(parts) + 1))
            holders.add(".".join(parts[:-1]))
    return frozenset(on_the_way), frozenset(holders)


def is_jwt_library_name(qualname: str) -> bool:
    """``jwt``, ``jose.jwt``, ``jwt.exceptions.InvalidTokenError``: a JWT library or one of its names.

    A name counts when it leads to a JWT callable of the table or lives in a module
    that holds one; ``google.cloud`` or ``authlib.integrations.flask_client.OAuth``
    (an OAuth client) do not.
    """
    on_the_way, holders = _jwt_names()
    if qualname in on_the_way:
        return True
    parts = qualname.split(".")
    return any(".".join(parts[:end]) in holders for end in range(1, len(parts)))
