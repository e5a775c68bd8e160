"""What a key or secret *is*, statically: where it comes from and how long it is.

Rules about keys ask one question of a value that reaches a key position:
"is it written in the source, empty, generated, read from the environment,
a public key, a password, a clock?". :func:`key_facts` answers it for any
abstract value, following the spellings Python offers (``bytes.fromhex``,
``base64.b64decode``, ``.encode()``, JWK dicts and JSON, ``secrets.*``,
``open(...).read()``). It never guesses: what it cannot pin down is
``UNKNOWN_SOURCE``.

Lengths are what the library measures: UTF-8 bytes of a ``str``, decoded bytes
of hex/base64 material, ``k`` of an ``oct`` JWK decoded from base64url. A
generated key also has its entropy: the random bytes it was made from, which is
what its strength is (``secrets.token_hex(16)`` is 32 characters of 16 bytes).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from dataclasses import dataclass
from typing import Callable, Optional, Union

import libcst as cst

from jwtlint.semantics.literals import literal_value
from jwtlint.semantics.syntax import descendants
from jwtlint.semantics.values import (
    AnyValue,
    CallResult,
    Const,
    Derived,
    DictValue,
    EnvLookup,
    Param,
)

# The kinds of key source.
NONE = "none"                  # the constant None
EMPTY = "empty"                # "" or b""
LITERAL = "literal"            # text written in the source (after hex/base64 decoding)
PRIVATE = "private"            # private key material: a PEM private key, a JWK with "d"
PUBLIC = "public"              # public key material: PEM public key, certificate, ssh key, JWKS key
ENV = "env"                    # read from the environment (maybe with a fallback)
GENERATED = "generated"        # from a CSPRNG or a key generator (length may be known)
WEAK_RANDOM = "weak-random"    # from a non-cryptographic source: random, uuid1, the clock
CONSTANT_HASH = "constant-hash"  # a hash of a constant: as public as the constant
PASSWORD = "password"          # a human password
FILE = "file"                  # read from a file that is not public material
UNKNOWN_SOURCE = "unknown"

_PRIVATE_PEM = re.compile(r"-----BEGIN (?:(?:RSA|EC|DSA|ENCRYPTED|OPENSSH) )?PRIVATE KEY-----")
#: An RFC 1421 header line of an encrypted PEM (``Proc-Type: 4,ENCRYPTED``, ``DEK-Info: ...``).
_PEM_HEADER_LINE = re.compile(r"(?m)^[ \t]*[A-Za-z][\w-]*:[^\n]*$")
#: What a PEM body is made of, from just after the header.
_PEM_BODY = re.compile(r"[\sA-Za-z0-9+/=]*")
#: A PEM body is written in lines of 64 characters; no word of prose is this long.
_PEM_MIN_LINE = 40
_PUBLIC_MARKERS = ("-----BEGIN PUBLIC KEY-----", "-----BEGIN RSA PUBLIC KEY-----", "-----BEGIN CERTIFICATE-----",
                   "ssh-rsa ", "ssh-ed25519 ", "ssh-dss ", "ecdsa-sha2-")
#: JWK members that only a private (or symmetric) key has.
_PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi")
_PASSWORD_NAMES = frozenset({"password", "passwd", "pwd", "pass_hash", "password_hash", "hashed_password",
                             "user_password", "raw_password"})

#: Calls that decode hex or base64 text: name -> decoder of the text.
_DECODERS: dict[str, Callable[[Union[str, bytes]], bytes]] = {
    "bytes.fromhex": lambda text: bytes.fromhex(_as_str(text)),
    "binascii.unhexlify": lambda text: binascii.unhexlify(text),
    "binascii.a2b_hex": lambda text: binascii.a2b_hex(text),
    "base64.b64decode": lambda text: base64.b64decode(text, validate=True),
    "base64.urlsafe_b64decode": lambda text: base64.urlsafe_b64decode(text),
    "base64.b32decode": lambda text: base64.b32decode(text),
    "base64.b16decode": lambda text: base64.b16decode(text),
}
#: CSPRNG helpers: name -> (default size, bytes of output per byte of entropy asked for). Each takes
#: the number of random bytes; hex and base64 text of them is longer but no stronger.
_CSPRNG: dict[str, tuple[Optional[int], Callable[[int], int]]] = {
    "secrets.token_bytes": (32, lambda n: n),
    "secrets.token_hex": (32, lambda n: 2 * n),
    "secrets.token_urlsafe": (32, lambda n: math.ceil(4 * n / 3)),
    "os.urandom": (None, lambda n: n),
}
#: Symmetric key generators of the JOSE libraries: name -> (size keyword, default size in bits).
_OCT_GENERATORS = {
    "joserfc.jwk.OctKey.generate_key": ("key_size", 256),
    "authlib.jose.OctKey.generate_key": ("key_size", 256),
}
_JWCRYPTO_GENERATE = "jwcrypto.jwk.JWK.generate"
_JWCRYPTO_OCT_DEFAULT_BITS = 128   # jwcrypto's JWK.generate(kty="oct") without size
_PASSWORD_KEY_FACTORIES = frozenset({"jwcrypto.jwk.JWK.from_password"})
#: Sources that are not cryptographically random (prefix match on the dotted name).
_WEAK_SOURCES = ("random.", "numpy.random.", "uuid.uuid1", "uuid.uuid3", "uuid.uuid5", "time.time",
                 "time.monotonic", "time.perf_counter", "datetime.datetime.now", "datetime.datetime.utcnow",
                 "datetime.datetime.today", "datetime.date.today")
_STRONG_EXCEPTIONS = ("random.SystemRandom",)
_HASHES = "hashlib."
_FILE_READS = ("open().read", "pathlib.Path().read_text", "pathlib.Path().read_bytes", "io.open().read")


@dataclass(frozen=True)
class KeyFacts:
    kind: str
    #: The text as written, when the key is in the source (before hex/base64 decoding).
    text: Optional[Union[str, bytes]] = None
    #: Bytes the library will see, when known.
    length: Optional[int] = None
    #: For a generated key: the random bytes behind it (``secrets.token_hex(16)`` is 32
    #: characters of 16 random bytes). What a key's strength is measured by, when known.
    entropy: Optional[int] = None
    #: The key after hex/base64 decoding, when it was written encoded (a placeholder may hide there).
    decoded: Optional[bytes] = None
    #: How the key was made, for messages: "secrets.token_bytes(16)", "random.choice", "BEGIN PUBLIC KEY".
    detail: str = ""
    #: The node that holds the value (the literal, the generating call): finding cause and masking.
    node: Optional[cst.CSTNode] = None
    #: The constant name the value came through, if any.
    via: str = ""
    #: For ``ENV``: the lookup.
    env: Optional[EnvLookup] = None


Evaluate = Callable[[Optional[cst.CSTNode]], AnyValue]


def key_facts(value: Optional[AnyValue], evaluate: Evaluate) -> KeyFacts:
    """Classify the value that reaches a key position. ``evaluate`` evaluates argument nodes."""
    if isinstance(value, Const):
        return _const_facts(value)
    if isinstance(value, EnvLookup):
        return KeyFacts(ENV, node=value.node, env=value, detail=value.name)
    if isinstance(value, DictValue):
        return jwk_facts(value)
    if isinstance(value, CallResult):
        return _call_facts(value, evaluate)
    if isinstance(value, Derived):
        return _derived_facts(value, evaluate)
    if isinstance(value, Param) and value.name.lower() in _PASSWORD_NAMES:
        return KeyFacts(PASSWORD, node=value.node, detail=f"parameter {value.name!r}")
    return KeyFacts(UNKNOWN_SOURCE)


def text_kind(text: Union[str, bytes]) -> tuple[str, str]:
    """(kind, detail) of key text: private or public key material, or a plain literal."""
    decoded = _as_str(text)
    found = _PRIVATE_PEM.search(decoded)
    if found:
        return PRIVATE, found.group(0).strip("-")
    for marker in _PUBLIC_MARKERS:
        if marker in decoded:
            return PUBLIC, marker.strip("- ")
    return LITERAL, ""


def private_pem(text: str) -> Optional[str]:
    """The PEM label (``RSA PRIVATE KEY``) when ``text`` holds a real private key body, else None.

    A bare header (in a docstring, a ``startswith`` check, an error message) is
    not key material: at least 64 base64 characters must follow it, and only base64
    and white space (after any ``Proc-Type:``-style header lines) until the end marker
    or the end of the text, with at least one unbroken run as long as a PEM line. Prose
    after a header in help text ("-----BEGIN PRIVATE KEY-----... in PEM format", or
    words and spaces) is not a body, however long it goes on.
    """
    found = _PRIVATE_PEM.search(text)
    if not found:
        return None
    region = _PEM_HEADER_LINE.sub("", text[found.end():].split("-----END", 1)[0])
    body = _PEM_BODY.match(region)
    lines = body.group(0).split() if body else []
    plausible = sum(map(len, lines)) >= 64 and max(map(len, lines)) >= _PEM_MIN_LINE
    return found.group(0).strip("-").replace("BEGIN ", "") if plausible else None


def jwk_facts(value: DictValue) -> KeyFacts:
    """A JWK written as a dict (or as keyword arguments of a key constructor)."""
    kty = value.get("kty")
    kty_name = kty.value if isinstance(kty, Const) and isinstance(kty.value, str) else None
    private = [member for member in _PRIVATE_MEMBERS if value.get(member) is not None]
    if kty_name == "oct" or (kty_name is None and value.get("k") is not None):
        k = value.get("k")
        if isinstance(k, Const) and isinstance(k.value, (str, bytes)):
            if not k.value:
                return KeyFacts(EMPTY, text=k.value, length=0, node=k.node, via=k.via, detail='"k"')
            decoded = _decoded(base64.urlsafe_b64decode, _padded(k.value))
            return KeyFacts(LITERAL, text=k.value, length=None if decoded is None else len(decoded),
                            decoded=decoded, node=k.node, via=k.via, detail='the "k" of an oct JWK')
        return key_facts(k, lambda _node: k) if k is not None else KeyFacts(UNKNOWN_SOURCE)
    if private and kty_name is not None:
        member = value.get(private[0])
        node = member.node if member is not None and member.node is not None else value.node
        return KeyFacts(PRIVATE, node=node, detail=f'a JWK (kty {kty_name}) with the private member "{private[0]}"')
    if kty_name is not None and value.complete:
        return KeyFacts(PUBLIC, node=value.node, detail=f"a public {kty_name} JWK")
    return KeyFacts(UNKNOWN_SOURCE)


def generated_length(call: CallResult, evaluate: Evaluate) -> Optional[KeyFacts]:
    """A symmetric key made by a JOSE library's generator (``OctKey.generate_key(128)``)."""
    api_call = call.call
    if api_call is None:
        return None
    name = api_call.api.name
    if name in _OCT_GENERATORS:
        keyword, default_bits = _OCT_GENERATORS[name]
        bits = api_call.args.get(keyword)
        return _generated_bits(bits, default_bits, call, f"{name}()")
    if name == _JWCRYPTO_GENERATE:
        kty = api_call.extra.get("kty")
        if not (isinstance(kty, Const) and kty.value == "oct"):
            return None
        return _generated_bits(api_call.extra.get("size"), _JWCRYPTO_OCT_DEFAULT_BITS, call, f"{name}(kty='oct')")
    return None


