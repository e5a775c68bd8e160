"""Keys that reach a token call through a framework configuration (issue 13, recall).

Written into ``app.config`` (item assignment, ``update``, ``from_object`` of a class
in another module or of a settings module by name) or Django's ``settings.configure``,
read back in a key position: reported at the read, naming where the literal is
written, suppressed by a comment there; runtime values and other keys are not keys.
"""

from __future__ import annotations

import io
import json

import pytest

from jwtlint.cli import main

KEY = "Vr5Tn8Qw2Lz6Kb1Hx9Mc3Jd7Fs4Gy0PaQe"


@pytest.fixture
def project(tmp_path, monkeypatch):
    package = tmp_path / "svc"
    package.mkdir()
    (package / "__init__.py").write_text("")
    monkeypatch.chdir(tmp_path)
    return package


def findings(*args: str) -> list[dict]:
    stdout, stderr = io.StringIO(), io.StringIO()
    main(["check", "--select", "JWT3", "--format", "json", "--no-cache", *args], stdout=stdout, stderr=stderr)
    assert stderr.getvalue() == ""
    return json.loads(stdout.getvalue())["findings"]


def sinks(source: str) -> list[int]:
    """The lines of the token calls in ``source``."""
    return [number for number, line in enumerate(source.splitlines(), 1) if "return jwt." in line]


def where(found: list[dict]) -> list[tuple]:
    return sorted((f["code"], f["path"], f["line"], (f["defined_at"] or {}).get("path"),
                   (f["defined_at"] or {}).get("line")) for f in found)


TOKENS = '''import jwt
from flask import current_app


def get_conf():
    return current_app.config


def issue(claims):
    return jwt.encode(claims, current_app.config.get("SECRET_KEY"), algorithm="HS256")


def verify(token):
    return jwt.decode(token, get_conf()["SECRET_KEY"], algorithms=["HS256"])
'''


@pytest.mark.parametrize("write", [
    f'app.config["SECRET_KEY"] = "{KEY}"',
    f'app.config.update(SECRET_KEY="{KEY}")',
])
def test_a_key_written_into_app_config_is_reported_where_it_is_read(project, write):
    source = f'from flask import Flask\n\napp = Flask(__name__)\n{write}\n\n\n{TOKENS}'
    (project / "app.py").write_text(source)
    found = findings(".")
    assert where(found) == [("JWT301", "svc/app.py", line, "svc/app.py", 4) for line in sinks(source)]
    assert all(KEY not in json.dumps(f) for f in found)


def test_from_object_of_a_class_in_another_module(project):
    (project / "config.py").write_text(f'class Config:\n    SECRET_KEY = "{KEY}"\n    DEBUG = False\n')
    source = ('from flask import Flask\n\nfrom .config import Config\n\n'
              'app = Flask(__name__)\napp.config.from_object(Config)\n\n\n' + TOKENS)
    (project / "app.py").write_text(source)
    assert where(findings(".")) == [("JWT301", "svc/app.py", line, "svc/config.py", 2) for line in sinks(source)]


def test_from_object_of_a_settings_module_by_name_and_suppression_at_the_definition(project):
    (project / "settings.py").write_text(f'SECRET_KEY = "{KEY}"\nSQLALCHEMY_DATABASE_URI = "sqlite://"\n')
    source = 'from flask import Flask\n\napp = Flask(__name__)\napp.config.from_object("svc.settings")\n\n\n' + TOKENS
    (project / "app.py").write_text(source)
    assert where(findings(".")) == [("JWT301", "svc/app.py", line, "svc/settings.py", 1) for line in sinks(source)]
    (project / "settings.py").write_text(f'SECRET_KEY = "{KEY}"  # noqa: JWT301\n')
    assert findings(".") == []


def test_django_settings_configure_read_back_as_an_attribute(project):
    (project / "script.py").write_text(
        f'import jwt\nfrom django.conf import settings\n\nsettings.configure(SECRET_KEY="{KEY}", DEBUG=False)\n\n'
        'def issue(claims):\n    return jwt.encode(claims, settings.SECRET_KEY, algorithm="HS256")\n')
    assert where(findings(".")) == [("JWT301", "svc/script.py", 7, "svc/script.py", 4)]


@pytest.mark.parametrize("write", [
    'app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]',
    f'app.config["SQLALCHEMY_DATABASE_URI"] = "{KEY}"',
    f'app.config["API_TOKEN"] = "{KEY}"',
])
def test_runtime_values_and_other_keys_are_not_reported(project, write):
    (project / "app.py").write_text(f'import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\n{write}\n\n\n'
                                    f'{TOKENS}\n\ndef url():\n    return app.config["SQLALCHEMY_DATABASE_URI"]\n')
    assert findings(".") == []
