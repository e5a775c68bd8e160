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
from jwtlint.semantics.flow.facts import descendants
from jwtlint.semantics.literals import literal_value
from jwtlint.semantics.values import AnyValue, CallResult, Const, Derived, truthiness

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
    if value.call is None:
        parsed = hand_parsed(value) if value.api == "json.loads" else None
        if parsed is None:
            return None
        token, header = parsed
        return Unverified("a token parsed by hand", value.node, token, tuple(path), header)
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


def hand_parsed(value: CallResult) -> Optional[tuple[Optional[str], bool]]:
    """For ``json.loads(<base64 decode of a token segment>)``: (token text, is the header), else None.

    A segment is ``x.split(".")[i]``, or an indexed part (``parts[1]``) decoded as
    base64url or padded with ``=``: the shape of a JWT taken apart by hand.
    """
    node = value.node
    if not isinstance(node, cst.Call) or not node.args:
        return None
    finder = _Segment()
    finder.read(node.args[0].value)
    if not finder.base64:
        return None
    if finder.split_receiver is not None:
        return source_text(finder.split_receiver), finder.first_index == 0
    if finder.first_index is not None and (finder.urlsafe or finder.padded):
        return None, finder.first_index == 0
    return None


@dataclass
class _Segment:
    """What a ``json.loads`` argument does with a token: base64 decoding, a split on dots, an index."""

    base64: bool = False
    urlsafe: bool = False
    padded: bool = False
    split_receiver: Optional[cst.BaseExpression] = None
    first_index: Optional[int] = None

    def read(self, node: cst.CSTNode) -> None:
        """One plain walk of the expression, outer nodes first (the first index is the outermost)."""
        for current in descendants(node):
            if isinstance(current, cst.Call):
                self._call(current)
            elif isinstance(current, cst.Subscript):
                self._subscript(current)
            elif isinstance(current, cst.SimpleString):
                self._string(current)

    def _call(self, node: cst.Call) -> None:
        name = _called_name(node.func)
        if name.endswith("b64decode") or name.endswith("base64url_decode"):
            self.base64 = True
            self.urlsafe = self.urlsafe or "urlsafe" in name or "url" in name
        if name == "split" and isinstance(node.func, cst.Attribute) and node.args \
                and isinstance(node.args[0].value, cst.SimpleString) \
                and literal_value(node.args[0].value) == ".":
            self.split_receiver = node.func.value

    def _subscript(self, node: cst.Subscript) -> None:
        if self.first_index is None and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            index = node.slice[0].slice.value
            number = literal_value(index) if isinstance(index, cst.Integer) else None
            if isinstance(number, int):
                self.first_index = number

    def _string(self, node: cst.SimpleString) -> None:
        text = literal_value(node)
        if isinstance(text, bytes):
            text = text.decode("latin-1")
        if isinstance(text, str) and text and not text.strip("="):
            self.padded = True


def _called_name(func: cst.BaseExpression) -> str:
    if isinstance(func, cst.Attribute):
        return func.attr.value
    if isinstance(func, cst.Name):
        return func.value
    return ""
