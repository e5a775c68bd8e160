"""JWT1xx: is the token's signature actually verified?"""

from __future__ import annotations

from typing import Optional

from jwtlint.findings import Severity
from jwtlint.rules.base import Rule
from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.values import AnyValue, Const, truthiness

_VERIFYING_KINDS = ("decode", "verify", "token_object")


def signature_switch(call: ApiCall) -> Optional[tuple[AnyValue, str]]:
    """The value that turns signature checking off in this call, and how it is spelled.

    Looks at the ``verify`` role (PyJWT 1, python-jose ``jws.verify``,
    simplejwt tokens, google-auth) and at the options switch that the row
    maps to "signature" (PyJWT 2, python-jose, ``PyJWT(options=...)``).
    Returns None unless verification is certainly off.
    """
    if call.api.kind not in _VERIFYING_KINDS:
        return None
    verify = call.value("verify")
    if verify is not None and truthiness(verify) is False and call.passed("verify"):
        return verify, f"{call.api.param_for('verify')}={_spell(verify)}"
    options = call.options()
    for switch, meaning in call.api.option_switches.items():
        if meaning != "signature":
            continue
        value = options.get(switch)
        if value is not None and truthiness(value) is False:
            return value, f'options["{switch}"]={_spell(value)}'
    return None


def _spell(value: AnyValue) -> str:
    return repr(value.value) if isinstance(value, Const) else "False"


class SignatureVerificationDisabled(Rule):
    code = "JWT101"
    name = "signature-verification-disabled"
    category = "verification"
    severity = Severity.CRITICAL
    cwe = (347,)
    summary = "Signature verification is turned off, so forged tokens are accepted"
    what = ("Reports a decode or verify call whose effective arguments turn off signature checking: "
            '`options={"verify_signature": False}` (PyJWT 2, python-jose, `PyJWT(options=...)`), '
            "`verify=False` or a false third positional argument (PyJWT 1.x), `jws.verify(..., verify=False)` "
            "(python-jose). The options may be a literal, a variable, `dict(...)`, a `**` merge or a dict "
            "changed after it was built; a wrapper's parameter is followed to the call that passes False.")
    why = ("Without signature verification anyone can write a token with any claims (`sub`, `role`, "
           "`is_admin`) and the application trusts it. It is the most common JWT vulnerability in "
           "Python code. With PyJWT 2 it also turns off `exp`, `aud` and `iss` checks.")
    fix = ("Verify the signature with the expected key and an explicit algorithm allow-list. To read a "
           "header before verifying (to pick a key), use `jwt.get_unverified_header()` and then verify.")
    example = ('import jwt\n\n'
               'def current_user(token):\n'
               '    claims = jwt.decode(token, options={"verify_signature": False})\n'
               '    return claims["sub"]\n')
    fixed_example = ('import jwt\n\n'
                     'def current_user(token, public_key):\n'
                     '    claims = jwt.decode(token, public_key, algorithms=["RS256"], audience="api")\n'
                     '    return claims["sub"]\n')
    references = ("https://datatracker.ietf.org/doc/html/rfc8725#section-3.3",
                  "https://pyjwt.readthedocs.io/en/stable/usage.html#reading-the-claimset-without-validation",
                  "https://cwe.mitre.org/data/definitions/347.html")
    libraries = ("PyJWT", "python-jose")
    invalid = (
        'import jwt\nopts = {"verify_signature": False}\njwt.decode(t, k, algorithms=["HS256"], options=opts)\n',
        'from jose import jwt\njwt.decode(t, k, algorithms=["HS256"], options=dict(verify_signature=False))\n',
        'import jwt\nclaims = jwt.decode(t, k, verify=False)\n',
    )
    valid = (
        'import jwt\njwt.decode(t, k, algorithms=["HS256"], options={"verify_signature": True})\n',
        'import requests\nrequests.get(url, verify=False)\n',
    )

    def on_call(self, call: ApiCall, ctx) -> None:
        found = signature_switch(call)
        if found is None:
            return
        value, spelled = found
        ctx.report(self, call.node, f"signature verification disabled ({spelled}) in {call.api.name}(): "
                                    "any forged token is accepted", cause=value.node)
