"""JWT505: refresh-token rotation or revocation set up so that old tokens stay valid."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.claim_checks import is_true
from jwtlint.semantics.values import Const, DictValue, SeqValue, truthiness

if TYPE_CHECKING:
    from jwtlint.engine.context import Context
    from jwtlint.semantics.framework import Setting

_BLACKLIST_APP = "rest_framework_simplejwt.token_blacklist"


@dataclass
class SimpleJwtWrites:
    """The ``SIMPLE_JWT`` entries one file writes, by upper-case name (the last write of each)."""

    entries: dict[str, Setting] = field(default_factory=dict)


class RevocationMisconfigured(Rule):
    code = "JWT505"
    name = "revocation-misconfigured"
    category = "lifetime"
    severity = Severity.LOW
    cwe = (613,)
    summary = "Refresh-token rotation or revocation is set up so that old tokens stay valid"
    what = ("Reports simplejwt `ROTATE_REFRESH_TOKENS: True` without `BLACKLIST_AFTER_ROTATION: True` in "
            "the same `SIMPLE_JWT`; `BLACKLIST_AFTER_ROTATION: True` when the module's `INSTALLED_APPS` "
            f"lacks `{_BLACKLIST_APP}`; `JTI_CLAIM: None`; and Flask-JWT-Extended "
            "`jwt_required(skip_revocation_check=True)` / `verify_jwt_in_request(skip_revocation_check=True)`.")
    why = ("Rotation is meant to make a used refresh token worthless. Without blacklisting, every "
           "refresh token ever issued stays valid until it expires, so a stolen one keeps working "
           "next to the rotated one. Without a `jti` nothing can be revoked at all.")
    fix = (f"Set `BLACKLIST_AFTER_ROTATION: True`, add `{_BLACKLIST_APP}` to `INSTALLED_APPS` and run "
           "its migrations; keep `JTI_CLAIM`; do not skip revocation checks on protected views.")
    example = ('SIMPLE_JWT = {\n    "ROTATE_REFRESH_TOKENS": True,\n}\n')
    fixed_example = ('INSTALLED_APPS = ["rest_framework_simplejwt.token_blacklist"]\n'
                     'SIMPLE_JWT = {\n    "ROTATE_REFRESH_TOKENS": True,\n    "BLACKLIST_AFTER_ROTATION": True,\n}\n')
    references = ("https://django-rest-framework-simplejwt.readthedocs.io/en/latest/settings.html",
                  "https://flask-jwt-extended.readthedocs.io/en/stable/blocklist_and_token_revoking.html",
                  "https://cwe.mitre.org/data/definitions/613.html")
    libraries = ("djangorestframework-simplejwt", "Flask-JWT-Extended")
    invalid = (
        'INSTALLED_APPS = ["rest_framework_simplejwt"]\n'
        'SIMPLE_JWT = {"ROTATE_REFRESH_TOKENS": True, "BLACKLIST_AFTER_ROTATION": True}\n',
        'SIMPLE_JWT = {"JTI_CLAIM": None}\n',
        'from flask_jwt_extended import jwt_required\n\n'
        '@jwt_required(skip_revocation_check=True)\ndef profile():\n    return "ok"\n',
    )
    valid = (
        'SIMPLE_JWT = {"ROTATE_REFRESH_TOKENS": False}\n',
        'SIMPLE_JWT = {**BASE_JWT, "ROTATE_REFRESH_TOKENS": True}\n',
    )

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        value = call.value("skip_revocation_check")
        if value is not None and call.passed("skip_revocation_check") and is_true(value):
            ctx.report(self, call.node, f"{call.api.name}(skip_revocation_check=True): revoked tokens are "
                                        "accepted here", cause=value.node)

    def on_setting(self, setting: Setting, ctx: Context) -> None:
        if setting.kind == "dict-entry" and setting.container.split(".")[-1] == "SIMPLE_JWT":
            ctx.per_file(SimpleJwtWrites).entries[setting.upper_name] = setting

    def on_module_end(self, ctx: Context) -> None:
        written = ctx.per_file(SimpleJwtWrites).entries
        final = ctx.evaluator.scope.bindings.get("SIMPLE_JWT")
        if not written or not isinstance(final, DictValue):
            return
        rotate, blacklist, jti = (final.get(name) for name in
                                  ("ROTATE_REFRESH_TOKENS", "BLACKLIST_AFTER_ROTATION", "JTI_CLAIM"))
        if is_true(rotate) and "ROTATE_REFRESH_TOKENS" in written and \
                (blacklist is None and final.complete or blacklist is not None and truthiness(blacklist) is False):
            self._report(ctx, written["ROTATE_REFRESH_TOKENS"], "ROTATE_REFRESH_TOKENS is on without "
                         "BLACKLIST_AFTER_ROTATION: rotated refresh tokens stay valid until they expire")
        if is_true(blacklist) and "BLACKLIST_AFTER_ROTATION" in written and self._blacklist_app_missing(ctx):
            self._report(ctx, written["BLACKLIST_AFTER_ROTATION"], "BLACKLIST_AFTER_ROTATION is on but "
                         f"INSTALLED_APPS lacks {_BLACKLIST_APP!r}: nothing is blacklisted")
        if isinstance(jti, Const) and jti.value is None and "JTI_CLAIM" in written:
            self._report(ctx, written["JTI_CLAIM"], "JTI_CLAIM is None: tokens carry no id, so none can "
                         "be blacklisted or revoked")

    def _report(self, ctx: Context, setting: Setting, message: str) -> None:
        ctx.report(self, setting.node, message, cause=setting.node)

    @staticmethod
    def _blacklist_app_missing(ctx: Context) -> bool:
        apps = ctx.evaluator.scope.bindings.get("INSTALLED_APPS")
        if not (isinstance(apps, SeqValue) and apps.complete):
            return False
        return _BLACKLIST_APP not in apps.constants()
