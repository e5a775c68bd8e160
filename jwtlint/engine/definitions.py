"""Where a reported value is defined, when that is not where it is reported.

A hard-coded key is reported at every sink that uses it (each library call,
each framework setting), so that each place that must change is listed; the
value itself is written once, often in another module (``SECRET`` in
``settings.py``). A finding carries that place as its definition: messages
name it, SARIF gives it as a related location, and a suppression comment on
the defining lines covers every finding of the value, here and in every file
that imports it, so that a test secret is silenced once, where it is written.

A definition is a path and a range, never text: it shows no secret.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Callable, Optional

import libcst as cst
from libcst.metadata import CodeRange

from jwtlint.engine.positions import module_positions
from jwtlint.findings import Location, Span
from jwtlint.semantics.project import Project
from jwtlint.suppressions import find_suppressions


@dataclass(frozen=True)
class Definition:
    location: Location
    #: Codes that comments on the defining lines suppress, when those lines are in another file
    #: (the analysed file's own comments are applied with the rest of its suppressions).
    suppressed: frozenset[str] = frozenset()


class Definitions:
    """Locates the definitions a file's findings refer to, each other module's positions once."""

    def __init__(self, display: str, real_path: str, project: Project, own_module: Optional[cst.Module],
                 own_range: Callable[[cst.CSTNode], CodeRange]) -> None:
        self.display = display
        self.real_path = real_path
        self.project = project
        #: The analysed tree: possibly one the project index parsed, whose nodes are then this file's.
        self.own_module = own_module
        self.own_range = own_range
        self._modules: dict[int, tuple[Mapping[cst.CSTNode, CodeRange], dict[int, frozenset[str]]]] = {}

    def locate(self, node: Optional[cst.CSTNode]) -> Optional[Definition]:
        if node is None:
            return None
        foreign = self.project.foreign_module(node)
        if foreign is None or foreign[1] is self.own_module:
            return Definition(Location(self.display, _span(self.own_range(node))))
        path, module = foreign
        positions, codes_by_line = self._module(module)
        span = _span(positions[node])
        suppressed = frozenset(code for line in range(span.line, span.end_line + 1)
                               for code in codes_by_line.get(line, ()))
        return Definition(Location(self._shown(path), span), suppressed)

    def _module(self, module: cst.Module) -> tuple[Mapping[cst.CSTNode, CodeRange], dict[int, frozenset[str]]]:
        """The module's positions and the codes its comments suppress on each line, once per file analysed."""
        if id(module) not in self._modules:
            positions = module_positions(module)
            codes: dict[int, frozenset[str]] = {}
            for suppression in find_suppressions(module.code):
                codes[suppression.line] = codes.get(suppression.line, frozenset()) | suppression.codes
            self._modules[id(module)] = (positions, codes)
        return self._modules[id(module)]

    def _shown(self, path: str) -> str:
        """``path`` as this file's path is shown: relative to it (``app/settings.py`` beside
        ``app/views.py``), so that it reads the same whatever the working directory."""
        relative = os.path.relpath(path, os.path.dirname(os.path.abspath(self.real_path)))
        return os.path.normpath(os.path.join(os.path.dirname(self.display), relative)).replace(os.sep, "/")


def _span(where: CodeRange) -> Span:
    return Span(where.start.line, where.start.column + 1, where.end.line, where.end.column + 1)
