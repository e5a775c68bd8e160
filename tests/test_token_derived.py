"""semantics.token_derived: token-derived values and the constraints code puts on them, for any role."""

from __future__ import annotations

import libcst as cst
import pytest

from jwtlint.config import Config
from jwtlint.engine import Settings, analyze_source
from jwtlint.rules.base import Rule
from jwtlint.semantics.token_derived import Constraint, TokenValueChecks, token_sources
from jwtlint.semantics.unverified import unverified


class _AudienceProbe(Rule):
    """Records, for each decode, whether its audience is token-derived and how it is constrained."""

    code = "JWT998"
    name = "audience-probe"
    category = "claims"
    node_types = (cst.Comparison, cst.If)
    seen: list = []

    def on_node(self, node, ctx):
        ctx.per_file(TokenValueChecks).note(node, ctx.evaluate, unverified)

    def on_call(self, call, ctx):
        if call.api.kind != "decode":
            return
        sources = token_sources(call.value("audience"), unverified)
        constraint = ctx.per_file(TokenValueChecks).constraint(sources) if sources else None
        _AudienceProbe.seen.append((tuple(s.key for s in sources), constraint))


def probe(source: str, tmp_path) -> list:
    _AudienceProbe.seen = []
    settings = Settings(Config(root=tmp_path))
    settings.rule_classes = [_AudienceProbe]
    result = analyze_source(source.encode(), "module.py", settings, real_path=str(tmp_path / "module.py"))
    assert result.internal_error is None, result.internal_error
    return list(_AudienceProbe.seen)


_READ = ('import jwt\n'
         'def claims_of(t, key):\n'
         '    unverified = jwt.decode(t, options={"verify_signature": False})\n')


@pytest.mark.parametrize("body,expected", [
    ('    return jwt.decode(t, key, algorithms=["RS256"], audience=unverified["aud"])\n',
     [(("aud",), Constraint.NONE)]),
    ('    if unverified["aud"] != "api":\n        raise ValueError("audience")\n'
     '    return jwt.decode(t, key, algorithms=["RS256"], audience=unverified["aud"])\n',
     [(("aud",), Constraint.GUARDED)]),
    ('    ok = unverified["aud"] in ["api", "admin"]\n'
     '    return jwt.decode(t, key, algorithms=["RS256"], audience=unverified["aud"])\n',
     [(("aud",), Constraint.COMPARED)]),
    ('    return jwt.decode(t, key, algorithms=["RS256"], audience=[unverified["aud"], "api"])\n',
     [(("aud",), Constraint.NONE)]),
    ('    return jwt.decode(t, key, algorithms=["RS256"], audience="api")\n', [((), None)]),
], ids=["unconstrained", "guarded", "compared", "in-a-list", "constant"])
def test_audience_taken_from_the_token_and_its_constraint(body, expected, tmp_path):
    seen = probe(_READ + body, tmp_path)
    assert seen[-1:] == expected


def test_a_guard_on_another_read_does_not_constrain_this_one(tmp_path):
    source = (_READ + '    other = jwt.get_unverified_header(t)\n'
              '    if other["kid"] != "k1":\n        raise ValueError("kid")\n'
              '    return jwt.decode(t, key, algorithms=["RS256"], audience=unverified["aud"])\n')
    assert probe(source, tmp_path)[-1] == (("aud",), Constraint.NONE)
