"""PyJWT 1.x and 2.x (import name ``jwt``), checked against the sources of 2.15.1 and 1.7.1.

PyJWT 1 and 2 share function names but not positional order: index 2 of
``decode`` (and of ``PyJWS.decode``) is ``verify`` in 1.x and ``algorithms`` in
2.x, and in 1.x ``PyJWT`` is a ``PyJWS`` whose constructor takes
``(algorithms, options)``. Both rows are kept; the call resolver picks one by the
project's pinned version, or by the shape of the call when no pin is known.
"""

from jwtlint.apis.spec import VERIFY_SWITCHES, Api

_DECODE2_PARAMS = ("jwt", "key", "algorithms", "options", "verify", "detached_payload",
                   "audience", "subject", "issuer", "leeway")
_DECODE_COMPLETE2_PARAMS = ("jwt", "key", "algorithms", "options", "verify", "detached_payload",
                            "audience", "issuer", "subject", "leeway")
_DECODE_ROLES = {"jwt": "token", "key": "key", "algorithms": "algorithms", "options": "options",
                 "verify": "legacy_verify", "audience": "audience", "issuer": "issuer",
                 "leeway": "leeway"}
_ENCODE2_PARAMS = ("payload", "key", "algorithm", "headers", "json_encoder", "sort_headers")
_ENCODE_ROLES = {"payload": "payload", "key": "key", "algorithm": "algorithm", "headers": "header"}

_INSTANCE = "jwt.PyJWT"
#: PyJWT 2 requires claims through ``options={"require": [...]}``; 1.x through ``require_exp`` flags.
_REQUIRE2 = {"require": "required_claims"}
_REQUIRE1 = {"require_exp": "require_exp"}


