"""JWT2xx: which algorithms a verification accepts, and which one a token is signed with."""

from jwtlint.rules.algorithms.algorithms_as_string import AlgorithmsAsString
from jwtlint.rules.algorithms.algorithms_from_token import AlgorithmsFromToken
from jwtlint.rules.algorithms.missing_algorithm_allow_list import (
           MissingAlgorithmAllowList,
)
from jwtlint.rules.algorithms.mixed_algorithm_families import MixedAlgorithmFamilies
from jwtlint.rules.algorithms.none_algorithm import NoneAlgorithm

__all__ = ["AlgorithmsAsString", "AlgorithmsFromToken", "MissingAlgorithmAllowList", "MixedAlgorithmFamilies",
           "NoneAlgorithm"]
