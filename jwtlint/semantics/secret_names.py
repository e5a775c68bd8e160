"""Which names denote a JWT signing secret: settings, constants, environment variables.

A name is the only evidence that ``os.getenv("JWT_SECRET", "dev")`` in a
settings file that never mentions a JWT library is about JWTs, so the policy
is explicit and kept in one place:

* a *JWT key name* pairs a secret word (``SECRET``, ``SIGNING_KEY``,
  ``PRIVATE_KEY``, ``JWT_KEY``) with a JWT word (``JWT``, ``TOKEN``,
  ``SIGNING``): ``JWT_SECRET``, ``ACCESS_TOKEN_SECRET``, ``JWT_SIGNING_KEY``;
* a *JWT secret name* is that, or a generic application secret that JWT
  frameworks fall back to (``SECRET_KEY``, ``APP_SECRET``,
  ``DJANGO_SECRET_KEY``), but not a secret of another service
  (``AWS_SECRET_ACCESS_KEY``, ``STRIPE_SECRET_KEY``, ``CLIENT_SECRET``);
* names of public material (``JWT_PUBLIC_KEY``, ``VERIFYING_KEY``) and names
  that hold a *name*, path or size rather than a value (``JWT_SECRET_ENV``,
  ``JWT_SECRET_FILE``, ``JWT_SECRET_LENGTH``) are neither.
"""

from __future__ import annotations

from jwtlint.semantics.names import name_words

_JWT_WORDS = frozenset({"JWT", "AUTHJWT", "JWS", "JOSE", "TOKEN", "TOKENS", "SIGNING", "HMAC"})
_KEY_QUALIFIERS = frozenset({"SECRET", "SIGNING", "PRIVATE", "JWT", "HMAC", "TOKEN"})
_PUBLIC_WORDS = frozenset({"PUBLIC", "PUB", "VERIFYING", "VERIFY", "VERIFICATION_KEY", "CERT", "CERTIFICATE",
                           "JWKS"})
#: Last words of names that hold something about a secret rather than the secret.
_NOT_A_VALUE = frozenset({"NAME", "VAR", "ENV", "ENVVAR", "VARIABLE", "FIELD", "HEADER", "COOKIE", "PARAM",
                          "CLAIM", "LOCATION", "PATH", "FILE", "FILENAME", "URL", "URI", "ID", "LENGTH", "LEN",
                          "SIZE", "BITS", "ALGORITHM", "ALG", "TYPE", "PREFIX", "ROTATION", "VERSION"})
#: Words naming another service's or protocol's credential.
_OTHER_CREDENTIALS = frozenset({
    "CLIENT", "CONSUMER", "WEBHOOK", "API", "AWS", "S3", "ACCESS", "STRIPE", "OAUTH", "OAUTH2", "DB",
    "DATABASE", "POSTGRES", "MYSQL", "REDIS", "SMTP", "EMAIL", "MAIL", "SENDGRID", "MAILGUN", "RECAPTCHA",
    "SENTRY", "TWILIO", "SLACK", "GITHUB", "GITLAB", "GOOGLE", "FACEBOOK", "TWITTER", "PAYPAL", "AZURE",
    "GCP", "MINIO", "VAULT", "KMS", "SSH", "TLS", "SSL", "CSRF", "SESSION", "COOKIE", "PASSWORD",
})


def is_jwt_key_name(name: str) -> bool:
    """``JWT_SECRET``, ``jwtSecret``, ``SIGNING_KEY``, ``ACCESS_TOKEN_SECRET``, ``JWT_PRIVATE_KEY``."""
    words = name_words(name)
    if not _is_value_name(words):
        return False
    jwt_word = any(word in _JWT_WORDS or "JWT" in word for word in words)
    return jwt_word and _is_secret_words(words)


def is_jwt_secret_name(name: str) -> bool:
    """A JWT key name, or a generic application secret that JWT frameworks use by default."""
    if is_jwt_key_name(name):
        return True
    words = name_words(name)
    if not _is_value_name(words) or any(word in _OTHER_CREDENTIALS for word in words):
        return False
    return any("SECRET" in word for word in words) or words[-2:] == ["PRIVATE", "KEY"]


def _is_secret_words(words: list[str]) -> bool:
    if any("SECRET" in word for word in words):
        return True
    return len(words) >= 2 and words[-1] == "KEY" and words[-2] in _KEY_QUALIFIERS


def _is_value_name(words: list[str]) -> bool:
    return bool(words) and words[-1] not in _NOT_A_VALUE and not any(word in _PUBLIC_WORDS for word in words)
