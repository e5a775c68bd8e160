"""Fixes that turn a claim check back on (JWT502, JWT402) or narrow the leeway (JWT504).

Unsafe: tokens accepted today (expired ones, ones for another audience, ones
past the leeway) are rejected after the fix, which is the point, but can
break a flow that relied on it (a refresh endpoint reading expired tokens).
"""

from __future__ import annotations

from typing import Optional

import libcst as cst
from libcst.helpers import get_full_name_for_node

from jwtlint.fixes.base import Edit, Fix, Target
from jwtlint.fixes.edits import without_arg, without_element
from jwtlint.rules.lifetime import ExcessiveLeeway, ExpiryVerificationDisabled
from jwtlint.semantics.claim_checks import option_value, switched_off
from jwtlint.semantics.durations import seconds_of
from jwtlint.semantics.values import AnyValue


def _switch_value(target: Target) -> Optional[AnyValue]:
    call = target.call()
    if call is None:
        return None
    found = ExpiryVerificationDisabled.switch(call) if target.finding.code == "JWT502" \
        else switched_off(call, "aud") or switched_off(call, "at_hash")
    return found[0] if found is not None else None


def remove_check_switch(target: Target) -> Optional[Edit]:
    call = target.call()
    value = _switch_value(target)
    if call is None or value is None or value.node is None or not target.owns(value.node) \
            or not isinstance(call.node, cst.Call):
        return None
    holder = target.parent(value.node)
    if isinstance(holder, cst.Arg) and holder.keyword is not None and holder in call.node.args:
        return Edit({call.node: without_arg(call.node, holder)})
    if not isinstance(holder, cst.DictElement):
        return None
    mapping = target.parent(holder)
    if not isinstance(mapping, cst.Dict):
        return None
    emptied = without_element(mapping, holder)
    argument = target.parent(mapping)
    if not emptied.elements and isinstance(argument, cst.Arg) and argument in call.node.args:
        return Edit({call.node: without_arg(call.node, argument)})  # options={} says nothing: drop it
    return Edit({mapping: emptied})


REMOVE_CHECK_SWITCH = Fix(
    name="remove-check-switch", safe=False, apply=remove_check_switch,
    description="Removes the switch that turns the check off: the `\"verify_exp\": False` / "
                "`\"verify_aud\": False` entry of the options dict (where the dict is written, and the "
                "`options=` argument itself once it is empty), or the keyword argument "
                "(`allow_expired=True`, `checks_optional=True`, `check_claims=False`, `do_time_check=False`).")


def _leeway_values(target: Target) -> list[AnyValue]:
    values: list[AnyValue] = []
    call = target.call()
    if call is not None:
        passed = call.value("leeway") if call.passed("leeway") else None
        if passed is not None:
            values.append(passed)
        _key, value, _known = option_value(call, "leeway")
        if value is not None:
            values.append(value)
    values += [setting.value for setting in target.settings_written() if setting.value is not None]
    values += [event.value for node in target.nodes for event in target.probe.assignments.get(node, ())]
    return [value for value in values if value is not None]


def _seconds(node: cst.BaseExpression, limit: int) -> cst.BaseExpression:
    if isinstance(node, cst.Call) and (get_full_name_for_node(node.func) or "").endswith("timedelta"):
        return node.with_changes(args=[cst.Arg(value=cst.Integer(str(limit)), keyword=cst.Name("seconds"),
                                               equal=cst.AssignEqual(cst.SimpleWhitespace(""),
                                                                     cst.SimpleWhitespace("")))])
    return cst.Integer(str(limit))


def leeway_to_maximum(target: Target) -> Optional[Edit]:
    limit = ExcessiveLeeway(target.settings.config.rule_options).option("max-leeway-seconds")
    for value in _leeway_values(target):
        seconds = seconds_of(value, unit=1)
        node = value.node
        if seconds is not None and seconds > limit and isinstance(node, cst.BaseExpression) and target.owns(node):
            return Edit({node: _seconds(node, limit)})
    return None


LEEWAY_TO_MAXIMUM = Fix(
    name="leeway-to-maximum", safe=False, apply=leeway_to_maximum,
    description="Sets the leeway to `max-leeway-seconds` where it is written: a number becomes that number "
                "of seconds, a `timedelta(...)` becomes `timedelta(seconds=...)`.")
