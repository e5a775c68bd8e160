"""JWT504: a clock-skew leeway so large that expired tokens stay valid much longer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from jwtlint.findings import Severity
from jwtlint.rules.base import OptionSpec, Rule
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.claim_checks import option_value
from jwtlint.semantics.durations import describe, seconds_of
from jwtlint.semantics.evaluate import result_class
from jwtlint.semantics.lifetimes import LIFETIME_MARKERS, TOKEN_WORDS
from jwtlint.semantics.names import name_words
from jwtlint.semantics.values import AnyValue, CallResult

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.semantics.events import AssignEvent
    from jwtlint.semantics.framework import Setting


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
    markers = LIFETIME_MARKERS
    options = (OptionSpec("lifetime", "max-leeway-seconds", "int", 300,
                          "Largest accepted clock-skew leeway, in seconds.", minimum=0),)

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        if call.passed("leeway"):
            value = call.value("leeway")
            self._check(ctx, call.node, value, f"{call.api.param_for('leeway')}= of {call.api.name}()")
        key, value, _known = option_value(call, "leeway")
        if key is not None and value is not None:
            self._check(ctx, call.node, value, f'options["{key}"] of {call.api.name}()')

    def on_setting(self, setting: Setting, ctx: Context) -> None:
        words = set(name_words(setting.name))
        if "LEEWAY" not in words:
            return
        if not (words & TOKEN_WORDS or setting.kind == "dict-entry"):
            return
        self._check(ctx, setting.node, setting.value, setting.name)

    def on_assign(self, event: AssignEvent, ctx: Context) -> None:
        if event.key is not None or not event.target.endswith(".leeway"):
            return
        receiver = ctx.evaluator.lookup(event.target.rsplit(".", 1)[0]) if event.target.count(".") == 1 \
            else None
        if isinstance(receiver, CallResult) and result_class(receiver):
            self._check(ctx, event.node, event.value, f"{event.target} on a {result_class(receiver)}")

    def _check(self, ctx: Context, node: cst.CSTNode, value: Optional[AnyValue], where: str) -> None:
        seconds = seconds_of(value, unit=1)
        limit = self.option("max-leeway-seconds")
        if value is None or seconds is None or seconds <= limit:
            return
        ctx.report(self, node, f"leeway of {describe(seconds)} ({where}) exceeds {describe(limit)}: "
                               "expired tokens stay valid that much longer", cause=value.node)
