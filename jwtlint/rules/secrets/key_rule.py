"""The base of the key rules: feed the file's :class:`KeyAnalysis`, report one's own problems.

Every JWT3xx rule but JWT310 reads the same per-file analysis
(:mod:`jwtlint.semantics.key_analysis`); the first rule to see a hook does the
work, the others read the result. A rule names the :class:`KeyProblem` values
it reports and says each in its own words (:meth:`KeyRule.message`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar, Optional

import libcst as cst

from jwtlint.findings import Severity
from jwtlint.rules.base import OptionSpec, Rule
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.events import AssignEvent
from jwtlint.semantics.framework import Setting
from jwtlint.semantics.key_analysis import KeyAnalysis, KeyPolicy
from jwtlint.semantics.key_problems import KeyIssue, KeyProblem

if TYPE_CHECKING:
    from jwtlint.engine.context import Context

PLACEHOLDERS_OPTION = OptionSpec(
    "secrets", "extra-placeholders", "list[str]", [],
    "more values to treat as known placeholder secrets (compared case-insensitively)")
MIN_KEY_OPTION = OptionSpec(
    "secrets", "min-hmac-key-bytes", "int", 32,
    "minimum HS256 key length in bytes (RFC 7518: 32); HS384 and HS512 need 1.5 and 2 times as much",
    minimum=1)

#: The libraries and frameworks whose keys the family follows.
KEY_LIBRARIES = ("PyJWT", "python-jose", "Authlib", "joserfc", "jwcrypto", "python_jwt", "Flask-JWT-Extended",
                 "djangorestframework-simplejwt", "fastapi-users", "fastapi-jwt-auth")


class KeyRule(Rule):
    """Reports the issues of the file's key analysis whose problem is in :attr:`problems`."""

    category = "secrets"
    problems: ClassVar[tuple[KeyProblem, ...]] = ()
    node_types: ClassVar[tuple[type, ...]] = (cst.Call, cst.BooleanOperation, cst.If, cst.Assert, cst.Return)
    #: JWT key names without "jwt" in them (``ACCESS_TOKEN_SECRET``, ``SIGNING_KEY``, ``HMAC_KEY``),
    #: environment lookups and settings fields of a secret (``os.getenv("SECRET_KEY", ...)``,
    #: ``config("APP_SECRET", default=...)``, ``secret_key: str = "..."``) reach these rules from
    #: settings files that never mention a JWT library; JWT words are base markers. A name counts
    #: where it is assigned, a mapping key or a string (``test_token_with_different_secret(`` does not).
    markers: ClassVar[tuple[tuple[bytes, Optional[bytes]], ...]] = (
        (b"secret", rb"secret\w{0,40}(token|signing)\w*\s*[=:\"']"),
        (b"token", rb"token\w{0,40}(secret|key)\w*\s*[=:\"']"),
        (b"signing", rb"signing\w{0,40}(secret|key)s?\s*[=:\"']"),
        (b"hmac", rb"hmac\w{0,40}(secret|key)\w*\s*[=:\"']"),
        (b"secret", rb"getenv\s*\([^)]{0,200}secret"),
        (b"secret", rb"environ[^)]{0,200}secret"),
        (b"secret", rb"config\s*\([^)]{0,200}secret"),
        (b"secret", rb"env(\.\w+)?\s*\([^)]{0,200}secret"),
        (b"secret", rb"secret\w*\s*(=|:[^\n=]{0,60}=)[^\n]{0,200}(getenv|environ|config\(|env\()"),
        (b"secret", rb"secret\w*\s*:[^\n=]{0,60}=(?!\s*(?:none\b|[0-9]|=))"),
    )

    def message(self, issue: KeyIssue) -> str:
        """The finding's message for one of this rule's issues."""
        raise NotImplementedError

    def severity_of(self, issue: KeyIssue) -> Severity:
        return self.severity

    def confidence_of(self, issue: KeyIssue) -> Optional[str]:
        return None

    def analysis(self, ctx: Context) -> KeyAnalysis:
        return ctx.per_file(KeyAnalysis, make=lambda: KeyAnalysis(ctx, self._policy()))

    def _policy(self) -> KeyPolicy:
        extra = self.settings.get(f"{PLACEHOLDERS_OPTION.section}.{PLACEHOLDERS_OPTION.key}",
                                  PLACEHOLDERS_OPTION.default)
        minimum = self.settings.get(f"{MIN_KEY_OPTION.section}.{MIN_KEY_OPTION.key}", MIN_KEY_OPTION.default)
        return KeyPolicy(extra_placeholders=tuple(extra), min_hmac_key_bytes=int(minimum))

    def _report(self, ctx: Context, issues: Iterable[KeyIssue]) -> None:
        for issue in issues:
            if issue.problem not in self.problems:
                continue
            message, severity = self.message(issue), self.severity_of(issue)
            if issue.development:
                message, severity = f"{message} (development settings)", severity.lowered()
            ctx.report(self, issue.node, message, severity=severity, confidence=self.confidence_of(issue),
                       secrets=issue.secrets, cause=issue.cause, defined_at=issue.defined_at)

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        self._report(ctx, self.analysis(ctx).on_call(call))

    def on_setting(self, setting: Setting, ctx: Context) -> None:
        self.analysis(ctx).on_setting(setting)

    def on_assign(self, event: AssignEvent, ctx: Context) -> None:
        self.analysis(ctx).on_assign(event)

    def on_node(self, node: cst.CSTNode, ctx: Context) -> None:
        self.analysis(ctx).on_node(node)

    def on_module_end(self, ctx: Context) -> None:
        self._report(ctx, self.analysis(ctx).module_issues())
