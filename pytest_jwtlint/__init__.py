"""pytest plugin for jwtlint; see :mod:`pytest_jwtlint.plugin`.

Modules, each with one job: ``plugin`` (the always-loaded entry point),
``session`` (the hooks once enabled), ``checker`` (one file to one verdict),
``cache`` (results in pytest's cache), ``items`` (the collected nodes) and
``summary`` (the terminal section).
"""
