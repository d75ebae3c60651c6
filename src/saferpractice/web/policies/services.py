"""The policy versions a school holds, the annual review's steps, and acknowledgement.

Everything about the policy's content is the core's: `check_policy_text` validates,
`diff_policies` says what changed, `render_html`/`render_pdf` render. This module only
stores versions and moves them through the review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.utils import timezone

from saferpractice.diagnostics import UserError
from saferpractice.policy import (
    Policy,
    check_policy_text,
    default_policy_text,
    load_default_policy,
)
from saferpractice.policy.diff import PolicyDiff, diff_policies
from saferpractice.web.audit.chain import record
from saferpractice.web.audit.models import Action
from saferpractice.web.organisations.models import School
from saferpractice.web.policies import editing
from saferpractice.web.policies.models import (
    Acknowledgement,
    PolicyVersion,
    VersionStatus,
)
from saferpractice.web.registers.models import Person, PersonRole

# The review moves one way: draft -> circulated -> approved -> published.
NEXT_STEP: dict[str, str] = {
    VersionStatus.DRAFT: VersionStatus.CIRCULATED,
    VersionStatus.CIRCULATED: VersionStatus.APPROVED,
    VersionStatus.APPROVED: VersionStatus.PUBLISHED,
}
STEP_PERMISSION: dict[str, str] = {
    VersionStatus.CIRCULATED: "policies.manage_review",
    VersionStatus.APPROVED: "policies.approve_review",
    VersionStatus.PUBLISHED: "policies.manage_review",
}
IN_PROGRESS = (VersionStatus.DRAFT, VersionStatus.CIRCULATED, VersionStatus.APPROVED)


class ReviewError(Exception):
    """A review step that cannot be taken, with a message for the person who tried."""


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    """The built-in policy, parsed once per process (parsing takes seconds)."""
    return load_default_policy()


@lru_cache(maxsize=32)
def parse_policy(text: str) -> Policy:
    """The policy for a stored text (cached: a stored text never changes)."""
    if text == default_policy_text():
        return default_policy()
    result = check_policy_text(text, "policy.yaml")
    if result.policy is None or result.errors:
        raise UserError("the stored policy is not valid", result.errors)
    return result.policy


def validate_text(text: str) -> list[str]:
    """Every problem the core finds with a policy text (empty when it is valid)."""
    result = check_policy_text(text, "policy.yaml")
    return [str(d) for d in result.errors]


def current_version(school: School) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.filter(school=school, status=VersionStatus.PUBLISHED)
        .order_by("-published_at")
        .first()
    )


def review_in_progress(school: School) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.filter(school=school, status__in=IN_PROGRESS)
        .order_by("-created_at")
        .first()
    )


def ensure_published_policy(school: School, text: str | None = None) -> PolicyVersion:
    """The school's published version, starting from the built-in policy if it has none."""
    found = current_version(school)
    if found is not None:
        return found
    text = text or default_policy_text()
    policy = parse_policy(text)
    return PolicyVersion.objects.create(
        school=school,
        version=policy.current_version.version,
        status=VersionStatus.PUBLISHED,
        text=text,
        reason=policy.current_version.reason,
        published_at=timezone.now(),
    )


# -- the annual review -------------------------------------------------------------------------


def start_review(school: School, user: Any, version: str, reason: str) -> PolicyVersion:
    current = ensure_published_policy(school)
    if review_in_progress(school) is not None:
        raise ReviewError("A review is already in progress; finish it first.")
    version = version.strip()
    if PolicyVersion.objects.filter(school=school, version=version).exists():
        raise ReviewError(f"There is already a version {version}.")
    author = user.get_full_name() or user.get_username()
    text = editing.start_draft(current.text, version, reason.strip(), author, date.today())
    problems = validate_text(text)
    if problems:
        raise ReviewError("; ".join(problems))
    return PolicyVersion.objects.create(
        school=school,
        version=version,
        status=VersionStatus.DRAFT,
        text=text,
        reason=reason.strip(),
        based_on=current,
        created_by=user,
    )


def edit_item(draft: PolicyVersion, item_id: str, text: str, title: str | None) -> None:
    if draft.status != VersionStatus.DRAFT:
        raise ReviewError("Only a draft can be edited.")
    try:
        new_text = editing.set_item_text(draft.text, item_id, text, title)
    except KeyError:
        raise ReviewError(f"There is no item {item_id}.") from None
    problems = validate_text(new_text)
    if problems:
        raise ReviewError("; ".join(problems))
    draft.text = new_text
    draft.save(update_fields=["text", "updated_at"])


@dataclass(frozen=True, slots=True)
class StepDone:
    status: str
    asked_to_acknowledge: int = 0


@transaction.atomic
def take_step(version: PolicyVersion, user: Any) -> StepDone:
    """Move `version` to its next status (the caller has checked the step's permission)."""
    target = NEXT_STEP.get(version.status)
    if target is None:
        raise ReviewError("This version has no further step.")
    now = timezone.now()
    if target == VersionStatus.CIRCULATED:
        version.circulated_at = now
    elif target == VersionStatus.APPROVED:
        version.approved_by = user
        version.approved_at = now
    elif target == VersionStatus.PUBLISHED:
        version.text = editing.date_version(version.text, version.version, now.date())
        version.published_at = now
        PolicyVersion.objects.filter(school=version.school, status=VersionStatus.PUBLISHED).exclude(
            pk=version.pk
        ).update(status=VersionStatus.SUPERSEDED)
    version.status = target
    version.save()
    asked = 0
    if target == VersionStatus.PUBLISHED:
        asked = len(staff_to_acknowledge(version.school, version.version))
        record(
            Action.WORKFLOW,
            f"version {version.version} published; {asked} staff asked to acknowledge it",
            school=version.school,
            target=version,
            detail={"asked": asked},
        )
    else:
        record(
            Action.WORKFLOW,
            f"version {version.version}: {version.get_status_display().lower()}",
            school=version.school,
            target=version,
        )
    return StepDone(target, asked)


# -- acknowledgement ---------------------------------------------------------------------------


def current_staff(school: School) -> list[Person]:
    return list(
        Person.objects.filter(school=school, role=PersonRole.STAFF, left_on__isnull=True).order_by(
            "family_name", "given_name"
        )
    )


def staff_to_acknowledge(school: School, version: str) -> list[Person]:
    done = set(
        Acknowledgement.objects.filter(school=school, policy_version=version).values_list(
            "person_id", flat=True
        )
    )
    return [person for person in current_staff(school) if person.pk not in done]


def last_acknowledged(school: School, person: Person) -> Acknowledgement | None:
    return (
        Acknowledgement.objects.filter(school=school, person=person)
        .order_by("-acknowledged_on", "-created_at")
        .first()
    )


def changes_since(
    school: School, acknowledged: str | None, current: PolicyVersion
) -> PolicyDiff | None:
    """What changed between the version someone acknowledged and the current one."""
    if acknowledged is None or acknowledged == current.version:
        return None
    old = PolicyVersion.objects.filter(school=school, version=acknowledged).first()
    if old is None:
        return None
    return diff_policies(parse_policy(old.text), parse_policy(current.text))


def acknowledge(
    school: School, person: Person, version: PolicyVersion, user: Any
) -> Acknowledgement:
    existing = Acknowledgement.objects.filter(
        school=school, person=person, policy_version=version.version
    ).first()
    if existing is not None:
        return existing
    position = Acknowledgement.objects.filter(school=school).count()
    return Acknowledgement.objects.create(
        school=school,
        person=person,
        policy_version=version.version,
        acknowledged_on=timezone.localdate(),
        user=user,
        position=position,
    )
