"""The Authlib, joserfc and google-auth rows match the installed libraries.

Each row lists parameters in positional order so that a positional argument binds
to the right role; a wrong name or order silently loses an argument. These tests
import the real callables (test dependencies only: jwtlint itself imports none of
them) and compare names, order and the defaults the row relies on.
"""

from __future__ import annotations

import importlib
import inspect
import warnings
from typing import Any

import pytest

from jwtlint.apis import authlib, google_auth, joserfc
from jwtlint.apis.spec import Api

_ROWS = [(name, row) for table in (authlib.TABLE, joserfc.TABLE, google_auth.TABLE)
         for row in table for name in (row.name, *row.aliases)]


def _resolve(name: str) -> Any:
    """The object a dotted name denotes: the longest importable module, then attributes."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found: Any = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        for attribute in parts[end:]:
            found = getattr(found, attribute)
        return found
    raise LookupError(name)


def _signature(found: Any) -> inspect.Signature:
    return inspect.signature(found.__init__ if inspect.isclass(found) else found)


def _positional(signature: inspect.Signature) -> tuple[str, ...]:
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return tuple(name for name, parameter in signature.parameters.items()
                 if name not in ("self", "cls") and parameter.kind in kinds)


@pytest.mark.parametrize("name,row", _ROWS, ids=[name for name, _ in _ROWS])
def test_row_parameters_are_the_real_ones(name: str, row: Api) -> None:
    found = _resolve(name)
    if not callable(found):  # a type alias (joserfc's ``Key`` union): never called
        assert row.params == ()
        return
    signature = _signature(found)
    assert row.params == _positional(signature)
    for param, default in row.defaults.items():
        assert signature.parameters[param].default == default, param
