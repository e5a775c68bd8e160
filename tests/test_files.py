"""Which files a run looks at: default excludes, globs, .gitignore, force-exclude."""

from __future__ import annotations

import pytest

from jwtlint.config import Config
from jwtlint.files import Walker
from jwtlint.gitignore import parse


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("app/auth.py", "app/models.pyi", "app/readme.txt", ".venv/lib/jwt.py", "build/lib/auth.py",
                 "node_modules/x/y.py", "app/__pycache__/auth.py", "migrations/0001.py", "generated/api.py",
                 "generated/keep.py", "logs/debug.py"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("import jwt\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("logs/\ngenerated/*\n!generated/keep.py\n")
    return tmp_path


def walked(config: Config, *paths: str, **options) -> list[str]:
    targets, errors = Walker(config, **options).walk(paths or (".",))
    assert errors == []
    return sorted(target.display for target in targets)


def test_default_excludes_and_gitignore(tree):
    assert walked(Config(root=tree)) == ["app/auth.py", "app/models.pyi", "generated/keep.py", "migrations/0001.py"]


def test_no_respect_gitignore(tree):
    assert walked(Config(root=tree), respect_gitignore=False) == [
        "app/auth.py", "app/models.pyi", "generated/api.py", "generated/keep.py", "logs/debug.py",
        "migrations/0001.py"]


def test_extend_exclude(tree):
    config = Config(root=tree, extend_exclude=("migrations",), respect_gitignore=False)
    assert "migrations/0001.py" not in walked(config)
    # A folder named on the command line is checked, as a file would be, unless force-exclude.
    assert walked(config, "app", "migrations") == ["app/auth.py", "app/models.pyi", "migrations/0001.py"]
    assert walked(config, "app", "migrations", force_exclude=True) == ["app/auth.py", "app/models.pyi"]


def test_path_patterns_match_below_the_root(tree):
    config = Config(root=tree, extend_exclude=("app/*.pyi", "generated"), respect_gitignore=False)
    assert walked(config) == ["app/auth.py", "logs/debug.py", "migrations/0001.py"]


def test_exclude_replaces_defaults(tree):
    found = walked(Config(root=tree, exclude=("node_modules",), respect_gitignore=False))
    assert ".venv/lib/jwt.py" in found and "build/lib/auth.py" in found and "node_modules/x/y.py" not in found


def test_explicit_paths_are_checked_unless_force_exclude(tree):
    config = Config(root=tree, extend_exclude=("migrations/*",))
    assert walked(config, "migrations/0001.py", "logs/debug.py") == ["logs/debug.py", "migrations/0001.py"]
    assert walked(config, "migrations/0001.py", "logs/debug.py", "app/auth.py", force_exclude=True) == ["app/auth.py"]


def test_each_file_once(tree):
    assert walked(Config(root=tree), "app", "app/auth.py", "./app") == ["app/auth.py", "app/models.pyi"]


@pytest.mark.parametrize("pattern,path,is_dir,ignored", [
    ("*.log", "a/b.log", False, True),
    ("/build", "build", True, True),
    ("/build", "src/build", True, False),
    ("docs/", "docs", False, False),
    ("docs/", "docs", True, True),
    ("**/cache", "a/b/cache", True, True),
    ("a/**/z.py", "a/b/c/z.py", False, True),
    ("file[0-9].py", "file3.py", False, True),
    ("\\#notes.py", "#notes.py", False, True),
])
def test_gitignore_patterns(pattern, path, is_dir, ignored):
    patterns = parse(pattern)
    matched = False
    for item in patterns:
        if item.dir_only and not is_dir:
            continue
        if item.regex.match(path):
            matched = not item.negated
    assert matched is ignored
