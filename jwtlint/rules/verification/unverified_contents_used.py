"""JWT102: contents of a token nobody verified decide something.

Reads are seen as the walk goes (their values are evaluated with the bindings in force
there) and decided when it leaves their function: a read is a peek when every path after it
verifies the same token (:func:`jwtlint.rules.later.checked_on_every_path`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from jwtlint.engine.context import Context
from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.rules.later import (
    Body,
    checked_on_every_path,
    current_body,
    flow_of,
    is_logging,
    takes_token,
    verified_by_callers,
    verifies,
)
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.flow.facts import descendants
from jwtlint.semantics.unverified import (
    TIMING_CLAIMS,
    Unverified,
    selects_key,
    signature_switch,
    unverified,
)
from jwtlint.semantics.values import FunctionRef

#: Header parameters read to pick a key or a parser, not to decide anything about the caller.
_KEY_SELECTION_HEADERS = frozenset({"kid", "alg", "typ", "cty", "x5t", "x5t#S256"})

#: ``loads`` anywhere, and base64 within 20 lines of a split on dots (lower-cased bytes).
_NEAR_A_SPLIT = rb"""(?s)\A(?=.*loads)(?=.*(?:split\(\s*b?['"]\.['"](?:[^\n]*\n){0,20}?[^\n]*(?:b64|base64)|(?:b64|base64)(?:[^\n]*\n){0,20}?[^\n]*split\(\s*b?['"]\.['"]))"""


@dataclass
class _Read:
    """A use of unverified contents (``node``) in ``body``, and what brought them (``source``)."""

    body: Optional[Body]
    function: Optional[str]
    node: cst.CSTNode
    source: Unverified
    #: Where the finding goes: the read itself, or the statement of this file that brought it in
    #: from another module (pinned while the walk is there).
    read_at: cst.CSTNode
    #: What the use does with the contents, for the message ("read 'role'", "set `g.user`").
    purpose: str


@dataclass
class _Reads:
    """Per file: unverified reads, decided per function at its end."""

    active: bool = False
    reads: list[_Read] = field(default_factory=list)
    seen_calls: set[cst.CSTNode] = field(default_factory=set)
    #: Token objects verified with a key (jwcrypto ``deserialize(raw, key)``): their ``objects`` are trusted.
    verified_objects: set[cst.CSTNode] = field(default_factory=set)
    #: Nodes that are not reads of their own: inner parts of a longer read, assignment targets, logging.
    skip: set[cst.CSTNode] = field(default_factory=set)
    #: Names bound by ``except ... as name``: setting attributes on an error decides nothing.
    errors: set[str] = field(default_factory=set)


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
            "header parameters that pick a key (`kid`, `alg`, `typ`), the token's times (`exp`, `iat`, `nbf`: "
            "when to refresh it), and logging.")
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
    #: Tokens taken apart by hand need not mention any JWT library: base64 (a decoder, or a helper
    #: named after it, ``b64url(...)``) within 20 lines of a split on dots (anywhere in a large
    #: file, the two are usually unrelated). (``json.loads`` of it is what the rule reads: a file
    #: that decodes base64 and splits on dots for other reasons, without parsing JSON, is no candidate.)
    markers = tuple((word, _NEAR_A_SPLIT) for word in (b"b64", b"base64"))

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        state = ctx.per_file(_Reads)
        if call.node in state.seen_calls:
            return  # a wrapper's call re-checked at a call site: already counted
        state.seen_calls.add(call.node)
        if call.api.kind == "unverified_read" or signature_switch(call) is not None or call.api.is_class:
            state.active = True
        if verifies(call) and call.receiver is not None:
            state.verified_objects.add(call.receiver.node)

    def on_node(self, node: cst.CSTNode, ctx: Context) -> None:
        state = ctx.per_file(_Reads)
        if isinstance(node, cst.Call):
            if is_logging(node):
                state.skip.update(descendants(node))
                return
            if isinstance(node.func, cst.Attribute) and node.func.attr.value == "loads" \
                    or not state.active and _returns_unverified(node, ctx):
                state.active = True
            if not (isinstance(node.func, cst.Attribute) and node.func.attr.value == "get"):
                return
            state.skip.add(node.func.value)
            if not (state.active or isinstance(node.func.value, cst.Call)):
                return  # no source seen yet, and none inline (whose call is visited after this read)
        elif isinstance(node, cst.Subscript):
            state.skip.add(node.value)
            if not (state.active or isinstance(node.value, cst.Call)):
                return
        elif isinstance(node, cst.Assign):
            self._assigned(node, state, ctx)
            return
        elif isinstance(node, cst.ExceptHandler):
            if node.name is not None and isinstance(node.name.name, cst.Name):
                state.errors.add(node.name.name.value)
            return
        if node in state.skip:
            return
        source = unverified(ctx.evaluate(node), frozenset(state.verified_objects))
        if source is not None and source.path and source.key not in (
                _KEY_SELECTION_HEADERS if source.header else TIMING_CLAIMS):
            state.reads.append(_Read(current_body(ctx), ctx.function, node, source, ctx.local(source.node),
                                     f"read {source.key!r}"))

    def _assigned(self, node: cst.Assign, state: _Reads, ctx: Context) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Subscript):
                state.skip.add(target.target)
        stores = [t.target for t in node.targets if isinstance(t.target, cst.Attribute) and not _on_error(t.target, state)]
        if not state.active or not stores:
            return
        source = unverified(ctx.evaluate(node.value), frozenset(state.verified_objects))
        if source is not None and not source.path:
            state.reads.append(_Read(current_body(ctx), ctx.function, node.value, source, ctx.local(source.node),
                                     f"set `{cst.Module([]).code_for_node(stores[0])}`"))

    def on_function_end(self, function: cst.FunctionDef, ctx: Context) -> None:
        self._decide(ctx, function)

    def on_module_end(self, ctx: Context) -> None:
        self._decide(ctx, None)

    def _decide(self, ctx: Context, function: Optional[cst.FunctionDef]) -> None:
        state = ctx.per_file(_Reads)
        mine = [read for read in state.reads if function is None or read.body is function]
        state.reads = [read for read in state.reads if not (function is None or read.body is function)]
        for read in mine:  # in order: the first use of each read names it, the others add nothing
            if selects_key(read.function) or checked_on_every_path(
                    read.node, read.source.token, flow_of(ctx, read.body), ctx, any_token=True):
                continue
            helper = read.body if isinstance(read.body, cst.FunctionDef) else None
            if helper is not None and takes_token(helper, read.source.token):
                if function is not None:  # a helper given the token: decided with its callers, at the end
                    state.reads.append(read)
                    continue
                if verified_by_callers(helper, read.function, read.source.token, ctx):
                    continue
            line = ctx.range_of(read.node).start.line
            ctx.report(self, read.read_at, f"unverified token contents from {read.source.what}, used at line "
                                           f"{line} to {read.purpose}; nothing checked the signature of this "
                                           "token: verify it and use the verified claims", cause=read.read_at)


def _returns_unverified(node: cst.Call, ctx: Context) -> bool:
    """A call of a project function whose summary says it returns unverified contents."""
    return isinstance(ctx.evaluator.callee(node), FunctionRef) and unverified(ctx.evaluate(node)) is not None


def _on_error(target: cst.Attribute, state: _Reads) -> bool:
    """``e.jwt_header = header`` in an ``except ... as e``: annotating an error, not a decision."""
    return isinstance(target.value, cst.Name) and target.value.value in state.errors

