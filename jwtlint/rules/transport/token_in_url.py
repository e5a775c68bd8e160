"""JWT601: tokens accepted from the query string, where logs and Referer headers keep them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jwtlint.findings import Severity
from jwtlint.rules.transport.configured import ConfiguredTransportRule

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.semantics.transport_settings import TransportConfig


class TokenInUrl(ConfiguredTransportRule):
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

    def check(self, config: TransportConfig, ctx: Context) -> None:
        location = config.location
        if location is None:
            return
        names = config.locations()
        if names and "query_string" in names:
            ctx.report(self, location.node, f"{location.name} accepts tokens from the query string: "
                                            "they leak into logs, history and Referer headers")
