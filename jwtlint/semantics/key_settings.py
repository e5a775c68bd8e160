"""Which framework settings hold the key JWTs are signed with.

``JWT_SECRET_KEY`` always does; Django's or Flask's ``SECRET_KEY`` does only
when the JWT extension falls back to it (nothing more specific is set); a
settings-class field does when it is named like a JWT secret. Settings written
together (a config class, ``SIMPLE_JWT``, the module, ``app.config`` in one
function) are judged together: :func:`group_of`.
"""

from __future__ import annotations

import re
from typing import Optional

from jwtlint.semantics.evidence import is_about_jwt
from jwtlint.semantics.framework import Setting, inherits_base_settings
from jwtlint.semantics.names import name_words
from jwtlint.semantics.project import Project
from jwtlint.semantics.scopes import Scope
from jwtlint.semantics.secret_names import is_jwt_key_name, is_jwt_secret_name
from jwtlint.semantics.values import (
    AnyValue,
    ClassRef,
    Const,
    DictValue,
    SeqValue,
    Symbol,
)

#: Settings that hold the JWT signing secret of a framework, whatever kind of setting they are.
FRAMEWORK_KEY_SETTINGS = frozenset({"JWT_SECRET_KEY", "JWT_PRIVATE_KEY", "AUTHJWT_SECRET_KEY",
                                    "RESET_PASSWORD_TOKEN_SECRET", "VERIFICATION_TOKEN_SECRET"})
#: simplejwt's ``SIMPLE_JWT`` entry; django-graphql-jwt's ``GRAPHQL_JWT`` uses Flask-style names.
_SIMPLE_JWT, _SIGNING_KEY, _GRAPHQL_JWT = "SIMPLE_JWT", "SIGNING_KEY", "GRAPHQL_JWT"
_FLASK_JWT_MODULES = ("flask_jwt_extended", "flask_jwt")
_SIMPLEJWT_APP = "rest_framework_simplejwt"
#: fastapi-users keeps its token secrets in lower-case attributes of the user manager.
_USER_MANAGER_BASES = ("BaseUserManager",)
USER_MANAGER_SECRETS = ("reset_password_token_secret", "verification_token_secret")

Group = tuple[str, str, Optional[str]]

#: Lower-case words in snake or kebab case: how a field of a response or a claim is named.
_FIELD_NAME = re.compile(r"[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*")
_TOKEN_WORDS = frozenset({"token", "jwt", "jws", "jwe", "idtoken"})
_SECRET_WORDS = frozenset({"secret", "key", "pass", "passwd", "password", "private", "signing", "sign"})


def group_of(setting: Setting, function: Optional[str]) -> Group:
    """Settings configured together: a class, ``SIMPLE_JWT``, the module, or ``app.config`` in one function."""
    return (setting.kind, setting.container, function if setting.kind == "config" else None)


def is_user_manager(bases: tuple[str, ...]) -> bool:
    return any(base.split(".")[-1] in _USER_MANAGER_BASES for base in bases)


def is_key_setting(setting: Setting, siblings: dict[str, Setting], groups: dict[Group, dict[str, Setting]],
                   module: Optional[Scope]) -> bool:
    name = setting.upper_name
    if setting.kind == "dict-entry":
        container = setting.container.split(".")[-1]
        return (container == _SIMPLE_JWT and name == _SIGNING_KEY) or (
            container == _GRAPHQL_JWT and name in FRAMEWORK_KEY_SETTINGS)
    if name in FRAMEWORK_KEY_SETTINGS:
        return True
    if name == "SECRET_KEY" and setting.kind != "field":
        return secret_key_signs_jwts(setting, siblings, groups, module)
    if setting.kind == "field":
        return is_jwt_secret_name(setting.name)
    return setting.kind in ("config", "class") and is_jwt_key_name(setting.name) \
        and is_about_jwt(setting.name, module) and not names_a_token_field(setting)


def names_a_token_field(setting: Setting) -> bool:
    """``TOKEN_KEY = "id_token"``: the key *under which* a token is found, not a key that signs one.

    Only a name whose one secret word is an ambiguous ``KEY`` qualifies, with a value
    written like a field name that says token (``"id_token"``, ``"access-token"``, ``"jwt"``)
    and says nothing secret (``"jwt_secret"`` stays a secret). Such a value that does reach
    a library's key parameter is still reported there.
    """
    if any("SECRET" in word for word in name_words(setting.name)):
        return False
    value = setting.value
    if not (isinstance(value, Const) and isinstance(value.value, str) and _FIELD_NAME.fullmatch(value.value)):
        return False
    words = set(re.split(r"[_-]", value.value))
    return bool(words & _TOKEN_WORDS) and not words & _SECRET_WORDS


def secret_key_signs_jwts(setting: Setting, siblings: dict[str, Setting], groups: dict[Group, dict[str, Setting]],
                          module: Optional[Scope]) -> bool:
    """Whether a framework signs JWTs with this ``SECRET_KEY`` because nothing more specific is set.

    Django: simplejwt's ``SIGNING_KEY`` defaults to ``SECRET_KEY``; reported in a
    settings module that configures ``SIMPLE_JWT`` without ``SIGNING_KEY`` or
    installs ``rest_framework_simplejwt`` without ``SIMPLE_JWT``. Flask:
    Flask-JWT-Extended and Flask-JWT fall back to ``SECRET_KEY`` when
    ``JWT_SECRET_KEY`` is not set; reported when the same configuration (the
    config class with its bases, the module, or ``app.config`` anywhere in the
    module) sets no ``JWT_SECRET_KEY`` but other ``JWT_*`` options, or the
    module uses one of those extensions.
    """
    if setting.kind == "module":
        simple = module_value(module, _SIMPLE_JWT)
        if isinstance(simple, DictValue):
            return simple.complete and simple.get(_SIGNING_KEY) is None
        apps = module_value(module, "INSTALLED_APPS")
        if isinstance(apps, SeqValue) and any(isinstance(app, str) and app.startswith(_SIMPLEJWT_APP)
                                              for app in apps.constants()):
            return True
    if setting.kind == "class":
        names = set(siblings) | _inherited_names(module, setting.container)
    elif setting.kind == "config":
        names = {name for group, found in groups.items() if group[0] == "config" for name in found}
    else:
        names = set(siblings)
    if "JWT_SECRET_KEY" in names:
        return False
    return any(name.startswith("JWT_") for name in names) or _uses_flask_jwt(module)


def is_settings_field(setting: Setting, module: Optional[Scope], project: Project) -> bool:
    """A pydantic ``BaseSettings`` field (directly or through base classes): its default is a
    fallback the environment overrides."""
    if setting.kind != "field":
        return False
    owner = module_value(module, setting.container)
    return isinstance(owner, ClassRef) and inherits_base_settings(owner.bases, lambda name: module_value(module, name),
                                                                  project)


def module_value(module: Optional[Scope], name: str) -> Optional[AnyValue]:
    return module.bindings.get(name) if module is not None else None


def _inherited_names(module: Optional[Scope], class_name: str, depth: int = 0) -> set[str]:
    owner = module_value(module, class_name)
    if not isinstance(owner, ClassRef) or depth > 8:
        return set()
    names = {name.upper() for name, _ in owner.attributes}
    for base in owner.bases:
        names |= _inherited_names(module, base.split(".")[-1], depth + 1)
    return names


def _uses_flask_jwt(module: Optional[Scope]) -> bool:
    if module is None:
        return False
    return any(isinstance(value, Symbol) and value.qualname.split(".")[0] in _FLASK_JWT_MODULES
               for value in module.bindings.values())
