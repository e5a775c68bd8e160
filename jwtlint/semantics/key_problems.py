"""What can be wrong with a key, as facts: which problem, where, about which value.

The per-file key analysis (:mod:`jwtlint.semantics.key_analysis`) finds these;
each JWT3xx rule reports the problems it is about, in its own words. Nothing
here names a rule: which problem a rule reports is the rule's business, and
which finding wins when several apply to one value is declared by the rules
(``Rule.supersedes``), so that turning the specific rule off brings back the
general one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Optional, Union

import libcst as cst

from jwtlint.masking import mask_secret
from jwtlint.secrets_data import PlaceholderMatch
from jwtlint.semantics.keys import KeyFacts

if TYPE_CHECKING:
    from jwtlint.engine.definitions import Definition


class KeyProblem(Enum):
    #: Key text written in the source reaches a sink.
    HARD_CODED = "hard-coded"
    #: The key (or a fallback) is a published placeholder.
    PLACEHOLDER = "placeholder"
    #: An HMAC key shorter than its algorithm needs (written or generated).
    SHORT = "short"
    #: An environment lookup or a settings field falls back to text from the source.
    FALLBACK = "fallback"
    #: ``""``, ``b""`` or ``None`` as a key, or as a secret's fallback.
    EMPTY = "empty"
    #: Public key material verifies tokens while HMAC algorithms are accepted.
    PUBLIC_AS_HMAC = "public-as-hmac"
    #: A key from a non-cryptographic source, a hash of a constant or a password.
    GUESSABLE = "guessable"
    #: A JWK with private members written in the source and used as a key.
    PRIVATE_JWK = "private-jwk"


class Place(Enum):
    """Where an issue is reported, which decides how a message speaks of the value."""

    #: A library call's key argument or a framework key setting.
    SINK = "sink"
    #: An environment lookup with a fallback (``os.getenv(NAME, "x")``).
    LOOKUP = "lookup"
    #: An assignment to a secret-named variable (``JWT_SECRET = random.choice(...)``).
    ASSIGNMENT = "assignment"


@dataclass(frozen=True)
class KeyIssue:
    problem: KeyProblem
    #: Where the issue is reported.
    node: cst.CSTNode
    place: Place
    #: The sink, lookup or name in words: ``jwt.encode()``, ``setting JWT_SECRET_KEY``, ``JWT_SECRET``.
    where: str
    facts: KeyFacts
    #: The value that makes the code insecure (a value seen twice is reported once); None for
    #: a problem of each use rather than of the value.
    cause: Optional[cst.CSTNode]
    #: The masked value and where it comes from: ``'q******g' (from SECRET, settings.py:12)``.
    shown: str = ""
    #: Raw texts every output must mask.
    secrets: tuple[str, ...] = ()
    #: Where a value that reaches the sink through a name is written.
    defined_at: Optional[Definition] = None
    placeholder: Optional[PlaceholderMatch] = None
    #: SHORT: the bytes the algorithm needs, and the algorithm in words (``HS512``, ``HS256 (assumed)``).
    required_bytes: Optional[int] = None
    algorithm_label: str = ""
    #: PUBLIC_AS_HMAC: the HMAC algorithms accepted, in words.
    accepted_hmac: str = ""
    #: A fallback in a development or test settings module.
    development: bool = False


def shown_value(facts: KeyFacts, defined: Optional[Definition] = None, seen_from: str = "") -> str:
    """The masked key, and the name (and place) it comes from: ``'q******g' (from SECRET, settings.py:12)``."""
    assert facts.text is not None
    where = f", {defined.location.label(seen_from)}" if defined is not None else ""
    via = f" (from {facts.via}{where})" if facts.via else ""
    return f"{mask_secret(facts.text)}{via}"


def secret_texts(text: Union[str, bytes, None], node: Optional[cst.CSTNode]) -> tuple[str, ...]:
    """What a report must mask: the value, the literal as written and, for a literal
    written over several lines, each of its lines (excerpts are shown line by line)."""
    found: list[str] = []
    if isinstance(text, bytes):
        found.append(text.decode("utf-8", "replace"))
    elif isinstance(text, str):
        found.append(text)
    if node is not None:
        source = cst.Module(body=[]).code_for_node(node)
        found.append(source)
        if "\n" in source:
            found.extend(line.strip() for line in source.splitlines() if len(line.strip()) >= 3)
        if isinstance(text, str) and "\n" in text:
            found.extend(line.strip() for line in text.splitlines() if len(line.strip()) >= 3)
    return tuple(dict.fromkeys(item for item in found if item))
