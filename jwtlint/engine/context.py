"""What a rule can see and do while one file is walked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar

import libcst as cst
from libcst.metadata import CodeRange

from jwtlint.engine.definitions import Definition, Definitions
from jwtlint.engine.positions import module_positions
from jwtlint.findings import Severity
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.evaluate import Evaluator
from jwtlint.semantics.project import Project
from jwtlint.semantics.values import AnyValue

if TYPE_CHECKING:
    from jwtlint.rules.base import Rule

FactsT = TypeVar("FactsT")


@dataclass
class RawFinding:
    """A finding before its statement is known and suppressions are applied."""

    rule: type[Rule]
    node: cst.CSTNode
    message: str
    severity: Severity
    confidence: str
    secrets: tuple[str, ...]
    #: When set, report here instead of at ``node`` (wrapper call sites).
    anchor: Optional[cst.CSTNode] = None
    #: Where the reported value is written, when not at the sink (see :mod:`jwtlint.engine.definitions`).
    defined_at: Optional[Definition] = None


@dataclass
class Context:
    path: str
    evaluator: Evaluator
    project: Project
    is_test_path: bool = False
    findings: list[RawFinding] = field(default_factory=list)
    seen: set[tuple[object, ...]] = field(default_factory=set)
    #: Replaced while wrapper call sites are re-checked.
    anchor: Optional[cst.CSTNode] = None
    #: The statement the walk is in (the last one it entered): where a value from another
    #: module is reported, since the module it comes from has no place in this file's report.
    statement: Optional[cst.CSTNode] = None
    #: The functions being walked, innermost last (empty at module level and while
    #: wrapper call sites are re-checked after the walk).
    function_nodes: list[cst.FunctionDef] = field(default_factory=list)
    #: The module being walked: its positions are resolved once, when a rule or a finding needs one.
    module: Optional[cst.Module] = None
    _positions: Optional[Mapping[cst.CSTNode, CodeRange]] = field(default=None, repr=False)
    _definitions: Optional[Definitions] = field(default=None, repr=False)
    _per_file: dict[type, Any] = field(default_factory=dict, repr=False)

    def per_file(self, kind: type[FactsT], make: Optional[Callable[[], FactsT]] = None) -> FactsT:
        """The one ``kind`` object of this file, made on first use by ``make`` (or ``kind()``).

        Rules and analyses that gather facts across hooks keep them here, typed and keyed
        by their class: no string keys shared by convention, and a new file starts empty.
        """
        found = self._per_file.get(kind)
        if found is None:
            found = self._per_file[kind] = (make or kind)()
        return found

    def definition(self, node: Optional[cst.CSTNode]) -> Optional[Definition]:
        """Where the value written at ``node`` is defined, in this file or another module.

        A rule passes it to :meth:`report` for a value that reaches the sink through a name.
        """
        if self._definitions is None:
            self._definitions = Definitions(self.path, self.evaluator.path, self.project, self.module,
                                            self.range_of)
        return self._definitions.locate(node)

    def positions(self) -> Mapping[cst.CSTNode, CodeRange]:
        """Every node's range in the module being walked (computed on first use)."""
        if self._positions is None:
            assert self.module is not None
            self._positions = module_positions(self.module)
        return self._positions

    def range_of(self, node: cst.CSTNode) -> CodeRange:
        """Where ``node`` is in the module being walked (``node`` must be of this module)."""
        return self.positions()[node]

    def report(self, rule: Rule, node: cst.CSTNode, message: str, *,
               severity: Optional[Severity] = None, confidence: Optional[str] = None,
               secrets: tuple[str, ...] = (), cause: Optional[cst.CSTNode] = None,
               defined_at: Optional[Definition] = None) -> None:
        """Record a finding at ``node``.

        ``cause`` is the node of the value that makes the code insecure; a value
        seen twice (through a ``partial`` and again at its call) is reported once.
        A value ``defined_at`` another place (a constant) is reported once per sink.
        ``secrets`` are raw texts that every format must mask. A node of another module
        (a value imported from it) is replaced by the statement of this file that uses it.
        """
        anchor = self.anchor
        sink = id(node) if defined_at is not None else None
        key = (type(rule).code, id(cause) if cause is not None else id(anchor or node), id(anchor), sink)
        if key in self.seen:
            return
        self.seen.add(key)
        node = self.local(node)
        self.findings.append(RawFinding(
            rule=type(rule), node=node, message=message,
            severity=severity or type(rule).severity,
            confidence=confidence or type(rule).confidence,
            secrets=tuple(s for s in secrets if s), anchor=anchor, defined_at=defined_at))

    def local(self, node: cst.CSTNode) -> cst.CSTNode:
        """``node``, or the statement being walked when ``node`` belongs to another module.

        A rule that keeps a node to report after the walk pins it with this while the
        walk is still at the statement that uses the value.
        """
        if self.statement is not None and self.project.is_foreign(node, self.module):
            return self.statement
        return node

    def evaluate(self, expr: Optional[cst.CSTNode]) -> AnyValue:
        return self.evaluator.evaluate(expr)

    def resolve_call(self, node: cst.Call) -> Optional[ApiCall]:
        return self.evaluator.resolve_call(node)

    @property
    def function(self) -> Optional[str]:
        return self.evaluator.scope.function_name()

    @property
    def pyjwt_major(self) -> str:
        return self.evaluator.pyjwt_major


