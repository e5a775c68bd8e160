"""JWT303: an HMAC key, written or generated, shorter than its algorithm needs."""

from __future__ import annotations

from jwtlint.findings import Severity
from jwtlint.rules.secrets.key_rule import KEY_LIBRARIES, MIN_KEY_OPTION, KeyRule
from jwtlint.semantics import keys
from jwtlint.semantics.key_problems import KeyIssue, KeyProblem


class ShortHmacKey(KeyRule):
    code = "JWT303"
    problems = (KeyProblem.SHORT,)
    name = "short-hmac-key"
    severity = Severity.MEDIUM
    cwe = (326,)
    summary = "An HMAC key is shorter than its algorithm requires"
    what = ("Reports an HMAC key shorter than RFC 7518 §3.2 requires: 32 bytes for HS256, 48 for HS384, "
            "64 for HS512. The algorithm comes from the same call (`algorithm=`, `algorithms=`, the header's "
            "`alg`), from the setting beside a key setting (`JWT_ALGORITHM`, `SIMPLE_JWT[\"ALGORITHM\"]`), "
            "or the library default; when it cannot be known HS256 is assumed. Constants are measured in "
            "UTF-8 bytes (what PyJWT measures), hex and base64 constants after decoding; generated keys by "
            "the random bytes they are made of (hex or base64 text of 16 bytes is longer, not stronger): "
            "`os.urandom(16)`, `secrets.token_bytes(16)`, `token_hex(16)`, `token_urlsafe(16)` are 16 bytes, "
            "`OctKey.generate_key(128)` and jwcrypto `JWK.generate(kty=\"oct\")` (128 bits by default) 16 too.")
    why = ("An HMAC key shorter than the hash output lowers the cost of brute-forcing it from one "
           "captured token; short human-chosen secrets fall to a dictionary attack in minutes.")
    fix = "Use at least 32 random bytes for HS256 (64 for HS512): `secrets.token_bytes(32)`."
    example = ('import secrets\n\nimport jwt\n\n'
               'KEY = secrets.token_bytes(16)\n\n'
               'def issue(user_id):\n'
               '    return jwt.encode({"sub": user_id}, KEY, algorithm="HS256")\n')
    fixed_example = ('import secrets\n\nimport jwt\n\n'
                     'KEY = secrets.token_bytes(32)\n\n'
                     'def issue(user_id):\n'
                     '    return jwt.encode({"sub": user_id}, KEY, algorithm="HS256")\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc7518#section-3.2",
                  "https://datatracker.ietf.org/doc/html/rfc8725#section-3.5")
    libraries = KEY_LIBRARIES
    options = (MIN_KEY_OPTION,)
    invalid = (
        'from joserfc.jwk import OctKey\nkey = OctKey.generate_key(128)\n',
        'from jwcrypto import jwk\nkey = jwk.JWK.generate(kty="oct")\n',
        'import jwt\njwt.encode({"sub": "1"}, "q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0YgA", algorithm="HS512")\n',
    )
    valid = (
        'from joserfc.jwk import OctKey\nkey = OctKey.generate_key(256)\n',
        'import os\nimport jwt\njwt.encode({"sub": "1"}, os.urandom(64), algorithm="HS512")\n',
    )

    def message(self, issue: KeyIssue) -> str:
        facts = issue.facts
        needs = f"{issue.algorithm_label} needs at least {issue.required_bytes}"
        if facts.entropy is not None:
            text = f" (as {facts.length} characters)" if facts.length not in (None, facts.entropy) else ""
            made = f"{facts.detail} makes an HMAC key of {facts.entropy} random bytes{text}"
            return f"{made}; {needs}" if facts.node is issue.node else f"{made} for {issue.where}; {needs}"
        if facts.kind == keys.GENERATED:
            return f"HMAC key from {facts.detail} in {issue.where} is {facts.length} bytes; {needs}"
        return f"HMAC key {issue.shown} in {issue.where} is {facts.length} bytes; {needs}"
