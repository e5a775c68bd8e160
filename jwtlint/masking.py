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


def masked_text(secret: str) -> str:
    """What a secret becomes inside a source excerpt: ``s******t``, no quotes, no length."""
    if len(secret) <= 2:
        return "*" * len(secret)
    return f"{secret[0]}{'*' * min(len(secret) - 2, 6)}{secret[-1]}"
