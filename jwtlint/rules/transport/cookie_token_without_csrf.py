"""JWT602: tokens read from cookies with the CSRF double-submit check turned off."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jwtlint.findings import Severity
from jwtlint.rules.transport.configured import ConfiguredTransportRule
from jwtlint.semantics.values import truthiness

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.semantics.transport_settings import TransportConfig


class CookieWithoutCsrf(ConfiguredTransportRule):
    code = "JWT602"
    name = "cookie-token-without-csrf"
    severity = Severity.HIGH
    cwe = (352,)
    summary = "Tokens are read from cookies with CSRF protection turned off"
    what = ("Reports `JWT_COOKIE_CSRF_PROTECT = False` (or `authjwt_cookie_csrf_protect`) where the same "
            "configuration reads tokens from cookies.")
    why = ("A browser sends cookies with every request to the site, including those another site "
           "triggers: without the double-submit CSRF token, any page the user visits can act as them.")
    fix = "Keep `JWT_COOKIE_CSRF_PROTECT = True` (the default) and send the CSRF token in a header."
    example = ('app.config["JWT_TOKEN_LOCATION"] = ["cookies"]\n'
               'app.config["JWT_COOKIE_CSRF_PROTECT"] = False\n')
    fixed_example = 'app.config["JWT_TOKEN_LOCATION"] = ["cookies"]\n'
    references = ("https://flask-jwt-extended.readthedocs.io/en/stable/token_locations.html#cookies",
                  "https://cwe.mitre.org/data/definitions/352.html")
    valid = ('app.config["JWT_COOKIE_CSRF_PROTECT"] = False\n',)

    def check(self, config: TransportConfig, ctx: Context) -> None:
        csrf = config.csrf
        if csrf is not None and truthiness(csrf.value) is False and config.cookies_used():
            ctx.report(self, csrf.node, f"{csrf.name} is off while tokens are read from cookies: any site "
                                        "the user visits can send authenticated requests")
