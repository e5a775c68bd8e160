"""Results do not depend on the working directory: the project root comes from the scanned paths."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from jwtlint.cli import main

CONFIG = """\
[tool.jwtlint]
extend-exclude = ["app/generated/*"]
test-paths = ["qa/*"]
include-tests = true

[tool.jwtlint.per-file-ignores]
"app/ignored.py" = ["JWT1"]
"""
OFF = 'options={"verify_signature": False}'
FILES = {
    "pyproject.toml": CONFIG,
    "requirements.txt": "PyJWT==2.8.0\n",
    "app/__init__.py": "",
    "app/conf.py": 'JWT_OPTIONS = {"verify_signature": False}\n',
    # Reported only when `app.conf` resolves to the project's module.
    "app/views.py": ("import jwt\nfrom app.conf import JWT_OPTIONS\n\n\n"
                     "def read(t, k):\n    return jwt.decode(t, k, algorithms=['HS256'], options=JWT_OPTIONS)\n"),
    # JWT703 only when the PyJWT 2 pin at the root is found.
    "app/mint.py": "import jwt\n\n\ndef mint(p, k):\n    return jwt.encode(p, k, algorithm='HS256').decode('utf-8')\n",
    "app/ignored.py": f"import jwt\n\nclaims = jwt.decode(token, {OFF})\n",
    "app/generated/client.py": f"import jwt\n\nclaims = jwt.decode(token, {OFF})\n",
    "qa/check_tokens.py": f"import jwt\n\nclaims = jwt.decode(token, {OFF})\n",
}


@pytest.fixture
def layout(tmp_path) -> Path:
    project = tmp_path / "work" / "project"
    for name, text in FILES.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (tmp_path / "elsewhere").mkdir()
    return project


def findings(cwd: Path, *argv: str, stdin: bytes = b"") -> tuple[int, set[tuple[str, int, str, str]]]:
    """The findings with their paths made absolute (they are displayed relative to ``cwd``)."""

    class Stdin(io.StringIO):
        buffer = io.BytesIO(stdin)

    previous = os.getcwd()
    os.chdir(cwd)
    try:
        out = io.StringIO()
        code = main(["check", "--no-cache", "--format", "json", *argv], stdin=Stdin(), stdout=out,
                    stderr=io.StringIO())
    finally:
        os.chdir(previous)
    rows = json.loads(out.getvalue())["findings"]
    return code, {(os.path.normpath(cwd / row["path"]), row["line"], row["code"], row["severity"]) for row in rows}


def test_the_same_findings_from_any_working_directory(layout):
    inside = findings(layout, ".")
    code, found = inside
    reported = {(Path(path).relative_to(layout).as_posix(), code) for path, _line, code, _severity in found}
    assert reported == {("app/views.py", "JWT101"), ("app/mint.py", "JWT703"), ("qa/check_tokens.py", "JWT101")}
    assert {severity for path, _, _, severity in found if path.endswith("check_tokens.py")} == {"high"}
    assert findings(layout.parent, "project") == inside
    assert findings(layout.parent.parent / "elsewhere", "../work/project") == inside
    assert findings(layout.parent.parent / "elsewhere", str(layout)) == inside
    assert findings(layout / "qa", "..") == inside


def test_a_subfolder_is_checked_as_part_of_its_project(layout):
    code, found = findings(layout.parent.parent / "elsewhere", "../work/project/app")
    assert {(Path(path).name, code) for path, _, code, _ in found} == {("views.py", "JWT101"), ("mint.py", "JWT703")}


@pytest.mark.parametrize("name,expected", [
    ("app/views.py", {"JWT101"}),
    ("app/mint.py", {"JWT703"}),
    ("app/ignored.py", set()),
])
def test_stdin_takes_the_root_from_the_stdin_filename(layout, name, expected):
    elsewhere = layout.parent.parent / "elsewhere"
    source = (layout / name).read_bytes()
    code, found = findings(elsewhere, "-", "--stdin-filename", f"../work/project/{name}", stdin=source)
    assert {code for _, _, code, _ in found} == expected


def test_without_a_marker_the_scanned_folder_is_the_root(layout):
    (layout / "pyproject.toml").unlink()
    inside = findings(layout, ".")
    assert ("JWT101" in {code for _, _, code, _ in inside[1]})
    assert findings(layout.parent.parent / "elsewhere", "../work/project") == inside
