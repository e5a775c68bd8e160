"""What the transport rules share: the framework settings of a file, judged at its end, and
what the module's text says about cookies.

Each rule reads one property of a :class:`~jwtlint.semantics.transport_settings.TransportConfig`;
the gathering itself lives in the semantics layer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from jwtlint.rules.base import Rule
from jwtlint.semantics.cookies import ModuleCookieFacts
from jwtlint.semantics.transport_settings import TransportConfig, TransportSettings

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.semantics.framework import Setting


class ConfiguredTransportRule(Rule):
    """A transport rule over Flask-JWT-Extended / fastapi-jwt-auth configurations."""

    category = "transport"
    libraries: ClassVar[tuple[str, ...]] = ("Flask-JWT-Extended", "fastapi-jwt-auth")

    def on_setting(self, setting: Setting, ctx: Context) -> None:
        ctx.per_file(TransportSettings).note(setting)

    def on_module_end(self, ctx: Context) -> None:
        for config in ctx.per_file(TransportSettings).configs():
            self.check(config, ctx)

    def check(self, config: TransportConfig, ctx: Context) -> None:
        raise NotImplementedError


def module_cookie_facts(ctx: Context) -> ModuleCookieFacts:
    """The framework and CSRF evidence of the file being walked, read once from its text when a
    rule first meets a cookie there."""
    module = ctx.module
    return ctx.per_file(ModuleCookieFacts, make=lambda: ModuleCookieFacts.of(module.code if module else ""))
