"""JWT3xx: keys and secrets, in library calls and in framework settings.

The rules share one per-file analysis (:mod:`jwtlint.rules.secret_analysis`)
that classifies each key value and environment fallback once; each rule
reports the candidates that carry its own code.

One value, one finding, the most specific one (``Rule.supersedes``, applied by
the engine among the enabled rules, so turning the specific rule off brings
back the general one):

* empty or ``None`` -> JWT305 (not JWT301);
* private key material -> JWT308 (a PEM literal where it is written, a JWK
  dict with private members at the sink), not JWT301;
* public material -> JWT306 when the verification also accepts HMAC, else
  nothing (a public key is not a secret);
* a known placeholder -> JWT302 (not JWT301, not JWT303: the value is public
  whatever its length);
* any other text -> JWT301, plus JWT303 when it is shorter than the algorithm
  needs (being leaked and being weak are two defects);
* an environment fallback is reported once, at the lookup: JWT305 when empty,
  JWT302 when a placeholder, else JWT304. A pydantic ``BaseSettings`` field
  default is such a fallback (the environment overrides it).

A key that reaches a sink through a name (a constant, an imported setting) is
reported at every sink that uses it, each message naming where the value is
defined; a suppression comment on the defining line covers all of them (see
:mod:`jwtlint.engine.definitions`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Optional

import libcst as cst

from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.rules.secret_analysis import (
    MIN_KEY_OPTION,
    PLACEHOLDERS_OPTION,
    Candidate,
    SecretsAnalysis,
    analysis,
    ids_within,
    secret_texts,
)
from jwtlint.semantics import keys
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.evidence import module_is_about_jwt
from jwtlint.semantics.framework import Setting
from jwtlint.semantics.literals import literal_value
from jwtlint.semantics.values import Const


class _SecretsRule(Rule):
    """Reports the candidates of the shared analysis that carry this rule's code."""

    category = "secrets"
    node_types: ClassVar[tuple[type, ...]] = (cst.Call, cst.BooleanOperation, cst.If, cst.Assert)
    #: JWT key names without "jwt" in them (``ACCESS_TOKEN_SECRET``, ``SIGNING_KEY``, ``HMAC_KEY``),
    #: environment lookups and settings fields of a secret (``os.getenv("SECRET_KEY", ...)``,
    #: ``config("APP_SECRET", default=...)``, ``secret_key: str = "..."``) reach these rules from
    #: settings files that never mention a JWT library; JWT words are base markers. A name counts
    #: where it is assigned, a mapping key or a string (``test_token_with_different_secret(`` does not).
    markers: ClassVar[tuple[tuple[bytes, Optional[bytes]], ...]] = (
        (b"secret", rb"secret\w{0,40}(token|signing)\w*\s*[=:\"']"),
        (b"token", rb"token\w{0,40}(secret|key)\w*\s*[=:\"']"),
        (b"signing", rb"signing\w{0,40}(secret|key)\w*\s*[=:\"']"),
        (b"hmac", rb"hmac\w{0,40}(secret|key)\w*\s*[=:\"']"),
        (b"secret", rb"getenv\s*\([^)]{0,200}secret"),
        (b"secret", rb"environ[^)]{0,200}secret"),
        (b"secret", rb"config\s*\([^)]{0,200}secret"),
        (b"secret", rb"env(\.\w+)?\s*\([^)]{0,200}secret"),
        (b"secret", rb"secret\w*\s*(=|:[^\n=]{0,60}=)[^\n]{0,200}(getenv|environ|config\(|env\()"),
        (b"secret", rb"secret\w*\s*:[^\n=]{0,60}="),
    )

    def _analysis(self, ctx) -> SecretsAnalysis:
        return analysis(ctx, self.settings)

    def _report(self, ctx, candidates: Iterable[Candidate]) -> None:
        for candidate in candidates:
            if candidate.code == self.code:
                severity = candidate.severity or self.severity
                ctx.report(self, candidate.node, candidate.message,
                           severity=severity.lowered() if candidate.lowered else severity,
                           confidence=candidate.confidence, secrets=candidate.secrets, cause=candidate.cause,
                           defined_at=candidate.defined_at)

    def on_call(self, call: ApiCall, ctx) -> None:
        self._report(ctx, self._analysis(ctx).on_call(call))

    def on_setting(self, setting: Setting, ctx) -> None:
        self._analysis(ctx).on_setting(setting)

    def on_assign(self, event, ctx) -> None:
        self._analysis(ctx).on_assign(event)

    def on_node(self, node: cst.CSTNode, ctx) -> None:
        self._analysis(ctx).on_node(node)

    def on_module_end(self, ctx) -> None:
        self._report(ctx, self._analysis(ctx).module_candidates())


