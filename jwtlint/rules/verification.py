"""JWT1xx: is the token's signature actually verified, and are its claims?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Optional, Union

import libcst as cst

from jwtlint import apis
from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.rules.later import (
    LaterCall,
    argument_texts,
    find_later_call,
    names_validation,
    names_verification,
)
from jwtlint.rules.unverified import (
    VERIFYING_KINDS,
    Unverified,
    argument_node,
    selects_key,
    signature_switch,
    token_text,
    unverified,
)
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.values import (
    AnyValue,
    CallResult,
    Const,
    DictValue,
    FunctionRef,
    Symbol,
    origin,
    truthiness,
)

_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log"})
#: Header parameters read to pick a key or a parser, not to decide anything about the caller.
_KEY_SELECTION_HEADERS = frozenset({"kid", "alg", "typ", "cty", "x5t", "x5t#S256"})


# -- shared facts about calls ----------------------------------------------------------------


def _skipped_claim_checks(check: Optional[AnyValue]) -> Optional[str]:
    """jwcrypto's ``check_claims``: ``None`` (the default) checks ``exp``/``nbf`` when present,
    ``False`` skips every check, and a dict checks only what it lists, so ``{}`` checks nothing."""
    if isinstance(check, Const) and check.value is False:
        return "False"
    if isinstance(check, DictValue) and check.complete and check.spread is None and not check.entries:
        return "{}"
    return None


def verifies(call: ApiCall) -> bool:
    """A call that checks a signature: a verifying kind, verification on, and a key where one is needed."""
    if call.api.kind not in VERIFYING_KINDS or signature_switch(call) is not None:
        return False
    if call.api.param_for("key") is None:
        return True
    return call.passed("key") or call.open_ended or call.is_partial


def verified_later(peek: ApiCall, ctx) -> bool:
    """Peek, then verify: the token read without verification is verified later in the same function.

    It counts as verified when the same token expression (by source text) reaches a
    verifying library call, or a call whose name says it decodes or verifies
    (``_decode_jwt(**kwargs)`` with the token in ``kwargs``), since that is what reading a
    header or claims to pick a key leads to.
    """
    token = token_text(peek)
    if token is None:
        return False

    def verifies_token(later: LaterCall) -> bool:
        if later.api is not None:
            return verifies(later.api) and token_text(later.api) == token
        return names_verification(later.node.func) and token in later.argument_texts

    return find_later_call(peek, ctx, verifies_token) is not None


def is_logging(node: cst.Call) -> bool:
    """``logger.debug(...)``, ``app.logger.info(...)``, ``logging.warning(...)``, ``print(...)``."""
    func = node.func
    if isinstance(func, cst.Name):
        return func.value == "print"
    if isinstance(func, cst.Attribute) and func.attr.value in _LOG_METHODS:
        receiver = func.value
        name = receiver.attr.value if isinstance(receiver, cst.Attribute) else getattr(receiver, "value", "")
        return isinstance(name, str) and "log" in name.lower()
    return False


class _Nodes(cst.CSTVisitor):
    """Ids of the reads and calls under a node."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[int] = set()

    def visit_Subscript(self, node: cst.Subscript) -> None:
        self.ids.add(id(node))

    def visit_Call(self, node: cst.Call) -> None:
        self.ids.add(id(node))


def nodes_under(node: cst.CSTNode) -> set[int]:
    collector = _Nodes()
    node.visit(collector)
    return collector.ids


# -- JWT101 ------------------------------------------------------------------------------------


