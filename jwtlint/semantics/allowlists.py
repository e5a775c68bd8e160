"""What an algorithm allow-list admits, as far as the code shows it.

Shared by the algorithm rules, the key rules and the check for verification turned
off (python_jwt accepts unsigned tokens when ``"none"`` is allowed and no key is given). A list of constants is read as
written; a ``str`` is read the way the library reads it (PyJWT and python-jose
test membership with ``in``, so a string admits every algorithm name it
contains); PyJWT's ``get_default_algorithms()`` admits every registered
algorithm. Anything else is not known and admits nothing we can name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from jwtlint import apis
from jwtlint.apis.spec import Api
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.evaluate import result_class
from jwtlint.semantics.values import AnyValue, CallResult, Const, SeqValue

#: Calls that carry an allow-list: verifications, and the instances or token objects holding one.
ALLOW_LIST_KINDS = ("decode", "verify", "instance", "token_object")

#: Every JWS algorithm name the supported libraries register, longest first so that
#: substring matching in a ``str`` allow-list finds ``ES256K`` before ``ES256``.
KNOWN_ALGORITHMS = ("ES256K", "EdDSA", "Ed25519", "Ed448", "HS256", "HS384", "HS512", "RS256", "RS384",
                    "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "none")
#: What PyJWT's ``get_default_algorithms()`` holds when ``cryptography`` is installed.
PYJWT_DEFAULT_ALGORITHMS = ("none", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES256K",
                            "ES384", "ES512", "PS256", "PS384", "PS512", "EdDSA")
_ASYMMETRIC_PREFIXES = ("RS", "PS", "ES", "ED")


def family(name: str) -> str:
    """"symmetric", "asymmetric", "none" or "" for a name that is not a JWS algorithm."""
    upper = name.strip().upper()
    if upper == "NONE":
        return "none"
    if upper.startswith("HS"):
        return "symmetric"
    if upper.startswith(_ASYMMETRIC_PREFIXES):
        return "asymmetric"
    return ""


@dataclass(frozen=True)
class AllowList:
    """The algorithm names an allow-list is known to admit.

    ``complete`` is False when part of it could not be resolved: a name missing
    from ``names`` then proves nothing. ``text`` is set when the list was given
    as a ``str``; ``source`` describes where a library-made set came from.
    """

    names: tuple[str, ...]
    complete: bool = True
    text: Optional[str] = None
    source: str = ""

    def families(self) -> set[str]:
        return {family(name) for name in self.names} - {""}

    def mixes_families(self) -> bool:
        return {"symmetric", "asymmetric"} <= self.families()

    def allows_none(self) -> bool:
        return "none" in self.families()


def allow_list(value: Optional[AnyValue], api: Optional[Api]) -> Optional[AllowList]:
    """The allow-list a value passed as ``algorithms`` to ``api`` (or set in a framework setting,
    ``api`` None) stands for, or None if unknown."""
    if isinstance(value, Const) and isinstance(value.value, str):
        if api is not None and api.algorithms_substring:
            return AllowList(tuple(name for name in KNOWN_ALGORITHMS if name in value.value), text=value.value)
        return AllowList((value.value,), text=value.value)
    if isinstance(value, SeqValue):
        names = tuple(item.value for item in value.items if isinstance(item, Const) and isinstance(item.value, str))
        return AllowList(names, complete=value.complete and len(names) == len(value.items))
    if isinstance(value, CallResult) and value.call is not None and value.call.api.kind == "algorithm_set":
        return AllowList(PYJWT_DEFAULT_ALGORITHMS, source=f"{value.call.api.name}()")
    return None


def accepted(call: ApiCall) -> Optional[AllowList]:
    """What the allow-list of a call that carries one admits (None when the row has no
    allow-list or it is unknown). Whether the call verifies at all is the caller's question."""
    if call.api.kind not in ALLOW_LIST_KINDS or call.api.param_for("algorithms") is None:
        return None
    return allow_list(call.value("algorithms"), call.api)


def spelled(allowed: AllowList) -> str:
    """How to show an allow-list in a message."""
    if allowed.source:
        return allowed.source
    if allowed.text is not None:
        return repr(allowed.text)
    return "[" + ", ".join(repr(name) for name in allowed.names) + "]"


def is_key_object(value: Optional[AnyValue]) -> bool:
    """A key object bound to one algorithm family (PyJWT ``PyJWK``, jwcrypto ``JWK``, joserfc keys)."""
    if not isinstance(value, CallResult):
        return False
    owner = result_class(value)
    rows = apis.lookup(owner) if owner else ()
    return bool(rows) and rows[0].typed_key
