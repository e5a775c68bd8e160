"""Abstract values: what the analysis knows about an expression statically.

The analysis never guesses. An expression it cannot pin down evaluates to
:data:`UNKNOWN`; rules only report on values they can see. Every value
remembers the CST node it came from, so that a rule can point at it and mask
the source text of a secret.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

if TYPE_CHECKING:
    import libcst as cst

    from jwtlint.semantics.calls import ApiCall


@dataclass(frozen=True)
class Value:
    """Base of all abstract values; ``node`` is where the value was written."""

    node: Optional[cst.CSTNode] = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Unknown(Value):
    """Anything the analysis cannot resolve."""


UNKNOWN = Unknown()


@dataclass(frozen=True)
class Const(Value):
    """A literal str, bytes, int, float, bool or None (also resolved through names)."""

    value: Any = None
    #: Dotted name of the constant the value came through, e.g. ``settings.SECRET_KEY``.
    via: str = ""

    def is_text(self) -> bool:
        return isinstance(self.value, (str, bytes))


@dataclass(frozen=True)
class DictValue(Value):
    """A dict whose known entries have constant string keys.

    ``complete`` is False when part of the dict could not be resolved (a ``**``
    of something unknown, a non-constant key): a missing key then proves nothing.

    ``spread`` is a parameter of the enclosing function whose entries come first
    (``to_encode = data.copy(); to_encode.update(exp=...)``, ``{**claims, "exp": ...}``):
    the dict is incomplete inside the function, and becomes whole at each call site
    of it, where the parameter is known. ``rest_complete`` says whether everything
    but the spread is known.
    """

    entries: tuple[tuple[str, AnyValue], ...] = ()
    complete: bool = True
    spread: Optional[Param] = None
    rest_complete: bool = True

    def get(self, key: str) -> Optional[AnyValue]:
        for k, v in reversed(self.entries):
            if k == key:
                return v
        return None

    def keys(self) -> list[str]:
        seen: dict[str, None] = {}
        for k, _ in self.entries:
            seen[k] = None
        return list(seen)

    def with_entry(self, key: str, value: AnyValue) -> DictValue:
        return replace(self, entries=self.entries + ((key, value),))

    def merged(self, other: AnyValue) -> DictValue:
        if isinstance(other, DictValue) and other.spread is None:
            return replace(self, entries=self.entries + other.entries, complete=self.complete and other.complete,
                           rest_complete=self.rest_complete and other.complete)
        if isinstance(other, (DictValue, Param)) and not self.entries and self.spread is None:
            return DictValue.spreading(other, self.node)
        return replace(self, complete=False, rest_complete=False)

    def incomplete(self) -> DictValue:
        return replace(self, complete=False, rest_complete=False)

    @staticmethod
    def spreading(base: Union[DictValue, Param], node: Optional[cst.CSTNode] = None) -> DictValue:
        """A dict that starts with the entries of ``base``: a parameter, or a dict that spreads one."""
        if isinstance(base, DictValue):
            return replace(base, node=node if node is not None else base.node)
        return DictValue(node=node, entries=(), complete=False, spread=base, rest_complete=True)


@dataclass(frozen=True)
class SeqValue(Value):
    """A list, tuple or set literal; ``complete`` as for :class:`DictValue`."""

    items: tuple[AnyValue, ...] = ()
    complete: bool = True

    def constants(self) -> list[Any]:
        return [item.value for item in self.items if isinstance(item, Const)]


@dataclass(frozen=True)
class Param(Value):
    """A parameter of the enclosing function: resolved later, at each call site."""

    function: str = ""
    name: str = ""


@dataclass(frozen=True)
class CallResult(Value):
    """The result of a call to a known API (e.g. ``jwt.get_unverified_header(t)``)."""

    api: str = ""
    call: Optional[ApiCall] = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Derived(Value):
    """A value read out of another one: ``x["alg"]``, ``x.get("alg")``, ``x.key``.

    Keeps the chain so that taint-like rules can ask where data came from.
    """

    base: AnyValue = UNKNOWN
    key: str = ""


@dataclass(frozen=True)
class EnvLookup(Value):
    """``os.environ.get(NAME, default)`` and its relatives: a runtime value with a fallback."""

    name: str = ""
    default: Optional[AnyValue] = None


@dataclass(frozen=True)
class Symbol(Value):
    """A reference to a well-known object, such as ``datetime.timedelta`` or a class."""

    qualname: str = ""


AnyValue = Union[Unknown, Const, DictValue, SeqValue, Param, CallResult, Derived, EnvLookup, Symbol, Value]


def origin(value: AnyValue) -> AnyValue:
    """Follow a :class:`Derived` chain back to the value it was read from."""
    while isinstance(value, Derived):
        value = value.base
    return value


@dataclass(frozen=True)
class Guarded(Value):
    """A dict entry set only when a parameter-dependent condition holds.

    ``if allow_expired: options["verify_exp"] = False`` inside a wrapper is not a
    finding at the library call; at a call site that passes ``allow_expired=True``
    the condition resolves and the entry becomes a plain ``False``.
    """

    condition: AnyValue = UNKNOWN
    value: AnyValue = UNKNOWN
    negated: bool = False


@dataclass(frozen=True)
class Comparison(Value):
    """``a is False``, ``a == "x"``, ``a is not None`` with a parameter on one side.

    Kept (not folded) only when a side depends on a parameter, so that a condition
    guarding a wrapper's options resolves at each call site.
    """

    operator: str = "=="
    left: AnyValue = UNKNOWN
    right: AnyValue = UNKNOWN

    def folded(self) -> AnyValue:
        if isinstance(self.left, Const) and isinstance(self.right, Const):
            outcome = COMPARISONS[self.operator](self.left.value, self.right.value)
            return Const(node=self.node, value=outcome)
        return self


COMPARISONS: dict[str, Callable[[object, object], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "is": lambda a, b: a is b,
    "is not": lambda a, b: a is not b,
}


def contains_param(value: AnyValue) -> bool:
    """True when the value depends on a parameter of the enclosing function."""
    if isinstance(value, Param):
        return True
    if isinstance(value, Guarded):
        return contains_param(value.condition) or contains_param(value.value)
    if isinstance(value, Comparison):
        return contains_param(value.left) or contains_param(value.right)
    if isinstance(value, DictValue):
        return value.spread is not None or any(contains_param(v) for _, v in value.entries)
    if isinstance(value, SeqValue):
        return any(contains_param(v) for v in value.items)
    if isinstance(value, Derived):
        return contains_param(value.base)
    return False


def substitute(value: AnyValue, bindings: dict[str, AnyValue]) -> AnyValue:
    """Replace parameters by the values a call site passes for them."""
    if isinstance(value, Param):
        return bindings.get(value.name, UNKNOWN)
    if isinstance(value, Comparison):
        return Comparison(node=value.node, operator=value.operator, left=substitute(value.left, bindings),
                          right=substitute(value.right, bindings)).folded()
    if isinstance(value, Guarded):
        holds = truthiness(substitute(value.condition, bindings))
        if holds is None:
            return Guarded(node=value.node, condition=substitute(value.condition, bindings),
                           value=substitute(value.value, bindings), negated=value.negated)
        return substitute(value.value, bindings) if holds != value.negated else _ABSENT
    if isinstance(value, DictValue):
        entries = tuple((k, v) for k, v in ((k, substitute(v, bindings)) for k, v in value.entries)
                        if v is not _ABSENT)
        if value.spread is None:
            return DictValue(node=value.node, complete=value.complete, entries=entries)
        base = substitute(value.spread, bindings)
        if isinstance(base, DictValue) and base.spread is None:
            return DictValue(node=base.node, entries=base.entries + entries,
                             complete=base.complete and value.rest_complete)
        return DictValue(node=value.node, complete=False, entries=entries)
    if isinstance(value, SeqValue):
        return SeqValue(node=value.node, complete=value.complete,
                        items=tuple(substitute(v, bindings) for v in value.items))
    if isinstance(value, Derived):
        base = substitute(value.base, bindings)
        if isinstance(base, Instance):  # self.options, with self the instance a call site passes
            found = base.attribute(value.key)
            if found is not None:
                return found
        return Derived(node=value.node, base=base, key=value.key)
    return value


#: What a guarded entry becomes when its condition is false: it was never set.
_ABSENT = Unknown()


def truthiness(value: AnyValue) -> Optional[bool]:
    """The static truth value, or None when it is not known."""
    if isinstance(value, Const):
        return bool(value.value)
    if isinstance(value, DictValue) and value.complete:
        return bool(value.entries)
    if isinstance(value, SeqValue) and value.complete:
        return bool(value.items)
    return None


@dataclass(frozen=True)
class FunctionRef(Value):
    """A function or method of the project (a possible wrapper); ``module`` is the file defining it."""

    qualname: str = ""
    params: tuple[str, ...] = ()
    defaults: tuple[tuple[str, AnyValue], ...] = ()
    module: str = ""


@dataclass(frozen=True)
class ClassRef(Value):
    """A class defined in the scanned module; keeps its attribute values (config classes)."""

    qualname: str = ""
    bases: tuple[str, ...] = ()
    attributes: tuple[tuple[str, AnyValue], ...] = ()
    #: The file defining the class.
    module: str = ""

    def attribute(self, name: str) -> Optional[AnyValue]:
        for key, value in reversed(self.attributes):
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class ModuleRef(Value):
    """A module of the scanned project, found on disk from an import."""

    path: str = ""
    dotted: str = ""


@dataclass(frozen=True)
class ProjectMember(Value):
    """A name imported from another module of the project (``from app.utils.tokens import decode``).

    Looked up in that module only when it is called: importing ``User`` from ``models`` costs
    nothing until ``User(...)`` is evaluated.
    """

    path: str = ""
    name: str = ""


@dataclass(frozen=True)
class PartialValue(Value):
    """``functools.partial(api, ...)``: calling it is a call of ``api`` with merged arguments."""

    call: Optional[ApiCall] = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Instance(Value):
    """An instance of a class of the project.

    ``attributes`` are the ``self.`` attributes its ``__init__`` sets, as the constructor call
    that made it resolves them (``TokenCodec(key, verify=False)``).
    """

    cls: Optional[ClassRef] = None
    attributes: tuple[tuple[str, AnyValue], ...] = ()

    def attribute(self, name: str) -> Optional[AnyValue]:
        for key, value in reversed(self.attributes):
            if key == name:
                return value
        return self.cls.attribute(name) if self.cls is not None else None


@dataclass(frozen=True)
class TokenSegments(Value):
    """``text.split(".")``, or one of its items (``index``): parts of what may be a compact JWT.

    ``text`` is the expression split; ``padded`` says ``=`` padding (or anything) was appended
    to the segment. :mod:`jwtlint.semantics.hand_parsing` asks for it behind a ``json.loads``.
    """

    text: Optional[cst.BaseExpression] = field(default=None, compare=False, repr=False)
    index: Optional[int] = None
    padded: bool = False


@dataclass(frozen=True)
class TimeOffset(Value):
    """A moment relative to the clock: ``datetime.utcnow() + timedelta(hours=1)``, ``time.time() + 3600``.

    ``seconds`` is the offset from "now"; ``via`` names the constant the offset came
    through (``ACCESS_TOKEN_EXPIRE_MINUTES``), so a rule can tell a named setting from a literal;
    ``defined`` is where that constant is written (possibly in another module), for the
    finding's ``defined_at``.
    """

    seconds: float = 0.0
    via: str = ""
    defined: Optional[cst.CSTNode] = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ObjectDump(Value):
    """A whole object turned into a dict: ``vars(user)``, ``user.__dict__``, ``user.model_dump()``.

    ``how`` is the expression as written (``vars(user)``), for messages; ``subject`` is the
    object's name (``user``).
    """

    how: str = ""
    subject: str = ""