def is_password_key_factory(call: CallResult) -> bool:
    return call.call is not None and call.call.api.name in _PASSWORD_KEY_FACTORIES


def is_weak_source(name: str) -> bool:
    return name.startswith(_WEAK_SOURCES) and not name.startswith(_STRONG_EXCEPTIONS)


# -- helpers ---------------------------------------------------------------------


def _const_facts(value: Const) -> KeyFacts:
    raw = value.value
    if raw is None:
        return KeyFacts(NONE, node=value.node, via=value.via)
    if not isinstance(raw, (str, bytes)):
        return KeyFacts(UNKNOWN_SOURCE)
    if not raw:
        return KeyFacts(EMPTY, text=raw, length=0, node=value.node, via=value.via)
    stripped = _as_str(raw).strip()
    if stripped.startswith("{") and stripped.endswith("}"):
        as_jwk = _json_jwk(stripped, value)
        if as_jwk is not None:
            return as_jwk
    kind, detail = text_kind(raw)
    return KeyFacts(kind, text=raw, length=len(raw.encode("utf-8") if isinstance(raw, str) else raw),
                    detail=detail, node=value.node, via=value.via)


def _json_jwk(text: str, value: Const) -> Optional[KeyFacts]:
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    if not isinstance(parsed, dict) or "kty" not in parsed:
        return None
    entries = tuple((str(k), Const(node=value.node, value=v, via=value.via)) for k, v in parsed.items()
                    if isinstance(v, (str, int)))
    facts = jwk_facts(DictValue(node=value.node, entries=entries))
    # The whole JSON text is what appears in the source: mask that.
    return KeyFacts(facts.kind, text=value.value if facts.kind == LITERAL else None, length=facts.length,
                    decoded=facts.decoded, detail=facts.detail, node=value.node, via=value.via)


