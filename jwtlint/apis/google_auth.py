"""google-auth: ``google.auth.jwt`` and ID-token verification.

Its ``jwt`` module shares a name with PyJWT's; imports tell them apart
(``from google.auth import jwt``). The algorithm comes from the certificates.
"""

from jwtlint.apis.spec import Api

TABLE = (
    Api("google.auth.jwt.decode", library="google-auth", kind="decode",
        params=("token", "certs", "verify", "audience", "clock_skew_in_seconds"),
        roles={"token": "token", "certs": "key", "verify": "verify", "audience": "audience",
               "clock_skew_in_seconds": "leeway"},
        defaults={"verify": True}, algorithm_default="fixed", audience_required=True),
    Api("google.auth.jwt.decode_header", library="google-auth", kind="unverified_read",
        params=("token",), roles={"token": "token"}, note="no verification: for choosing the certificate"),
    Api("google.auth.jwt.encode", library="google-auth", kind="encode",
        params=("signer", "payload", "header", "key_id"),
        roles={"signer": "key", "payload": "payload", "header": "header"}),
    Api("google.oauth2.id_token.verify_oauth2_token", library="google-auth", kind="decode",
        aliases=("google.oauth2.id_token.verify_firebase_token",),
        params=("id_token", "request", "audience", "clock_skew_in_seconds"),
        roles={"id_token": "token", "audience": "audience", "clock_skew_in_seconds": "leeway"},
        algorithm_default="fixed", audience_required=True),
    Api("google.oauth2.id_token.verify_token", library="google-auth", kind="decode",
        params=("id_token", "request", "audience", "certs_url", "clock_skew_in_seconds"),
        roles={"id_token": "token", "audience": "audience", "clock_skew_in_seconds": "leeway"},
        algorithm_default="fixed", audience_required=True),
)
