"""Reading the ground truth written into fixture files.

``# categories: verification, algorithms`` on the first line says which rule
families the file is exact for; ``# expect: JWT101, JWT201`` on the first line
of a statement lists every finding that statement must produce.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
#: Before/after pairs of the automatic fixes (tests/test_fixes.py): the text after a fix still
#: carries the before file's expectations, so these are not fixtures of the analysis.
FIX_FIXTURES = FIXTURES / "fixes"
_EXPECT = re.compile(r"#.*?\bexpect:\s*(?P<codes>JWT[0-9]{3}(?:\s*,\s*JWT[0-9]{3})*)")
_CATEGORIES = re.compile(r"^#\s*categories:\s*(?P<names>[a-z, ]+)$")


def fixture_files() -> list[Path]:
    return sorted(path for path in FIXTURES.rglob("*.py") if FIX_FIXTURES not in path.parents)


def categories(source: str) -> set[str]:
    first = source.splitlines()[0] if source else ""
    match = _CATEGORIES.match(first.strip())
    return {name.strip() for name in match.group("names").split(",") if name.strip()} if match else set()


def expectations(source: str) -> set[tuple[int, str]]:
    expected = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            match = _EXPECT.search(token.string)
            if match:
                for code in match.group("codes").split(","):
                    expected.add((token.start[0], code.strip()))
    return expected
