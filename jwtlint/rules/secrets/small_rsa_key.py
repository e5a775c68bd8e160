"""JWT310: RSA keys generated below 2048 bits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.values import AnyValue, Const

if TYPE_CHECKING:
    from jwtlint.engine.context import Context

#: RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used" with RS*/PS*.
_MIN_RSA_BITS = 2048


class SmallRsaKey(Rule):
    code = "JWT310"
    name = "small-rsa-key"
    category = "secrets"
    severity = Severity.MEDIUM
    cwe = (326,)
    summary = "An RSA key for signing tokens is smaller than 2048 bits"
    what = ("Reports RSA key generation below 2048 bits: joserfc and Authlib `RSAKey.generate_key(1024)`, "
            "jwcrypto `JWK.generate(kty=\"RSA\", size=1024)`, and in files that use a JWT library, "
            "pyca/cryptography `rsa.generate_private_key(65537, 1024)` and PyCryptodome `RSA.generate(1024)`.")
    why = ("RFC 7518 requires 2048 bits for RS* and PS*; 1024-bit RSA is within reach of well-funded "
           "attackers, and whoever factors the key signs any token. PyJWT only warns about it.")
    fix = "Generate at least 2048-bit keys (3072 for keys that must last), or use ES256/EdDSA."
    example = ('from joserfc.jwk import RSAKey\n\n'
               'SIGNING_KEY = RSAKey.generate_key(1024)\n')
    fixed_example = ('from joserfc.jwk import RSAKey\n\n'
                     'SIGNING_KEY = RSAKey.generate_key(2048)\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc7518#section-3.3",
                  "https://cwe.mitre.org/data/definitions/326.html")
    libraries = ("joserfc", "Authlib", "jwcrypto", "cryptography", "pycryptodome")
    invalid = (
        'from jwcrypto import jwk\nkey = jwk.JWK.generate(kty="RSA", size=1024)\n',
        'import jwt\nfrom cryptography.hazmat.primitives.asymmetric import rsa\n'
        'key = rsa.generate_private_key(public_exponent=65537, key_size=1024)\n',
    )
    valid = (
        'from jwcrypto import jwk\nkey = jwk.JWK.generate(kty="oct", size=256)\n',
        'from joserfc.jwk import ECKey\nkey = ECKey.generate_key("P-256")\n',
    )

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        size = call.value("rsa_key_size") if call.passed("rsa_key_size") else self._jwk_size(call)
        if isinstance(size, Const) and isinstance(size.value, int) and not isinstance(size.value, bool) \
                and size.value < _MIN_RSA_BITS:
            ctx.report(self, call.node, f"{call.api.name}() makes a {size.value}-bit RSA key; RS*/PS* need at "
                                        f"least {_MIN_RSA_BITS} bits")

    @staticmethod
    def _jwk_size(call: ApiCall) -> Optional[AnyValue]:
        """jwcrypto takes ``JWK.generate(kty="RSA", size=...)`` as keywords only."""
        kty = call.extra.get("kty")
        if isinstance(kty, Const) and kty.value == "RSA":
            return call.extra.get("size")
        return None
