"""JWT5xx: how long a token lives, how long after expiry it is still accepted, and revocation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from jwtlint.findings import Severity
from jwtlint.rules.base import OptionSpec, Rule
from jwtlint.rules.claim_checks import (
    is_false,
    is_true,
    option_value,
    spell,
    switched_off,
    verifies_signature,
)
from jwtlint.rules.later import LaterCall, find_later_call, names_validation
from jwtlint.rules.unverified import source_text
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.durations import describe, is_moment, seconds_of, unit_in_name
from jwtlint.semantics.evaluate import result_class
from jwtlint.semantics.evidence import is_about_jwt
from jwtlint.semantics.names import name_words
from jwtlint.semantics.values import (
    AnyValue,
    CallResult,
    ClassRef,
    Const,
    DictValue,
    SeqValue,
    TimeOffset,
    truthiness,
)

if TYPE_CHECKING:
    from jwtlint.semantics.framework import Setting


#: Files that only hold lifetime settings (``ACCESS_TOKEN_EXPIRE_MINUTES = ...``) may not say "jwt".
#: A lifetime setting named after the app's token (ACCESS_TOKEN_EXPIRE_MINUTES, TOKEN_TTL) in a
#: settings module that names no JWT library; the rest is covered by the library markers.
_MARKERS = ((b"token", rb"token\w{0,30}(?:expir|lifetime|ttl)"), (b"token", rb"expir\w{0,30}token"),
            (b"token", rb"lifetime\w{0,30}token"), (b"token", rb"ttl\w{0,30}token"))
_MINTING_KINDS = ("encode", "token_object", "instance")

#: Settings whose ``False`` means "tokens without exp" (Flask-JWT-Extended, fastapi-jwt-auth).
_NO_EXPIRY_SETTINGS = frozenset({"JWT_ACCESS_TOKEN_EXPIRES", "JWT_REFRESH_TOKEN_EXPIRES",
                                 "AUTHJWT_ACCESS_TOKEN_EXPIRES", "AUTHJWT_REFRESH_TOKEN_EXPIRES"})
#: Framework lifetime settings whose plain number is seconds.
_SECONDS_SETTINGS = _NO_EXPIRY_SETTINGS | {"JWT_EXPIRATION_DELTA"}
_LIFETIME_WORDS = frozenset({"EXPIRE", "EXPIRES", "EXPIRATION", "EXPIRY", "LIFETIME", "TTL"})
_TOKEN_WORDS = frozenset({"TOKEN", "JWT", "AUTHJWT"})
#: Words that say the token is the application's own session token, not a third party's
#: (``GITHUB_TOKEN_EXPIRY`` is not): a name needs one of them, or must start with TOKEN/JWT.
_SESSION_WORDS = frozenset({"ACCESS", "REFRESH", "SLIDING", "JWT", "AUTHJWT", "AUTH", "BEARER", "ID", "LOGIN"})
#: Tokens for one purpose (a password reset link, an e-mail confirmation), or other caches:
#: their lifetimes follow other rules than session tokens.
_OTHER_PURPOSE_WORDS = frozenset({"RESET", "PASSWORD", "VERIFY", "VERIFICATION", "EMAIL", "INVITE",
                                  "INVITATION", "CONFIRM", "CONFIRMATION", "ACTIVATION", "CSRF", "CACHE",
                                  "JWKS", "BLACKLIST", "BLOCKLIST", "DENYLIST", "LEEWAY"})
#: Words in a function or payload that say a token is a refresh token.
_REFRESH_WORDS = frozenset({"REFRESH"})
#: Where reading an expired token on purpose is the job (refresh, logout, revocation).
_EXPIRED_ON_PURPOSE = frozenset({"REFRESH", "LOGOUT", "SIGNOUT", "REVOKE", "REVOCATION", "BLOCKLIST",
                                 "BLACKLIST", "DENYLIST", "EXPIRED"})
_TYPE_CLAIMS = ("type", "token_type", "typ", "kind", "use")
_BLACKLIST_APP = "rest_framework_simplejwt.token_blacklist"
_GRAPHQL_JWT, _GRAPHQL_VERIFY_EXPIRATION = "GRAPHQL_JWT", "JWT_VERIFY_EXPIRATION"


def lifetime_setting(name: str) -> Optional[str]:
    """"access" or "refresh" when a setting's name says it is a token lifetime, else None.

    ``ACCESS_TOKEN_EXPIRE_MINUTES``, ``JWT_REFRESH_TOKEN_EXPIRES``, ``ACCESS_TOKEN_LIFETIME``,
    ``authjwt_access_token_expires``, ``TOKEN_EXPIRE_MINUTES`` are; ``CACHE_TTL``,
    ``PASSWORD_RESET_TOKEN_EXPIRE_HOURS``, ``GITHUB_TOKEN_EXPIRY`` are not.
    """
    ordered = name_words(name)
    words = set(ordered)
    if not (words & _LIFETIME_WORDS and words & _TOKEN_WORDS) or words & _OTHER_PURPOSE_WORDS:
        return None
    if not (words & _SESSION_WORDS or ordered[0] in _TOKEN_WORDS):
        return None
    return "refresh" if words & _REFRESH_WORDS else "access"


def _through_lifetime_setting(value: AnyValue) -> bool:
    """The duration came through a named lifetime setting, which is reported where it is defined."""
    via = getattr(value, "via", "")
    return bool(via) and lifetime_setting(via.split(".")[-1]) is not None


def _words_of_function(call: ApiCall) -> set[str]:
    return set(name_words(call.function or ""))


class TokenWithoutExpiry(Rule):
    code = "JWT501"
    name = "token-without-expiry"
    category = "lifetime"
    severity = Severity.MEDIUM
    cwe = (613,)
    summary = "A token is minted without an expiry, so it is valid forever"
    what = ("Reports an encode whose payload is a dict known in full (a literal, or a variable built and "
            "changed before the call) without an `exp` claim, in every library (PyJWT, python-jose, "
            "Authlib, joserfc, jwcrypto `JWT(claims=...)` without `default_claims`); python_jwt and "
            "fastapi-users `generate_jwt` without a lifetime; `JWTStrategy(secret, lifetime_seconds=None)`; "
            "Flask-JWT-Extended `expires_delta=False` and fastapi-jwt-auth `expires_time=False`; and the "
            "settings `JWT_ACCESS_TOKEN_EXPIRES`/`JWT_REFRESH_TOKEN_EXPIRES`/`authjwt_*_token_expires` = False. "
            "Libraries that add `exp` themselves (Flask-JWT-Extended, simplejwt) are not reported.")
    why = ("`exp` is optional in RFC 7519 and libraries only check it when it is present. A token "
           "without it is a permanent credential: a leaked or stolen token works until the signing "
           "key is rotated, and logging out does not end it.")
    fix = ("Add an `exp` claim (`datetime.now(timezone.utc) + timedelta(minutes=15)`), pass the "
           "library's lifetime argument, and require `exp` when verifying.")
    example = ('import jwt\n\n'
               'def issue(user_id, key):\n'
               '    return jwt.encode({"sub": str(user_id)}, key, algorithm="HS256")\n')
    fixed_example = ('from datetime import datetime, timedelta, timezone\n\nimport jwt\n\n'
                     'def issue(user_id, key):\n'
                     '    exp = datetime.now(timezone.utc) + timedelta(minutes=15)\n'
                     '    return jwt.encode({"sub": str(user_id), "exp": exp}, key, algorithm="HS256")\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc7519#section-4.1.4",
                  "https://cwe.mitre.org/data/definitions/613.html")
    libraries = ("PyJWT", "python-jose", "Authlib", "joserfc", "jwcrypto", "python_jwt",
                 "Flask-JWT-Extended", "fastapi-users", "fastapi-jwt-auth")
    invalid = (
        'from jose import jwt\nclaims = {"sub": "42"}\nclaims["role"] = "admin"\njwt.encode(claims, k)\n',
        'from flask_jwt_extended import create_access_token\ncreate_access_token("42", expires_delta=False)\n',
        'from fastapi_users.authentication import JWTStrategy\nJWTStrategy(SECRET, lifetime_seconds=None)\n',
        'app.config["JWT_ACCESS_TOKEN_EXPIRES"] = False\n',
    )
    valid = (
        'import jwt\nclaims = {"sub": "42"}\nclaims["exp"] = expiry()\njwt.encode(claims, k, "HS256")\n',
        'import jwt\nclaims = {"sub": "42"}\nclaims.update(exp=expiry())\njwt.encode(claims, k, "HS256")\n',
        'import jwt\njwt.encode({**base_claims(), "sub": "42"}, k, "HS256")\n',
        'from flask_jwt_extended import create_access_token\ncreate_access_token(identity="42")\n',
        'import requests\nrequests.post(url, json={"sub": "42"})\n',
    )
    markers = _MARKERS

    def on_call(self, call: ApiCall, ctx) -> None:
        if call.api.kind not in _MINTING_KINDS or call.passed("token"):
            return
        roles = set(call.api.roles.values())
        if "expires_delta" in roles:
            value = call.value("expires_delta")
            if value is not None and is_false(value):
                self._report(ctx, call, value, f"{call.api.param_for('expires_delta')}=False")
            return
        if "lifetime" in roles:
            self._lifetime(call, ctx)
            return
        if call.api.kind != "instance" and "payload" in roles:
            self._payload(call, ctx)

    def _lifetime(self, call: ApiCall, ctx) -> None:
        lifetime = call.value("lifetime")
        if lifetime is None or truthiness(lifetime) is not False:
            return
        if call.passed("default_claims"):
            return  # default claims may carry an exp of their own
        expires = call.value("expires")
        if expires is not None and truthiness(expires) is not False:
            return
        payload = call.value("payload")
        if isinstance(payload, DictValue) and (payload.get("exp") is not None or not payload.complete):
            return
        confidence = "high" if payload is None or isinstance(payload, DictValue) else "medium"
        spelled = f"{call.api.param_for('lifetime')}={spell(lifetime)}" if call.passed("lifetime") \
            else f"no {call.api.param_for('lifetime')}"
        self._report(ctx, call, lifetime, spelled, confidence)

    def _payload(self, call: ApiCall, ctx) -> None:
        payload = call.value("payload")
        if not (isinstance(payload, DictValue) and payload.complete) or payload.get("exp") is not None:
            return
        if call.passed("default_claims"):
            defaults = call.value("default_claims")
            if not (isinstance(defaults, DictValue) and defaults.complete) or defaults.get("exp") is not None:
                return
        self._report(ctx, call, payload, "a payload without `exp`")

    def _report(self, ctx, call: ApiCall, value: AnyValue, spelled: str, confidence: str = "high") -> None:
        ctx.report(self, call.node, f"{call.api.name}() with {spelled}: the token never expires",
                   confidence=confidence, cause=value.node)

    def on_setting(self, setting: Setting, ctx) -> None:
        if setting.upper_name in _NO_EXPIRY_SETTINGS and is_false(setting.value):
            ctx.report(self, setting.node, f"{setting.name} = False: tokens are minted without `exp` and "
                                           "never expire", cause=setting.value.node)


class ExpiryVerificationDisabled(Rule):
    code = "JWT502"
    name = "expiry-verification-disabled"
    category = "lifetime"
    severity = Severity.HIGH
    cwe = (613,)
    summary = "Expired tokens are accepted because the expiry check is turned off"
    what = ('Reports a verification that still checks the signature but not `exp`: `options={"verify_exp": '
            'False}` (PyJWT, python-jose), Flask-JWT-Extended `decode_token(t, allow_expired=True)`, '
            "python_jwt `verify_jwt(..., checks_optional=True)`, jwcrypto `JWT(..., check_claims=False)` or a "
            "`check_claims` dict without `exp` (only `check_claims=None`, the default, checks it unlisted), "
            "GehirnInc `JWT().decode(..., do_time_check=False)`, and a django-graphql-jwt `GRAPHQL_JWT` that does "
            "not set `JWT_VERIFY_EXPIRATION` to True (it defaults to False). A decode whose result goes to a "
            "method of the same class that reads `exp` (`self._validate_jwt_data(data)`) is checked there and not "
            "reported; another validation helper lowers the finding. In a function whose name says refresh, "
            "logout or revocation, reading an expired token is often the point: reported at low severity.")
    why = ("An expired token is a token the application has stopped trusting; accepting it makes every "
           "token that ever leaked valid forever. A refresh or logout flow may read an expired access "
           "token on purpose, but must not grant access from it.")
    fix = ("Keep the expiry check. In refresh or logout flows, read only the identifier you need from "
           "the expired token, still verify its signature, and limit how far past `exp` it is accepted.")
    autofix = "remove-check-switch"
    example = ('import jwt\n\n'
               'def current_user(token, key):\n'
               '    claims = jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})\n'
               '    return claims["sub"]\n')
    fixed_example = ('import jwt\n\n'
                     'def current_user(token, key):\n'
                     '    claims = jwt.decode(token, key, algorithms=["HS256"], options={"require": ["exp"]})\n'
                     '    return claims["sub"]\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc7519#section-4.1.4",
                  "https://cwe.mitre.org/data/definitions/613.html")
    libraries = ("PyJWT", "python-jose", "Flask-JWT-Extended", "python_jwt", "jwcrypto", "jwt (GehirnInc)")
    invalid = (
        'from flask_jwt_extended import decode_token\nclaims = decode_token(raw, allow_expired=True)\n',
        'from jwcrypto import jwt\ntok = jwt.JWT(jwt=raw, key=key, check_claims=False)\n',
        'import python_jwt\nheader, claims = python_jwt.verify_jwt(raw, pub, ["PS256"], checks_optional=True)\n',
    )
    valid = (
        'import jwt\njwt.decode(t, k, algorithms=["HS256"], options={"verify_exp": True})\n',
        'import jwt\njwt.decode(t, options={"verify_signature": False, "verify_exp": False})  # noqa: JWT101\n',
        'from jwcrypto import jwt\ntok = jwt.JWT(jwt=raw, key=key, check_claims={"exp": None})\n',
    )

    def on_setting(self, setting: Setting, ctx) -> None:
        """django-graphql-jwt: ``JWT_VERIFY_EXPIRATION`` defaults to False (graphql_jwt/settings.py)."""
        if setting.kind != "module" or setting.name != _GRAPHQL_JWT:
            return
        value = setting.value
        if not (isinstance(value, DictValue) and value.complete):
            return
        verify = value.get(_GRAPHQL_VERIFY_EXPIRATION)
        if verify is None:
            ctx.report(self, setting.node, f"{_GRAPHQL_JWT} does not set {_GRAPHQL_VERIFY_EXPIRATION}, which "
                                           "defaults to False: expired tokens are accepted")
        elif is_false(verify):
            ctx.report(self, verify.node or setting.node, f"{_GRAPHQL_VERIFY_EXPIRATION} is False: expired "
                                                          "tokens are accepted", cause=verify.node)

    def on_call(self, call: ApiCall, ctx) -> None:
        if not verifies_signature(call):
            return
        found = self.switch(call)
        if found is None:
            return
        value, spelled = found
        if _words_of_function(call) & _EXPIRED_ON_PURPOSE:
            ctx.report(self, call.node, f"{call.api.name}() with {spelled} accepts expired tokens; in a "
                                        "refresh/logout flow use it only to identify the token, never to "
                                        "grant access", severity=Severity.LOW, confidence="medium",
                       cause=value.node)
            return
        checker = find_later_call(call, ctx, _checks_result)
        if checker is not None and _method_reads_exp(checker.node.func, ctx):
            return  # the class's own validation reads `exp`: the check is done there, not skipped
        if checker is not None:
            ctx.report(self, call.node, f"{call.api.name}() with {spelled}: expired tokens are accepted "
                                        f"unless {source_text(checker.node.func)}() checks `exp` itself",
                       severity=Severity.LOW, confidence="medium", cause=value.node)
            return
        ctx.report(self, call.node, f"{call.api.name}() with {spelled}: expired tokens are accepted",
                   cause=value.node)

    @staticmethod
    def switch(call: ApiCall) -> Optional[tuple[AnyValue, str]]:
        found = switched_off(call, "exp")
        if found is not None:
            return found
        for role in ("allow_expired", "checks_optional"):
            value = call.value(role)
            if value is not None and call.passed(role) and is_true(value):
                return value, f"{call.api.param_for(role)}={spell(value)}"
        for role in ("check_claims", "time_check"):
            value = call.value(role)
            if value is not None and call.passed(role) and is_false(value):
                return value, f"{call.api.param_for(role)}=False"
        check = call.value("check_claims")
        if call.passed("check_claims") and isinstance(check, DictValue) and check.complete \
                and check.spread is None and "exp" not in dict(check.entries):
            # jwcrypto checks exp by default only when check_claims is None; a dict checks what it lists.
            return check, f"{call.api.param_for('check_claims')} without 'exp'"
        return None


def _method_reads_exp(func: cst.BaseExpression, ctx) -> bool:
    """``self._validate(data)`` where that method of the same class names the ``exp`` claim."""
    if not (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == "self"):
        return False
    owner_name = (ctx.function or "").rpartition(".")[0]
    module = ctx.evaluator.fallback
    owner = module.bindings.get(owner_name) if module is not None and owner_name else None
    if not (isinstance(owner, ClassRef) and isinstance(owner.node, cst.ClassDef)):
        return False
    for statement in owner.node.body.body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value == func.attr.value:
            return any(isinstance(node, cst.SimpleString) and node.evaluated_value == "exp"
                       for node in _nodes_within(statement))
    return False


def _nodes_within(root: cst.CSTNode) -> list[cst.CSTNode]:
    found: list[cst.CSTNode] = []

    class _Collect(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            found.append(node)
            return True

    root.visit(_Collect())
    return found


def _checks_result(later: LaterCall) -> bool:
    """The decoded claims go to the project's own validation helper (``self._validate_jwt_data(data)``)."""
    return later.api is None and names_validation(later.node.func) \
        and bool(later.result_names & later.argument_texts)