class SignatureVerificationDisabled(Rule):
    code = "JWT101"
    name = "signature-verification-disabled"
    category = "verification"
    severity = Severity.CRITICAL
    cwe = (347,)
    #: A decode with verification off whose result is used is one finding: this one, at the decode.
    supersedes = ("JWT102",)
    summary = "Signature verification is turned off, so forged tokens are accepted"
    what = ("Reports a decode, verify or token-object call whose effective arguments turn off signature "
            "checking, in each library's spelling: `options={\"verify_signature\": False}` (PyJWT 2, "
            "python-jose, `PyJWT(options=...)`/`PyJWS(options=...)`), `verify=False` or a false third "
            "positional argument (PyJWT 1.x), `jws.verify(..., verify=False)` (python-jose), "
            "`AccessToken(raw, verify=False)` and `TokenBackend(...).decode(t, verify=False)` (simplejwt), "
            "`google.auth.jwt.decode(t, verify=False)`, GehirnInc `JWT().decode(m, k, do_verify=False)`, "
            "python_jwt `verify_jwt` with no key and `\"none\"` allowed. The options may be a literal, a "
            "variable, `dict(...)`, a `**` merge or a dict changed after it was built; a wrapper's "
            "parameter is followed to the call that passes False. With PyJWT 2 known from the project's "
            "pins, `verify=False` does nothing and is JWT703 instead.")
    why = ("Without signature verification anyone can write a token with any claims (`sub`, `role`, "
           "`is_admin`) and the application trusts it. It is the most common JWT vulnerability in "
           "Python code. With PyJWT 2 it also turns off `exp`, `aud` and `iss` checks.")
    fix = ("Verify the signature with the expected key and an explicit algorithm allow-list. To read a "
           "header before verifying (to pick a key), use `jwt.get_unverified_header()` and then verify.")
    example = ('import jwt\n\n'
               'def current_user(token):\n'
               '    claims = jwt.decode(token, options={"verify_signature": False})\n'
               '    return claims\n')
    fixed_example = ('import jwt\n\n'
                     'def current_user(token, public_key):\n'
                     '    claims = jwt.decode(token, public_key, algorithms=["RS256"], audience="api")\n'
                     '    return claims["sub"]\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.3",
                  "https://pyjwt.readthedocs.io/en/stable/usage.html#reading-the-claimset-without-validation",
                  "https://cwe.mitre.org/data/definitions/347.html")
    libraries = ("PyJWT", "python-jose", "djangorestframework-simplejwt", "google-auth", "jwt (GehirnInc)",
                 "python_jwt")
    invalid = (
        'import jwt\nopts = {"verify_signature": False}\njwt.decode(t, k, algorithms=["HS256"], options=opts)\n',
        'from jose import jwt\njwt.decode(t, k, algorithms=["HS256"], options=dict(verify_signature=False))\n',
        'import jwt\nclaims = jwt.decode(t, k, verify=False)\n',
        'from rest_framework_simplejwt.tokens import UntypedToken\nUntypedToken(raw, verify=False)\n',
        'from jwt import JWT\nJWT().decode(message, key, do_verify=False)\n',
    )
    valid = (
        'import jwt\njwt.decode(t, k, algorithms=["HS256"], options={"verify_signature": True})\n',
        'import requests\nrequests.get(url, verify=False)\n',
    )

    def on_call(self, call: ApiCall, ctx) -> None:
        found = signature_switch(call)
        if found is None or verified_later(call, ctx) or selects_key(call.function):
            return
        role, spelled = found
        ctx.report(self, call.node, f"signature verification disabled ({spelled}) in {call.api.name}(): "
                                    "any forged token is accepted", cause=argument_node(call, role))


# -- JWT102 ------------------------------------------------------------------------------------


@dataclass
class _Read:
    """A use of unverified contents (``node``) and the statement that read them (``source.node``)."""

    function: Optional[str]
    seq: int
    node: cst.CSTNode
    source: Unverified
    #: Where the finding goes: the read itself, or the statement of this file that brought it in
    #: from another module (pinned while the walk is there).
    read_at: cst.CSTNode
    #: What the use does with the contents, for the message ("read 'role'", "set `g.user`").
    purpose: str


@dataclass
class _Verified:
    function: Optional[str]
    seq: int
    token: Optional[str]
    inside: set[int]


@dataclass
class _Reads:
    """Per file: unverified reads and verified decodes, decided per function at its end."""

    seq: int = 0
    active: bool = False
    reads: list[_Read] = field(default_factory=list)
    verified: list[_Verified] = field(default_factory=list)
    seen_calls: set[int] = field(default_factory=set)
    verified_objects: set[int] = field(default_factory=set)
    #: Nodes that are not reads of their own: inner parts of a longer read, assignment targets, logging.
    skip: set[int] = field(default_factory=set)
    #: Names bound by ``except ... as name``: setting attributes on an error decides nothing.
    errors: set[str] = field(default_factory=set)

    def tick(self) -> int:
        self.seq += 1
        return self.seq


