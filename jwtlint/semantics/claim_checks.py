"""Which claim checks a verification call turns off, and which values its options carry.

Shared by the claims and lifetime rules. Every answer comes
from the API table: ``option_switches`` say which ``options`` key turns a check
off (``verify_aud`` -> "aud"), ``option_values`` which key carries a value
(python-jose ``options["leeway"]``, PyJWT ``options["require"]``). A call whose
signature check is off is the verification rules' finding; these rules stay quiet about it.
"""

from __future__ import annotations

from typing import Optional

from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.unverified import VERIFYING_KINDS, signature_switch
from jwtlint.semantics.values import AnyValue, Const, truthiness


def verifies_signature(call: ApiCall) -> bool:
    """A verifying call whose signature check is not certainly off."""
    return call.api.kind in VERIFYING_KINDS and signature_switch(call) is None


def switched_off(call: ApiCall, meaning: str) -> Optional[tuple[AnyValue, str]]:
    """The options value that turns the ``meaning`` check off (``verify_exp: False``), spelled."""
    options = call.options()
    for switch, switch_meaning in call.api.option_switches.items():
        if switch_meaning != meaning:
            continue
        value = options.get(switch)
        if value is not None and truthiness(value) is False:
            return value, f'options["{switch}"]={spell(value)}'
    return None


def option_value(call: ApiCall, role: str) -> tuple[Optional[str], Optional[AnyValue], bool]:
    """(key, value, known) for the options key that carries ``role``.

    ``known`` is False when the options could not be resolved completely, so an
    absent key proves nothing; key is None when the library has no such option.
    """
    key = next((k for k, r in call.api.option_values.items() if r == role), None)
    if key is None:
        return None, None, True
    options = call.options()
    value = options.get(key)
    known = value is not None or (options.complete and not (call.open_ended or call.is_partial))
    return key, value, known


def is_false(value: Optional[AnyValue]) -> bool:
    """Exactly the constant ``False`` (``None`` often means "the default" in these APIs)."""
    return isinstance(value, Const) and value.value is False


def is_true(value: Optional[AnyValue]) -> bool:
    return value is not None and truthiness(value) is True


def spell(value: AnyValue) -> str:
    return repr(value.value) if isinstance(value, Const) else "False"
