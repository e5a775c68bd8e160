"""JWT205: an allow-list given as a ``str``, which PyJWT and python-jose test as a substring."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.semantics.allowlists import accepted
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.unverified import argument_node, signature_switch
from jwtlint.semantics.values import Const

if TYPE_CHECKING:
    from jwtlint.engine.context import Context


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

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        if not call.api.algorithms_substring or call.api.kind not in ("decode", "verify"):
            return
        value = call.value("algorithms")
        allowed = accepted(call) if signature_switch(call) is None else None
        if allowed is None or allowed.text is None or not isinstance(value, Const):
            return
        exact = allowed.names == (allowed.text,)
        admitted = ", ".join(allowed.names) or "no known algorithm"
        ctx.report(self, call.node, f"algorithms={allowed.text!r} is a string: {call.api.library} tests "
                                    f"`alg in algorithms` as a substring (admits {admitted}); pass a list",
                   severity=Severity.LOW if exact else None, cause=argument_node(call, "algorithms"))
