"""JWT3xx: keys and secrets, in library calls and in framework settings.

The rules share one per-file analysis (:mod:`jwtlint.semantics.key_analysis`)
that classifies each key value and environment fallback once into
:class:`~jwtlint.semantics.key_problems.KeyIssue` facts; each rule reports the
problems it is about (:mod:`jwtlint.rules.secrets.key_rule`).

One value, one finding, the most specific one (``Rule.supersedes``, applied by
the engine among the enabled rules, so turning the specific rule off brings
back the general one):

* empty or ``None`` -> JWT305 (not JWT301);
* private key material -> JWT308 (a PEM literal where it is written, a JWK
  dict with private members at the sink), not JWT301;
* public material -> JWT306 when the verification also accepts HMAC, else
  nothing (a public key is not a secret);
* a known placeholder -> JWT302 (not JWT301, not JWT303, not JWT304: the value
  is public whatever its length);
* any other text -> JWT301, plus JWT303 when it is shorter than the algorithm
  needs (being leaked and being weak are two defects);
* an environment fallback is reported once, at the lookup: JWT305 when empty,
  JWT302 when a placeholder, else JWT304. A pydantic ``BaseSettings`` field
  default is such a fallback (the environment overrides it).

A key that reaches a sink through a name (a constant, an imported setting) is
reported at every sink that uses it, each message naming where the value is
defined; a suppression comment on the defining line covers all of them (see
:mod:`jwtlint.engine.definitions`).
"""

from jwtlint.rules.secrets.empty_key import EmptyKey
from jwtlint.rules.secrets.hard_coded_key import HardCodedKey
from jwtlint.rules.secrets.placeholder_secret import PlaceholderSecret
from jwtlint.rules.secrets.private_key_in_source import PrivateKeyInSource
from jwtlint.rules.secrets.public_key_as_hmac_secret import PublicKeyAsHmacSecret
from jwtlint.rules.secrets.secret_fallback_default import SecretFallback
from jwtlint.rules.secrets.short_hmac_key import ShortHmacKey
from jwtlint.rules.secrets.small_rsa_key import SmallRsaKey
from jwtlint.rules.secrets.weak_key_source import WeakKeySource

__all__ = [
    "EmptyKey",
    "HardCodedKey",
    "PlaceholderSecret",
    "PrivateKeyInSource",
    "PublicKeyAsHmacSecret",
    "SecretFallback",
    "ShortHmacKey",
    "SmallRsaKey",
    "WeakKeySource",
]
