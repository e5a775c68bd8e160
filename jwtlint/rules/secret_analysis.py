"""The analysis behind the JWT3xx rules: every key value of a file, classified once.

Every rule of the secrets family looks at the same things: the value reaching a
key position (a library call's ``key`` role, a framework setting such as
``JWT_SECRET_KEY`` or ``SIMPLE_JWT["SIGNING_KEY"]``) and every environment
lookup with a fallback. One per-file :class:`SecretsAnalysis` classifies each
of them once (:mod:`jwtlint.semantics.keys`) and turns the classification into
candidate findings, each carrying the code of the rule that reports it (see
:mod:`jwtlint.rules.secrets` for which value gets which code).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Optional

import libcst as cst

from jwtlint.engine.definitions import Definition
from jwtlint.findings import Severity
from jwtlint.masking import mask_secret
from jwtlint.rules.allowlists import allow_list, family
from jwtlint.rules.base import OptionSpec
from jwtlint.rules.unverified import VERIFYING_KINDS, signature_switch
from jwtlint.secrets_data import match_placeholder
from jwtlint.semantics import keys
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.evaluate import ENV_LOOKUPS
from jwtlint.semantics.evidence import is_about_jwt
from jwtlint.semantics.framework import Setting
from jwtlint.semantics.keys import KeyFacts, key_facts
from jwtlint.semantics.secret_names import is_jwt_key_name, is_jwt_secret_name
from jwtlint.semantics.values import (
    AnyValue,
    CallResult,
    ClassRef,
    Const,
    DictValue,
    EnvLookup,
    SeqValue,
    Symbol,
)

PLACEHOLDERS_OPTION = OptionSpec(
    "secrets", "extra-placeholders", "list[str]", [],
    "more values to treat as known placeholder secrets (compared case-insensitively)")
MIN_KEY_OPTION = OptionSpec(
    "secrets", "min-hmac-key-bytes", "int", 32,
    "minimum HS256 key length in bytes (RFC 7518: 32); HS384 and HS512 need 1.5 and 2 times as much",
    minimum=1)

_KEY_SINK_KINDS = ("encode", "decode", "verify", "key_import", "token_object", "instance")
#: Every algorithm: the token header chooses (python-jose, PyJWT 1 without an allow-list).
_ANY = ("*",)

#: Settings that hold the JWT signing secret of a framework, whatever kind of setting they are.
_FRAMEWORK_KEY_SETTINGS = frozenset({"JWT_SECRET_KEY", "JWT_PRIVATE_KEY", "AUTHJWT_SECRET_KEY",
                                     "RESET_PASSWORD_TOKEN_SECRET", "VERIFICATION_TOKEN_SECRET"})
#: simplejwt's ``SIMPLE_JWT`` entry.
_SIMPLE_JWT, _SIGNING_KEY = "SIMPLE_JWT", "SIGNING_KEY"
#: django-graphql-jwt's ``GRAPHQL_JWT`` entries use Flask-style names (``JWT_SECRET_KEY``).
_GRAPHQL_JWT = "GRAPHQL_JWT"
#: Settings naming the algorithm of the key settings beside them.
_ALGORITHM_SETTINGS = ("JWT_ALGORITHM", "AUTHJWT_ALGORITHM", "ALGORITHM")
#: fastapi-users keeps its token secrets in lower-case attributes of the user manager.
_USER_MANAGER_BASES = ("BaseUserManager",)
_USER_MANAGER_SECRETS = ("reset_password_token_secret", "verification_token_secret")
_FLASK_JWT_MODULES = ("flask_jwt_extended", "flask_jwt")
_SIMPLEJWT_APP = "rest_framework_simplejwt"
_DEBUG_NAMES = frozenset({"DEBUG", "TESTING", "debug", "testing"})
_EXIT_CALLS = frozenset({"sys.exit", "exit", "abort", "flask.abort"})
#: Settings modules meant for development or tests: fallbacks there are one severity lower.
_DEV_SETTINGS = re.compile(r"(?:^|[/_])(?:dev|development|local|test|tests|testing)(?:_settings)?\.py$")


@dataclass(frozen=True)
class Candidate:
    code: str
    node: cst.CSTNode
    message: str
    cause: Optional[cst.CSTNode]
    secrets: tuple[str, ...] = ()
    severity: Optional[Severity] = None
    confidence: Optional[str] = None
    #: One severity step lower than usual (a fallback in development settings).
    lowered: bool = False
    #: Where a key that reaches the sink through a name is written.
    defined_at: Optional[Definition] = None


@dataclass(frozen=True)
class KeySink:
    """A place a key is used: a call's key argument or a key setting."""

    value: AnyValue
    node: cst.CSTNode
    where: str
    #: Algorithm names used or accepted; ``_ANY`` when the header chooses; None when unknown.
    algorithms: Optional[tuple[str, ...]]
    verifying: bool = False
    #: ``None`` means "use the default" here (Flask's ``JWT_SECRET_KEY=None``), not "no key".
    none_is_default: bool = False
    #: The value is a fallback the environment overrides (a ``BaseSettings`` field default).
    fallback: bool = False
    #: A falsy key makes the library sign with ``none`` (that is JWT203's finding).
    unsigned_if_empty: bool = False


