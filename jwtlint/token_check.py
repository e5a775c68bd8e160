"""``jwtlint token``: read a token without trusting it and say what in it deserves attention.

The header and claims are decoded, never trusted, and printed with the values
of sensitive claims masked (the claim names JWT401 calls sensitive, from
:mod:`jwtlint.semantics.sensitive_claims`). Problems are what a reviewer would
flag: the ``none`` algorithm or one spelled to slip past a filter, an HMAC
algorithm beside asymmetric key material, no ``exp``, a lifetime over the
JWT503 maximum of the configuration, sensitive claims, key references a
verifier must not follow, a signature that does not verify with the key
given, and an HMAC secret found in jwtlint's placeholder list or a word list
(shown masked, like every secret jwtlint prints).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Optional

from jwtlint import compact, signing
from jwtlint.compact import MalformedToken, Token
from jwtlint.masking import mask_secret

#: Algorithm names of RFC 7518 and RFC 8037, to tell a misspelt one from an unknown one.
KNOWN_ALGORITHMS = ("HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
                    "ES256", "ES384", "ES512", "EdDSA", "none")
#: Claims that say what kind of token it is; "refresh" in one of them selects the refresh-token maximum.
TYPE_CLAIMS = ("typ", "type", "token_type", "token_use")
#: Characters that make a ``kid`` a path or a query rather than a name.
_KID_SUSPECTS = ("/", "\\", "..", "'", '"', ";", "--", "\0", " ")


class TokenInputError(Exception):
    """Input the command cannot work with (exit 2); the message says what is wrong."""


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


@dataclass(frozen=True)
class Limits:
    """The JWT503 maxima, in seconds, from ``[tool.jwtlint.lifetime]`` or their defaults."""

    access: int
    refresh: int

    @classmethod
    def of(cls, config: Any) -> Limits:
        from jwtlint.rules.catalog import OPTIONS

        def option(key: str) -> int:
            spec = next(spec for spec in OPTIONS if (spec.section, spec.key) == ("lifetime", key))
            return int(config.rule_options.get(f"lifetime.{key}", spec.default))

        return cls(option("max-access-token-seconds"), option("max-refresh-token-seconds"))


@dataclass
class Inspection:
    token: Token
    problems: list[Problem] = field(default_factory=list)
    #: None when no key was given, else whether the signature verified.
    verified: Optional[bool] = None
    cracked: Optional[bytes] = None

    def add(self, code: str, message: str) -> None:
        self.problems.append(Problem(code, message))


def read_token(text: str) -> Token:
    """Parse a token as pasted: surrounding whitespace and a ``Bearer`` prefix are dropped."""
    text = text.strip()
    if text[:7].lower() == "bearer ":
        text = text[7:].strip()
    if not text:
        raise TokenInputError("no token given (pass it as an argument or on standard input)")
    try:
        return compact.parse(text)
    except MalformedToken as error:
        raise TokenInputError(f"not a JWT: {error}") from None


def inspect_token(token: Token, limits: Limits, key: Optional[str] = None, public_key: Optional[bytes] = None,
            candidates: Iterable[bytes] = (), now: Optional[float] = None) -> Inspection:
    result = Inspection(token)
    _algorithm(result)
    _key_references(result)
    claims = token.claims if isinstance(token.claims, dict) else {}
    if not isinstance(token.claims, dict):
        result.add("claims-not-an-object", "the payload is JSON but not an object of claims")
    _lifetime(result, claims, limits, time.time() if now is None else now)
    _sensitive(result, claims)
    if key is not None or public_key is not None:
        _verify(result, key, public_key)
    if signing.family(token.algorithm) == "HS":
        _crack(result, candidates)
    return result


def _algorithm(result: Inspection) -> None:
    algorithm = result.token.algorithm
    if not isinstance(algorithm, str):
        result.add("alg-missing", "the header names no algorithm (alg)")
        return
    if algorithm.lower() == "none":
        result.add("alg-none", f"`alg: {algorithm}`: the token is not signed, anyone could have written it")
        if algorithm != "none":
            result.add("alg-mixed-case", f"`alg: {algorithm}` is `none` spelled to slip past a case-sensitive filter")
        return
    known = {name.lower(): name for name in KNOWN_ALGORITHMS}
    if algorithm not in KNOWN_ALGORITHMS:
        if algorithm.lower() in known:
            result.add("alg-mixed-case", f"`alg: {algorithm}` is {known[algorithm.lower()]} in other letters: "
                                         "a spelling meant to slip past an allow-list check")
        else:
            result.add("alg-unknown", f"`alg: {algorithm}` is not a JWS algorithm")
    header = result.token.header
    jwk = header.get("jwk")
    asymmetric_material = (isinstance(jwk, dict) and jwk.get("kty") not in (None, "oct")) \
        or "x5c" in header or "x5u" in header
    if signing.family(algorithm) == "HS" and asymmetric_material:
        result.add("alg-confusion", f"`alg: {algorithm}` (HMAC) beside a public key or certificate in the header: "
                                    "the mark of an algorithm-confusion forgery")


def _key_references(result: Inspection) -> None:
    header = result.token.header
    kid = header.get("kid")
    if kid is not None and (not isinstance(kid, str) or any(mark in kid for mark in _KID_SUSPECTS)):
        result.add("kid-suspicious", f"`kid: {json.dumps(kid)}` looks like a path or a query: check that the "
                                     "verifier looks key ids up in a fixed mapping, never in files or SQL")
    for name, what in (("jku", "a key set URL"), ("x5u", "a certificate URL")):
        if name in header:
            result.add(f"{name}-header", f"`{name}` names {what} ({_short(header[name])}): a verifier must never "
                                         "fetch keys from where the token says")
    for name, what in (("jwk", "a key"), ("x5c", "a certificate chain")):
        if name in header:
            result.add(f"{name}-header", f"`{name}` embeds {what}: a verifier must never verify a token with a key "
                                         "the token brings")


def _lifetime(result: Inspection, claims: dict, limits: Limits, now: float) -> None:
    exp = claims.get("exp")
    if exp is None:
        result.add("no-exp", "no `exp` claim: the token never expires")
        return
    if not _is_number(exp):
        result.add("exp-not-a-number", f"`exp: {_short(exp)}` is not a NumericDate, so libraries treat it differently")
        return
    start = next((claims[name] for name in ("iat", "nbf") if _is_number(claims.get(name))), now)
    refresh = any("refresh" in str(claims.get(name, "")).lower() for name in TYPE_CLAIMS)
    limit, kind = (limits.refresh, "refresh") if refresh else (limits.access, "access")
    lifetime = exp - start
    if lifetime > limit:
        since = "its iat/nbf" if start is not now else "now"
        result.add("long-lifetime", f"lives {_duration(lifetime)} from {since}, over the {kind}-token maximum of "
                                    f"{_duration(limit)} ([tool.jwtlint.lifetime] max-{kind}-token-seconds)")


def _sensitive(result: Inspection, claims: dict) -> None:
    for path, what in sensitive_claims(claims):
        result.add("sensitive-claim", f"`{path}` holds {what}, readable by anyone who sees the token (JWT401)")


def sensitive_claims(claims: dict, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(claim path, what it holds) for each sensitive claim with a value, nested objects included."""
    from jwtlint.semantics.sensitive_claims import sensitive_claim

    for name, value in claims.items():
        what = sensitive_claim(str(name))
        if what is not None and value is not None and not isinstance(value, bool):
            yield f"{prefix}{name}", what
        elif isinstance(value, dict):
            yield from sensitive_claims(value, prefix=f"{prefix}{name}.")


