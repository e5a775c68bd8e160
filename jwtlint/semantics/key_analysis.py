"""Every key value of a file, classified once into :class:`KeyIssue` facts.

The JWT3xx rules look at the same things: the value reaching a key sink (a
library call's ``key`` role, a framework key setting), every environment
lookup with a fallback, and secrets assigned from weak sources. One
:class:`KeyAnalysis` per file (``ctx.per_file``) classifies each of them once
(:func:`jwtlint.semantics.keys.key_facts`) and turns the classification into
issues; a rule reports the issues of the problems it is about.

One value can have several problems (a short placeholder is a placeholder,
hard-coded and short); the analysis states them all and the rules declare
which finding replaces which.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Optional, Protocol

import libcst as cst

from jwtlint.secrets_data import PlaceholderMatch, match_placeholder
from jwtlint.semantics import keys
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.config_flow import (
    ConfigFlow,
    ConfigRead,
    config_helpers,
    config_read,
    project_config_helpers,
)
from jwtlint.semantics.env_fallbacks import FallbackWatch
from jwtlint.semantics.evaluate import Evaluator
from jwtlint.semantics.events import AssignEvent
from jwtlint.semantics.framework import Setting, field_default, inherits_base_settings
from jwtlint.semantics.key_hooks import hook_key
from jwtlint.semantics.key_problems import (
    KeyIssue,
    KeyProblem,
    Place,
    secret_texts,
    shown_value,
)
from jwtlint.semantics.key_settings import (
    USER_MANAGER_SECRETS,
    Group,
    group_of,
    is_key_setting,
    is_settings_field,
    is_user_manager,
)
from jwtlint.semantics.key_sinks import (
    KEY_SINK_KINDS,
    KeySink,
    algorithm_label,
    call_algorithms,
    call_key_value,
    hmac_accepted_label,
    hmac_allowed,
    key_fixed_by_partial,
    only_none,
    required_bytes,
    setting_algorithms,
)
from jwtlint.semantics.keys import KeyFacts, key_facts
from jwtlint.semantics.project import Project
from jwtlint.semantics.secret_names import is_jwt_secret_name
from jwtlint.semantics.syntax import descendants
from jwtlint.semantics.unverified import VERIFYING_KINDS, signature_switch
from jwtlint.semantics.values import AnyValue, CallResult, Const, EnvLookup, Symbol

if TYPE_CHECKING:
    from jwtlint.engine.definitions import Definition

#: Settings modules meant for development or tests: fallbacks there are one severity lower.
_DEV_SETTINGS = re.compile(r"(?:^|[/_])(?:dev|development|local|test|tests|testing)(?:_settings)?\.py$")
_GUESSABLE_KINDS = (keys.WEAK_RANDOM, keys.CONSTANT_HASH, keys.PASSWORD)


class KeyContext(Protocol):
    """What the analysis needs of the file being walked (the engine's ``Context`` is one)."""

    path: str
    evaluator: Evaluator
    project: Project
    module: Optional[cst.Module]

    @property
    def function(self) -> Optional[str]: ...

    def evaluate(self, expr: Optional[cst.CSTNode]) -> AnyValue: ...

    def definition(self, node: Optional[cst.CSTNode]) -> Optional[Definition]: ...


@dataclass(frozen=True)
class KeyPolicy:
    """The configurable part: more placeholders, and the HS256 minimum (HS384/HS512 scale from it)."""

    extra_placeholders: tuple[str, ...] = ()
    min_hmac_key_bytes: int = 32


@dataclass
class KeyAnalysis:
    ctx: KeyContext
    policy: KeyPolicy
    #: Call node -> the call and its issues (the rules of the family ask once each).
    calls: dict[cst.CSTNode, tuple[ApiCall, list[KeyIssue]]] = field(default_factory=dict)
    #: Settings seen, with the function that writes them (``app.config`` in ``create_app``).
    settings: dict[tuple[cst.CSTNode, str], tuple[Setting, Optional[str]]] = field(default_factory=dict)
    fallbacks: FallbackWatch = field(default_factory=FallbackWatch)
    config: ConfigFlow = field(default_factory=ConfigFlow)
    #: Key sinks reading a configuration key: checked at the end, when every write is known.
    config_sinks: list[tuple[KeySink, ConfigRead]] = field(default_factory=list)
    #: This module's functions that return the configuration mapping (found on first use).
    local_config_helpers: Optional[frozenset[str]] = None
    assignments: list[KeyIssue] = field(default_factory=list)
    #: Keys returned by library hooks (:mod:`jwtlint.semantics.key_hooks`).
    hook_issues: list[KeyIssue] = field(default_factory=list)
    seen: set[cst.CSTNode] = field(default_factory=set)
    module_results: Optional[list[KeyIssue]] = None

    # -- hooks ---------------------------------------------------------------------

    def on_call(self, call: ApiCall) -> list[KeyIssue]:
        cached = self.calls.get(call.node)
        if cached is not None and cached[0] is call:
            return cached[1]
        found = list(self._call_issues(call))
        self.calls[call.node] = (call, found)
        return found

    def on_setting(self, setting: Setting) -> None:
        self.settings.setdefault((setting.node, setting.name), (setting, self.ctx.function))
        if setting.kind == "config":
            self.config.write(setting.name, setting.value, f'{setting.container}["{setting.name}"]')

    def on_assign(self, event: AssignEvent) -> None:
        if event.node in self.seen:
            return
        self.seen.add(event.node)
        name = event.key or event.target.rsplit(".", 1)[-1]
        if event.owner is not None and name in USER_MANAGER_SECRETS and is_user_manager(event.owner_bases):
            self.on_setting(Setting(name, event.value, event.node, "class", event.owner))
        if event.owner is not None and event.function is None and event.annotation and event.key is None \
                and "." not in event.target \
                and inherits_base_settings(event.owner_bases, self._module_name, self.ctx.project):
            # A field of a settings class whose BaseSettings is a base of a base (maybe in another module);
            # like every framework setting, only in a class of the module body.
            self.on_setting(Setting(name, event.value, event.node, "field", event.owner, event.owner_bases))
        if isinstance(event.value, EnvLookup) and event.value.node is not None:
            self.fallbacks.on_assigned(event.value.node, event.function, name)
            if is_jwt_secret_name(name):
                self.fallbacks.marked.add(event.value.node)
        if is_jwt_secret_name(name):
            self.assignments.extend(self._weak_assignment(event, name))

    def on_node(self, node: cst.CSTNode) -> None:
        if node in self.seen:
            return
        self.seen.add(node)
        if isinstance(node, cst.If):
            self.fallbacks.on_if(node, self.ctx.function)
        elif isinstance(node, cst.Assert):
            self.fallbacks.on_assert(node, self.ctx.function)
        elif isinstance(node, cst.Return):
            self._on_return(node)
        else:
            self.fallbacks.on_lookup_candidate(node, self.ctx.evaluate, self.ctx.function)
            if isinstance(node, cst.Call):
                self.config.on_call(node, self.ctx.evaluate, self.ctx.project, self.ctx.path)

    def _on_return(self, node: cst.Return) -> None:
        """The ``return`` of a library hook that hands out the signing key (``get_jwt_config``)."""
        found = hook_key(node, self.ctx.function, self.ctx.evaluator.fallback, self.ctx.evaluate)
        if found is not None:
            sink = KeySink(found.value, node, found.where, found.algorithms)
            self.hook_issues.extend(self._sink_issues(sink, key_facts(found.value, self.ctx.evaluate)))

    def _module_name(self, name: str) -> Optional[AnyValue]:
        module = self.ctx.evaluator.fallback
        return module.bindings.get(name) if module is not None else None

    def module_issues(self) -> list[KeyIssue]:
        if self.module_results is None:
            self.module_results = [*self.assignments, *self.hook_issues, *self._settings_issues(),
                                   *self._config_issues(),
                                   *self._lookup_issues()]
        return self.module_results

    # -- sinks ---------------------------------------------------------------------

    def _call_issues(self, call: ApiCall) -> Iterator[KeyIssue]:
        api = call.api
        if api.kind not in KEY_SINK_KINDS:
            return
        verifying = api.kind in VERIFYING_KINDS
        if verifying and signature_switch(call) is not None:
            return  # no key is checked at all
        where = f"{api.name}()"
        result = CallResult(node=call.node, api=api.name, call=call)
        generated = keys.generated_length(result, self.ctx.evaluate)
        if generated is not None:
            yield from self._sink_issues(KeySink(result, call.node, where, None), generated)
            return
        if keys.is_password_key_factory(result):
            # The password argument is this issue's cause, not a second one.
            yield self._guessable(call.node, where, KeyFacts(keys.PASSWORD, node=call.node, detail=where))
            return
        value = call_key_value(call)
        if value is None or key_fixed_by_partial(call):
            return
        sink = KeySink(value, call.node, where, call_algorithms(call), verifying=verifying)
        read = self._config_read(call)
        if read is not None and not isinstance(value, Const):
            self.config_sinks.append((sink, read))
            return
        yield from self._sink_issues(sink, key_facts(value, self.ctx.evaluate))

    def _config_read(self, call: ApiCall) -> Optional[ConfigRead]:
        param = call.api.param_for("key")
        passed = call.arg_nodes.get(param) if param is not None else None
        return config_read(passed, self.ctx.evaluate, self._returns_config) if passed is not None else None

    def _returns_config(self, function: tuple[str, str]) -> bool:
        """``def get_conf(): return current_app.config``, in this module or another of the project."""
        path, name = function
        if path and path != self.ctx.path:
            return name in project_config_helpers(self.ctx.project, path)
        if self.local_config_helpers is None:
            self.local_config_helpers = config_helpers(self.ctx.module)
        return name in self.local_config_helpers

    def _config_issues(self) -> Iterator[KeyIssue]:
        """Key sinks that read a configuration key this file (or a module it loads) writes."""
        for sink, read in self.config_sinks:
            for value in self.config.values(read):
                yield from self._sink_issues(replace(sink, value=value), key_facts(value, self.ctx.evaluate))

    def _settings_issues(self) -> Iterator[KeyIssue]:
        groups: dict[Group, dict[str, Setting]] = {}
        for setting, function in self.settings.values():
            groups.setdefault(group_of(setting, function), {})[setting.upper_name] = setting
        module = self.ctx.evaluator.fallback
        for setting, function in self.settings.values():
            siblings = groups[group_of(setting, function)]
            if not is_key_setting(setting, siblings, groups, module):
                continue
            where = f"setting {setting.name}"
            if setting.upper_name == "SECRET_KEY" and setting.kind != "field":
                where += " (the JWT signing key, as no JWT-specific key is set)"
            value = field_default(setting.value, self.ctx.evaluate) if setting.kind == "field" else setting.value
            sink = KeySink(value, setting.node, where, setting_algorithms(setting, siblings),
                           none_is_default=True, fallback=is_settings_field(setting, module, self.ctx.project))
            yield from self._sink_issues(sink, key_facts(value, self.ctx.evaluate))

    def _sink_issues(self, sink: KeySink, facts: KeyFacts) -> Iterator[KeyIssue]:
        kind = facts.kind
        if kind == keys.ENV:
            if facts.node is not None:
                self.fallbacks.marked.add(facts.node)
        elif kind in (keys.NONE, keys.EMPTY):
            if not ((kind == keys.NONE and sink.none_is_default) or only_none(sink.algorithms)):
                yield KeyIssue(KeyProblem.EMPTY, sink.node, Place.SINK, sink.where, facts, cause=facts.node)
        elif kind == keys.PRIVATE:
            if facts.text is None:  # a JWK dict; PEM text is reported where it is written
                yield KeyIssue(KeyProblem.PRIVATE_JWK, sink.node, Place.SINK, sink.where, facts, cause=facts.node)
        elif kind == keys.PUBLIC:
            if sink.verifying and hmac_allowed(sink.algorithms):
                yield KeyIssue(KeyProblem.PUBLIC_AS_HMAC, sink.node, Place.SINK, sink.where, facts, cause=None,
                               accepted_hmac=hmac_accepted_label(sink.algorithms))
        elif kind == keys.LITERAL:
            yield from self._literal_issues(sink, facts)
        elif kind == keys.GENERATED:
            yield from self._length_issues(sink, facts)
        elif kind in _GUESSABLE_KINDS:
            yield self._guessable(sink.node, sink.where, facts)

    def _literal_issues(self, sink: KeySink, facts: KeyFacts) -> Iterator[KeyIssue]:
        defined = self._definition(facts)
        issue = KeyIssue(KeyProblem.HARD_CODED, sink.node, Place.SINK, sink.where, facts, cause=facts.node,
                         shown=shown_value(facts, defined, self.ctx.path), secrets=_texts(facts),
                         defined_at=defined, placeholder=self._placeholder(facts))
        if issue.placeholder is not None:
            yield replace(issue, problem=KeyProblem.PLACEHOLDER)
        if sink.fallback:
            yield replace(issue, problem=KeyProblem.FALLBACK)
            return
        yield issue
        yield from self._length_issues(sink, facts)

    def _length_issues(self, sink: KeySink, facts: KeyFacts) -> Iterator[KeyIssue]:
        required = required_bytes(sink.algorithms, self.policy.min_hmac_key_bytes)
        strength = facts.entropy if facts.entropy is not None else facts.length
        if required is None or strength is None or strength >= required:
            return
        defined = self._definition(facts)
        yield KeyIssue(KeyProblem.SHORT, sink.node, Place.SINK, sink.where, facts, cause=facts.node,
                       shown=shown_value(facts, defined, self.ctx.path) if facts.text is not None else "",
                       secrets=_texts(facts), defined_at=defined, required_bytes=required,
                       algorithm_label=algorithm_label(sink.algorithms))

    # -- environment lookups ---------------------------------------------------------

    def _lookup_issues(self) -> Iterator[KeyIssue]:
        development = bool(_DEV_SETTINGS.search(self.ctx.path.replace("\\", "/")))
        watch = self.fallbacks
        for node, record in watch.lookups.items():
            lookup = record.lookup
            if record.debug_only or not (node in watch.marked or is_jwt_secret_name(lookup.name)):
                continue
            facts = key_facts(lookup.default, self.ctx.evaluate)
            where = lookup.name
            if facts.kind == keys.EMPTY:
                if watch.empty_default_excused(node):
                    continue
                found = [KeyIssue(KeyProblem.EMPTY, node, Place.LOOKUP, where, facts, cause=facts.node)]
            elif facts.kind in (keys.LITERAL, keys.PRIVATE):
                issue = KeyIssue(KeyProblem.FALLBACK, node, Place.LOOKUP, where, facts, cause=facts.node,
                                 shown=shown_value(facts), secrets=_texts(facts),
                                 placeholder=self._placeholder(facts) if facts.kind == keys.LITERAL else None)
                found = [replace(issue, problem=KeyProblem.PLACEHOLDER)] if issue.placeholder else []
                found.append(issue)
            else:
                found = []
            yield from (replace(issue, development=development) for issue in found)

    # -- secrets assigned from weak sources -------------------------------------------

    def _weak_assignment(self, event: AssignEvent, name: str) -> Iterable[KeyIssue]:
        facts = key_facts(event.value, self.ctx.evaluate)
        if facts.kind in (keys.WEAK_RANDOM, keys.CONSTANT_HASH):
            return [self._guessable(event.node, name, facts, Place.ASSIGNMENT)]
        if facts.kind != keys.UNKNOWN_SOURCE or event.value_node is None:
            return []
        for call in _calls_within(event.value_node):
            callee = self.ctx.evaluate(call.func)
            if isinstance(callee, Symbol) and keys.is_weak_source(callee.qualname):
                weak = KeyFacts(keys.WEAK_RANDOM, node=call, detail=f"{callee.qualname}()")
                return [self._guessable(event.node, name, weak, Place.ASSIGNMENT)]
        return []

    # -- helpers ------------------------------------------------------------------------

    @staticmethod
    def _guessable(node: cst.CSTNode, where: str, facts: KeyFacts, place: Place = Place.SINK) -> KeyIssue:
        return KeyIssue(KeyProblem.GUESSABLE, node, place, where, facts, cause=facts.node)

    def _placeholder(self, facts: KeyFacts) -> Optional[PlaceholderMatch]:
        extra = self.policy.extra_placeholders
        found = match_placeholder(facts.text, extra) if facts.text is not None else None
        if found is None and facts.decoded is not None:
            found = match_placeholder(facts.decoded, extra)
        return found

    def _definition(self, facts: KeyFacts) -> Optional[Definition]:
        """Where a key that reaches the sink through a name is written; None for one written there."""
        return self.ctx.definition(facts.node) if facts.via and facts.node is not None else None


def _texts(facts: KeyFacts) -> tuple[str, ...]:
    return secret_texts(facts.text, facts.node)


def _calls_within(node: cst.CSTNode) -> list[cst.Call]:
    return [inner for inner in descendants(node) if isinstance(inner, cst.Call)]
