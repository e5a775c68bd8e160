"""Fixes of algorithm allow-lists: JWT205 (a string where a list belongs) and JWT201 (no list at all)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Optional

import libcst as cst

from jwtlint.fixes.base import Edit, Fix, Target
from jwtlint.fixes.edits import string_literal, with_keyword
from jwtlint.parsing import parse_module
from jwtlint.safe_read import read_bytes
from jwtlint.semantics import keys
from jwtlint.semantics.allowlists import KNOWN_ALGORITHMS
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.values import AnyValue, Const

if TYPE_CHECKING:
    from jwtlint.engine.settings import Settings

_SEPARATORS = (",", ", ", " ")


def _names(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,]+", text.strip()) if part]


def algorithms_as_list(target: Target) -> Optional[Edit]:
    """``algorithms="HS256,HS512"`` -> ``["HS256", "HS512"]``; a string constant -> ``[NAME]``, or
    ``NAME.split(",")`` when it names several (the constant stays a string for its other uses)."""
    call = target.call()
    if call is None:
        return None
    node = call.arg_nodes.get(call.api.param_for("algorithms") or "")
    value = call.value("algorithms")
    if node is None or not (isinstance(value, Const) and isinstance(value.value, str)):
        return None
    text = value.value
    names = _names(text)
    if not names:
        return None
    if isinstance(node, cst.SimpleString):
        items = [cst.Element(string_literal(name, node),
                             comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")) if index < len(names) - 1
                             else cst.MaybeSentinel.DEFAULT)
                 for index, name in enumerate(names)]
        return Edit({node: cst.List(items)})
    if not isinstance(node, (cst.Name, cst.Attribute)):
        return None
    if len(names) == 1 and text == names[0]:
        return Edit({node: cst.List([cst.Element(node)])})
    for separator in _SEPARATORS:
        if text == separator.join(names):
            args = [] if separator == " " else [cst.Arg(string_literal(separator))]
            return Edit({node: cst.Call(func=cst.Attribute(value=node, attr=cst.Name("split")), args=args)})
    return None


ALGORITHMS_AS_LIST = Fix(
    name="algorithms-as-list", safe=True, apply=algorithms_as_list,
    description="The string becomes a list of the algorithms it names: `algorithms=\"HS256\"` -> "
                "`algorithms=[\"HS256\"]`; a string constant is wrapped (`[ALGORITHM]`) or, when it names "
                "several, split where it is used (`ALGORITHMS.split(\",\")`), so its other uses keep a string.")


# -- JWT201 --------------------------------------------------------------------------------------


def _algorithm(value: Optional[AnyValue]) -> Optional[str]:
    if isinstance(value, Const) and isinstance(value.value, str) and value.value in KNOWN_ALGORITHMS \
            and value.value != "none":
        return value.value
    return None


def _same_key(a: ApiCall, a_text: str, b: ApiCall, b_text: str) -> bool:
    if a_text == b_text:
        return True
    left, right = a.value("key"), b.value("key")
    return isinstance(left, Const) and isinstance(right, Const) and left.value is not None \
        and (left.value == right.value or bool(left.via) and left.via == right.via)


def _encode_algorithms(encodes, decode: ApiCall, key_text: str) -> set[str]:
    found = set()
    for encode, text in encodes:
        if encode.api.library == decode.api.library and _same_key(decode, key_text, encode, text):
            algorithm = _algorithm(encode.value("algorithm"))
            if algorithm is not None:
                found.add(algorithm)
    return found


def _encodes_of(probe_calls: dict, code) -> list[tuple[ApiCall, str]]:
    return [(call, code(call.node_for("key"))) for call in probe_calls.values()
            if call.api.kind == "encode" and call.passed("key")]


@lru_cache(maxsize=4)
def _project_encodes(settings: Settings) -> tuple[tuple[ApiCall, str], ...]:
    """Every library encode of the project, with its key's source text (read once per run)."""
    from jwtlint.files import Walker
    from jwtlint.fixes.probe import probe

    found: list[tuple[ApiCall, str]] = []
    targets, _errors = Walker(settings.config).walk([str(settings.config.root)])
    for file in targets:
        try:  # read and parsed as guardedly as the analysed files: capped, and only what the parser survives
            data = read_bytes(file.path, settings.config.max_file_size)
            if b"encode" not in data or not settings.prefilter.wants(data):
                continue
            module = parse_module(data)
        except (OSError, cst.ParserSyntaxError, UnicodeDecodeError, LookupError, SyntaxError, RecursionError,
                ValueError):
            continue
        found.extend(_encodes_of(probe(module, file.display, str(file.path), settings).calls, module.code_for_node))
    return tuple(found)


def _key_type_algorithm(call: ApiCall, target: Target) -> Optional[str]:
    """A key written as text: HMAC for a secret, RS256/ES256 for RSA or EC PEM text."""
    facts = keys.key_facts(call.value("key"), target.probe.evaluator.evaluate)
    if facts.kind == keys.LITERAL:
        return "HS256"
    if facts.kind in (keys.PUBLIC, keys.PRIVATE) and facts.text is not None:
        text = facts.text if isinstance(facts.text, str) else facts.text.decode("latin-1")
        if "BEGIN RSA" in text:
            return "RS256"
        if "BEGIN EC" in text:
            return "ES256"
    return None


def algorithms_from_project(target: Target) -> Optional[Edit]:
    call = target.call()
    if call is None or call.api.algorithm_default not in ("header", "required") or not call.passed("key"):
        return None
    keyword = call.api.param_for("algorithms")
    if keyword is None or not isinstance(call.node, cst.Call) or not call.missing("algorithms") \
            or any(arg.star for arg in call.node.args):
        return None
    key_text = target.code(call.node_for("key"))
    found = _encode_algorithms(_encodes_of(target.probe.calls, target.code), call, key_text)
    if not found:
        found = _encode_algorithms(_project_encodes(target.settings), call, key_text)
    if not found:
        typed = _key_type_algorithm(call, target)
        found = {typed} if typed else set()
    if len(found) != 1:
        return None  # unknown, or the project signs with several: the user must choose
    listed = cst.List([cst.Element(string_literal(found.pop()))])
    return Edit({call.node: with_keyword(call.node, keyword, listed)})


ALGORITHMS_FROM_PROJECT = Fix(
    name="algorithms-from-project", safe=False, apply=algorithms_from_project,
    description="Adds `algorithms=[...]` naming the one algorithm the project signs with: the `algorithm=` "
                "of the encode calls of the same library with the same key (in the file, then anywhere in "
                "the project), else the key's type (a secret written as text: HS256; RSA or EC PEM text: "
                "RS256 or ES256). Not fixed when the algorithm is unknown or the project uses several. "
                "Unsafe: tokens signed with any other algorithm are rejected from then on.")
