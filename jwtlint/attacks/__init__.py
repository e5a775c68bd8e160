"""Forged tokens thrown at a running verifier: the library behind the ``jwt_attacks`` pytest fixture.

Standard library only (``cryptography`` when installed, imported when an
attack needs it), never a JWT library, so that using it changes nothing in
the project under test. See :mod:`jwtlint.attacks.catalog` for the attacks,
:mod:`jwtlint.attacks.target` for what the user describes and
:mod:`jwtlint.attacks.run` for how a verifier is judged.
"""

from jwtlint.attacks.catalog import ATTACKS, BY_NAME, Attack
from jwtlint.attacks.run import AttackRun, Response, respond
from jwtlint.attacks.target import AttackTarget, Minter, TargetError

__all__ = ["ATTACKS", "BY_NAME", "Attack", "AttackRun", "AttackTarget", "Minter", "Response", "TargetError",
           "respond"]
