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


def make(root, files: dict) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository with nested .gitignore files, negations, anchored and folder-only patterns."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    make(tmp_path, {
        ".gitignore": "*_gen.py\n!keep_gen.py\n/top.py\ncache/\ndocs\n",
        "top.py": "", "src/top.py": "", "a_gen.py": "", "keep_gen.py": "", "src/b_gen.py": "",
        "cache/x.py": "", "src/cache/y.py": "", "src/cache.py": "", "docs/d.py": "", "src/docs/e.py": "",
        "src/.gitignore": "!b_gen.py\nlocal/\n/only_here.py\n",
        "src/local/z.py": "", "src/only_here.py": "", "src/sub/only_here.py": "", "only_here.py": "",
        # a repository of its own inside this one: the outer patterns no longer apply below it
        "vendor/.git/HEAD": "", "vendor/c_gen.py": "", "vendor/.gitignore": "skip.py\n", "vendor/skip.py": "",
    })
    return tmp_path


def test_gitignore_semantics_in_a_walk(repo):
    assert walked(Config(root=repo)) == [
        "keep_gen.py",            # negation re-includes
        "only_here.py",           # src/.gitignore's anchored pattern applies in src/ only
        "src/b_gen.py",           # a deeper file's negation overrides the root's pattern
        "src/cache.py",           # "cache/" is for folders only
        "src/sub/only_here.py",   # anchored: not below src/sub
        "src/top.py",             # "/top.py" is anchored to the root
        "vendor/c_gen.py",        # the nested repository does not see the outer *_gen.py
    ]


def test_walking_a_subfolder_applies_the_gitignore_files_above_it(repo):
    assert walked(Config(root=repo), "src") == ["src/b_gen.py", "src/cache.py", "src/sub/only_here.py",
                                                "src/top.py"]
    assert walked(Config(root=repo), "vendor") == ["vendor/c_gen.py"]


def test_a_single_path_is_judged_as_the_walk_judges_it(repo):
    walker = Walker(Config(root=repo))
    for name in ("a_gen.py", "cache/x.py", "src/cache/y.py", "src/local/z.py", "src/only_here.py",
                 "vendor/skip.py", "top.py", "docs/d.py", "src/docs/e.py"):
        assert walker.skips(repo / name), name
    for name in walked(Config(root=repo)):
        assert not walker.skips(repo / name), name


def test_ignored_folders_are_not_listed_and_each_gitignore_is_read_once(repo, monkeypatch):
    import os

    import jwtlint.gitignore

    listed, read = [], []
    real_scandir, real_read = os.scandir, jwtlint.gitignore.read_gitignore
    monkeypatch.setattr(os, "scandir", lambda path: listed.append(os.path.relpath(path)) or real_scandir(path))
    monkeypatch.setattr(jwtlint.gitignore, "read_gitignore", lambda path: read.append(path) or real_read(path))
    walker = Walker(Config(root=repo))
    walker.walk(["."])
    walker.walk(["src", "vendor"])
    assert not {"cache", "docs", "src/cache", "src/local", "src/docs"} & set(listed)
    assert len(read) == len(set(read))
