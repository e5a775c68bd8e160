"""python-jwt (import name ``python_jwt``, often aliased ``jwt``); deprecated by its author.

A falsy ``priv_key`` signs with ``alg: none``; ``verify_jwt`` with a falsy key
and ``"none"`` allowed checks no signature; ``process_jwt`` verifies nothing.
"""

from jwtlint.apis.spec import Api

TABLE = (
    Api("python_jwt.generate_jwt", library="python_jwt", kind="encode",
        params=("claims", "priv_key", "algorithm", "lifetime", "expires", "not_before", "jti_size",
                "other_headers"),
        roles={"claims": "payload", "priv_key": "key", "algorithm": "algorithm", "lifetime": "lifetime",
               "expires": "expires", "other_headers": "header"},
        defaults={"priv_key": None, "algorithm": "PS512", "lifetime": None, "expires": None},
        default_algorithm="PS512",
        unsigned_if_falsy=("key",)),
    Api("python_jwt.verify_jwt", library="python_jwt", kind="verify",
        params=("jwt", "pub_key", "allowed_algs", "iat_skew", "checks_optional", "ignore_not_implemented"),
        roles={"jwt": "token", "pub_key": "key", "allowed_algs": "algorithms", "iat_skew": "leeway",
               "checks_optional": "checks_optional"},
        defaults={"pub_key": None, "allowed_algs": None, "checks_optional": False},
        algorithm_default="required", none_verification="keyless",
        note="allowed_algs=None means no algorithm is accepted"),
    Api("python_jwt.process_jwt", library="python_jwt", kind="unverified_read",
        params=("jwt",), roles={"jwt": "token"}),
)
