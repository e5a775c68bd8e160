"""The finding record every rule produces and every report format reads.

A finding keeps two ranges: the node that is reported (what the user sees) and
the statement that holds it (what suppression comments and fixture
expectations attach to). It also carries what reports show of the source, cut
and masked by the analysis (:mod:`jwtlint.excerpts`): no format reads a file,
and no raw secret ever leaves the analysis.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Optional


class Severity(str, enum.Enum):
    """Ordered from most to least urgent; the value is what formats print."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def lowered(self) -> Severity:
        """One step less urgent, used for findings under test paths."""
        order = list(Severity)
        return order[min(self.rank + 1, len(order) - 1)]


_SEVERITY_RANK = {sev: index for index, sev in enumerate(Severity)}


@dataclass(frozen=True)
class Span:
    """A 1-based source range; ``end_column`` is the column after the last character."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Location:
    """Where the value a finding is about is written, when that is not where it is reported.

    A hard-coded key is reported at each sink that uses it; this is the one place it is
    defined (``SECRET = "..."`` in ``settings.py``), where a suppression comment covers
    every finding of the value. Only a path and a range: no source text, so no secret.
    """

    path: str
    span: Span

    def label(self, seen_from: str) -> str:
        """``line 12`` in the file of the finding (``seen_from``), else ``app/settings.py:12``."""
        return f"line {self.span.line}" if self.path == seen_from else f"{self.path}:{self.span.line}"

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.span.line, "column": self.span.column,
                "end_line": self.span.end_line, "end_column": self.span.end_column}

    @classmethod
    def from_dict(cls, record: dict) -> Location:
        return cls(record["path"], Span(record["line"], record["column"], record["end_line"], record["end_column"]))


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: Severity
    path: str
    span: Span
    message: str
    statement: Span
    confidence: str = "high"
    fix: str = ""
    #: The reported lines (at most five), secrets masked.
    excerpt: tuple[str, ...] = field(default=(), repr=False, compare=False)
    #: (start, length) of the underline in the masked first excerpt line, for a one-line span.
    underline: Optional[tuple[int, int]] = field(default=None, repr=False, compare=False)
    #: The reported statement's text, whitespace collapsed and secrets masked: what SARIF
    #: fingerprints and baseline entries hash, so they survive lines moving.
    statement_text: str = field(default="", repr=False, compare=False)
    #: Where the reported value is defined, when elsewhere (a constant, an imported setting).
    defined_at: Optional[Location] = None

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.code)

    def with_changes(self, **changes) -> Finding:
        return replace(self, **changes)

    def to_record(self) -> dict:
        """Everything, for result caches and pytest-xdist (all of it masked already)."""
        return {"code": self.code, "name": self.name, "severity": self.severity.value,
                "path": self.path, "span": list(vars(self.span).values()),
                "statement": list(vars(self.statement).values()), "message": self.message,
                "confidence": self.confidence, "fix": self.fix, "excerpt": list(self.excerpt),
                "underline": list(self.underline) if self.underline else None,
                "statement_text": self.statement_text,
                "defined_at": self.defined_at.to_dict() if self.defined_at else None}

    @classmethod
    def from_record(cls, record: dict) -> Finding:
        return cls(code=record["code"], name=record["name"], severity=Severity(record["severity"]),
                   path=record["path"], span=Span(*record["span"]), statement=Span(*record["statement"]),
                   message=record["message"], confidence=record["confidence"], fix=record["fix"],
                   excerpt=tuple(record["excerpt"]),
                   underline=(int(record["underline"][0]), int(record["underline"][1]))
                   if record["underline"] else None,
                   statement_text=record["statement_text"],
                   defined_at=Location.from_dict(record["defined_at"]) if record.get("defined_at") else None)

    def to_dict(self) -> dict:
        """The stable JSON shape of DESIGN.md; keys are only ever added."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "confidence": self.confidence,
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "message": self.message,
            "fix": self.fix,
            "defined_at": self.defined_at.to_dict() if self.defined_at else None,
        }


@dataclass(frozen=True)
class FileError:
    """A file that could not be analysed (it is also reported as JWT001)."""

    path: str
    message: str

    def to_dict(self) -> dict:
        return {"path": self.path, "message": self.message}
