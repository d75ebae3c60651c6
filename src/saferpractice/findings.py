"""Findings: what a check says, with the rule it cites and the facts that made it.

A finding is a prompt for a human, never a verdict. It carries a stable id (rescanning the
same evidence gives the same ids), the rule and the policy item it cites, the people
involved (staff first), a one-line summary, the `why` facts, and a pointer to the evidence
with a short excerpt whose spans mark what was seen.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any


class Level(StrEnum):
    RED = "red"
    AMBER = "amber"


class Priority(StrEnum):
    """How soon a person should look: separate from the guidance's red and amber levels.

    A possible grooming message and a phone without a passcode are both red, but only one of
    them may mean a child is at risk today.
    """

    URGENT = "urgent"
    HIGH = "high"
    ROUTINE = "routine"

    @property
    def rank(self) -> int:
        return _PRIORITY_RANK[self]


_PRIORITY_RANK = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.ROUTINE: 2}


@dataclass(frozen=True, slots=True)
class EvidencePointer:
    """Where a finding's evidence is: `source` is relative to the scanned root."""

    kind: str
    source: str
    ref: str
    excerpt: str = ""
    spans: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    id: str
    rule: str
    level: Level
    policy_item: str
    people: tuple[str, ...]
    summary: str
    why: tuple[str, ...]
    evidence: EvidencePointer
    occurred_at: datetime | None = None
    priority: Priority = Priority.ROUTINE
    priority_reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rule": self.rule,
            "level": self.level.value,
            "priority": self.priority.value,
            "priority_reason": self.priority_reason,
            "policy_item": self.policy_item,
            "people": list(self.people),
            "summary": self.summary,
            "why": list(self.why),
            "occurred_at": self.occurred_at.isoformat() if self.occurred_at else None,
            "evidence": {
                "kind": self.evidence.kind,
                "source": self.evidence.source,
                "ref": self.evidence.ref,
                "excerpt": self.evidence.excerpt,
                "spans": [list(span) for span in self.evidence.spans],
            },
        }


def finding_id(rule: str, source: str, ref: str, people: tuple[str, ...]) -> str:
    """A stable id: the same rule, evidence and people always give the same id."""
    key = "\x1f".join((rule, source, ref, *people))
    data = key.encode("utf-8", "surrogateescape")  # file names need not be UTF-8
    return "F-" + hashlib.blake2b(data, digest_size=8).hexdigest()


def with_origin(finding: Finding, origin: str) -> Finding:
    """`finding` identified by where its record really came from and when it happened.

    A check sees only the record's `source` (relative to the scanned folder) and the export's
    own `ref`, neither of which is unique: two phones' `messages.csv` given as two arguments,
    or two messages that share an export id on different days within one file, would get one
    id and one of them would be merged away. The scan therefore re-identifies each finding by
    `origin` (the resolved absolute path of the file) and the moment of the event. Repeats of
    one fact (the same profile seen on every row of a connections file, the same message
    twice in one mailbox) keep one id; rescanning the same files in the same place gives the
    same ids.
    """
    when = finding.occurred_at.isoformat() if finding.occurred_at else ""
    where = f"{origin}\x1e{when}"
    return replace(
        finding, id=finding_id(finding.rule, where, finding.evidence.ref, finding.people)
    )


def sort_key(finding: Finding) -> tuple[int, int, str, str, str, str]:
    """Urgent first, red before amber, then by rule and evidence: deterministic output order."""
    return (
        finding.priority.rank,
        0 if finding.level is Level.RED else 1,
        finding.rule,
        finding.evidence.source,
        finding.evidence.ref,
        finding.id,
    )
