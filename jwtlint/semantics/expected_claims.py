"""The values a verification expects a claim to have, in each library's spelling.

PyJWT and python-jose take ``audience=`` and ``issuer=`` (a value or a list), Authlib
``claims_options={"iss": {"value": ...}, "aud": {"values": [...]}}``, joserfc
``JWTClaimsRegistry(iss={"value": ...})``, jwcrypto ``check_claims={"iss": ...}``. A rule
asking "where does the expected issuer come from" reads them all through
:func:`expected_values`.
"""

from __future__ import annotations

from typing import Optional

from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.values import AnyValue, DictValue, SeqValue

#: The keyword argument (role) that carries a claim's expected value, by claim.
_ROLES = {"aud": "audience", "iss": "issuer"}


def expected_values(call: ApiCall, claim: str) -> list[AnyValue]:
    """Each value ``call`` accepts for ``claim`` (a list is flattened); empty when none is known."""
    found: list[AnyValue] = []
    role = _ROLES.get(claim)
    passed = call.value(role) if role is not None and call.passed(role) else None
    if passed is not None:
        found.append(passed)
    options = call.value("claims_options")
    if isinstance(options, DictValue):
        found.extend(_from_option(options.get(claim)))
    checks = call.value("check_claims")
    checked = checks.get(claim) if isinstance(checks, DictValue) else None
    if checked is not None:
        found.append(checked)
    if call.api.claims_keywords:
        found.extend(_from_option(call.extra.get(claim)))
    return [item for value in found for item in _flattened(value)]


def _from_option(option: Optional[AnyValue]) -> list[AnyValue]:
    """``{"essential": True, "value": X}`` / ``{"values": [X, Y]}``."""
    if not isinstance(option, DictValue):
        return []
    return [value for key in ("value", "values") if (value := option.get(key)) is not None]


def _flattened(value: AnyValue) -> tuple[AnyValue, ...]:
    return value.items if isinstance(value, SeqValue) else (value,)
