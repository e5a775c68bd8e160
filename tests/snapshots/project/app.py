"""Snapshot fixture: a small token service with one finding of each kind the formats show."""
import jwt
from jose import jwt as jose_jwt


def issue(user_id, expires_at):
    # A hard-coded secret in the key position: no format may print it whole.
    return jwt.encode({"sub": user_id, "exp": expires_at}, "s3cr3t-signing-key-do-not-ship", algorithm="HS256")


def read_unverified(token):
    return jwt.decode(
        token,
        options={"verify_signature": False},
    )


def read_legacy(token, public_key):
    return jose_jwt.decode(token, public_key)


def read_partner(token, public_key):
    return jose_jwt.decode(token, public_key)


def read_reviewed(token, key):
    return jose_jwt.decode(token, key)  # noqa: JWT201


def read_checked(token, key):
    return jwt.decode(token, key, algorithms=["HS256"])  # noqa: JWT101
