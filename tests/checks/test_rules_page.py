"""The "what we check and why" page is generated from the registry that runs."""

from __future__ import annotations

from pathlib import Path

from saferpractice.checks.rules import RULES
from saferpractice.checks.rules_page import rules_markdown
from saferpractice.policy import load_default_policy

DOC = Path(__file__).resolve().parents[2] / "docs" / "checks.md"


def test_docs_page_is_the_generated_page() -> None:
    assert DOC.read_text(encoding="utf-8") == rules_markdown() + "\n", (
        "docs/checks.md is out of date: "
        "run `saferpractice rules --format markdown > docs/checks.md`"
    )


def test_every_rule_cites_an_item_of_the_default_policy() -> None:
    policy = load_default_policy()
    ids = set(policy.all_ids())
    for rule in RULES.values():
        assert rule.policy_item in ids, rule.id