class UnverifiedContentsUsed(Rule):
    code = "JWT102"
    name = "unverified-contents-used"
    category = "verification"
    severity = Severity.HIGH
    cwe = (345,)
    summary = "Contents of a token whose signature was not checked are used"
    what = ("Reports, once, the statement that reads a token nobody verified, naming the first use that "
            "decides something (`claims[\"sub\"]`, `.get(\"role\")`, `g.user = claims`) and its line; the "
            "uses get no finding of their own. The reads: `get_unverified_header`/`get_unverified_claims`, "
            "`python_jwt.process_jwt`, `get_unverified_jwt_headers`, a decode with verification off, the "
            "raw `objects` of a jwcrypto token deserialised without a key, or a token taken apart by hand "
            "(`json.loads(base64.urlsafe_b64decode(t.split(\".\")[1] + \"==\"))`). A decode with verification "
            "off is JWT101's finding, not also this one. Not reported: "
            "\"peek, then verify\" (a verified decode of the same token follows in the same function), "
            "header parameters that pick a key (`kid`, `alg`, `typ`), and logging.")
    why = ("Everything in an unverified token is chosen by whoever sent it. Looking up a user, a role or "
           "a tenant from it lets anyone act as anyone.")
    fix = ("Decode with verification and use the verified claims. To choose a key from the header, read "
           "`kid` and then verify the same token with the chosen key.")
    example = ('from jose import jwt\n\n'
               'def is_admin(token):\n'
               '    claims = jwt.get_unverified_claims(token)\n'
               '    return claims["role"] == "admin"\n')
    fixed_example = ('from jose import jwt\n\n'
                     'def is_admin(token, key):\n'
                     '    claims = jwt.decode(token, key, algorithms=["RS256"], audience="api")\n'
                     '    return claims["role"] == "admin"\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.10",
                  "https://cwe.mitre.org/data/definitions/345.html")
    libraries = ("PyJWT", "python-jose", "python_jwt", "jwcrypto", "Flask-JWT-Extended", "fastapi-jwt-auth")
    invalid = (
        'import json, base64\n\ndef user_of(token):\n'
        '    payload = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))\n'
        '    return payload["sub"]\n',
        'import python_jwt\n\ndef roles(token):\n    header, claims = python_jwt.process_jwt(token)\n'
        '    return claims.get("roles")\n',
    )
    valid = (
        'import jwt\n\ndef claims_of(token, keys):\n    kid = jwt.get_unverified_header(token)["kid"]\n'
        '    return jwt.decode(token, keys[kid], algorithms=["RS256"])\n',
        'import jwt\n\ndef claims_of(token, tenants):\n'
        '    issuer = jwt.decode(token, options={"verify_signature": False})["iss"]\n'
        '    return jwt.decode(token, tenants[issuer], algorithms=["RS256"], issuer=issuer)\n',
        'import jwt, logging\n\ndef trace(token):\n'
        '    logging.debug("sub=%s", jwt.decode(token, options={"verify_signature": False})["sub"])  # noqa: JWT101\n',
    )
    node_types = (cst.Subscript, cst.Call, cst.Assign, cst.ExceptHandler)
    #: Tokens taken apart by hand need not mention any JWT library.
    #: A token taken apart by hand: base64 decoding and a split on dots in the same file.
    #: (``json.loads`` of it is what the rule reads: a file that decodes base64 and splits on dots
    #: for other reasons, without parsing JSON, is no candidate.)
    markers = ((b"b64decode", rb"""(?s)\A(?=.*loads)(?=.*split\(\s*b?['"]\.['"])"""),)

    def _state(self, ctx) -> _Reads:
        return ctx.state.setdefault(self.code, _Reads())

    def on_call(self, call: ApiCall, ctx) -> None:
        state = self._state(ctx)
        if id(call.node) in state.seen_calls:
            return  # a wrapper's call re-checked at a call site: already counted
        state.seen_calls.add(id(call.node))
        if call.api.kind == "unverified_read" or signature_switch(call) is not None or call.api.is_class:
            state.active = True
        if verifies(call):
            state.verified.append(_Verified(call.function, state.tick(), token_text(call), nodes_under(call.node)))
            if call.receiver is not None:
                state.verified_objects.add(id(call.receiver.node))

    def on_node(self, node: cst.CSTNode, ctx) -> None:
        state = self._state(ctx)
        if isinstance(node, cst.Call):
            if is_logging(node):
                state.skip |= nodes_under(node)
                return
            if names_verification(node.func) and ctx.resolve_call(node) is None:
                inside = nodes_under(node)
                for text in argument_texts(node, ctx):
                    state.verified.append(_Verified(ctx.function, state.tick(), text, inside))
            if isinstance(node.func, cst.Attribute) and node.func.attr.value == "loads" \
                    or not state.active and _returns_unverified(node, ctx):
                state.active = True
            if not (isinstance(node.func, cst.Attribute) and node.func.attr.value == "get"):
                return
            state.skip.add(id(node.func.value))
            if not (state.active or isinstance(node.func.value, cst.Call)):
                return  # no source seen yet, and none inline (whose call is visited after this read)
        elif isinstance(node, cst.Subscript):
            state.skip.add(id(node.value))
            if not (state.active or isinstance(node.value, cst.Call)):
                return
        elif isinstance(node, cst.Assign):
            self._assigned(node, state, ctx)
            return
        elif isinstance(node, cst.ExceptHandler):
            if node.name is not None and isinstance(node.name.name, cst.Name):
                state.errors.add(node.name.name.value)
            return
        if id(node) in state.skip:
            return
        source = unverified(ctx.evaluate(node), frozenset(state.verified_objects))
        if source is not None and source.path and not (source.header and source.key in _KEY_SELECTION_HEADERS):
            state.reads.append(_Read(ctx.function, state.tick(), node, source, ctx.local(source.node),
                                     f"read {source.key!r}"))

    def _assigned(self, node: cst.Assign, state: _Reads, ctx) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Subscript):
                state.skip.add(id(target.target))
        if not state.active or not any(isinstance(t.target, cst.Attribute) and not _on_error(t.target, state)
                                       for t in node.targets):
            return
        source = unverified(ctx.evaluate(node.value), frozenset(state.verified_objects))
        if source is not None and not source.path:
            store = next(t.target for t in node.targets if isinstance(t.target, cst.Attribute))
            state.reads.append(_Read(ctx.function, state.tick(), node.value, source, ctx.local(source.node),
                                     f"set `{cst.Module([]).code_for_node(store)}`"))

    def on_function_end(self, function: cst.FunctionDef, ctx) -> None:
        self._decide(ctx, ctx.function)

    def on_module_end(self, ctx) -> None:
        self._decide(ctx, None)

    def _decide(self, ctx, function: Optional[str]) -> None:
        state = self._state(ctx)
        mine = [read for read in state.reads if read.function == function]
        state.reads = [read for read in state.reads if read.function != function]
        for read in mine:  # in order: the first use of each read names it, the others add nothing
            if selects_key(read.function) or any(_verifies_later(read, verified) for verified in state.verified):
                continue
            line = ctx.range_of(read.node).start.line
            ctx.report(self, read.read_at, f"unverified token contents from {read.source.what}, used at line "
                                           f"{line} to {read.purpose}; nothing checked the signature of this "
                                           "token: verify it and use the verified claims", cause=read.read_at)