class ExcessiveLifetime(Rule):
    code = "JWT503"
    name = "excessive-token-lifetime"
    category = "lifetime"
    severity = Severity.LOW
    cwe = (613,)
    summary = "A token lives longer than the configured maximum"
    what = ("Reports token lifetimes above `max-access-token-seconds` (default 1 hour) or, for refresh "
            "tokens (a name or claim that says refresh), `max-refresh-token-seconds` (default 90 days): "
            "`exp` set to now plus a `timedelta` or a number of seconds, `expires_delta=`/`expires_time=`, "
            "`lifetime_seconds=` and python_jwt `lifetime=`, Flask-JWT-Extended `JWT_*_TOKEN_EXPIRES`, "
            "simplejwt `ACCESS_TOKEN_LIFETIME`/`REFRESH_TOKEN_LIFETIME`/`SLIDING_TOKEN_*`, fastapi-jwt-auth "
            "`authjwt_*_token_expires`, and named settings such as `ACCESS_TOKEN_EXPIRE_MINUTES` (reported "
            "where they are defined; the unit comes from the name, seconds when it names none). A named setting "
            "counts when its name says JWT, it is a `BaseSettings` field, or its module uses a JWT library: "
            "`ACCESS_TOKEN_TTL` among a telemetry package's constants is not a token lifetime, nor is a "
            "moment such as `TOKEN_EXPIRES_AT = 1700000000`.")
    why = ("A stateless token cannot be taken back: until it expires, a stolen one works. Long-lived "
           "access tokens turn every leak (logs, browser storage, proxies) into lasting access.")
    fix = ("Keep access tokens short (minutes) and renew them with refresh tokens that are rotated and "
           "can be revoked. Raise the thresholds in `[tool.jwtlint.lifetime]` if your design needs it.")
    example = ('import jwt\n\nACCESS_TOKEN_EXPIRE_MINUTES = 60 * 24 * 8\n')
    fixed_example = ('import jwt\n\nACCESS_TOKEN_EXPIRE_MINUTES = 15\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.10",
                  "https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html",
                  "https://cwe.mitre.org/data/definitions/613.html")
    libraries = ("PyJWT", "python-jose", "Authlib", "joserfc", "python_jwt", "Flask-JWT-Extended",
                 "djangorestframework-simplejwt", "fastapi-users", "fastapi-jwt-auth")
    invalid = (
        'import jwt\nfrom datetime import datetime, timedelta\n'
        'jwt.encode({"sub": "1", "exp": datetime.utcnow() + timedelta(days=30)}, k, "HS256")\n',
        'from datetime import timedelta\nSIMPLE_JWT = {"ACCESS_TOKEN_LIFETIME": timedelta(days=1)}\n',
        'app.config["JWT_ACCESS_TOKEN_EXPIRES"] = 86400\n',
    )
    valid = (
        'import jwt, time\njwt.encode({"sub": "1", "exp": int(time.time()) + 900}, k, "HS256")\n',
        'from datetime import timedelta\nSIMPLE_JWT = {"REFRESH_TOKEN_LIFETIME": timedelta(days=14)}\n',
        'CACHE_TTL = 86400 * 30\nPASSWORD_RESET_TOKEN_EXPIRE_HOURS = 48\n',
    )
    markers = _MARKERS
    options = (
        OptionSpec("lifetime", "max-access-token-seconds", "int", 3600,
                   "Longest accepted lifetime of an access token, in seconds.", minimum=1),
        OptionSpec("lifetime", "max-refresh-token-seconds", "int", 90 * 86400,
                   "Longest accepted lifetime of a refresh token, in seconds.", minimum=1),
    )

    def on_call(self, call: ApiCall, ctx) -> None:
        if call.api.kind not in _MINTING_KINDS or call.passed("token"):
            return
        refresh = "refresh" in call.api.name.lower() or bool(_words_of_function(call) & _REFRESH_WORDS)
        for role in ("expires_delta", "lifetime"):
            value = call.value(role)
            if call.passed(role) and value is not None and not _through_lifetime_setting(value):
                self._check(ctx, call.node, value, seconds_of(value, unit=1), refresh,
                            f"{call.api.param_for(role)}= of {call.api.name}()")
        payload = call.value("payload")
        exp = payload.get("exp") if isinstance(payload, DictValue) else None
        if isinstance(exp, TimeOffset) and not _through_lifetime_setting(exp):
            refresh = refresh or (isinstance(payload, DictValue) and _says_refresh(payload))
            self._check(ctx, call.node, exp, exp.seconds, refresh, f"`exp` of the {call.api.name}() payload")

    def on_setting(self, setting: Setting, ctx) -> None:
        kind = lifetime_setting(setting.name)
        value = setting.value
        if kind is None or _through_lifetime_setting(value) or is_moment(setting.name, value):
            return
        if not _is_jwt_setting(setting, ctx):
            return
        if isinstance(value, Const) and isinstance(value.value, bool):
            return
        unit = unit_in_name(setting.name)
        confidence = "high"
        if unit is None:
            unit = 1
            if setting.upper_name not in _SECONDS_SETTINGS and not _is_duration(value):
                confidence = "medium"
        self._check(ctx, setting.node, value, seconds_of(value, unit), kind == "refresh",
                    f"{setting.name}", confidence=confidence)

    def _check(self, ctx, node, value: AnyValue, seconds: Optional[float], refresh: bool, where: str,
               confidence: str = "high") -> None:
        if seconds is None:
            return
        limit = self.option("max-refresh-token-seconds" if refresh else "max-access-token-seconds")
        if seconds <= limit:
            return
        kind = "refresh" if refresh else "access"
        ctx.report(self, node, f"{kind} token lifetime of {describe(seconds)} ({where}) exceeds the "
                               f"{describe(limit)} maximum", confidence=confidence, cause=value.node)


