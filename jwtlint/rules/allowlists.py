"""Moved to :mod:`jwtlint.semantics.allowlists` (it is a shared fact, not a rule); kept as an
import path for the modules that still name it here (the key rules, verification, fixes)."""

from jwtlint.semantics.allowlists import (
    KNOWN_ALGORITHMS,
    PYJWT_DEFAULT_ALGORITHMS,
    AllowList,
    allow_list,
    family,
    is_key_object,
    spelled,
)

__all__ = ["KNOWN_ALGORITHMS", "PYJWT_DEFAULT_ALGORITHMS", "AllowList", "allow_list", "family",
           "is_key_object", "spelled"]
