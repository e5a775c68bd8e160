"""Throwing one attack at a verifier and judging what it did.

A verifier rejects a token by raising (any exception) or returning None
(or False, for an ``is_valid(token)`` style check); anything else means it
accepted the token. Before the forged token, the
genuine one it was made from must be accepted, or the run proves nothing (a
wrong key or audience in the target would make every attack "pass"). The
resource attacks run in a daemon thread under the target's time limit, and
so does their genuine token, so that a verifier tied to its thread (a
database connection, an app context) fails the check instead of passing
the attack by raising.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Optional

from jwtlint.attacks.catalog import Attack
from jwtlint.attacks.target import AttackTarget, Minter

Verify = Callable[[str], Any]
_SHOWN = 300


@dataclass(frozen=True)
class Response:
    """What the verifier did with one token."""

    returned: Any = None
    error: Optional[Exception] = None
    timed_out: bool = False
    seconds: float = 0.0

    @property
    def accepted(self) -> bool:
        return not self.timed_out and self.error is None and self.returned is not None \
            and self.returned is not False


def respond(verify: Verify, token: str, timeout: Optional[float] = None) -> Response:
    """Call ``verify(token)``; with ``timeout``, in a thread that is abandoned when it runs too long."""
    if timeout is None:
        return _call(verify, token)
    box: list[Response] = []
    thread = threading.Thread(target=lambda: box.append(_call(verify, token)), daemon=True,
                              name="jwtlint-attack")
    thread.start()
    thread.join(timeout)
    return box[0] if box else Response(timed_out=True, seconds=timeout)


def _call(verify: Verify, token: str) -> Response:
    start = time.perf_counter()
    try:
        returned = verify(token)
    except Exception as error:  # any exception is a rejection, by definition
        return Response(error=error, seconds=time.perf_counter() - start)
    return Response(returned=returned, seconds=time.perf_counter() - start)


class AttackRun:
    """One attack against one target; :meth:`failure` says what went wrong, or None when the verifier held."""

    def __init__(self, attack: Attack, target: AttackTarget) -> None:
        self.attack = attack
        self.target = target
        self.minter = Minter(target)

    @property
    def name(self) -> str:
        return self.attack.name

    def skip_reason(self) -> Optional[str]:
        return self.attack.skip_reason(self.minter)

    def token(self) -> str:
        return self.attack.forge(self.minter)

    def failure(self, verify: Optional[Verify] = None) -> Optional[str]:
        verify = verify or self.target.verify
        if verify is None:
            raise ValueError("no verifier: give verify= in the target or pass it to check()")
        timeout = self.target.timeout if self.attack.bounded else None
        genuine = self.minter.genuine()
        control = respond(verify, genuine, timeout)
        if not control.accepted:
            return (f"{self.name}: the verifier rejects a genuine token, so no attack can be judged "
                    f"({_what_happened(control)}). Check the target's key, algorithm, claims, audience "
                    f"and issuer against the verifier.\ngenuine token: {_shorten(genuine)}")
        token = self.token()
        response = respond(verify, token, timeout)
        if response.timed_out:
            return (f"{self.name}: the verifier did not answer within {timeout} s on {self.attack.accepted}: "
                    f"{self.attack.danger.format(timeout=timeout)}")
        if not response.accepted:
            return None
        return (f"{self.name}: the verifier accepted {self.attack.accepted} and returned "
                f"{_shorten(repr(response.returned))}.\nWhy it is dangerous: "
                f"{self.attack.danger.format(timeout=timeout)}\nforged token: {_shorten(token)}")


def _what_happened(response: Response) -> str:
    if response.timed_out:
        return f"no answer within {response.seconds} s"
    if response.error is not None:
        return f"{type(response.error).__name__}: {_shorten(str(response.error))}"
    return f"it returned {response.returned!r}"


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}... ({len(text):,} characters)"
