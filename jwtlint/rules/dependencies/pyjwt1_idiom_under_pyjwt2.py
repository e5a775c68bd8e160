"""JWT703: PyJWT 1.x spellings in a project pinned to PyJWT 2, where they no longer mean what they say."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Optional

import libcst as cst

from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.values import Const

if TYPE_CHECKING:
    from jwtlint.engine.context import Context

#: PyJWT 1.x options keys that PyJWT 2 ignores without a word (it wants ``require=[...]``).
_PYJWT1_OPTIONS = ("require_exp", "require_iat", "require_nbf")


class PyJWT1IdiomUnderPyJWT2(Rule):
    code = "JWT703"
    name = "pyjwt1-idiom-under-pyjwt2"
    category = "dependencies"
    severity = Severity.MEDIUM
    cwe = (628,)
    summary = "PyJWT 1.x code in a project that pins PyJWT 2, where it does not do what it says"
    what = ("When the project's dependency files pin PyJWT 2 (or `pyjwt-version = \"2\"` is configured), "
            "reports the PyJWT 1.x spellings that PyJWT 2 ignores or rejects: `verify=` passed to "
            "`decode` (ignored: the signature is still checked, whatever the code meant), a boolean in "
            "the third position (PyJWT 2 takes it as `algorithms` and raises `DecodeError`), "
            "`verify_expiration=`, the options `require_exp`/`require_iat`/`require_nbf` (ignored: use "
            "`require=[...]`), and `jwt.encode(...).decode(...)` (PyJWT 2 returns `str`: AttributeError). "
            "Without a pin these calls are read as PyJWT 1.x, where `verify=False` is JWT101.")
    why = ("The code no longer means what its author intended. Options that look like they require "
           "`exp` require nothing, so tokens without expiry pass; a `verify=False` that a reviewer "
           "reads as a bypass is silently not one, until someone \"fixes\" it with "
           "`options={\"verify_signature\": False}`; other spellings fail at runtime.")
    fix = ("Use PyJWT 2's API: `options={\"require\": [\"exp\"]}`, `algorithms=[...]` as a keyword, "
           "`options={\"verify_exp\": False}` only where expiry really must be ignored, and use the "
           "`str` that `jwt.encode` returns as it is.")
    autofix = "pyjwt2-spelling"
    example = ('import jwt\n\n'
               'def claims_of(token, key):\n'
               '    return jwt.decode(token, key, algorithms=["HS256"], options={"require_exp": True})\n')
    fixed_example = ('import jwt\n\n'
                     'def claims_of(token, key):\n'
                     '    return jwt.decode(token, key, algorithms=["HS256"], options={"require": ["exp"]})\n')
    references = ("https://pyjwt.readthedocs.io/en/stable/changelog.html#v2-0-0",
                  "https://cwe.mitre.org/data/definitions/628.html")
    libraries = ("PyJWT",)
    node_types = (cst.Call,)
    example_config = {"pyjwt_version": "2"}
    invalid = (
        'import jwt\nclaims = jwt.decode(token, key, verify=False, algorithms=["HS256"])\n',
        'import jwt\nclaims = jwt.decode(token, key, False)\n',
        'import jwt\ntoken = jwt.encode({"sub": "1"}, key, algorithm="HS256").decode("utf-8")\n',
    )
    valid = (
        'import jwt\nclaims = jwt.decode(token, key, algorithms=["HS256"], options={"require": ["exp"]})\n',
        'import jwt\ntoken = jwt.encode({"sub": "1"}, key, algorithm="HS256")\nraw = token.encode().decode()\n',
    )

    def on_call(self, call: ApiCall, ctx: Context) -> None:
        if ctx.pyjwt_major != "2" or call.api.library != "PyJWT" or call.api.major != "2":
            return
        if call.api.kind == "decode":
            for problem, cause in self._decode_problems(call):
                ctx.report(self, call.node, f"{call.api.name}() {problem} under PyJWT 2", cause=cause)

    @staticmethod
    def _decode_problems(call: ApiCall) -> Iterator[tuple[str, Optional[cst.CSTNode]]]:
        if call.passed("legacy_verify"):
            yield "takes `verify=` as a no-op (the signature is still checked)", call.node_for("legacy_verify")
        algorithms = call.value("algorithms")
        if isinstance(algorithms, Const) and isinstance(algorithms.value, bool):
            yield (f"gets {algorithms.value!r} as `algorithms` (a PyJWT 1.x verify flag): DecodeError at runtime",
                   call.node_for("algorithms"))
        if "verify_expiration" in call.extra:
            yield "ignores `verify_expiration=` (PyJWT 1.x)", call.node
        options = call.options()
        for key in _PYJWT1_OPTIONS:
            if options.get(key) is not None:
                yield f"ignores options[{key!r}] (PyJWT 1.x; use options={{\"require\": [...]}})", call.node

    def on_node(self, node: cst.CSTNode, ctx: Context) -> None:
        """``jwt.encode(...).decode("utf-8")``: bytes in PyJWT 1.x, ``str`` in PyJWT 2."""
        if ctx.pyjwt_major != "2" or not isinstance(node, cst.Call):
            return
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "decode" and isinstance(func.value, cst.Call)):
            return
        encoded = ctx.resolve_call(func.value)
        if encoded is not None and encoded.api.library == "PyJWT" and encoded.api.kind == "encode":
            ctx.report(self, node, f"{encoded.api.name}() returns str under PyJWT 2: `.decode()` on it raises "
                                   "AttributeError")
