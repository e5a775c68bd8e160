"""An analysis bug, told without leaking the code it crashed on.

Exception messages are where user data reaches a traceback: a libcst node's
repr holds its source (``SimpleString(value='"s3cr3t"')``), a ``KeyError``
holds the key. The traceback kept for ``--verbose`` masks every quoted text in
those messages (the frames show jwtlint's own code, which is safe); the line
printed without ``--verbose`` is only the exception type and where it was
raised.
"""

from __future__ import annotations

import re
import traceback

#: A quoted text of three or more characters, as reprs print them.
_QUOTED = re.compile(r"""(?P<quote>['"])(?P<body>(?:\\.|(?!(?P=quote))[^\\\n]){3,}?)(?P=quote)""")
_FRAME = re.compile(r'^  File "(?P<file>[^"]+)", line (?P<line>\d+)', re.M)
_LIMIT = 8


def masked_traceback(error: BaseException) -> str:
    """The traceback of ``error`` with quoted texts in exception messages masked."""
    chunks = traceback.TracebackException.from_exception(error, limit=-_LIMIT).format()
    return "".join(chunk if chunk.startswith("  ") else mask_quoted(chunk) for chunk in chunks)


def mask_quoted(text: str) -> str:
    """Keep the first and last character of each quoted text: enough to recognise, not to reuse."""
    return _QUOTED.sub(lambda match: f"{match['quote']}{match['body'][0]}***{match['body'][-1]}{match['quote']}",
                       text)


def summary(trace: str) -> str:
    """``KeyError at jwtlint/engine/analyze.py:101``: the last line's exception type, the last frame."""
    lines = [line for line in trace.splitlines() if line and not line.startswith(" ")]
    kind = lines[-1].split(":", 1)[0] if lines else "error"
    frames = list(_FRAME.finditer(trace))
    if not frames:
        return kind
    where = frames[-1]
    return f"{kind} at {_short(where['file'])}:{where['line']}"


def _short(path: str) -> str:
    """From the package directory on (``jwtlint/engine/analyze.py``), wherever it is installed."""
    normalized = path.replace("\\", "/")
    for package in ("/jwtlint/", "/libcst/", "/pytest_jwtlint/"):
        if package in normalized:
            return package.strip("/") + "/" + normalized.split(package, 1)[1]
    return normalized.rsplit("/", 1)[-1]
