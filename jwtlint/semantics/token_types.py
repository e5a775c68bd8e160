"""Which tokens of a file carry a type claim, and which verifications look at it.

An access-token check must tell access tokens from the refresh (or password-reset) tokens
signed with the same key. When one key mints tokens of different types (``{"type": "refresh"}``
beside untyped or ``"access"`` tokens) and a verification with that key never reads the type
claim, either kind passes it. Keys are compared by name (:func:`key_identity`: ``SECRET_KEY``
for ``settings.SECRET_KEY`` and for an imported ``SECRET_KEY``), within one file and with the
modules it imports (:mod:`jwtlint.engine.imported_mints`). Facts per file: ``ctx.per_file(TokenTypes)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.claim_checks import verifies_signature
from jwtlint.semantics.evaluate import Evaluator
from jwtlint.semantics.expected_claims import expected_values
from jwtlint.semantics.literals import literal_value
from jwtlint.semantics.values import (
    AnyValue,
    CallResult,
    Const,
    Derived,
    DictValue,
    origin,
)

#: Claims that say what kind of token it is.
TYPE_CLAIMS = frozenset({"type", "typ", "token_type", "token_use", "tokenType"})
_EMPTY = cst.Module(body=[])
#: Callee names that say the callee checks what it is given (``check_type(payload)``).
_CHECKING_WORDS = ("validat", "verify", "check", "ensure", "require")


@dataclass
class Verification:
    """A verifying call, by the key text; whether it checks a type claim itself (Authlib
    ``claims_options``, a joserfc registry)."""

    call: ApiCall
    key: str
    checks_type: bool = False


@dataclass
class TokenTypes:
    #: The module the facts are of (another module's, when they come from an import).
    path: str = ""
    #: Key identity -> the type claim of each token minted with it (None: no type claim).
    minted: dict[str, list[Optional[AnyValue]]] = field(default_factory=dict)
    #: Key identity -> the first mint with a type claim (what a message names in another module).
    typed_at: dict[str, cst.CSTNode] = field(default_factory=dict)
    verifications: list[Verification] = field(default_factory=list)
    #: Calls whose result's type claim is read somewhere in the file.
    type_read: set[cst.CSTNode] = field(default_factory=set)
    #: Calls whose whole result is returned or handed to a checking function: decided where it goes.
    leaving: set[cst.CSTNode] = field(default_factory=set)

    def record(self, call: ApiCall) -> None:
        """A library call of the module's own walk: a mint or a verification, if it is either."""
        if call.api.kind == "encode" and not call.passed("token"):
            self.mint(call)
        elif call.api.kind in ("decode", "verify") and verifies_signature(call):
            self.verify(call)

    def mint(self, call: ApiCall) -> None:
        key = key_identity(call)
        payload = call.value("payload")
        if key is None or not isinstance(payload, DictValue):
            return
        typed = next((payload.get(claim) for claim in TYPE_CLAIMS if payload.get(claim) is not None), None)
        if typed is None and not payload.complete:
            return  # a type may be added where the payload is built
        self.minted.setdefault(key, []).append(typed)
        if typed is not None:
            self.typed_at.setdefault(key, call.node)

    def verify(self, call: ApiCall) -> None:
        key = key_identity(call)
        if key is not None:
            checks_type = any(expected_values(call, claim) for claim in TYPE_CLAIMS)
            self.verifications.append(Verification(call, key, checks_type=checks_type))

    def observe(self, node: cst.CSTNode, evaluator: Evaluator) -> None:
        """A read of a type claim (``claims["type"]``, ``.get("token_use")``), or the whole result
        of a verification returned or handed to a checking function."""
        if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            if _literal(node.slice[0].slice.value) in TYPE_CLAIMS:
                self._read(evaluator.evaluate(node))
        elif isinstance(node, cst.Call) and isinstance(node.func, (cst.Attribute, cst.Name)):
            name = node.func.attr.value if isinstance(node.func, cst.Attribute) else node.func.value
            if name == "get" and node.args and _literal(node.args[0].value) in TYPE_CLAIMS:
                self._read(evaluator.evaluate(node))
            elif any(word in name.lower() for word in _CHECKING_WORDS):
                for arg in node.args:
                    self._leave(evaluator.evaluate(arg.value))
        elif isinstance(node, cst.Return) and node.value is not None:
            self._leave(evaluator.evaluate(node.value))

    def unchecked(self) -> list[Verification]:
        """Verifications whose result's type is never looked at, in this file or where it goes."""
        return [v for v in self.verifications if not v.checks_type
                and v.call.node not in self.type_read and v.call.node not in self.leaving]

    def types_of(self, key: str, elsewhere: Sequence[TokenTypes] = ()) -> Optional[list[Optional[AnyValue]]]:
        """The type claims of tokens minted with ``key`` here and in the modules ``elsewhere``
        when they differ; None when all agree."""
        types = [*self.minted.get(key, []), *(typed for other in elsewhere for typed in other.minted.get(key, []))]
        if not any(typed is not None for typed in types):
            return None
        spelled = {typed.value if isinstance(typed, Const) else typed for typed in types}
        return types if len(spelled) > 1 or not all(isinstance(t, Const) for t in types) else None

    def _read(self, value: AnyValue) -> None:
        source = origin(value) if isinstance(value, Derived) else None
        if isinstance(source, CallResult) and source.node is not None:
            self.type_read.add(source.node)

    def _leave(self, value: AnyValue) -> None:
        if isinstance(value, CallResult) and value.node is not None:
            self.leaving.add(value.node)


def key_identity(call: ApiCall) -> Optional[str]:
    """The key argument as compared between calls: the last name of a name or attribute
    (``settings.SECRET_KEY`` and ``SECRET_KEY`` are one key), else its source text."""
    param = call.api.param_for("key")
    node = call.arg_nodes.get(param) if param else None
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return _EMPTY.code_for_node(node) if node is not None else None


def _literal(node: cst.BaseExpression) -> object:
    return literal_value(node) if isinstance(node, cst.SimpleString) else None
