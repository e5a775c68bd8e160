"""Rule documentation rendered from the rule classes (``jwtlint rule``, generated docs)."""

from __future__ import annotations

from jwtlint.rules.base import Rule


def rule_markdown(rule: type[Rule]) -> str:
    lines = [f"# {rule.code} {rule.name}", ""]
    facts = [f"severity: {rule.severity.value}", f"category: {rule.category}"]
    if rule.cwe:
        facts.append("CWE: " + ", ".join(rule.cwe_tags()))
    if rule.libraries:
        facts.append("libraries: " + ", ".join(rule.libraries))
    if not rule.default_enabled:
        facts.append("opt-in (select it by its full code)")
    lines += [" · ".join(facts), "", rule.summary + ".", ""]
    for title, text in (("What it does", rule.what), ("Why is this bad?", rule.why)):
        if text:
            lines += [f"## {title}", "", text, ""]
    if rule.example:
        lines += ["## Example", "", "```python", rule.example.rstrip(), "```", ""]
    if rule.fix or rule.fixed_example:
        lines += ["## Use instead", ""]
        if rule.fix:
            lines += [rule.fix, ""]
        if rule.fixed_example:
            lines += ["```python", rule.fixed_example.rstrip(), "```", ""]
    if rule.options:
        lines += ["## Options", ""]
        for spec in rule.options:
            lines.append(f"- `[tool.jwtlint.{spec.section}] {spec.key}` ({spec.type}, default "
                         f"`{spec.default!r}`): {spec.help}")
        lines.append("")
    if rule.references:
        lines += ["## References", ""] + [f"- {ref}" for ref in rule.references] + [""]
    return "\n".join(lines)


README_START = "<!-- rules-table:start -->"
README_END = "<!-- rules-table:end -->"


def rules_table() -> str:
    """The README's rules table, one row per rule class."""
    from jwtlint.rules import all_rules

    rows = ["| Code | Name | Severity | What it finds |", "| --- | --- | --- | --- |"]
    for rule in all_rules():
        opt_in = " (opt-in)" if not rule.default_enabled else ""
        rows.append(f"| {rule.code} | {rule.name} | {rule.severity.value} | {rule.summary}{opt_in} |")
    return "\n".join(rows)


def with_rules_table(readme: str) -> str:
    """``readme`` with the text between the table markers replaced by :func:`rules_table`."""
    start = readme.index(README_START) + len(README_START)
    end = readme.index(README_END)
    return readme[:start] + "\n" + rules_table() + "\n" + readme[end:]


def main() -> None:
    """``python -m jwtlint.docs``: rewrite the generated parts of the README."""
    from pathlib import Path

    readme = Path(__file__).resolve().parent.parent / "README.md"
    readme.write_text(with_rules_table(readme.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
