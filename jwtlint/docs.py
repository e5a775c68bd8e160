"""Rule documentation rendered from the rule classes (``jwtlint rule``, generated docs)."""

from __future__ import annotations

import re

from jwtlint.rules.base import Rule

#: The generated page with every rule's documentation (its index links to each section).
RULES_PAGE = "docs/rules.md"


def rule_markdown(rule: type[Rule], level: int = 1) -> str:
    """One rule's page; ``level`` is the heading depth of its title (2 inside docs/rules.md)."""
    title, section = "#" * level, "#" * (level + 1)
    lines = [f"{title} {rule.code} {rule.name}", ""]
    facts = [f"severity: {rule.severity.value}", f"category: {rule.category}"]
    if rule.cwe:
        facts.append("CWE: " + ", ".join(rule.cwe_tags()))
    if rule.libraries:
        facts.append("libraries: " + ", ".join(rule.libraries))
    if not rule.default_enabled:
        facts.append("opt-in (select it by its full code)")
    lines += [" · ".join(facts), "", rule.summary + ".", ""]
    for heading, text in (("What it does", rule.what), ("Why is this bad?", rule.why)):
        if text:
            lines += [f"{section} {heading}", "", text, ""]
    if rule.example:
        lines += [f"{section} Example", "", "```python", rule.example.rstrip(), "```", ""]
    if rule.fix or rule.fixed_example:
        lines += [f"{section} Use instead", ""]
        if rule.fix:
            lines += [rule.fix, ""]
        if rule.fixed_example:
            lines += ["```python", rule.fixed_example.rstrip(), "```", ""]
    lines += [f"{section} Automatic fix", "", fix_text(rule), ""]
    if rule.options:
        lines += [f"{section} Options", ""]
        for spec in rule.options:
            lines.append(f"- `[tool.jwtlint.{spec.section}] {spec.key}` ({spec.type}, default "
                         f"`{spec.default!r}`): {spec.help}")
        lines.append("")
    if rule.references:
        lines += [f"{section} References", ""] + [f"- {ref}" for ref in rule.references] + [""]
    return "\n".join(lines)


def fix_text(rule: type[Rule]) -> str:
    """Whether and how ``--fix`` changes the code (from :mod:`jwtlint.fixes`)."""
    if rule.code in ("JWT001", "JWT002"):
        return "None."
    if not rule.autofix:
        return "None; `jwtlint check --add-noqa` can suppress existing findings."
    from jwtlint.fixes import FIXES

    fix = FIXES[rule.autofix]
    how = "Safe, applied by `jwtlint check --fix`" if fix.safe else \
        "Unsafe, applied only by `jwtlint check --fix --unsafe-fixes`"
    return f"{how} (`--diff` shows it first). {fix.description}"


README_START = "<!-- rules-table:start -->"
README_END = "<!-- rules-table:end -->"


def rules_table() -> str:
    """The README's rules table, one row per rule class."""
    from jwtlint.fixes import fix_kind
    from jwtlint.rules import all_rules

    rows = ["| Code | Name | Severity | Fix | What it finds |", "| --- | --- | --- | --- | --- |"]
    for rule in all_rules():
        opt_in = " (opt-in)" if not rule.default_enabled else ""
        rows.append(f"| {rule.code} | {rule.name} | {rule.severity.value} | {fix_kind(rule)} | "
                    f"{rule.summary}{opt_in} |")
    return "\n".join(rows)


def with_rules_table(readme: str) -> str:
    """``readme`` with the text between the table markers replaced by :func:`rules_table`."""
    start = readme.index(README_START) + len(README_START)
    end = readme.index(README_END)
    return readme[:start] + "\n" + rules_table() + "\n" + readme[end:]


def anchor(rule: type[Rule]) -> str:
    """The fragment GitHub gives the rule's heading in :data:`RULES_PAGE`.

    GitHub lower-cases a heading, drops punctuation other than ``-`` and
    ``_``, and turns spaces into hyphens.
    """
    heading = f"{rule.code} {rule.name}".lower()
    return re.sub(r"[^\w\- ]", "", heading).replace(" ", "-")


def rules_page() -> str:
    """:data:`RULES_PAGE`: an index, then every rule's documentation."""
    from jwtlint.rules import all_rules

    rules = all_rules()
    lines = ["# jwtlint rules", "",
             "<!-- Generated from the rule classes by `python -m jwtlint.docs`; do not edit. -->", ""]
    for rule in rules:
        opt_in = " (opt-in)" if not rule.default_enabled else ""
        lines.append(f"- [{rule.code} {rule.name}](#{anchor(rule)}): {rule.summary}{opt_in}")
    lines.append("")
    for rule in rules:
        lines.append(rule_markdown(rule, level=2))
    return "\n".join(lines).rstrip("\n") + "\n"


CATALOG = "jwtlint/rules/catalog.py"


def catalog_source() -> str:
    """The rule catalog module: what a run needs before it parses anything."""
    from jwtlint.rules import all_option_specs, all_rules

    lines = ['"""Generated from the rule classes by ``python -m jwtlint.docs``; do not edit (a test checks it).',
             "",
             "What a run needs before it parses anything: which codes exist, which are on by default,",
             "their prefilter patterns and the options configuration may set. Reading it keeps the",
             "parser and the rule modules out of runs that have nothing to parse.",
             '"""',
             "",
             "from jwtlint.rules.base import OptionSpec",
             "",
             "#: (code, enabled by default, prefilter patterns)",
             "RULES = ("]
    lines += [f"    ({rule.code!r}, {rule.default_enabled!r}, {rule.markers!r})," for rule in all_rules()]
    lines += [")", "", "#: Codes no selection turns off (see ``Rule.always_enabled``)",
              f"ALWAYS_ENABLED = {tuple(rule.code for rule in all_rules() if rule.always_enabled)!r}",
              "", "OPTIONS = ("]
    lines += [f"    OptionSpec({s.section!r}, {s.key!r}, {s.type!r}, {s.default!r},\n"
              f"               {s.help!r}{_minimum(s)})," for s in all_option_specs()]
    lines += [")", ""]
    return "\n".join(lines)


def _minimum(spec) -> str:
    return "" if spec.minimum is None else f", minimum={spec.minimum!r}"


def main() -> None:
    """``python -m jwtlint.docs``: rewrite the README's rules table, the rules page and the catalog."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    readme = root / "README.md"
    readme.write_text(with_rules_table(readme.read_text(encoding="utf-8")), encoding="utf-8")
    page = root / RULES_PAGE
    page.parent.mkdir(exist_ok=True)
    page.write_text(rules_page(), encoding="utf-8")
    (root / CATALOG).write_text(catalog_source(), encoding="utf-8")


if __name__ == "__main__":
    main()
