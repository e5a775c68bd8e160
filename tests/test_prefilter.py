"""The byte prefilter may skip a file only when no rule could report on it."""

from __future__ import annotations

import pytest
from expectations import expectations, fixture_files

from jwtlint.config import Config
from jwtlint.engine import Settings

SETTINGS = Settings(Config(select=("ALL",)))


@pytest.mark.parametrize("path", [p for p in fixture_files()
                                  if expectations(p.read_text(encoding="utf-8", errors="replace"))],
                         ids=lambda p: p.name)
def test_every_fixture_with_expectations_passes_the_prefilter(path):
    assert SETTINGS.prefilter.wants(path.read_bytes())


@pytest.mark.parametrize("source", [
    b"import os\nprint(os.getcwd())\n",
    b"from django.db import models\nclass Order(models.Model):\n    pass\n",
    b"JOSEPHINE = 'name'\n",
    b"raise ValueError('invalid_token')\n",
    b"secret = request.POST['answer']\nCACHE_TTL = 60\n",
    b"data = base64.b64decode(blob)\n",
])
def test_unrelated_files_are_skipped(source):
    assert not SETTINGS.prefilter.wants(source)


def test_markers_are_case_insensitive():
    assert SETTINGS.prefilter.wants(b"SIMPLE_JWT = {}\n")
