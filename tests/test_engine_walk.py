"""The engine's walk and what it keeps: one parse per file, findings as plain records."""

from __future__ import annotations

import dataclasses

import libcst as cst

from jwtlint.config import Config
from jwtlint.engine import Settings, check_paths
from jwtlint.engine.analyze import analyze_source
from jwtlint.semantics import project as project_module

HELPER = '''import jwt

SECRET = "hard-coded-secret-value"


def decode(token):
    return jwt.decode(token, SECRET, algorithms=["HS256"])
'''
USER = '''import jwt

from helpers import decode


def view(token):
    return decode(token), jwt.get_unverified_header(token)
'''


def _run(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    config = Config(root=tmp_path, respect_gitignore=False)
    return check_paths([str(tmp_path / name) for name in files], Settings(config), jobs=1)


def _located(report):
    return sorted((f.code, f.path.rsplit("/", 1)[-1], f.span, f.statement, f.message) for f in report.findings)


def test_a_module_the_index_parsed_is_analysed_from_that_tree(tmp_path, monkeypatch):
    """``helpers.py`` is parsed for the index when ``app.py`` (walked first) imports it; its own
    analysis then reuses that tree, and its findings are where they are alone."""
    (tmp_path / "alone").mkdir()
    alone = _located(_run(tmp_path / "alone", {"helpers.py": HELPER}))
    parses: list[str] = []
    real_parse = cst.parse_module

    def counting(source, *args, **kwargs):
        parses.append(source if isinstance(source, str) else source.decode())
        return real_parse(source, *args, **kwargs)

    monkeypatch.setattr(cst, "parse_module", counting)
    together = _located(_run(tmp_path, {"app.py": USER, "helpers.py": HELPER}))
    assert parses.count(HELPER) == 1
    assert [item for item in together if item[1] == "helpers.py"] == alone
    assert alone


def test_findings_hold_no_syntax_nodes(tmp_path):
    """A file's result keeps located records only: its tree can go as soon as it is analysed."""
    source = HELPER + "".join(f"claims{i} = jwt.decode(t, SECRET, options={{'verify_signature': False}})\n"
                              for i in range(5))
    settings = Settings(Config(root=tmp_path, respect_gitignore=False))
    result = analyze_source(source.encode(), "many.py", settings, real_path=str(tmp_path / "many.py"))
    assert len(result.findings) >= 5
    pending: list[object] = [result]
    while pending:
        value = pending.pop()
        assert not isinstance(value, cst.CSTNode), value
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            pending.extend(getattr(value, field.name) for field in dataclasses.fields(value))
        elif isinstance(value, (list, tuple, set, frozenset)):
            pending.extend(value)
        elif isinstance(value, dict):
            pending.extend([*value.keys(), *value.values()])


def test_the_project_index_keeps_the_bytes_it_parsed(tmp_path):
    (tmp_path / "helpers.py").write_text(HELPER)
    project = project_module.Project(tmp_path)
    path = str((tmp_path / "helpers.py").resolve())
    tree = project.parsed(path)
    assert tree is not None
    assert project.tree_of(str(tmp_path / "helpers.py"), HELPER.encode()) is tree
    assert project.tree_of(str(tmp_path / "helpers.py"), (HELPER + "# edited\n").encode()) is None
