"""Generated from the rule classes by ``python -m jwtlint.docs``; do not edit (a test checks it).

What a run needs before it parses anything: which codes exist, which are on by default,
their prefilter patterns and the options configuration may set. Reading it keeps the
parser and the rule modules out of runs that have nothing to parse.
"""

from jwtlint.rules.base import OptionSpec

#: (code, enabled by default, prefilter patterns)
RULES = (
    ('JWT001', True, ()),
    ('JWT002', True, ()),
    ('JWT101', True, ()),
    ('JWT102', True, ((b'b64', b'(?s)\\A(?=.*loads)(?=.*(?:split\\(\\s*b?[\'"]\\.[\'"](?:[^\\n]*\\n){0,20}?[^\\n]*(?:b64|base64)|(?:b64|base64)(?:[^\\n]*\\n){0,20}?[^\\n]*split\\(\\s*b?[\'"]\\.[\'"]))'), (b'base64', b'(?s)\\A(?=.*loads)(?=.*(?:split\\(\\s*b?[\'"]\\.[\'"](?:[^\\n]*\\n){0,20}?[^\\n]*(?:b64|base64)|(?:b64|base64)(?:[^\\n]*\\n){0,20}?[^\\n]*split\\(\\s*b?[\'"]\\.[\'"]))'))),
    ('JWT103', True, ()),
    ('JWT104', True, ()),
    ('JWT201', True, ()),
    ('JWT202', True, ()),
    ('JWT203', True, ()),
    ('JWT204', True, ()),
    ('JWT205', True, ()),
    ('JWT301', True, ((b'secret', b'secret\\w{0,40}(token|signing)\\w*\\s*[=:\\"\']'), (b'token', b'token\\w{0,40}(secret|key)\\w*\\s*[=:\\"\']'), (b'signing', b'signing\\w{0,40}(secret|key)s?\\s*[=:\\"\']'), (b'hmac', b'hmac\\w{0,40}(secret|key)\\w*\\s*[=:\\"\']'), (b'secret', b'getenv\\s*\\([^)]{0,200}secret'), (b'secret', b'environ[^)]{0,200}secret'), (b'secret', b'config\\s*\\([^)]{0,200}secret'), (b'secret', b'env(\\.\\w+)?\\s*\\([^)]{0,200}secret'), (b'secret', b'secret\\w*\\s*(=|:[^\\n=]{0,60}=)[^\\n]{0,200}(getenv|environ|config\\(|env\\()'), (b'secret', b'secret\\w*\\s*:[^\\n=]{0,60}=(?!\\s*(?:none\\b|[0-9]|=))'))),
    ('JWT302', True, ((b'secret', b'secret\\w{0,40}(token|signing)\\w*\\s*[=:\\"\']'), (b'token', b'token\\w{0,40}(secret|key)\\w*\\s*[=:\\"\']'), (b'signing', b'signing\\w{0,40}(secret|key)s?\\s*[=:\\"\']'), (b'hmac', b'hmac\\w{0,40}(secret|key)\\w*\\s*[=:\\"\']'), (b'secret', b'getenv\\s*\\([^)]{0,200}secret'), (b'secret', b'environ[^)]{0,200}secret'), (b'secret', b'config\\s*\\([^)]{0,200}secret'), (b'secret', b'env(\\.\\w+)?\\s*\\([^)]{0,200}secret'), (b'secret', b'secret\\w*\\s*(=|:[^\\n=]{0,60}=)[^\\n]{0,200}(getenv|environ|config\\(|env\\()'), (b'secret', b'secret\\w*\\s*:[^\\n=]{0,60}=(?!\\s*(?:none\\b|[0-9]|=))'))),
    ('JWT303', True, ((b'secret', b'secret\\w{0,40}(token|signing)\\w*\\s*[=:\\"\']'), (b'token', b'token\\w{0,40}(secret|key)\\w*\\s*[=:\\"\']'), (b'signing', b'signing\\w{0,40}(secret|key)s?\\s*[=:\\"\']'), (b'hmac', b'hmac\\w{0,40}(secret|key)\\w*\\s*[=:\\"\']'), (b'secret', b'getenv\\s*\\([^)]{0,200}secret'), (b'secret', b'environ[^)]{0,200}secret'), (b'secret', b'config\\s*\\([^)]{0,200}secret'), (b'secret', b'env(\\.\\w+)?\\s*\\([^)]{0,200}secret'), (b'secret', b'secret\\w*\\s*(=|:[^\\n=]{0,60}=)[^\\n]{0,200}(getenv|environ|config\\(|env\\()'), (b'secret', b'secret\\w*\\s*:[^\\n=]{0,60}=(?!\\s*(?:none\\b|[0-9]|=))'))),
    ('JWT304', True, ((b'secret', b'secret\\w{0,40}(token|signing)\\w*\\s*[=:\\"\']'), (b'token', b'token\\w{0,40}(secret|key)\\w*\\s*[=:\\"\']'), (b'signing', b'signing\\w{0,40}(secret|key)s?\\s*[=:\\"\']'), (b'hmac', b'hmac\\w{0,40}(secret|key)\\w*\\s*[=:\\"\']'), (b'secret', b'getenv\\s*\\([^)]{0,200}secret'), (b'secret', b'environ[^)]{0,200}secret'), (b'secret', b'config\\s*\\([^)]{0,200}secret'), (b'secret', b'env(\\.\\w+)?\\s*\\([^)]{0,200}secret'), (b'secret', b'secret\\w*\\s*(=|:[^\\n=]{0,60}=)[^\\n]{0,200}(getenv|environ|config\\(|env\\()'), (b'secret', b'secret\\w*\\s*:[^\\n=]{0,60}=(?!\\s*(?:none\\b|[0-9]|=))'))),
    ('JWT305', True, ((b'secret', b'secret\\w{0,40}(token|signing)\\w*\\s*[=:\\"\']'), (b'token', b'token\\w{0,40}(secret|key)\\w*\\s*[=:\\"\']'), (b'signing', b'signing\\w{0,40}(secret|key)s?\\s*[=:\\"\']'), (b'hmac', b'hmac\\w{0,40}(secret|key)\\w*\\s*[=:\\"\']'), (b'secret', b'getenv\\s*\\([^)]{0,200}secret'), (b'secret', b'environ[^)]{0,200}secret'), (b'secret', b'config\\s*\\([^)]{0,200}secret'), (b'secret', b'env(\\.\\w+)?\\s*\\([^)]{0,200}secret'), (b'secret', b'secret\\w*\\s*(=|:[^\\n=]{0,60}=)[^\\n]{0,200}(getenv|environ|config\\(|env\\()'), (b'secret', b'secret\\w*\\s*:[^\\n=]{0,60}=(?!\\s*(?:none\\b|[0-9]|=))'))),
    ('JWT306', True, ((b'secret', b'secret\\w{0,40}(token|signing)\\w*\\s*[=:\\"\']'), (b'token', b'token\\w{0,40}(secret|key)\\w*\\s*[=:\\"\']'), (b'signing', b'signing\\w{0,40}(secret|key)s?\\s*[=:\\"\']'), (b'hmac', b'hmac\\w{0,40}(secret|key)\\w*\\s*[=:\\"\']'), (b'secret', b'getenv\\s*\\([^)]{0,200}secret'), (b'secret', b'environ[^)]{0,200}secret'), (b'secret', b'config\\s*\\([^)]{0,200}secret'), (b'secret', b'env(\\.\\w+)?\\s*\\([^)]{0,200}secret'), (b'secret', b'secret\\w*\\s*(=|:[^\\n=]{0,60}=)[^\\n]{0,200}(getenv|environ|config\\(|env\\()'), (b'secret', b'secret\\w*\\s*:[^\\n=]{0,60}=(?!\\s*(?:none\\b|[0-9]|=))'))),
    ('JWT307', True, ((b'secret', b'secret\\w{0,40}(token|signing)\\w*\\s*[=:\\"\']'), (b'token', b'token\\w{0,40}(secret|key)\\w*\\s*[=:\\"\']'), (b'signing', b'signing\\w{0,40}(secret|key)s?\\s*[=:\\"\']'), (b'hmac', b'hmac\\w{0,40}(secret|key)\\w*\\s*[=:\\"\']'), (b'secret', b'getenv\\s*\\([^)]{0,200}secret'), (b'secret', b'environ[^)]{0,200}secret'), (b'secret', b'config\\s*\\([^)]{0,200}secret'), (b'secret', b'env(\\.\\w+)?\\s*\\([^)]{0,200}secret'), (b'secret', b'secret\\w*\\s*(=|:[^\\n=]{0,60}=)[^\\n]{0,200}(getenv|environ|config\\(|env\\()'), (b'secret', b'secret\\w*\\s*:[^\\n=]{0,60}=(?!\\s*(?:none\\b|[0-9]|=))'))),
    ('JWT308', True, ((b'secret', b'secret\\w{0,40}(token|signing)\\w*\\s*[=:\\"\']'), (b'token', b'token\\w{0,40}(secret|key)\\w*\\s*[=:\\"\']'), (b'signing', b'signing\\w{0,40}(secret|key)s?\\s*[=:\\"\']'), (b'hmac', b'hmac\\w{0,40}(secret|key)\\w*\\s*[=:\\"\']'), (b'secret', b'getenv\\s*\\([^)]{0,200}secret'), (b'secret', b'environ[^)]{0,200}secret'), (b'secret', b'config\\s*\\([^)]{0,200}secret'), (b'secret', b'env(\\.\\w+)?\\s*\\([^)]{0,200}secret'), (b'secret', b'secret\\w*\\s*(=|:[^\\n=]{0,60}=)[^\\n]{0,200}(getenv|environ|config\\(|env\\()'), (b'secret', b'secret\\w*\\s*:[^\\n=]{0,60}=(?!\\s*(?:none\\b|[0-9]|=))'), (b'private key-----', None))),
    ('JWT310', True, ()),
    ('JWT401', True, ()),
    ('JWT402', True, ()),
    ('JWT403', True, ()),
    ('JWT404', False, ()),
    ('JWT405', True, ()),
    ('JWT501', True, ((b'token', b'token\\w{0,30}(?:expir|lifetime|ttl)'), (b'token', b'expir\\w{0,30}token'), (b'token', b'lifetime\\w{0,30}token'), (b'token', b'ttl\\w{0,30}token'))),
    ('JWT502', True, ()),
    ('JWT503', True, ((b'token', b'token\\w{0,30}(?:expir|lifetime|ttl)'), (b'token', b'expir\\w{0,30}token'), (b'token', b'lifetime\\w{0,30}token'), (b'token', b'ttl\\w{0,30}token'))),
    ('JWT504', True, ((b'token', b'token\\w{0,30}(?:expir|lifetime|ttl)'), (b'token', b'expir\\w{0,30}token'), (b'token', b'lifetime\\w{0,30}token'), (b'token', b'ttl\\w{0,30}token'))),
    ('JWT505', True, ()),
    ('JWT601', True, ()),
    ('JWT602', True, ()),
    ('JWT603', True, ((b'set_cookie', b'set_cookie\\(\\s*[\'"][\\w.-]*(?:token|jwt|access|refresh|bearer)'),)),
    ('JWT703', True, ()),
)

#: Codes no selection turns off (see ``Rule.always_enabled``)
ALWAYS_ENABLED = ('JWT001',)

OPTIONS = (
    OptionSpec('secrets', 'extra-placeholders', 'list[str]', [],
               'more values to treat as known placeholder secrets (compared case-insensitively)'),
    OptionSpec('secrets', 'min-hmac-key-bytes', 'int', 32,
               'minimum HS256 key length in bytes (RFC 7518: 32); HS384 and HS512 need 1.5 and 2 times as much', minimum=1),
    OptionSpec('lifetime', 'max-access-token-seconds', 'int', 3600,
               'Longest accepted lifetime of an access token, in seconds.', minimum=1),
    OptionSpec('lifetime', 'max-refresh-token-seconds', 'int', 7776000,
               'Longest accepted lifetime of a refresh token, in seconds.', minimum=1),
    OptionSpec('lifetime', 'max-leeway-seconds', 'int', 300,
               'Largest accepted clock-skew leeway, in seconds.', minimum=0),
)