@dataclass
class _Lookup:
    node: cst.CSTNode
    lookup: EnvLookup
    function: Optional[str]
    debug_only: bool


@dataclass
class SecretsAnalysis:
    """Per-file state shared by the JWT3xx rules; each hook's work is done once."""

    ctx: Any
    options: dict
    calls: dict[int, tuple[ApiCall, list[Candidate]]] = field(default_factory=dict)
    #: Settings seen, with the function that writes them (``app.config`` in ``create_app``).
    settings: dict[tuple[int, str], tuple[Setting, Optional[str]]] = field(default_factory=dict)
    lookups: dict[int, _Lookup] = field(default_factory=dict)
    #: Lookup nodes that reach a key position or a secret-named target.
    marked: set[int] = field(default_factory=set)
    #: Lookup node -> (function, assigned name), for fail-fast checks.
    assigned: dict[int, tuple[Optional[str], str]] = field(default_factory=dict)
    fail_fast: set[tuple[Optional[str], str]] = field(default_factory=set)
    debug_only: set[int] = field(default_factory=set)
    #: Lookups tested for truth where they are read: an empty default is a falsy sentinel there.
    sentinels: set[int] = field(default_factory=set)
    assignments: list[Candidate] = field(default_factory=list)
    seen_nodes: set[int] = field(default_factory=set)
    module_results: Optional[list[Candidate]] = None

    # -- options -----------------------------------------------------------------

    def option(self, spec: OptionSpec) -> Any:
        return self.options.get(f"{spec.section}.{spec.key}", spec.default)

    # -- hooks ---------------------------------------------------------------------

    def on_call(self, call: ApiCall) -> list[Candidate]:
        cached = self.calls.get(id(call))
        if cached is not None and cached[0] is call:
            return cached[1]
        found = list(self._call_candidates(call))
        self.calls[id(call)] = (call, found)
        return found

    def on_setting(self, setting: Setting) -> None:
        self.settings.setdefault((id(setting.node), setting.name), (setting, self.ctx.function))

    def on_assign(self, event) -> None:
        if id(event.node) in self.seen_nodes:
            return
        self.seen_nodes.add(id(event.node))
        name = event.key or event.target.rsplit(".", 1)[-1]
        if event.owner is not None and name in _USER_MANAGER_SECRETS \
                and any(base.split(".")[-1] in _USER_MANAGER_BASES for base in event.owner_bases):
            self.on_setting(Setting(name, event.value, event.node, "class", event.owner))
        if isinstance(event.value, EnvLookup) and event.value.node is not None:
            self.assigned[id(event.value.node)] = (event.function, name)
            if is_jwt_secret_name(name):
                self.marked.add(id(event.value.node))
        if is_jwt_secret_name(name):
            self.assignments.extend(self._weak_assignment(event, name))

    def on_node(self, node: cst.CSTNode) -> None:
        if id(node) in self.seen_nodes:
            return
        self.seen_nodes.add(id(node))
        if isinstance(node, cst.If):
            self._watch_if(node)
        elif isinstance(node, cst.Assert):
            for name in _checked_names(node.test):
                self.fail_fast.add((self.ctx.function, name))
        elif isinstance(node, (cst.Call, cst.BooleanOperation)):
            self._watch_lookup(node)

    def module_candidates(self) -> list[Candidate]:
        if self.module_results is None:
            self.module_results = [*self.assignments, *self._settings_candidates(), *self._lookup_candidates()]
        return self.module_results

    # -- library calls ---------------------------------------------------------------

    def _call_candidates(self, call: ApiCall) -> Iterable[Candidate]:
        api = call.api
        if api.kind not in _KEY_SINK_KINDS:
            return
        verifying = api.kind in VERIFYING_KINDS
        if verifying and signature_switch(call) is not None:
            return  # no key is checked at all: JWT101's finding
        result = CallResult(node=call.node, api=api.name, call=call)
        generated = keys.generated_length(result, self.ctx.evaluate)
        if generated is not None:
            yield from self._key_candidates(KeySink(result, call.node, f"{api.name}()", None), generated)
            return
        if keys.is_password_key_factory(result):
            yield self._password_candidate(call.node, f"{api.name}()",
                                           KeyFacts(keys.PASSWORD, node=call.node, detail=f"{api.name}()"))
            return  # the password argument is that finding's cause, not a second one
        value = self._key_value(call)
        if value is None or _key_from_partial(call):
            return
        sink = KeySink(value, call.node, f"{api.name}()", _call_algorithms(call), verifying=verifying,
                       unsigned_if_empty="key" in getattr(api, "unsigned_if_falsy", ()))
        yield from self._key_candidates(sink, key_facts(value, self.ctx.evaluate))

    @staticmethod
    def _key_value(call: ApiCall) -> Optional[AnyValue]:
        if call.passed("key"):
            return call.value("key")
        if call.api.kind == "key_import" and call.api.param_for("key") is None and call.extra:
            # jwcrypto's JWK(kty="oct", k=...): the JWK members are keyword arguments.
            return DictValue(node=call.node, entries=tuple(call.extra.items()),
                             complete=not call.open_ended)
        return None

    # -- one key ---------------------------------------------------------------------------

    def _key_candidates(self, sink: KeySink, facts: KeyFacts) -> Iterable[Candidate]:
        kind = facts.kind
        if kind == keys.ENV:
            if facts.node is not None:
                self.marked.add(id(facts.node))
            return
        if kind in (keys.NONE, keys.EMPTY):
            # A signing call that an empty key turns unsigned is also JWT203's, which supersedes this.
            if (kind == keys.NONE and sink.none_is_default) or _only_none(sink.algorithms):
                return
            yield self._empty_candidate(sink.node, sink.where, facts)
        elif kind == keys.PRIVATE:
            if facts.text is None:  # a JWK dict; PEM text is reported where it is written
                yield Candidate("JWT308", sink.node, f"private key material in the source ({facts.detail}) "
                                f"used by {sink.where}: load it from a file or a secret store", cause=facts.node)
        elif kind == keys.PUBLIC:
            if sink.verifying and _hmac_allowed(sink.algorithms):
                allowed = "any algorithm the token names" if sink.algorithms == _ANY else \
                    ", ".join(name for name in sink.algorithms or () if family(name) == "symmetric")
                yield Candidate("JWT306", sink.node, f"{sink.where} verifies with public key material "
                                f"({facts.detail}) while accepting HMAC ({allowed}): anyone holding the public "
                                "key can forge an HS256 token", cause=None)  # each such verification
        elif kind == keys.LITERAL:
            yield from self._literal_candidates(sink, facts)
        elif kind == keys.GENERATED:
            yield from self._length_candidates(sink, facts)
        elif kind in (keys.WEAK_RANDOM, keys.CONSTANT_HASH, keys.PASSWORD):
            yield self._password_candidate(sink.node, sink.where, facts)

    def _literal_candidates(self, sink: KeySink, facts: KeyFacts) -> Iterable[Candidate]:
        assert facts.text is not None
        defined = self._definition(facts)
        shown = _shown(facts, defined, self.ctx.path)
        secrets = self._secret_texts(facts)
        placeholder = self._placeholder(facts)
        if placeholder is not None:  # JWT302 supersedes what follows, when it is enabled
            yield Candidate("JWT302", sink.node, f"{sink.where} uses {shown}, {placeholder.reason}: anyone can "
                            "sign tokens with it", cause=facts.node, secrets=secrets,
                            severity=Severity.HIGH if placeholder.heuristic else None,
                            confidence="medium" if placeholder.heuristic else None, defined_at=defined)
        if sink.fallback:
            yield Candidate("JWT304", sink.node, f"{sink.where} defaults to {shown}: it is used whenever the "
                            "environment does not set it", cause=facts.node, secrets=secrets, defined_at=defined)
            return
        yield Candidate("JWT301", sink.node, f"hard-coded key {shown} in {sink.where}: anyone who can read the "
                        "source can sign tokens", cause=facts.node, secrets=secrets, defined_at=defined)
        yield from self._length_candidates(sink, facts)

    def _placeholder(self, facts: KeyFacts):
        extra = self.option(PLACEHOLDERS_OPTION)
        found = match_placeholder(facts.text, extra) if facts.text is not None else None
        if found is None and facts.decoded is not None:
            found = match_placeholder(facts.decoded, extra)
        return found

    def _length_candidates(self, sink: KeySink, facts: KeyFacts) -> Iterable[Candidate]:
        required = _required_bytes(sink.algorithms, self.option(MIN_KEY_OPTION))
        if required is None or facts.length is None or facts.length >= required:
            return
        needs = f"{_algorithm_label(sink.algorithms)} needs at least {required}"
        defined = self._definition(facts)
        if facts.kind == keys.GENERATED and facts.node is sink.node:
            message = f"{facts.detail} makes a {facts.length}-byte HMAC key; {needs}"
        else:
            what = _shown(facts, defined, self.ctx.path) if facts.text is not None else f"from {facts.detail}"
            message = f"HMAC key {what} in {sink.where} is {facts.length} bytes; {needs}"
        yield Candidate("JWT303", sink.node, message, cause=facts.node, secrets=self._secret_texts(facts),
                        defined_at=defined)

    def _empty_candidate(self, node: cst.CSTNode, where: str, facts: KeyFacts) -> Candidate:
        what = "None" if facts.kind == keys.NONE else "an empty key"
        return Candidate("JWT305", node, f"{where} uses {what}: some library versions accept tokens signed "
                         "with an empty HMAC key, the others fail at runtime", cause=facts.node)

    @staticmethod
    def _password_candidate(node: cst.CSTNode, where: str, facts: KeyFacts) -> Candidate:
        source = {keys.WEAK_RANDOM: f"a non-cryptographic source ({facts.detail})",
                  keys.CONSTANT_HASH: f"a hash of a constant ({facts.detail})",
                  keys.PASSWORD: f"a human password ({facts.detail})"}[facts.kind]
        return Candidate("JWT307", node, f"the key of {where} comes from {source}: it can be guessed",
                         cause=facts.node)

    def _definition(self, facts: KeyFacts) -> Optional[Definition]:
        """Where a key that reaches the sink through a name is written; None for one written there."""
        return self.ctx.definition(facts.node) if facts.via and facts.node is not None else None

    def _secret_texts(self, facts: KeyFacts) -> tuple[str, ...]:
        return secret_texts(facts.text, facts.node)

    # -- framework settings -------------------------------------------------------------------

    def _settings_candidates(self) -> Iterable[Candidate]:
        groups: dict[tuple, dict[str, Setting]] = {}
        for setting, function in self.settings.values():
            groups.setdefault(_group(setting, function), {})[setting.upper_name] = setting
        for setting, function in self.settings.values():
            siblings = groups[_group(setting, function)]
            if not self._is_key_setting(setting, siblings, groups):
                continue
            where = f"setting {setting.name}"
            if setting.upper_name == "SECRET_KEY" and setting.kind != "field":
                where += " (the JWT signing key, as no JWT-specific key is set)"
            sink = KeySink(setting.value, setting.node, where,
                           _setting_algorithms(setting, siblings), none_is_default=True,
                           fallback=self._is_settings_field(setting))
            yield from self._key_candidates(sink, key_facts(setting.value, self.ctx.evaluate))

    def _is_key_setting(self, setting: Setting, siblings: dict[str, Setting], groups: dict) -> bool:
        name = setting.upper_name
        if setting.kind == "dict-entry":
            container = setting.container.split(".")[-1]
            return (container == _SIMPLE_JWT and name == _SIGNING_KEY) or (
                container == _GRAPHQL_JWT and name in _FRAMEWORK_KEY_SETTINGS)
        if name in _FRAMEWORK_KEY_SETTINGS:
            return True
        if name == "SECRET_KEY" and setting.kind != "field":
            return self._secret_key_signs_jwts(setting, siblings, groups)
        if setting.kind == "field":
            return is_jwt_secret_name(setting.name)
        return setting.kind in ("config", "class") and is_jwt_key_name(setting.name) \
            and is_about_jwt(setting.name, self.ctx.evaluator.fallback)

    def _secret_key_signs_jwts(self, setting: Setting, siblings: dict[str, Setting], groups: dict) -> bool:
        """Whether a framework signs JWTs with this ``SECRET_KEY`` because nothing more specific is set.

        Django: simplejwt's ``SIGNING_KEY`` defaults to ``SECRET_KEY``; reported in a
        settings module that configures ``SIMPLE_JWT`` without ``SIGNING_KEY`` or
        installs ``rest_framework_simplejwt`` without ``SIMPLE_JWT``. Flask:
        Flask-JWT-Extended and Flask-JWT fall back to ``SECRET_KEY`` when
        ``JWT_SECRET_KEY`` is not set; reported when the same configuration (the
        config class with its bases, the module, or ``app.config`` anywhere in the
        module) sets no ``JWT_SECRET_KEY`` but other ``JWT_*`` options, or the
        module uses one of those extensions.
        """
        if setting.kind == "module":
            simple = self._module_value(_SIMPLE_JWT)
            if isinstance(simple, DictValue):
                return simple.complete and simple.get(_SIGNING_KEY) is None
            apps = self._module_value("INSTALLED_APPS")
            if isinstance(apps, SeqValue) and any(isinstance(app, str) and app.startswith(_SIMPLEJWT_APP)
                                                  for app in apps.constants()):
                return True
        if setting.kind == "class":
            names = set(siblings) | self._inherited_names(setting.container)
        elif setting.kind == "config":
            names = {name for group, found in groups.items() if group[0] == "config" for name in found}
        else:
            names = set(siblings)
        if "JWT_SECRET_KEY" in names:
            return False
        return any(name.startswith("JWT_") for name in names) or self._uses_flask_jwt()

    def _inherited_names(self, class_name: str, depth: int = 0) -> set[str]:
        owner = self._module_value(class_name)
        if not isinstance(owner, ClassRef) or depth > 8:
            return set()
        names = {name.upper() for name, _ in owner.attributes}
        for base in owner.bases:
            names |= self._inherited_names(base.split(".")[-1], depth + 1)
        return names

    def _is_settings_field(self, setting: Setting) -> bool:
        if setting.kind != "field":
            return False
        owner = self._module_value(setting.container)
        return isinstance(owner, ClassRef) and any(base.split(".")[-1] == "BaseSettings" for base in owner.bases)

    def _module_value(self, name: str) -> Optional[AnyValue]:
        final = self.ctx.evaluator.fallback
        return final.bindings.get(name) if final is not None else None

    def _uses_flask_jwt(self) -> bool:
        final = self.ctx.evaluator.fallback
        if final is None:
            return False
        return any(isinstance(value, Symbol) and value.qualname.split(".")[0] in _FLASK_JWT_MODULES
                   for value in final.bindings.values())

    # -- environment lookups ----------------------------------------------------------------------

    def _watch_lookup(self, node: cst.CSTNode) -> None:
        if isinstance(node, cst.BooleanOperation):
            if not isinstance(node.operator, cst.Or):
                return
        else:
            callee = self.ctx.evaluate(node.func)  # type: ignore[attr-defined]
            if not (isinstance(callee, Symbol) and callee.qualname in ENV_LOOKUPS):
                return
        value = self.ctx.evaluate(node)
        if isinstance(value, EnvLookup) and value.node is node and value.default is not None:
            self.lookups[id(node)] = _Lookup(node, value, self.ctx.function, id(node) in self.debug_only)

    def _watch_if(self, node: cst.If) -> None:
        test = node.test
        if isinstance(test, cst.NamedExpr):
            # ``if value := env.str(NAME, ""):``: the empty default only says "not set".
            self.sentinels.add(id(test.value))
        branch = _debug_branch(node)
        if branch is not None:
            self.debug_only.update(ids_within(branch))
        if _exits(node.body):
            for name in _checked_names(node.test):
                self.fail_fast.add((self.ctx.function, name))

    def _lookup_candidates(self) -> Iterable[Candidate]:
        dev_settings = bool(_DEV_SETTINGS.search(self.ctx.path.replace("\\", "/")))
        for key, record in self.lookups.items():
            lookup = record.lookup
            if record.debug_only or not (key in self.marked or is_jwt_secret_name(lookup.name)):
                continue
            facts = key_facts(lookup.default, self.ctx.evaluate)
            where = f"the fallback of {lookup.name}"
            if facts.kind == keys.EMPTY:
                if self.assigned.get(key) in self.fail_fast or key in self.sentinels:
                    continue
                found = [self._empty_candidate(record.node, where, facts)]
            elif facts.kind in (keys.LITERAL, keys.PRIVATE):
                found = list(self._fallback_candidates(record.node, lookup.name, facts))
            else:
                found = []
            for candidate in found:
                yield replace(candidate, message=f"{candidate.message} (development settings)", lowered=True) \
                    if dev_settings else candidate

    def _fallback_candidates(self, node: cst.CSTNode, name: str, facts: KeyFacts) -> Iterable[Candidate]:
        """JWT302 for a placeholder (superseding JWT304 when enabled), JWT304 for every fallback."""
        shown = _shown(facts)
        secrets = self._secret_texts(facts)
        placeholder = self._placeholder(facts) if facts.kind == keys.LITERAL else None
        if placeholder is not None:
            yield Candidate("JWT302", node, f"{name} falls back to {shown}, {placeholder.reason}: a deployment "
                            "that does not set it signs tokens anyone can forge", cause=facts.node,
                            secrets=secrets, severity=Severity.HIGH if placeholder.heuristic else None,
                            confidence="medium" if placeholder.heuristic else None)
        yield Candidate("JWT304", node, f"{name} falls back to the hard-coded {shown}: a deployment that does "
                        "not set it signs tokens with a secret from the source", cause=facts.node, secrets=secrets)

    # -- assignments of secrets from weak sources ----------------------------------------------------

    def _weak_assignment(self, event, name: str) -> Iterable[Candidate]:
        facts = key_facts(event.value, self.ctx.evaluate)
        if facts.kind in (keys.WEAK_RANDOM, keys.CONSTANT_HASH):
            yield self._password_candidate(event.node, name, facts)
            return
        if facts.kind != keys.UNKNOWN_SOURCE or event.value_node is None:
            return
        for call in _calls_within(event.value_node):
            callee = self.ctx.evaluate(call.func)
            if isinstance(callee, Symbol) and keys.is_weak_source(callee.qualname):
                yield self._password_candidate(event.node, name, KeyFacts(
                    keys.WEAK_RANDOM, node=call, detail=f"{callee.qualname}()"))
                return


