"""Token lifetimes: which names hold one, which token it is for, and what says "refresh".

The lifetime rules share one reading of names and calls: ``ACCESS_TOKEN_EXPIRE_MINUTES`` and
``JWT_REFRESH_TOKEN_EXPIRES`` are lifetimes of the application's own tokens, ``CACHE_TTL`` and
``PASSWORD_RESET_TOKEN_EXPIRE_HOURS`` are not; a simplejwt ``RefreshToken`` subclass or a
function named ``refresh_*`` makes a refresh token. These are facts about code, not findings:
each rule decides what it reports from them.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Optional

import libcst as cst

from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.durations import named_definition
from jwtlint.semantics.evaluate import Evaluator
from jwtlint.semantics.evidence import is_about_jwt
from jwtlint.semantics.names import name_words
from jwtlint.semantics.values import AnyValue, ClassRef, Const, DictValue, Symbol

if TYPE_CHECKING:
    from jwtlint.semantics.project import Project


class TokenUse(enum.Enum):
    """What a token is for: its lifetime limit depends on it."""

    ACCESS = "access"
    REFRESH = "refresh"


#: Prefilter markers for files that only hold lifetime settings (``ACCESS_TOKEN_EXPIRE_MINUTES = ...``):
#: a lifetime named after the app's token in a settings module that names no JWT library.
LIFETIME_MARKERS: tuple[tuple[bytes, Optional[bytes]], ...] = (
    (b"token", rb"token\w{0,30}(?:expir|lifetime|ttl)"), (b"token", rb"expir\w{0,30}token"),
    (b"token", rb"lifetime\w{0,30}token"), (b"token", rb"ttl\w{0,30}token"))
#: Call kinds that make a token (a ``TokenBackend`` instance included: its ``encode`` signs).
MINTING_KINDS = ("encode", "token_object", "instance")
#: Settings whose ``False`` means "tokens without exp" (Flask-JWT-Extended, fastapi-jwt-auth).
NO_EXPIRY_SETTINGS = frozenset({"JWT_ACCESS_TOKEN_EXPIRES", "JWT_REFRESH_TOKEN_EXPIRES",
                                "AUTHJWT_ACCESS_TOKEN_EXPIRES", "AUTHJWT_REFRESH_TOKEN_EXPIRES"})
#: Framework lifetime settings whose plain number is seconds.
SECONDS_SETTINGS = NO_EXPIRY_SETTINGS | {"JWT_EXPIRATION_DELTA"}
#: Words that say a name is about the application's tokens.
TOKEN_WORDS = frozenset({"TOKEN", "JWT", "AUTHJWT"})

_LIFETIME_WORDS = frozenset({"EXPIRE", "EXPIRES", "EXPIRATION", "EXPIRY", "LIFETIME", "TTL"})
#: Words that say the token is the application's own session token, not a third party's
#: (``GITHUB_TOKEN_EXPIRY`` is not): a name needs one of them, or must start with TOKEN/JWT.
_SESSION_WORDS = frozenset({"ACCESS", "REFRESH", "SLIDING", "JWT", "AUTHJWT", "AUTH", "BEARER", "ID", "LOGIN"})
#: Tokens for one purpose (a password reset link, an e-mail confirmation), or other caches:
#: their lifetimes follow other rules than session tokens.
_OTHER_PURPOSE_WORDS = frozenset({"RESET", "PASSWORD", "VERIFY", "VERIFICATION", "EMAIL", "INVITE",
                                  "INVITATION", "CONFIRM", "CONFIRMATION", "ACTIVATION", "CSRF", "CACHE",
                                  "JWKS", "BLACKLIST", "BLOCKLIST", "DENYLIST", "LEEWAY"})
_REFRESH_WORDS = frozenset({"REFRESH"})
_TYPE_CLAIMS = ("type", "token_type", "typ", "kind", "use")
#: simplejwt's token classes, and the token each makes (a sliding token is used for access).
_SIMPLEJWT_TOKENS = {f"rest_framework_simplejwt.tokens.{name}": use for name, use in (
    ("Token", TokenUse.ACCESS), ("AccessToken", TokenUse.ACCESS), ("SlidingToken", TokenUse.ACCESS),
    ("RefreshToken", TokenUse.REFRESH))}
_MAX_CLASS_DEPTH = 8


def lifetime_setting(name: str) -> Optional[TokenUse]:
    """The token a setting's name says it is the lifetime of, or None.

    ``ACCESS_TOKEN_EXPIRE_MINUTES``, ``JWT_REFRESH_TOKEN_EXPIRES``, ``ACCESS_TOKEN_LIFETIME``,
    ``authjwt_access_token_expires``, ``TOKEN_EXPIRE_MINUTES`` are; ``CACHE_TTL``,
    ``PASSWORD_RESET_TOKEN_EXPIRE_HOURS``, ``GITHUB_TOKEN_EXPIRY`` are not.
    """
    ordered = name_words(name)
    words = set(ordered)
    if not (words & _LIFETIME_WORDS and words & TOKEN_WORDS) or words & _OTHER_PURPOSE_WORDS:
        return None
    if not (words & _SESSION_WORDS or ordered[0] in TOKEN_WORDS):
        return None
    return TokenUse.REFRESH if words & _REFRESH_WORDS else TokenUse.ACCESS


def reported_at_its_setting(value: AnyValue, project: Project, node: Optional[cst.CSTNode] = None) -> bool:
    """The duration came through a named lifetime setting, which is reported where it is written.

    ``via`` names the constant a value was read through; a class attribute read as
    ``self.ACCESS_TOKEN_TTL`` or ``cls.ACCESS_TOKEN_TTL`` resolves to its constant without one,
    so the expression written at ``node`` (``now + self.ACCESS_TOKEN_TTL``) is read for it.
    A setting written in another module counts only if that module is about JWTs (the name says
    JWT, or the module uses a JWT library): ``ACCESS_TOKEN_EXPIRE_MINUTES`` in a plain ``config.py``
    is a lifetime only for the module that mints with it, which is then where it is reported.
    """
    via = getattr(value, "via", "")
    if via and lifetime_setting(via.split(".")[-1]) is not None:
        defined = named_definition(value)
        written_in = project.foreign_module(defined) if defined is not None else None
        return written_in is None or is_about_jwt(via.split(".")[-1], project.module_scope(written_in[0]))
    return _reads_class_setting(node if node is not None else value.node)


def _reads_class_setting(node: Optional[cst.CSTNode]) -> bool:
    if isinstance(node, cst.BinaryOperation):
        return _reads_class_setting(node.left) or _reads_class_setting(node.right)
    if isinstance(node, cst.Call):
        return any(_reads_class_setting(arg.value) for arg in node.args)
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value in ("self", "cls"):
        return lifetime_setting(node.attr.value) is not None
    return False


def says_refresh(words: set[str]) -> bool:
    """Words of a name (a function, an API) that say the token is a refresh token."""
    return bool(words & _REFRESH_WORDS)


def function_words(call: ApiCall) -> set[str]:
    """Words of the function the call is in: ``refresh_access``, ``logout``."""
    return set(name_words(call.function or ""))


def payload_says_refresh(payload: DictValue) -> bool:
    """A type claim (``"type": "refresh"``) marks the payload as a refresh token's."""
    for claim in _TYPE_CLAIMS:
        value = payload.get(claim)
        if isinstance(value, Const) and isinstance(value.value, str) and "refresh" in value.value.lower():
            return True
    return False


