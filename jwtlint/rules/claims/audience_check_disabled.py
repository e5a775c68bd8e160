"""JWT402: a verification that accepts tokens minted for any audience."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.rules.claims.token_values import (
    NODE_TYPES,
    observe,
    report_expected_from_token,
)
from jwtlint.semantics.claim_checks import switched_off, verifies_signature
from jwtlint.semantics.values import Const

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.semantics.calls import ApiCall


class AudienceCheckDisabled(Rule):
    code = "JWT402"
    name = "audience-check-disabled"
    category = "claims"
    severity = Severity.MEDIUM
    cwe = (345,)
    summary = "A token's audience is not checked, so tokens minted for another service are accepted"
    what = ('Reports `options={"verify_aud": False}` (PyJWT, python-jose) on a verifying decode; '
            'python-jose `options={"verify_at_hash": False}` on a decode given `access_token=` (the access '
            "token is then not bound to the ID token: the substitution RFC 8725 §2.7 describes); an "
            "expected audience read from the unverified token being verified (`audience=unverified[\"aud\"]`, "
            "Authlib `claims_options`, joserfc registries, jwtcrypto `check_claims`), unless it is first "
            "rejected when not a constant (`if aud not in AUDIENCES: raise`); and "
            "google-auth ID-token verification (`id_token.verify_oauth2_token`, `verify_token`, "
            "`google.auth.jwt.decode`) without `audience=` (high: any Google ID token minted for any "
            "other app is then accepted).")
    why = ("The audience says which service a token is for. Without the check, a token issued for "
           "another service of the same issuer (or, with Google sign-in, for anybody's app) is accepted "
           "here.")
    fix = "Pass the expected audience (`audience=CLIENT_ID`) and keep `verify_aud` (and `verify_at_hash`) on."
    autofix = "remove-check-switch"
    example = ('from google.oauth2 import id_token\nfrom google.auth.transport import requests\n\n'
               'def google_user(token):\n'
               '    return id_token.verify_oauth2_token(token, requests.Request())\n')
    fixed_example = ('from google.oauth2 import id_token\nfrom google.auth.transport import requests\n\n'
                     'CLIENT_ID = "1234.apps.googleusercontent.com"\n\n'
                     'def google_user(token):\n'
                     '    return id_token.verify_oauth2_token(token, requests.Request(), CLIENT_ID)\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.9",
                  "https://developers.google.com/identity/sign-in/web/backend-auth",
                  "https://cwe.mitre.org/data/definitions/345.html")
    libraries = ("PyJWT", "python-jose", "google-auth")
    invalid = (
        'import jwt\njwt.decode(t, k, algorithms=["RS256"], options={"verify_aud": False})\n',
        'from google.auth import jwt\nclaims = jwt.decode(t, certs=certs)\n',
        'import jwt\nunverified = jwt.decode(t, options={"verify_signature": False})\n'
        'jwt.decode(t, k, algorithms=["RS256"], audience=unverified["aud"])\n',
        'from jose import jwt\njwt.decode(t, k, algorithms=["RS256"], audience="api", access_token=at,\n'
        '           options={"verify_at_hash": False})\n',
    )
    valid = (
        'import jwt\njwt.decode(t, k, algorithms=["RS256"], audience="api")\n',
        'from google.oauth2 import id_token\nid_token.verify_oauth2_token(t, req, audience=CLIENT_ID)\n',
        'from google.auth import jwt\njwt.decode(t, verify=False)  # noqa: JWT101\n',
        'import jwt\nclaims = jwt.decode(t, options={"verify_signature": False})\n'
        'if claims["aud"] not in ("api", "admin"):\n    raise ValueError\n'
        'jwt.decode(t, k, algorithms=["RS256"], audience=claims["aud"])\n',
    )
    node_types = NODE_TYPES

    def on_node(self, node: cst.CSTNode, ctx: Context) -> None:
        observe(node, ctx)

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        if report_expected_from_token(self, call, "aud", ctx) or not verifies_signature(call):
            return
        found = switched_off(call, "aud")
        if found is not None:
            value, spelled = found
            ctx.report(self, call.node, f"{call.api.name}() with {spelled}: tokens minted for any audience "
                                        "are accepted", cause=value.node)
            return
        binding = switched_off(call, "at_hash")
        if binding is not None and call.passed("access_token"):
            value, spelled = binding
            ctx.report(self, call.node, f"{call.api.name}() with {spelled}: the access token passed is not "
                                        "checked against the ID token's `at_hash`, so an access token "
                                        "substituted for the one issued with it is accepted", cause=value.node)
            return
        if not call.api.audience_required:
            return
        audience = call.value("audience")
        if call.missing("audience") or isinstance(audience, Const) and audience.value is None:
            ctx.report(self, call.node, f"{call.api.name}() without `audience=`: a token minted for any other "
                                        "client or service is accepted", severity=Severity.HIGH)