def analysis(ctx, options: dict) -> SecretsAnalysis:
    found = ctx.state.get("secrets")
    if found is None:
        found = ctx.state["secrets"] = SecretsAnalysis(ctx, options)
    return found


def secret_texts(text: Any, node: Optional[cst.CSTNode]) -> tuple[str, ...]:
    """What a report must mask: the value, the literal as written and, for a literal
    written over several lines, each of its lines (excerpts are shown line by line)."""
    found: list[str] = []
    if isinstance(text, bytes):
        found.append(text.decode("utf-8", "replace"))
    elif isinstance(text, str):
        found.append(text)
    if node is not None:
        source = cst.Module(body=[]).code_for_node(node)
        found.append(source)
        if "\n" in source:
            found.extend(line.strip() for line in source.splitlines() if len(line.strip()) >= 3)
        if isinstance(text, str) and "\n" in text:
            found.extend(line.strip() for line in text.splitlines() if len(line.strip()) >= 3)
    return tuple(dict.fromkeys(item for item in found if item))


def _group(setting: Setting, function: Optional[str]) -> tuple:
    """Settings configured together: a class, ``SIMPLE_JWT``, the module, or ``app.config`` in one function."""
    return (setting.kind, setting.container, function if setting.kind == "config" else None)


def _key_from_partial(call: ApiCall) -> bool:
    """A call of a ``partial`` that fixed the key: the partial is the key's sink, reported once."""
    passed = call.arg_nodes.get("key")
    if passed is None or call.is_partial:
        return False
    pending: list[cst.CSTNode] = [call.node]
    while pending:
        node = pending.pop()
        if node is passed:
            return False
        pending.extend(node.children)
    return True


