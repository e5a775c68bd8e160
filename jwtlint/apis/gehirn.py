"""GehirnInc's ``jwt`` package, which installs the same top-level module as PyJWT.

Only its own names (``JWT``, ``jwk_from_dict``, ``jwk_from_pem``) identify it;
PyJWT has none of them, so rows under those names cannot be mistaken.
"""

from jwtlint.apis.spec import Api

TABLE = (
    Api("jwt.JWT", library="jwt (GehirnInc)", kind="instance", is_class=True),
    Api("jwt.JWT.decode", library="jwt (GehirnInc)", kind="decode",
        params=("message", "key", "do_verify", "algorithms", "do_time_check"),
        roles={"message": "token", "key": "key", "do_verify": "verify", "algorithms": "algorithms",
               "do_time_check": "time_check"},
        defaults={"do_verify": True, "do_time_check": True}, algorithm_default="safe"),
    Api("jwt.JWT.encode", library="jwt (GehirnInc)", kind="encode",
        params=("payload", "key", "alg", "optional_headers"),
        roles={"payload": "payload", "key": "key", "alg": "algorithm", "optional_headers": "header"},
        default_algorithm="HS256"),
    Api("jwt.jwk_from_dict", library="jwt (GehirnInc)", kind="key_import", params=("dct",),
        roles={"dct": "key"}, returns="jwt.AbstractJWKBase"),
    Api("jwt.jwk_from_pem", library="jwt (GehirnInc)", kind="key_import", params=("pem_content",),
        roles={"pem_content": "key"}, returns="jwt.AbstractJWKBase"),
    Api("jwt.AbstractJWKBase", library="jwt (GehirnInc)", kind="key_import", is_class=True, typed_key=True),
)
