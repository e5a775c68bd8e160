"""The second selection pass: a caller that never names a JWT library is analysed when it imports
a module of the run that does, and an importer of an ordinary module is still never parsed."""

from __future__ import annotations

import io
import re
import shutil
from collections import Counter

import pytest
from expectations import FIXTURES

from jwtlint import cache
from jwtlint.cli import main
from jwtlint.engine import analyze
from jwtlint.importers import ImportersOf

#: What makes a fixture pass the byte prefilter on its annotations alone.
_ANNOTATIONS = re.compile(r"\s*# expect: JWT[0-9]{3}(?:, JWT[0-9]{3})*|^# categories:[^\n]*\n", re.M)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """fixtures/helper_importers without its annotations (the words JWT101 and categories)."""
    shutil.copytree(FIXTURES / "helper_importers", tmp_path / "helper_importers")
    for path in (tmp_path / "helper_importers").rglob("*.py"):
        path.write_text(_ANNOTATIONS.sub("", path.read_text()))
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'app'\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cache, "RACY_NS", 0)
    return tmp_path / "helper_importers"


@pytest.fixture
def analysed(monkeypatch) -> Counter:
    counts: Counter = Counter()
    original = analyze.analyze_source

    def counting(data, display, settings, real_path=None):
        counts[display] += 1
        return original(data, display, settings, real_path=real_path)

    monkeypatch.setattr(analyze, "analyze_source", counting)
    return counts


def findings(*options: str) -> set[tuple[str, int, str]]:
    out, err = io.StringIO(), io.StringIO()
    main(["check", "--format", "concise", *options, "."], stdout=out, stderr=err)
    assert err.getvalue() == ""
    found = set()
    for line in out.getvalue().splitlines():
        match = re.match(r"(?P<path>[^:]+):(?P<line>\d+):\d+: (?P<code>JWT\d{3})", line)
        if match:
            found.add((match["path"], int(match["line"]), match["code"]))
    return found


EXPECTED = {("helper_importers/views.py", 6, "JWT101"), ("helper_importers/relative_views.py", 7, "JWT101"),
            ("helper_importers/relative_views.py", 11, "JWT101")}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_caller_in_another_module_is_reported_at_its_call_site(project, analysed, monkeypatch, jobs):
    from jwtlint.engine import runner

    monkeypatch.setattr(runner, "POOL_THRESHOLD", 2)  # the admitted files reach the workers too
    assert {finding for finding in findings("--no-cache", "--jobs", jobs) if "codec" not in finding[0]} == EXPECTED


def test_an_importer_of_an_ordinary_module_is_not_parsed(project, analysed):
    findings("--no-cache", "--jobs", "1")
    assert set(analysed) == {"helper_importers/auth/codec.py", "helper_importers/views.py",
                             "helper_importers/relative_views.py"}


def test_without_the_helper_in_the_run_nothing_is_admitted(project, analysed):
    (project / "auth" / "codec.py").write_text("def decode_unsafely(token, key, verify=True):\n    return token\n")
    assert findings("--jobs", "1") == set()
    assert not analysed


def test_later_runs_decide_again(project, analysed):
    """The stat index records an admitted file as no candidate by its bytes: when the helper
    stops using the library, its callers are no longer admitted, and until then they are found
    again (from the cache, without a parse)."""
    first = findings("--jobs", "1")
    assert EXPECTED <= first
    (project / "unrelated.py").write_text("print('a new file: the run is not replayed')\n")
    assert findings("--jobs", "1") == first
    assert analysed["helper_importers/views.py"] == 1
    (project / "auth" / "codec.py").write_text("def decode_unsafely(token, key, verify=True):\n    return token\n")
    assert findings("--jobs", "1") == set()


def _packages(root, *folders):
    for folder in folders:
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "__init__.py").write_text("")


