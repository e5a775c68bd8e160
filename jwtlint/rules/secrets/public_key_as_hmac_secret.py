"""JWT306: public key material verifying tokens while HMAC is accepted."""

from __future__ import annotations

from jwtlint.findings import Severity
from jwtlint.rules.secrets.key_rule import KeyRule
from jwtlint.semantics.key_problems import KeyIssue, KeyProblem


class PublicKeyAsHmacSecret(KeyRule):
    code = "JWT306"
    problems = (KeyProblem.PUBLIC_AS_HMAC,)
    name = "public-key-as-hmac-secret"
    severity = Severity.CRITICAL
    cwe = (347,)
    summary = "A public key or certificate verifies tokens while HMAC algorithms are accepted"
    what = ("Reports a verification whose key is public material — PEM `PUBLIC KEY`/`CERTIFICATE` text, "
            "an `ssh-rsa`/`ecdsa-sha2-` key, a file named `*.pub`/`*public*`/`*.crt` read with `open()` or "
            "`Path`, a key fetched with `PyJWKClient` (`.key`) — while the accepted algorithms include an "
            "HS* algorithm, or are chosen by the token header. The source must be resolvable; a variable "
            "name alone is not evidence.")
    why = ("With HS256 allowed, the verifier uses the public key text as an HMAC secret. The public key is "
           "public: an attacker signs a token with HMAC over it and it verifies (algorithm confusion, "
           "CVE-2017-11424, CVE-2022-29217, CVE-2024-33663).")
    fix = "Accept only the public key's algorithm family: `algorithms=[\"RS256\"]`."
    example = ('import jwt\n\n'
               'PUBLIC_KEY = open("keys/jwt_public.pem").read()\n\n'
               'def claims(token):\n'
               '    return jwt.decode(token, PUBLIC_KEY, algorithms=["RS256", "HS256"])\n')
    fixed_example = ('import jwt\n\n'
                     'PUBLIC_KEY = open("keys/jwt_public.pem").read()\n\n'
                     'def claims(token):\n'
                     '    return jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"])\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.1",
                  "https://nvd.nist.gov/vuln/detail/CVE-2022-29217",
                  "https://nvd.nist.gov/vuln/detail/CVE-2024-33663")
    libraries = ("PyJWT", "python-jose")
    invalid = (
        'from jose import jwt\nfrom pathlib import Path\n'
        'KEY = Path("certs/signing.pub").read_text()\njwt.decode(token, KEY)\n',
        'import jwt\nclient = jwt.PyJWKClient("https://idp.example/jwks")\n'
        'key = client.get_signing_key_from_jwt(token).key\n'
        'jwt.decode(token, key, algorithms=["RS256", "HS256"])\n',
    )
    valid = (
        'import jwt\nclient = jwt.PyJWKClient("https://idp.example/jwks")\n'
        'key = client.get_signing_key_from_jwt(token).key\n'
        'jwt.decode(token, key, algorithms=["RS256"], audience="api")\n',
        'import jwt\nkey = open("keys/hmac.key").read()\njwt.decode(token, key, algorithms=["HS256"])\n',
    )

    def message(self, issue: KeyIssue) -> str:
        return (f"{issue.where} verifies with public key material ({issue.facts.detail}) while accepting HMAC "
                f"({issue.accepted_hmac}): anyone holding the public key can forge an HS256 token")
