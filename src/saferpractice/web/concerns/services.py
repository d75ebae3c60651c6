"""Filing and handling concerns: routing, rate limiting for the public page, status changes."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from saferpractice.web.audit.chain import record
from saferpractice.web.audit.models import Action
from saferpractice.web.concerns.models import (
    Concern,
    ConcernKind,
    ConcernNote,
    ConcernSource,
    ConcernStatus,
    RoutedTo,
)
from saferpractice.web.organisations.models import Membership, Role, School
from saferpractice.web.registers.models import Person

PER_CLIENT_PER_HOUR = 5
PER_SCHOOL_PER_HOUR = 60


def dsl_refs(school: School) -> frozenset[str]:
    """The people who are the school's DSL: by sign-in role or by the registers."""
    refs = set(
        Membership.objects.filter(school=school, role=Role.DSL)
        .exclude(person_ref="")
        .values_list("person_ref", flat=True)
    )
    for person in Person.objects.filter(school=school, role="staff").only(
        "ref", "responsibilities"
    ):
        if "dsl" in (person.responsibilities or []):
            refs.add(person.ref)
    return frozenset(refs)


def route(school: School, about_ref: str) -> RoutedTo:
    return RoutedTo.HEAD if about_ref and about_ref in dsl_refs(school) else RoutedTo.DSL


def file_staff_concern(
    school: School, user: Any, kind: str, text: str, about_ref: str = "", **extra: str
) -> Concern:
    concern = Concern.objects.create(
        school=school,
        kind=kind,
        source=ConcernSource.STAFF,
        routed_to=route(school, about_ref),
        text=text,
        about_ref=about_ref if kind == ConcernKind.COLLEAGUE else "",
        reporter=user,
        happened=extra.get("happened", ""),
        where=extra.get("where", ""),
    )
    return concern


def client_key(school: School, address: str) -> str:
    """A keyed hash of the visitor's address and today's date: enough to limit how often one
    device reports, never enough to find out who it was (it changes every day)."""
    day = timezone.localdate().isoformat()
    message = f"{school.pk}\x1f{address}\x1f{day}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def too_many(school: School, key: str) -> bool:
    since = timezone.now() - timedelta(hours=1)
    recent = Concern.objects.filter(
        school=school, source=ConcernSource.COUNCIL, created_at__gte=since
    )
    return (
        recent.filter(client_key=key).count() >= PER_CLIENT_PER_HOUR
        or recent.count() >= PER_SCHOOL_PER_HOUR
    )


def file_council_report(school: School, data: dict[str, Any], key: str) -> Concern:
    anonymous = bool(data.get("anonymous"))
    return Concern.objects.create(
        school=school,
        kind=ConcernKind.PUPIL_REPORT,
        source=ConcernSource.COUNCIL,
        routed_to=RoutedTo.DSL,
        text=data["text"],
        happened=data.get("happened", ""),
        where=data.get("where", ""),
        reporter_kind=data.get("reporter_kind", ""),
        reporter_name="" if anonymous else data.get("name", ""),
        reporter_contact="" if anonymous else data.get("contact", ""),
        anonymous=anonymous or not (data.get("name") or data.get("contact")),
        client_key=key,
    )


def update(concern: Concern, user: Any, status: str, note: str, outcome: str = "") -> Concern:
    with transaction.atomic():
        before = concern.status
        concern.status = status
        concern.handled_by = user
        fields = ["status", "handled_by", "updated_at"]
        if status == ConcernStatus.CLOSED and before != ConcernStatus.CLOSED:
            concern.closed_at = timezone.now()
            fields.append("closed_at")
        if outcome:
            concern.outcome = outcome
            fields.append("outcome")
        concern.save(update_fields=fields)
        if note or before != status:
            ConcernNote.objects.create(
                school=concern.school,
                concern=concern,
                author=user,
                text=note,
                status_to=status if before != status else "",
            )
        record(
            Action.WORKFLOW,
            f"concern {concern.pk} {before} → {status}",
            school=concern.school,
            actor=user,
            target=concern,
            detail={"from": before, "to": status},
        )
    return concern
