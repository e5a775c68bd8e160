"""The JWS compact serialization (``header.payload.signature``), with the standard library only.

Both the attack generator (:mod:`jwtlint.attacks`) and ``jwtlint token``
read and write tokens without trusting them and without a JWT library: the
attacks must not depend on, or change, the version of PyJWT a project uses,
and inspecting a token must work on tokens no library would accept.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any, Union

#: The HMAC algorithms of RFC 7518 and their hash functions.
HMAC_HASHES = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


class MalformedToken(ValueError):
    """The text is not a compact JWS; the message says which part is wrong."""


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode unpadded base64url strictly: other characters are an error, not skipped."""
    try:
        raw = text.encode("ascii")
    except UnicodeEncodeError:
        raise ValueError("not base64url (non-ASCII characters)") from None
    if len(raw) % 4 == 1:
        raise ValueError("not base64url (impossible length)")
    try:
        return base64.b64decode(raw + b"=" * (-len(raw) % 4), altchars=b"-_", validate=True)
    except binascii.Error as error:
        raise ValueError(f"not base64url ({error})") from None


def json_segment(value: Any) -> str:
    """A header or payload segment, compact JSON as JWT libraries write it."""
    return b64url_encode(json.dumps(value, separators=(",", ":")).encode("utf-8"))


def as_bytes(value: Union[str, bytes]) -> bytes:
    """Key material as bytes: text is UTF-8, as JWT libraries encode a str key."""
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def hmac_signature(algorithm: str, key: Union[str, bytes], signing_input: bytes) -> bytes:
    return hmac.new(as_bytes(key), signing_input, HMAC_HASHES[algorithm]).digest()


@dataclass(frozen=True)
class Token:
    """A token split into its parts; ``header`` and ``claims`` are the decoded JSON, untrusted."""

    header: dict
    claims: Any
    header_segment: str
    payload_segment: str
    signature_segment: str

    @property
    def signing_input(self) -> bytes:
        return f"{self.header_segment}.{self.payload_segment}".encode("ascii")

    @property
    def signature(self) -> bytes:
        return b64url_decode(self.signature_segment)

    @property
    def algorithm(self) -> Any:
        return self.header.get("alg")


def parse(text: str) -> Token:
    """Split and decode a compact JWS without checking anything it claims."""
    parts = text.strip().split(".")
    if len(parts) == 5:
        raise MalformedToken("this is an encrypted token (JWE, five parts): its claims cannot be read without the key")
    if len(parts) != 3:
        raise MalformedToken(f"a JWT has three dot-separated parts, this has {len(parts)}")
    header = _json_part(parts[0], "header")
    if not isinstance(header, dict):
        raise MalformedToken("the header is not a JSON object")
    claims = _json_part(parts[1], "payload")
    try:
        b64url_decode(parts[2])
    except ValueError as error:
        raise MalformedToken(f"the signature is {error}") from None
    return Token(header, claims, parts[0], parts[1], parts[2])


def _json_part(segment: str, name: str) -> Any:
    try:
        data = b64url_decode(segment)
    except ValueError as error:
        raise MalformedToken(f"the {name} is {error}") from None
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise MalformedToken(f"the {name} is not UTF-8 text") from None
    except RecursionError:
        raise MalformedToken(f"the {name} is JSON nested too deeply to read") from None
    except ValueError as error:
        raise MalformedToken(f"the {name} is not JSON ({error})") from None
