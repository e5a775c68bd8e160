"""JWT2xx: which algorithms a verification accepts, and which one a token is signed with."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from jwtlint.findings import Severity
from jwtlint.rules.allowlists import AllowList, allow_list, is_key_object, spelled
from jwtlint.rules.base import Rule
from jwtlint.rules.unverified import (
    argument_node,
    signature_switch,
    unverified,
)
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.token_derived import Constraint, TokenValueChecks, token_sources
from jwtlint.semantics.values import (
    AnyValue,
    Const,
    DictValue,
    EnvLookup,
    truthiness,
)

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.semantics.framework import Setting

_CHECKED_KINDS = ("decode", "verify")
#: Calls that carry an allow-list: verifications, and the instances or token objects holding one.
_ALLOW_LIST_KINDS = ("decode", "verify", "instance", "token_object")
_PUBLIC_MATERIAL = ("PUBLIC KEY", "CERTIFICATE", "ssh-", "ecdsa-sha2-")


def _allowed(call: ApiCall) -> Optional[AllowList]:
    if call.api.kind not in _ALLOW_LIST_KINDS or call.api.param_for("algorithms") is None:
        return None
    if signature_switch(call) is not None:
        return None  # nothing is verified: JWT101's business
    return allow_list(call.value("algorithms"), call.api)


def _is_none(value: Optional[AnyValue]) -> bool:
    return isinstance(value, Const) and value.value is None


def _raw_key(value: Optional[AnyValue]) -> bool:
    """Key material given as text (a literal, a constant, an environment variable), not a key object."""
    return (isinstance(value, Const) and value.is_text()) or isinstance(value, EnvLookup)


def _looks_public(value: Optional[AnyValue]) -> bool:
    if not (isinstance(value, Const) and value.is_text()):
        return False
    text = value.value.decode("latin-1") if isinstance(value.value, bytes) else value.value
    return any(marker in text for marker in _PUBLIC_MATERIAL)


class MissingAlgorithmAllowList(Rule):
    code = "JWT201"
    name = "missing-algorithm-allow-list"
    category = "algorithms"
    severity = Severity.HIGH
    cwe = (347, 327)
    summary = "A token is verified without an explicit list of accepted algorithms"
    what = ("Reports a verifying decode with no `algorithms=` argument (or `algorithms=None`). "
            "For python-jose and PyJWT 1.x the algorithm named in the token header is then accepted "
            "(high). Authlib's global `authlib.jose.jwt` accepts every family for a key given as text "
            "(high for public-key text, medium otherwise). PyJWT 2 raises `DecodeError` at runtime and "
            "python_jwt rejects every token (medium: a bug, not a hole), unless the PyJWT key is a "
            "`PyJWK`, which carries its own algorithm. joserfc's default list, jwcrypto's typed keys and "
            "GehirnInc's default are safe and not reported.")
    why = ("An attacker chooses the token header. When the header picks the algorithm, a token signed "
           "with HS256 using the server's RSA public key as the HMAC secret verifies (algorithm "
           "confusion, CVE-2017-11424, CVE-2024-33663, CVE-2024-37568).")
    fix = ("Pass the one algorithm (or family) your keys use: `algorithms=[\"RS256\"]`; with Authlib use "
           "`JsonWebToken([\"RS256\"])` or import the key as a key object.")
    autofix = "algorithms-from-project"
    example = ('from jose import jwt\n\n'
               'def claims_of(token, public_key):\n'
               '    return jwt.decode(token, public_key)\n')
    fixed_example = ('from jose import jwt\n\n'
                     'def claims_of(token, public_key):\n'
                     '    return jwt.decode(token, public_key, algorithms=["RS256"], audience="api")\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.1",
                  "https://nvd.nist.gov/vuln/detail/CVE-2017-11424",
                  "https://nvd.nist.gov/vuln/detail/CVE-2024-33663",
                  "https://nvd.nist.gov/vuln/detail/CVE-2024-37568")
    libraries = ("PyJWT", "python-jose", "Authlib", "python_jwt")
    invalid = (
        'import jwt\njwt.decode(token, key)\n',
        'from jose import jwt\njwt.decode(token, key, algorithms=None)\n',
        'from authlib.jose import jwt\nPEM = "-----BEGIN PUBLIC KEY-----\\nMIIB..."\njwt.decode(token, PEM)\n',
        'import python_jwt\npython_jwt.verify_jwt(token, key)\n',
    )
    valid = (
        'import jwt\njwt.decode(token, key, algorithms=["HS256"])\n',
        'import jwt\nclient = jwt.PyJWKClient(url)\n'
        'jwt.decode(token, client.get_signing_key_from_jwt(token), audience="a")\n',
        'import jwt\njwt.decode(token, options={"verify_signature": False})  # noqa: JWT101\n',
        'import base64\nbase64.b64decode(token)\n',
        'from joserfc import jwt\njwt.decode(token, key)\n',
        'from authlib.jose import jwt, JsonWebKey\njwt.decode(token, JsonWebKey.import_key(pem))\n',
    )

    def on_call(self, call: ApiCall, ctx) -> None:
        api = call.api
        if api.kind not in _CHECKED_KINDS or api.algorithm_default not in ("header", "required", "header_if_raw_key"):
            return
        if signature_switch(call) is not None:
            return
        if not (call.missing("algorithms") or _is_none(call.value("algorithms"))):
            return
        key = call.value("key")
        if api.algorithm_default == "header_if_raw_key":
            if _raw_key(key):
                ctx.report(self, call.node, f"{api.name}() with a key given as text: this instance accepts "
                                            "every algorithm family the token header names; restrict it with "
                                            "JsonWebToken([...]) or a key object",
                           severity=Severity.HIGH if _looks_public(key) else Severity.MEDIUM)
            return
        if api.algorithm_default == "required":
            if is_key_object(key):
                return
            ctx.report(self, call.node, f"{api.name}() without an algorithm allow-list: {api.library} "
                                        "rejects every token at runtime; pass the expected algorithms",
                       severity=Severity.MEDIUM)
            return
        ctx.report(self, call.node, f"{api.name}() without an algorithm allow-list: {api.library} "
                                    "accepts whatever algorithm the token header names (algorithm confusion)")


class AlgorithmsFromToken(Rule):
    code = "JWT202"
    name = "algorithms-from-token"
    category = "algorithms"
    severity = Severity.CRITICAL
    cwe = (347,)
    summary = "The accepted algorithms are read from the token being verified"
    what = ("Reports a verification whose allow-list (`algorithms=`, `algs=`, `allowed_algs=`, "
            "`JsonWebToken([...])`) contains a value read from the unverified token: "
            "`get_unverified_header(t)[\"alg\"]`, `.get(\"alg\")`, `python_jwt.process_jwt(t)[0]`, a "
            "hand-parsed header, directly or through variables. A value rejected unless it is a constant "
            "(`if alg not in ALLOWED: raise`, `if alg != \"RS256\": return None`) is that constant and is not "
            "reported; compared with constants elsewhere, the finding is kept at low severity.")
    why = ("The allow-list exists to stop the token from choosing its own algorithm. Filled from the "
           "header, it accepts whatever the attacker writes there: `none` where the library allows it, "
           "or HS256 signed with the server's public key (algorithm confusion).")
    fix = "Pass a constant list of the algorithms your keys use: `algorithms=[\"RS256\"]`."
    example = ('import jwt\n\n'
               'def claims_of(token, public_key):\n'
               '    header = jwt.get_unverified_header(token)\n'
               '    return jwt.decode(token, public_key, algorithms=[header["alg"]])\n')
    fixed_example = ('import jwt\n\n'
                     'def claims_of(token, public_key):\n'
                     '    return jwt.decode(token, public_key, algorithms=["RS256"], audience="api")\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.1",
                  "https://datatracker.ietf.org/doc/html/rfc8725#section-2.1",
                  "https://cwe.mitre.org/data/definitions/347.html")
    libraries = ("PyJWT", "python-jose", "Authlib", "jwcrypto", "python_jwt")
    invalid = (
        'from jose import jwt\nalg = jwt.get_unverified_header(t).get("alg")\njwt.decode(t, k, algorithms=alg)\n',
        'import python_jwt\nheader, _ = python_jwt.process_jwt(t)\n'
        'python_jwt.verify_jwt(t, k, [header["alg"]])\n',
    )
    valid = (
        'import jwt\nkid = jwt.get_unverified_header(t)["kid"]\njwt.decode(t, KEYS[kid], algorithms=["RS256"])\n',
    )
    node_types = (cst.Comparison, cst.If)

    def on_node(self, node: cst.CSTNode, ctx: Context) -> None:
        """``if header["alg"] not in ALLOWED`` / ``== "RS256"``: the value is checked against constants.

        ``if alg != EXPECTED: raise`` goes further: past it the value *is* a constant (guarded)."""
        ctx.per_file(TokenValueChecks).note(node, ctx.evaluate, unverified)

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        if call.api.kind not in _ALLOW_LIST_KINDS:
            return
        sources = token_sources(call.value("algorithms"), unverified)
        if not sources:
            return
        constraint = ctx.per_file(TokenValueChecks).constraint(sources)
        if constraint is Constraint.GUARDED:
            return
        read = ", ".join(sorted({f"{source.key!r} from {source.what}" for source in sources}))
        if constraint is Constraint.COMPARED:
            ctx.report(self, call.node, f"{call.api.name}() takes its allowed algorithms from the token ({read}), "
                                        "checked against constants first; pass the constant list instead",
                       severity=Severity.LOW, cause=argument_node(call, "algorithms"))
            return
        ctx.report(self, call.node, f"{call.api.name}() takes its allowed algorithms from the unverified token "
                                    f"({read}): the attacker chooses the algorithm", cause=argument_node(call, "algorithms"))


class NoneAlgorithm(Rule):
    code = "JWT203"
    name = "none-algorithm"
    category = "algorithms"
    severity = Severity.CRITICAL
    #: A signing call whose empty key makes it sign with "none": the empty key is JWT305's otherwise.
    supersedes = ("JWT305",)
    cwe = (327, 347)
    summary = "Tokens are signed with, or verification accepts, the `none` algorithm"
    what = ("Reports signing with `alg: none` (`algorithm=\"none\"`, PyJWT `algorithm=None`, "
            "`headers={\"alg\": \"none\"}`, python_jwt `generate_jwt` without a key) and allow-lists "
            "containing `\"none\"` in libraries that then accept unsigned tokens: Authlib "
            "`JsonWebToken([..., \"none\"])`, joserfc `algorithms=[\"none\"]`, python_jwt `allowed_algs` "
            "with `\"none\"` (accepted whenever the key is empty). PyJWT, python-jose and jwcrypto can "
            "never verify `none`, so only signing is reported for them.")
    why = ("A `none` token has no signature: anyone can write one. Issuing them teaches every consumer "
           "to accept them; accepting them turns authentication off (CVE-2026-28802).")
    fix = "Sign with a real algorithm and key; list only real algorithms in allow-lists."
    example = ('from authlib.jose import JsonWebToken\n\n'
               'jwt = JsonWebToken(["RS256", "none"])\n')
    fixed_example = ('from authlib.jose import JsonWebToken\n\n'
                     'jwt = JsonWebToken(["RS256"])\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.2",
                  "https://nvd.nist.gov/vuln/detail/CVE-2026-28802",
                  "https://cwe.mitre.org/data/definitions/327.html")
    libraries = ("PyJWT", "python-jose", "Authlib", "joserfc", "python_jwt")
    invalid = (
        'import jwt\njwt.encode({"sub": "1"}, None, algorithm="none")\n',
        'import jwt\njwt.encode({"sub": "1"}, key, headers={"alg": "none"})\n',
        'import python_jwt\npython_jwt.generate_jwt({"sub": "1"})\n',
        'from joserfc import jwt\njwt.decode(t, key, algorithms=["none"])\n',
    )
    valid = (
        'import jwt\njwt.decode(t, key, algorithms=["HS256", "none"])\n',
        'import jwt\njwt.encode({"sub": "1"}, key, algorithm="HS256")\n',
        'import python_jwt\npython_jwt.generate_jwt({"sub": "1"}, key, "PS256")\n',
    )

    def on_call(self, call: ApiCall, ctx) -> None:
        if call.api.kind == "encode":
            self._signing(call, ctx)
        elif call.api.none_verification and call.api.kind in _ALLOW_LIST_KINDS:
            self._verification(call, ctx)

    def _signing(self, call: ApiCall, ctx) -> None:
        api = call.api
        algorithm = call.value("algorithm")
        header = call.value("header")
        header_alg = header.get("alg") if isinstance(header, DictValue) else None
        for role, value in (("algorithm", algorithm), ("header", header_alg)):
            if isinstance(value, Const) and isinstance(value.value, str) and value.value.lower() == "none":
                spelled_as = api.param_for("algorithm") if role == "algorithm" else 'header "alg"'
                ctx.report(self, call.node, f"{api.name}() signs with alg \"none\" ({spelled_as}): the token "
                                            "has no signature", severity=Severity.HIGH, cause=argument_node(call, role))
                return
        for role in api.unsigned_if_falsy:
            value = call.value(role)
            if value is not None and truthiness(value) is False:
                ctx.report(self, call.node, f"{api.name}() with {api.param_for(role)}={_shown(value)} signs "
                                            "with alg \"none\": the token has no signature",
                           severity=Severity.HIGH, cause=argument_node(call, role))
                return

    def _verification(self, call: ApiCall, ctx) -> None:
        allowed = _allowed(call)
        if allowed is None or not allowed.allows_none():
            return
        if call.api.none_verification == "keyless":
            key = call.value("key")
            if key is not None and truthiness(key) is True:
                return
            ctx.report(self, call.node, f"{call.api.name}() allows \"none\": unsigned tokens are accepted "
                                        "whenever the key is empty", severity=Severity.HIGH)
            return
        ctx.report(self, call.node, f"{call.api.name}() allows \"none\" ({spelled(allowed)}): "
                                    "unsigned tokens are accepted")


def _shown(value: AnyValue) -> str:
    return repr(value.value) if isinstance(value, Const) else "an empty value"


#: Framework settings: the decode allow-list and the signing algorithm it is extended with.
_DECODE_LIST_SETTINGS = {"JWT_DECODE_ALGORITHMS": "JWT_ALGORITHM",
                         "AUTHJWT_DECODE_ALGORITHMS": "AUTHJWT_ALGORITHM"}


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

    def on_call(self, call: ApiCall, ctx) -> None:
        allowed = _allowed(call)
        if allowed is None or not allowed.mixes_families():
            return
        typed = call.api.typed_keys_only or is_key_object(call.value("key"))
        ctx.report(self, call.node, f"{call.api.name}() accepts both HMAC and public-key algorithms "
                                    f"({spelled(allowed)})" + (" (the key objects fix one family)" if typed
                                                              else ": algorithm confusion"),
                   severity=Severity.LOW if typed else None, cause=argument_node(call, "algorithms"))

    def on_setting(self, setting: Setting, ctx) -> None:
        name = setting.upper_name
        if name in _DECODE_LIST_SETTINGS or name in _DECODE_LIST_SETTINGS.values():
            ctx.state.setdefault("JWT204.settings", []).append(setting)

    def on_module_end(self, ctx) -> None:
        settings = ctx.state.get("JWT204.settings", [])
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


class AlgorithmsAsString(Rule):
    code = "JWT205"
    name = "algorithms-as-string"
    category = "algorithms"
    severity = Severity.MEDIUM
    cwe = (697,)
    summary = "The algorithm allow-list is a string, so membership is a substring test"
    what = ("Reports `algorithms=\"...\"` (a `str`, literal or constant) in PyJWT and python-jose, which "
            "test `alg in algorithms`. A string naming one algorithm that contains no other is low; "
            "`\"ES256K\"` (admits `ES256`) or `\"HS256,RS256\"` (admits both) is medium.")
    why = ("`\"ES256K\"` admits `ES256`, `\"HS256,RS256\"` admits both families: the check accepts "
           "algorithms nobody meant to allow.")
    fix = "Pass a list: `algorithms=[\"HS256\"]`."
    autofix = "algorithms-as-list"
    example = ('import jwt\n\n'
               'def claims_of(token, key):\n'
               '    return jwt.decode(token, key, algorithms="HS256,HS512")\n')
    fixed_example = ('import jwt\n\n'
                     'def claims_of(token, key):\n'
                     '    return jwt.decode(token, key, algorithms=["HS256", "HS512"])\n')
    references = ("https://pyjwt.readthedocs.io/en/stable/api.html#jwt.decode",
                  "https://cwe.mitre.org/data/definitions/697.html")
    libraries = ("PyJWT", "python-jose")
    invalid = ('from jose import jwt\nALGORITHM = "HS256"\njwt.decode(t, k, algorithms=ALGORITHM)\n',)
    valid = ('from jose import jwt\nALGORITHM = "HS256"\njwt.decode(t, k, algorithms=[ALGORITHM])\n',)

    def on_call(self, call: ApiCall, ctx) -> None:
        if not call.api.algorithms_substring or call.api.kind not in _CHECKED_KINDS:
            return
        value = call.value("algorithms")
        allowed = _allowed(call)
        if allowed is None or allowed.text is None or not isinstance(value, Const):
            return
        exact = allowed.names == (allowed.text,)
        admitted = ", ".join(allowed.names) or "no known algorithm"
        ctx.report(self, call.node, f"algorithms={allowed.text!r} is a string: {call.api.library} tests "
                                    f"`alg in algorithms` as a substring (admits {admitted}); pass a list",
                   severity=Severity.LOW if exact else None, cause=argument_node(call, "algorithms"))
