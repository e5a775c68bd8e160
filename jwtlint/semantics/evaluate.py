"""Static evaluation of expressions to abstract values.

This is the one place that knows how Python spells a constant, a dict built
in steps, an import alias, an environment lookup or a ``functools.partial``.
Rules receive the resulting values and never look at names themselves.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, Optional, Protocol, Union

import libcst as cst

from jwtlint import apis
from jwtlint.semantics.calls import ApiCall, ArgumentValues, bind_arguments
from jwtlint.semantics.dumps import dump_attribute, dump_call
from jwtlint.semantics.durations import time_call, time_offset
from jwtlint.semantics.hand_parsing import DECODER_WORDS, hand_parsed, splits_on_dots
from jwtlint.semantics.literals import literal_value
from jwtlint.semantics.scopes import Scope, class_of_method
from jwtlint.semantics.values import (
    UNKNOWN,
    AnyValue,
    CallResult,
    ClassRef,
    Comparison,
    Const,
    Derived,
    DictValue,
    EnvLookup,
    FunctionRef,
    Guarded,
    Instance,
    ModuleRef,
    Param,
    PartialValue,
    ProjectMember,
    SeqValue,
    Symbol,
    TokenSegments,
    Unknown,
    contains_param,
    truthiness,
)

if TYPE_CHECKING:
    from jwtlint.apis.spec import Api
    from jwtlint.semantics.project import Project


class CallSummaries(Protocol):
    """What the engine knows of the project's functions, asked for while evaluating a call of one."""

    def returned(self, function: FunctionRef, call: cst.Call, values: ArgumentValues) -> Optional[AnyValue]:
        """The unverified contents the function returns (``get_unverified_claims(t)``), if any."""

    def constructed(self, cls: ClassRef, values: ArgumentValues) -> tuple[tuple[str, AnyValue], ...]:
        """The ``self.`` attributes ``cls(...)`` called with ``values`` sets in ``__init__``."""

    def method_returned(self, method: Derived, call: cst.Call, values: ArgumentValues,
                        caller: Optional[str]) -> Optional[AnyValue]:
        """Like :meth:`returned`, for a method (``self._claims(t)``, ``helper.peek(t)``) of a project class."""

#: Calls that read the environment with an optional fallback: name -> (name arg index, default arg index, default keyword).
ENV_LOOKUPS = {
    "os.environ.get": (0, 1, "default"),
    "os.getenv": (0, 1, "default"),
    "os.environ.setdefault": (0, 1, "value"),
    "decouple.config": (0, None, "default"),
    "decouple.AutoConfig()": (0, None, "default"),
    "environ.Env()": (0, 2, "default"),
    "environ.Env().str": (0, 1, "default"),
    "environ.Env().bytes": (0, 1, "default"),
    "environs.Env()": (0, 1, "default"),
    "environs.Env().str": (0, 1, "default"),
    "getattr": (1, 2, None),
}
#: Classes whose instances are environment readers (``env = environ.Env()``; ``env("K", default=...)``):
#: an instance evaluates to a symbol named ``<class>()`` so that its calls are ENV_LOOKUPS.
ENV_READER_CLASSES = ("environ.Env", "environs.Env", "decouple.AutoConfig")
_PARTIAL = ("functools.partial",)
_TIMEDELTA = "datetime.timedelta"
_MAX_DEPTH = 40


