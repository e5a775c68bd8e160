"""JWT503: a token that lives longer than the configured maximum for its kind."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from jwtlint.findings import Severity
from jwtlint.rules.base import OptionSpec, Rule
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.durations import (
    describe,
    is_moment,
    named_definition,
    seconds_of,
    unit_in_name,
)
from jwtlint.semantics.evidence import is_about_jwt
from jwtlint.semantics.lifetimes import (
    LIFETIME_MARKERS,
    MINTING_KINDS,
    SECONDS_SETTINGS,
    TokenUse,
    function_words,
    lifetime_setting,
    payload_says_refresh,
    reported_at_its_setting,
    says_refresh,
    simplejwt_token_use,
)
from jwtlint.semantics.values import AnyValue, Const, DictValue, TimeOffset

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.semantics.events import AssignEvent
    from jwtlint.semantics.framework import Setting


class ExcessiveLifetime(Rule):
    code = "JWT503"
    name = "excessive-token-lifetime"
    category = "lifetime"
    severity = Severity.LOW
    cwe = (613,)
    summary = "A token lives longer than the configured maximum"
    what = ("Reports token lifetimes above `max-access-token-seconds` (default 1 hour) or, for refresh "
            "tokens (a name or claim that says refresh), `max-refresh-token-seconds` (default 90 days): "
            "`exp` set to now plus a `timedelta`, a `dateutil` `relativedelta` (a month counted as 28 days, "
            "a year as 365) or a number of seconds, `expires_delta=`/`expires_time=`, "
            "`lifetime_seconds=` and python_jwt `lifetime=`, Flask-JWT-Extended `JWT_*_TOKEN_EXPIRES`, "
            "simplejwt `ACCESS_TOKEN_LIFETIME`/`REFRESH_TOKEN_LIFETIME`/`SLIDING_TOKEN_*`, `token.set_exp("
            "lifetime=...)` and the `lifetime` of a token class (`class LongAccess(AccessToken)`), fastapi-jwt-auth "
            "`authjwt_*_token_expires`, and named settings such as `ACCESS_TOKEN_EXPIRE_MINUTES` or a class's "
            "`ACCESS_TOKEN_TTL` (reported where they are defined, also when read as `self.`/`cls.`; the unit "
            "comes from the name, seconds when it names none). A named setting "
            "counts where it is written when its name says JWT, it is a `BaseSettings` field, or its module uses "
            "a JWT library, and otherwise where a token is minted with it (a plain `config.py`): "
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
        'from datetime import timedelta\nfrom rest_framework_simplejwt.tokens import AccessToken\n\n'
        'class LongAccess(AccessToken):\n    lifetime = timedelta(days=90)\n',
    )
    valid = (
        'import jwt, time\njwt.encode({"sub": "1", "exp": int(time.time()) + 900}, k, "HS256")\n',
        'from datetime import timedelta\nSIMPLE_JWT = {"REFRESH_TOKEN_LIFETIME": timedelta(days=14)}\n',
        'CACHE_TTL = 86400 * 30\nPASSWORD_RESET_TOKEN_EXPIRE_HOURS = 48\n',
        'from datetime import timedelta\n\nclass Cache:\n    TOKEN_TTL = timedelta(days=30)\n',
    )
    markers = LIFETIME_MARKERS
    options = (
        OptionSpec("lifetime", "max-access-token-seconds", "int", 3600,
                   "Longest accepted lifetime of an access token, in seconds.", minimum=1),
        OptionSpec("lifetime", "max-refresh-token-seconds", "int", 90 * 86400,
                   "Longest accepted lifetime of a refresh token, in seconds.", minimum=1),
    )

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        if call.passed("token") or call.api.kind not in MINTING_KINDS and not call.passed("lifetime"):
            return
        claim = call.value("claim")  # simplejwt set_exp(claim="refresh_exp", ...) on a sliding token
        refresh = "refresh" in call.api.name.lower() or says_refresh(function_words(call)) \
            or isinstance(claim, Const) and "refresh" in str(claim.value)
        for role in ("expires_delta", "lifetime"):
            value = call.value(role)
            if call.passed(role) and value is not None and not reported_at_its_setting(value, ctx.project):
                self._check(ctx, call.node, value, seconds_of(value, unit=1), refresh,
                            f"{call.api.param_for(role)}= of {call.api.name}()")
        payload = call.value("payload")
        exp = payload.get("exp") if isinstance(payload, DictValue) else None
        if isinstance(exp, TimeOffset) and not reported_at_its_setting(exp, ctx.project):
            refresh = refresh or (isinstance(payload, DictValue) and payload_says_refresh(payload))
            self._check(ctx, call.node, exp, exp.seconds, refresh, f"`exp` of the {call.api.name}() payload")

    def on_assign(self, event: AssignEvent, ctx: Context) -> None:
        """``lifetime = timedelta(...)`` in a simplejwt token class: the lifetime of every token it makes."""
        if event.target != "lifetime" or event.key is not None or event.owner is None or event.function:
            return
        use = simplejwt_token_use(event.owner, event.owner_bases, ctx.evaluator)
        if use is not None:
            self._check(ctx, event.node, event.value, seconds_of(event.value), use is TokenUse.REFRESH,
                        f"`lifetime` of {event.owner}")

    def on_setting(self, setting: Setting, ctx: Context) -> None:
        use = lifetime_setting(setting.name)
        value = setting.value
        if use is None or reported_at_its_setting(value, ctx.project) or is_moment(setting.name, value):
            return
        if not _is_jwt_setting(setting, ctx):
            return
        if isinstance(value, Const) and isinstance(value.value, bool):
            return
        unit = unit_in_name(setting.name)
        confidence = "high"
        if unit is None:
            unit = 1
            if setting.upper_name not in SECONDS_SETTINGS and seconds_of(value) is None:
                confidence = "medium"
        self._check(ctx, setting.node, value, seconds_of(value, unit), use is TokenUse.REFRESH,
                    f"{setting.name}", confidence=confidence)

    def _check(self, ctx: Context, node: cst.CSTNode, value: AnyValue, seconds: Optional[float], refresh: bool,
               where: str, confidence: str = "high") -> None:
        if seconds is None:
            return
        limit = self.option("max-refresh-token-seconds" if refresh else "max-access-token-seconds")
        if seconds <= limit:
            return
        kind = "refresh" if refresh else "access"
        defined = ctx.definition(named_definition(value))
        if defined is not None:
            via = value.via if isinstance(value, (Const, TimeOffset)) else ""
            where = f"{where}, from {via}, {defined.location.label(ctx.path)}"
        ctx.report(self, node, f"{kind} token lifetime of {describe(seconds)} ({where}) exceeds the "
                               f"{describe(limit)} maximum", confidence=confidence, cause=value.node,
                   defined_at=defined)


def _is_jwt_setting(setting: Setting, ctx: Context) -> bool:
    """A lifetime-named setting is about JWTs: simplejwt's ``SIMPLE_JWT``, a name that says JWT, an
    application settings class (pydantic ``BaseSettings``), or a module that uses a JWT library;
    not ``ACCESS_TOKEN_TTL`` among a telemetry package's constants."""
    if setting.kind == "dict-entry":
        return True
    if setting.kind == "field" and any(base.split(".")[-1] == "BaseSettings" for base in setting.bases):
        return True
    return is_about_jwt(setting.name, ctx.evaluator.fallback)
