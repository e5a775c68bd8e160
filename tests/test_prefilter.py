"""The byte prefilter may skip a file only when no rule could report on it."""

from __future__ import annotations

import re

import pytest
from expectations import expectations, fixture_files

from jwtlint.config import Config
from jwtlint.engine import Settings
from jwtlint.importers import ImportersOf
from jwtlint.rules import all_rules

SETTINGS = Settings(Config(select=("ALL",)))
#: The annotations say "JWT101": left in, they would let every fixture through on that word alone.
_ANNOTATIONS = re.compile(rb"\bexpect:\s*JWT[0-9]{3}(?:\s*,\s*JWT[0-9]{3})*|^#\s*categories:[^\n]*", re.M)


def _unannotated(path) -> bytes:
    return _ANNOTATIONS.sub(b"", path.read_bytes())


@pytest.mark.parametrize("path", [p for p in fixture_files()
                                  if expectations(p.read_text(encoding="utf-8", errors="replace"))],
                         ids=lambda p: p.name)
def test_every_fixture_with_expectations_is_selected(path):
    """By its own bytes, or by the second pass: it imports a fixture module that passes."""
    data = _unannotated(path)
    if SETTINGS.prefilter.wants(data):
        return
    modules = [(str(other), _unannotated(other)) for other in fixture_files()
               if SETTINGS.prefilter.wants(_unannotated(other))]
    assert ImportersOf(modules, lambda _path: None).imports_one(data, str(path))


@pytest.mark.parametrize("example", [example for rule in all_rules() for example in rule.invalid])
def test_every_rule_example_that_reports_passes_the_prefilter(example):
    assert SETTINGS.prefilter.wants(example.encode())


@pytest.mark.parametrize("source", [
    b"import os\nprint(os.getcwd())\n",
    b"from django.db import models\nclass Order(models.Model):\n    pass\n",
    b"JOSEPHINE = 'name'\n",
    b"raise ValueError('invalid_token')\n",
    b"secret = request.POST['answer']\nCACHE_TTL = 60\n",
    b"data = base64.b64decode(blob)\n",
    # large files of real applications that are no JWT use (ansible-core, Django)
    b"import base64\nname, _, ext = path.split('.')\nraw = base64.b64decode(blob)\n",
    b"# Author: Jose Angel Munoz\n# San Jose, California\n",
    b"if valid_token(request):\n    pass\n",
    b"LIFETIME = 10\nTTL = 3\n",
    # markers that matched ordinary code of ansible-core and mercurial
    b"print(info['signing_key_fingerprint'])\n",
    b"class Options:\n    secret: int = 2\n",
    b"def load(vault_secrets: list[str] | None = None):\n    pass\n",
])
def test_unrelated_files_are_skipped(source):
    assert not SETTINGS.prefilter.wants(source)


@pytest.mark.parametrize("source", [
    b"from jose import jwe\n",
    b"import os, jose\n",
    b"import json, base64\np = json.loads(base64.b64decode(t.split('.')[1]))\n",
    b"claims = id_token.verify_oauth2_token(raw, request)\n",
    b"ACCESS_EXPIRES_TOKEN = 5\n",
    b"REFRESH_TTL_FOR_TOKEN = 5\n",
    b"SIGNING_KEY = 'abc'\n",
    b"class Settings(BaseSettings):\n    jwt_secret: str = 'changeme'\n",
])
def test_each_marker_still_finds_its_use(source):
    assert SETTINGS.prefilter.wants(source)


def test_markers_are_case_insensitive():
    assert SETTINGS.prefilter.wants(b"SIMPLE_JWT = {}\n")
