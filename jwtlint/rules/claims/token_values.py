"""Expected claim values (audience, issuer) that a verification reads from the token it verifies.

``jwt.decode(t, key, audience=unverified["aud"])`` checks the token against itself: any
audience passes. The value is found like JWT202's algorithms (:func:`unverified`), and a
value first compared with constants (``if iss not in TRUSTED: raise``) is that constant
(:class:`TokenValueChecks`, shared with JWT202). JWT402 and JWT403 report through this.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

import libcst as cst

from jwtlint.findings import Severity
from jwtlint.semantics.claim_checks import verifies_signature
from jwtlint.semantics.expected_claims import expected_values
from jwtlint.semantics.token_derived import Constraint, TokenValueChecks, token_sources
from jwtlint.semantics.unverified import unverified

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.rules.base import Rule
    from jwtlint.semantics.calls import ApiCall

#: How a message names the claim and what is then accepted.
_SPELLED = {"aud": ("audience", "tokens minted for any audience"), "iss": ("issuer", "tokens of any issuer")}


@dataclass(frozen=True)
class FromToken:
    """The token contents a call expects a claim to equal: what was read, and whether every
    such value was compared with constants somewhere (then only low severity)."""

    read: str
    checked: bool


#: The node types :func:`observe` needs to see (the rules' ``node_types``).
NODE_TYPES = (cst.Comparison, cst.If)


def observe(node: cst.CSTNode, ctx: Context) -> None:
    """Feed a comparison or an ``if`` to the file's checks of token-derived values."""
    ctx.per_file(TokenValueChecks).note(node, ctx.evaluate, unverified)


def expected_from_token(call: ApiCall, claim: str, ctx: Context) -> Optional[FromToken]:
    """The unverified token contents among the values ``call`` expects for ``claim``, unless
    every one of them is guarded by a test against constants; None when there are none."""
    sources = [source for value in expected_values(call, claim) for source in token_sources(value, unverified)]
    if not sources:
        return None
    constraint = ctx.per_file(TokenValueChecks).constraint(sources)
    if constraint is Constraint.GUARDED:
        return None
    read = ", ".join(sorted({f"{source.key!r} from {source.what}" for source in sources}))
    return FromToken(read=read, checked=constraint is Constraint.COMPARED)


def report_expected_from_token(rule: Rule, call: ApiCall, claim: str, ctx: Context) -> bool:
    """Report ``call`` when it expects ``claim`` to be what the token says; True when reported.

    Applies to verifications and to claims registries (joserfc), which check what they are given."""
    if not (verifies_signature(call) or call.api.claims_keywords):
        return False
    found = expected_from_token(call, claim, ctx)
    if found is None:
        return False
    noun, accepted = _SPELLED[claim]
    compared = ", though it is compared with constants elsewhere" if found.checked else ""
    ctx.report(rule, call.node, f"{call.api.name}() expects the {noun} the unverified token names "
                                f"({found.read}): {accepted} are accepted{compared}",
               severity=Severity.LOW if found.checked else None)
    return True
