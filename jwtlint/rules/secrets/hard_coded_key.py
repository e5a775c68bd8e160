"""JWT301: a key written in the source, at each sink that uses it."""

from __future__ import annotations

from jwtlint.findings import Severity
from jwtlint.rules.secrets.key_rule import KEY_LIBRARIES, PLACEHOLDERS_OPTION, KeyRule
from jwtlint.semantics.key_problems import KeyIssue, KeyProblem


class HardCodedKey(KeyRule):
    code = "JWT301"
    problems = (KeyProblem.HARD_CODED,)
    name = "hard-coded-key"
    severity = Severity.HIGH
    cwe = (798, 321)
    summary = "A JWT signing key or secret is written in the source code"
    what = ("Reports a str or bytes constant that reaches a key position: the key argument of a sign, "
            "verify or key-import call of any supported library (PyJWT, python-jose, Authlib, joserfc "
            "`OctKey.import_key`, jwcrypto `JWK(kty=\"oct\", k=...)`, python_jwt, fastapi-users "
            "`JWTStrategy`/`generate_jwt`, simplejwt `TokenBackend`), or a framework key setting: "
            "Flask `JWT_SECRET_KEY` (`app.config[...]`, `config.update(...)`, config classes), "
            "`SIMPLE_JWT[\"SIGNING_KEY\"]`, the `return` of an Authlib key hook (`get_jwt_config()[\"key\"]`, "
            "`resolve_client_private_key`, `resolve_private_key`, `get_jwks` in a subclass of an Authlib "
            "class), Django or Flask `SECRET_KEY` when the JWT extension falls back "
            "to it, fastapi-jwt-auth `authjwt_secret_key`, fastapi-users `reset_password_token_secret` "
            "and `verification_token_secret`. The value is followed through constants, config-class "
            "attributes, settings modules imported from elsewhere in the project, framework configuration "
            "read back in a key position (`app.config[\"SECRET_KEY\"]`, `current_app.config.get(...)`, a "
            "helper returning `current_app.config`, Django `settings.SECRET_KEY` after `settings.configure(...)`) "
            "from what the module writes there (`app.config[...] =`, `update(...)`, `from_object(Config)`, "
            "`from_object(\"pkg.settings\")`), f-strings, "
            "concatenations, `.encode()`, `bytes.fromhex` and base64. A constant is reported at every "
            "sink that uses it (a `functools.partial` is the sink of the key it fixes), naming where it is "
            "defined (`from SECRET, app/settings.py:12`); a suppression comment on that line covers all of "
            "them, in every file that imports it. Placeholders are JWT302, empty keys JWT305, private key "
            "PEM text JWT308 instead.")
    why = ("A key in the source is in every clone, fork, backup, CI log and container image of the "
           "repository. Anyone who has it can sign tokens with any claims, and it cannot be rotated "
           "without a release.")
    fix = ("Read the key at runtime from the environment or a secret store, with no fallback: "
           "`os.environ[\"JWT_SECRET\"]`. Generate it with `secrets.token_urlsafe(64)`.")
    autofix = "key-from-environment"
    example = ('import jwt\n\n'
               'SECRET = "f8Kq2vN9xLp4Rt7wZb3Yc6Hd1Mj5Gs0A"\n\n'
               'def issue(user_id):\n'
               '    return jwt.encode({"sub": user_id}, SECRET, algorithm="HS256")\n')
    fixed_example = ('import os\n\nimport jwt\n\n'
                     'SECRET = os.environ["JWT_SECRET"]\n\n'
                     'def issue(user_id):\n'
                     '    return jwt.encode({"sub": user_id}, SECRET, algorithm="HS256")\n')
    references = ("https://cwe.mitre.org/data/definitions/798.html",
                  "https://datatracker.ietf.org/doc/html/rfc8725#section-3.5",
                  "https://flask-jwt-extended.readthedocs.io/en/stable/options.html#JWT_SECRET_KEY")
    libraries = KEY_LIBRARIES
    options = (PLACEHOLDERS_OPTION,)
    invalid = (
        'from flask import Flask\napp = Flask(__name__)\n'
        'app.config["JWT_SECRET_KEY"] = "q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0Yg"\n',
        'SIMPLE_JWT = {"ALGORITHM": "HS256", "SIGNING_KEY": "q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0Yg"}\n',
        'from jwcrypto import jwk\nkey = jwk.JWK(kty="oct", k="cTdWbjJMeDlQdzRLczhKZDNIZjZUYjFacjVNYzBZZw")\n',
        'from joserfc.jwk import OctKey\nkey = OctKey.import_key(b"q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0Yg")\n',
        'from fastapi_users.authentication import JWTStrategy\n'
        'strategy = JWTStrategy(secret="q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0Yg", lifetime_seconds=3600)\n',
    )
    valid = (
        'import os\nimport jwt\njwt.encode({"sub": "1"}, os.environ["JWT_SECRET"], algorithm="HS256")\n',
        'STRIPE_API_KEY = "sk_live_q7Vn2Lx9Pw4Ks8Jd3Hf6Tb1Zr5Mc0Yg"\n',
        'import jwt\nSECRET_ENV_VAR = "JWT_SECRET"\n',
        'import secrets\nimport jwt\njwt.encode({"sub": "1"}, secrets.token_urlsafe(64))\n',
    )

    def message(self, issue: KeyIssue) -> str:
        return f"hard-coded key {issue.shown} in {issue.where}: anyone who can read the source can sign tokens"