class Evaluator:
    """Evaluates expressions in the current scope of one module."""

    def __init__(self, project: Project, path: str, module_scope: Scope,
                 fallback: Optional[Scope] = None, pyjwt_major: str = "") -> None:
        self.project = project
        self.path = path
        self.scope = module_scope
        self.fallback = fallback
        self.pyjwt_major = pyjwt_major
        self._calls: dict[int, Optional[ApiCall]] = {}
        self._depth = 0
        #: Parameter-dependent ``if`` conditions around the statement being walked: (condition, negated).
        self.guards: list[tuple[AnyValue, bool]] = []
        #: What calls of the project's own functions and classes give (see :class:`CallSummaries`).
        self.summaries: Optional[CallSummaries] = None

    def guarded(self, value: AnyValue) -> AnyValue:
        """A dict entry written under the active parameter-dependent conditions."""
        for condition, negated in reversed(self.guards):
            value = Guarded(node=value.node, condition=condition, value=value, negated=negated)
        return value

    # -- names -------------------------------------------------------------

    def lookup(self, name: str) -> AnyValue:
        value = self.scope.lookup(name)
        if value is None and self.fallback is not None:
            value = self.fallback.bindings.get(name)
        if value is None:
            return Symbol(qualname=name) if name in _BUILTINS else UNKNOWN
        if isinstance(value, Const) and not value.via:
            return replace(value, via=name)
        return value

    def qualname(self, expr: cst.BaseExpression) -> Optional[str]:
        value = self.evaluate(expr)
        return value.qualname if isinstance(value, Symbol) else None

    # -- expressions -------------------------------------------------------

    def evaluate(self, expr: Optional[cst.CSTNode]) -> AnyValue:
        if expr is None:
            return UNKNOWN
        if self._depth > _MAX_DEPTH:
            return UNKNOWN
        self._depth += 1
        try:
            value = self._evaluate(expr)
        finally:
            self._depth -= 1
        return value

    def _evaluate(self, expr: cst.CSTNode) -> AnyValue:
        """The handler of ``expr``'s exact class (:data:`_HANDLERS`): a chain of isinstance tests
        against libcst's classes, which go through ``ABCMeta``, was the evaluator's largest cost."""
        handler = _HANDLERS.get(type(expr))
        return handler(self, expr) if handler is not None else UNKNOWN

    def _string(self, expr: Union[cst.SimpleString, cst.ConcatenatedString]) -> AnyValue:
        text = literal_value(expr)
        return Const(node=expr, value=text) if text is not None else UNKNOWN

    def _number(self, expr: Union[cst.Integer, cst.Float]) -> AnyValue:
        number = literal_value(expr)
        return Const(node=expr, value=number) if _fits(number) else UNKNOWN

    def _name(self, expr: cst.Name) -> AnyValue:
        if expr.value in _NAMED_CONSTANTS:
            return Const(node=expr, value=_NAMED_CONSTANTS[expr.value])
        return self.lookup(expr.value)

    def _attribute(self, expr: cst.Attribute) -> AnyValue:
        return dump_attribute(expr) or self.attribute(self.evaluate(expr.value), expr.attr.value, expr)

    def _walrus(self, expr: cst.NamedExpr) -> AnyValue:
        return self.evaluate(expr.value)

    def attribute(self, base: AnyValue, attr: str, node: cst.CSTNode) -> AnyValue:
        if isinstance(base, Symbol):
            return _library_constant(f"{base.qualname}.{attr}", node)
        if isinstance(base, ModuleRef):
            if not is_setting_name(attr):
                return ProjectMember(node=node, path=base.path, name=attr)  # looked up if called
            value = self.project.module_constant(base.path, attr)
            if isinstance(value, Const) and not value.via:
                value = replace(value, via=f"{base.dotted}.{attr}")
            # A project module is never a library, whatever its name (a local jwt.py).
            return value if value is not None else UNKNOWN
        if isinstance(base, ClassRef):
            found = base.attribute(attr)
            return found if found is not None else UNKNOWN
        if isinstance(base, Param) and base.name in ("self", "cls"):
            declared = self._class_attribute(base, attr)
            if declared is not None:
                return declared
        if isinstance(base, Const) and attr in ("encode", "decode", "strip", "lower", "upper"):
            return Derived(node=node, base=base, key=f"method:{attr}")
        if isinstance(base, Unknown):
            return UNKNOWN
        return Derived(node=node, base=base, key=attr)

    def _awaited(self, expr: cst.Await) -> AnyValue:
        """``await client.get(url)``: what a call no table row or summary describes resolves to keeps
        that call's provenance (an HTTP client's response); any other awaited value is unknown."""
        inner = self.evaluate(expr.expression)
        if isinstance(inner, CallResult) and inner.call is None and inner.api:
            return CallResult(node=expr, api=inner.api, call=None)
        return UNKNOWN

    def _class_attribute(self, owner: Param, attr: str) -> Optional[AnyValue]:
        """``self.SECRET`` in a method: the constant the class body assigns (``SECRET = "..."``).

        Only constants, and only the method's own class: what ``__init__`` sets, or a subclass
        overrides, stays a parameter of the method, resolved at each call site. ``None`` is
        Python's "not set yet" (``secret_key: str = None`` declared in the class, set by
        ``__init__`` or by the method itself before use), as it is for a parameter's default.
        """
        cls = class_of_method(owner.function, self.fallback)
        found = cls.attribute(attr) if cls is not None else None
        return found if isinstance(found, Const) and found.value is not None else None

    def _fstring(self, expr: cst.FormattedString) -> AnyValue:
        parts = []
        for part in expr.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(part.value)
                continue
            assert isinstance(part, cst.FormattedStringExpression)
            value = self.evaluate(part.expression)
            if not (isinstance(value, Const) and isinstance(value.value, (str, int))) or part.format_spec:
                return UNKNOWN
            parts.append(str(value.value))
            if sum(len(text) for text in parts) > _MAX_FOLDED_TEXT:  # f"{K}{K}" in a loop of assignments
                return UNKNOWN
        return Const(node=expr, value="".join(parts))

    def _dict(self, expr: cst.Dict) -> DictValue:
        result = DictValue(node=expr, entries=())
        for element in expr.elements:
            if isinstance(element, cst.StarredDictElement):
                result = result.merged(self.evaluate(element.value))
                continue
            assert isinstance(element, cst.DictElement)
            key = self.evaluate(element.key)
            if isinstance(key, Const) and isinstance(key.value, str):
                result = result.with_entry(key.value, self.evaluate(element.value))
            else:
                result = result.incomplete()
        return result

    def _sequence(self, expr: Union[cst.List, cst.Tuple, cst.Set]) -> SeqValue:
        items: list[AnyValue] = []
        complete = True
        for element in expr.elements:
            if isinstance(element, cst.StarredElement):
                inner = self.evaluate(element.value)
                if isinstance(inner, SeqValue):
                    items.extend(inner.items)
                    complete = complete and inner.complete
                else:
                    complete = False
            else:
                items.append(self.evaluate(element.value))
            if len(items) > _MAX_ITEMS:  # [*A, *A] in a loop of assignments
                return SeqValue(node=expr, items=tuple(items[:_MAX_ITEMS]), complete=False)
        return SeqValue(node=expr, items=tuple(items), complete=complete)

    def _subscript(self, expr: cst.Subscript) -> AnyValue:
        base = self.evaluate(expr.value)
        if len(expr.slice) != 1 or not isinstance(expr.slice[0].slice, cst.Index):
            return Derived(node=expr, base=base, key="[]")
        key = self.evaluate(expr.slice[0].slice.value)
        if isinstance(base, DictValue) and isinstance(key, Const) and isinstance(key.value, str):
            found = base.get(key.value)
            if found is not None:
                return found
        if isinstance(base, SeqValue) and base.complete and isinstance(key, Const) \
                and isinstance(key.value, int) and -len(base.items) <= key.value < len(base.items):
            return base.items[key.value]
        if isinstance(base, Symbol) and base.qualname == "os.environ" and isinstance(key, Const):
            return EnvLookup(node=expr, name=str(key.value), default=None)
        if isinstance(base, TokenSegments) and base.index is None and isinstance(key, Const) \
                and isinstance(key.value, int):
            return replace(base, node=expr, index=key.value)
        label = key.value if isinstance(key, Const) else "[]"
        return Derived(node=expr, base=base, key=str(label))

    def _binary(self, expr: cst.BinaryOperation) -> AnyValue:
        left, right = self.evaluate(expr.left), self.evaluate(expr.right)
        if isinstance(left, TokenSegments) and left.index is not None and isinstance(expr.operator, cst.Add):
            return replace(left, node=expr, padded=True)  # segment + "=" * (-len(segment) % 4)
        if not (isinstance(left, Const) and isinstance(right, Const)):
            return time_offset(left, right, expr.operator, expr) or UNKNOWN
        operations: dict[type, Callable[[Any, Any], Any]] = {
            cst.Add: lambda a, b: a + b,
            cst.Multiply: lambda a, b: a * b,
            cst.Subtract: lambda a, b: a - b,
            cst.FloorDivide: lambda a, b: a // b,
            cst.Divide: lambda a, b: a / b,
            cst.Power: lambda a, b: a ** b if abs(b) < 64 else None,
        }
        operation = operations.get(type(expr.operator))
        if operation is None or _result_too_large(left.value, right.value):
            return UNKNOWN
        try:
            result = operation(left.value, right.value)
        except Exception:  # a type error in the user's code is not ours to raise
            return UNKNOWN
        return Const(node=expr, value=result) if result is not None and _fits(result) else UNKNOWN

    def _boolean(self, expr: cst.BooleanOperation) -> AnyValue:
        left, right = self.evaluate(expr.left), self.evaluate(expr.right)
        if isinstance(expr.operator, cst.Or):
            if isinstance(left, EnvLookup) and left.default is None:
                return EnvLookup(node=expr, name=left.name, default=right)
            known = truthiness(left)
            if known is True:
                return left
            if known is False:
                return right
        elif isinstance(expr.operator, cst.And):
            known = truthiness(left)
            if known is False:
                return left
            if known is True:
                return right
        return UNKNOWN

    def _comparison(self, expr: cst.Comparison) -> AnyValue:
        if len(expr.comparisons) != 1:
            return UNKNOWN
        target = expr.comparisons[0]
        operator = _COMPARISON_OPERATORS.get(type(target.operator))
        if operator is None:
            return UNKNOWN
        left, right = self.evaluate(expr.left), self.evaluate(target.comparator)
        comparison = Comparison(node=expr, operator=operator, left=left, right=right)
        folded = comparison.folded()
        if folded is not comparison or contains_param(left) or contains_param(right):
            return folded
        return UNKNOWN

    def _unary(self, expr: cst.UnaryOperation) -> AnyValue:
        inner = self.evaluate(expr.expression)
        if isinstance(expr.operator, cst.Not):
            known = truthiness(inner)
            return Const(node=expr, value=not known) if known is not None else UNKNOWN
        if isinstance(expr.operator, (cst.Minus, cst.Plus)) and isinstance(inner, Const) \
                and isinstance(inner.value, (int, float)) and not isinstance(inner.value, bool):
            return Const(node=expr, value=-inner.value if isinstance(expr.operator, cst.Minus) else inner.value)
        return UNKNOWN

    # -- calls -------------------------------------------------------------

    def argument_values(self, call: cst.Call) -> ArgumentValues:
        return [(arg.keyword.value if arg.keyword else None, arg.star, self.evaluate(arg.value), arg.value)
                for arg in call.args]

    def callee(self, call: cst.Call, mentioning: tuple[bytes, ...] = ()) -> AnyValue:
        """What is called; a name imported from another project module is looked up there now
        (see :meth:`Project.member` for ``mentioning``)."""
        callee = self.evaluate(call.func)
        if isinstance(callee, ProjectMember):
            found = self.project.member(callee.path, callee.name, mentioning)
            return found if found is not None else UNKNOWN
        return callee

    def resolve_call(self, call: cst.Call, remember: bool = True) -> Optional[ApiCall]:
        """The library API this call reaches, with bound arguments, or None.

        ``remember=False`` asks about a call the walk has not reached (a look-ahead): its
        arguments are read with the bindings in force now, so the answer must not be kept.
        """
        key = id(call)
        if key in self._calls:
            return self._calls[key]
        if not remember:
            return self._resolve_call(call, self.callee(call))
        self._calls[key] = None  # guards against self-reference while resolving
        resolved = self._resolve_call(call, self.callee(call))
        self._calls[key] = resolved
        return resolved

    def _resolve_call(self, call: cst.Call, callee: AnyValue) -> Optional[ApiCall]:
        if isinstance(callee, PartialValue) and callee.call is not None:
            return self._through_partial(callee.call, call, self.argument_values(call))
        receiver: Optional[ApiCall] = None
        name: Optional[str] = None
        if isinstance(callee, Symbol):
            name = callee.qualname
            if name in _PARTIAL:
                return self._partial(call, self.argument_values(call))
        elif isinstance(callee, Derived) and isinstance(callee.base, CallResult):
            owner = result_class(callee.base)
            if owner:
                receiver = callee.base.call
                name = f"{owner}.{callee.key}"
        if name is None:
            return None
        rows = apis.lookup(name)
        if not rows:
            return None
        values = self.argument_values(call)
        api = self._choose_row(rows, values)
        args, nodes, extra, open_ended = bind_arguments(api, call, values)
        return ApiCall(api=api, node=call, args=args, arg_nodes=nodes, extra=extra,
                       open_ended=open_ended, receiver=receiver, function=self.scope.function_name())

    def _partial(self, call: cst.Call, values: ArgumentValues) -> Optional[ApiCall]:
        if not values or values[0][0] is not None or values[0][1]:
            return None
        target = values[0][2]
        if not isinstance(target, Symbol):
            return None
        rows = apis.lookup(target.qualname)
        if not rows:
            return None
        api = self._choose_row(rows, values[1:])
        args, nodes, extra, open_ended = bind_arguments(api, call, values, skip=1)
        return ApiCall(api=api, node=call, args=args, arg_nodes=nodes, extra=extra,
                       open_ended=open_ended, is_partial=True, function=self.scope.function_name())

    def _through_partial(self, partial: ApiCall, call: cst.Call, values: ArgumentValues) -> ApiCall:
        args, nodes, extra, open_ended = bind_arguments(partial.api, call, values)
        merged_args = {**partial.args, **args}
        merged_nodes = {**partial.arg_nodes, **nodes}
        return ApiCall(api=partial.api, node=call, args=merged_args, arg_nodes=merged_nodes,
                       extra={**partial.extra, **extra}, open_ended=partial.open_ended or open_ended,
                       receiver=partial.receiver, function=self.scope.function_name())

    def _choose_row(self, rows: Sequence[Api], values: ArgumentValues) -> Api:
        if len(rows) == 1:
            return rows[0]
        major = self.pyjwt_major or _major_from_call_shape(values)
        for row in rows:
            if row.major == major:
                return row
        return rows[0]

    def _call_value(self, call: cst.Call) -> AnyValue:
        callee = self.callee(call)
        api_call = self.resolve_call(call)
        if api_call is not None:
            if api_call.is_partial:
                return PartialValue(node=call, call=api_call)
            return CallResult(node=call, api=api_call.api.name, call=api_call)
        known = time_call(self, call, callee) or dump_call(callee, call)
        if known is not None:
            return known
        if splits_on_dots(call) and not (isinstance(callee, Derived) and isinstance(callee.base, Const)):
            return TokenSegments(node=call, text=call.func.value)  # type: ignore[attr-defined]
        if isinstance(callee, Symbol):
            return self._builtin_call(callee.qualname, call)
        if isinstance(callee, ClassRef):
            attributes = self.summaries.constructed(callee, self.argument_values(call)) if self.summaries else ()
            return Instance(node=call, cls=callee, attributes=attributes)
        if isinstance(callee, FunctionRef) and self.summaries is not None:
            returned = self.summaries.returned(callee, call, self.argument_values(call))
            if returned is not None:
                return returned
        if isinstance(callee, Derived) and self.summaries is not None:
            returned = self.summaries.method_returned(callee, call, self.argument_values(call),
                                                      self.scope.function_name())
            if returned is not None:
                return returned
        if isinstance(callee, Derived) and callee.key.startswith("method:") and isinstance(callee.base, Const):
            return _string_method(callee.base, callee.key[len("method:"):], call)
        if isinstance(callee, Derived) and callee.key == "keys" and _is_algorithm_set(callee.base):
            return callee.base  # get_default_algorithms().keys(): the same names
        if isinstance(callee, Derived) and callee.key == "copy" and not call.args \
                and isinstance(callee.base, (DictValue, Param)):
            return DictValue.spreading(callee.base, call)  # data.copy(): the same entries
        if isinstance(callee, Derived) and callee.key == "get" and call.args and not _is_instance(callee.base):
            key = self.evaluate(call.args[0].value)
            base = callee.base
            if isinstance(base, DictValue) and isinstance(key, Const) and isinstance(key.value, str):
                found = base.get(key.value)
                if found is not None:
                    return found
                if base.complete and len(call.args) > 1:
                    return self.evaluate(call.args[1].value)
            label = str(key.value) if isinstance(key, Const) else "[]"
            return Derived(node=call, base=base, key=label)
        if isinstance(callee, Derived) and isinstance(callee.base, CallResult) and callee.base.call is None \
                and callee.base.api:
            # open(p).read(), hashlib.sha256(c).hexdigest(): a method of a non-library result keeps
            # its provenance, named "<call>().<method>".
            return CallResult(node=call, api=f"{callee.base.api}().{callee.key}", call=None)
        return CallResult(node=call, api="", call=None) if isinstance(callee, Symbol) else UNKNOWN

    def dict_with_arguments(self, base: DictValue, args: Sequence[cst.Arg], guarded: bool = False) -> DictValue:
        """``dict(base, **args)`` semantics, shared by ``dict(...)`` and ``d.update(...)``.

        ``guarded`` marks the new entries with the active conditions (an ``update`` in an ``if``).
        """
        wrap = self.guarded if guarded else (lambda value: value)
        for arg in args:
            value = self.evaluate(arg.value)
            if arg.keyword is not None:
                base = base.with_entry(arg.keyword.value, wrap(value))
            elif isinstance(value, DictValue):
                base = base.merged(DictValue(node=value.node, complete=value.complete,
                                             entries=tuple((k, wrap(v)) for k, v in value.entries)))
            else:
                base = base.merged(value)
        return base

    def _builtin_call(self, name: str, call: cst.Call) -> AnyValue:
        if name == "dict":
            return self.dict_with_arguments(DictValue(node=call, entries=()), call.args)
        if name in ("list", "tuple", "set", "frozenset", "sorted") and len(call.args) == 1:
            inner = self.evaluate(call.args[0].value)
            return inner if isinstance(inner, SeqValue) or _is_algorithm_set(inner) else UNKNOWN
        if name in ("str", "bytes", *_SECRET_WRAPPERS) and len(call.args) == 1:
            inner = self.evaluate(call.args[0].value)
            if isinstance(inner, CallResult):
                return Derived(node=call, base=inner, key=f"{name}()")  # str(uuid.uuid1()): keep the source
            return inner if isinstance(inner, Const) and isinstance(inner.value, (str, bytes)) else UNKNOWN
        if name == "json.loads" and call.args:
            inner = self.evaluate(call.args[0].value)
            if isinstance(inner, Derived) or (isinstance(inner, CallResult) and inner.call is not None):
                # json.loads(token.objects["payload"]): parsing keeps where the text came from
                return Derived(node=call, base=inner, key="json.loads()")
            parsed = hand_parsed(call, self.evaluate, lambda inner: self.callee(inner, DECODER_WORDS))
            if parsed is not None:
                return parsed
        if name in ENV_READER_CLASSES:
            return Symbol(node=call, qualname=f"{name}()")
        if name in ENV_LOOKUPS:
            return self._env_lookup(name, call)
        if name == _TIMEDELTA:
            return self._timedelta(call)
        return CallResult(node=call, api=name, call=None)

    def _env_lookup(self, name: str, call: cst.Call) -> AnyValue:
        name_index, default_index, default_keyword = ENV_LOOKUPS[name]
        positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
        keywords = {arg.keyword.value: arg for arg in call.args if arg.keyword is not None}
        if len(positional) <= name_index:
            return UNKNOWN
        if name == "getattr":
            owner = self.evaluate(positional[0].value)
            if not (isinstance(owner, Symbol) and owner.qualname.endswith("settings")):
                return UNKNOWN
        variable = self.evaluate(positional[name_index].value)
        if not (isinstance(variable, Const) and isinstance(variable.value, str)):
            return UNKNOWN
        default_arg = None
        if default_index is not None and len(positional) > default_index:
            default_arg = positional[default_index]
        elif default_keyword and default_keyword in keywords:
            default_arg = keywords[default_keyword]
        default = self.evaluate(default_arg.value) if default_arg is not None else None
        return EnvLookup(node=call, name=variable.value, default=default)

    def _timedelta(self, call: cst.Call) -> AnyValue:
        fields = ("days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks")
        kwargs = {}
        # timedelta(minutes=ACCESS_TOKEN_EXPIRE_MINUTES) keeps the setting's name, and its node is
        # where the setting is written (as for any constant read through a name), perhaps another module.
        via = ""
        written: cst.CSTNode = call
        for index, arg in enumerate(call.args):
            value = self.evaluate(arg.value)
            if not (isinstance(value, Const) and isinstance(value.value, (int, float))) or arg.star:
                return CallResult(node=call, api=_TIMEDELTA, call=None)
            name = arg.keyword.value if arg.keyword else (fields[index] if index < len(fields) else None)
            if name not in fields:
                return CallResult(node=call, api=_TIMEDELTA, call=None)
            kwargs[name] = value.value
            if value.via and not via and value.node is not None:
                via, written = value.via, value.node
        try:
            return Const(node=written, value=datetime.timedelta(**kwargs), via=via)
        except (OverflowError, TypeError, ValueError):
            return CallResult(node=call, api=_TIMEDELTA, call=None)


