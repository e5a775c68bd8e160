"""JWT307: a key from a guessable source: weak randomness, a hash of a constant, a password."""

from __future__ import annotations

from jwtlint.findings import Severity
from jwtlint.rules.secrets.key_rule import KeyRule
from jwtlint.semantics import keys
from jwtlint.semantics.key_problems import KeyIssue, KeyProblem


class WeakKeySource(KeyRule):
    code = "JWT307"
    problems = (KeyProblem.GUESSABLE,)
    name = "weak-key-source"
    severity = Severity.HIGH
    cwe = (338, 1391)
    summary = "A JWT key comes from a non-cryptographic source or a human password"
    what = ("Reports a key (at a key position, or assigned to a secret-named variable or setting) made from "
            "`random.*`, `numpy.random.*`, `uuid.uuid1()` / `uuid3` / `uuid5`, `time.time()`, "
            "`datetime.now()`, a hash of a constant (`hashlib.sha256(b\"...\").hexdigest()`), or a password: "
            "jwcrypto `JWK.from_password(...)`, `user.password`, a `password` parameter. `secrets.*`, "
            "`os.urandom`, `uuid.uuid4()` (122 random bits from the OS) and key generators are fine.")
    why = ("`random` is a Mersenne Twister whose state can be recovered from its output; uuid1 and clock "
           "values are guessable; a hash of a constant is as public as the constant; RFC 8725 §3.5: "
           "human-memorizable passwords MUST NOT be used as HMAC keys.")
    fix = "Use `secrets.token_bytes(32)` (or a key generator), stored and loaded from a secret store."
    example = ('import random\nimport string\n\n'
               'JWT_SECRET = "".join(random.choices(string.ascii_letters, k=48))\n')
    fixed_example = ('import secrets\n\n'
                     'JWT_SECRET = secrets.token_urlsafe(48)\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.5",
                  "https://docs.python.org/3/library/random.html",
                  "https://cwe.mitre.org/data/definitions/338.html")
    libraries = ("PyJWT", "python-jose", "jwcrypto")
    invalid = (
        'import uuid\nimport jwt\njwt.encode({"sub": "1"}, str(uuid.uuid1()), algorithm="HS256")\n',
        'from jwcrypto import jwk\nkey = jwk.JWK.from_password(user_password)\n',
        'import jwt\n\ndef issue(user):\n    return jwt.encode({"sub": user.id}, user.password, algorithm="HS256")\n',
    )
    valid = (
        'import secrets\nJWT_SECRET = secrets.token_hex(32)\n',
        'import random\nRETRY_JITTER = random.random()\n',
        'import uuid\nimport jwt\njwt.encode({"jti": str(uuid.uuid4())}, KEY, algorithm="HS256")\n',
    )

    def message(self, issue: KeyIssue) -> str:
        facts = issue.facts
        source = {keys.WEAK_RANDOM: f"a non-cryptographic source ({facts.detail})",
                  keys.CONSTANT_HASH: f"a hash of a constant ({facts.detail})",
                  keys.PASSWORD: f"a human password ({facts.detail})"}[facts.kind]
        return f"the key of {issue.where} comes from {source}: it can be guessed"
