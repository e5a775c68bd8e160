"""JWT5xx: how long a token lives, how long after expiry it is still accepted, and revocation."""

from jwtlint.rules.lifetime.excessive_leeway import ExcessiveLeeway
from jwtlint.rules.lifetime.excessive_lifetime import ExcessiveLifetime
from jwtlint.rules.lifetime.expiry_verification_disabled import (
           ExpiryVerificationDisabled,
)
from jwtlint.rules.lifetime.revocation_misconfigured import RevocationMisconfigured
from jwtlint.rules.lifetime.token_without_expiry import TokenWithoutExpiry

__all__ = ["ExcessiveLeeway", "ExcessiveLifetime", "ExpiryVerificationDisabled", "RevocationMisconfigured",
           "TokenWithoutExpiry"]
