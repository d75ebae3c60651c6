"""Storing a core scan's findings: upsert by stable id, apply exclusions, keep only excerpts.

A rescan finds what it stored before by the finding's id: it refreshes the facts and notes
that it was seen again, but never touches the review (status, outcome, notes, assignment).
Bulk work writes one audit event for the whole store, not one per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any

from django.db import transaction
from django.utils import timezone

from saferpractice.findings import Finding as CoreFinding
from saferpractice.findings import Priority as CorePriority
from saferpractice.web.audit.chain import record, suppressed
from saferpractice.web.audit.models import Action
from saferpractice.web.organisations.models import School
from saferpractice.web.registers.models import Person, PersonRole
from saferpractice.web.review import counts
from saferpractice.web.review.models import (
    Exclusion,
    Finding,
    Outcome,
    Scan,
    Status,
)

BATCH = 500
# Fields a rescan refreshes from the core (the review's own fields are never among them).
CORE_FIELDS = (
    "rule",
    "level",
    "priority",
    "priority_rank",
    "priority_reason",
    "policy_item",
    "area",
    "people",
    "staff_ref",
    "summary",
    "why",
    "evidence_kind",
    "evidence_source",
    "evidence_ref",
    "excerpt",
    "spans",
    "occurred_at",
    "last_scan",
    "last_seen_at",
)


@dataclass(frozen=True, slots=True)
class StoreResult:
    seen: int
    new: int
    excluded: int


def area_of(policy_item: str) -> str:
    return policy_item.split(".", 1)[0]


def _chunks(items: Iterable[CoreFinding], size: int) -> Iterator[list[CoreFinding]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _staff_ref(people: Sequence[str], staff: frozenset[str]) -> str:
    for ref in people:
        if ref in staff:
            return ref
    return people[0] if people else ""


def _excluded_by(finding: Finding, exclusions: Sequence[Exclusion]) -> Exclusion | None:
    for exclusion in exclusions:
        if exclusion.rule != finding.rule:
            continue
        if exclusion.person_ref and exclusion.person_ref not in finding.people:
            continue
        if exclusion.contains and exclusion.contains.casefold() not in finding.excerpt.casefold():
            continue
        return exclusion
    return None


def _fill(row: Finding, core: CoreFinding, staff: frozenset[str], scan: Scan | None) -> None:
    evidence = core.evidence
    row.rule = core.rule
    row.level = core.level.value
    row.priority = core.priority.value
    row.priority_rank = CorePriority(core.priority).rank
    row.priority_reason = core.priority_reason[:300]
    row.policy_item = core.policy_item
    row.area = area_of(core.policy_item)
    row.people = list(core.people)
    row.staff_ref = _staff_ref(core.people, staff)
    row.summary = core.summary[:500]
    row.why = list(core.why)
    row.evidence_kind = evidence.kind
    row.evidence_source = evidence.source[:1000]
    row.evidence_ref = evidence.ref[:500]
    row.excerpt = evidence.excerpt  # only the excerpt: never the message or file it came from
    row.spans = [list(span) for span in evidence.spans]
    row.occurred_at = core.occurred_at
    row.last_scan = scan
    row.last_seen_at = timezone.now()


def store_findings(
    school: School, findings: Iterable[CoreFinding], scan: Scan | None = None
) -> StoreResult:
    """Store a scan's findings for `school`; what was new, seen again and excluded."""
    staff = frozenset(
        Person.objects.filter(school=school, role=PersonRole.STAFF).values_list("ref", flat=True)
    )
    exclusions = list(Exclusion.objects.filter(school=school, active=True))
    seen = new = excluded = 0
    now = timezone.now()
    with suppressed(), transaction.atomic():
        for chunk in _chunks(findings, BATCH):
            seen += len(chunk)
            existing = {
                row.ref: row
                for row in Finding.objects.filter(school=school, ref__in=[f.id for f in chunk])
            }
            to_create: list[Finding] = []
            to_update: list[Finding] = []
            for core in chunk:
                row = existing.get(core.id)
                if row is None:
                    row = Finding(school=school, ref=core.id, first_scan=scan)
                    _fill(row, core, staff, scan)
                    exclusion = _excluded_by(row, exclusions)
                    if exclusion is not None:
                        _close_as_excluded(row, exclusion, now)
                        excluded += 1
                    to_create.append(row)
                    existing[core.id] = row  # a repeated id within one scan is one finding
                elif row.pk is not None and row._state.adding is False:
                    _fill(row, core, staff, scan)
                    to_update.append(row)
            Finding.objects.bulk_create(to_create, batch_size=BATCH)
            Finding.objects.bulk_update(to_update, CORE_FIELDS, batch_size=BATCH)
            new += len(to_create)
        counts.forget_after_commit(school.pk)  # bulk writes send no signals
    record(
        Action.IMPORTED,
        f"{seen} findings stored ({new} new, {seen - new} seen again, {excluded} excluded)",
        school=school,
        target=scan,
        detail={"seen": seen, "new": new, "excluded": excluded},
    )
    return StoreResult(seen, new, excluded)


def _close_as_excluded(row: Finding, exclusion: Exclusion, now: datetime) -> None:
    row.status = Status.RESOLVED
    row.outcome = Outcome.FALSE_POSITIVE
    row.outcome_reason = f"Closed by an agreed exclusion: {exclusion.reason}"[:2000]
    row.resolved_at = now
    row.excluded_by = exclusion


def core_findings_from_jsonl(lines: Iterable[str]) -> Iterator[CoreFinding]:
    """Findings written by `saferpractice scan -o findings.jsonl`, back as core findings."""
    import json

    from saferpractice.findings import EvidencePointer, Level

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data: dict[str, Any] = json.loads(line)
        except ValueError as error:
            raise ValueError(f"line {number} is not JSON ({error})") from None
        if "id" not in data and "summary" in data:
            continue  # the closing summary line `saferpractice scan` writes
        if not isinstance(data, dict) or "id" not in data:
            raise ValueError(f"line {number} is not a finding")
        evidence = data.get("evidence") or {}
        occurred = data.get("occurred_at")
        yield CoreFinding(
            id=str(data["id"]),
            rule=str(data["rule"]),
            level=Level(data["level"]),
            policy_item=str(data["policy_item"]),
            people=tuple(str(p) for p in data.get("people", ())),
            summary=str(data.get("summary", "")),
            why=tuple(str(w) for w in data.get("why", ())),
            evidence=EvidencePointer(
                kind=str(evidence.get("kind", "")),
                source=str(evidence.get("source", "")),
                ref=str(evidence.get("ref", "")),
                excerpt=str(evidence.get("excerpt", "")),
                spans=tuple((int(s[0]), int(s[1]), str(s[2])) for s in evidence.get("spans", ())),
            ),
            occurred_at=datetime.fromisoformat(occurred) if occurred else None,
            priority=CorePriority(data.get("priority", "routine")),
            priority_reason=str(data.get("priority_reason", "")),
        )
