"""Keys built from a JWKS document the code downloads itself.

``requests.get(jwks_url).json()``, ``httpx.get(...).json()`` or ``json.loads(urlopen(url).read())``
turned into keys (``PyJWK(doc["keys"][0])``, ``PyJWKSet.from_dict(doc)``, ``jose.jwk.construct``,
Authlib and joserfc key sets) are an identity provider's keys, like those of a JWKS client:
they may sign tokens for other tenants or issuers. This module follows a key back to such a
download; it does not decide what that means for a rule.
"""

from __future__ import annotations

import re
from typing import Optional

import libcst as cst

from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.evaluate import Evaluator
from jwtlint.semantics.values import AnyValue, CallResult, origin

#: How the evaluator names the result of an HTTP download: a module-level client call or one of a
#: session or client object, then ``.json()`` (or ``.read()`` of ``urllib``'s response).
_DOWNLOAD = re.compile(r"^(?:requests|httpx)(?:\.\w+\(\))?\.(?:get|request|post)\(\)\.json$"
                       r"|^urllib\.request\.urlopen\(\)\.read$")
#: How many key-building steps are followed back (``PyJWKSet.from_dict(json.loads(text))``).
_DEPTH = 4


def fetched_document(value: Optional[AnyValue], evaluator: Evaluator, depth: int = 0) -> Optional[cst.CSTNode]:
    """The download call a key (or the document it is built from) comes from, or None."""
    if value is None or depth > _DEPTH:
        return None
    source = origin(value)
    if not isinstance(source, CallResult):
        return None
    if _DOWNLOAD.match(source.api):
        return source.node
    if source.call is not None:
        call: ApiCall = source.call
        if call.api.kind not in ("key_import", "key_client"):
            return None
        return fetched_document(call.value("key"), evaluator, depth + 1)
    node = source.node
    if isinstance(node, cst.Call) and node.args and node.args[0].keyword is None:
        # A key set or parser no table row describes (``PyJWKSet.from_dict``, ``json.loads``).
        return fetched_document(evaluator.evaluate(node.args[0].value), evaluator, depth + 1)
    return None


