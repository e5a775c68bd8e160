"""Cookies written and read by web frameworks, as far as a token travels in them.

Flask/Werkzeug, Django and Starlette share ``set_cookie(key, value, max_age, expires,
path, domain, secure, httponly, samesite)`` in that positional order; aiohttp takes
everything after ``value`` as keywords. Starlette (and so FastAPI) defaults
``samesite`` to ``"lax"``; the others send no SameSite attribute unless told.

A cookie carries a token when its value is minted by a JWT library call, or when its
name says so (``access_token``, ``refresh``, ``jwt``); a CSRF cookie (``csrf_token``)
is meant to be read by scripts and is not one. A session or preference cookie is not
a token cookie.

Reading: ``request.cookies["access_token"]`` and ``request.cookies.get(...)`` (Flask,
Starlette, aiohttp), ``request.COOKIES[...]`` (Django).
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Optional

import libcst as cst

from jwtlint.semantics.literals import literal_value
from jwtlint.semantics.values import AnyValue, CallResult, Const, Derived, Param, Symbol

Evaluate = Callable[[Optional[cst.CSTNode]], AnyValue]

#: Positional order of ``set_cookie`` in Werkzeug, Django and Starlette.
_SET_COOKIE_PARAMS = ("key", "value", "max_age", "expires", "path", "domain", "secure", "httponly", "samesite")
_TOKEN_NAME = re.compile(r"token|jwt|access|refresh|bearer", re.IGNORECASE)
_NOT_TOKEN_NAME = re.compile(r"csrf|xsrf", re.IGNORECASE)
_STARLETTE_IMPORT = re.compile(r"^\s*(?:from|import)\s+(?:fastapi|starlette)\b", re.MULTILINE)
_CSRF_WORD = re.compile(r"csrf|xsrf", re.IGNORECASE)
#: Longer strings are prose (docstrings, help texts), not a header or cookie name.
_SHORT_STRING = 40


def is_token_cookie_name(name: str) -> bool:
    return bool(_TOKEN_NAME.search(name)) and not _NOT_TOKEN_NAME.search(name)


class CookieFramework(Enum):
    """What the module's imports say about the framework, for its defaults."""

    #: Starlette / FastAPI: ``samesite="lax"`` unless told otherwise.
    STARLETTE = "starlette"
    #: Django: ``CsrfViewMiddleware`` protects views unless they are ``@csrf_exempt``.
    DJANGO = "django"
    OTHER = "other"


@dataclass(frozen=True)
class ModuleCookieFacts:
    """What one module's text says about cookies: its framework and whether it handles CSRF at all."""

    framework: CookieFramework
    mentions_csrf: bool
    #: The module builds the application itself (``Flask(__name__)``, ``web.Application()``): only
    #: then does its silence about CSRF speak for the whole app. CSRF protection is usually set up
    #: once, where the app is made (``CSRFProtect(app)``), not in the module that reads the cookie.
    creates_app: bool = False

    @classmethod
    def of(cls, code: str) -> ModuleCookieFacts:
        if _STARLETTE_IMPORT.search(code):
            framework = CookieFramework.STARLETTE
        elif re.search(r"^\s*(?:from|import)\s+django\b", code, re.MULTILINE):
            framework = CookieFramework.DJANGO
        else:
            framework = CookieFramework.OTHER
        return cls(framework, _handles_csrf(code), bool(_APP_CREATION.search(code)))


_APP_CREATION = re.compile(r"\b(?:Flask|Quart|Sanic|Bottle|web\.Application)\s*\(")


def _handles_csrf(code: str) -> bool:
    """A name (``CSRFProtect``, ``csrf_token``, ``verify_csrf``) or a short string (``"X-CSRF-Token"``)
    mentions CSRF; prose in docstrings and comments does not count. Unreadable code counts as
    handling it, so that it is never reported on a guess."""
    if not _CSRF_WORD.search(code):
        return False
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.NAME and _CSRF_WORD.search(token.string):
                return True
            if token.type == tokenize.STRING and len(token.string) <= _SHORT_STRING \
                    and _CSRF_WORD.search(token.string):
                return True
    except (tokenize.TokenError, SyntaxError):
        return True
    return False


@dataclass(frozen=True)
class CookieWrite:
    """One ``set_cookie(...)`` call: the cookie's name and value, and its attributes as passed
    (None when not passed)."""

    node: cst.Call
    name: Optional[str]
    value: AnyValue
    secure: Optional[AnyValue]
    samesite: Optional[AnyValue]

    def carries_token(self) -> bool:
        minted = isinstance(self.value, CallResult) and self.value.call is not None \
            and self.value.call.api.kind == "encode"
        return minted or (self.name is not None and is_token_cookie_name(self.name))


def cookie_write(node: cst.Call, evaluate: Evaluate) -> Optional[CookieWrite]:
    """``<anything>.set_cookie(...)`` read the way the frameworks bind it; None for any other call
    or when ``*args``/``**kwargs`` hide the attributes."""
    func = node.func
    if not (isinstance(func, cst.Attribute) and func.attr.value == "set_cookie"):
        return None
    passed: dict[str, cst.BaseExpression] = {}
    for index, arg in enumerate(node.args):
        if arg.star:
            return None
        if arg.keyword is not None:
            passed[arg.keyword.value] = arg.value
        elif index < len(_SET_COOKIE_PARAMS):
            passed[_SET_COOKIE_PARAMS[index]] = arg.value
    name_node = passed.get("key", passed.get("name"))
    name = literal_value(name_node) if isinstance(name_node, cst.SimpleString) else None
    if name is None and name_node is not None:
        named = evaluate(name_node)
        name = named.value if isinstance(named, Const) and isinstance(named.value, str) else None
    return CookieWrite(node=node, name=name if isinstance(name, str) else None,
                       value=evaluate(passed.get("value")) if "value" in passed else Const(value=""),
                       secure=evaluate(passed["secure"]) if "secure" in passed else None,
                       samesite=evaluate(passed["samesite"]) if "samesite" in passed else None)


@dataclass(frozen=True)
class CookieRead:
    """A value read from the request's cookies; ``django`` for ``request.COOKIES``."""

    name: Optional[str]
    django: bool = False


def cookie_read(value: Optional[AnyValue]) -> Optional[CookieRead]:
    """Where ``value`` is a request cookie, which one; None otherwise."""
    if isinstance(value, Derived) and _is_cookie_jar(value.base):
        django = isinstance(value.base, Derived) and value.base.key == "COOKIES"
        return CookieRead(value.key if value.key and value.key != "[]" else None, django=django)
    if isinstance(value, CallResult):
        if value.api.endswith(".cookies.get") or value.api.endswith(".COOKIES.get"):
            return CookieRead(_first_literal(value.node), django=value.api.endswith(".COOKIES.get"))
    return None


def _is_cookie_jar(value: AnyValue) -> bool:
    if isinstance(value, Symbol):
        return value.qualname.endswith(".cookies") or value.qualname.endswith(".COOKIES")
    return isinstance(value, Derived) and value.key in ("cookies", "COOKIES") \
        and isinstance(value.base, (Param, Symbol, Derived))


def _first_literal(node: Optional[cst.CSTNode]) -> Optional[str]:
    if isinstance(node, cst.Call) and node.args and isinstance(node.args[0].value, cst.SimpleString):
        text = literal_value(node.args[0].value)
        return text if isinstance(text, str) else None
    return None