#: pydantic's secret types hold the text they wrap (``SecretStr("...")`` as a settings default).
_SECRET_WRAPPERS = ("pydantic.SecretStr", "pydantic.SecretBytes", "pydantic.types.SecretStr",
                    "pydantic.types.SecretBytes")
_BUILTINS = frozenset({"dict", "list", "tuple", "set", "frozenset", "sorted", "str", "bytes", "getattr", "vars",
                       "int", "float", "bool", "open", "print", "len"})


def _is_instance(value: AnyValue) -> bool:
    """An object a class outside the project built (``requests.Session()``, ``httpx.AsyncClient()``,
    named in CapWords): its ``get`` is the class's own method (an HTTP GET), not ``dict.get``."""
    return isinstance(value, CallResult) and value.call is None and value.api.rpartition(".")[2][:1].isupper()


def _is_algorithm_set(value: AnyValue) -> bool:
    """The result of a library call that returns a set of algorithm names."""
    return isinstance(value, CallResult) and value.call is not None and value.call.api.kind == "algorithm_set"


def _library_constant(qualname: str, node: cst.CSTNode) -> AnyValue:
    """A library constant (``ALGORITHMS.HS256``) as a value; any other attribute stays a symbol."""
    known = apis.constant(qualname)
    if isinstance(known, tuple):
        return SeqValue(node=node, items=tuple(Const(node=node, value=item, via=qualname) for item in known))
    if known is not None:
        return Const(node=node, value=known, via=qualname)
    return Symbol(node=node, qualname=qualname)