def _returns_unverified(node: cst.Call, ctx) -> bool:
    """A call of a project function whose summary says it returns unverified contents."""
    return isinstance(ctx.evaluator.callee(node), FunctionRef) and unverified(ctx.evaluate(node)) is not None


def _on_error(target: cst.Attribute, state: _Reads) -> bool:
    """``e.jwt_header = header`` in an ``except ... as e``: annotating an error, not a decision."""
    return isinstance(target.value, cst.Name) and target.value.value in state.errors


def _verifies_later(read: _Read, verified: _Verified) -> bool:
    """Peek, then verify: the same token is verified after (or around) the read, in the same function."""
    if verified.function != read.function:
        return False
    if not (verified.seq > read.seq or id(read.node) in verified.inside):
        return False
    return read.source.token is None or verified.token is None or read.source.token == verified.token


# -- JWT103 ------------------------------------------------------------------------------------


@dataclass
class _Pending:
    call: ApiCall
    validated: bool = False
    escaped: bool = False
    #: Names the result is assigned to: ``token = decode(...)`` in a ``try`` and again in its
    #: ``except`` both reach a later ``token.claims``.
    names: tuple[str, ...] = ()


@dataclass
class _Claims:
    pending: dict[int, _Pending] = field(default_factory=dict)
    #: Expressions whose value leaves the function (returned, passed on, stored on an object),
    #: recorded before the calls inside them are seen.
    leaving: set[int] = field(default_factory=set)
    #: Call id -> the names its result is assigned to (seen before the call itself).
    names_of_call: dict[int, tuple[str, ...]] = field(default_factory=dict)
    #: Functions holding a claims validation whose target could not be resolved.
    validating: set[Optional[str]] = field(default_factory=set)
    module_validates: bool = False


