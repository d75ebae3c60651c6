"""Findings and cases (concerns) as JSON: what a reviewer may see, names hidden for analysts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from saferpractice.web.concerns.models import Concern
from saferpractice.web.review.models import Finding
from saferpractice.web.review.people import Namer


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def finding_summary(finding: Finding, namer: Namer, url: str) -> dict[str, Any]:
    return {
        "ref": finding.ref,
        "url": url,
        "rule": finding.rule,
        "level": finding.level,
        "priority": finding.priority,
        "priority_reason": namer.text(finding.priority_reason, finding.people),
        "area": finding.area,
        "status": finding.status,
        "outcome": finding.outcome,
        "summary": namer.text(finding.summary, finding.people),
        "staff": namer.name(finding.staff_ref) if finding.staff_ref else None,
        "occurred_at": _when(finding.occurred_at),
    }


def finding_detail(finding: Finding, namer: Namer, url: str) -> dict[str, Any]:
    excerpt, spans = namer.excerpt_text(finding.excerpt, finding.spans, finding.people)
    return finding_summary(finding, namer, url) | {
        "policy_item": finding.policy_item,
        "people": [{"name": namer.name(ref), "role": namer.role(ref)} for ref in finding.people],
        "why": [namer.text(str(line), finding.people) for line in finding.why],
        "evidence": {
            "kind": finding.evidence_kind,
            "source": namer.text(finding.evidence_source, finding.people),
            "item": namer.text(finding.evidence_ref, finding.people),
            "excerpt": excerpt,
            "spans": [{"start": s, "end": e, "label": label} for s, e, label in spans],
        },
        "outcome_reason": namer.text(finding.outcome_reason, finding.people),
        "resolved_at": _when(finding.resolved_at),
        "names_shown": namer.reveal,
    }


def case_summary(concern: Concern, url: str) -> dict[str, Any]:
    return {
        "id": str(concern.pk),
        "url": url,
        "kind": concern.kind,
        "source": concern.source,
        "status": concern.status,
        "routed_to": concern.routed_to,
        "anonymous": concern.anonymous,
        "reporter_kind": concern.reporter_kind or None,
        "created_at": _when(concern.created_at),
        "closed_at": _when(concern.closed_at),
    }


def case_detail(concern: Concern, url: str, about: str | None) -> dict[str, Any]:
    return case_summary(concern, url) | {
        "text": concern.text,
        "happened": concern.happened,
        "where": concern.where,
        "about": about,
        "reporter_name": concern.reporter_name,
        "reporter_contact": concern.reporter_contact,
        "outcome": concern.outcome,
    }
