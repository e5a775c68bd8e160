"""What a name or an expression *means*: imports, values, calls to library APIs.

The engine builds one :class:`~jwtlint.semantics.model.ModuleModel` per file
while it walks the tree; rules only ever see resolved meanings, never raw
names, so that aliases, constants and wrappers are handled in one place.
"""
