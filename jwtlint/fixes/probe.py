"""Walk a freshly parsed module the way the engine does, and keep what the rules were handed.

A fix must change the value the rule reported on, which the finding only
names by position. Re-walking the module with the engine's own walker, the
file's rules and a recording rule gives, for each library call, setting and
assignment, the same bound arguments and values (each remembering the node it
was written at) that the rule saw, so a fix never re-implements the analysis;
and the rules' raw findings give the secret texts each one found, which
findings no longer carry, for the fix that moves a key and for masking diffs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from jwtlint.engine.analyze import walk_module
from jwtlint.engine.settings import Settings
from jwtlint.findings import Span
from jwtlint.rules.base import Rule
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.evaluate import Evaluator
from jwtlint.semantics.events import AssignEvent
from jwtlint.semantics.framework import Setting


class _Recorder(Rule):
    """Not a rule users see: it records every event of the walk by node."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: dict[cst.CSTNode, ApiCall] = {}
        self.written: dict[cst.CSTNode, list[Setting]] = {}
        self.assignments: dict[cst.CSTNode, list[AssignEvent]] = {}

    def on_call(self, call: ApiCall, ctx) -> None:
        self.calls.setdefault(call.node, call)

    def on_setting(self, setting: Setting, ctx) -> None:
        self.written.setdefault(setting.node, []).append(setting)

    def on_assign(self, event: AssignEvent, ctx) -> None:
        self.assignments.setdefault(event.node, []).append(event)


class _Parents(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.parents: dict[cst.CSTNode, cst.CSTNode] = {}
        self._stack: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self._stack:
            self.parents[node] = self._stack[-1]
        self._stack.append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self._stack.pop()


@dataclass
class Probe:
    module: cst.Module
    evaluator: Evaluator
    positions: dict[cst.CSTNode, CodeRange]
    parents: dict[cst.CSTNode, cst.CSTNode]
    calls: dict[cst.CSTNode, ApiCall] = field(default_factory=dict)
    settings: dict[cst.CSTNode, list[Setting]] = field(default_factory=dict)
    assignments: dict[cst.CSTNode, list[AssignEvent]] = field(default_factory=dict)
    #: (code, reported node) -> the raw secret texts the rule found there.
    secrets_at: dict[tuple[str, cst.CSTNode], set[str]] = field(default_factory=dict)
    _by_range: Optional[dict[tuple, list[cst.CSTNode]]] = None

    def nodes_at(self, span: Span) -> list[cst.CSTNode]:
        """Nodes whose range is exactly ``span`` (1-based, end column after the last character)."""
        if self._by_range is None:
            self._by_range = {}
            for node, where in self.positions.items():
                key = (where.start.line, where.start.column, where.end.line, where.end.column)
                self._by_range.setdefault(key, []).append(node)
        found = self._by_range.get((span.line, span.column - 1, span.end_line, span.end_column - 1), [])
        return sorted(found, key=self.depth)

    def secrets(self) -> set[str]:
        return {secret for found in self.secrets_at.values() for secret in found}

    def depth(self, node: cst.CSTNode) -> int:
        depth = 0
        while node in self.parents:
            node = self.parents[node]
            depth += 1
        return depth


def probe(module: cst.Module, display: str, real_path: str, settings: Settings) -> Probe:
    """Walk ``module`` (parsed from the file at ``real_path``) as the engine would."""
    recorder = _Recorder()
    ctx, _ = walk_module(module, real_path, display, settings, (recorder,))
    secrets: dict[tuple[str, cst.CSTNode], set[str]] = {}
    for raw in ctx.findings:
        node = raw.anchor if raw.anchor is not None else raw.node
        secrets.setdefault((raw.rule.code, node), set()).update(raw.secrets)
    parents = _Parents()
    module.visit(parents)
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    return Probe(module=module, evaluator=ctx.evaluator, positions=dict(positions), parents=parents.parents,
                 calls=recorder.calls, settings=recorder.written, assignments=recorder.assignments,
                 secrets_at=secrets)
