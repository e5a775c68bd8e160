"""JWT304: a lookup (or settings field) of a secret with a hard-coded fallback."""

from __future__ import annotations

from jwtlint.findings import Severity
from jwtlint.rules.secrets.key_rule import KEY_LIBRARIES, KeyRule
from jwtlint.semantics.key_problems import KeyIssue, KeyProblem, Place


class SecretFallback(KeyRule):
    code = "JWT304"
    problems = (KeyProblem.FALLBACK,)
    name = "secret-fallback-default"
    severity = Severity.HIGH
    cwe = (1188, 798)
    summary = "A JWT secret read from the environment falls back to a hard-coded value"
    what = ("Reports, at the lookup, an environment read with a hard-coded fallback: "
            "`os.environ.get(NAME, \"x\")`, `os.getenv(NAME, \"x\")`, `os.getenv(NAME) or \"x\"`, "
            "python-decouple `config(NAME, default=...)`, django-environ `env(NAME, default=...)` / "
            "`env.str(...)`, `getattr(settings, NAME, \"x\")`, and a pydantic `BaseSettings` field default (`\"x\"`, "
            "`SecretStr(\"x\")`, `Field(default=\"x\")`; the class may inherit `BaseSettings` through "
            "base classes of any module of the project), "
            "when the variable or the target is named like a JWT secret (`*JWT*`, `*SECRET*`, `*SIGNING*`, "
            "`*TOKEN*KEY*`, `*PRIVATE_KEY`, but not another service's credential such as "
            "`AWS_SECRET_ACCESS_KEY`) or the value reaches a key position. Not reported: a `None` "
            "default, an empty default followed by a fail-fast check (`if not key: raise`), a lookup "
            "inside `if DEBUG:`; in development settings modules (`dev.py`, `local.py`, `test_settings.py`) "
            "the finding is one severity lower. Empty fallbacks are JWT305, placeholders JWT302.")
    why = ("The fallback is what production uses the day the variable is missing (a renamed secret, a new "
           "deployment target, a typo), and nothing fails: tokens are signed with a key from the source.")
    fix = "Fail fast when the secret is missing: `os.environ[\"JWT_SECRET\"]`, or a settings field without a default."
    autofix = "env-without-fallback"
    example = ('import os\n\n'
               'JWT_SECRET = os.environ.get("JWT_SECRET", "q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0Yg")\n')
    fixed_example = ('import os\n\n'
                     'JWT_SECRET = os.environ["JWT_SECRET"]\n')
    references = ("https://cwe.mitre.org/data/definitions/1188.html",
                  "https://12factor.net/config")
    libraries = KEY_LIBRARIES
    invalid = (
        'from decouple import config\nSIGNING_KEY = config("SIGNING_KEY", default="q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0Yg")\n',
        'import environ\nenv = environ.Env()\nSECRET_KEY = env("DJANGO_SECRET_KEY", default="q7Vn2Lx9Pw4Ks8Jd3Hf6")\n',
        'from pydantic_settings import BaseSettings\n\n'
        'class Settings(BaseSettings):\n    jwt_secret: str = "q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0Yg"\n',
        'import os\nimport jwt\n\n'
        'def issue(p):\n    return jwt.encode(p, os.getenv("APP_KEY") or "q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0Yg")\n',
    )
    valid = (
        'import os\nJWT_SECRET = os.environ.get("JWT_SECRET")\nif not JWT_SECRET:\n'
        '    raise RuntimeError("JWT_SECRET is not set")\n',
        'import os\nSTRIPE_SECRET_KEY = os.getenv("STRIPE_SECRET_KEY", "sk_test_q7Vn2Lx9Pw4Ks8Jd3Hf6Tb")\n',
        'import os\nDEBUG = True\nif DEBUG:\n    JWT_SECRET = os.getenv("JWT_SECRET", "q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0Yg")\n',
        'import os\nLOG_LEVEL = os.getenv("LOG_LEVEL", "info")\n',
    )

    def message(self, issue: KeyIssue) -> str:
        if issue.place is Place.LOOKUP:
            return (f"{issue.where} falls back to the hard-coded {issue.shown}: a deployment that does not set it "
                    "signs tokens with a secret from the source")
        return f"{issue.where} defaults to {issue.shown}: it is used whenever the environment does not set it"
