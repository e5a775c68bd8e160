"""pyramid_jwt: an authentication policy that signs and verifies with PyJWT.

Read from pyramid_jwt 1.6.1 (``policy.py``): ``JWTAuthenticationPolicy(private_key,
public_key=None, algorithm="HS512", leeway=0, expiration=None, default_claims=None, ...)``
signs with ``private_key`` and verifies with ``public_key`` or, when it is None, the same
key. ``expiration=None`` (the default) mints tokens without ``exp``. The cookie policy
subclass takes the same leading parameters.
"""

from jwtlint.apis.spec import Api

_PARAMS = ("private_key", "public_key", "algorithm", "leeway", "expiration", "default_claims",
           "http_header", "auth_type", "callback", "json_encoder", "audience")
_ROLES = {"private_key": "key", "public_key": "verifying_key", "algorithm": "algorithm", "leeway": "leeway",
          "expiration": "lifetime", "default_claims": "default_claims", "audience": "audience"}

TABLE = (
    Api("pyramid_jwt.JWTAuthenticationPolicy", library="pyramid_jwt", kind="instance", is_class=True,
        aliases=("pyramid_jwt.policy.JWTAuthenticationPolicy",),
        params=_PARAMS, roles=_ROLES, defaults={"expiration": None}, default_algorithm="HS512"),
    Api("pyramid_jwt.JWTCookieAuthenticationPolicy", library="pyramid_jwt", kind="instance", is_class=True,
        aliases=("pyramid_jwt.policy.JWTCookieAuthenticationPolicy",),
        params=(*_PARAMS, "cookie_name", "https_only", "reissue_time", "cookie_path"),
        roles=_ROLES, defaults={"expiration": None}, default_algorithm="HS512"),
)
