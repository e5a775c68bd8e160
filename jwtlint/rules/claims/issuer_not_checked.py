"""JWT403: a token verified with an identity provider's keys and no issuer check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.rules.claims.token_values import (
    NODE_TYPES,
    observe,
    report_expected_from_token,
)
from jwtlint.semantics.claim_checks import switched_off, verifies_signature
from jwtlint.semantics.claims_registries import PendingDecodes
from jwtlint.semantics.evaluate import Evaluator
from jwtlint.semantics.fetched_keys import fetched_document
from jwtlint.semantics.values import AnyValue, CallResult, Const, DictValue, origin

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.semantics.calls import ApiCall


class IssuerNotChecked(Rule):
    code = "JWT403"
    name = "issuer-not-checked"
    category = "claims"
    severity = Severity.MEDIUM
    cwe = (345,)
    summary = "A token verified with an identity provider's keys is not checked for its issuer"
    what = ("Reports a verifying decode whose keys come from a JWKS document or client (PyJWT "
            "`PyJWKClient(...).get_signing_key_from_jwt(t)` or its `.key`, Authlib "
            "`JsonWebKey.import_key_set(...)`, jwcrypto `JWKSet.from_json(...)`, or keys built from a JWKS "
            "the code downloads itself: `PyJWK(requests.get(url).json()[\"keys\"][0])`, `PyJWKSet.from_dict`, "
            "`jose.jwk.construct`, httpx and urllib downloads) without an issuer check "
            "(`issuer=`, an `iss` entry in Authlib's `claims_options` or jwcrypto's `check_claims`), and "
            'any decode with `options={"verify_iss": False}`, or whose expected issuer is read from the '
            "unverified token itself (`issuer=unverified[\"iss\"]`) unless first rejected when not a constant "
            "(`if iss not in TRUSTED: raise`). joserfc is judged at the registry that validates the decoded "
            "claims (`JWTClaimsRegistry(...).validate(token.claims)` without `iss=`).")
    why = ("Keys fetched from a JWKS endpoint may sign tokens for many tenants or issuers (multi-tenant "
           "identity providers share keys). Without the issuer check a token from another tenant, or "
           "another issuer using the same keys, is accepted.")
    fix = "Pass the expected issuer (`issuer=\"https://idp.example.com/\"`) with the audience."
    example = ('import jwt\n\nJWKS = jwt.PyJWKClient("https://idp.example.com/.well-known/jwks.json")\n\n'
               'def claims_of(token):\n'
               '    key = JWKS.get_signing_key_from_jwt(token).key\n'
               '    return jwt.decode(token, key, algorithms=["RS256"], audience="api")\n')
    fixed_example = ('import jwt\n\nJWKS = jwt.PyJWKClient("https://idp.example.com/.well-known/jwks.json")\n\n'
                     'def claims_of(token):\n'
                     '    key = JWKS.get_signing_key_from_jwt(token).key\n'
                     '    return jwt.decode(token, key, algorithms=["RS256"], audience="api",\n'
                     '                      issuer="https://idp.example.com/")\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.8",
                  "https://cwe.mitre.org/data/definitions/345.html")
    libraries = ("PyJWT", "python-jose", "Authlib", "joserfc", "jwcrypto")
    invalid = (
        'from jose import jwt\njwt.decode(t, k, algorithms=["RS256"], options={"verify_iss": False})\n',
        'from jwcrypto import jwk, jwt\nkeys = jwk.JWKSet.from_json(document)\n'
        'tok = jwt.JWT(jwt=raw, key=keys, check_claims={"exp": None, "aud": "api"})\n',
        'import jwt, requests\ndoc = requests.get(JWKS_URL, timeout=5).json()\n'
        'jwt.decode(t, jwt.PyJWK(doc["keys"][0]), algorithms=["RS256"], audience="api")\n',
        'from jose import jwt\nclaims = jwt.get_unverified_claims(t)\n'
        'jwt.decode(t, k, algorithms=["RS256"], audience="api", issuer=claims["iss"])\n',
        'from joserfc import jwt\nfrom joserfc.jwk import KeySet\nkeys = KeySet.import_key_set(document)\n'
        'registry = jwt.JWTClaimsRegistry(aud={"essential": True, "value": "api"})\n'
        'token = jwt.decode(value, keys)\nregistry.validate(token.claims)\n',
    )
    valid = (
        'import jwt\njwt.decode(t, SECRET, algorithms=["HS256"])\n',
        'import jwt, requests\ndoc = requests.get(JWKS_URL, timeout=5).json()\n'
        'jwt.decode(t, jwt.PyJWK(doc["keys"][0]), algorithms=["RS256"], audience="api", issuer=ISSUER)\n',
    )
    node_types = NODE_TYPES

    def on_node(self, node: cst.CSTNode, ctx: Context) -> None:
        observe(node, ctx)

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        for decode, registry in ctx.per_file(PendingDecodes).validated_by(call):
            if registry is not None and not registry.open_ended and "iss" not in registry.extra:
                ctx.report(self, decode.node, f"{decode.api.name}() with keys from a JWKS document, validated by a "
                                              "registry without `iss`: tokens of any issuer sharing those keys "
                                              "are accepted")
        if report_expected_from_token(self, call, "iss", ctx) or not verifies_signature(call):
            return
        found = switched_off(call, "iss")
        if found is not None:
            value, spelled = found
            ctx.report(self, call.node, f"{call.api.name}() with {spelled}: tokens from any issuer are "
                                        "accepted", cause=value.node)
            return
        if not _from_identity_provider(call.value("key"), ctx.evaluator):
            return
        checks = _checks_issuer(call)
        if checks is None and call.api.claims_validator not in ("", "none") and not call.api.claims_keywords:
            ctx.per_file(PendingDecodes).wait(call)
        if checks is not False:
            return
        ctx.report(self, call.node, f"{call.api.name}() with keys from a JWKS document but no issuer "
                                    "check: tokens of any issuer sharing those keys are accepted")


def _checks_issuer(call: ApiCall) -> Optional[bool]:
    """Whether the call checks ``iss``: ``issuer=`` (PyJWT, python-jose), an ``iss`` entry in Authlib's
    ``claims_options`` or jwcrypto's ``check_claims``. None when that cannot be told from the call
    (joserfc validates claims with a registry elsewhere; a custom claims class; ``**kwargs``)."""
    if call.api.param_for("issuer") is not None:
        issuer = call.value("issuer")
        if call.missing("issuer") or isinstance(issuer, Const) and issuer.value is None:
            return False
        return True
    for role in ("claims_options", "check_claims"):
        if call.api.param_for(role) is None:
            continue
        if call.passed("claims_class") or call.open_ended:
            return None
        options = call.value(role)
        if options is None or isinstance(options, Const) and options.value is None:
            return False
        if isinstance(options, DictValue):
            return True if options.get("iss") is not None else (False if options.complete else None)
        return None
    return None


def _from_identity_provider(key: Optional[AnyValue], evaluator: Evaluator) -> bool:
    """Keys of a JWKS client or document, or built from a JWKS the code downloads itself."""
    source = origin(key) if key is not None else None
    if isinstance(source, CallResult) and source.call is not None and source.call.api.kind == "key_client":
        return True
    return fetched_document(key, evaluator) is not None
