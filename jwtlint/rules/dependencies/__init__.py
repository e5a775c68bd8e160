"""JWT7xx: code written for another version of its JWT library."""

from jwtlint.rules.dependencies.pyjwt1_idiom_under_pyjwt2 import PyJWT1IdiomUnderPyJWT2

__all__ = ["PyJWT1IdiomUnderPyJWT2"]
