"""joserfc (Authlib's successor). Keys must be Key objects; ``algorithms=None``
means the recommended set (HS256, RS256, ES256); ``decode`` does not validate
claims: a ``JWTClaimsRegistry(...).validate(token.claims)`` does.
"""

from jwtlint.apis.spec import Api

_KEYS = ("OctKey", "RSAKey", "ECKey", "OKPKey")
#: What ``generate_key``'s first parameter sizes: an HMAC secret, an RSA modulus (EC and OKP keys
#: take a curve name, ``crv``).
_SIZE_ROLES = {"OctKey": "key_size", "RSAKey": "rsa_key_size"}
_KEY_CLASS = "joserfc.jwk.Key"
_REGISTRY = "joserfc.jwt.JWTClaimsRegistry"

TABLE = (
    Api("joserfc.jwt.decode", library="joserfc", kind="decode",
        params=("value", "key", "algorithms", "registry", "decoder_cls"),
        roles={"value": "token", "key": "key", "algorithms": "algorithms"},
        algorithm_default="safe", returns="joserfc.jwt.Token", none_verification="allowed",
        typed_keys_only=True, claims_validator=f"{_REGISTRY}.validate"),
    Api("joserfc.jwt.encode", library="joserfc", kind="encode",
        params=("header", "claims", "key", "algorithms", "registry", "encoder_cls", "default_type"),
        roles={"header": "header", "claims": "payload", "key": "key", "algorithms": "algorithms"}),
    Api("joserfc.jwt.Token", library="joserfc", kind="instance", is_class=True,
        params=("header", "claims")),
    Api(_REGISTRY, library="joserfc", kind="instance", is_class=True,
        aliases=("joserfc._rfc7519.claims.JWTClaimsRegistry",),
        params=("now", "leeway"), roles={"leeway": "leeway"}, claims_keywords=True,
        note="claim options are keyword arguments: exp={'essential': True}, iss={...}"),
    Api(f"{_REGISTRY}.validate", library="joserfc", kind="framework", params=("claims",)),
    *(Api(f"joserfc.jws.{name}", library="joserfc", kind="verify", params=params,
          roles={"value": "token", "public_key": "key", "algorithms": "algorithms"}, algorithm_default="safe",
          none_verification="allowed", typed_keys_only=True)
      for name, params in (("deserialize_compact", ("value", "public_key", "algorithms", "registry", "payload")),
                           ("deserialize_json", ("value", "public_key", "algorithms", "registry")))),
    Api("joserfc.jws.extract_compact", library="joserfc", kind="unverified_read",
        params=("value", "payload", "registry"), roles={"value": "token"},
        note="parses a compact JWS without verifying it (validate_compact verifies it later)"),
    Api("joserfc.jws.serialize_compact", library="joserfc", kind="encode",
        params=("protected", "payload", "private_key", "algorithms", "registry"),
        roles={"protected": "header", "payload": "payload", "private_key": "key", "algorithms": "algorithms"}),
    Api(_KEY_CLASS, library="joserfc", kind="key_import", is_class=True, typed_key=True,
        note="a union of the key classes, not callable: what the key functions return"),
    Api("joserfc.jwk.import_key", library="joserfc", kind="key_import",
        params=("data", "key_type", "parameters"), roles={"data": "key"}, returns=_KEY_CLASS),
    Api("joserfc.jwk.generate_key", library="joserfc", kind="key_import",
        params=("key_type", "crv_or_size", "parameters", "private", "auto_kid"), returns=_KEY_CLASS),
    Api("joserfc.jwk.KeySet.import_key_set", library="joserfc", kind="key_client",
        params=("value", "parameters"), roles={"value": "key"}, note="a JWKS document: an identity provider's keys"),
    *(Api(f"joserfc.jwk.{key}.import_key", library="joserfc", kind="key_import",
          params=("value", "parameters", "password"), roles={"value": "key"}, returns=_KEY_CLASS)
      for key in _KEYS),
    *(Api(f"joserfc.jwk.{key}.generate_key", library="joserfc", kind="key_import",
          params=("key_size" if key in _SIZE_ROLES else "crv", "parameters", "private", "auto_kid"),
          roles={"key_size": _SIZE_ROLES[key]} if key in _SIZE_ROLES else {}, returns=_KEY_CLASS)
      for key in _KEYS),
)
