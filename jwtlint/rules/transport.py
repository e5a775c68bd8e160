"""JWT6xx: where tokens travel (URLs, cookies), as Flask-JWT-Extended and fastapi-jwt-auth are configured.

These rules read settings, not calls. A setting's meaning depends on its
siblings (CSRF protection matters only when tokens come from cookies), so each
rule gathers the settings of one container (``app.config``, a config class, a
settings module, a pydantic settings class) and decides at the end of the file.
Framework defaults are the libraries' own: tokens in headers only, CSRF
protection on, cookies not marked ``Secure``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.semantics.values import AnyValue, Const, SeqValue, truthiness

if TYPE_CHECKING:
    from jwtlint.semantics.framework import Setting

#: The same settings under Flask-JWT-Extended's and fastapi-jwt-auth's names.
_LOCATION = ("JWT_TOKEN_LOCATION", "AUTHJWT_TOKEN_LOCATION")
_CSRF = ("JWT_COOKIE_CSRF_PROTECT", "AUTHJWT_COOKIE_CSRF_PROTECT")
_SECURE = ("JWT_COOKIE_SECURE", "AUTHJWT_COOKIE_SECURE")
_SAMESITE = ("JWT_COOKIE_SAMESITE", "AUTHJWT_COOKIE_SAMESITE")
_WATCHED = frozenset((*_LOCATION, *_CSRF, *_SECURE, *_SAMESITE))


def locations(value: AnyValue) -> Optional[set[str]]:
    """``JWT_TOKEN_LOCATION`` as a set of names (a string or a list of them); None when unknown."""
    if isinstance(value, Const) and isinstance(value.value, str):
        return {value.value.lower()}
    if isinstance(value, SeqValue) and value.complete:
        names = [item.value for item in value.items if isinstance(item, Const)]
        if len(names) == len(value.items):
            return {str(name).lower() for name in names}
    return None


class _TransportRule(Rule):
    category = "transport"
    libraries = ("Flask-JWT-Extended", "fastapi-jwt-auth")

    def on_setting(self, setting: Setting, ctx) -> None:
        if setting.upper_name in _WATCHED:
            groups = ctx.state.setdefault("transport.settings", {})
            groups.setdefault((setting.kind == "config", setting.container), {})[setting.upper_name] = setting
            if setting.kind in ("class", "field"):
                ctx.state.setdefault("transport.bases", {})[setting.container] = setting.bases

    def on_module_end(self, ctx) -> None:
        groups = ctx.state.get("transport.settings", {})
        bases = ctx.state.get("transport.bases", {})
        for (is_mapping, container), group in groups.items():
            self.check(group if is_mapping else _inherited(container, groups, bases), ctx)

    def check(self, group: dict[str, Setting], ctx) -> None:
        raise NotImplementedError


def _inherited(container: str, groups: dict, bases: dict, seen: frozenset = frozenset()) -> dict[str, Setting]:
    """A config class's settings with those of its base classes in the same file under them."""
    merged: dict[str, Setting] = {}
    for base in reversed(bases.get(container, ())):
        name = base.rsplit(".", 1)[-1]
        if name not in seen and (False, name) in groups:
            merged.update(_inherited(name, groups, bases, seen | {container}))
    merged.update(groups.get((False, container), {}))
    return merged


def _first(group: dict[str, Setting], names: tuple[str, ...]) -> Optional[Setting]:
    return next((group[name] for name in names if name in group), None)


def _cookies_used(group: dict[str, Setting]) -> bool:
    location = _first(group, _LOCATION)
    names = locations(location.value) if location is not None else None
    return names is not None and "cookies" in names


class TokenInUrl(_TransportRule):
    code = "JWT601"
    name = "token-in-url"
    severity = Severity.MEDIUM
    cwe = (598,)
    summary = "Tokens are accepted from the URL's query string"
    what = ("Reports `JWT_TOKEN_LOCATION` (Flask-JWT-Extended) or `authjwt_token_location` "
            "(fastapi-jwt-auth) settings that include `\"query_string\"`.")
    why = ("URLs end up in server and proxy logs, browser history and `Referer` headers: a bearer token "
           "in the query string leaks to everyone who can read those.")
    fix = "Accept tokens from the `Authorization` header (or HTTP-only cookies with CSRF protection)."
    example = 'app.config["JWT_TOKEN_LOCATION"] = ["headers", "query_string"]\n'
    fixed_example = 'app.config["JWT_TOKEN_LOCATION"] = ["headers"]\n'
    references = ("https://flask-jwt-extended.readthedocs.io/en/stable/options.html#jwt-token-location",
                  "https://cwe.mitre.org/data/definitions/598.html")
    valid = ('class Config:\n    JWT_TOKEN_LOCATION = "headers"\n',)

    def check(self, group, ctx) -> None:
        location = _first(group, _LOCATION)
        if location is None:
            return
        names = locations(location.value)
        if names and "query_string" in names:
            ctx.report(self, location.node, f"{location.name} accepts tokens from the query string: "
                                            "they leak into logs, history and Referer headers")


class CookieWithoutCsrf(_TransportRule):
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

    def check(self, group, ctx) -> None:
        csrf = _first(group, _CSRF)
        if csrf is not None and truthiness(csrf.value) is False and _cookies_used(group):
            ctx.report(self, csrf.node, f"{csrf.name} is off while tokens are read from cookies: any site "
                                        "the user visits can send authenticated requests")


class InsecureTokenCookie(_TransportRule):
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

    def check(self, group, ctx) -> None:
        if not _cookies_used(group):
            return
        secure = _first(group, _SECURE)
        secure_on = secure is not None and truthiness(secure.value) is True
        if secure is not None and truthiness(secure.value) is False:
            ctx.report(self, secure.node, f"{secure.name} is False: token cookies are sent over plain HTTP")
        elif secure is None:
            location = _first(group, _LOCATION)
            if location is None:
                return
            setting = "authjwt_cookie_secure" if location.upper_name.startswith("AUTHJWT") else "JWT_COOKIE_SECURE"
            ctx.report(self, location.node, f"token cookies are not marked Secure ({setting} defaults to "
                                            "False): they are sent over plain HTTP")
        samesite = _first(group, _SAMESITE)
        if samesite is not None and isinstance(samesite.value, Const) \
                and str(samesite.value.value).lower() == "none" and not secure_on:
            ctx.report(self, samesite.node, f"{samesite.name} is \"None\" without Secure: the token cookie "
                                            "goes cross-site over plain HTTP")