_NAMED_CONSTANTS = {"True": True, "False": False, "None": None}
#: Expression class -> the evaluator's method for it; a class not listed is an unknown value.
_HANDLERS: dict[type[cst.CSTNode], Callable[[Evaluator, Any], AnyValue]] = {
    cst.SimpleString: Evaluator._string, cst.ConcatenatedString: Evaluator._string,
    cst.FormattedString: Evaluator._fstring, cst.Integer: Evaluator._number, cst.Float: Evaluator._number,
    cst.Name: Evaluator._name, cst.Attribute: Evaluator._attribute, cst.Dict: Evaluator._dict,
    cst.List: Evaluator._sequence, cst.Tuple: Evaluator._sequence, cst.Set: Evaluator._sequence,
    cst.Subscript: Evaluator._subscript, cst.Call: Evaluator._call_value, cst.BinaryOperation: Evaluator._binary,
    cst.BooleanOperation: Evaluator._boolean, cst.UnaryOperation: Evaluator._unary,
    cst.Comparison: Evaluator._comparison, cst.Await: Evaluator._awaited, cst.NamedExpr: Evaluator._walrus,
}
_COMPARISON_OPERATORS = {cst.Equal: "==", cst.NotEqual: "!=", cst.Is: "is", cst.IsNot: "is not"}

