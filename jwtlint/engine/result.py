"""What the analysis of one file produced; light to import (no parser), for the run and the caches."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Optional

from jwtlint.findings import FileError, Finding, Span
from jwtlint.rules.diagnostics import FileNotAnalysed

if TYPE_CHECKING:
    from jwtlint.engine.settings import Settings


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    error: Optional[FileError] = None
    internal_error: Optional[str] = None
    analysed: bool = False
    #: Depends on the machine rather than on the file (the analysis ran into the time limit):
    #: never cached, so that a later run tries again.
    transient: bool = False

    def to_record(self) -> dict[str, Any]:
        """A JSON-able form for result caches; :meth:`from_record` restores it exactly."""
        return {"path": self.path, "analysed": self.analysed,
                "findings": [f.to_record() for f in self.findings],
                "suppressed": [f.to_record() for f in self.suppressed],
                "error": self.error.message if self.error else None}

    @classmethod
    def from_record(cls, record: dict[str, Any], path: Optional[str] = None) -> FileResult:
        """Restore a cached result; ``path`` re-labels it when the same content sits elsewhere."""
        shown = path or record["path"]
        relabel = (lambda f: _relabelled(f, record["path"], shown)) if path else (lambda f: f)
        return cls(path=shown, analysed=record["analysed"],
                   findings=[relabel(Finding.from_record(r)) for r in record["findings"]],
                   suppressed=[relabel(Finding.from_record(r)) for r in record["suppressed"]],
                   error=FileError(shown, record["error"]) if record["error"] else None)


def _relabelled(finding: Finding, old: str, new: str) -> Finding:
    """``finding`` shown at ``new``; a definition in the same file moves with it."""
    defined = finding.defined_at
    if defined is not None and defined.path == old:
        defined = replace(defined, path=new)
    return finding.with_changes(path=new, defined_at=defined)


def not_analysed(result: FileResult, settings: Settings, message: str, line: int = 1,
                 text: Optional[str] = None) -> FileResult:
    """Record why a file was not analysed; ``text``, when it could be decoded, gives the excerpt."""
    result.error = FileError(result.path, message)
    if settings.enabled("JWT001", result.path):
        rule = FileNotAnalysed
        span = Span(line, 1, line, 1)
        finding = Finding(code=rule.code, name=rule.name, severity=rule.severity, path=result.path,
                          span=span, statement=span, message=f"file not analysed: {message}", fix=rule.fix)
        if text is not None:
            from jwtlint.excerpts import (
                SourceMask,  # only a decoded file has lines to show
            )

            finding = SourceMask(text).attach(finding)
        result.findings.append(finding)
    return result