@pytest.mark.parametrize("module, importer, source", [
    ("app/auth/codec.py", "app/views.py", b"from app.auth.codec import decode_unsafely\n"),
    ("app/auth/codec.py", "app/views.py", b"import app.auth.codec\n"),
    ("app/auth/codec.py", "app/views.py", b"import os, app.auth.codec as codec\n"),
    ("app/auth/codec.py", "app/views.py", b"from app.auth import codec\n"),
    ("app/auth/codec.py", "app/views.py", b"from auth.codec import decode_unsafely\n"),
    ("app/auth/codec.py", "app/views.py", b"from app.auth import (\n    other,\n    codec,\n)\n"),
    ("app/auth/codec.py", "app/views.py", b"from app.auth import other, \\\n    codec\n"),
    ("app/auth/codec.py", "app/views.py", b"def f():\n    from app.auth import codec as c\n"),
    ("app/auth/codec.py", "app/auth/views.py", b"from .codec import decode_unsafely\n"),
    ("app/auth/codec.py", "app/other/views.py", b"from ..auth.codec import decode_unsafely\n"),
    ("app/auth/codec.py", "app/auth/views.py", b"from . import codec\n"),
    ("app/auth/codec.py", "app/views.py", b"from .auth import codec\n"),
    ("app/auth/__init__.py", "app/views.py", b"from app.auth import decode_unsafely\n"),
    ("app/auth/__init__.py", "app/views.py", b"from .auth import decode_unsafely\n"),
    ("tokens.py", "views.py", b"import os, tokens\n"),
    ("tokens.py", "views.py", b"from tokens import decode\n"),
])
def test_each_spelling_of_an_import_is_seen(tmp_path, module, importer, source):
    _packages(tmp_path, "app", "app/auth", "app/other")
    assert _unread(tmp_path / module).imports_one(source, str(tmp_path / importer))


@pytest.mark.parametrize("importer, source", [
    ("app/views.py", b"from app.models import codec_settings\n"),
    ("app/views.py", b"from app.auth import codecs\n"),
    ("app/views.py", b"import codecs\n"),
    ("app/views.py", b"import codec\n"),
    ("app/views.py", b"# the auth codec is documented elsewhere\n"),
    ("app/views.py", b'patch("app.auth.codec.decode_unsafely")\n'),
    # A relative import names a module of the importer's own package, not a same-named one elsewhere.
    ("app/other/views.py", b"from .codec import decode_unsafely\n"),
    ("app/other/views.py", b"from . import codec\n"),
])
def test_other_imports_are_not(tmp_path, importer, source):
    _packages(tmp_path, "app", "app/auth", "app/other")
    assert not _unread(tmp_path / "app/auth/codec.py").imports_one(source, str(tmp_path / importer))


CODEC = b"""import jwt
from jwt import decode as lenient_decode

SECRET_NAME = "JWT_SECRET"
backend = TokenBackend(algorithm="HS256")


def decode_unsafely(token, key, verify=True):
    return jwt.decode(token, key, options={"verify_signature": verify})


class Codec:
    LIMIT = 10
"""


@pytest.mark.parametrize("source, admitted", [
    (b"from app.auth.codec import decode_unsafely\n", True),
    (b"from app.auth.codec import Codec\n", True),
    (b"from app.auth.codec import backend\n", True),
    (b"from app.auth.codec import lenient_decode\n", True),  # a re-export, by its alias
    (b"from app.auth.codec import *\n", True),
    (b"from app.auth.codec import SECRET_NAME, decode_unsafely\n", True),
    (b"import app.auth.codec\n", True),  # the module itself: any of its attributes
    (b"from app.auth import codec\n", True),
    (b"from app.auth.codec import SECRET_NAME\n", False),  # a constant: no call reaches a library
    (b"from .codec import SECRET_NAME\n", False),
    (b"from .codec import decode_unsafely\n", True),
    (b"from app.auth.codec import LIMIT\n", False),  # a class attribute is no top-level name
])
def test_a_name_taken_from_a_module_admits_only_if_a_call_can_reach_a_library_through_it(
        tmp_path, source, admitted):
    _packages(tmp_path, "app", "app/auth")
    importers = ImportersOf([(str(tmp_path / "app/auth/codec.py"), CODEC)], lambda _path: None)
    assert importers.imports_one(source, str(tmp_path / "app/auth/views.py")) is admitted


def test_a_module_the_run_did_not_hold_is_read_when_a_file_names_it(tmp_path):
    _packages(tmp_path, "app", "app/auth")
    read: list[str] = []
    importers = ImportersOf([(str(tmp_path / "app/auth/codec.py"), None)],
                            lambda path: read.append(path) or CODEC)
    assert not importers.imports_one(b"import os\n", str(tmp_path / "app/views.py"))
    assert read == []
    assert not importers.imports_one(b"from app.auth.codec import SECRET_NAME\n", str(tmp_path / "app/views.py"))
    assert importers.imports_one(b"from app.auth.codec import Codec\n", str(tmp_path / "app/views.py"))
    assert read == [str(tmp_path / "app/auth/codec.py")]


def _unread(module) -> ImportersOf:
    """The module's bytes cannot be read: every name taken from it counts."""
    return ImportersOf([(str(module), None)], lambda _path: None)