def _call_facts(value: CallResult, evaluate: Evaluate) -> KeyFacts:
    generated = generated_length(value, evaluate)
    if generated is not None:
        return generated
    if is_password_key_factory(value):
        return KeyFacts(PASSWORD, node=value.node, detail="JWK.from_password()")
    if value.call is not None or not isinstance(value.node, cst.Call):
        return KeyFacts(UNKNOWN_SOURCE)
    name, node = value.api, value.node
    if name in _DECODERS:
        return _decoded_facts(name, node, evaluate)
    base_name, _, method = name.partition("().")
    if base_name in _CSPRNG:
        return _csprng_facts(base_name, method, node, evaluate)
    if is_weak_source(base_name):
        return KeyFacts(WEAK_RANDOM, node=_innermost_call(node), detail=f"{base_name}()")
    if base_name.startswith(_HASHES) and method in ("hexdigest", "digest"):
        return _hash_facts(base_name, node, evaluate)
    if name in _FILE_READS:
        return _file_facts(node, evaluate)
    return KeyFacts(UNKNOWN_SOURCE)


def _derived_facts(value: Derived, evaluate: Evaluate) -> KeyFacts:
    base = value.base
    if value.key.lower() in _PASSWORD_NAMES:
        return KeyFacts(PASSWORD, node=value.node, detail=f"a password ({value.key!r})")
    if isinstance(base, CallResult) and base.call is not None:
        if value.key == "key" and base.call.api.kind == "key_client":
            return KeyFacts(PUBLIC, node=value.node, detail="a key fetched from a JWKS endpoint")
        return KeyFacts(UNKNOWN_SOURCE)
    if isinstance(base, CallResult):
        # str(uuid.uuid1()), uuid.uuid1().hex, random.random(): the source decides.
        facts = _call_facts(base, evaluate)
        return facts if facts.kind in (WEAK_RANDOM, CONSTANT_HASH, PASSWORD) else KeyFacts(UNKNOWN_SOURCE)
    return KeyFacts(UNKNOWN_SOURCE)


