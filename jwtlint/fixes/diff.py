"""The unified diff ``--diff`` prints, with every secret masked.

A fix that moves a key to the environment removes a line holding the key;
printed as is, the diff would show the secret whole. Every line of the diff
(removed, added and context) goes through the same masking as other outputs.
"""

from __future__ import annotations

import difflib

from jwtlint.fixes.applier import FileFix
from jwtlint.masking import redact


def masked_diff(fix: FileFix) -> str:
    before = fix.original.decode(fix.encoding, errors="replace").splitlines(keepends=True)
    after = fix.fixed.decode(fix.encoding, errors="replace").splitlines(keepends=True)
    secrets = tuple(fix.secrets)
    lines = []
    for line in difflib.unified_diff(before, after, fromfile=f"a/{fix.path}", tofile=f"b/{fix.path}"):
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        lines.append(redact(line, secrets))
    return "".join(lines)
