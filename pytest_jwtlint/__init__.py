"""pytest plugin for jwtlint; see :mod:`pytest_jwtlint.plugin`."""
