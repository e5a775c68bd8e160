"""Tool diagnostics: problems with the input or with suppressions, not with JWT use.

They have no checks of their own; the engine produces them. They are rules so
that they can be selected, ignored, documented and listed like any other.
"""

from jwtlint.findings import Severity
from jwtlint.rules.base import Rule


class FileNotAnalysed(Rule):
    code = "JWT001"
    name = "file-not-analysed"
    category = "diagnostics"
    severity = Severity.HIGH
    always_enabled = True
    summary = "A file could not be read, decoded or parsed, so it was not checked"
    what = ("Reports a Python file that jwtlint could not read (permissions, a broken link), "
            "decode (a wrong or unknown encoding, binary content) or parse (a syntax error).")
    why = ("A file that is not analysed can hide any other finding. A scan must never look clean "
           "because a file was skipped silently.")
    fix = "Fix the syntax or encoding error, or exclude the file in `[tool.jwtlint] extend-exclude`."
    what += (" It cannot be turned off by `select`, `ignore` or `per-file-ignores`: a file that was not "
             "checked could hide any finding. Exclude the file instead.")


class UnusedSuppression(Rule):
    code = "JWT002"
    name = "unused-suppression"
    category = "diagnostics"
    severity = Severity.LOW
    summary = "A suppression comment hides nothing"
    what = ("Reports a `# noqa: JWTxxx` or `# jwtlint: ignore[JWTxxx]` comment that does not "
            "suppress any finding on its statement, a `# jwtlint: ignore` without a code, and a "
            "prefix such as `# noqa: JWT1`, which suppresses nothing: suppressions name full codes.")
    why = ("Stale suppressions accumulate and later hide a real finding that appears on the same "
           "line. A suppression without a code would hide every security finding, so jwtlint "
           "does not honour it and says so.")
    fix = "Delete the comment, or name the exact code it should suppress."
    example = "import jwt\n\nclaims = jwt.decode(token, key, algorithms=['HS256'])  # noqa: JWT101\n"
    fixed_example = "import jwt\n\nclaims = jwt.decode(token, key, algorithms=['HS256'])\n"
