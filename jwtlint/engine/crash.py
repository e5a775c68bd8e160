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
#: The dotted name an exception line starts with (``KeyError``, ``libcst._exceptions.ParserSyntaxError``).
_EXCEPTION_TYPE = re.compile(r"[A-Za-z_][\w.]*(?=:|$)")


def masked_traceback(error: BaseException) -> str:
    """The traceback of ``error`` with quoted texts in exception messages masked."""
    chunks = traceback.TracebackException.from_exception(error, limit=-_LIMIT).format()
    return "".join(chunk if chunk.startswith("  ") else mask_quoted(chunk) for chunk in chunks)


def mask_quoted(text: str) -> str:
    """Keep the first and last character of each quoted text: enough to recognise, not to reuse."""
    return _QUOTED.sub(lambda match: f"{match['quote']}{match['body'][0]}***{match['body'][-1]}{match['quote']}",
                       text)


def summary(trace: str) -> str:
    """``KeyError at jwtlint/engine/analyze.py:101``: the exception type, the last frame.

    The type is the first unindented line after the last frame; the message after it (which can
    span lines, with source text in them) is never part of the summary."""
    frames = list(_FRAME.finditer(trace))
    after = trace[frames[-1].end():].partition("\n")[2] if frames else trace  # past the frame's own line
    lines = [line for line in after.splitlines() if line and not line.startswith(" ")]
    named = _EXCEPTION_TYPE.match(lines[0]) if lines else None
    kind = named.group() if named else "error"
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
