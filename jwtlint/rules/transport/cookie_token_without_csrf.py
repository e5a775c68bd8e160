"""JWT602: tokens read from cookies with the CSRF double-submit check turned off."""

from __future__ import annotations

from typing import TYPE_CHECKING

from libcst.helpers import get_full_name_for_node

from jwtlint.findings import Severity
from jwtlint.rules.transport.configured import (
    ConfiguredTransportRule,
    module_cookie_facts,
)
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.cookies import CookieFramework, CookieRead, cookie_read
from jwtlint.semantics.unverified import VERIFYING_KINDS, signature_switch
from jwtlint.semantics.values import truthiness

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.semantics.transport_settings import TransportConfig


class CookieWithoutCsrf(ConfiguredTransportRule):
    code = "JWT602"
    name = "cookie-token-without-csrf"
    severity = Severity.HIGH
    libraries = ("Flask-JWT-Extended", "fastapi-jwt-auth", "Flask", "Django", "Starlette", "aiohttp")
    cwe = (352,)
    summary = "Tokens are read from cookies with CSRF protection turned off"
    what = ("Reports `JWT_COOKIE_CSRF_PROTECT = False` (or `authjwt_cookie_csrf_protect`) where the same "
            "configuration reads tokens from cookies. Outside those libraries, reports a verification of a "
            "token read from `request.cookies` (Flask, aiohttp, any framework without CSRF protection of its "
            "own) in a module that creates the application and never mentions CSRF (medium; CSRF "
            "protection is set up where the app is made, so a module that does not make it is not judged), "
            "and from Django's `request.COOKIES` in a "
            "`@csrf_exempt` view. Starlette/FastAPI modules are left alone: their cookies default to "
            "`SameSite=Lax`, and Django's middleware protects every other view.")
    why = ("A browser sends cookies with every request to the site, including those another site "
           "triggers: without the double-submit CSRF token, any page the user visits can act as them.")
    fix = "Keep `JWT_COOKIE_CSRF_PROTECT = True` (the default) and send the CSRF token in a header."
    example = ('app.config["JWT_TOKEN_LOCATION"] = ["cookies"]\n'
               'app.config["JWT_COOKIE_CSRF_PROTECT"] = False\n')
    fixed_example = 'app.config["JWT_TOKEN_LOCATION"] = ["cookies"]\n'
    references = ("https://flask-jwt-extended.readthedocs.io/en/stable/token_locations.html#cookies",
                  "https://cwe.mitre.org/data/definitions/352.html")
    invalid = ('import jwt\nfrom flask import Flask, request\napp = Flask(__name__)\n'
               'claims = jwt.decode(request.cookies["access_token"], key, algorithms=["HS256"])\n',)
    valid = ('app.config["JWT_COOKIE_CSRF_PROTECT"] = False\n',
             'import jwt\nfrom flask import request\nfrom flask_wtf.csrf import CSRFProtect\n'
             'claims = jwt.decode(request.cookies["access_token"], key, algorithms=["HS256"])\n')

    def check(self, config: TransportConfig, ctx: Context) -> None:
        csrf = config.csrf
        if csrf is not None and truthiness(csrf.value) is False and config.cookies_used():
            ctx.report(self, csrf.node, f"{csrf.name} is off while tokens are read from cookies: any site "
                                        "the user visits can send authenticated requests")

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        if call.api.kind not in VERIFYING_KINDS or signature_switch(call) is not None:
            return
        read = cookie_read(call.value("token"))
        if read is None or not self._unprotected(read, ctx):
            return
        cookie = f"the {read.name!r} cookie" if read.name else "a cookie"
        where = "a @csrf_exempt view" if read.django else "an application with no CSRF check"
        ctx.report(self, call.node, f"{call.api.name}() verifies a token from {cookie} in {where}: another "
                                    "site can make the browser send it", severity=Severity.MEDIUM)

    @staticmethod
    def _unprotected(read: CookieRead, ctx: Context) -> bool:
        if read.django:
            function = ctx.function_nodes[-1] if ctx.function_nodes else None
            return function is not None and any(
                (get_full_name_for_node(decorator.decorator) or "").endswith("csrf_exempt")
                for decorator in function.decorators)
        facts = module_cookie_facts(ctx)
        return facts.framework is CookieFramework.OTHER and facts.creates_app and not facts.mentions_csrf
