"""The unified diff ``--diff`` prints, with every secret masked.

A fix that moves a key to the environment removes a line holding the key;
printed as is, the diff would show the secret whole. Every line of the diff
(removed, added and context) goes through the masking of source excerpts: the secrets
the analysis found, and literals on lines that name a secret.
"""

from __future__ import annotations

import difflib

from jwtlint.excerpts import mask_line
from jwtlint.fixes.applier import FileFix


def masked_diff(fix: FileFix) -> str:
    before = fix.original.decode(fix.encoding, errors="replace").splitlines(keepends=True)
    after = fix.fixed.decode(fix.encoding, errors="replace").splitlines(keepends=True)
    secrets = sorted(fix.secrets, key=len, reverse=True)
    lines = []
    for line in difflib.unified_diff(before, after, fromfile=f"a/{fix.path}", tofile=f"b/{fix.path}"):
        text = line.rstrip("\r\n")
        lines.append(mask_line(text, secrets).text + "\n")
        if text == line:
            lines.append("\\ No newline at end of file\n")
    return "".join(lines)