#: Longest text a constant may fold to; test suites write ``"u" * 400000000``.
_MAX_FOLDED_TEXT = 100_000
#: Most items a sequence value keeps; past it the sequence is incomplete.
_MAX_ITEMS = 10_000
#: Widest integer a constant may be: far beyond any key size, well below the 4,300 digits
#: Python refuses to print (``f"{N}"`` of a bigger one raises).
_MAX_INT_BITS = 8192


def _fits(value: object) -> bool:
    """Whether a folded number stays within the evaluator's size budget (None: not a number)."""
    if isinstance(value, int):
        return value.bit_length() <= _MAX_INT_BITS
    return value is not None


def _result_too_large(left: object, right: object) -> bool:
    """Decided before computing: folding ``"x" * 10**9`` must not allocate it."""
    texts = [v for v in (left, right) if isinstance(v, (str, bytes))]
    numbers = [v for v in (left, right) if isinstance(v, int) and not isinstance(v, bool)]
    if len(texts) == 1 and len(numbers) == 1:
        return len(texts[0]) * numbers[0] > _MAX_FOLDED_TEXT
    return sum(len(t) for t in texts) > _MAX_FOLDED_TEXT


def result_class(value: CallResult) -> str:
    """The class row of the object a call returned ("" when not a known class)."""
    if value.call is not None:
        api = value.call.api
        return api.name if api.is_class else api.returns
    rows = apis.lookup(value.api)
    return value.api if rows and rows[0].is_class else ""


