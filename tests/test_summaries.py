"""Function summaries: project helpers checked at their call sites, across modules and classes.

The fixture projects ``fixtures/helper_modules`` and ``fixtures/helper_classes`` hold the
shapes with their expectations; these tests cover what fixtures cannot show: what the result
cache depends on, which modules are parsed at all, and the bounds of the fixed point.
"""

from __future__ import annotations

from test_cache import analysed, check, project  # noqa: F401 - pytest fixtures and the CLI helper

from jwtlint.config import Config
from jwtlint.engine import Settings, check_paths
from jwtlint.semantics.project import Project

HELPER = ('import jwt\n\n\ndef decode_token(token, key, verify=True):\n'
          '    return jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": %s})\n')
CALLER = ('"""Views that check the JWT of a request."""\nfrom utils.tokens import decode_token\n\n\n'
          'def view(token, key):\n    return decode_token(token, key, verify=False)\n')


def _write(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _found(root, *paths: str) -> list[tuple[str, int, str]]:
    report = check_paths(list(paths) or ["."], Settings(Config(root=root, respect_gitignore=False)), jobs=1)
    assert report.internal_errors == [] and report.errors == []
    return sorted((finding.path, finding.statement.line, finding.code) for finding in report.findings)


def test_a_cached_call_site_result_is_redone_when_the_helper_module_changes(project, analysed):  # noqa: F811
    _write(project, {"utils/__init__.py": "", "utils/tokens.py": HELPER % "verify", "views.py": CALLER})
    code, out = check()
    assert code == 1 and out.startswith("views.py:6:")
    _write(project, {"utils/tokens.py": HELPER % "True"})  # the parameter no longer reaches the options
    assert check() == (0, "No findings.\n")
    _write(project, {"utils/tokens.py": HELPER % "verify"})
    assert check()[1].startswith("views.py:6:")
    assert analysed["views.py"] == 3


def test_an_unchanged_helper_module_keeps_the_cached_result(project, analysed):  # noqa: F811
    _write(project, {"utils/__init__.py": "", "utils/tokens.py": HELPER % "verify", "views.py": CALLER})
    assert check() == check()
    assert analysed["views.py"] == 1


def test_a_module_is_parsed_only_when_something_of_it_is_called(tmp_path, monkeypatch):
    _write(tmp_path, {
        "models.py": "class User:\n    pass\n",
        "helpers.py": "def unrelated(x):\n    return x\n",
        "views.py": ('import jwt\nfrom models import User\nfrom helpers import unrelated\n\n\n'
                     'def view(token):\n    return jwt.decode(token, options={"verify_signature": False})\n'),
    })
    parsed: list[str] = []
    original = Project.parsed

    def recording(self, path):
        parsed.append(path)
        return original(self, path)

    monkeypatch.setattr(Project, "parsed", recording)
    monkeypatch.chdir(tmp_path)
    assert _found(tmp_path, "views.py") == [("views.py", 7, "JWT101")]
    assert parsed == []


def test_helpers_calling_each_other_across_modules_in_a_cycle(tmp_path, monkeypatch):
    _write(tmp_path, {
        "a.py": ('import jwt\nfrom b import relay\n\n\ndef decode(token, verify):\n'
                 '    return jwt.decode(token, "k" * 40, algorithms=["HS256"], audience="x",'
                 ' options={"verify_signature": verify})\n\n\n'
                 'def again(token, verify):\n    return relay(token, verify)\n'),
        "b.py": ('"""JWT relay."""\nfrom a import again, decode\n\n\ndef relay(token, verify):\n'
                 '    return again(token, verify)\n\n\ndef entry(token):\n    return decode(token, False)\n'),
    })
    monkeypatch.chdir(tmp_path)
    found = _found(tmp_path)
    assert ("b.py", 10, "JWT101") in found
    assert not [item for item in found if item[2] == "JWT101" and item[0] == "a.py"]


def test_a_chain_of_wrappers_is_followed_to_its_bound(tmp_path, monkeypatch):
    """Written callers first, each level of the chain takes one round of the fixed point, so the
    chain is followed MAX_ROUNDS deep; a recursive helper does not loop."""
    from jwtlint.engine.wrappers import MAX_ROUNDS

    lines = ['import jwt\n']
    for level in range(MAX_ROUNDS + 2, 0, -1):
        lines.append(f'\n\ndef level{level}(token, verify):\n    return level{level - 1}(token, verify)\n')
    lines.append('\n\ndef level0(token, verify):\n'
                 '    return jwt.decode(token, "k" * 40, algorithms=["HS256"], audience="x",'
                 ' options={"verify_signature": verify})\n')
    lines.append('\n\ndef recursive(token, verify):\n    return recursive(token, verify) or level0(token, verify)\n')
    lines.append(f'\n\nlevel{MAX_ROUNDS}("t", False)\nlevel{MAX_ROUNDS + 2}("t", False)\n'
                 'recursive("t", False)\nlevel1("t", True)\n')
    _write(tmp_path, {"chain.py": "".join(lines)})
    monkeypatch.chdir(tmp_path)
    text = (tmp_path / "chain.py").read_text().splitlines()
    reported = {text[line - 1] for _path, line, code in _found(tmp_path) if code == "JWT101"}
    assert reported == {f'level{MAX_ROUNDS}("t", False)', 'recursive("t", False)'}


def test_a_default_value_is_reported_at_the_definition_only(tmp_path, monkeypatch):
    _write(tmp_path, {"app.py": (
        'import jwt\n\n\ndef decode_token(token, key, verify=False):\n'
        '    return jwt.decode(token, key, algorithms=["HS256"], audience="x",'
        ' options={"verify_signature": verify})\n\n\n'
        'def relying(token, key):\n    return decode_token(token, key)\n\n\n'
        'def overriding(token, key):\n    return decode_token(token, key, verify=True)\n')})
    monkeypatch.chdir(tmp_path)
    assert [item for item in _found(tmp_path) if item[2] == "JWT101"] == [("app.py", 4, "JWT101")]


def test_a_cached_caller_is_redone_when_a_module_without_jwt_use_starts_wrapping_it(project, analysed):  # noqa: F811
    _write(project, {"utils/__init__.py": "", "utils/tokens.py": "def decode_token(token, key, verify=True):\n"
                                                               "    return token\n", "views.py": CALLER})
    assert check() == (0, "No findings.\n")
    _write(project, {"utils/tokens.py": HELPER % "verify"})
    assert check()[1].startswith("views.py:6:")
    assert analysed["views.py"] == 2
