"""Function summaries, resolved at the call sites that pass the insecure value.

``def decode_token(t, verify=True): return jwt.decode(..., options={"verify_signature": verify})``
is harmless on its own; ``decode_token(t, verify=False)`` is the finding. A function's summary
is what a call of it does with the values passed:

- its sinks: library calls whose arguments depend on a parameter (``self`` included, so
  ``self.options`` set in ``__init__`` counts), its own and those of the project functions it
  calls with its parameters (wrappers of wrappers, computed to a fixed point, bounded);
- the unverified token contents it returns (``return jwt.get_unverified_claims(t)``), which
  the call then evaluates to;
- for ``__init__``, the ``self.`` attributes it sets.

Functions of other modules of the project (``from app.utils.tokens import decode_token``,
``tokens.decode_token(...)``, methods of a class imported from there, inherited methods) are
summarised from that module, walked without rules, once per run through
:meth:`Project.per_module` (which journals the module for the result cache). At the end of the
walk each call site re-runs the rules on each sink with the parameters replaced by what the
call passes; only what the substitution adds is reported, at the call site. A default value
(``verify=False``) is checked once, where the function is defined, not at each call relying on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Optional

import libcst as cst

from jwtlint.engine.context import Context, RawFinding
from jwtlint.semantics.calls import ApiCall, ArgumentValues, CallSite
from jwtlint.semantics.scopes import class_of_method
from jwtlint.semantics.unverified import unverified
from jwtlint.semantics.values import (
    AnyValue,
    CallResult,
    ClassRef,
    Const,
    Derived,
    FunctionRef,
    Instance,
    Param,
    ProjectMember,
    contains_param,
    substitute,
)

if TYPE_CHECKING:
    from jwtlint.engine.walker import Walker
    from jwtlint.rules.base import Rule
    from jwtlint.semantics.project import Project
    from jwtlint.semantics.scopes import Scope

#: Rounds of the fixed point (a wrapper of a wrapper of ... this deep), and sinks kept per function.
MAX_ROUNDS = 6
MAX_SINKS = 32
#: Base classes followed up from a class for an inherited method.
_MAX_BASES = 8


@dataclass
class Summary:
    function: FunctionRef
    sinks: list[ApiCall] = field(default_factory=list)
    returned: Optional[AnyValue] = None
    #: ``self.name = value`` in ``__init__``, values in terms of its parameters.
    attributes: dict[str, AnyValue] = field(default_factory=dict)


@dataclass
class _Call:
    #: (file defining the function, its qualified name).
    target: tuple[str, str]
    node: cst.Call
    values: ArgumentValues
    caller: Optional[str]
    #: The instance or class a method is called on (bound to ``self``), if known.
    receiver: Optional[AnyValue] = None


class WrapperCalls:
    """The summaries of one module's functions, and the calls of project functions in it."""

    def __init__(self, project: Project, path: str, local_scope: Optional[Scope]) -> None:
        self.project = project
        self.path = path
        #: The module's final top-level bindings: where its base classes are looked up.
        self.local_scope = local_scope
        self.summaries: dict[str, Summary] = {}
        self.calls: list[_Call] = []
        #: The calls by node, built when first asked after the walk.
        self._by_node: dict[cst.CSTNode, _Call] = {}

    # -- what the walk records -------------------------------------------------------

    def define(self, function: FunctionRef) -> None:
        self.summaries.setdefault(function.qualname, Summary(function))

    def add_sink(self, function: str, call: ApiCall) -> None:
        """A library call reading parameters: a sink of its function and, for a closure, of each
        enclosing function whose parameters it reads (``make_verifier(key, algorithms=None)``)."""
        owners = {function, *(value.function for value in call.args.values() if isinstance(value, Param))}
        for owner in owners:
            summary = self.summaries.get(owner)
            if summary is not None and len(summary.sinks) < MAX_SINKS and all(sink is not call for sink in summary.sinks):
                summary.sinks.append(call)

    def add_return(self, function: Optional[str], value: AnyValue) -> None:
        summary = self.summaries.get(function or "")
        if summary is not None and summary.returned is None and unverified(value) is not None:
            summary.returned = value

    def add_attribute(self, function: Optional[str], name: str, value: AnyValue) -> None:
        summary = self.summaries.get(function or "")
        if summary is not None and function is not None and function.endswith(".__init__"):
            summary.attributes[name] = value

    def add_call(self, callee: AnyValue, node: cst.Call, values: ArgumentValues, caller: Optional[str],
                 scope_class: Optional[ClassRef]) -> None:
        """A call of something; kept when it is a function or method of the project."""
        found = self._target(callee, scope_class)
        if found is not None:
            target, receiver = found
            self.calls.append(_Call(target, node, values, caller, receiver))

    # -- CallSummaries, asked by the evaluator -----------------------------------------

    def returned(self, function: FunctionRef, call: cst.Call, values: ArgumentValues) -> Optional[AnyValue]:
        """The unverified contents the function returns, read from what this call passes: the
        token is the call site's expression (so that verifying it afterwards is peek-then-verify)."""
        summary = self.summary((function.module, function.qualname))
        if summary is None or not isinstance(summary.returned, CallResult) or summary.returned.call is None:
            return summary.returned if summary is not None else None
        read: ApiCall = summary.returned.call
        nodes = _site_nodes(read, function, values)
        return replace(summary.returned, node=call, call=replace(read, arg_nodes={**read.arg_nodes, **nodes}))

    def method_returned(self, method: Derived, call: cst.Call, values: ArgumentValues,
                        caller: Optional[str]) -> Optional[AnyValue]:
        """What a method of a project class returns, when its summary says unverified contents."""
        function = self.method_called(method, caller)
        return self.returned(function, call, values) if function is not None else None

    def method_called(self, method: Derived, caller: Optional[str]) -> Optional[FunctionRef]:
        """The project function a method call (``self.check(c)``, ``helper.check(c)``) runs."""
        found = self._target(method, class_of_method(caller, self.local_scope))
        summary = self.summary(found[0]) if found is not None else None
        return summary.function if summary is not None else None

    def call_sites(self, qualname: str) -> list[tuple[cst.Call, Optional[str], dict[str, cst.CSTNode]]]:
        """This module's calls of its function ``qualname``: (call, calling function, parameter ->
        the argument expression passed for it); a call whose arguments cannot be bound has none."""
        summary = self.summaries.get(qualname)
        if summary is None:
            return []
        return [(call.node, call.caller, bind(summary.function, call.values, part=3) or {})
                for call in self.calls if call.target == (self.path, qualname)]

    def constructed(self, cls: ClassRef, values: ArgumentValues) -> tuple[tuple[str, AnyValue], ...]:
        found = self.method(cls, "__init__")
        summary = self.summary(found) if found else None
        if summary is None or not summary.attributes:
            return ()
        bindings = bind(summary.function, values)
        if bindings is None:
            return ()
        return tuple((name, substitute(value, bindings)) for name, value in summary.attributes.items())

    # -- looking functions up -------------------------------------------------------------

    def summary(self, target: tuple[str, str]) -> Optional[Summary]:
        module, qualname = target
        if not module or module == self.path:
            return self.summaries.get(qualname)
        return (module_summaries(self.project, module) or {}).get(qualname)

    def method(self, cls: ClassRef, name: str, depth: int = 0) -> Optional[tuple[str, str]]:
        """Where ``cls.name`` is defined: in the class, or inherited from a project base class."""
        if depth > _MAX_BASES:
            return None
        target = (cls.module or self.path, f"{cls.qualname}.{name}")
        if self.summary(target) is not None:
            return target
        for base in cls.bases:
            resolved = self._class_named(cls.module or self.path, base)
            if resolved is not None:
                found = self.method(resolved, name, depth + 1)
                if found is not None:
                    return found
        return None

    def _class_named(self, module: str, name: str) -> Optional[ClassRef]:
        """A base class named in ``module``: one of its own classes, or one it imports."""
        if "." in name:
            return None
        if module == self.path:
            value = self.local_scope.bindings.get(name) if self.local_scope is not None else None
            if isinstance(value, ProjectMember):
                value = self.project.member(value.path, value.name)
        else:
            value = self.project.member(module, name)
        return value if isinstance(value, ClassRef) else None

    def _target(self, callee: AnyValue, scope_class: Optional[ClassRef]
                ) -> Optional[tuple[tuple[str, str], Optional[AnyValue]]]:
        if isinstance(callee, FunctionRef):
            return (callee.module or self.path, callee.qualname), None
        if not isinstance(callee, Derived):
            return None
        base = callee.base
        if isinstance(base, Instance) and base.cls is not None:
            found = self.method(base.cls, callee.key)
            return (found, base) if found else None
        if isinstance(base, ClassRef):
            found = self.method(base, callee.key)
            return (found, None) if found else None
        if isinstance(base, Param) and base.name in ("self", "cls") and scope_class is not None:
            found = self.method(scope_class, callee.key)
            return (found, base) if found else None
        return None

    # -- after the walk ------------------------------------------------------------------

    def close(self) -> None:
        """Wrappers of wrappers: a call passing this function's parameters on makes the callee's
        sinks this function's too, in terms of its own parameters; repeated to a fixed point."""
        done: set[tuple[int, int]] = set()
        for _ in range(MAX_ROUNDS):
            grew = False
            for call in self.calls:
                caller = self.summaries.get(call.caller or "")
                callee = self.summary(call.target)
                if caller is None or callee is None or callee is caller:
                    continue
                bindings = self._bindings(call, callee)
                for sink in list(callee.sinks):
                    if (id(sink), id(call.node)) in done or len(caller.sinks) >= MAX_SINKS:
                        continue
                    done.add((id(sink), id(call.node)))
                    if bindings is None:
                        continue
                    derived = _substituted(sink, bindings, call.caller)
                    if any(contains_param(value) for value in derived.args.values()):
                        caller.sinks.append(derived)
                        grew = True
            if not grew:
                return

    def replay(self, ctx: Context, rules: list[Rule]) -> None:
        for call in self.calls:
            for sink, at_site in self._sinks_of(call):
                _replay_sink(ctx, rules, sink, at_site, call.node)
        for summary in self.summaries.values():
            self._check_defaults(ctx, rules, summary)

    def sinks_at(self, node: cst.CSTNode) -> Optional[list[ApiCall]]:
        """The library calls a call of a summarised project function makes, with the values it
        passes (None when ``node`` calls no function with sinks): what "verified afterwards"
        asks of ``jwt_decode(token, key, verify=True)``. Ask after the walk."""
        if len(self._by_node) != len(self.calls):
            self._by_node = {call.node: call for call in self.calls}
        call = self._by_node.get(node)
        sinks = [at_site for _, at_site in self._sinks_of(call)] if call is not None else []
        return sinks or None

    def _sinks_of(self, call: _Call) -> list[tuple[ApiCall, ApiCall]]:
        """Each sink of the function ``call`` runs, as written and as this call makes it."""
        summary = self.summary(call.target)
        if summary is None or not summary.sinks or (call.target == (self.path, call.caller)):
            return []
        bindings = self._bindings(call, summary)
        if bindings is None:
            return []
        return [(sink, replace(_substituted(sink, bindings),
                               site=CallSite(call.node, call.caller, _site_nodes(sink, summary.function, call.values))))
                for sink in summary.sinks]

    def _bindings(self, call: _Call, summary: Summary) -> Optional[dict[str, AnyValue]]:
        bindings = bind(summary.function, call.values)
        if bindings is not None and call.receiver is not None:
            bindings["self"] = call.receiver
        return bindings

    def _check_defaults(self, ctx: Context, rules: list[Rule], summary: Summary) -> None:
        """A default value is checked where it is written: the definition is where it changes.

        ``None`` is Python's "not given": a ``key=None`` default says nothing insecure is intended
        (the caller passes the value, or the library refuses the call), and reporting it flagged
        every public helper of the libraries themselves. An allow-list is the exception: a
        ``None`` default forwarded as ``algorithms=`` *is* the library's own "no list", so when the
        module calls the function and no call passes one, the default is the missing allow-list.
        """
        function = summary.function
        defaults = [(name, value) for name, value in function.defaults
                    if not (isinstance(value, Const) and value.value is None)
                    or self._unpassed_allow_list(summary, name)]
        if not defaults or not summary.sinks or function.node is None:
            return
        bindings: dict[str, AnyValue] = {name: Param(function=function.qualname, name=name)
                                         for name in function.params}
        bindings.update(defaults)
        for sink in summary.sinks:
            _replay_sink(ctx, rules, sink, _substituted(sink, bindings), function.node)


    def _unpassed_allow_list(self, summary: Summary, name: str) -> bool:
        """Parameter ``name`` is passed on as a sink's allow-list as it is, and the module calls the
        function relying on the default: no call passes it. A function nobody here calls is an API
        for callers elsewhere (a library's own ``decode(token, key, algorithms=None)``), not reported."""
        function = summary.function
        if not any(sink.args.get(role) == Param(function=function.qualname, name=name)
                   for sink in summary.sinks for role in _NONE_IS_NO_LIST):
            return False
        relying = False
        for call in self.calls:
            if call.target != (function.module or self.path, function.qualname):
                continue
            bindings = bind(function, call.values)
            if bindings is None or name in bindings:
                return False
            relying = True
        return relying


