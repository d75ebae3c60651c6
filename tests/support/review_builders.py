"""Core findings to store in the web office's review tests (tests/web/review)."""

from __future__ import annotations

from datetime import UTC, datetime

from saferpractice.findings import EvidencePointer, Finding, Level, Priority

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> Don\'t tell anyone, Amy Pond'


def core_finding(
    fid: str = "F-0000000000000001",
    *,
    rule: str = "contact.personal-message",
    people: tuple[str, ...] = ("S001", "P001"),
    priority: Priority = Priority.URGENT,
    excerpt: str = HOSTILE,
    spans: tuple[tuple[int, int, str], ...] = ((56, 73, "secrecy"),),
    summary: str = "Rory Williams sent Amy Pond a message with secrecy language",
    when: datetime | None = None,
) -> Finding:
    return Finding(
        id=fid,
        rule=rule,
        level=Level.RED,
        policy_item="general.red.personal-messages",
        people=people,
        summary=summary,
        why=("'Don't tell anyone' matches the secrecy lexicon (red)", "recipient Amy Pond"),
        evidence=EvidencePointer("message", "chat/teams.jsonl", "TM-1", excerpt, spans),
        occurred_at=when or datetime(2026, 3, 3, 14, 5, tzinfo=UTC),
        priority=priority,
        priority_reason="secrecy language to a pupil",
    )
