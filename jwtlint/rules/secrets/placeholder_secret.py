"""JWT302: a published placeholder as a key or as a secret's fallback."""

from __future__ import annotations

from typing import Optional

from jwtlint.findings import Severity
from jwtlint.rules.secrets.key_rule import KEY_LIBRARIES, PLACEHOLDERS_OPTION, KeyRule
from jwtlint.semantics.key_problems import KeyIssue, KeyProblem, Place


class PlaceholderSecret(KeyRule):
    code = "JWT302"
    problems = (KeyProblem.PLACEHOLDER,)
    name = "placeholder-secret"
    severity = Severity.CRITICAL
    #: The value is public whatever else is true of it; with JWT302 off, those findings are reported.
    supersedes = ("JWT301", "JWT303", "JWT304")
    cwe = (798, 1391)
    summary = "A JWT key is a published placeholder or tutorial secret"
    what = ("Reports a key position, key setting or environment fallback whose value is a well-known "
            "placeholder: jwt.io's `your-256-bit-secret`, the FastAPI tutorial key, Flask-JWT-Extended's "
            "`super-secret`, `secret`, `changeme` and others (the list ships "
            "as data and is compared case-insensitively). Django's `django-insecure-...` keys are not on it: "
            "`startproject` generates a random value after the prefix, so each is a hard-coded key (JWT301). Values that merely contain `change`, `replace`, "
            "`example`, `dummy`, `placeholder`, `todo` or `xxx` are reported at lower severity and "
            "confidence. A placeholder is reported as JWT302 instead of JWT301 or JWT304.")
    why = ("Placeholder secrets are in public documentation and in every secret-guessing word list: "
           "tools like jwt_tool and hashcat recover them from a single token in seconds, and then forge "
           "any token.")
    fix = "Generate a real key (`python -c 'import secrets; print(secrets.token_urlsafe(64))'`) and load it at runtime."
    autofix = "key-from-environment"
    example = ('from flask import Flask\nfrom flask_jwt_extended import JWTManager\n\n'
               'app = Flask(__name__)\n'
               'app.config["JWT_SECRET_KEY"] = "super-secret"\n'
               'jwt = JWTManager(app)\n')
    fixed_example = ('import os\n\nfrom flask import Flask\nfrom flask_jwt_extended import JWTManager\n\n'
                     'app = Flask(__name__)\n'
                     'app.config["JWT_SECRET_KEY"] = os.environ["JWT_SECRET_KEY"]\n'
                     'jwt = JWTManager(app)\n')
    references = ("https://cwe.mitre.org/data/definitions/1391.html",
                  "https://github.com/wallarm/jwt-secrets",
                  "https://datatracker.ietf.org/doc/html/rfc8725#section-3.5")
    libraries = KEY_LIBRARIES
    options = (PLACEHOLDERS_OPTION,)
    invalid = (
        'import jwt\njwt.encode({"sub": "1"}, "secret")\n',
        'import os\nJWT_SECRET = os.getenv("JWT_SECRET", "changeme")\n',
        'SECRET_KEY = "changeme"\n'
        'SIMPLE_JWT = {"ALGORITHM": "HS256"}\n',
    )
    valid = (
        'import jwt\njwt.encode({"sub": "1"}, "q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0Yg")  # noqa: JWT301\n',
        'PASSWORD_HINT = "changeme"\n',
    )

    def message(self, issue: KeyIssue) -> str:
        assert issue.placeholder is not None
        reason = issue.placeholder.reason
        if issue.place is Place.LOOKUP:
            return (f"{issue.where} falls back to {issue.shown}, {reason}: a deployment that does not set it "
                    "signs tokens anyone can forge")
        return f"{issue.where} uses {issue.shown}, {reason}: anyone can sign tokens with it"

    def severity_of(self, issue: KeyIssue) -> Severity:
        """A value that only looks like a placeholder (``change-me-...``) is less certain than a listed one."""
        return Severity.HIGH if issue.placeholder is not None and issue.placeholder.heuristic else self.severity

    def confidence_of(self, issue: KeyIssue) -> Optional[str]:
        return "medium" if issue.placeholder is not None and issue.placeholder.heuristic else None