def _is_jwt_setting(setting: Setting, ctx) -> bool:
    """A lifetime-named setting is about JWTs: simplejwt's ``SIMPLE_JWT``, a name that says JWT, an
    application settings class (pydantic ``BaseSettings``), or a module that uses a JWT library;
    not ``ACCESS_TOKEN_TTL`` among a telemetry package's constants."""
    if setting.kind == "dict-entry":
        return True
    if setting.kind == "field" and any(base.split(".")[-1] == "BaseSettings" for base in setting.bases):
        return True
    return is_about_jwt(setting.name, ctx.evaluator.fallback)


def _is_duration(value: AnyValue) -> bool:
    return seconds_of(value) is not None


def _says_refresh(payload: DictValue) -> bool:
    for claim in _TYPE_CLAIMS:
        value = payload.get(claim)
        if isinstance(value, Const) and isinstance(value.value, str) and "refresh" in value.value.lower():
            return True
    return False


class ExcessiveLeeway(Rule):
    code = "JWT504"
    name = "excessive-clock-skew-leeway"
    category = "lifetime"
    severity = Severity.LOW
    cwe = (613,)
    summary = "Tokens are accepted long after they expire because the leeway is large"
    what = ("Reports a clock-skew leeway above `max-leeway-seconds` (default 300): PyJWT `leeway=` (seconds "
            "or `timedelta`), python-jose `options[\"leeway\"]`, google-auth `clock_skew_in_seconds=`, "
            "Authlib `claims.validate(leeway=...)`, joserfc `JWTClaimsRegistry(leeway=...)`, simplejwt "
            "`TokenBackend(leeway=...)` and `SIMPLE_JWT[\"LEEWAY\"]`, `JWT_DECODE_LEEWAY`, "
            "`authjwt_decode_leeway`, and jwcrypto's `token.leeway = ...`.")
    why = ("Leeway exists for clocks a few seconds apart. A leeway of hours quietly extends every "
           "token's lifetime by that much, expired tokens included.")
    fix = "Use a leeway of seconds (30-60 is common) and fix clock drift with NTP instead."
    autofix = "leeway-to-maximum"
    example = ('import jwt\n\n'
               'def claims_of(token, key):\n'
               '    return jwt.decode(token, key, algorithms=["HS256"], leeway=3600)\n')
    fixed_example = ('import jwt\n\n'
                     'def claims_of(token, key):\n'
                     '    return jwt.decode(token, key, algorithms=["HS256"], leeway=30)\n')
    references = ("https://pyjwt.readthedocs.io/en/stable/usage.html#expiration-time-claim-exp",
                  "https://cwe.mitre.org/data/definitions/613.html")
    libraries = ("PyJWT", "python-jose", "google-auth", "Authlib", "joserfc", "jwcrypto",
                 "Flask-JWT-Extended", "djangorestframework-simplejwt", "fastapi-jwt-auth")
    invalid = (
        'from jose import jwt\njwt.decode(t, k, algorithms=["HS256"], options={"leeway": 86400})\n',
        'from datetime import timedelta\nSIMPLE_JWT = {"LEEWAY": timedelta(hours=1)}\n',
        'from jwcrypto import jwt\ntok = jwt.JWT(jwt=raw, key=key)\ntok.leeway = 7200\n',
    )
    valid = (
        'import jwt\njwt.decode(t, k, algorithms=["HS256"], leeway=60)\n',
        'app.config["JWT_DECODE_LEEWAY"] = 10\n',
        'import jwt\njwt.decode(t, k, algorithms=["HS256"], options={"leeway": 86400})  # ignored by PyJWT\n',
    )
    markers = _MARKERS
    options = (OptionSpec("lifetime", "max-leeway-seconds", "int", 300,
                          "Largest accepted clock-skew leeway, in seconds.", minimum=0),)

    def on_call(self, call: ApiCall, ctx) -> None:
        if call.passed("leeway"):
            value = call.value("leeway")
            self._check(ctx, call.node, value, f"{call.api.param_for('leeway')}= of {call.api.name}()")
        key, value, _known = option_value(call, "leeway")
        if key is not None and value is not None:
            self._check(ctx, call.node, value, f'options["{key}"] of {call.api.name}()')

    def on_setting(self, setting: Setting, ctx) -> None:
        words = set(name_words(setting.name))
        if "LEEWAY" not in words:
            return
        if not (words & _TOKEN_WORDS or setting.kind == "dict-entry"):
            return
        self._check(ctx, setting.node, setting.value, setting.name)

    def on_assign(self, event, ctx) -> None:
        if event.key is not None or not event.target.endswith(".leeway"):
            return
        receiver = ctx.evaluator.lookup(event.target.rsplit(".", 1)[0]) if event.target.count(".") == 1 \
            else None
        if isinstance(receiver, CallResult) and result_class(receiver):
            self._check(ctx, event.node, event.value, f"{event.target} on a {result_class(receiver)}")

    def _check(self, ctx, node, value: Optional[AnyValue], where: str) -> None:
        seconds = seconds_of(value, unit=1)
        limit = self.option("max-leeway-seconds")
        if value is None or seconds is None or seconds <= limit:
            return
        ctx.report(self, node, f"leeway of {describe(seconds)} ({where}) exceeds {describe(limit)}: "
                               "expired tokens stay valid that much longer", cause=value.node)


