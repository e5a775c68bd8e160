"""Everything a worker needs to analyse files, resolved once per run.

Picklable, so that a process pool can receive it; the per-process project
cache is rebuilt lazily in each worker.
"""

from __future__ import annotations

import fnmatch
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from jwtlint.config import Config
from jwtlint.roots import is_within
from jwtlint.rules import catalog
from jwtlint.selection import always_enabled, ignored_for_file, is_enabled

if TYPE_CHECKING:
    from jwtlint.files import Prefilter
    from jwtlint.rules.base import Rule
    from jwtlint.semantics.project import Project

#: Every file a rule can report on imports or names one of these (see each rule's markers).
#: ``jose`` only where code imports it: a José or San Jose in a comment is no JWT use.
BASE_MARKERS = ((b"jw", rb"jw[tsk]"), (b"jose", rb"(?:from|import)\s[^\n]*\bjose\b"), (b"joserfc", None),
                (b"authlib", None), (b"token", rb"id_token(?<!\wid_token)"))


class Settings:
    """Enabled codes and the prefilter come from the generated catalog; the rule classes (and
    with them the parser) are imported only when a file is analysed."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.codes = tuple(code for code, default_enabled, _ in catalog.RULES
                           if is_enabled(code, config, default_enabled))
        markers = set(BASE_MARKERS)
        for code, _, patterns in catalog.RULES:
            if code in self.codes:
                markers.update(patterns)
        self._markers = frozenset(markers)
        self._prefilter: Optional[Prefilter] = None
        self._rule_classes: Optional[list[type[Rule]]] = None
        self._project: Optional[Project] = None

    @property
    def prefilter(self) -> Prefilter:
        """Built on first use: a run that replays its snapshot reads no file."""
        if self._prefilter is None:
            from jwtlint.files import Prefilter

            self._prefilter = Prefilter(self._markers)
        return self._prefilter

    def _wants(self, data: bytes) -> bool:
        """The prefilter's test, compiling it only when a module's bytes are first asked about."""
        return self.prefilter.wants(data)

    @property
    def rule_classes(self) -> list[type[Rule]]:
        if self._rule_classes is None:
            from jwtlint.rules import all_rules

            self._rule_classes = [rule for rule in all_rules() if rule.code in self.codes]
        return self._rule_classes

    @rule_classes.setter
    def rule_classes(self, classes: list[type[Rule]]) -> None:
        """For tests that run a rule of their own."""
        self._rule_classes = list(classes)
        self.codes = tuple(rule.code for rule in classes)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_project"] = None
        return state

    @property
    def project(self) -> Project:
        if self._project is None:
            from jwtlint.semantics.project import Project

            self._project = Project(self.config.root, self.config.pyjwt_version, self._wants)
        return self._project

    def fingerprint(self) -> str:
        """Changes whenever anything that affects results changes: version, rules, configuration.

        Result caches (the CLI's and the pytest plugin's) key on this plus the file's content.
        """
        import hashlib

        from jwtlint import __version__

        text = "\n".join((__version__, ",".join(self.codes), self.config.fingerprint()))
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def pyjwt_major(self, path: str) -> str:
        return self.project.pyjwt_major(path)

    # ``path`` below is a file as displayed (as given, or relative to the working directory);
    # patterns match it relative to the project root, wherever the run was started.

    def enabled(self, code: str, path: str) -> bool:
        if code not in self.codes:
            return False
        return always_enabled(code) or not _dropped(code, ignored_for_file(self.relative(path), self.config))

    def rules_for(self, path: str) -> list[Rule]:
        dropped = ignored_for_file(self.relative(path), self.config)
        return [rule(self.config.rule_options) for rule in self.rule_classes
                if always_enabled(rule.code) or not _dropped(rule.code, dropped)]

    def selects_nothing(self) -> bool:
        """No rule runs but the always-on diagnostics: every file would look clean."""
        return all(always_enabled(code) for code in self.codes)

    def is_test_path(self, path: str) -> bool:
        return _matches_any(self.relative(path), self.config.test_paths)

    def relative(self, path: str) -> str:
        """The displayed ``path`` relative to the project root (unchanged when outside it)."""
        return _relative_to(path, str(self.config.root), os.getcwd())

    def reports_on(self, path: str) -> bool:
        """False for test code unless ``include-tests`` is on: such a file is not analysed at all
        (other modules still read it for constants through the project index)."""
        return self.config.include_tests or not self.is_test_path(path)

    def lowers_severity(self, path: str) -> bool:
        """Test code (when included) and example or docs code are reported one severity lower."""
        return self.config.lower_severity_in_tests and (
            self.is_test_path(path) or _matches_any(self.relative(path), self.config.example_paths))


def _dropped(code: str, ignored: frozenset[str]) -> bool:
    return any(code.startswith(prefix) or prefix == "ALL" for prefix in ignored)


@lru_cache(maxsize=8192)
def _relative_to(path: str, root: str, cwd: str) -> str:
    """``cwd`` keys the cache: a displayed path means another file once the process moves.

    The real path (a ``stat`` per component) only for a path that is not below the root as written.
    """
    absolute = os.path.abspath(path)
    if not is_within(absolute, root):
        absolute = os.path.realpath(path)
        if not is_within(absolute, root):
            return path
    return Path(absolute).relative_to(root).as_posix()


@lru_cache(maxsize=8192)
def _matches_any(path: str, patterns: tuple[str, ...]) -> bool:
    whole, name = _compiled(patterns)
    normalized = path.replace("\\", "/")
    if normalized.startswith("./"):
        normalized = normalized[2:]
    return bool(whole.match(normalized) or name.match(normalized.rsplit("/", 1)[-1]))


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """:func:`jwtlint.selection.path_matches` against all ``patterns`` at once: the whole path
    (or what is below a matching folder), and the final component. One regex each instead of
    three ``fnmatch`` calls per pattern and path, which cost more than walking Django's tree."""
    whole = "|".join(f"{fnmatch.translate(p)}|{fnmatch.translate(p.rstrip('/') + '/*')}" for p in patterns)
    name = "|".join(fnmatch.translate(p) for p in patterns)
    return re.compile(whole or "(?!)"), re.compile(name or "(?!)")
