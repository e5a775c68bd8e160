"""JWT4xx: what a token carries, and which of its claims a verification checks."""

from jwtlint.rules.claims.audience_check_disabled import AudienceCheckDisabled
from jwtlint.rules.claims.issuer_not_checked import IssuerNotChecked
from jwtlint.rules.claims.required_claims_not_enforced import RequiredClaimsNotEnforced
from jwtlint.rules.claims.sensitive_data_in_payload import SensitiveDataInPayload
from jwtlint.rules.claims.token_type_not_checked import TokenTypeConfusion

__all__ = [
    "AudienceCheckDisabled",
    "IssuerNotChecked",
    "RequiredClaimsNotEnforced",
    "SensitiveDataInPayload",
    "TokenTypeConfusion",
]
