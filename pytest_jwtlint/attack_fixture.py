"""The ``jwt_attacks`` fixture: one test item per attack, thrown at the user's verifier.

Thin wiring over :mod:`jwtlint.attacks`, registered by :mod:`pytest_jwtlint.plugin`
on every run whether or not linting is on. It imports only pytest until a test
asks for the fixture, and never libcst or a JWT library.

A test that takes ``jwt_attacks`` is parametrised with every attack's name (the
item id, ``test_x[alg-none-trailing-dot]``). The target comes from the
``jwt_attack_target`` fixture, which users override in ``conftest.py``, and
from the keyword arguments of ``@pytest.mark.jwt_attacks(...)``, which replace
its fields (or make the whole target when the fixture gives none). An attack
that does not apply to the target is skipped with the reason; a test that
parametrises ``jwt_attacks`` itself (``indirect=True``) picks its own attacks.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Optional

import pytest

MARKER = "jwt_attacks"
MARKER_HELP = (f"{MARKER}(**target): the jwt_attacks fixture's target (AttackTarget fields: verify, key, "
               "algorithm, mint, audience, issuer, require_exp, type_claim, ...)")


class AttackCheck:
    """What the fixture gives a test: one attack against the configured target."""

    def __init__(self, run: Any) -> None:
        self._run = run

    @property
    def name(self) -> str:
        return self._run.name

    @property
    def target(self) -> Any:
        return self._run.target

    def token(self) -> str:
        """The forged token, for tests that send it somewhere themselves."""
        return self._run.token()

    def check(self, verify: Optional[Callable[[str], Any]] = None) -> None:
        """Fail the test if ``verify`` (default: the target's) accepts the forged token."""
        failure = self._run.failure(verify)
        if failure is not None:
            pytest.fail(failure, pytrace=False)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if MARKER not in metafunc.fixturenames or _parametrised_by_user(metafunc):
        return
    from jwtlint.attacks import ATTACKS

    names = [attack.name for attack in ATTACKS]
    metafunc.parametrize(MARKER, names, ids=names, indirect=True)


def _parametrised_by_user(metafunc: pytest.Metafunc) -> bool:
    for marker in metafunc.definition.iter_markers("parametrize"):
        argnames = marker.args[0] if marker.args else marker.kwargs.get("argnames", "")
        names = [name.strip() for name in argnames.split(",")] if isinstance(argnames, str) else list(argnames)
        if MARKER in names:
            return True
    return False


@pytest.fixture
def jwt_attack_target() -> Any:
    """Override in ``conftest.py`` to return a :class:`jwtlint.attacks.AttackTarget`; None leaves it to the marker."""
    return None


@pytest.fixture
def jwt_attacks(request: pytest.FixtureRequest, jwt_attack_target: Any) -> AttackCheck:
    from jwtlint.attacks import BY_NAME, AttackRun, AttackTarget, TargetError

    name = getattr(request, "param", None)
    if name not in BY_NAME:
        pytest.fail(f"jwt_attacks: unknown attack {name!r}; the attacks are: {', '.join(BY_NAME)}", pytrace=False)
    marker = request.node.get_closest_marker(MARKER)
    changes = dict(marker.kwargs) if marker is not None else {}
    if marker is not None and marker.args:
        pytest.fail(f"@pytest.mark.{MARKER} takes keyword arguments only (AttackTarget fields)", pytrace=False)
    try:
        if jwt_attack_target is None:
            target = AttackTarget(**changes)
        elif isinstance(jwt_attack_target, AttackTarget):
            target = dataclasses.replace(jwt_attack_target, **changes)
        else:
            pytest.fail(f"jwt_attack_target must return a jwtlint.attacks.AttackTarget, not "
                        f"{type(jwt_attack_target).__name__}", pytrace=False)
        run = AttackRun(BY_NAME[name], target)
    except TypeError as error:
        pytest.fail(f"jwt_attacks: {error} (the fields are those of jwtlint.attacks.AttackTarget)", pytrace=False)
    except TargetError as error:
        pytest.fail(f"jwt_attacks: {error}", pytrace=False)
    reason = run.skip_reason()
    if reason is not None:
        pytest.skip(f"{name}: {reason}")
    return AttackCheck(run)
