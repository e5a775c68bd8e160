"""Standard input for ``main(argv, stdin=...)``: text, with the bytes the CLI reads from ``.buffer``."""

from __future__ import annotations

import io


class FakeStdin(io.StringIO):
    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.buffer = io.BytesIO(data)
