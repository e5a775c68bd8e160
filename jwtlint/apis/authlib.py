"""Authlib's ``authlib.jose`` (deprecated in favour of joserfc, still widely used).

``decode`` only checks the signature; claims are validated by calling
``.validate()`` on the returned ``JWTClaims``. The allowed algorithms belong
to the ``JsonWebToken`` instance, not to the call; the module-level ``jwt``
is an instance allowing every family.
"""

from typing import Any

from jwtlint.apis.spec import Api

_JWT = "authlib.jose.JsonWebToken"
_CLAIMS = "authlib.jose.JWTClaims"
_JWS = "authlib.jose.JsonWebSignature"
_DECODE: dict[str, Any] = dict(params=("s", "key", "claims_cls", "claims_options", "claims_params"),
               roles={"s": "token", "key": "key", "claims_cls": "claims_class", "claims_options": "claims_options"},
               algorithm_default="fixed", returns=_CLAIMS, claims_validator=f"{_CLAIMS}.validate")
_ENCODE: dict[str, Any] = dict(params=("header", "payload", "key", "check"),
               roles={"header": "header", "payload": "payload", "key": "key", "check": "check"},
               defaults={"check": True})

TABLE = (
    Api(_JWT, library="Authlib", kind="instance", is_class=True,
        aliases=("authlib.jose.rfc7519.JsonWebToken", "authlib.jose.rfc7519.jwt.JsonWebToken"),
        params=("algorithms", "private_headers"), roles={"algorithms": "algorithms"},
        none_verification="allowed"),
    Api("authlib.jose.jwt.decode", library="Authlib", kind="decode",
        note="the global instance allows HS*, RS*, ES*, PS* and EdDSA",
        **{**_DECODE, "algorithm_default": "header_if_raw_key"}),
    Api(f"{_JWT}.decode", library="Authlib", kind="decode", **_DECODE),
    Api("authlib.jose.jwt.encode", library="Authlib", kind="encode", **_ENCODE),
    Api(f"{_JWT}.encode", library="Authlib", kind="encode", **_ENCODE),
    Api(_CLAIMS, library="Authlib", kind="instance", is_class=True,
        aliases=("authlib.jose.rfc7519.JWTClaims",),
        params=("payload", "header", "options", "params"), roles={"options": "claims_options"}),
    Api(f"{_CLAIMS}.validate", library="Authlib", kind="framework",
        params=("now", "leeway"), roles={"leeway": "leeway"}, note="validates exp/nbf/iat and claims_options"),
    Api(_JWS, library="Authlib", kind="instance", is_class=True,
        aliases=("authlib.jose.rfc7515.JsonWebSignature",),
        params=("algorithms", "private_headers"), roles={"algorithms": "algorithms"},
        none_verification="allowed"),
    Api(f"{_JWS}.deserialize_compact", library="Authlib", kind="verify",
        aliases=(f"{_JWS}.deserialize",),
        params=("s", "key", "decode"), roles={"s": "token", "key": "key"}, algorithm_default="fixed"),
    Api(f"{_JWS}.deserialize_json", library="Authlib", kind="verify",
        params=("obj", "key", "decode"), roles={"obj": "token", "key": "key"}, algorithm_default="fixed"),
    Api(f"{_JWS}.serialize_compact", library="Authlib", kind="encode",
        params=("protected", "payload", "key"), roles={"protected": "header", "payload": "payload", "key": "key"}),
    Api(f"{_JWS}.serialize", library="Authlib", kind="encode",
        params=("header", "payload", "key"), roles={"header": "header", "payload": "payload", "key": "key"}),
    Api("authlib.jose.JsonWebKey.import_key_set", library="Authlib", kind="key_client",
        aliases=("authlib.jose.rfc7517.JsonWebKey.import_key_set",),
        params=("raw",), roles={"raw": "key"}, note="a JWKS document: an identity provider's keys"),
    Api("authlib.jose.JsonWebKey.import_key", library="Authlib", kind="key_import",
        aliases=("authlib.jose.rfc7517.JsonWebKey.import_key",),
        params=("raw", "options"), roles={"raw": "key"}, returns="authlib.jose.Key"),
    Api("authlib.jose.JsonWebKey.generate_key", library="Authlib", kind="key_import",
        params=("kty", "crv_or_size", "options", "is_private"), returns="authlib.jose.Key"),
    Api("authlib.jose.OctKey.import_key", library="Authlib", kind="key_import",
        aliases=("authlib.jose.rfc7518.OctKey.import_key",),
        params=("raw", "options"), roles={"raw": "key"}, returns="authlib.jose.Key"),
    *(Api(f"authlib.jose.{key}.import_key", library="Authlib", kind="key_import",
          params=("raw", "options"), roles={"raw": "key"}, returns="authlib.jose.Key")
      for key in ("RSAKey", "ECKey", "OKPKey")),
    Api("authlib.jose.Key", library="Authlib", kind="key_import", is_class=True, typed_key=True,
        params=("options",)),
    Api("authlib.jose.RSAKey.generate_key", library="Authlib", kind="key_import",
        params=("key_size", "options", "is_private"), roles={"key_size": "rsa_key_size"},
        returns="authlib.jose.Key"),
    Api("authlib.jose.ECKey.generate_key", library="Authlib", kind="key_import",
        aliases=("authlib.jose.OKPKey.generate_key",),
        params=("crv", "options", "is_private"), returns="authlib.jose.Key"),
    Api("authlib.jose.OctKey.generate_key", library="Authlib", kind="key_import",
        params=("key_size", "options", "is_private"), roles={"key_size": "key_size"}, returns="authlib.jose.Key"),
    Api("authlib.oauth2.rfc7523.JWTBearerTokenGenerator", library="Authlib", kind="instance", is_class=True,
        aliases=("authlib.oauth2.rfc7523.token.JWTBearerTokenGenerator",),
        params=("secret_key", "issuer", "alg"), roles={"secret_key": "key", "alg": "algorithm"},
        defaults={"alg": "RS256"}, default_algorithm="RS256",
        note="signs the access tokens an authorization server issues"),
)