#: Roles for which every library reads ``None`` as "not given", so that a ``None`` default passed
#: on is the library default itself rather than a placeholder for the caller's value.
_NONE_IS_NO_LIST = ("algorithms",)


def bind(function: FunctionRef, values: ArgumentValues, part: int = 2) -> Optional[dict[str, Any]]:
    """Parameter name -> the value a call passes (defaults not included: they are checked at the
    definition); None when ``*args``/``**kwargs`` make it unknown which parameter gets what.

    ``values`` holds (keyword, star, value, node) per argument; ``part=3`` maps to the nodes."""
    params = list(function.params)
    if params and params[0] in ("self", "cls"):
        params = params[1:]
    bindings: dict[str, Any] = {}
    position = 0
    for argument in values:
        keyword, star = argument[0], argument[1]
        if star:
            return None
        if keyword is None:
            if position >= len(params):
                return None
            bindings[params[position]] = argument[part]
            position += 1
        else:
            bindings[keyword] = argument[part]
    return bindings


def module_summaries(project: Project, path: str) -> Optional[dict[str, Summary]]:
    """The summaries of another module's functions, by qualified name (None if it has no JWT use)."""
    return project.per_module("summaries", path, _summarise)


def _summarise(project: Project, path: str) -> Optional[dict[str, Summary]]:
    walker = walk_other_module(project, path, [])
    if walker is None:
        return None
    walker.wrappers.close()
    return walker.wrappers.summaries


