"""JWT6xx: where tokens travel (URLs, cookies), as frameworks are configured and cookies are set."""

from jwtlint.rules.transport.cookie_token_without_csrf import CookieWithoutCsrf
from jwtlint.rules.transport.insecure_token_cookie import InsecureTokenCookie
from jwtlint.rules.transport.token_in_url import TokenInUrl

__all__ = ["CookieWithoutCsrf", "InsecureTokenCookie", "TokenInUrl"]
