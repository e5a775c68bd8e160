"""JWT404 (opt-in): a verification that accepts tokens without ``exp``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.semantics.claim_checks import option_value, verifies_signature
from jwtlint.semantics.unverified import VERIFYING_KINDS
from jwtlint.semantics.values import AnyValue, DictValue, SeqValue, truthiness

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.semantics.calls import ApiCall


class RequiredClaimsNotEnforced(Rule):
    code = "JWT404"
    name = "required-claims-not-enforced"
    category = "claims"
    severity = Severity.LOW
    cwe = (345, 613)
    summary = "A verification accepts tokens that have no `exp` claim"
    what = ('Opt-in. Reports verifications that check `exp` only if it is present: PyJWT without '
            '`options={"require": ["exp", ...]}`, PyJWT 1 and python-jose without `require_exp`, Authlib '
            'without `claims_options={"exp": {"essential": True}}`, joserfc `JWTClaimsRegistry()` without '
            '`exp={"essential": True}`, jwcrypto `JWT(jwt=..., key=...)` whose `check_claims` lacks `exp`. '
            "Off by default because most code does not require claims; select JWT404 to enable it.")
    why = ("RFC 7519 makes `exp` optional and libraries only check it when it is present, so a token "
           "minted without one (by a bug, another service or an old release) is valid forever.")
    fix = 'Require the claims you rely on: `options={"require": ["exp", "iat", "sub"]}` and equivalents.'
    example = ('import jwt\n\n'
               'def claims_of(token, key):\n'
               '    return jwt.decode(token, key, algorithms=["HS256"])\n')
    fixed_example = ('import jwt\n\n'
                     'def claims_of(token, key):\n'
                     '    return jwt.decode(token, key, algorithms=["HS256"], options={"require": ["exp"]})\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc7519#section-4.1.4",
                  "https://pyjwt.readthedocs.io/en/stable/api.html#jwt.decode")
    libraries = ("PyJWT", "python-jose", "Authlib", "joserfc", "jwcrypto")
    default_enabled = False
    invalid = (
        'from jose import jwt\njwt.decode(t, k, algorithms=["HS256"], options={"require_exp": False})\n',
        'from joserfc import jwt\nregistry = jwt.JWTClaimsRegistry(iss={"essential": True, "value": ISS})\n',
    )
    valid = (
        'from joserfc import jwt\nregistry = jwt.JWTClaimsRegistry(exp={"essential": True})\n',
        'import jwt\njwt.decode(t, k, algorithms=["HS256"], **settings)\n',
    )

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        kind = call.api.kind
        if kind in VERIFYING_KINDS:
            if not verifies_signature(call) or kind == "token_object" and not call.passed("token"):
                return
        elif not call.api.claims_keywords:
            return
        if _requires_exp(call) is False:
            ctx.report(self, call.node, f"{call.api.name}() accepts tokens without `exp`: require it")


def _requires_exp(call: ApiCall) -> Optional[bool]:
    """Whether the call requires ``exp`` to be present; None when it cannot be told or does not apply."""
    key, value, known = option_value(call, "required_claims")
    if key is not None:
        if value is None:
            return False if known else None
        if isinstance(value, SeqValue):
            return True if "exp" in value.constants() else (False if value.complete else None)
        return None
    key, value, known = option_value(call, "require_exp")
    if key is not None:
        return (False if known else None) if value is None else truthiness(value)
    roles = set(call.api.roles.values())
    if "claims_options" in roles:
        return _essential(call.value("claims_options"), call.missing("claims_options"))
    if "check_claims" in roles:
        checks = call.value("check_claims")
        if checks is None:
            return False if call.missing("check_claims") else None
        if isinstance(checks, DictValue):
            return True if checks.get("exp") is not None else (False if checks.complete else None)
        return None
    if call.api.claims_keywords:
        exp = call.extra.get("exp")
        if exp is None:
            return None if call.open_ended else False
        return _essential(DictValue(entries=(("exp", exp),)), False)
    return None


def _essential(options: Optional[AnyValue], missing: bool) -> Optional[bool]:
    """``{"exp": {"essential": True}}`` (Authlib ``claims_options``, joserfc keywords)."""
    if options is None:
        return False if missing else None
    if not isinstance(options, DictValue):
        return None
    exp = options.get("exp")
    if exp is None:
        return False if options.complete else None
    if not isinstance(exp, DictValue):
        return None
    essential = exp.get("essential")
    if essential is None:
        return False if exp.complete else None
    return truthiness(essential)
