"""jwcrypto: class-based. ``JWT(jwt=..., key=...)`` verifies on construction;
without a key it only deserialises. Keys are typed ``JWK`` objects.
"""

from jwtlint.apis.spec import Api

_JWT = "jwcrypto.jwt.JWT"
_JWS = "jwcrypto.jws.JWS"
_JWK = "jwcrypto.jwk.JWK"

TABLE = (
    Api(_JWT, library="jwcrypto", kind="token_object", is_class=True,
        params=("header", "claims", "jwt", "key", "algs", "default_claims", "check_claims", "expected_type"),
        roles={"header": "header", "claims": "payload", "jwt": "token", "key": "key", "algs": "algorithms",
               "default_claims": "default_claims", "check_claims": "check_claims"},
        algorithm_default="safe", typed_keys_only=True),
    Api(f"{_JWT}.make_signed_token", library="jwcrypto", kind="encode", params=("key",), roles={"key": "key"}),
    Api(f"{_JWT}.make_encrypted_token", library="jwcrypto", kind="encode", params=("key",), roles={"key": "key"}),
    Api(f"{_JWT}.deserialize", library="jwcrypto", kind="decode", params=("jwt", "key"),
        roles={"jwt": "token", "key": "key"}, algorithm_default="safe", typed_keys_only=True),
    Api(f"{_JWT}.validate", library="jwcrypto", kind="verify", params=("key",), roles={"key": "key"},
        algorithm_default="safe", typed_keys_only=True),
    Api(_JWS, library="jwcrypto", kind="instance", is_class=True, params=("payload",),
        roles={"payload": "payload"}),
    Api(f"{_JWS}.deserialize", library="jwcrypto", kind="decode", params=("raw_jws", "key", "alg"),
        roles={"raw_jws": "token", "key": "key", "alg": "algorithms"}, algorithm_default="safe",
        typed_keys_only=True),
    Api(f"{_JWS}.verify", library="jwcrypto", kind="verify", params=("key", "alg", "detached_payload"),
        roles={"key": "key", "alg": "algorithms"}, algorithm_default="safe", typed_keys_only=True),
    Api(f"{_JWS}.add_signature", library="jwcrypto", kind="encode",
        params=("key", "alg", "protected", "header"), roles={"key": "key", "alg": "algorithm",
                                                            "protected": "header"}),
    Api(_JWK, library="jwcrypto", kind="key_import", is_class=True, typed_key=True,
        note="parameters are keywords: JWK(kty='oct', k=...)"),
    Api(f"{_JWK}.generate", library="jwcrypto", kind="key_import", returns=_JWK,
        note="keywords: kty=, size=, crv="),
    Api(f"{_JWK}.from_password", library="jwcrypto", kind="key_import", params=("password",),
        roles={"password": "key"}, returns=_JWK),
    Api(f"{_JWK}.from_pem", library="jwcrypto", kind="key_import", params=("data", "password"),
        roles={"data": "key"}, returns=_JWK),
    Api("jwcrypto.jwk.JWKSet.from_json", library="jwcrypto", kind="key_client", params=("keyset",),
        roles={"keyset": "key"}, note="a JWKS document: an identity provider's keys"),
    Api(f"{_JWK}.from_json", library="jwcrypto", kind="key_import", params=("key",),
        roles={"key": "key"}, returns=_JWK),
)
