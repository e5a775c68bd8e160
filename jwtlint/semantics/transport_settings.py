"""How a framework configuration says tokens travel: Flask-JWT-Extended and fastapi-jwt-auth.

A setting's meaning depends on its siblings (CSRF protection matters only when tokens
come from cookies), so the settings of one container (``app.config``, a config class,
a settings module, a pydantic settings class) are gathered over the file and read
together at its end. A config class also inherits the settings of its bases defined in
the same file. Framework defaults are the libraries' own: tokens in headers only, CSRF
protection on, cookies not marked ``Secure``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from jwtlint.semantics.framework import Setting
from jwtlint.semantics.values import AnyValue, Const, SeqValue

#: The same settings under Flask-JWT-Extended's and fastapi-jwt-auth's names.
_LOCATION = ("JWT_TOKEN_LOCATION", "AUTHJWT_TOKEN_LOCATION")
_CSRF = ("JWT_COOKIE_CSRF_PROTECT", "AUTHJWT_COOKIE_CSRF_PROTECT")
_SECURE = ("JWT_COOKIE_SECURE", "AUTHJWT_COOKIE_SECURE")
_SAMESITE = ("JWT_COOKIE_SAMESITE", "AUTHJWT_COOKIE_SAMESITE")
_WATCHED = frozenset((*_LOCATION, *_CSRF, *_SECURE, *_SAMESITE))

GroupKey = tuple[bool, str]


def locations(value: AnyValue) -> Optional[set[str]]:
    """``JWT_TOKEN_LOCATION`` as a set of names (a string or a list of them); None when unknown."""
    if isinstance(value, Const) and isinstance(value.value, str):
        return {value.value.lower()}
    if isinstance(value, SeqValue) and value.complete:
        names = [item.value for item in value.items if isinstance(item, Const)]
        if len(names) == len(value.items):
            return {str(name).lower() for name in names}
    return None


@dataclass(frozen=True)
class TransportConfig:
    """The transport settings one configuration ends up with (its own over its bases')."""

    settings: dict[str, Setting]

    def _first(self, names: tuple[str, ...]) -> Optional[Setting]:
        return next((self.settings[name] for name in names if name in self.settings), None)

    @property
    def location(self) -> Optional[Setting]:
        return self._first(_LOCATION)

    @property
    def csrf(self) -> Optional[Setting]:
        return self._first(_CSRF)

    @property
    def secure(self) -> Optional[Setting]:
        return self._first(_SECURE)

    @property
    def samesite(self) -> Optional[Setting]:
        return self._first(_SAMESITE)

    def locations(self) -> Optional[set[str]]:
        """Where tokens are read from, as configured; None when not set or not known."""
        location = self.location
        return locations(location.value) if location is not None else None

    def cookies_used(self) -> bool:
        names = self.locations()
        return names is not None and "cookies" in names


@dataclass
class TransportSettings:
    """The transport settings of one file, by container (``(is a mapping, container name)``)."""

    groups: dict[GroupKey, dict[str, Setting]] = field(default_factory=dict)
    bases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def note(self, setting: Setting) -> None:
        if setting.upper_name not in _WATCHED:
            return
        self.groups.setdefault((setting.kind == "config", setting.container), {})[setting.upper_name] = setting
        if setting.kind in ("class", "field"):
            self.bases[setting.container] = setting.bases

    def configs(self) -> list[TransportConfig]:
        return [TransportConfig(dict(group) if is_mapping else self._inherited(container))
                for (is_mapping, container), group in self.groups.items()]

    def _inherited(self, container: str, seen: frozenset[str] = frozenset()) -> dict[str, Setting]:
        """A config class's settings with those of its base classes in the same file under them."""
        merged: dict[str, Setting] = {}
        for base in reversed(self.bases.get(container, ())):
            name = base.rsplit(".", 1)[-1]
            if name not in seen and (False, name) in self.groups:
                merged.update(self._inherited(name, seen | {container}))
        merged.update(self.groups.get((False, container), {}))
        return merged
