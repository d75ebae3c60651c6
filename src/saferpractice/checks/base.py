"""Building findings from a rule, the people involved and the evidence behind them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from saferpractice.checks import priority as priorities
from saferpractice.checks.rules import RULES
from saferpractice.findings import EvidencePointer, Finding, Level, finding_id


def make_finding(
    rule_id: str,
    *,
    people: Sequence[str],
    summary: str,
    why: Sequence[str],
    evidence: EvidencePointer,
    level: Level | None = None,
    occurred_at: datetime | None = None,
    priority: priorities.PriorityReason | None = None,
) -> Finding:
    """A finding with its stable id; its priority is the rule's unless the check knows more."""
    rule = RULES[rule_id]
    urgency, urgency_reason = priority or priorities.for_rule(rule_id)
    ordered_people = tuple(dict.fromkeys(people))  # keep order (staff first), drop repeats
    return Finding(
        id=finding_id(rule_id, evidence.source, evidence.ref, ordered_people),
        rule=rule_id,
        level=level or rule.level,
        policy_item=rule.policy_item,
        people=ordered_people,
        summary=summary,
        why=tuple(why),
        evidence=evidence,
        occurred_at=occurred_at,
        priority=urgency,
        priority_reason=urgency_reason,
    )
