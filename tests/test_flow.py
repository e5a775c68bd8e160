"""The per-function facts and their queries, on small bodies."""

from __future__ import annotations

import libcst as cst

from jwtlint.semantics.flow import CallFact, FunctionFlow, source_text


def flow_of(source: str) -> FunctionFlow:
    function = cst.parse_module(source).body[0]
    assert isinstance(function, cst.FunctionDef)
    return FunctionFlow(function)


def call_named(flow: FunctionFlow, name: str) -> cst.Call:
    return next(call.node for call in flow.calls() if source_text(call.node.func) == name)


def by_key(call: CallFact) -> bool:
    return source_text(call.node.func) == "verify"


def test_calls_are_in_evaluation_order_arguments_first():
    flow = flow_of("def f(t):\n    a()\n    return verify(t, keys[peek(t)])\n")
    assert [source_text(call.node.func) for call in flow.calls()] == ["a", "peek", "verify"]
    assert [source_text(c.node.func) for c in flow.calls_after(call_named(flow, "a"))] == ["peek", "verify"]


def test_a_return_of_the_peek_on_one_branch_is_not_verified():
    flow = flow_of("def f(t, allow):\n    if allow:\n        return peek(t)\n    return verify(t)\n")
    assert not flow.verified_on_every_path(call_named(flow, "peek"), by_key)


def test_a_rejecting_branch_and_a_verifying_rest_is_verified():
    flow = flow_of("def f(t):\n    c = peek(t)\n    if c['iss'] not in OK:\n        raise E()\n"
                   "    return verify(t)\n")
    assert flow.verified_on_every_path(call_named(flow, "peek"), by_key)


def test_a_path_returning_a_name_that_holds_the_peek_is_a_use():
    flow = flow_of("def f(t, x):\n    c = peek(t)\n    sub = c['sub']\n    if x:\n        return sub\n"
                   "    return verify(t)\n")
    peek = call_named(flow, "peek")
    assert flow.reached_names(peek) == {"c", "sub"}
    assert not flow.verified_on_every_path(peek, by_key)


def test_no_verification_at_all_is_not_verified():
    flow = flow_of("def f(t):\n    c = peek(t)\n    g.user = c\n")
    assert not flow.verified_on_every_path(call_named(flow, "peek"), by_key)


def test_loops_continue_and_handlers():
    flow = flow_of("def f(t, keys):\n    c = peek(t)\n    for k in keys:\n        try:\n"
                   "            return verify(t, k)\n        except E:\n            continue\n    raise E()\n")
    assert flow.verified_on_every_path(call_named(flow, "peek"), by_key)
    handler = flow.enclosing_handler(call_named(flow, "verify"))
    assert handler is None
    first = next(iter(flow.steps_in(flow.block)))
    assert first.assigned == ("c",)


def test_handler_and_guards():
    flow = flow_of("def f(t):\n    try:\n        c = verify(t)\n    except E as e:\n        log(e)\n"
                   "    if c.get('role'):\n        pass\n")
    log = call_named(flow, "log")
    handler = flow.enclosing_handler(log)
    assert isinstance(handler, cst.ExceptHandler)
    found = flow.handler(handler)
    assert found is not None and found[1].name == "e"
    assert [source_text(c.node.func) for c in flow.calls_in(found[0].body)] == ["verify"]
    assert flow.tested(frozenset({"c"})) and not flow.tested(frozenset({"t"}))


def test_a_literal_mapping_is_read_as_bound_at_each_call():
    flow = flow_of("def f(t):\n    kw = {'token': t}\n    decode_it(**kw)\n    kw = {'token': other}\n"
                   "    decode_it(**kw)\n")
    first, second = [call.argument_texts for call in flow.calls()]
    assert first == {"t"} and second == {"other"}


def test_nested_functions_are_bodies_of_their_own():
    flow = flow_of("def f(t):\n    def g():\n        return peek(t)\n    return verify(t)\n")
    assert [source_text(call.node.func) for call in flow.calls()] == ["verify"]
