"""JWT703: PyJWT 1.x spellings rewritten for PyJWT 2, keeping what the code does today.

Under PyJWT 2, ``verify=`` and ``verify_expiration=`` are ignored (the checks
run anyway), so removing them changes nothing; ``.decode()`` on the ``str``
that ``encode`` returns raises, so removing it only removes the crash. The
``require_exp``-style options become ``"require": [...]``, the PyJWT 2 form of
what they ask for. ``verify=False`` is deliberately *not* turned into
``options={"verify_signature": False}``: that would switch verification off.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from jwtlint.fixes.base import Edit, Fix, Target
from jwtlint.fixes.edits import key_of, string_literal, with_elements, without_keywords
from jwtlint.semantics.values import DictValue

_LEGACY_KEYWORDS = ("verify", "verify_expiration")
_REQUIRE_OPTIONS = {"require_exp": "exp", "require_iat": "iat", "require_nbf": "nbf"}


def _decoded_encode(target: Target) -> Optional[Edit]:
    node = target.first(cst.Call)
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "decode"
            and isinstance(node.func.value, cst.Call)):
        return None
    encoded = target.probe.calls.get(node.func.value)
    if encoded is None or encoded.api.library != "PyJWT" or encoded.api.kind != "encode":
        return None
    return Edit({node: node.func.value})


def _require_form(options: cst.Dict) -> Optional[cst.Dict]:
    """``{"require_exp": True}`` -> ``{"require": ["exp"]}``; None when the dict says nothing of the kind
    or cannot be rewritten exactly (a non-literal value, an existing non-list ``require``)."""
    required: list[str] = []
    legacy = [element for element in options.elements
              if isinstance(element, cst.DictElement) and key_of(element) in _REQUIRE_OPTIONS]
    if not legacy:
        return None
    for element in legacy:
        if not isinstance(element.value, cst.Name) or element.value.value not in ("True", "False"):
            return None
        if element.value.value == "True":
            required.append(_REQUIRE_OPTIONS[key_of(element) or ""])
    existing = next((e for e in options.elements if key_of(e) == "require"), None)
    quoted = legacy[0].key if isinstance(legacy[0].key, cst.SimpleString) else None
    claims: list[cst.BaseElement] = [cst.Element(string_literal(claim, quoted)) for claim in required]
    changes: dict = {element: None for element in legacy}
    if existing is not None:
        if not isinstance(existing, cst.DictElement) or not isinstance(existing.value, cst.List):
            return None
        listed = existing.value
        present = {_text(e.value) for e in listed.elements}
        claims = [*listed.elements, *(c for c in claims if _text(c.value) not in present)]
        changes[existing] = existing.with_changes(value=_listed(listed, claims))
    elif claims:
        changes[legacy[0]] = legacy[0].with_changes(key=string_literal("require", quoted),
                                                    value=_listed(cst.List([]), claims))
    return with_elements(options, changes)


def _text(node: cst.BaseExpression) -> object:
    return node.evaluated_value if isinstance(node, cst.SimpleString) else None


def _listed(like: cst.List, elements: list) -> cst.List:
    spaced = [e.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
              for e in elements[:-1]]
    last = [elements[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)] if elements else []
    return like.with_changes(elements=[*spaced, *last])


def pyjwt2_spelling(target: Target) -> Optional[Edit]:
    decoded = _decoded_encode(target)
    if decoded is not None:
        return decoded
    call = target.call()
    if call is None or call.api.library != "PyJWT" or call.api.kind != "decode" or not isinstance(call.node, cst.Call):
        return None
    edit = Edit()
    options = call.value("options")
    dict_node = options.node if isinstance(options, DictValue) else None
    new_options = _require_form(dict_node) if isinstance(dict_node, cst.Dict) and target.owns(dict_node) else None
    legacy = [arg.keyword.value for arg in call.node.args if arg.keyword is not None
              and arg.keyword.value in _LEGACY_KEYWORDS]
    inside = new_options is not None and dict_node is not None and call.node in target.ancestors(dict_node)
    if legacy or inside:
        new_call = call.node
        if inside:
            new_call = new_call.with_changes(args=[arg.with_changes(value=new_options) if arg.value is dict_node
                                                   else arg for arg in new_call.args])
        edit.replacements[call.node] = without_keywords(new_call, legacy)
    if new_options is not None and dict_node is not None and not inside:
        edit.replacements[dict_node] = new_options
    return edit if edit.replacements else None


PYJWT2_SPELLING = Fix(
    name="pyjwt2-spelling", safe=True, apply=pyjwt2_spelling,
    description="Removes the arguments PyJWT 2 ignores (`verify=`, `verify_expiration=`), rewrites "
                "`options={\"require_exp\": True}` as `options={\"require\": [\"exp\"]}` and drops "
                "`.decode(...)` after `jwt.encode(...)`, which returns `str`. `verify=False` is removed, not "
                "turned into `options={\"verify_signature\": False}`: PyJWT 2 verifies the signature today and "
                "still does after the fix. A boolean in the algorithms position is left to you.")
