"""Durations in seconds: timedeltas, numbers with a unit, offsets from the clock.

Lifetime and leeway rules compare durations with thresholds, and a duration is
written many ways: ``timedelta(days=30)``, ``3600``, ``60 * 24 * 8`` in a
constant named ``..._MINUTES``, ``datetime.utcnow() + timedelta(hours=1)`` or
``int(time.time()) + 3600`` in an ``exp`` claim. This module turns each of them
into seconds, or says it cannot (None); it never guesses a unit that the code
does not state, except where a caller passes the unit a library defines.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Optional

import libcst as cst

from jwtlint.semantics.names import name_words
from jwtlint.semantics.values import (
    AnyValue,
    CallResult,
    Const,
    Derived,
    Symbol,
    TimeOffset,
)

if TYPE_CHECKING:
    from jwtlint.semantics.evaluate import Evaluator

#: Calls that read the current time.
CLOCK_CALLS = frozenset({
    "datetime.datetime.utcnow", "datetime.datetime.now", "datetime.datetime.today",
    "time.time", "django.utils.timezone.now",
})
#: Calls that keep a moment a moment: ``int(time.time())``, ``round(exp)``.
_CONVERSIONS = frozenset({"int", "float", "round", "math.floor", "math.ceil"})
_RELATIVEDELTA = "dateutil.relativedelta.relativedelta"
#: Relative (plural) fields of ``relativedelta``, besides years and months; the singular ones are absolute.
_RELATIVE_FIELDS = frozenset({"years", "months", "weeks", "days", "hours", "minutes", "seconds", "microseconds"})
#: Methods of a datetime that give the same moment as a number.
_AS_NUMBER = frozenset({"timestamp"})

#: Unit words in a setting's name, in seconds.
_NAME_UNITS = {
    "SECONDS": 1, "SECOND": 1, "SECS": 1, "SEC": 1,
    "MINUTES": 60, "MINUTE": 60, "MINS": 60, "MIN": 60,
    "HOURS": 3600, "HOUR": 3600, "HRS": 3600, "HR": 3600,
    "DAYS": 86400, "DAY": 86400,
    "WEEKS": 604800, "WEEK": 604800,
    "MILLISECONDS": 0.001, "MS": 0.001,
}


#: Last words of names that hold a moment, not a duration (``TOKEN_EXPIRES_AT``, ``EXPIRY_TIMESTAMP``).
_MOMENT_WORDS = frozenset({"AT", "TIMESTAMP", "TS", "EPOCH", "DATE", "DATETIME", "UNTIL", "DEADLINE"})
#: 2001-09-09 as a Unix time: a plain number of seconds this large is a moment, not a lifetime
#: (a lifetime of 31 years); lifetimes in minutes or days carry their unit in the name.
_EPOCH_FLOOR = 1_000_000_000


def is_moment(name: str, value: Optional[AnyValue]) -> bool:
    """``TOKEN_EXPIRES_AT = ...`` or ``TOKEN_EXPIRY = 1700000000``: an epoch timestamp, not a lifetime."""
    words = name_words(name)
    if words and words[-1] in _MOMENT_WORDS:
        return True
    return (unit_in_name(name) in (None, 1) and isinstance(value, Const)
            and isinstance(value.value, (int, float)) and not isinstance(value.value, bool)
            and value.value >= _EPOCH_FLOOR)


def unit_in_name(name: str) -> Optional[float]:
    """Seconds per unit named in a setting's name (``..._MINUTES`` -> 60), or None."""
    for word in reversed(name_words(name)):
        if word in _NAME_UNITS:
            return _NAME_UNITS[word]
    return None


def seconds_of(value: Optional[AnyValue], unit: Optional[float] = None) -> Optional[float]:
    """Seconds a value stands for.

    A ``timedelta`` constant and a clock offset carry their own unit; a plain
    number needs ``unit`` (seconds per unit), and is not a duration without it.
    """
    if isinstance(value, TimeOffset):
        return value.seconds
    if not isinstance(value, Const):
        return None
    if isinstance(value.value, datetime.timedelta):
        return value.value.total_seconds()
    if unit is not None and isinstance(value.value, (int, float)) and not isinstance(value.value, bool):
        return value.value * unit
    return None


