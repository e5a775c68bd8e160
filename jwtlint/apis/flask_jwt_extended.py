"""Flask-JWT-Extended (wraps PyJWT). Most of its security lives in ``app.config``
(rules read those settings); these rows are its calls and decorators.
"""

from jwtlint.apis.spec import Api

_M = "flask_jwt_extended"
_REQUIRED = ("optional", "fresh", "refresh", "locations", "verify_type", "skip_revocation_check")

TABLE = (
    Api(f"{_M}.create_access_token", library="Flask-JWT-Extended", kind="encode",
        aliases=(f"{_M}.utils.create_access_token",),
        params=("identity", "fresh", "expires_delta", "additional_claims", "additional_headers"),
        roles={"identity": "identity", "expires_delta": "expires_delta", "additional_claims": "payload",
               "additional_headers": "header"}),
    Api(f"{_M}.create_refresh_token", library="Flask-JWT-Extended", kind="encode",
        aliases=(f"{_M}.utils.create_refresh_token",),
        params=("identity", "expires_delta", "additional_claims", "additional_headers"),
        roles={"identity": "identity", "expires_delta": "expires_delta", "additional_claims": "payload",
               "additional_headers": "header"}),
    Api(f"{_M}.decode_token", library="Flask-JWT-Extended", kind="decode",
        aliases=(f"{_M}.utils.decode_token",),
        params=("encoded_token", "csrf_value", "allow_expired"),
        roles={"encoded_token": "token", "allow_expired": "allow_expired"}, algorithm_default="fixed"),
    Api(f"{_M}.jwt_required", library="Flask-JWT-Extended", kind="framework",
        aliases=(f"{_M}.view_decorators.jwt_required",), params=_REQUIRED,
        roles={"verify_type": "verify_type", "skip_revocation_check": "skip_revocation_check",
               "locations": "locations"}),
    Api(f"{_M}.verify_jwt_in_request", library="Flask-JWT-Extended", kind="framework",
        aliases=(f"{_M}.view_decorators.verify_jwt_in_request",), params=_REQUIRED,
        roles={"verify_type": "verify_type", "skip_revocation_check": "skip_revocation_check",
               "locations": "locations"}),
    Api(f"{_M}.get_unverified_jwt_headers", library="Flask-JWT-Extended", kind="unverified_read",
        aliases=(f"{_M}.utils.get_unverified_jwt_headers",),
        params=("encoded_token",), roles={"encoded_token": "token"}),
    *(Api(f"{_M}.{name}", library="Flask-JWT-Extended", kind="decode", aliases=(f"{_M}.utils.{name}",),
          params=("encoded_token",), roles={"encoded_token": "token"}, algorithm_default="fixed",
          note="decode_token(encoded_token) with every check, then one claim of the result")
      for name in ("get_jti", "get_csrf_token")),
    Api(f"{_M}.JWTManager", library="Flask-JWT-Extended", kind="instance", is_class=True,
        params=("app", "add_context_processor")),
    *(Api(f"{_M}.JWTManager.{loader}", library="Flask-JWT-Extended", kind="framework",
          params=("callback",), roles={"callback": "claims_loader"},
          note="a decorator: what the decorated function returns goes into every token's payload")
      for loader in ("additional_claims_loader", "user_identity_loader")),
)