def _shown(facts: KeyFacts, defined: Optional[Definition] = None, seen_from: str = "") -> str:
    """The masked key, and the name (and place) it comes from: ``'q******g' (from SECRET, settings.py:12)``."""
    assert facts.text is not None
    where = f", {defined.location.label(seen_from)}" if defined is not None else ""
    via = f" (from {facts.via}{where})" if facts.via else ""
    return f"{mask_secret(facts.text)}{via}"


# -- algorithms ------------------------------------------------------------------------------------


def _call_algorithms(call: ApiCall) -> Optional[tuple[str, ...]]:
    """The algorithms a call signs with or accepts; ``_ANY`` when the token header chooses."""
    header = call.value("header")
    if isinstance(header, DictValue):
        alg = header.get("alg")
        if isinstance(alg, Const) and isinstance(alg.value, str):
            return (alg.value,)
    if call.api.param_for("algorithm") is not None:
        if call.passed("algorithm"):
            return _names(call.value("algorithm"), call)
        default = call.api.default_algorithm
        return (default,) if default else None
    if call.api.param_for("algorithms") is not None:
        if call.passed("algorithms"):
            return _names(call.value("algorithms"), call)
        if call.receiver is not None and call.receiver.passed("algorithms"):
            return _names(call.receiver.value("algorithms"), call.receiver)
        if call.missing("algorithms") and call.api.algorithm_default in ("header", "header_if_raw_key"):
            return _ANY
    elif call.api.algorithm_default == "header_if_raw_key":
        return _ANY
    return call.api.default_algorithm and (call.api.default_algorithm,) or None


