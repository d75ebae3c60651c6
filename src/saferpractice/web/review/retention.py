"""The retention period: resolved findings (and so their excerpts) are deleted once expired.

Findings whose outcome is a low-level concern, a LADO referral or a disciplinary step are kept:
their record follows the school's own safeguarding and HR schedule, not this one. Findings
nobody has resolved are deleted once no scan has seen them for the longer unresolved period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from saferpractice.web.audit.chain import record, suppressed
from saferpractice.web.audit.models import Action
from saferpractice.web.organisations.models import School
from saferpractice.web.review import counts
from saferpractice.web.review.models import (
    KEPT_OUTCOMES,
    Finding,
    FindingActivity,
    RetentionSettings,
    Status,
)


@dataclass(frozen=True, slots=True)
class Purged:
    resolved: int
    unresolved: int

    @property
    def total(self) -> int:
        return self.resolved + self.unresolved


def retention_for(school: School) -> RetentionSettings:
    found, _ = RetentionSettings.objects.get_or_create(school=school)
    return found


def _expired(settings: RetentionSettings, now: datetime) -> tuple[Q, Q]:
    """(resolved and expired, unresolved and long unseen), as query conditions."""
    resolved = Q(status=Status.RESOLVED, resolved_at__lt=now - timedelta(days=settings.days)) & ~Q(
        outcome__in=list(KEPT_OUTCOMES)
    )
    unresolved = ~Q(status=Status.RESOLVED) & Q(
        last_seen_at__lt=now - timedelta(days=settings.unresolved_days)
    )
    return resolved, unresolved


def purge_expired(school: School, now: datetime | None = None) -> Purged:
    """Delete the school's expired findings with their notes; one audit event says how many."""
    now = now or timezone.now()
    settings = retention_for(school)
    rows = Finding.objects.filter(school=school)
    resolved_q, unresolved_q = _expired(settings, now)
    with suppressed(), transaction.atomic():
        resolved_ids = list(rows.filter(resolved_q).values_list("pk", flat=True))
        unresolved_ids = list(rows.filter(unresolved_q).values_list("pk", flat=True))
        doomed = resolved_ids + unresolved_ids
        for start in range(0, len(doomed), 500):
            part = doomed[start : start + 500]
            FindingActivity.objects.filter(finding_id__in=part).delete()
            Finding.objects.filter(pk__in=part).delete()
        counts.forget_after_commit(school.pk)
    purged = Purged(len(resolved_ids), len(unresolved_ids))
    if purged.total:
        record(
            Action.DELETED,
            f"retention: {purged.total} expired findings and their excerpts deleted "
            f"({purged.resolved} resolved over {settings.days} days ago, "
            f"{purged.unresolved} unresolved and unseen for {settings.unresolved_days} days)",
            school=school,
            detail={"resolved": purged.resolved, "unresolved": purged.unresolved},
        )
    return purged
