"""Approvals and consents: requests, decisions and the consent check.

The consent answer is the core's (`School.consent`), asked of the school as the database
holds it now (`registers.folder.core_school`), so the web and the checks agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from saferpractice.school import ConsentState
from saferpractice.school.model import APPROVER_RESPONSIBILITIES
from saferpractice.web.agreements.models import Approval, ApprovalStatus
from saferpractice.web.audit.chain import record
from saferpractice.web.audit.models import Action
from saferpractice.web.organisations.models import School
from saferpractice.web.permissions import person_ref_at
from saferpractice.web.registers.folder import core_school
from saferpractice.web.registers.models import Person, PersonRole


def next_ref(school: School) -> str:
    """A new approval id in the school folder's style (A001, A002, ...)."""
    n = Approval.objects.filter(school=school).count() + 1
    while Approval.objects.filter(school=school, ref=f"A{n:03d}").exists():
        n += 1
    return f"A{n:03d}"


class CannotApproveError(Exception):
    """The leader cannot be recorded as the approver; the message says why and what to do."""


def approver_ref(user: Any, school: School) -> str:
    """The register id of `user` as an approver: a member of staff whom the register names as
    head teacher or senior leader (what approvals.csv requires of `approved_by`)."""
    ref = person_ref_at(user, school)
    if not ref:
        raise CannotApproveError(
            "Your sign-in is not linked to your entry in the register, so the approval could "
            "not say who gave it. Ask an administrator to link it (Members page), then approve. "
            "You can still decline."
        )
    person = Person.objects.filter(school=school, ref=ref).first()
    if (
        person is None
        or person.role != PersonRole.STAFF
        or APPROVER_RESPONSIBILITIES.isdisjoint(person.responsibilities)
    ):
        raise CannotApproveError(
            f"The register does not name you ({ref}) as a head teacher or senior leader, so "
            "the approval would not be valid. Ask the ICT lead to add the responsibility in "
            "the register, then approve. You can still decline."
        )
    return ref


def decide(approval: Approval, user: Any, approve: bool, reason: str) -> None:
    """Record the decision; an approval names who gave it (`approved_by_ref`), or is refused."""
    approved_by = approver_ref(user, approval.school) if approve else ""
    approval.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.DECLINED
    approval.decided_by = user
    approval.decided_at = timezone.now()
    approval.decision_reason = reason.strip()
    approval.approved_by_ref = approved_by
    approval.save()
    record(
        Action.DECIDED,
        f"approval {approval.ref} {approval.status} ({approval.get_kind_display().lower()})",
        school=approval.school,
        target=approval,
        detail={
            "status": approval.status,
            "reason": approval.decision_reason[:200],
            "approved by": approved_by,
        },
    )


@dataclass(frozen=True, slots=True)
class PupilAnswer:
    asked: str
    pupil: Person | None
    state: ConsentState | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.state is not None and self.state.granted


def _reason(state: ConsentState, use_label: str, names: dict[str, str]) -> str:
    rec = state.record
    if rec is None:
        return f"No consent for {use_label.lower()} is on record."
    by = names.get(rec.given_by, rec.given_by)
    when = f"{rec.recorded_on:%-d %B %Y}"
    if state.status == "granted":
        until = f", until {rec.expires_on:%-d %B %Y}" if rec.expires_on else ""
        return f"Granted by {by} on {when}{until}."
    if state.status == "expired":
        return f"Consent given by {by} on {when} expired on {rec.expires_on:%-d %B %Y}."
    return f"{state.status.capitalize()} by {by} on {when}."


def check_consent(
    school: School, asked: list[str], use: str, use_label: str, on: date
) -> list[PupilAnswer]:
    """For each name or id: the pupil found, their consent for `use` on `on`, and why."""
    core = core_school(school)
    pupils = Person.objects.filter(school=school, role=PersonRole.PUPIL)
    by_ref = {p.ref.casefold(): p for p in pupils}
    by_name: dict[str, list[Person]] = {}
    for p in pupils:
        by_name.setdefault(" ".join(p.full_name.casefold().split()), []).append(p)
    names = {
        p.ref: p.full_name for p in Person.objects.filter(school=school, role=PersonRole.PARENT)
    }
    answers = []
    for line in asked:
        key = " ".join(line.casefold().split())
        if not key:
            continue
        found = [by_ref[key]] if key in by_ref else by_name.get(key, [])
        if len(found) != 1:
            why = (
                "No pupil of that name or id; check the spelling."
                if not found
                else f"{len(found)} pupils have that name; use their id instead."
            )
            answers.append(PupilAnswer(line.strip(), None, None, why))
            continue
        pupil = found[0]
        if pupil.left_on is not None and pupil.left_on <= on:
            answers.append(
                PupilAnswer(
                    line.strip(), pupil, None, f"Left the school on {pupil.left_on:%-d %B %Y}."
                )
            )
            continue
        state = core.consent(pupil.ref, use, on)
        answers.append(PupilAnswer(line.strip(), pupil, state, _reason(state, use_label, names)))
    return answers
