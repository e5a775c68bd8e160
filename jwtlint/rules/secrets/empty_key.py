"""JWT305: an empty or None key, or an empty fallback of a secret."""

from __future__ import annotations

from jwtlint.findings import Severity
from jwtlint.rules.secrets.key_rule import KeyRule
from jwtlint.semantics import keys
from jwtlint.semantics.key_problems import KeyIssue, KeyProblem, Place


class EmptyKey(KeyRule):
    code = "JWT305"
    problems = (KeyProblem.EMPTY,)
    name = "empty-key"
    severity = Severity.CRITICAL
    cwe = (1391, 347)
    summary = "A JWT is signed or verified with an empty or None key"
    what = ("Reports `\"\"`, `b\"\"` or `None` in a key position or key setting, and an empty fallback of a "
            "secret's environment lookup (`os.getenv(\"JWT_SECRET\", \"\")`) unless a fail-fast check "
            "follows. Not reported: `JWT_SECRET_KEY = None` (Flask-JWT-Extended then uses `SECRET_KEY`), "
            "a decode with signature verification off (JWT101), an unsigned `none` token (JWT203).")
    why = ("PyJWT before 2.13, python-jose (all versions), Authlib up to 1.9.0 and joserfc before 1.6.8 "
           "accept an empty HMAC key: anyone can compute `HMAC(\"\", token)` and forge tokens "
           "(CVE-2026-49852). Newer versions raise at runtime instead.")
    fix = "Load a real key and refuse to start without it: `os.environ[\"JWT_SECRET\"]`."
    example = ('import os\n\nimport jwt\n\n'
               'SECRET = os.environ.get("JWT_SECRET", "")\n\n'
               'def claims(token):\n'
               '    return jwt.decode(token, SECRET, algorithms=["HS256"])\n')
    fixed_example = ('import os\n\nimport jwt\n\n'
                     'SECRET = os.environ["JWT_SECRET"]\n\n'
                     'def claims(token):\n'
                     '    return jwt.decode(token, SECRET, algorithms=["HS256"])\n')
    references = ("https://nvd.nist.gov/vuln/detail/CVE-2026-49852",
                  "https://cwe.mitre.org/data/definitions/1391.html")
    libraries = ("PyJWT", "python-jose", "Authlib", "joserfc")
    invalid = (
        'from jose import jwt\njwt.decode(token, "", algorithms=["HS256"])\n',
        'from joserfc.jwk import OctKey\nkey = OctKey.import_key("")\n',
    )
    valid = (
        'import os\nSECRET = os.environ.get("JWT_SECRET", "")\nif not SECRET:\n    raise SystemExit("no secret")\n',
        'app = object()\nJWT_SECRET_KEY = None\n',
        'import jwt\njwt.decode(token, "", options={"verify_signature": False})  # noqa: JWT101\n',
    )

    def message(self, issue: KeyIssue) -> str:
        what = "None" if issue.facts.kind == keys.NONE else "an empty key"
        where = f"the fallback of {issue.where}" if issue.place is Place.LOOKUP else issue.where
        return (f"{where} uses {what}: some library versions accept tokens signed with an empty HMAC key, "
                "the others fail at runtime")
