"""JWT308: private key material in the source, a PEM literal or a JWK dict.

A PEM private key is reported where it is written (any string literal, used
or not); a JWK dict with private members at the sink that uses it, from the
family's key analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional, Union

import libcst as cst

from jwtlint.findings import Severity
from jwtlint.rules.secrets.key_rule import KEY_LIBRARIES, KeyRule
from jwtlint.semantics import keys
from jwtlint.semantics.evidence import module_is_about_jwt
from jwtlint.semantics.key_problems import KeyIssue, KeyProblem, secret_texts
from jwtlint.semantics.literals import literal_value

if TYPE_CHECKING:
    from jwtlint.engine.context import Context

_Strings = Union[cst.SimpleString, cst.ConcatenatedString]


@dataclass
class _PemScan:
    """Per file: the parts of implicitly concatenated strings already judged as a whole, and
    whether key material is in scope at all (computed on first use)."""

    judged: set[cst.CSTNode] = field(default_factory=set)
    in_scope: Optional[bool] = None


class PrivateKeyInSource(KeyRule):
    code = "JWT308"
    problems = (KeyProblem.PRIVATE_JWK,)
    name = "private-key-in-source"
    severity = Severity.HIGH
    cwe = (321,)
    summary = "Private key material is written in the source code"
    what = ("Reports a string literal holding a PEM private key (`-----BEGIN (RSA |EC |DSA |ENCRYPTED "
            "|OPENSSH )?PRIVATE KEY-----` followed by a key body), wherever it is written, and a JWK dict with "
            "private members (`d`, `p`, `q`, ...) passed as a key. A bare header in documentation or a "
            "`startswith` check is not key material, and a key in a file with no JWT use (no JWT library, no "
            "setting that says JWT) is out of scope. In example and docs code (and included test code) the severity is one step lower.")
    why = ("Whoever reads the repository can sign tokens that every verifier of the matching public key "
           "accepts, and the key cannot be rotated without a release.")
    fix = "Keep private keys out of the repository: load them from a file mounted at runtime or a KMS."
    example = ('import jwt\n\nPRIVATE_KEY = """-----BEGIN RSA PRIVATE KEY-----\n'
               'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n'
               'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n'
               '-----END RSA PRIVATE KEY-----"""\n')
    fixed_example = ('from pathlib import Path\n\nimport jwt\n\n'
                     'PRIVATE_KEY = Path("/run/secrets/jwt_private.pem").read_text()\n')
    references = ("https://cwe.mitre.org/data/definitions/321.html",
                  "https://datatracker.ietf.org/doc/html/rfc8725#section-3.5")
    libraries = KEY_LIBRARIES
    markers = (*KeyRule.markers, (b"private key-----", None))
    node_types = (*KeyRule.node_types, cst.SimpleString, cst.ConcatenatedString)
    invalid = (
        'from jose import jwk\nkey = jwk.construct({"kty": "EC", "crv": "P-256", "x": X, "y": Y, "d": "c2VjcmV0"})\n',
    )
    valid = (
        'def is_pem(text):\n    return text.startswith("-----BEGIN PRIVATE KEY-----")\n',
        'from jose import jwk\nkey = jwk.construct({"kty": "EC", "crv": "P-256", "x": X, "y": Y})\n',
    )

    def message(self, issue: KeyIssue) -> str:
        return (f"private key material in the source ({issue.facts.detail}) used by {issue.where}: load it "
                "from a file or a secret store")

    def on_node(self, node: cst.CSTNode, ctx: Context) -> None:
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            self._check_literal(node, ctx)
        else:
            super().on_node(node, ctx)

    def _check_literal(self, node: _Strings, ctx: Context) -> None:
        scan = ctx.per_file(_PemScan)
        if node in scan.judged:
            return
        value = literal_value(node)
        text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
        if not isinstance(text, str):
            return
        label = keys.private_pem(text)
        if label is None or not self._in_scope(scan, ctx):
            return
        if isinstance(node, cst.ConcatenatedString):
            scan.judged.update(_parts(node))
        ctx.report(self, node, f"private key material in the source ({label}, {len(text)} chars): load it "
                               "from a file or a secret store", secrets=secret_texts(text, node), cause=node)

    @staticmethod
    def _in_scope(scan: _PemScan, ctx: Context) -> bool:
        """A key in a file with no JWT use (an SSH or TLS helper) is another linter's business."""
        if scan.in_scope is None:
            scan.in_scope = module_is_about_jwt(ctx.evaluator.fallback)
        return scan.in_scope


def _parts(node: cst.ConcatenatedString) -> list[cst.CSTNode]:
    """The strings ``"a" "b" "c"`` is made of (nested concatenations included)."""
    found: list[cst.CSTNode] = []
    for part in (node.left, node.right):
        found.append(part)
        if isinstance(part, cst.ConcatenatedString):
            found.extend(_parts(part))
    return found
