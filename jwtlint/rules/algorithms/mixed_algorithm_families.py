"""JWT204: one allow-list accepting HMAC and public-key algorithms (algorithm confusion)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.semantics.allowlists import (
    AllowList,
    accepted,
    allow_list,
    is_key_object,
    spelled,
)
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.unverified import argument_node, signature_switch
from jwtlint.semantics.values import Const

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.semantics.framework import Setting


#: Framework settings: the decode allow-list and the signing algorithm it is extended with.
_DECODE_LIST_SETTINGS = {"JWT_DECODE_ALGORITHMS": "JWT_ALGORITHM",
                         "AUTHJWT_DECODE_ALGORITHMS": "AUTHJWT_ALGORITHM"}


@dataclass
class _DecodeListSettings:
    """The decode allow-list settings and signing algorithms of one file, judged together at its end."""

    settings: list[Setting] = field(default_factory=list)


class MixedAlgorithmFamilies(Rule):
    code = "JWT204"
    name = "mixed-algorithm-families"
    category = "algorithms"
    severity = Severity.HIGH
    cwe = (347,)
    summary = "One allow-list accepts both symmetric (HS*) and asymmetric algorithms"
    what = ("Reports an allow-list holding an `HS*` algorithm and an `RS*`/`PS*`/`ES*`/`EdDSA` one: "
            "literal lists, constants, `jwt.algorithms.get_default_algorithms()`, python-jose "
            "`ALGORITHMS.SUPPORTED`/`ALGORITHMS.ALL`, `JsonWebToken([...])`, and Flask-JWT-Extended "
            "`JWT_DECODE_ALGORITHMS` (which the library extends with `JWT_ALGORITHM`) or fastapi-jwt-auth "
            "`authjwt_decode_algorithms`. With key objects bound to one family (jwcrypto, joserfc, a "
            "`PyJWK`) the finding is low.")
    why = ("With both families allowed, a token signed with HS256 using the public key as the HMAC "
           "secret is checked with that public key and verifies (CVE-2022-29217, CVE-2024-33663). "
           "RFC 8725 asks for one algorithm per key.")
    fix = "Accept one family per key: `algorithms=[\"RS256\"]`, and use separate decodes for separate keys."
    example = ('import jwt\n\n'
               'def claims_of(token, key):\n'
               '    return jwt.decode(token, key, algorithms=["RS256", "HS256"])\n')
    fixed_example = ('import jwt\n\n'
                     'def claims_of(token, key):\n'
                     '    return jwt.decode(token, key, algorithms=["RS256"])\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.1",
                  "https://nvd.nist.gov/vuln/detail/CVE-2022-29217",
                  "https://nvd.nist.gov/vuln/detail/CVE-2024-33663")
    libraries = ("PyJWT", "python-jose", "Authlib", "joserfc", "jwcrypto", "Flask-JWT-Extended", "fastapi-jwt-auth")
    invalid = (
        'import jwt\njwt.decode(t, k, algorithms=jwt.algorithms.get_default_algorithms())\n',
        'from jose import jwt\nfrom jose.constants import ALGORITHMS\njwt.decode(t, k, algorithms=ALGORITHMS.SUPPORTED)\n',
        'from authlib.jose import JsonWebToken\njwt = JsonWebToken(["HS256", "ES256"])\n',
        'class Config:\n    JWT_ALGORITHM = "RS256"\n    JWT_DECODE_ALGORITHMS = ["HS256"]\n',
    )
    valid = (
        'import jwt\njwt.decode(t, k, algorithms=["RS256", "PS256", "ES256"])\n',
        'from jose import jwt\nfrom jose.constants import ALGORITHMS\njwt.decode(t, k, algorithms=ALGORITHMS.HMAC)\n',
        'class Config:\n    JWT_ALGORITHM = "RS256"\n    JWT_DECODE_ALGORITHMS = ["RS256", "ES256"]\n',
    )

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        allowed = accepted(call) if signature_switch(call) is None else None
        if allowed is None or not allowed.mixes_families():
            return
        typed = call.api.typed_keys_only or is_key_object(call.value("key"))
        ctx.report(self, call.node, f"{call.api.name}() accepts both HMAC and public-key algorithms "
                                    f"({spelled(allowed)})" + (" (the key objects fix one family)" if typed
                                                              else ": algorithm confusion"),
                   severity=Severity.LOW if typed else None, cause=argument_node(call, "algorithms"))

    def on_setting(self, setting: Setting, ctx: Context) -> None:
        name = setting.upper_name
        if name in _DECODE_LIST_SETTINGS or name in _DECODE_LIST_SETTINGS.values():
            ctx.per_file(_DecodeListSettings).settings.append(setting)

    def on_module_end(self, ctx: Context) -> None:
        settings = ctx.per_file(_DecodeListSettings).settings
        for setting in settings:
            signing_name = _DECODE_LIST_SETTINGS.get(setting.upper_name)
            if signing_name is None:
                continue
            allowed = allow_list(setting.value, None)
            if allowed is None:
                continue
            names = list(allowed.names)
            signing = [other.value for other in settings
                       if other.upper_name == signing_name and other.container == setting.container]
            if signing and isinstance(signing[-1], Const) and isinstance(signing[-1].value, str):
                names.append(signing[-1].value)
            mixed = AllowList(tuple(names))
            if mixed.mixes_families():
                ctx.report(self, setting.node, f"{setting.name} accepts both HMAC and public-key algorithms "
                                               f"({', '.join(dict.fromkeys(names))}, the signing algorithm is "
                                               "added to the list): algorithm confusion", cause=setting.node)
