"""JWT101: a decode, verify or token-object call that turns signature checking off.

A peek (reading a token to choose its key, then verifying it) is no finding: the call is
decided when the walk leaves its function, on that function's ordered facts, so that every
path after it is known (:func:`jwtlint.rules.later.checked_on_every_path`).
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
    names_verification,
    site_body,
    takes_token,
    verified_by_callers,
)
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.flow.facts import End
from jwtlint.semantics.unverified import (
    TIMING_CLAIMS,
    argument_node,
    selects_key,
    signature_switch,
    token_text,
)


@dataclass
class _Calls:
    """Per file: the body each library call was walked in, and the calls waiting for its end."""

    walked: dict[cst.CSTNode, Body] = field(default_factory=dict)
    pending: list[tuple[Body, ApiCall]] = field(default_factory=list)
    #: Calls in helpers given the token, decided at the module's end with their call sites.
    helpers: list[tuple[Body, ApiCall]] = field(default_factory=list)


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
            "pins, `verify=False` does nothing and is JWT703 instead. Also reported: a read that verifies "
            "nothing used as the check (`python_jwt.process_jwt(t)` as a statement, or returned by a "
            "function named like `verify_token`). Not reported: a peek, when every path after it verifies "
            "the same token or ends without using what was read (in a helper given the token: every "
            "caller in the module verifies it afterwards), and a read of only the token's times (`exp`, "
            "`iat`, `nbf`: a client scheduling the refresh of the token it was issued).")
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
        'import python_jwt\n\ndef check(token):\n    python_jwt.process_jwt(token)\n    return True\n',
    )
    valid = (
        'import jwt\njwt.decode(t, k, algorithms=["HS256"], options={"verify_signature": True})\n',
        'import requests\nrequests.get(url, verify=False)\n',
    )

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        if call.site is not None:  # a wrapper's sink checked at a call site, after the walk
            self._decide(call, site_body(call, ctx), ctx)
            return
        state = ctx.per_file(_Calls)
        body = state.walked.get(call.node)
        if body is None and not ctx.project.is_foreign(call.node):
            body = current_body(ctx)
            if body is not None:
                state.walked[call.node] = body
                if signature_switch(call) is not None or call.api.kind == "unverified_read":
                    state.pending.append((body, call))
                return
        # A default value checked where its function is defined, after the walk.
        self._decide(call, body, ctx)

    def on_function_end(self, function: cst.FunctionDef, ctx: Context) -> None:
        self._decide_pending(ctx, function)

    def on_module_end(self, ctx: Context) -> None:
        self._decide_pending(ctx, None)

    def _decide_pending(self, ctx: Context, function: Optional[cst.FunctionDef]) -> None:
        state = ctx.per_file(_Calls)
        mine: list[tuple[Body, ApiCall]] = []
        rest: list[tuple[Body, ApiCall]] = []
        for item in state.pending:
            (mine if function is None or item[0] is function else rest).append(item)
        state.pending = rest
        for body, call in mine:
            self._decide(call, body, ctx, final=False)
        if function is None:
            for helper, call in state.helpers:
                self._decide(call, helper, ctx)
            state.helpers = []

    def _decide(self, call: ApiCall, body: Optional[Body], ctx: Context, final: bool = True) -> None:
        found = signature_switch(call)
        if found is None and isinstance(body, cst.FunctionDef):
            self._read_as_check(call, body, ctx)
        # Through a wrapper, what follows is read after the call site, in the function calling it.
        node, qualname = (call.site.node, call.site.caller) if call.site is not None else (call.node, call.function)
        if found is None or selects_key(call.function) or selects_key(qualname):
            return
        # A peek is a function's way to choose a key; at module level a decode is the program's.
        function = body if isinstance(body, cst.FunctionDef) else None
        token = token_text(call)
        flow = flow_of(ctx, function)
        if checked_on_every_path(node, token, flow, ctx) or flow is not None and flow.read_only_for(node, TIMING_CLAIMS):
            return
        if function is not None and takes_token(function, token):
            if not final:  # a helper given the token: its callers may verify it, seen by the module's end
                ctx.per_file(_Calls).helpers.append((function, call))
                return
            if verified_by_callers(function, qualname, token, ctx):
                return
        role, spelled = found
        ctx.report(self, call.node, f"signature verification disabled ({spelled}) in {call.api.name}(): "
                                    "any forged token is accepted", cause=argument_node(call, role))

    def _read_as_check(self, call: ApiCall, function: cst.FunctionDef, ctx: Context) -> None:
        """A read that verifies nothing used as the check: ``process_jwt(t)`` as a statement (its
        result thrown away), or returned by a function whose name says it verifies or decodes."""
        if call.api.kind != "unverified_read":
            return
        flow = flow_of(ctx, function)
        step = flow.statement_of(call.node) if flow is not None else None
        if step is None:
            return
        if step.discarded and step.calls and step.calls[-1].node is call.node:
            if checked_on_every_path(call.node, token_text(call), flow, ctx):
                return
            what = "its result is thrown away, so this statement checks nothing"
        elif step.end is End.RETURN and step.value is call.node and names_verification(function.name):
            what = f"{function.name.value}() returns it as if it were verified"
        else:
            return
        ctx.report(self, call.node, f"{call.api.name}() does not verify the token's signature and {what}: "
                                    "any forged token is accepted")
