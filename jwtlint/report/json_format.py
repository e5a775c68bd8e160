"""The JSON contract of DESIGN.md: ``{"version", "findings", "errors", "stats"}``.

Keys are only ever added, never renamed. Raw secrets are not part of a
finding's dict, so they can never reach this output.
"""

from __future__ import annotations

import json

from jwtlint import __version__
from jwtlint.report import View


def render(report, view: View) -> str:
    document = {
        "version": __version__,
        "findings": [finding.to_dict() for finding in report.findings],
        "errors": [error.to_dict() for error in report.errors],
        "stats": report.stats(),
    }
    if view.baseline is not None:
        document["baseline"] = view.baseline
    return json.dumps(document, indent=2, sort_keys=False) + "\n"