def named_definition(value: AnyValue) -> Optional[cst.CSTNode]:
    """Where a duration that came through a name is written (``ACCESS_LIFETIME`` of
    ``settings.py`` in ``now + ACCESS_LIFETIME``), None for one written at the sink."""
    if isinstance(value, TimeOffset):
        return value.defined
    return value.node if isinstance(value, Const) and value.via else None


def is_clock(value: AnyValue) -> bool:
    return isinstance(value, CallResult) and value.api in CLOCK_CALLS


def time_offset(left: AnyValue, right: AnyValue, operator: cst.BaseBinaryOp,
                node: cst.CSTNode) -> Optional[TimeOffset]:
    """``now + delta``, ``delta + now``, ``now - delta`` and offsets of offsets, else None."""
    sign = 1
    if isinstance(operator, cst.Subtract):
        sign = -1
    elif not isinstance(operator, cst.Add):
        return None
    if sign == 1 and _moment(right) is not None and _moment(left) is None:
        left, right = right, left
    start = _moment(left)
    if start is None:
        return None
    delta = seconds_of(right, unit=1) if not isinstance(right, TimeOffset) else None
    if delta is None:
        return None
    named = isinstance(right, Const) and bool(right.via)
    via = right.via if isinstance(right, Const) else ""
    defined = right.node if named else None
    return TimeOffset(node=node, seconds=start.seconds + sign * delta, via=start.via or via,
                      defined=start.defined or defined)


def _moment(value: AnyValue) -> Optional[TimeOffset]:
    if isinstance(value, TimeOffset):
        return value
    if is_clock(value):
        return TimeOffset(node=value.node, seconds=0.0)
    return None


def time_call(evaluator: Evaluator, call: cst.Call, callee: AnyValue) -> Optional[AnyValue]:
    """A call that makes a duration or keeps a moment, else None.

    ``relativedelta(months=6)`` is a duration; ``int(moment)``, ``round(moment)`` and
    ``moment.timestamp()`` are the same moment, as a number.
    """
    if isinstance(callee, Symbol) and callee.qualname == _RELATIVEDELTA:
        return _relativedelta(evaluator, call)
    if isinstance(callee, Symbol) and callee.qualname in _CONVERSIONS and call.args:
        first = call.args[0]
        if first.keyword is None and not first.star:
            inner = evaluator.evaluate(first.value)
            if isinstance(inner, TimeOffset) or is_clock(inner):
                return inner
        return None
    if isinstance(callee, Derived) and callee.key in _AS_NUMBER and not call.args:
        if isinstance(callee.base, TimeOffset) or is_clock(callee.base):
            return callee.base
    return None


def _relativedelta(evaluator: Evaluator, call: cst.Call) -> Optional[AnyValue]:
    """``relativedelta(years=1, months=6, days=3)`` as the shortest span it can be.

    A month is at least 28 days and a year at least 365, so the seconds never overstate a lifetime.
    Positional arguments (the difference of two datetimes) and the absolute fields (``year=``,
    ``day=``, ``weekday=``) are not durations.
    """
    if not call.args:
        return None
    amounts: dict[str, float] = {}
    for arg in call.args:
        value = evaluator.evaluate(arg.value)
        if arg.keyword is None or arg.keyword.value not in _RELATIVE_FIELDS or not isinstance(value, Const) \
                or not isinstance(value.value, (int, float)) or isinstance(value.value, bool):
            return None
        amounts[arg.keyword.value] = value.value
    months = amounts.pop("years", 0) * 12 + amounts.pop("months", 0)
    if not isinstance(months, int):
        return None  # relativedelta itself refuses fractional years and months
    days = amounts.pop("days", 0) + months // 12 * 365 + months % 12 * 28
    try:
        span = datetime.timedelta(days=days, **amounts)
    except (OverflowError, TypeError, ValueError):
        return None
    return Const(node=call, value=span)


def describe(seconds: float) -> str:
    """``2592000`` -> ``"30 days"``: the largest unit that divides evenly, else the largest below."""
    for unit, size in (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f} {unit}s"
    return f"{seconds:g} seconds"