TABLE = (
    Api("jwt.decode", library="PyJWT", kind="decode", major="2",
        aliases=("jwt.api_jwt.decode", f"{_INSTANCE}.decode"),
        params=_DECODE2_PARAMS, roles=_DECODE_ROLES, algorithm_default="required",
        option_switches=VERIFY_SWITCHES, algorithms_substring=True, option_values=_REQUIRE2),
    Api("jwt.decode_complete", library="PyJWT", kind="decode", major="2",
        aliases=("jwt.api_jwt.decode_complete", f"{_INSTANCE}.decode_complete"),
        params=_DECODE_COMPLETE2_PARAMS, roles=_DECODE_ROLES, algorithm_default="required",
        option_switches=VERIFY_SWITCHES, algorithms_substring=True, option_values=_REQUIRE2),
    Api("jwt.decode", library="PyJWT", kind="decode", major="1",
        aliases=("jwt.api_jwt.decode", f"{_INSTANCE}.decode"),
        params=("jwt", "key", "verify", "algorithms", "options", "audience", "issuer", "leeway"),
        roles={"jwt": "token", "key": "key", "verify": "verify", "algorithms": "algorithms",
               "options": "options", "audience": "audience", "issuer": "issuer", "leeway": "leeway"},
        defaults={"verify": True},
        algorithm_default="header", option_switches=VERIFY_SWITCHES, algorithms_substring=True,
        option_values=_REQUIRE1, note="audience, issuer and leeway are keyword-only (**kwargs) in 1.x"),
    Api("jwt.encode", library="PyJWT", kind="encode", major="2",
        aliases=("jwt.api_jwt.encode", f"{_INSTANCE}.encode"),
        params=_ENCODE2_PARAMS, roles=_ENCODE_ROLES, default_algorithm="HS256",
        unsigned_if_falsy=("algorithm",)),
    Api("jwt.encode", library="PyJWT", kind="encode", major="1",
        aliases=("jwt.api_jwt.encode", f"{_INSTANCE}.encode"),
        params=("payload", "key", "algorithm", "headers", "json_encoder"),
        roles=_ENCODE_ROLES, default_algorithm="HS256", unsigned_if_falsy=("algorithm",)),
    Api("jwt.get_unverified_header", library="PyJWT", kind="unverified_read",
        aliases=("jwt.api_jws.get_unverified_header", "jwt.PyJWS.get_unverified_header",
                 f"{_INSTANCE}.get_unverified_header"),
        params=("jwt",), roles={"jwt": "token"}),
    Api(_INSTANCE, library="PyJWT", kind="instance", major="2", aliases=("jwt.api_jwt.PyJWT",), is_class=True,
        params=("options",), roles={"options": "options"}, option_switches=VERIFY_SWITCHES,
        option_values=_REQUIRE2),
    Api(_INSTANCE, library="PyJWT", kind="instance", major="1", aliases=("jwt.api_jwt.PyJWT",), is_class=True,
        params=("algorithms", "options"), roles={"algorithms": "algorithms", "options": "options"},
        option_switches=VERIFY_SWITCHES, option_values=_REQUIRE1,
        note="a PyJWS subclass in 1.x: algorithms= keeps only those algorithms registered"),
    Api("jwt.PyJWS", library="PyJWT", kind="instance", aliases=("jwt.api_jws.PyJWS",), is_class=True,
        params=("algorithms", "options"), roles={"algorithms": "algorithms", "options": "options"},
        option_switches={"verify_signature": "signature"}),
    Api("jwt.PyJWS.decode", library="PyJWT", kind="decode", major="2", aliases=("jwt.api_jws.decode",),
        params=("jwt", "key", "algorithms", "options", "detached_payload"),
        roles={"jwt": "token", "key": "key", "algorithms": "algorithms", "options": "options"},
        algorithm_default="required", option_switches={"verify_signature": "signature"},
        algorithms_substring=True, claims_validator="none",
        note="verifies the signature only; no claim is checked"),
    Api("jwt.PyJWS.decode", library="PyJWT", kind="decode", major="1", aliases=("jwt.api_jws.decode",),
        params=("jwt", "key", "verify", "algorithms", "options"),
        roles={"jwt": "token", "key": "key", "verify": "verify", "algorithms": "algorithms", "options": "options"},
        defaults={"verify": True}, algorithm_default="header", option_switches={"verify_signature": "signature"},
        algorithms_substring=True, claims_validator="none",
        note="verifies the signature only; index 2 is verify, as in jwt.decode of 1.x"),
    Api("jwt.PyJWS.decode_complete", library="PyJWT", kind="decode",
        aliases=("jwt.api_jws.decode_complete",),
        params=("jwt", "key", "algorithms", "options", "detached_payload"),
        roles={"jwt": "token", "key": "key", "algorithms": "algorithms", "options": "options"},
        algorithm_default="required", option_switches={"verify_signature": "signature"},
        algorithms_substring=True, claims_validator="none",
        note="verifies the signature only; no claim is checked"),
    Api("jwt.PyJWS.encode", library="PyJWT", kind="encode", aliases=("jwt.api_jws.encode",),
        params=("payload", "key", "algorithm", "headers", "json_encoder", "is_payload_detached",
                "sort_headers"),
        roles={"payload": "payload", "key": "key", "algorithm": "algorithm", "headers": "header"},
        default_algorithm="HS256", unsigned_if_falsy=("algorithm",)),
    Api("jwt.PyJWKClient", library="PyJWT", kind="key_client", aliases=("jwt.jwks_client.PyJWKClient",),
        is_class=True,
        params=("uri", "cache_keys", "max_cached_keys", "cache_jwk_set", "lifespan", "headers",
                "timeout", "ssl_context", "cooldown_duration"),
        roles={"uri": "url"}),
    Api("jwt.PyJWK", library="PyJWT", kind="key_import", aliases=("jwt.api_jwk.PyJWK",),
        params=("jwk_data", "algorithm"), roles={"jwk_data": "key", "algorithm": "algorithm"},
        is_class=True, typed_key=True),
    Api("jwt.PyJWK.from_dict", library="PyJWT", kind="key_import", aliases=("jwt.api_jwk.PyJWK.from_dict",),
        params=("obj", "algorithm"), roles={"obj": "key", "algorithm": "algorithm"}, returns="jwt.PyJWK"),
    Api("jwt.PyJWK.from_json", library="PyJWT", kind="key_import", aliases=("jwt.api_jwk.PyJWK.from_json",),
        params=("data", "algorithm"), roles={"data": "key", "algorithm": "algorithm"}, returns="jwt.PyJWK"),
    Api("jwt.PyJWKClient.get_signing_key_from_jwt", library="PyJWT", kind="key_client",
        params=("token",), roles={"token": "token"}, returns="jwt.PyJWK",
        note="reads kid from the unverified header to pick a key; safe by design"),
    Api("jwt.PyJWKClient.get_signing_key", library="PyJWT", kind="key_client",
        params=("kid",), returns="jwt.PyJWK"),
    Api("jwt.algorithms.get_default_algorithms", library="PyJWT", kind="algorithm_set"),
)
