"""pyjwkest (import name ``jwkest``), read from the 1.4.4 source.

``JWS().verify_compact(token, keys, allow_none=False, sigalg=None)`` checks the
signature only: no claim (``exp``, ``aud``) is validated. The header's ``alg``
chooses the verifier, but keys are typed ``KEY`` objects picked by key type for
that algorithm (``pick_keys``), so an RSA key is never used as an HMAC secret:
without ``sigalg`` the family is fixed by the keys. ``allow_none=True`` accepts an
unsigned token (``alg: none``) without looking at any key. ``jwkest.jws.factory``
returns a ``JWS`` for a token that looks like one (it reads the header unverified
to decide). ``jwkest.jwt.JWT().unpack(token)`` (and ``JWSig``) only splits and
base64-decodes the token: ``.headers`` and ``.payload()`` are unverified.
"""

from jwtlint.apis.spec import Api

_JWS = "jwkest.jws.JWS"
_JWT = "jwkest.jwt.JWT"
_VERIFY_PARAMS = ("jws", "keys", "allow_none", "sigalg")
_VERIFY_ROLES = {"jws": "token", "keys": "key", "allow_none": "allow_none", "sigalg": "algorithms"}

TABLE = (
    Api(_JWS, library="pyjwkest", kind="instance", is_class=True, params=("msg", "with_digest"),
        roles={"msg": "payload"}, note="header parameters (alg=, kid=) are keywords"),
    Api("jwkest.jws.factory", library="pyjwkest", kind="instance", params=("token",), roles={"token": "token"},
        returns=_JWS, note="None when the token is not a JWS"),
    *(Api(f"{_JWS}.{method}", library="pyjwkest", kind="verify", params=_VERIFY_PARAMS, roles=_VERIFY_ROLES,
          defaults={"allow_none": False}, algorithm_default="fixed", typed_keys_only=True,
          claims_validator="none", note="verifies the signature only; no claim is checked")
      for method in ("verify_compact", "verify_compact_verbose", "verify_json")),
    Api(f"{_JWS}.sign_compact", library="pyjwkest", kind="encode", params=("keys", "protected"),
        roles={"keys": "key", "protected": "header"}),
    Api(_JWT, library="pyjwkest", kind="instance", is_class=True, aliases=("jwkest.jws.JWSig",),
        note="header parameters are keywords"),
    Api(f"{_JWT}.unpack", library="pyjwkest", kind="unverified_read", aliases=("jwkest.jws.JWSig.unpack",),
        params=("token",), roles={"token": "token"}, note="splits and base64-decodes; verifies nothing"),
)