def _validators() -> frozenset[str]:
    return frozenset(api.claims_validator for api in apis.all_apis() if api.claims_validator not in ("", "none"))


class ClaimsNeverValidated(Rule):
    code = "JWT103"
    name = "claims-never-validated"
    category = "verification"
    severity = Severity.HIGH
    cwe = (613, 345)
    summary = "A token's signature is checked but its claims (exp, nbf, aud, iss) never are"
    what = ("Reports decodes that leave claim validation to the caller when the caller never does it: "
            "Authlib `jwt.decode`/`JsonWebToken.decode` without `.validate()` on the result, joserfc "
            "`jwt.decode` without `JWTClaimsRegistry(...).validate(token.claims)`, jwcrypto "
            "`JWT(..., check_claims=False)` or `check_claims={}` (`None`, the default, checks `exp` and `nbf`), and PyJWT's `PyJWS().decode`/`jwt.api_jws.decode` whose result "
            "is parsed as JWT claims. A result returned or handed to another function is reported only "
            "when nothing in the module validates claims; a custom `claims_cls` is trusted.")
    why = ("A correctly signed token stays valid forever if nobody checks `exp`: a leaked or revoked "
           "token keeps working, and a token meant for another audience is accepted.")
    fix = ("Authlib: `claims = jwt.decode(t, key, claims_options=...); claims.validate()`. joserfc: "
           "`JWTClaimsRegistry(exp={\"essential\": True}, ...).validate(token.claims)`. jwcrypto: drop "
           "`check_claims=False`. PyJWT: use `jwt.decode` for JWTs.")
    example = ('from authlib.jose import jwt\n\n'
               'def user_id(token, key):\n'
               '    claims = jwt.decode(token, key)\n'
               '    print(claims["sub"])\n')
    fixed_example = ('from authlib.jose import JsonWebToken\n\n'
                     'jwt = JsonWebToken(["RS256"])\n\n'
                     'def user_id(token, key):\n'
                     '    claims = jwt.decode(token, key)\n'
                     '    claims.validate()\n'
                     '    print(claims["sub"])\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.8",
                  "https://docs.authlib.org/en/latest/jose/jwt.html",
                  "https://jose.authlib.org/en/dev/guide/jwt/",
                  "https://cwe.mitre.org/data/definitions/613.html")
    libraries = ("Authlib", "joserfc", "jwcrypto", "PyJWT")
    invalid = (
        'from jwcrypto import jwt\ntoken = jwt.JWT(jwt=raw, key=key, check_claims=False)\n',
        'import json, jwt\nclaims = json.loads(jwt.PyJWS().decode(raw, key, algorithms=["HS256"]))\n',
        'from joserfc import jwt\n\ndef claims_of(value, key):\n    token = jwt.decode(value, key)\n'
        '    print(token.claims)\n',
    )
    valid = (
        'from joserfc import jwt\n\nREGISTRY = jwt.JWTClaimsRegistry(exp={"essential": True})\n\n'
        'def claims_of(value, key):\n    token = jwt.decode(value, key)\n    REGISTRY.validate(token.claims)\n'
        '    return token.claims\n',
        'from authlib.jose import jwt\n\ndef load(token, key):\n    return jwt.decode(token, key)\n\n'
        'def user(token, key):\n    claims = load(token, key)\n    claims.validate()\n    return claims\n',
    )
    node_types = (cst.Return, cst.Call, cst.Assign)

    def _state(self, ctx) -> _Claims:
        return ctx.state.setdefault(self.code, _Claims())

    def on_call(self, call: ApiCall, ctx) -> None:
        state = self._state(ctx)
        api = call.api
        check = call.value("check_claims")
        skipped = _skipped_claim_checks(check) if call.passed("check_claims") else None
        if skipped is not None:
            ctx.report(self, call.node, f"{api.name}() with {api.param_for('check_claims')}={skipped}: "
                                        "no claim (exp, nbf) is checked", cause=argument_node(call, "check_claims"))
        if api.kind == "decode" and api.claims_validator not in ("", "none") \
                and not call.passed("claims_class") and id(call.node) not in state.pending:
            state.pending[id(call.node)] = _Pending(call, escaped=id(call.node) in state.leaving,
                                                    names=state.names_of_call.get(id(call.node), ()))
        if api.name in _validators():
            self._validated(call, state)

    def _validated(self, call: ApiCall, state: _Claims) -> None:
        state.module_validates = True
        targets: list[Optional[cst.CSTNode]] = [call.receiver.node] if call.receiver is not None else []
        targets += [origin(value).node for value in call.args.values() if isinstance(origin(value), CallResult)]
        hits = [state.pending[id(node)] for node in targets if node is not None and id(node) in state.pending]
        for pending in hits:
            pending.validated = True
        if not hits:
            state.validating.add(call.function)

    def on_node(self, node: cst.CSTNode, ctx) -> None:
        state = self._state(ctx)
        leaving: list[cst.BaseExpression] = []
        if isinstance(node, cst.Call):
            func = node.func
            if isinstance(func, cst.Attribute) and func.attr.value == "validate":
                state.module_validates = True
            if isinstance(func, cst.Attribute) and func.attr.value == "loads" and node.args:
                self._parsed_as_claims(ctx.evaluate(node.args[0].value), ctx)
            if not is_logging(node):
                leaving = [arg.value for arg in node.args]
        elif isinstance(node, cst.Return) and node.value is not None:
            leaving = [node.value]
        elif isinstance(node, cst.Assign):
            state.names_of_call[id(node.value)] = tuple(
                t.target.value for t in node.targets if isinstance(t.target, cst.Name))
            if any(isinstance(t.target, cst.Attribute) for t in node.targets):
                leaving = [node.value]
        validator = isinstance(node, cst.Call) and names_validation(node.func)
        for expr in leaving:
            state.leaving.add(id(expr))
            if state.pending and isinstance(expr, (cst.Name, cst.Attribute)):
                self._escapes(ctx.evaluate(expr), state, validator)
                self._escapes_by_name(expr, ctx.function, state, validator)

    def _escapes(self, value, state: _Claims, validator: bool) -> None:
        """The claims leave the function; handed to ``validate_claims(...)``/``self.verify_claims(...)``
        they count as validated there."""
        found = origin(value)
        if isinstance(found, CallResult) and found.node is not None and id(found.node) in state.pending:
            pending = state.pending[id(found.node)]
            pending.escaped = True
            pending.validated = pending.validated or validator

    def _escapes_by_name(self, expr, function: Optional[str], state: _Claims, validator: bool) -> None:
        base = expr.value if isinstance(expr, cst.Attribute) else expr
        if not isinstance(base, cst.Name):
            return
        for pending in state.pending.values():
            if pending.call.function == function and base.value in pending.names:
                pending.escaped = True
                pending.validated = pending.validated or validator

    def _parsed_as_claims(self, value, ctx) -> None:
        """``json.loads(PyJWS().decode(...))``: a JWS decoder used for a JWT."""
        found = origin(value)
        if not (isinstance(found, CallResult) and found.call is not None):
            return
        call: ApiCall = found.call
        if call.api.claims_validator == "none" and signature_switch(call) is None:
            ctx.report(self, call.node, f"{call.api.name}() checks only the signature; the JWT claims parsed "
                                        "from it (exp, nbf, aud) are never validated: use jwt.decode()")

    def on_function_end(self, function: cst.FunctionDef, ctx) -> None:
        self._decide(ctx, ctx.function, final=False)

    def on_module_end(self, ctx) -> None:
        self._decide(ctx, None, final=True)

    def _decide(self, ctx, function: Optional[str], final: bool) -> None:
        state = self._state(ctx)
        for key, pending in list(state.pending.items()):
            if not final and pending.call.function != function:
                continue
            if pending.escaped and not final:
                continue  # validation may happen where the claims go; decided for the whole module
            del state.pending[key]
            if pending.validated or pending.call.function in state.validating:
                continue
            if pending.escaped and state.module_validates:
                continue
            ctx.report(self, pending.call.node, f"{pending.call.api.name}() checks the signature only and the "
                                                "claims it returns are never validated (exp, nbf, aud, iss): "
                                                f"call {pending.call.api.claims_validator}()")