def _names(value: Optional[AnyValue], call: ApiCall) -> Optional[tuple[str, ...]]:
    allowed = allow_list(value, call.api)
    return allowed.names if allowed is not None and allowed.complete and allowed.names else None


def _setting_algorithms(setting: Setting, siblings: dict[str, Setting]) -> tuple[str, ...]:
    """The algorithm configured next to a key setting; every supported framework defaults to HS256."""
    if setting.kind == "dict-entry":
        candidates = [siblings.get("ALGORITHM")]
    else:
        candidates = [siblings.get(name) for name in _ALGORITHM_SETTINGS]
    for found in candidates:
        if found is not None and isinstance(found.value, Const) and isinstance(found.value.value, str):
            return (found.value.value,)
    return ("HS256",)


def _required_bytes(algorithms: Optional[tuple[str, ...]], base: int) -> Optional[int]:
    """Minimum HMAC key length for the algorithms (the least demanding HS* one); None when not HMAC."""
    if algorithms is None or algorithms == _ANY:
        return base
    sizes = [int(name[2:]) for name in algorithms if family(name) == "symmetric" and name[2:].isdigit()]
    if not sizes:
        return None
    return base * min(sizes) // 256


def _hmac_allowed(algorithms: Optional[tuple[str, ...]]) -> bool:
    return algorithms == _ANY or any(family(name) == "symmetric" for name in algorithms or ())