def _decoded_facts(name: str, node: cst.Call, evaluate: Evaluate) -> KeyFacts:
    argument = _first_positional(node)
    text = evaluate(argument) if argument is not None else None
    if not (isinstance(text, Const) and isinstance(text.value, (str, bytes))):
        return KeyFacts(UNKNOWN_SOURCE)
    if not text.value:
        return KeyFacts(EMPTY, text=text.value, length=0, node=text.node, via=text.via)
    decoded = _decoded(_DECODERS[name], text.value)
    return KeyFacts(LITERAL, text=text.value, length=None if decoded is None else len(decoded), decoded=decoded,
                    node=text.node, via=text.via, detail=f"decoded with {name}()")


def _csprng_facts(name: str, method: str, node: cst.Call, evaluate: Evaluate) -> KeyFacts:
    default, measure = _CSPRNG[name]
    generator = _innermost_call(node)
    argument = _first_positional(generator) or _keyword(generator, "nbytes")
    size: object = default
    if argument is not None:
        given = evaluate(argument)
        size = given.value if isinstance(given, Const) else None
    if not isinstance(size, int) or isinstance(size, bool):
        return KeyFacts(GENERATED, node=generator, detail=f"{name}()")
    length = measure(size)
    if method == "hex":
        length *= 2
    return KeyFacts(GENERATED, length=length, entropy=size, node=generator, detail=f"{name}({size})")


