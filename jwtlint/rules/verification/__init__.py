"""JWT1xx: is the token's signature actually verified, and are its claims?"""

from jwtlint.rules.verification.claims_never_validated import ClaimsNeverValidated
from jwtlint.rules.verification.signature_verification_disabled import (
           SignatureVerificationDisabled,
)
from jwtlint.rules.verification.unverified_contents_used import UnverifiedContentsUsed
from jwtlint.rules.verification.verification_failure_swallowed import (
           VerificationFailureSwallowed,
)

__all__ = ["ClaimsNeverValidated", "SignatureVerificationDisabled", "UnverifiedContentsUsed",
           "VerificationFailureSwallowed"]