def masked_claims(claims: Any) -> Any:
    """The claims to print: each sensitive value replaced by its masked form."""
    if not isinstance(claims, dict):
        return claims
    from jwtlint.semantics.sensitive_claims import sensitive_claim

    shown = {}
    for name, value in claims.items():
        if sensitive_claim(str(name)) is not None and value is not None and not isinstance(value, bool):
            shown[name] = mask_secret(value if isinstance(value, str) else json.dumps(value))
        else:
            shown[name] = masked_claims(value)
    return shown


def _verify(result: Inspection, key: Optional[str], public_key: Optional[bytes]) -> None:
    token = result.token
    algorithm = token.algorithm
    kind = signing.family(algorithm)
    if not kind:
        result.verified = False
        result.add("signature-invalid", f"a token with `alg: {_short(algorithm)}` cannot be verified with any key")
        return
    if kind == "HS":
        if key is None:
            assert public_key is not None
            result.verified = any(signing.verify(algorithm, form, token.signing_input, token.signature)
                                  for form in _public_forms(public_key))
            if result.verified:
                result.add("alg-confusion", f"the {algorithm} signature verifies with the public key as the HMAC "
                                            "secret: this token was forged by algorithm confusion")
            else:
                result.add("signature-invalid", f"an {algorithm} token cannot be verified with a public key "
                                                "(--public-key); give its secret with --key")
            return
        result.verified = signing.verify(algorithm, key, token.signing_input, token.signature)
    else:
        if public_key is None:
            raise TokenInputError(f"the token is {algorithm}: give its public key with --public-key FILE "
                                  "(--key is an HMAC secret)")
        try:
            result.verified = signing.verify(algorithm, public_key, token.signing_input, token.signature)
        except signing.NeedsCryptography as error:
            raise TokenInputError(str(error)) from None
        except ValueError as error:
            raise TokenInputError(f"cannot read the public key: {error}") from None
    if not result.verified:
        result.add("signature-invalid", "the signature does not verify with the key given: the token was forged, "
                                        "altered, or signed with another key")