def _hash_facts(name: str, node: cst.Call, evaluate: Evaluate) -> KeyFacts:
    hashed = _innermost_call(node)
    argument = _first_positional(hashed)
    text = evaluate(argument) if argument is not None else None
    if isinstance(text, Const) and isinstance(text.value, (str, bytes)):
        return KeyFacts(CONSTANT_HASH, node=hashed, detail=f"{name}() of a constant")
    return KeyFacts(UNKNOWN_SOURCE)


def _file_facts(node: cst.Call, evaluate: Evaluate) -> KeyFacts:
    opener = _opener(node, evaluate)
    argument = _first_positional(opener)
    path = evaluate(argument) if argument is not None else None
    if isinstance(path, Const) and isinstance(path.value, str):
        name = path.value
    else:
        literals = _strings_in(argument) if argument is not None else []
        name = literals[-1] if literals else ""
    lowered = name.lower()
    if lowered.endswith((".pub", ".crt", ".cer")) or "public" in lowered or "cert" in lowered:
        return KeyFacts(PUBLIC, node=node, detail=f"read from {name!r}")
    return KeyFacts(FILE, node=node, detail=f"read from {name!r}" if name else "read from a file")


def _generated_bits(bits: Optional[AnyValue], default_bits: int, call: CallResult, label: str) -> KeyFacts:
    if bits is None:
        size = default_bits
    elif isinstance(bits, Const) and isinstance(bits.value, int) and not isinstance(bits.value, bool):
        size = bits.value
    else:
        return KeyFacts(GENERATED, node=call.node, detail=label)
    return KeyFacts(GENERATED, length=size // 8, entropy=size // 8, node=call.node, detail=f"{label} of {size} bits")


def _opener(node: cst.Call, evaluate: Evaluate) -> cst.Call:
    """The ``open(path)`` behind ``open(path).read()`` or behind ``handle.read()`` after
    ``with open(path) as handle``."""
    opener = _innermost_call(node)
    if opener is node and isinstance(node.func, cst.Attribute):
        receiver = evaluate(node.func.value)
        if isinstance(receiver, CallResult) and isinstance(receiver.node, cst.Call):
            return receiver.node
    return opener


def _innermost_call(node: cst.Call) -> cst.Call:
    """``open(p)`` in ``open(p).read()``; the call itself when it is not a method chain."""
    func = node.func
    while isinstance(func, cst.Attribute) and isinstance(func.value, cst.Call):
        node = func.value
        func = node.func
    return node


def _first_positional(node: cst.Call) -> Optional[cst.BaseExpression]:
    for arg in node.args:
        if arg.keyword is None and not arg.star:
            return arg.value
    return None


def _keyword(node: cst.Call, name: str) -> Optional[cst.BaseExpression]:
    for arg in node.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    return None


def _strings_in(node: cst.CSTNode) -> list[str]:
    values = (literal_value(inner) for inner in descendants(node) if isinstance(inner, cst.SimpleString))
    return [value for value in values if isinstance(value, str)]


def _decoded(decoder: Callable[[Union[str, bytes]], bytes], text: Union[str, bytes]) -> Optional[bytes]:
    try:
        decoded: bytes = decoder(text)
        return decoded
    except (ValueError, TypeError, binascii.Error):
        return None


def _padded(text: Union[str, bytes]) -> bytes:
    raw = text.encode("ascii", "replace") if isinstance(text, str) else text
    return raw + b"=" * (-len(raw) % 4)


def _as_str(text: Union[str, bytes]) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else text
