"""djangorestframework-simplejwt (wraps PyJWT). Settings live in ``SIMPLE_JWT``;
the token classes verify on construction unless ``verify=False``.
"""

from jwtlint.apis.spec import Api

_T = "rest_framework_simplejwt.tokens"
_B = "rest_framework_simplejwt.backends.TokenBackend"
#: The module-level backend instance simplejwt configures from SIMPLE_JWT.
_STATE_BACKEND = "rest_framework_simplejwt.state.token_backend"
_TOKENS = ("Token", "AccessToken", "RefreshToken", "SlidingToken", "UntypedToken")
_S = "rest_framework_simplejwt.serializers"
#: Serializers whose ``get_token(user)`` mints the token; projects override it to add claims.
_OBTAIN = (("TokenObtainSerializer", "Token"), ("TokenObtainPairSerializer", "RefreshToken"),
           ("TokenObtainSlidingSerializer", "SlidingToken"))

TABLE = (
    *(Api(f"{_T}.{name}", library="djangorestframework-simplejwt", kind="token_object", is_class=True,
          params=("token", "verify"), roles={"token": "token", "verify": "verify"},
          defaults={"verify": True}, algorithm_default="fixed")
      for name in _TOKENS),
    *(Api(f"{_T}.{name}.for_user", library="djangorestframework-simplejwt", kind="encode",
          params=("user",), roles={"user": "identity"}, returns=f"{_T}.{name}")
      for name in _TOKENS),
    *(Api(f"{_T}.{name}.set_exp", library="djangorestframework-simplejwt", kind="framework",
          params=("claim", "from_time", "lifetime"), roles={"claim": "claim", "lifetime": "lifetime"},
          defaults={"claim": "exp"},
          note="sets `claim` to from_time + lifetime; lifetime=None means the class's `lifetime`")
      for name in _TOKENS),
    Api(_B, library="djangorestframework-simplejwt", kind="instance", is_class=True,
        params=("algorithm", "signing_key", "verifying_key", "audience", "issuer", "jwk_url", "leeway",
                "json_encoder"),
        roles={"algorithm": "algorithm", "signing_key": "key", "verifying_key": "verifying_key",
               "audience": "audience", "issuer": "issuer", "leeway": "leeway"}),
    Api(f"{_B}.decode", library="djangorestframework-simplejwt", kind="decode",
        aliases=(_STATE_BACKEND + ".decode",), params=("token", "verify"), roles={"token": "token", "verify": "verify"}, defaults={"verify": True},
        algorithm_default="fixed"),
    Api(f"{_B}.encode", library="djangorestframework-simplejwt", kind="encode",
        aliases=(_STATE_BACKEND + ".encode",), params=("payload",), roles={"payload": "payload"}),
    *(Api(f"{_S}.{name}", library="djangorestframework-simplejwt", kind="instance", is_class=True)
      for name, _ in _OBTAIN),
    *(Api(f"{_S}.{name}.get_token", library="djangorestframework-simplejwt", kind="encode",
          params=("user",), roles={"user": "identity"}, returns=f"{_T}.{token}")
      for name, token in _OBTAIN),
)