class RevocationMisconfigured(Rule):
    code = "JWT505"
    name = "revocation-misconfigured"
    category = "lifetime"
    severity = Severity.LOW
    cwe = (613,)
    summary = "Refresh-token rotation or revocation is set up so that old tokens stay valid"
    what = ("Reports simplejwt `ROTATE_REFRESH_TOKENS: True` without `BLACKLIST_AFTER_ROTATION: True` in "
            "the same `SIMPLE_JWT`; `BLACKLIST_AFTER_ROTATION: True` when the module's `INSTALLED_APPS` "
            f"lacks `{_BLACKLIST_APP}`; `JTI_CLAIM: None`; and Flask-JWT-Extended "
            "`jwt_required(skip_revocation_check=True)` / `verify_jwt_in_request(skip_revocation_check=True)`.")
    why = ("Rotation is meant to make a used refresh token worthless. Without blacklisting, every "
           "refresh token ever issued stays valid until it expires, so a stolen one keeps working "
           "next to the rotated one. Without a `jti` nothing can be revoked at all.")
    fix = (f"Set `BLACKLIST_AFTER_ROTATION: True`, add `{_BLACKLIST_APP}` to `INSTALLED_APPS` and run "
           "its migrations; keep `JTI_CLAIM`; do not skip revocation checks on protected views.")
    example = ('SIMPLE_JWT = {\n    "ROTATE_REFRESH_TOKENS": True,\n}\n')
    fixed_example = ('INSTALLED_APPS = ["rest_framework_simplejwt.token_blacklist"]\n'
                     'SIMPLE_JWT = {\n    "ROTATE_REFRESH_TOKENS": True,\n    "BLACKLIST_AFTER_ROTATION": True,\n}\n')
    references = ("https://django-rest-framework-simplejwt.readthedocs.io/en/latest/settings.html",
                  "https://flask-jwt-extended.readthedocs.io/en/stable/blocklist_and_token_revoking.html",
                  "https://cwe.mitre.org/data/definitions/613.html")
    libraries = ("djangorestframework-simplejwt", "Flask-JWT-Extended")
    invalid = (
        'INSTALLED_APPS = ["rest_framework_simplejwt"]\n'
        'SIMPLE_JWT = {"ROTATE_REFRESH_TOKENS": True, "BLACKLIST_AFTER_ROTATION": True}\n',
        'SIMPLE_JWT = {"JTI_CLAIM": None}\n',
        'from flask_jwt_extended import jwt_required\n\n'
        '@jwt_required(skip_revocation_check=True)\ndef profile():\n    return "ok"\n',
    )
    valid = (
        'SIMPLE_JWT = {"ROTATE_REFRESH_TOKENS": False}\n',
        'SIMPLE_JWT = {**BASE_JWT, "ROTATE_REFRESH_TOKENS": True}\n',
    )
    _STATE = "jwtlint.lifetime.simple_jwt"

    def on_call(self, call: ApiCall, ctx) -> None:
        value = call.value("skip_revocation_check")
        if value is not None and call.passed("skip_revocation_check") and is_true(value):
            ctx.report(self, call.node, f"{call.api.name}(skip_revocation_check=True): revoked tokens are "
                                        "accepted here", cause=value.node)

    def on_setting(self, setting: Setting, ctx) -> None:
        if setting.kind == "dict-entry" and setting.container.split(".")[-1] == "SIMPLE_JWT":
            ctx.state.setdefault(self._STATE, {})[setting.upper_name] = setting

    def on_module_end(self, ctx) -> None:
        written: dict[str, Setting] = ctx.state.get(self._STATE, {})
        final = ctx.evaluator.scope.bindings.get("SIMPLE_JWT")
        if not written or not isinstance(final, DictValue):
            return
        rotate, blacklist, jti = (final.get(name) for name in
                                  ("ROTATE_REFRESH_TOKENS", "BLACKLIST_AFTER_ROTATION", "JTI_CLAIM"))
        if is_true(rotate) and "ROTATE_REFRESH_TOKENS" in written and \
                (blacklist is None and final.complete or blacklist is not None and truthiness(blacklist) is False):
            self._report(ctx, written["ROTATE_REFRESH_TOKENS"], "ROTATE_REFRESH_TOKENS is on without "
                         "BLACKLIST_AFTER_ROTATION: rotated refresh tokens stay valid until they expire")
        if is_true(blacklist) and "BLACKLIST_AFTER_ROTATION" in written and self._blacklist_app_missing(ctx):
            self._report(ctx, written["BLACKLIST_AFTER_ROTATION"], "BLACKLIST_AFTER_ROTATION is on but "
                         f"INSTALLED_APPS lacks {_BLACKLIST_APP!r}: nothing is blacklisted")
        if isinstance(jti, Const) and jti.value is None and "JTI_CLAIM" in written:
            self._report(ctx, written["JTI_CLAIM"], "JTI_CLAIM is None: tokens carry no id, so none can "
                         "be blacklisted or revoked")

    def _report(self, ctx, setting: Setting, message: str) -> None:
        ctx.report(self, setting.node, message, cause=setting.node)

    @staticmethod
    def _blacklist_app_missing(ctx) -> bool:
        apps = ctx.evaluator.scope.bindings.get("INSTALLED_APPS")
        if not (isinstance(apps, SeqValue) and apps.complete):
            return False
        return _BLACKLIST_APP not in apps.constants()

