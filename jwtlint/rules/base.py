"""The rule class: one place for a rule's code, docs, examples and checks.

Everything users read about a rule (``jwtlint rule CODE``, the README table,
SARIF metadata, generated docs) and the per-rule example tests come from the
class attributes, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Optional

from jwtlint.findings import Severity

if TYPE_CHECKING:
    import libcst as cst

    from jwtlint.engine.context import Context
    from jwtlint.semantics.calls import ApiCall
    from jwtlint.semantics.events import AssignEvent
    from jwtlint.semantics.framework import Setting


CATEGORIES = ("diagnostics", "verification", "algorithms", "secrets", "claims", "lifetime",
              "transport", "dependencies")


@dataclass(frozen=True)
class OptionSpec:
    """A rule option under ``[tool.jwtlint.<section>]``; validated like all configuration."""

    section: str
    key: str
    type: str            # "int", "float", "bool", "str", "list[str]"
    default: Any
    help: str
    #: The smallest value a number may take (a negative key length or lifetime means nothing).
    minimum: Optional[float] = None


class Rule:
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    category: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.MEDIUM
    confidence: ClassVar[str] = "high"
    cwe: ClassVar[tuple[int, ...]] = ()
    summary: ClassVar[str] = ""
    #: Doc sections: what it does, why it is bad, how to fix.
    what: ClassVar[str] = ""
    why: ClassVar[str] = ""
    fix: ClassVar[str] = ""
    #: The automatic fix (a name in :data:`jwtlint.fixes.FIXES`), or "" when there is none.
    autofix: ClassVar[str] = ""
    #: A bad and a good snippet for the docs (each must be a complete module).
    example: ClassVar[str] = ""
    fixed_example: ClassVar[str] = ""
    references: ClassVar[tuple[str, ...]] = ()
    libraries: ClassVar[tuple[str, ...]] = ()
    #: Extra snippets that must (invalid) or must not (valid) produce this rule.
    invalid: ClassVar[tuple[str, ...]] = ()
    valid: ClassVar[tuple[str, ...]] = ()
    #: Configuration the examples are checked under (``Config`` fields), e.g. a pinned PyJWT major.
    example_config: ClassVar[dict[str, Any]] = {}
    #: What a file must contain for this rule to fire when it names no JWT library (settings
    #: modules, env lookups): (word, pattern) pairs over the lower-cased bytes. The word is
    #: searched literally (fast); the pattern, a byte regex or None, confirms it only in files
    #: holding the word. Keep them narrow: each ordinary file they keep costs a parse.
    markers: ClassVar[tuple[tuple[bytes, Optional[bytes]], ...]] = ()
    #: Off unless selected by its full code (or by ``ALL``).
    default_enabled: ClassVar[bool] = True
    #: On whatever the selection says: a diagnostic meaning "this file was not checked" must
    #: never be hidden, or a scan that did not look would read as clean.
    always_enabled: ClassVar[bool] = False
    #: Codes this rule's finding replaces on the same value ("a placeholder is JWT302, not also
    #: JWT301"). Applied by the engine after selection, among the rules that ran: with this rule
    #: disabled, the replaced finding is reported.
    supersedes: ClassVar[tuple[str, ...]] = ()
    options: ClassVar[tuple[OptionSpec, ...]] = ()
    #: CST node types passed to :meth:`on_node`.
    node_types: ClassVar[tuple[type, ...]] = ()

    def __init__(self, options: Optional[dict[str, Any]] = None) -> None:
        self.settings = options or {}

    def option(self, key: str) -> Any:
        for spec in self.options:
            if spec.key == key:
                return self.settings.get(f"{spec.section}.{spec.key}", spec.default)
        raise KeyError(key)

    # Hooks; the engine calls only those a rule overrides.
    def on_call(self, call: ApiCall, ctx: Context) -> None:
        """A call to a known library API, arguments bound to roles."""

    def on_assign(self, event: AssignEvent, ctx: Context) -> None:
        """An assignment (settings, config classes, item assignment on a config mapping)."""

    def on_setting(self, setting: Setting, ctx: Context) -> None:
        """A framework setting written in code (see :mod:`jwtlint.semantics.framework`)."""

    def on_node(self, node: cst.CSTNode, ctx: Context) -> None:
        """Any node whose type is listed in :attr:`node_types`."""

    def on_function_end(self, function: cst.FunctionDef, ctx: Context) -> None:
        """The end of a function body, with the function's scope still in place."""

    def on_module_end(self, ctx: Context) -> None:
        """After the whole module has been walked."""

    @classmethod
    def cwe_tags(cls) -> list[str]:
        return [f"CWE-{number}" for number in cls.cwe]


def overrides(rule: Rule, hook: str) -> bool:
    return getattr(type(rule), hook) is not getattr(Rule, hook)
