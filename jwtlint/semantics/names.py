"""Words of an identifier: the evidence rules read in names (``JWT_SECRET_KEY``, ``accessTokenTtl``)."""

from __future__ import annotations

import re

#: Words of ``JWT_SECRET_KEY``, ``jwtSecretKey``, ``authjwt_secret_key``.
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def name_words(name: str) -> list[str]:
    """``accessTokenExpireMinutes`` / ``ACCESS_TOKEN_EXPIRE_MINUTES`` -> upper-case words, in order."""
    return [word.upper() for word in _WORD.findall(name)]
