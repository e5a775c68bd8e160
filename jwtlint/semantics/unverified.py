"""Token contents that no signature check vouches for, and where they come from.

Whether a call turns verification off, and which values are a token's contents
read without a check: the verification rules report where such contents are read
or decide something, the algorithm rules where they choose the accepted
algorithms, the failure rules where an ``except`` branch falls back to them.
The sources:

- an API that reads without verifying by design (``get_unverified_header``,
  ``get_unverified_claims``, ``python_jwt.process_jwt``, ``get_unverified_jwt_headers``);
- a decode or token object with verification turned off, in any library's spelling;
- the raw ``objects`` of a jwcrypto token deserialised without a key;
- a token parsed by hand: ``json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import libcst as cst

from jwtlint.semantics.allowlists import allow_list
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.hand_parsing import HandParsed
from jwtlint.semantics.values import AnyValue, CallResult, Const, Derived, truthiness

#: Claims that say when a token is valid, not who sent it: a client reading the ``exp`` of the
#: token it was just issued (to schedule a refresh) decides nothing about trust with it.
TIMING_CLAIMS = frozenset({"exp", "iat", "nbf"})
#: Kinds of calls that verify a token unless told not to.
VERIFYING_KINDS = ("decode", "verify", "token_object")
_EMPTY = cst.Module(body=[])


#: Names of functions whose job is to find the key a token is then verified with: ``_get_secret``,
#: ``get_signing_key``, ``jwks_for``, ``key_for_token``, ``resolve_kid``.
_KEY_SELECTION = re.compile(
    r"^_*(?:get|find|fetch|load|lookup|resolve|select|choose|pick|retrieve)_(?:\w+_)?"
    r"(?:key|keys|secret|secrets|jwk|jwks|kid)$"
    r"|^_*(?:signing_)?(?:key|keys|secret|secrets|jwk|jwks|kid)(?:_for(?:_\w+)?)?$")


def selects_key(function: Optional[str]) -> bool:
    """Reading a token unverified inside a key-finding function is the "peek" of peek-then-verify:
    its caller verifies the token with the key it returns (sanic-jwt's ``_get_secret``)."""
    if not function:
        return False
    return bool(_KEY_SELECTION.search(function.rsplit(".", 1)[-1].lower()))


def signature_switch(call: ApiCall) -> Optional[tuple[str, str]]:
    """The role whose value turns signature checking off in this call, and how it is spelled.

    Looks at the ``verify`` role (PyJWT 1, python-jose ``jws.verify``, simplejwt
    tokens, google-auth, GehirnInc), at the options switch that the row maps to
    "signature" (PyJWT 2, python-jose, ``PyJWT(options=...)``), and at an empty key
    with ``"none"`` allowed where that skips the check (python_jwt).
    Returns None unless verification is certainly off.
    """
    if call.api.kind not in VERIFYING_KINDS:
        return None
    verify = call.value("verify")
    if verify is not None and truthiness(verify) is False and call.passed("verify"):
        return "verify", f"{call.api.param_for('verify')}={_spell(verify)}"
    options = call.options()
    for switch, meaning in call.api.option_switches.items():
        if meaning != "signature":
            continue
        value = options.get(switch)
        if value is not None and truthiness(value) is False:
            return "options", f'options["{switch}"]={_spell(value)}'
    if call.api.none_verification == "keyless":
        allowed = allow_list(call.value("algorithms"), call.api)
        key = call.value("key")
        if allowed is not None and allowed.allows_none() and key is not None and truthiness(key) is False:
            return "key", f'{call.api.param_for("key")}={_spell(key)} with "none" allowed'
    return None


def _spell(value: AnyValue) -> str:
    return repr(value.value) if isinstance(value, Const) else "False"


def argument_node(call: ApiCall, role: str) -> Optional[cst.CSTNode]:
    """The argument expression behind a finding, used as its ``cause``: a ``partial`` and its call
    report once, two calls passing the same constant report twice. None when not an argument."""
    return call.arg_nodes.get(call.api.param_for(role) or "")


def source_text(node: Optional[cst.CSTNode]) -> Optional[str]:
    return _EMPTY.code_for_node(node) if node is not None else None


def token_text(call: ApiCall) -> Optional[str]:
    """The source text of the token a call reads, through the instance it is called on if need be."""
    for candidate in (call, call.receiver):
        if candidate is not None and candidate.passed("token"):
            return source_text(candidate.site_node_for("token"))
    return None


@dataclass(frozen=True)
class Unverified:
    """Contents of a token whose signature was not checked.

    ``path`` holds the keys read from the source, outermost source first
    (``["header", "alg"]`` for ``decode_complete(...)["header"]["alg"]``); ``token``
    is the source text of the token expression when known.
    """

    what: str
    node: cst.CSTNode
    token: Optional[str]
    path: tuple[str, ...]
    header: bool

    @property
    def key(self) -> str:
        return self.path[-1] if self.path else ""


def unverified(value: Optional[AnyValue],
               verified_objects: frozenset[cst.CSTNode] = frozenset()) -> Optional[Unverified]:
    """Where ``value`` comes from if it is (read out of) unverified token contents, else None.

    ``verified_objects`` holds the nodes of token objects verified later with a key
    (jwcrypto ``jws.deserialize(raw, key)``), whose ``objects`` are then trustworthy.
    """
    path: list[str] = []
    while isinstance(value, Derived):
        path.append(value.key)
        value = value.base
    path.reverse()
    if not isinstance(value, CallResult) or value.node is None:
        return None
    first = path[0] if path else ""
    if isinstance(value, HandParsed):
        return Unverified("a token parsed by hand", value.node, source_text(value.token), tuple(path), value.header)
    if value.call is None:
        return None
    call: ApiCall = value.call
    api = call.api
    if api.kind == "unverified_read":
        header = "header" in api.name.lower() or first == "0"
        return Unverified(f"{api.name}()", value.node, token_text(call), tuple(path), header)
    if signature_switch(call) is not None:
        return Unverified(f"{api.name}() with verification off", value.node, token_text(call), tuple(path),
                          first == "header")
    if _reads_raw_part(path) and api.is_class and not call.passed("key") and value.node not in verified_objects:
        return Unverified(f"{api.name}() deserialised without a key", value.node, token_text(call), tuple(path),
                          "protected" in path or "header" in path)
    return None


def _reads_raw_part(path: list[str]) -> bool:
    """``objects["payload"]`` parsed and read further (``json.loads(...)["sub"]``): a claim of a raw part."""
    return "objects" in path and len(path) > path.index("objects") + 2
