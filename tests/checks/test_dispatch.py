"""The rule table drives dispatch: the checks serve exactly the registry's rules."""

from __future__ import annotations

from pathlib import Path

from saferpractice.checks import CHECKS, RULES
from saferpractice.checks.dispatch import RecordCheck
from saferpractice.evidence import records
from saferpractice.evidence.records import Record

ARCHITECTURE = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def test_the_rules_the_checks_declare_are_the_registry() -> None:
    declared = set().union(*(check.rules for check in CHECKS))
    assert declared == set(RULES)


def test_every_record_kind_is_read_by_some_check() -> None:
    read = {kind for check in CHECKS if isinstance(check, RecordCheck) for kind in check.reads}
    concrete = {
        value
        for value in vars(records).values()
        if isinstance(value, type) and issubclass(value, Record) and value is not Record
    }
    assert concrete <= read, concrete - read


def test_no_document_copies_the_rule_table_by_hand() -> None:
    """docs/checks.md is generated from the registry; other pages point to it."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    copied = [rule for rule in RULES if f"| `{rule}` |" in text]
    assert copied == [], "docs/architecture.md lists rules by hand; point to docs/checks.md"
