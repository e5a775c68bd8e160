"""JWT603: token cookies that may travel over plain HTTP."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from jwtlint.findings import Severity
from jwtlint.rules.transport.configured import (
    ConfiguredTransportRule,
    module_cookie_facts,
)
from jwtlint.semantics.cookies import CookieFramework, CookieWrite, cookie_write
from jwtlint.semantics.values import AnyValue, Const, truthiness

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.semantics.transport_settings import TransportConfig


class InsecureTokenCookie(ConfiguredTransportRule):
    code = "JWT603"
    name = "insecure-token-cookie"
    severity = Severity.LOW
    libraries = ("Flask-JWT-Extended", "fastapi-jwt-auth", "Flask", "Django", "Starlette", "aiohttp")
    cwe = (614, 1275)
    summary = "Token cookies may travel over plain HTTP, or cross-site without being Secure"
    what = ("Where a configuration reads tokens from cookies: reports `JWT_COOKIE_SECURE` left at its "
            "default or set to False (the cookie is sent over plain HTTP), and `JWT_COOKIE_SAMESITE = "
            "\"None\"` without `Secure` (browsers reject or expose it). fastapi-jwt-auth's "
            "`authjwt_cookie_*` settings likewise. In any framework (Flask/Werkzeug, Django, Starlette/"
            "FastAPI, aiohttp), reports `response.set_cookie(...)` of a token cookie (its value minted by a "
            "JWT library, or its name saying access/refresh/jwt/token) without `secure=True`, or without "
            "`samesite` where the framework sends none by default (all but Starlette). A session, "
            "preference or CSRF cookie is not a token cookie.")
    why = ("A token cookie sent over HTTP can be read by anyone on the network path, and then replayed.")
    fix = "Set `JWT_COOKIE_SECURE = True` (and serve the site over HTTPS only)."
    example = 'app.config["JWT_TOKEN_LOCATION"] = ["cookies"]\n'
    fixed_example = ('app.config["JWT_TOKEN_LOCATION"] = ["cookies"]\n'
                     'app.config["JWT_COOKIE_SECURE"] = True\n')
    references = ("https://flask-jwt-extended.readthedocs.io/en/stable/options.html#jwt-cookie-secure",
                  "https://cwe.mitre.org/data/definitions/614.html")
    invalid = ('import jwt\nresponse.set_cookie("session", jwt.encode(claims, key, algorithm="HS256"), httponly=True)\n',)
    valid = ('app.config["JWT_TOKEN_LOCATION"] = ["headers"]\napp.config["JWT_COOKIE_SECURE"] = False\n',
             'response.set_cookie("access_token", token, secure=True, httponly=True, samesite="Strict")\n',
             'response.set_cookie("theme", "dark")\n')
    node_types = (cst.Call,)
    markers = ((b"set_cookie", rb"""set_cookie\(\s*['"][\w.-]*(?:token|jwt|access|refresh|bearer)"""),)

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

    def on_node(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.Call)
        cookie = cookie_write(node, ctx.evaluate)
        if cookie is None or not cookie.carries_token():
            return
        problems = _attribute_problems(cookie, module_cookie_facts(ctx).framework)
        if problems:
            shown = repr(cookie.name) if cookie.name else "a token cookie"
            ctx.report(self, node, f"set_cookie({shown}, ...) {' and '.join(problems)}: the token can leak or "
                                   "ride along on other sites' requests")


def _attribute_problems(cookie: CookieWrite, framework: CookieFramework) -> list[str]:
    """What is missing from a token cookie's attributes; values not known are given the benefit of the doubt."""
    problems = []
    secure = _known(cookie.secure)
    if cookie.secure is None or secure is False:
        problems.append("is not Secure (sent over plain HTTP)")
    samesite = cookie.samesite
    if samesite is None and framework is not CookieFramework.STARLETTE:
        problems.append("has no SameSite attribute")
    elif isinstance(samesite, Const) and str(samesite.value).lower() == "none" and secure is not True:
        problems.append("has SameSite=None without Secure")
    return problems


def _known(value: Optional[AnyValue]) -> Optional[bool]:
    return truthiness(value) if isinstance(value, Const) else None