def _public_forms(public_key: bytes) -> list[bytes]:
    """The bytes an algorithm-confusion forger may have used as the HMAC secret."""
    forms = [public_key, public_key.strip(), public_key.strip() + b"\n"]
    if signing.has_cryptography():
        asymmetric = signing.asymmetric()
        try:
            public = asymmetric.load_public_key(public_key)
        except ValueError:
            return forms
        forms += [asymmetric.public_pem(public), asymmetric.public_der(public),
                  asymmetric.jwk_text(asymmetric.public_jwk(public))]
    return forms


def _crack(result: Inspection, candidates: Iterable[bytes]) -> None:
    token = result.token
    signature = token.signature
    for candidate in candidates:
        if signing.verify(token.algorithm, candidate, token.signing_input, signature):
            result.cracked = candidate
            result.add("cracked-secret", f"signed with the guessable secret {mask_secret(_text(candidate))}: "
                                         "anyone can forge tokens for this service; rotate the secret")
            return


def wordlist(path: str) -> Iterator[bytes]:
    """The words of a file, one a line, read as bytes (a word list need not be UTF-8).

    The file is opened now, so that a missing one is an input error before anything is printed.
    """
    try:
        handle = Path(path).open("rb")
    except OSError as error:
        raise TokenInputError(f"cannot read {path}: {error.strerror or error}") from None
    return _words(handle)


def _words(handle: BinaryIO) -> Iterator[bytes]:
    with handle:
        for line in handle:
            word = line.rstrip(b"\r\n")
            if word:
                yield word


def _text(secret: bytes) -> str:
    try:
        return secret.decode("utf-8")
    except UnicodeDecodeError:
        return secret.decode("latin-1")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _short(value: Any, width: int = 80) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= width else text[:width] + "..."


def _duration(seconds: float) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1)):
        if seconds >= size or unit == "second":
            value = round(seconds / size, 1)
            return f"{value:g} {unit}" + ("" if value == 1 else "s")
    raise AssertionError("unreachable")


def to_json(result: Inspection) -> dict:
    return {"header": result.token.header, "claims": masked_claims(result.token.claims),
            "verified": result.verified,
            "cracked_secret": mask_secret(_text(result.cracked)) if result.cracked is not None else None,
            "problems": [{"code": problem.code, "message": problem.message} for problem in result.problems]}


def to_text(result: Inspection) -> str:
    lines = ["header:", _indent(json.dumps(result.token.header, indent=2)),
             "claims:", _indent(json.dumps(masked_claims(result.token.claims), indent=2))]
    claims = result.token.claims if isinstance(result.token.claims, dict) else {}
    for name in ("iat", "nbf", "exp"):
        if _is_number(claims.get(name)):
            lines.append(f"{name}: {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime(claims[name]))}"
                         + (" (expired)" if name == "exp" and claims[name] < time.time() else ""))
    if result.verified is not None:
        lines.append("signature: " + ("verified with the key given" if result.verified else "NOT verified"))
    else:
        lines.append("signature: not checked (give --key or --public-key)")
    if result.problems:
        lines.append(f"problems ({len(result.problems)}):")
        lines += [f"  {problem.code}: {problem.message}" for problem in result.problems]
    else:
        lines.append("no problems found")
    return "\n".join(lines) + "\n"


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())


def add_command(commands: Any) -> None:
    """The ``token`` subcommand's arguments, on the CLI's subparsers."""
    command = commands.add_parser("token", help="decode a token without trusting it and report its problems")
    command.add_argument("token", nargs="?", default="-", metavar="TOKEN", help="the token; '-' or none reads standard input")
    command.add_argument("--key", metavar="SECRET", help="verify an HS* token with this secret")
    command.add_argument("--public-key", metavar="FILE", help="verify with this public key or certificate (PEM or DER)")
    command.add_argument("--wordlist", metavar="FILE", help="also try each line of FILE as the HMAC secret")
    command.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    command.add_argument("--config", metavar="FILE", help="read [tool.jwtlint] from this pyproject.toml")


def run(args: Any, stdin: Any, stdout: Any) -> int:
    """Exit 1 when a problem was found, 0 when none; :class:`TokenInputError` means exit 2."""
    import itertools

    from jwtlint.config import ConfigError, load_config
    from jwtlint.secrets_data import placeholder_secrets

    try:
        config = load_config(Path.cwd(), Path(args.config) if args.config else None)
    except ConfigError as error:
        raise TokenInputError(f"configuration error: {error}") from None
    token = read_token(stdin.read() if args.token == "-" else args.token)
    public_key = None
    if args.public_key:
        try:
            public_key = Path(args.public_key).read_bytes()
        except OSError as error:
            raise TokenInputError(f"cannot read {args.public_key}: {error.strerror or error}") from None
    extra = [value.encode("utf-8") for value in config.rule_options.get("secrets.extra-placeholders", [])]
    words = wordlist(args.wordlist) if args.wordlist else iter(())
    result = inspect_token(token, Limits.of(config), key=args.key, public_key=public_key,
                     candidates=itertools.chain(placeholder_secrets(), extra, words))
    stdout.write(json.dumps(to_json(result), indent=2) + "\n" if args.format == "json" else to_text(result))
    return 1 if result.problems else 0
