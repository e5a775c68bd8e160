"""Decodes whose claims a separate registry validates later (joserfc's ``JWTClaimsRegistry``).

``token = jwt.decode(value, keys)`` checks only the signature; ``registry.validate(token.claims)``
checks the claims the registry was built with. Which claims a decode's tokens are checked for is
known only at that later call, so decodes wait here (per file: ``ctx.per_file(PendingDecodes)``)
and the validation call hands back the decodes it validates, with the registry that does it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from jwtlint.semantics.calls import ApiCall
from jwtlint.semantics.values import CallResult, origin


@dataclass
class PendingDecodes:
    waiting: dict[cst.CSTNode, ApiCall] = field(default_factory=dict)

    def wait(self, decode: ApiCall) -> None:
        self.waiting[decode.node] = decode

    def validated_by(self, call: ApiCall) -> list[tuple[ApiCall, Optional[ApiCall]]]:
        """The waiting decodes whose results ``call`` validates, each with the registry (the
        instance ``call`` is a method of, when known); they stop waiting."""
        found: list[tuple[ApiCall, Optional[ApiCall]]] = []
        for value in call.args.values():
            source = origin(value)
            if isinstance(source, CallResult) and source.node in self.waiting \
                    and self.waiting[source.node].api.claims_validator == call.api.name:
                found.append((self.waiting.pop(source.node), call.receiver))
        return found
