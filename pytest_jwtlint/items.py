"""The collected nodes: for each checked file, a collector holding one ``jwtlint`` item.

Node ids are ``path::jwtlint`` and every item carries the ``jwtlint`` marker,
so ``-m jwtlint`` runs only these checks and ``-m "not jwtlint"`` skips them.
"""

from __future__ import annotations

from typing import Optional

import pytest

from pytest_jwtlint.checker import CHECKER, Verdict
from pytest_jwtlint.plugin import MARKER


class JwtlintFailure(Exception):
    """The file has findings or could not be analysed; the message is the failure text."""


class JwtlintFile(pytest.File):
    def collect(self):
        item = JwtlintItem.from_parent(self, name="jwtlint")
        item.add_marker(MARKER)
        return [item]


class JwtlintItem(pytest.Item):
    #: Set by :meth:`runtest`; the session ships it to the controller in the call report.
    verdict: Optional[Verdict] = None

    def runtest(self) -> None:
        self.verdict = self.config.stash[CHECKER].check(self.path)
        if self.verdict.failed:
            raise JwtlintFailure(self.verdict.failure_text())

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, JwtlintFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, self.nodeid