def walk_other_module(project: Project, path: str, rules: list[Rule]) -> Optional[Walker]:
    """Another module of the project walked as its own analysis would walk it, with ``rules``
    (collectors: what they report goes nowhere), or None if it cannot involve a JWT library."""
    from jwtlint.engine.walker import Walker
    from jwtlint.semantics.evaluate import Evaluator
    from jwtlint.semantics.scopes import Scope

    module = project.parsed(path) if project.may_call_library(path) else None
    if module is None:
        return None
    evaluator = Evaluator(project, path, Scope(kind="module", name=""), fallback=project.module_scope(path),
                          pyjwt_major=project.pyjwt_major(path))
    walker = Walker(Context(path=path, evaluator=evaluator, project=project), rules)
    walker.walk(module)
    return walker


def _substituted(sink: ApiCall, bindings: dict[str, AnyValue], function: Optional[str] = None) -> ApiCall:
    args = {name: substitute(value, bindings) for name, value in sink.args.items()}
    receiver = sink.receiver
    if receiver is not None and any(contains_param(value) for value in receiver.args.values()):
        receiver = _substituted(receiver, bindings)
    return replace(sink, args=args, receiver=receiver, function=function or sink.function)


def _site_nodes(call: ApiCall, function: FunctionRef, values: ArgumentValues) -> dict[str, cst.CSTNode]:
    """For each argument of ``call`` (a library call in ``function``) that is one of the function's
    parameters, the expression a call site passes for it: the token it reads is then the call
    site's, so that verifying it afterwards is peek-then-verify."""
    passed = bind(function, values, part=3) or {}
    return {name: passed[value.name] for name, value in call.args.items()
            if isinstance(value, Param) and value.name in passed}


def _replay_sink(ctx: Context, rules: list[Rule], sink: ApiCall, at_site: ApiCall, site: cst.CSTNode) -> None:
    """Run the rules on a sink as a call site makes it; report only what the call adds, there."""
    before = {finding.rule.code for finding in _findings_for(ctx, rules, sink)}
    for finding in _findings_for(ctx, rules, at_site):
        if finding.rule.code in before:
            continue
        key = (finding.rule.code, id(site), id(site))
        if key in ctx.seen:
            continue
        ctx.seen.add(key)
        ctx.findings.append(replace(finding, anchor=site))


def _findings_for(ctx: Context, rules: list[Rule], call: ApiCall) -> list[RawFinding]:
    saved = ctx.findings, ctx.seen
    ctx.findings, ctx.seen = [], set()
    try:
        for rule in rules:
            rule.on_call(call, ctx)
        return ctx.findings
    finally:
        ctx.findings, ctx.seen = saved