# -- JWT104 ------------------------------------------------------------------------------------


@dataclass
class _Try:
    body_calls: set[int]
    #: Calls whose result is thrown away (``jwt.decode(...)`` as a statement: a check).
    discarded: set[int]
    #: Call id -> names its result is assigned to, and what those names held before the ``try``.
    assigned: dict[int, list[str]]
    before: dict[str, AnyValue]


@dataclass
class _Handlers:
    tries: dict[int, _Try] = field(default_factory=dict)
    handler_of: dict[int, cst.ExceptHandler] = field(default_factory=dict)
    verified: dict[int, ApiCall] = field(default_factory=dict)


class _TryBody(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.calls: set[int] = set()
        self.discarded: set[int] = set()
        self.assigned: dict[int, list[str]] = {}

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.add(id(node))

    def visit_Expr(self, node: cst.Expr) -> None:
        if isinstance(node.value, cst.Call):
            self.discarded.add(id(node.value))

    def visit_Assign(self, node: cst.Assign) -> None:
        if isinstance(node.value, cst.Call):
            names = [t.target.value for t in node.targets if isinstance(t.target, cst.Name)]
            self.assigned[id(node.value)] = names

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False


class VerificationFailureSwallowed(Rule):
    code = "JWT104"
    name = "verification-failure-swallowed"
    category = "verification"
    severity = Severity.HIGH
    cwe = (390, 347)
    summary = "A failed verification is ignored, or retried without verification"
    what = ("Reports the `except` clause of a `try` that verifies a token when the clause catches the "
            "verification error (bare, `Exception`, or a JWT library's exception) and then goes on as if "
            "the token were valid: `pass`/`continue` after a decode used only as a check, a fall-back to "
            "unverified contents, or a second decode with `verify_signature` off (high) or with expiry "
            "relaxed (`verify_exp: False`, `allow_expired=True`: medium, common in refresh flows).")
    why = ("The verification exists to stop forged or expired tokens. Catching its failure and carrying "
           "on, or decoding again without the check that failed, accepts exactly those tokens.")
    fix = ("Let the failure reject the request (`raise`, return 401). If an expired token must be read "
           "(refresh), keep the signature check and do it in a dedicated endpoint.")
    example = ('import jwt\n\n'
               'def claims_of(token, key):\n'
               '    try:\n'
               '        return jwt.decode(token, key, algorithms=["HS256"])\n'
               '    except jwt.InvalidTokenError:\n'
               '        return jwt.decode(token, options={"verify_signature": False})\n')
    fixed_example = ('import jwt\n\n'
                     'def claims_of(token, key):\n'
                     '    try:\n'
                     '        return jwt.decode(token, key, algorithms=["HS256"])\n'
                     '    except jwt.InvalidTokenError:\n'
                     '        return None\n')
    references = ("https://cwe.mitre.org/data/definitions/390.html",
                  "https://datatracker.ietf.org/doc/html/rfc8725#section-3.3")
    libraries = ("PyJWT", "python-jose", "Authlib", "joserfc", "jwcrypto", "Flask-JWT-Extended",
                 "djangorestframework-simplejwt")
    invalid = (
        'import jwt\n\ndef check(token, key):\n    try:\n        jwt.decode(token, key, algorithms=["HS256"])\n'
        '    except Exception:\n        pass\n    return True\n',
    )
    valid = (
        'import jwt\n\ndef user(token, key):\n    user = None\n    try:\n'
        '        user = jwt.decode(token, key, algorithms=["HS256"])["sub"]\n'
        '    except jwt.InvalidTokenError:\n        pass\n    return user\n',
        'import jwt\n\ndef claims(token, keys):\n    for key in keys:\n        try:\n'
        '            return jwt.decode(token, key, algorithms=["HS256"])\n'
        '        except KeyError:\n            continue\n',
    )
    node_types = (cst.Try, cst.ExceptHandler)

    def _state(self, ctx) -> _Handlers:
        return ctx.state.setdefault(self.code, _Handlers())

    def on_node(self, node: cst.CSTNode, ctx) -> None:
        state = self._state(ctx)
        if isinstance(node, cst.Try):
            body = _TryBody()
            node.body.visit(body)
            names = {name for names in body.assigned.values() for name in names}
            region = _Try(body.calls, body.discarded, body.assigned,
                          {name: ctx.evaluate(cst.Name(name)) for name in names})
            for handler in node.handlers:
                state.tries[id(handler)] = region
                for call_id in nodes_under(handler.body):
                    state.handler_of[call_id] = handler
            return
        if not isinstance(node, cst.ExceptHandler):
            return
        info = state.tries.get(id(node))
        if info is None or not self._verified_in(info, state) or not _catches_verification(node, ctx):
            return
        statements = [s for s in node.body.body if not _is_logging_statement(s)]
        if all(_is_noop(statement) for statement in statements):
            if info.discarded & set(self._verified_in(info, state)) or self._falls_back(info, None):
                ctx.report(self, node, "the except branch ignores a failed token verification and carries on")
            return
        returned = _returned(statements)
        if returned is not None and self._falls_back(info, returned, ctx):
            ctx.report(self, node, "the except branch returns token contents that were never verified")

    def _verified_in(self, info: _Try, state: _Handlers) -> list[int]:
        return [call_id for call_id in info.body_calls if call_id in state.verified]

    def _falls_back(self, info: _Try, returned: Optional[cst.BaseExpression], ctx=None) -> bool:
        """Whether the code after the failure uses unverified contents instead of the verified result."""
        if returned is None:
            return any(unverified(value) is not None for value in info.before.values())
        if isinstance(returned, cst.Name) and returned.value in info.before:
            return unverified(info.before[returned.value]) is not None
        return unverified(ctx.evaluate(returned)) is not None

    def on_call(self, call: ApiCall, ctx) -> None:
        state = self._state(ctx)
        handler = state.handler_of.get(id(call.node))
        if verifies(call):
            state.verified.setdefault(id(call.node), call)
        info = state.tries.get(id(handler)) if handler is not None else None
        if handler is None or info is None or not self._verified_in(info, state) or not _catches_verification(handler, ctx):
            return
        if signature_switch(call) is not None:
            ctx.report(self, handler, f"after a failed verification the except branch decodes the token again "
                                      f"without signature verification ({call.api.name}())")
        elif _expiry_relaxed(call):
            ctx.report(self, handler, f"after a failed verification the except branch decodes the token again "
                                      f"without the expiry check ({call.api.name}())", severity=Severity.MEDIUM)


def _expiry_relaxed(call: ApiCall) -> bool:
    if call.api.kind not in VERIFYING_KINDS:
        return False
    options = call.options()
    for switch, meaning in call.api.option_switches.items():
        value = options.get(switch)
        if meaning == "exp" and value is not None and truthiness(value) is False:
            return True
    allow = call.value("allow_expired")
    time_check = call.value("time_check")
    return (allow is not None and truthiness(allow) is True) or \
        (time_check is not None and call.passed("time_check") and truthiness(time_check) is False)


def _catches_verification(handler: cst.ExceptHandler, ctx) -> bool:
    """Bare ``except``, ``Exception``/``BaseException``, or an exception class of a JWT library."""
    if handler.type is None:
        return True
    types = [e.value for e in handler.type.elements] if isinstance(handler.type, cst.Tuple) else [handler.type]
    tops = apis.known_top_modules()
    for expr in types:
        if isinstance(expr, cst.Name) and expr.value in ("Exception", "BaseException"):
            return True
        value = ctx.evaluate(expr)
        if isinstance(value, Symbol) and value.qualname.split(".", 1)[0] in tops:
            return True
    return False


def _is_logging_statement(statement: Union[cst.BaseStatement, cst.BaseSmallStatement]) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and is_logging(small.value)
        for small in statement.body)


def _is_noop(statement: Union[cst.BaseStatement, cst.BaseSmallStatement]) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Pass, cst.Continue))
        or (isinstance(small, cst.Expr) and isinstance(small.value, (cst.Ellipsis, cst.SimpleString)))
        for small in statement.body)


def _returned(statements: Sequence[Union[cst.BaseStatement, cst.BaseSmallStatement]]) -> Optional[cst.BaseExpression]:
    if len(statements) == 1 and isinstance(statements[0], cst.SimpleStatementLine) \
            and len(statements[0].body) == 1 and isinstance(statements[0].body[0], cst.Return):
        return statements[0].body[0].value
    return None
