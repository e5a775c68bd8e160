"""Values taken from a token's own unverified contents, and whether code constrains them.

A verification whose allow-list (algorithms, audience, issuer) is filled from the
token it verifies lets the token choose what it is checked against. Code often
constrains such a value first: ``if alg not in ALLOWED: raise`` makes it one of the
constants past that line (*guarded*); ``alg in ALLOWED`` elsewhere compares it with
constants without proving which branch the verification is in (*compared*).

This module holds those facts for one file, keyed by where the value was read
(its source node and the keys read from it), so that every rule that asks "is this
value the token's own, and is it constrained" sees the same answer. Which reads are
unverified is for the caller to say (``source_of``): the rules' view of unverified
contents (``jwtlint.semantics.unverified.unverified``) is one such function.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Callable, Optional, Protocol, TypeVar

import libcst as cst

from jwtlint.semantics.values import AnyValue, Const, DictValue, SeqValue


class TokenSource(Protocol):
    """Where a value was read from an unverified token: the reading node and the keys read."""

    @property
    def node(self) -> cst.CSTNode: ...

    @property
    def path(self) -> tuple[str, ...]: ...


SourceT = TypeVar("SourceT", bound=TokenSource)
Evaluate = Callable[[Optional[cst.CSTNode]], AnyValue]
SourceOf = Callable[[Optional[AnyValue]], Optional[SourceT]]
SourceKey = tuple[cst.CSTNode, tuple[str, ...]]


class Constraint(Enum):
    """How far code constrains the token-derived values of one argument."""

    NONE = "none"
    #: Compared with constants somewhere, without a branch that rejects every other value.
    COMPARED = "compared"
    #: Rejected (``raise``/``return``) unless it equals one of the constants.
    GUARDED = "guarded"


def key_of(source: TokenSource) -> SourceKey:
    return source.node, source.path


def token_sources(value: Optional[AnyValue], source_of: SourceOf[SourceT]) -> list[SourceT]:
    """The token-derived reads in ``value`` or, for a list, in its items (keys read, not the whole token)."""
    items = value.items if isinstance(value, SeqValue) else (value,)
    return [source for source in (source_of(item) for item in items) if source is not None and source.path]


@dataclass
class TokenValueChecks:
    """The token-derived values of one file compared with constants, or guarded by a rejecting branch."""

    compared: set[SourceKey] = field(default_factory=set)
    guarded: set[SourceKey] = field(default_factory=set)
    _seen: set[cst.CSTNode] = field(default_factory=set, repr=False)

    def note(self, node: cst.CSTNode, evaluate: Evaluate, source_of: SourceOf[SourceT]) -> None:
        """Record what a ``Comparison`` or an ``If`` says about a token-derived value (each node once,
        whichever rule sees it first)."""
        if node in self._seen:
            return
        self._seen.add(node)
        if isinstance(node, cst.If):
            guarded = rejecting_guard(node, evaluate, source_of)
            source = source_of(evaluate(guarded)) if guarded is not None else None
            if source is not None:
                self.guarded.add(key_of(source))
        elif isinstance(node, cst.Comparison):
            compared = constant_comparison(node, evaluate, source_of)
            source = source_of(evaluate(compared)) if compared is not None else None
            if source is not None:
                self.compared.add(key_of(source))

    def constraint(self, sources: Iterable[TokenSource]) -> Constraint:
        """The weakest constraint over ``sources``: GUARDED only when every one of them is guarded."""
        keys = [key_of(source) for source in sources]
        if keys and all(key in self.guarded for key in keys):
            return Constraint.GUARDED
        if keys and all(key in self.compared or key in self.guarded for key in keys):
            return Constraint.COMPARED
        return Constraint.NONE


def constant_comparison(node: cst.Comparison, evaluate: Evaluate,
                        source_of: SourceOf[SourceT]) -> Optional[cst.BaseExpression]:
    """The expression ``node`` compares with constants (``x in ALLOWED``, ``x == "RS256"``) or with
    the application's own setting (``x == self.algorithm``), else None."""
    if not isinstance(node.left, (cst.Name, cst.Subscript, cst.Call)):
        return None
    if any(_against_constants(target, evaluate, source_of) for target in node.comparisons):
        return node.left
    return None


def rejecting_guard(node: cst.If, evaluate: Evaluate, source_of: SourceOf[SourceT]) -> Optional[cst.BaseExpression]:
    """For ``if x != CONST: raise`` / ``if x not in ALLOWED: return`` / ``if x != self.algorithm:
    raise``: ``x``, which past the ``if`` is one of the application's values. None for any other ``if``."""
    test = node.test
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1
            and isinstance(test.comparisons[0].operator, (cst.NotEqual, cst.NotIn))
            and _against_constants(test.comparisons[0], evaluate, source_of) and _rejects(node.body)):
        return None
    return test.left


def _rejects(body: cst.BaseSuite) -> bool:
    """The branch ends by raising or returning: code after the ``if`` runs only when the test failed."""
    statements = body.body
    last = statements[-1] if statements else None
    if isinstance(last, cst.SimpleStatementLine):
        return any(isinstance(small, (cst.Raise, cst.Return)) for small in last.body)
    return False


def _against_constants(target: cst.ComparisonTarget, evaluate: Evaluate, source_of: SourceOf[SourceT]) -> bool:
    operator = target.operator
    value = evaluate(target.comparator)
    if _setting(target.comparator) and not token_sources(value, source_of) and source_of(value) is None:
        # A value the application chose, even when it is unknown here (``self.OIDC_RP_SIGN_ALGO``
        # read from the settings): the token cannot choose it.
        return isinstance(operator, (cst.Equal, cst.NotEqual, cst.In, cst.NotIn))
    if isinstance(operator, (cst.In, cst.NotIn)):
        if isinstance(value, SeqValue):
            return value.complete and bool(value.items) and all(isinstance(i, Const) for i in value.items)
        return isinstance(value, DictValue) and value.complete and bool(value.entries)
    if isinstance(operator, (cst.Equal, cst.NotEqual)):
        return isinstance(value, Const) and isinstance(value.value, str)
    return False


def _setting(node: cst.BaseExpression) -> bool:
    """An attribute of a named object (``self.algorithm``, ``settings.JWT_ALGORITHMS``): how an
    application names its own configured value. A bare name may be anything (a parameter, a
    value read from the request), so only constants count for it."""
    if not isinstance(node, cst.Attribute):
        return False
    while isinstance(node, cst.Attribute):
        node = node.value
    return isinstance(node, cst.Name)
