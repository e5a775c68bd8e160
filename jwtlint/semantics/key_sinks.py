"""Key sinks: the places a key is used, and the algorithms it is used with there.

A sink is a library call's ``key`` argument (``jwt.encode(p, KEY)``,
``OctKey.import_key(KEY)``, jwcrypto's ``JWK(kty="oct", k=...)``) or a framework
key setting (``JWT_SECRET_KEY``, ``SIMPLE_JWT["SIGNING_KEY"]``). What a key
must be depends on the algorithms of the sink: an HS512 key needs 64 bytes, a
public key is harmless unless HMAC is accepted too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from jwtlint.semantics.allowlists import allow_list, family
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.framework import Setting
from jwtlint.semantics.values import AnyValue, Const, DictValue

#: Every algorithm: the token header chooses (python-jose, PyJWT 1 without an allow-list).
ANY_ALGORITHM = ("*",)
#: API kinds whose ``key`` role is a key the call signs, verifies or imports.
KEY_SINK_KINDS = ("encode", "decode", "verify", "key_import", "token_object", "instance")
#: Settings naming the algorithm of the key settings beside them.
_ALGORITHM_SETTINGS = ("JWT_ALGORITHM", "AUTHJWT_ALGORITHM", "ALGORITHM")


@dataclass(frozen=True)
class KeySink:
    """A place a key is used: a call's key argument or a key setting."""

    value: AnyValue
    node: cst.CSTNode
    where: str
    #: Algorithm names used or accepted; :data:`ANY_ALGORITHM` when the header chooses; None when unknown.
    algorithms: Optional[tuple[str, ...]]
    verifying: bool = False
    #: ``None`` means "use the default" here (Flask's ``JWT_SECRET_KEY=None``), not "no key".
    none_is_default: bool = False
    #: The value is a fallback the environment overrides (a ``BaseSettings`` field default).
    fallback: bool = False


def call_key_value(call: ApiCall) -> Optional[AnyValue]:
    """The key a call passes; jwcrypto's ``JWK(kty="oct", k=...)`` passes its members as keywords."""
    if call.passed("key"):
        return call.value("key")
    if call.api.kind == "key_import" and call.api.param_for("key") is None and call.extra:
        return DictValue(node=call.node, entries=tuple(call.extra.items()), complete=not call.open_ended)
    return None


def key_fixed_by_partial(call: ApiCall) -> bool:
    """A call of a ``partial`` that fixed the key: the partial is the key's sink, reported once."""
    passed = call.arg_nodes.get("key")
    if passed is None or call.is_partial:
        return False
    pending: list[cst.CSTNode] = [call.node]
    while pending:
        node = pending.pop()
        if node is passed:
            return False
        pending.extend(node.children)
    return True


def call_algorithms(call: ApiCall) -> Optional[tuple[str, ...]]:
    """The algorithms a call signs with or accepts; :data:`ANY_ALGORITHM` when the token header chooses."""
    header = call.value("header")
    if isinstance(header, DictValue):
        alg = header.get("alg")
        if isinstance(alg, Const) and isinstance(alg.value, str):
            return (alg.value,)
    api = call.api
    if api.param_for("algorithm") is not None:
        if call.passed("algorithm"):
            return _names(call.value("algorithm"), call)
        return (api.default_algorithm,) if api.default_algorithm else None
    if api.param_for("algorithms") is not None:
        if call.passed("algorithms"):
            return _names(call.value("algorithms"), call)
        if call.receiver is not None and call.receiver.passed("algorithms"):
            return _names(call.receiver.value("algorithms"), call.receiver)
        if call.missing("algorithms") and api.algorithm_default in ("header", "header_if_raw_key"):
            return ANY_ALGORITHM
    elif api.algorithm_default == "header_if_raw_key":
        return ANY_ALGORITHM
    return (api.default_algorithm,) if api.default_algorithm else None


def setting_algorithms(setting: Setting, siblings: dict[str, Setting]) -> tuple[str, ...]:
    """The algorithm configured next to a key setting; every supported framework defaults to HS256."""
    names = ("ALGORITHM",) if setting.kind == "dict-entry" else _ALGORITHM_SETTINGS
    for name in names:
        found = siblings.get(name)
        if found is not None and isinstance(found.value, Const) and isinstance(found.value.value, str):
            return (found.value.value,)
    return ("HS256",)


def required_bytes(algorithms: Optional[tuple[str, ...]], base: int) -> Optional[int]:
    """Minimum HMAC key length for the algorithms (the least demanding HS* one); None when not HMAC."""
    if algorithms is None or algorithms == ANY_ALGORITHM:
        return base
    sizes = [int(name[2:]) for name in algorithms if family(name) == "symmetric" and name[2:].isdigit()]
    if not sizes:
        return None
    return base * min(sizes) // 256


def hmac_allowed(algorithms: Optional[tuple[str, ...]]) -> bool:
    return algorithms == ANY_ALGORITHM or any(family(name) == "symmetric" for name in algorithms or ())


def hmac_accepted_label(algorithms: Optional[tuple[str, ...]]) -> str:
    """The HMAC algorithms a verification accepts, in words."""
    if algorithms == ANY_ALGORITHM:
        return "any algorithm the token names"
    return ", ".join(name for name in algorithms or () if family(name) == "symmetric")


def only_none(algorithms: Optional[tuple[str, ...]]) -> bool:
    return bool(algorithms) and algorithms != ANY_ALGORITHM and all(family(name) == "none" for name in algorithms or ())


def algorithm_label(algorithms: Optional[tuple[str, ...]]) -> str:
    if algorithms is None or algorithms == ANY_ALGORITHM:
        return "HS256 (assumed)"
    return "/".join(name for name in algorithms if family(name) == "symmetric")


def _names(value: Optional[AnyValue], call: ApiCall) -> Optional[tuple[str, ...]]:
    allowed = allow_list(value, call.api)
    return allowed.names if allowed is not None and allowed.complete and allowed.names else None
