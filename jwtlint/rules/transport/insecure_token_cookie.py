"""JWT603: token cookies that may travel over plain HTTP."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jwtlint.findings import Severity
from jwtlint.rules.transport.configured import ConfiguredTransportRule
from jwtlint.semantics.values import Const, truthiness

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.semantics.transport_settings import TransportConfig


class InsecureTokenCookie(ConfiguredTransportRule):
    code = "JWT603"
    name = "insecure-token-cookie"
    severity = Severity.LOW
    cwe = (614, 1275)
    summary = "Token cookies may travel over plain HTTP, or cross-site without being Secure"
    what = ("Where a configuration reads tokens from cookies: reports `JWT_COOKIE_SECURE` left at its "
            "default or set to False (the cookie is sent over plain HTTP), and `JWT_COOKIE_SAMESITE = "
            "\"None\"` without `Secure` (browsers reject or expose it). fastapi-jwt-auth's "
            "`authjwt_cookie_*` settings likewise.")
    why = ("A token cookie sent over HTTP can be read by anyone on the network path, and then replayed.")
    fix = "Set `JWT_COOKIE_SECURE = True` (and serve the site over HTTPS only)."
    example = 'app.config["JWT_TOKEN_LOCATION"] = ["cookies"]\n'
    fixed_example = ('app.config["JWT_TOKEN_LOCATION"] = ["cookies"]\n'
                     'app.config["JWT_COOKIE_SECURE"] = True\n')
    references = ("https://flask-jwt-extended.readthedocs.io/en/stable/options.html#jwt-cookie-secure",
                  "https://cwe.mitre.org/data/definitions/614.html")
    valid = ('app.config["JWT_TOKEN_LOCATION"] = ["headers"]\napp.config["JWT_COOKIE_SECURE"] = False\n',)

    def check(self, config: TransportConfig, ctx: Context) -> None:
        if not config.cookies_used():
            return
        secure = config.secure
        secure_on = secure is not None and truthiness(secure.value) is True
        if secure is not None and truthiness(secure.value) is False:
            ctx.report(self, secure.node, f"{secure.name} is False: token cookies are sent over plain HTTP")
        elif secure is None:
            location = config.location
            if location is None:
                return
            setting = "authjwt_cookie_secure" if location.upper_name.startswith("AUTHJWT") else "JWT_COOKIE_SECURE"
            ctx.report(self, location.node, f"token cookies are not marked Secure ({setting} defaults to "
                                            "False): they are sent over plain HTTP")
        samesite = config.samesite
        if samesite is not None and isinstance(samesite.value, Const) \
                and str(samesite.value.value).lower() == "none" and not secure_on:
            ctx.report(self, samesite.node, f"{samesite.name} is \"None\" without Secure: the token cookie "
                                            "goes cross-site over plain HTTP")
