"""The review's steps: triage, escalate, resolve, mark a false positive, note and assign.

Each step checks that it is allowed from the finding's status, saves the change, writes the
finding's own history and an audit event. Views call these; they never change a finding
themselves.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from saferpractice.diagnostics import UserError
from saferpractice.web.audit.chain import record
from saferpractice.web.audit.models import Action
from saferpractice.web.review.models import (
    ActivityKind,
    Exclusion,
    Finding,
    FindingActivity,
    Outcome,
    Status,
)

# Which status each step may start from.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    Status.TRIAGED: frozenset({Status.NEW}),
    Status.ESCALATED: frozenset({Status.NEW, Status.TRIAGED}),
    Status.RESOLVED: frozenset({Status.NEW, Status.TRIAGED, Status.ESCALATED}),
}


def _move(finding: Finding, to: Status, user: Any, text: str, **changes: Any) -> Finding:
    if finding.status not in ALLOWED_FROM[to]:
        raise UserError(
            f"a {finding.get_status_display().lower()} finding cannot be marked {to.label.lower()}"
        )
    before = finding.status
    with transaction.atomic():
        finding.status = to
        for name, value in changes.items():
            setattr(finding, name, value)
        finding.save(update_fields=["status", "updated_at", *changes])
        FindingActivity.objects.create(
            school=finding.school,
            finding=finding,
            kind=ActivityKind.STATUS,
            actor=user,
            text=text,
            from_status=before,
            to_status=to,
        )
        record(
            Action.WORKFLOW,
            f"finding {finding.ref} {before} → {to}",
            school=finding.school,
            actor=user,
            target=finding,
            detail={"from": before, "to": str(to), "outcome": changes.get("outcome", "")},
        )
    return finding


def triage(finding: Finding, user: Any, note: str = "") -> Finding:
    return _move(finding, Status.TRIAGED, user, note)


def escalate(finding: Finding, user: Any, reason: str) -> Finding:
    if not reason.strip():
        raise UserError("say who it is escalated to, and why")
    return _move(finding, Status.ESCALATED, user, reason.strip())


def resolve(finding: Finding, user: Any, outcome: str, reason: str = "") -> Finding:
    if outcome not in Outcome.values or outcome == Outcome.FALSE_POSITIVE:
        raise UserError("choose an outcome")
    return _move(
        finding,
        Status.RESOLVED,
        user,
        reason.strip(),
        outcome=outcome,
        outcome_reason=reason.strip(),
        resolved_at=timezone.now(),
    )


def false_positive(
    finding: Finding, user: Any, reason: str, make_exclusion: bool = False, scope: str = "person"
) -> Exclusion | None:
    """Close the finding as a false positive; optionally agree an exclusion from the reason."""
    reason = reason.strip()
    if not reason:
        raise UserError("a false positive needs a reason")
    with transaction.atomic():
        _move(
            finding,
            Status.RESOLVED,
            user,
            reason,
            outcome=Outcome.FALSE_POSITIVE,
            outcome_reason=reason,
            resolved_at=timezone.now(),
        )
        if not make_exclusion:
            return None
        exclusion = Exclusion.objects.create(
            school=finding.school,
            rule=finding.rule,
            person_ref=finding.staff_ref if scope == "person" else "",
            reason=reason,
            created_by=user,
        )
        finding.excluded_by = exclusion
        finding.save(update_fields=["excluded_by", "updated_at"])
        FindingActivity.objects.create(
            school=finding.school,
            finding=finding,
            kind=ActivityKind.EXCLUSION,
            actor=user,
            text=reason,
        )
    return exclusion


def add_note(finding: Finding, user: Any, text: str) -> FindingActivity:
    if not text.strip():
        raise UserError("the note is empty")
    return FindingActivity.objects.create(
        school=finding.school, finding=finding, kind=ActivityKind.NOTE, actor=user, text=text
    )


def assign(finding: Finding, user: Any, assignee: Any) -> Finding:
    finding.assigned_to = assignee
    finding.save(update_fields=["assigned_to", "updated_at"])
    FindingActivity.objects.create(
        school=finding.school,
        finding=finding,
        kind=ActivityKind.ASSIGNED,
        actor=user,
        text=f"assigned to {assignee.get_full_name() or assignee.get_username()}"
        if assignee is not None
        else "unassigned",
    )
    return finding