def _only_none(algorithms: Optional[tuple[str, ...]]) -> bool:
    return bool(algorithms) and algorithms != _ANY and all(family(name) == "none" for name in algorithms or ())


def _algorithm_label(algorithms: Optional[tuple[str, ...]]) -> str:
    if algorithms is None or algorithms == _ANY:
        return "HS256 (assumed)"
    return "/".join(name for name in algorithms if family(name) == "symmetric")


# -- syntax helpers ---------------------------------------------------------------------------------


def _debug_branch(node: cst.If) -> Optional[cst.CSTNode]:
    """The branch of ``if DEBUG:`` / ``if not settings.DEBUG: ... else:`` that runs only in debug mode."""
    test = node.test
    negated = isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not)
    if negated:
        test = test.expression  # type: ignore[attr-defined]
    name = test.value if isinstance(test, cst.Name) else test.attr.value if isinstance(test, cst.Attribute) else None
    if name not in _DEBUG_NAMES:
        return None
    if negated:
        return node.orelse
    return node.body


def _exits(body: cst.CSTNode) -> bool:
    found = []

    class _Exit(cst.CSTVisitor):
        def visit_Raise(self, _node: cst.Raise) -> None:
            found.append(True)

        def visit_Call(self, call: cst.Call) -> None:
            func = call.func
            name = func.value if isinstance(func, cst.Name) else (
                f"{func.value.value}.{func.attr.value}"
                if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) else "")
            if name in _EXIT_CALLS:
                found.append(True)

    body.visit(_Exit())
    return bool(found)


def _checked_names(test: cst.BaseExpression) -> list[str]:
    """Names a fail-fast test checks for emptiness: ``not X``, ``X is None``, ``X == ""``, ``not X or ...``."""
    if isinstance(test, cst.BooleanOperation):
        return [*_checked_names(test.left), *_checked_names(test.right)]
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not) \
            and isinstance(test.expression, cst.Name):
        return [test.expression.value]
    if isinstance(test, cst.Comparison) and isinstance(test.left, cst.Name):
        return [test.left.value]
    if isinstance(test, cst.Name):  # assert X
        return [test.value]
    return []


def ids_within(node: cst.CSTNode) -> set[int]:
    found: set[int] = set()

    class _Collect(cst.CSTVisitor):
        def on_visit(self, inner: cst.CSTNode) -> bool:
            found.add(id(inner))
            return True

    node.visit(_Collect())
    return found


def _calls_within(node: cst.CSTNode) -> list[cst.Call]:
    found: list[cst.Call] = []

    class _Calls(cst.CSTVisitor):
        def visit_Call(self, call: cst.Call) -> None:
            found.append(call)

    node.visit(_Calls())
    return found


# -- the rules ---------------------------------------------------------------------------------------
