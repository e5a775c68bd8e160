"""What a fix is, what it sees and what it returns.

A fix is a function from a :class:`Target` (one finding, located again in a
freshly parsed module) to an :class:`Edit` (node replacements in that module),
or None when it cannot fix this occurrence. A fix is *safe* when code that
handles correct tokens behaves as before, *unsafe* when it changes what is
accepted or needs a value the user must supply (an environment variable).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional, Union

import libcst as cst

if TYPE_CHECKING:
    from jwtlint.engine.settings import Settings
    from jwtlint.findings import Finding
    from jwtlint.fixes.probe import Probe
    from jwtlint.semantics.calls import ApiCall
    from jwtlint.semantics.framework import Setting

Replacement = Union[cst.CSTNode, cst.RemovalSentinel]


@dataclass
class Edit:
    """Nodes of the located module to replace (or remove), and modules the new code imports."""

    replacements: dict[cst.CSTNode, Replacement] = field(default_factory=dict)
    imports: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fix:
    name: str
    safe: bool
    #: How the code is changed, for each rule's documentation.
    description: str
    apply: Callable[[Target], Optional[Edit]]


@dataclass
class Target:
    """One finding in a freshly parsed module: the nodes at its reported span and what the walk saw."""

    finding: Finding
    module: cst.Module
    #: Every node whose range is exactly the finding's reported span, outermost first.
    nodes: list[cst.CSTNode]
    probe: Probe
    settings: Settings

    def call(self) -> Optional[ApiCall]:
        """The library call reported, bound to roles as the rule saw it."""
        for node in self.nodes:
            call = self.probe.calls.get(node)
            if call is not None:
                return call
        return None

    def settings_written(self) -> list[Setting]:
        return [setting for node in self.nodes for setting in self.probe.settings.get(node, ())]

    def secrets(self) -> set[str]:
        """The raw secret texts the rule found at the reported node."""
        return {secret for node in self.nodes for secret in self.probe.secrets_at.get((self.finding.code, node), ())}

    def first(self, *types: type) -> Optional[cst.CSTNode]:
        return next((node for node in self.nodes if isinstance(node, types)), None)

    def owns(self, node: Optional[cst.CSTNode]) -> bool:
        """The node is part of this module (a value may come from another file)."""
        return node is not None and (node in self.probe.parents or node is self.module)

    def parent(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        return self.probe.parents.get(node)

    def ancestors(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        parent = self.parent(node)
        while parent is not None:
            yield parent
            parent = self.parent(parent)

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)