def is_setting_name(name: str) -> bool:
    """Names worth parsing another module for: constants and settings objects.

    Importing ``User`` from ``models`` must not cost a parse of ``models.py``;
    ``JWT_SECRET`` or ``settings`` from ``config`` is what rules need.
    """
    return name.isupper() or name.lower() in ("settings", "config", "conf")


def _major_from_call_shape(values: ArgumentValues) -> str:
    """PyJWT 1 when the call can only be a 1.x call: a bool at index 2 or 1.x-only keywords."""
    positional = [value for keyword, star, value, _ in values if keyword is None and not star]
    if len(positional) > 2 and isinstance(positional[2], Const) and isinstance(positional[2].value, bool):
        return "1"
    keywords = {keyword for keyword, _, _, _ in values if keyword}
    if keywords & {"verify", "verify_expiration"}:
        return "1"
    return "2"


def _string_method(base: Const, method: str, call: cst.Call) -> AnyValue:
    value = base.value
    try:
        if method == "encode" and isinstance(value, str):
            return Const(node=base.node, value=value.encode(), via=base.via)
        if method == "decode" and isinstance(value, bytes):
            return Const(node=base.node, value=value.decode("utf-8", "replace"), via=base.via)
        if method in ("strip", "lower", "upper") and isinstance(value, (str, bytes)):
            return Const(node=base.node, value=getattr(value, method)(), via=base.via)
    except (UnicodeError, AttributeError):
        pass
    return UNKNOWN
