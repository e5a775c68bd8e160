"""The library API table: every known callable, found by its dotted name.

Each library has a module of its own holding a ``TABLE`` of :class:`Api`
rows. This module only indexes them; it has no knowledge of any library.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

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
    "gehirn",
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


@cache
def _constants() -> dict[str, object]:
    found: dict[str, object] = {}
    for module_name in LIBRARY_MODULES:
        found.update(getattr(import_module(f"jwtlint.apis.{module_name}"), "CONSTANTS", {}))
    return found


def constant(name: str):
    """A library constant's value (a str, or a tuple for a set of names), or None if unknown.

    Libraries name algorithms through constants (python-jose ``ALGORITHMS.HS256``,
    ``ALGORITHMS.SUPPORTED``); a module's ``CONSTANTS`` maps their dotted names to values.
    """
    return _constants().get(name)


def known_top_modules() -> frozenset[str]:
    """First components of every known name: used to decide what an import is about."""
    return frozenset(name.split(".", 1)[0] for name in _index())
