"""Does a claim's name say it holds a secret or sensitive personal data?

A name is split into words (``hashedPassword``, ``api_key``, ``CreditCardNumber``)
and judged by its *last* words, which name what the value is: ``password``,
``user_password`` and ``hashed_password`` hold passwords; ``password_changed_at``,
``password_length`` and ``has_password`` only talk about one. Flags (``is_``,
``has_``) never hold the secret. Claims that look like secrets but are not
(``token_type``, ``jti``, ``at_hash``, ``sid``) fall out of the same rule.
"""

from __future__ import annotations

from typing import Optional

from jwtlint.semantics.names import name_words
from jwtlint.semantics.values import AnyValue, Const, DictValue, ObjectDump

#: A last word that is itself the secret.
_SECRET_WORDS = {
    "PASSWORD": "a password", "PASSWD": "a password", "PWD": "a password", "PASSPHRASE": "a password",
    "PASSCODE": "a password", "SECRET": "a secret", "APIKEY": "an API key", "PRIVKEY": "a private key",
    "SSN": "a social security number", "CVV": "a card security code", "CVC": "a card security code",
    "CVV2": "a card security code", "PIN": "a PIN", "OTP": "a one-time password",
    "TOTP": "a one-time password",
}
#: Last two words that name a secret together.
_SECRET_PAIRS = {
    ("API", "KEY"): "an API key", ("PRIVATE", "KEY"): "a private key", ("SECRET", "KEY"): "a secret key",
    ("SIGNING", "KEY"): "a signing key", ("CARD", "NUMBER"): "a card number",
    ("CREDIT", "CARD"): "a card number", ("CC", "NUMBER"): "a card number",
    ("PASSWORD", "HASH"): "a password hash", ("PASS", "HASH"): "a password hash",
    ("PW", "HASH"): "a password hash", ("PWD", "HASH"): "a password hash",
    ("PASSWORD", "DIGEST"): "a password hash", ("SECURITY", "NUMBER"): "a social security number",
    ("OTP", "SEED"): "an MFA seed", ("MFA", "SEED"): "an MFA seed", ("TOTP", "SEED"): "an MFA seed",
    ("OTP", "KEY"): "an MFA seed", ("MFA", "KEY"): "an MFA seed", ("TOTP", "KEY"): "an MFA seed",
    ("RECOVERY", "CODES"): "MFA recovery codes", ("BACKUP", "CODES"): "MFA recovery codes",
    ("REFRESH", "TOKEN"): "a refresh token", ("ACCESS", "TOKEN"): "an access token",
    ("PIN", "CODE"): "a PIN", ("ACCOUNT", "NUMBER"): "a bank account number",
}
#: First words of a flag or a question about a secret, not the secret.
_FLAG_WORDS = frozenset({"IS", "HAS", "NEEDS", "MUST", "REQUIRES", "CAN", "SHOULD", "USES", "USE"})


def sensitive_claim(name: str) -> Optional[str]:
    """What sensitive data the claim's name says it holds ("a password"), or None."""
    words = name_words(name)
    if not words or words[0] in _FLAG_WORDS:
        return None
    if len(words) >= 2 and (words[-2], words[-1]) in _SECRET_PAIRS:
        return _SECRET_PAIRS[(words[-2], words[-1])]
    return _SECRET_WORDS.get(words[-1])


def sensitive_entries(payload: AnyValue, prefix: str = "") -> list[tuple[str, str]]:
    """(claim path, what it holds) for every sensitive claim of a dict, nested dicts included.

    A whole object under a claim (``{"user": user.__dict__}``) counts as sensitive.
    """
    found: list[tuple[str, str]] = []
    if not isinstance(payload, DictValue):
        return found
    for key in payload.keys():
        value = payload.get(key)
        path = f"{prefix}{key}"
        what = sensitive_claim(key)
        if isinstance(value, Const) and (value.value is None or isinstance(value.value, bool)):
            continue  # a flag ("otp": True) or an empty slot, not the secret itself
        if what is not None:
            found.append((path, what))
        elif isinstance(value, ObjectDump):
            found.append((path, f"the whole object `{value.how}`"))
        elif isinstance(value, DictValue):
            found.extend(sensitive_entries(value, prefix=f"{path}."))
    return found


def payload_problems(value: Optional[AnyValue]) -> list[str]:
    """What a payload puts into a readable token, spelled for a message: each sensitive claim
    (```password` (a password)``) or the whole object it is (``the whole object `vars(user)```)."""
    if isinstance(value, ObjectDump):
        return [f"the whole object `{value.how}`"]
    if value is None:
        return []
    return [f"`{path}` ({what})" for path, what in sensitive_entries(value)]
