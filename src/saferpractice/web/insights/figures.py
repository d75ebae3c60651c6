"""The figures behind the dashboards and the annual review pack, for one school or several.

Every figure is a count or a share: nothing here carries a name, so the same figures serve a
trust or local-authority viewer across schools.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from saferpractice.web.agreements.models import (
    Approval,
    ApprovalStatus,
    Consent,
    ConsentStatus,
    ConsentUse,
)
from saferpractice.web.insights.models import RequirementReview
from saferpractice.web.organisations.models import School
from saferpractice.web.policies.models import Acknowledgement
from saferpractice.web.policies.services import (
    current_version,
    ensure_published_policy,
    parse_policy,
)
from saferpractice.web.registers.models import Person, PersonRole
from saferpractice.web.review.display import AREA_NAMES
from saferpractice.web.review.models import Finding, Outcome, Priority, Status

AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("Under a week", 0, 7),
    ("1 to 4 weeks", 7, 28),
    ("1 to 3 months", 28, 91),
    ("Over 3 months", 91, None),
)
PRIORITIES = (Priority.URGENT, Priority.HIGH, Priority.ROUTINE)


@dataclass(slots=True)
class Figures:
    schools: int = 0
    months: list[str] = field(default_factory=list)
    by_month: dict[str, list[int]] = field(default_factory=dict)  # priority -> per month
    by_area: dict[str, dict[str, int]] = field(default_factory=dict)  # area -> priority -> n
    open_by_age: list[tuple[str, int]] = field(default_factory=list)
    open_total: int = 0
    resolved_by_outcome: list[tuple[str, int]] = field(default_factory=list)
    staff: int = 0
    acknowledged: int = 0
    pupils: int = 0
    consent_by_use: list[tuple[str, int]] = field(default_factory=list)
    approvals_expiring: int = 0
    approvals_expiring_rows: list[Approval] = field(default_factory=list)
    requirements: int = 0
    ratings: dict[str, int] = field(default_factory=dict)

    @property
    def acknowledged_share(self) -> float:
        return 100.0 * self.acknowledged / self.staff if self.staff else 0.0

    def consent_share(self, granted: int) -> float:
        return 100.0 * granted / self.pupils if self.pupils else 0.0

    @property
    def in_place(self) -> int:
        return self.ratings.get("in-place", 0)

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())


def _months(today: date, count: int = 12) -> list[date]:
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def requirement_ids(school: School) -> list[tuple[str, str, str]]:
    """(area id, requirement id, text) for every "what should be in place" item."""
    policy = parse_policy(ensure_published_policy(school).text)
    return [
        (area_id, req.id, req.text)
        for area_id, area in policy.areas.items()
        for req in area.in_place
    ]


def figures_for(schools: Sequence[School], today: date | None = None) -> Figures:
    today = today or timezone.localdate()
    out = Figures(schools=len(schools))
    findings = Finding.objects.filter(school__in=schools)
    months = _months(today)
    out.months = [m.strftime("%b %y") for m in months]
    index = {m: i for i, m in enumerate(months)}
    out.by_month = {p.value: [0] * len(months) for p in PRIORITIES}
    rows = (
        findings.filter(occurred_at__date__gte=months[0])
        .annotate(month=TruncMonth("occurred_at"))
        .values_list("month", "priority")
        .annotate(n=Count("pk"))
    )
    for month, priority, n in rows:
        slot = index.get(month.date() if hasattr(month, "date") else month)
        if slot is not None and priority in out.by_month:
            out.by_month[priority][slot] += n
    for area, priority, n in findings.values_list("area", "priority").annotate(n=Count("pk")):
        out.by_area.setdefault(AREA_NAMES.get(area, area), {})[priority] = n
    now = timezone.now()
    open_rows = findings.exclude(status=Status.RESOLVED)
    out.open_total = open_rows.count()
    for label, low, high in AGE_BUCKETS:
        q = Q(created_at__lte=now - timedelta(days=low))
        if high is not None:
            q &= Q(created_at__gt=now - timedelta(days=high))
        out.open_by_age.append((label, open_rows.filter(q).count()))
    outcomes = Counter(
        dict(
            findings.filter(status=Status.RESOLVED)
            .values_list("outcome")
            .annotate(n=Count("pk"))
            .values_list("outcome", "n")
        )
    )
    out.resolved_by_outcome = [(label, outcomes.get(value, 0)) for value, label in Outcome.choices]
    _coverage(out, schools, today)
    return out


def _coverage(out: Figures, schools: Sequence[School], today: date) -> None:
    staff = Person.objects.filter(school__in=schools, role=PersonRole.STAFF, left_on__isnull=True)
    out.staff = staff.count()
    for school in schools:
        version = current_version(school)
        if version is None:
            continue
        out.acknowledged += (
            Acknowledgement.objects.filter(
                school=school, policy_version=version.version, person__in=staff
            )
            .values("person")
            .distinct()
            .count()
        )
    pupils = Person.objects.filter(school__in=schools, role=PersonRole.PUPIL, left_on__isnull=True)
    out.pupils = pupils.count()
    for use, label in ConsentUse.choices:
        latest = (
            Consent.objects.filter(pupil=OuterRef("pk"), use=use)
            .order_by("-recorded_on", "-position", "-created_at")
            .values("status")[:1]
        )
        latest_expiry = (
            Consent.objects.filter(pupil=OuterRef("pk"), use=use)
            .order_by("-recorded_on", "-position", "-created_at")
            .values("expires_on")[:1]
        )
        granted = (
            pupils.annotate(latest=Subquery(latest), expiry=Subquery(latest_expiry))
            .filter(latest=ConsentStatus.GRANTED)
            .filter(Q(expiry__isnull=True) | Q(expiry__gte=today))
            .count()
        )
        out.consent_by_use.append((label, granted))
    soon = Approval.objects.filter(
        school__in=schools,
        status=ApprovalStatus.APPROVED,
        valid_to__gte=today,
        valid_to__lte=today + timedelta(days=30),
    ).select_related("person")
    out.approvals_expiring = soon.count()
    out.approvals_expiring_rows = list(soon.order_by("valid_to")[:20])
    reviews = RequirementReview.objects.filter(school__in=schools)
    out.ratings = {
        rating: n
        for rating, n in reviews.values_list("rating")
        .annotate(n=Count("pk"))
        .values_list("rating", "n")
    }
    out.requirements = sum(len(requirement_ids(school)) for school in schools)