class HardCodedKey(_SecretsRule):
    code = "JWT301"
    name = "hard-coded-key"
    severity = Severity.HIGH
    cwe = (798, 321)
    summary = "A JWT signing key or secret is written in the source code"
    what = ("Reports a str or bytes constant that reaches a key position: the key argument of a sign, "
            "verify or key-import call of any supported library (PyJWT, python-jose, Authlib, joserfc "
            "`OctKey.import_key`, jwcrypto `JWK(kty=\"oct\", k=...)`, python_jwt, fastapi-users "
            "`JWTStrategy`/`generate_jwt`, simplejwt `TokenBackend`), or a framework key setting: "
            "Flask `JWT_SECRET_KEY` (`app.config[...]`, `config.update(...)`, config classes), "
            "`SIMPLE_JWT[\"SIGNING_KEY\"]`, Django or Flask `SECRET_KEY` when the JWT extension falls back "
            "to it, fastapi-jwt-auth `authjwt_secret_key`, fastapi-users `reset_password_token_secret` "
            "and `verification_token_secret`. The value is followed through constants, config-class "
            "attributes, settings modules imported from elsewhere in the project, f-strings, "
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
    libraries = ("PyJWT", "python-jose", "Authlib", "joserfc", "jwcrypto", "python_jwt", "Flask-JWT-Extended",
                 "djangorestframework-simplejwt", "fastapi-users", "fastapi-jwt-auth")
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


class PlaceholderSecret(_SecretsRule):
    code = "JWT302"
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
    libraries = HardCodedKey.libraries
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


class ShortHmacKey(_SecretsRule):
    code = "JWT303"
    name = "short-hmac-key"
    severity = Severity.MEDIUM
    cwe = (326,)
    summary = "An HMAC key is shorter than its algorithm requires"
    what = ("Reports an HMAC key shorter than RFC 7518 §3.2 requires: 32 bytes for HS256, 48 for HS384, "
            "64 for HS512. The algorithm comes from the same call (`algorithm=`, `algorithms=`, the header's "
            "`alg`), from the setting beside a key setting (`JWT_ALGORITHM`, `SIMPLE_JWT[\"ALGORITHM\"]`), "
            "or the library default; when it cannot be known HS256 is assumed. Constants are measured in "
            "UTF-8 bytes (what PyJWT measures), hex and base64 constants after decoding; generated keys by "
            "their requested size: `secrets.token_bytes(16)`, `token_hex(8)`, `OctKey.generate_key(128)`, "
            "jwcrypto `JWK.generate(kty=\"oct\")` (128 bits by default).")
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
    libraries = HardCodedKey.libraries
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


class SecretFallback(_SecretsRule):
    code = "JWT304"
    name = "secret-fallback-default"
    severity = Severity.HIGH
    cwe = (1188, 798)
    summary = "A JWT secret read from the environment falls back to a hard-coded value"
    what = ("Reports, at the lookup, an environment read with a hard-coded fallback: "
            "`os.environ.get(NAME, \"x\")`, `os.getenv(NAME, \"x\")`, `os.getenv(NAME) or \"x\"`, "
            "python-decouple `config(NAME, default=...)`, django-environ `env(NAME, default=...)` / "
            "`env.str(...)`, `getattr(settings, NAME, \"x\")`, and a pydantic `BaseSettings` field default, "
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
    libraries = HardCodedKey.libraries
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


class EmptyKey(_SecretsRule):
    code = "JWT305"
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


class PublicKeyAsHmacSecret(_SecretsRule):
    code = "JWT306"
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


class WeakKeySource(_SecretsRule):
    code = "JWT307"
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


class PrivateKeyInSource(_SecretsRule):
    code = "JWT308"
    name = "private-key-in-source"
    severity = Severity.HIGH
    cwe = (321,)
    summary = "Private key material is written in the source code"
    what = ("Reports a string literal holding a PEM private key (`-----BEGIN (RSA |EC |DSA |ENCRYPTED "
            "|OPENSSH )?PRIVATE KEY-----` followed by a key body), wherever it is written, and a JWK dict with "
            "private members (`d`, `p`, `q`, ...) passed as a key. A bare header in documentation or a "
            "`startswith` check is not key material, and a key in a file with no JWT use (no JWT library, no "
            "setting that says JWT) is out of scope. In example and docs code (and included test code) the severity is one step lower.")
    why = ("Whoever reads the repository can sign tokens that every verifier of the matching public key "
           "accepts, and the key cannot be rotated without a release.")
    fix = "Keep private keys out of the repository: load them from a file mounted at runtime or a KMS."
    example = ('import jwt\n\nPRIVATE_KEY = """-----BEGIN RSA PRIVATE KEY-----\n'
               'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n'
               'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n'
               '-----END RSA PRIVATE KEY-----"""\n')
    fixed_example = ('from pathlib import Path\n\nimport jwt\n\n'
                     'PRIVATE_KEY = Path("/run/secrets/jwt_private.pem").read_text()\n')
    references = ("https://cwe.mitre.org/data/definitions/321.html",
                  "https://datatracker.ietf.org/doc/html/rfc8725#section-3.5")
    libraries = HardCodedKey.libraries
    markers = (*_SecretsRule.markers, (b"private key-----", None))
    node_types = (*_SecretsRule.node_types, cst.SimpleString, cst.ConcatenatedString)
    invalid = (
        'from jose import jwk\nkey = jwk.construct({"kty": "EC", "crv": "P-256", "x": X, "y": Y, "d": "c2VjcmV0"})\n',
    )
    valid = (
        'def is_pem(text):\n    return text.startswith("-----BEGIN PRIVATE KEY-----")\n',
        'from jose import jwk\nkey = jwk.construct({"kty": "EC", "crv": "P-256", "x": X, "y": Y})\n',
    )

    def on_node(self, node: cst.CSTNode, ctx) -> None:
        if not isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            super().on_node(node, ctx)
            return
        inside = ctx.state.setdefault("secrets.strings_within", set())
        if id(node) in inside:
            return
        value = literal_value(node)
        text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
        if not isinstance(text, str):
            return
        label = keys.private_pem(text)
        if label is None or not self._in_scope(ctx):
            return
        if isinstance(node, cst.ConcatenatedString):
            inside.update(ids_within(node))
        ctx.report(self, node, f"private key material in the source ({label}, {len(text)} chars): load it "
                               "from a file or a secret store", secrets=secret_texts(text, node), cause=node)

    @staticmethod
    def _in_scope(ctx) -> bool:
        """A key in a file with no JWT use (an SSH or TLS helper) is another linter's business."""
        found = ctx.state.get("secrets.pem_in_scope")
        if found is None:
            found = ctx.state["secrets.pem_in_scope"] = module_is_about_jwt(ctx.evaluator.fallback)
        return found


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

    def on_call(self, call: ApiCall, ctx) -> None:
        size = call.value("rsa_key_size") if call.passed("rsa_key_size") else self._jwk_size(call)
        if isinstance(size, Const) and isinstance(size.value, int) and not isinstance(size.value, bool) \
                and size.value < _MIN_RSA_BITS:
            ctx.report(self, call.node, f"{call.api.name}() makes a {size.value}-bit RSA key; RS*/PS* need at "
                                        f"least {_MIN_RSA_BITS} bits")

    @staticmethod
    def _jwk_size(call: ApiCall):
        """jwcrypto takes ``JWK.generate(kty="RSA", size=...)`` as keywords only."""
        kty = call.extra.get("kty")
        if isinstance(kty, Const) and kty.value == "RSA":
            return call.extra.get("size")
        return None
