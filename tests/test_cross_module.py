"""Values from other modules of the project: where their findings land, what an import names."""

from __future__ import annotations

import pytest

from jwtlint.config import Config
from jwtlint.engine import Settings, check_paths
from jwtlint.rules.base import Rule


class _Pinned(list):
    """The nodes ``_AtTheValue`` pinned during the walk (one list per file)."""


class _AtTheValue(Rule):
    """Reports at the options value's own node during the walk, and after it at the node it
    pinned to this file with ``ctx.local`` (as a rule that reports later must)."""

    code = "JWT998"
    name = "at-the-value"
    category = "verification"

    def on_call(self, call, ctx):
        options = call.value("options")
        if options is not None and options.node is not None:
            ctx.report(self, options.node, "options seen during the walk")
            ctx.per_file(_Pinned).append(ctx.local(options.node))

    def on_module_end(self, ctx):
        for node in ctx.per_file(_Pinned):
            ctx.report(self, node, "options seen after the walk", cause=node)


def _project(tmp_path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_a_node_of_another_module_is_reported_at_the_statement_that_uses_it(tmp_path, monkeypatch):
    _project(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/conf.py": "JWT_OPTIONS = {\n    'verify_signature': False,\n}\n",
        "pkg/use.py": ("import jwt\nfrom pkg.conf import JWT_OPTIONS\n\n\n"
                       "def read(t):\n    return jwt.decode(t, options=JWT_OPTIONS)\n\n\nLATER = 1\n"),
    })
    monkeypatch.chdir(tmp_path)
    settings = Settings(Config(root=tmp_path))
    settings.rule_classes = [_AtTheValue]
    report = check_paths(["pkg/use.py"], settings, jobs=1)
    assert report.internal_errors == []
    assert sorted((f.path, f.span.line, f.message) for f in report.findings) == [
        ("pkg/use.py", 6, "options seen after the walk"),
        ("pkg/use.py", 6, "options seen during the walk"),
    ]


INSECURE = 'import jwt\n\n\ndef read(token):\n    return jwt.decode(token, options={"verify_signature": False})\n'


def _reported(tmp_path, *argv: str) -> list[str]:
    import io

    from jwtlint.cli import main

    out = io.StringIO()
    main(["check", "--no-cache", *argv], stdout=out, stderr=io.StringIO())
    return sorted(line.split(":", 1)[0] for line in out.getvalue().splitlines() if ": JWT" in line)


@pytest.mark.parametrize("module", ["jwt.py", "jwt/__init__.py"])
def test_a_module_named_jwt_below_the_root_hides_pyjwt_from_nobody(module, tmp_path, monkeypatch):
    _project(tmp_path, {"pyproject.toml": "", "app/__init__.py": "", "app/utils/__init__.py": "",
                        f"app/utils/{module}": INSECURE, "app/utils/other.py": INSECURE})
    monkeypatch.chdir(tmp_path)
    assert _reported(tmp_path, ".") == sorted([f"app/utils/{module}", "app/utils/other.py"])


def test_a_jwt_py_at_the_project_root_is_what_its_siblings_import_but_not_itself(tmp_path, monkeypatch):
    _project(tmp_path, {"setup.cfg": "", "jwt.py": INSECURE, "script.py": INSECURE,
                        "src/tool.py": INSECURE, "app/__init__.py": "", "app/views.py": INSECURE})
    monkeypatch.chdir(tmp_path)
    assert _reported(tmp_path, ".") == ["jwt.py"]


def test_a_constant_defined_in_a_one_line_block_of_another_module_is_followed(tmp_path):
    """``if ...: NAME = value`` on one line is a block of small statements, still a definition."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "conf.py").write_text('import os\nif not os.environ.get("CI"): JWT_SECRET = "changeme"\n')
    (tmp_path / "app.py").write_text('import jwt\nfrom conf import JWT_SECRET\n\n'
                                     'def mint():\n    return jwt.encode({"exp": 1}, JWT_SECRET, algorithm="HS256")\n')
    from jwtlint.cli import main

    assert main(["check", "--no-cache", "--select", "JWT302", "--format", "json", str(tmp_path / "app.py")]) == 1


_TWO_PROJECTS = {
    "one/pyproject.toml": "",
    "one/conf.py": "JWT_OPTIONS = {'verify_signature': False}\n",
    "one/use.py": "import jwt\nfrom conf import JWT_OPTIONS\n\n\ndef read(t):\n    return jwt.decode(t, options=JWT_OPTIONS)\n",
    "one/again.py": "import jwt\nfrom conf import JWT_OPTIONS\n\n\ndef peek(t):\n    return jwt.decode(t, options=JWT_OPTIONS)\n",
    "two/pyproject.toml": "",
    "two/conf.py": "JWT_OPTIONS = {'verify_signature': True}\n",
    "two/use.py": "import jwt\nfrom conf import JWT_OPTIONS\n\n\ndef read(t):\n    return jwt.decode(t, options=JWT_OPTIONS, algorithms=['HS256'])\n",
}


def test_the_next_file_of_another_project_root_lets_the_trees_of_the_last_one_go(tmp_path):
    import libcst as cst

    from jwtlint.semantics.project import Project

    _project(tmp_path, _TWO_PROJECTS)
    index = Project(tmp_path)
    module = cst.parse_module("X = 1\n")
    index.release_trees(str(tmp_path / "one" / "use.py"))
    index.adopt_foreign(module, str(tmp_path / "one" / "conf.py"))
    index.release_trees(str(tmp_path / "one" / "again.py"))
    assert index.is_foreign(module.body[0])  # same project: kept for the next file
    index.release_trees(str(tmp_path / "two" / "use.py"))
    assert not index.is_foreign(module.body[0])
