"""JWT202: the allow-list is filled from the token it is meant to constrain."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.semantics.allowlists import ALLOW_LIST_KINDS
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.token_derived import Constraint, TokenValueChecks, token_sources
from jwtlint.semantics.unverified import argument_node, unverified

if TYPE_CHECKING:
    from jwtlint.engine.context import Context


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
            "or the application's own setting (`if alg not in ALLOWED: raise`, `if alg != \"RS256\": return "
            "None`, `if alg != self.sign_algo: raise`) is that value and is not reported; compared with constants elsewhere, the finding is kept at low severity, as it is for libraries whose "
            "typed keys fix the family anyway (jwcrypto, pyjwkest).")
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
    libraries = ("PyJWT", "python-jose", "Authlib", "jwcrypto", "python_jwt", "pyjwkest")
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
        if call.api.kind not in ALLOW_LIST_KINDS:
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
        typed = call.api.typed_keys_only
        consequence = ("the check is void, only the typed keys still fix the family" if typed
                       else "the attacker chooses the algorithm")
        ctx.report(self, call.node, f"{call.api.name}() takes its allowed algorithms from the unverified token "
                                    f"({read}): {consequence}", severity=Severity.LOW if typed else None,
                   cause=argument_node(call, "algorithms"))