def simplejwt_token_use(cls_name: str, bases: tuple[str, ...], evaluator: Evaluator) -> Optional[TokenUse]:
    """The token a class makes when it derives from a simplejwt token class, else None.

    ``class LongAccess(AccessToken)`` makes access tokens; a subclass of a project class that
    derives from ``RefreshToken`` makes refresh tokens; a ``Token`` subclass named ``*Refresh*``
    too. The bases are written names, resolved in the module.
    """
    use = _derived_use(bases, evaluator, _MAX_CLASS_DEPTH)
    if use is TokenUse.ACCESS and says_refresh(set(name_words(cls_name))):
        return TokenUse.REFRESH
    return use


def _derived_use(bases: tuple[str, ...], evaluator: Evaluator, depth: int) -> Optional[TokenUse]:
    if depth <= 0:
        return None
    for base in bases:
        value = _resolve(base, evaluator)
        if isinstance(value, Symbol) and value.qualname in _SIMPLEJWT_TOKENS:
            return _SIMPLEJWT_TOKENS[value.qualname]
        if isinstance(value, ClassRef):
            found = _derived_use(value.bases, evaluator, depth - 1)
            if found is not None:
                return found
    return None


def _resolve(spelled: str, evaluator: Evaluator) -> AnyValue:
    """A base class as written (``AccessToken``, ``tokens.RefreshToken``), looked up in the module."""
    first, *rest = spelled.split(".")
    value = evaluator.lookup(first)
    for attr in rest:
        value = evaluator.attribute(value, attr, cst.Name(attr))
    return value
