"""Masking of secrets: a secret found in code is never printed whole.

Only the first and last character survive, plus the length, so that a user
can still recognise which value is meant.
"""

from __future__ import annotations


def mask_secret(value: str | bytes) -> str:
    """Return a printable masked form such as ``'s…t' (6 chars)``."""
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    length = len(value)
    unit = "bytes" if isinstance(value, bytes) else "chars"
    if length == 0:
        return "'' (empty)"
    if length <= 2:
        shown = "*" * length
    else:
        shown = f"{text[0]}{'*' * min(length - 2, 6)}{text[-1]}"
    return f"'{shown}' ({length} {unit})"


def redact(text: str, secrets: tuple[str, ...]) -> str:
    """Replace every occurrence of each secret in ``text`` (a source line, a snippet)."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, _placeholder(secret))
    return text


def _placeholder(secret: str) -> str:
    if len(secret) <= 2:
        return "*" * len(secret)
    return f"{secret[0]}{'*' * min(len(secret) - 2, 6)}{secret[-1]}"
