"""The rule registry: every rule class of every family module, by code."""

from __future__ import annotations

from functools import cache
from importlib import import_module

from jwtlint.rules.base import OptionSpec, Rule

#: One module per family; a new family is a new module named here.
FAMILY_MODULES = (
    "diagnostics",
    "verification",
    "algorithms",
    "secrets",
    "claims",
    "lifetime",
    "transport",
    "dependencies",
)


@cache
def all_rules() -> tuple[type[Rule], ...]:
    found: dict[str, type[Rule]] = {}
    for module_name in FAMILY_MODULES:
        module = import_module(f"jwtlint.rules.{module_name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and value is not Rule and value.code:
                if value.code in found and found[value.code] is not value:
                    raise RuntimeError(f"two rules claim {value.code}")
                found[value.code] = value
    return tuple(sorted(found.values(), key=lambda rule: rule.code))


def rule_by_code(code: str) -> type[Rule] | None:
    for rule in all_rules():
        if rule.code == code.upper():
            return rule
    return None


def all_option_specs() -> tuple[OptionSpec, ...]:
    specs: dict[tuple[str, str], OptionSpec] = {}
    for rule in all_rules():
        for spec in rule.options:
            specs[(spec.section, spec.key)] = spec
    return tuple(specs.values())
