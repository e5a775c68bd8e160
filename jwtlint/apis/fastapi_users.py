"""fastapi-users (wraps PyJWT) and the unmaintained fastapi-jwt-auth.

``lifetime_seconds=None`` makes tokens that never expire. fastapi-jwt-auth is
configured through a settings object and used through an ``AuthJWT``
dependency parameter (``Authorize: AuthJWT = Depends()``).
"""

from jwtlint.apis.spec import Api

_STRATEGY = "fastapi_users.authentication.JWTStrategy"
_AUTHJWT = "fastapi_jwt_auth.AuthJWT"

TABLE = (
    Api(_STRATEGY, library="fastapi-users", kind="instance", is_class=True,
        aliases=("fastapi_users.authentication.strategy.JWTStrategy",
                 "fastapi_users.authentication.strategy.jwt.JWTStrategy"),
        params=("secret", "lifetime_seconds", "token_audience", "algorithm", "public_key"),
        roles={"secret": "key", "lifetime_seconds": "lifetime", "token_audience": "audience",
               "algorithm": "algorithm", "public_key": "verifying_key"},
        default_algorithm="HS256"),
    Api("fastapi_users.jwt.generate_jwt", library="fastapi-users", kind="encode",
        params=("data", "secret", "lifetime_seconds", "algorithm"),
        roles={"data": "payload", "secret": "key", "lifetime_seconds": "lifetime", "algorithm": "algorithm"},
        defaults={"lifetime_seconds": None}, default_algorithm="HS256"),
    Api("fastapi_users.jwt.decode_jwt", library="fastapi-users", kind="decode",
        params=("encoded_jwt", "secret", "audience", "algorithms"),
        roles={"encoded_jwt": "token", "secret": "key", "audience": "audience", "algorithms": "algorithms"},
        algorithm_default="safe"),
    Api(_AUTHJWT, library="fastapi-jwt-auth", kind="instance", is_class=True,
        aliases=("fastapi_jwt_auth.auth_jwt.AuthJWT",)),
    Api(f"{_AUTHJWT}.create_access_token", library="fastapi-jwt-auth", kind="encode",
        params=("subject", "fresh", "algorithm", "headers", "expires_time", "audience", "user_claims"),
        roles={"subject": "identity", "algorithm": "algorithm", "headers": "header",
               "expires_time": "expires_delta", "user_claims": "payload"}),
    Api(f"{_AUTHJWT}.create_refresh_token", library="fastapi-jwt-auth", kind="encode",
        params=("subject", "algorithm", "headers", "expires_time", "audience", "user_claims"),
        roles={"subject": "identity", "algorithm": "algorithm", "headers": "header",
               "expires_time": "expires_delta", "user_claims": "payload"}),
    Api(f"{_AUTHJWT}.get_unverified_jwt_headers", library="fastapi-jwt-auth", kind="unverified_read",
        params=("encoded_token",), roles={"encoded_token": "token"}),
)
