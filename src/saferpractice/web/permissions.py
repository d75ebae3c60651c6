"""Every permission in the office, in one place, as `rules` predicates.

Views never look at a role themselves: they name a permission here (the base view checks it
against the school, or against the record for object permissions). The role matrix in
tests/web/test_role_matrix.py proves each role's reach.

School permissions take the `School` as their object; record permissions take the record
(which knows its school).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import LazyObject, empty
from rules.permissions import set_perm
from rules.predicates import Predicate, predicate

from saferpractice.web.organisations.models import Membership, Role, School

LEADERS = frozenset({Role.HEAD_TEACHER, Role.SENIOR_LEADER})
SAFEGUARDING = LEADERS | {Role.DSL}
STAFF_LIKE = frozenset({Role.STAFF, Role.SENIOR_LEADER, Role.HEAD_TEACHER, Role.DSL, Role.ICT_LEAD})
_CACHE = "_saferpractice_roles"


@dataclass(frozen=True, slots=True)
class Standing:
    """What one sign-in is at one school: its roles and its person id in the registers."""

    roles: frozenset[str]
    person_ref: str | None


NOBODY = Standing(frozenset(), None)


def standing_from(rows: Iterable[tuple[str, str]]) -> Standing:
    """A standing from (role, person_ref) pairs, one per membership row."""
    pairs = list(rows)
    return Standing(
        frozenset(role for role, _ in pairs), next((ref for _, ref in pairs if ref), None)
    )


def _unwrapped(user: Any) -> Any:
    """The user object itself, not request.user's lazy wrapper: the cache lives on the user,
    where has_perm (called through the wrapper, on the user) finds it."""
    while isinstance(user, LazyObject):  # django-otp wraps the auth middleware's wrapper
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def remember_standing(user: Any, school: School, standing: Standing) -> None:
    """Keep a standing found by another query (the school lookup) for this request."""
    _unwrapped(user).__dict__.setdefault(_CACHE, {})[school.pk] = standing


def standing_at(user: Any, school: School | None) -> Standing:
    """The roles and person id of `user` at `school`: one query, kept on the user object,
    which lives for one request, so a change of role counts from the next request."""
    if school is None or not getattr(user, "is_authenticated", False):
        return NOBODY
    cache: dict[Any, Standing] = _unwrapped(user).__dict__.setdefault(_CACHE, {})
    if school.pk not in cache:
        cache[school.pk] = standing_from(
            Membership.objects.filter(user=user, school=school).values_list("role", "person_ref")
        )
    return cache[school.pk]


def roles_at(user: Any, school: School | None) -> frozenset[str]:
    """The roles `user` holds at `school` (cached on the user object for the request)."""
    return standing_at(user, school).roles


def person_ref_at(user: Any, school: School) -> str | None:
    """The school-folder person id this sign-in is linked to at `school`, if any."""
    return standing_at(user, school).person_ref


def forget_roles(user: Any) -> None:
    _unwrapped(user).__dict__.pop(_CACHE, None)


def _school_of(obj: Any) -> School | None:
    if isinstance(obj, School):
        return obj
    return getattr(obj, "school", None)


def has_role(*roles: str) -> Predicate:
    wanted = frozenset(roles)

    @predicate(name=f"has_role({','.join(sorted(wanted))})")
    def holds_role(user: Any, obj: Any = None) -> bool:
        return bool(roles_at(user, _school_of(obj)) & wanted)

    found: Predicate = holds_role
    return found


@predicate
def is_member(user: Any, obj: Any = None) -> bool:
    return bool(roles_at(user, _school_of(obj)))


@predicate
def is_linked_person(user: Any, obj: Any = None) -> bool:
    """The sign-in belongs to a person in the school's registers (staff can act as themselves)."""
    school = _school_of(obj)
    return school is not None and person_ref_at(user, school) is not None


@predicate
def is_own_record(user: Any, obj: Any = None) -> bool:
    """The record is about the signed-in person (an approval request, an acknowledgement)."""
    school = _school_of(obj)
    person = getattr(obj, "person", None)
    if school is None or person is None:
        return False
    return bool(person_ref_at(user, school) == person.ref)


is_admin = has_role(Role.ADMIN)
is_head = has_role(Role.HEAD_TEACHER)
is_leader = has_role(*LEADERS)
is_safeguarding = has_role(*SAFEGUARDING)
is_ict = has_role(Role.ICT_LEAD)
is_staff_like = has_role(*STAFF_LIKE)
is_governor = has_role(Role.GOVERNOR)
is_trust_viewer = has_role(Role.TRUST_VIEWER)

PERMISSIONS: dict[str, Predicate] = {
    # the school and its home page
    "office.view_school": is_member,
    "office.see_aggregates": is_leader | is_safeguarding | is_governor | is_trust_viewer | is_admin,
    "organisations.manage_members": is_head | is_admin,
    # the policy
    "policies.read": is_member,
    "policies.acknowledge": is_linked_person & is_staff_like,
    "policies.see_acknowledgements": is_safeguarding | is_admin,
    "policies.manage_review": is_leader | is_admin,
    "policies.comment_review": is_staff_like | is_governor,
    "policies.approve_review": is_head,
    "policies.see_review_record": is_member,
    # approvals and consents
    "agreements.request_approval": is_linked_person & is_staff_like,
    "agreements.see_approvals": is_staff_like | is_admin,
    "agreements.decide_approval": is_leader,
    "agreements.see_all_approvals": is_safeguarding | is_admin,
    "agreements.view_approval": is_own_record | is_safeguarding | is_admin,
    "agreements.withdraw_approval": is_own_record,
    "agreements.check_consent": is_staff_like,
    "agreements.view_consents": is_safeguarding | is_ict | is_admin,
    "agreements.manage_consents": is_safeguarding | is_ict | is_admin,
    # registers
    "registers.view": is_safeguarding | is_ict | is_admin,
    "registers.view_person": is_safeguarding | is_ict | is_admin,
    "registers.import": is_ict | is_head | is_admin,
    "registers.export": is_ict | is_head | is_admin,
    "registers.edit": is_ict | is_head | is_admin,
    # the audit log
    "audit.view": is_safeguarding | is_admin,
    # sign-in security
    "accounts.use_totp": is_leader | has_role(Role.DSL),
}


# -- findings review, concerns and insights (issue 14) ------------------------------------


def _reviewer_level(user: Any, school: School | None) -> str | None:
    """The analyst or investigator level `user` was given at `school` (cached per request)."""
    if school is None or not getattr(user, "is_authenticated", False):
        return None
    cache: dict[Any, str | None] = user.__dict__.setdefault("_saferpractice_reviewer", {})
    if school.pk not in cache:
        from saferpractice.web.review.models import Reviewer

        found = Reviewer.objects.filter(user=user, school=school).values_list("level", flat=True)
        cache[school.pk] = next(iter(found), None)
    return cache[school.pk]


@predicate
def is_analyst(user: Any, obj: Any = None) -> bool:
    return _reviewer_level(user, _school_of(obj)) is not None


@predicate
def is_investigator(user: Any, obj: Any = None) -> bool:
    return _reviewer_level(user, _school_of(obj)) == "investigator"


@predicate
def is_about_me(user: Any, obj: Any = None) -> bool:
    """The record (a finding or concern) is about the signed-in person: they never review it."""
    school = _school_of(obj)
    about = getattr(obj, "about_refs", None)
    if school is None or not about:
        return False
    return person_ref_at(user, school) in about


@predicate
def is_routed_to_head(user: Any, obj: Any = None) -> bool:
    return getattr(obj, "routed_to", "") == "head-teacher"


@predicate
def is_reporter(user: Any, obj: Any = None) -> bool:
    reporter = getattr(obj, "reporter_id", None)
    return reporter is not None and reporter == getattr(user, "pk", object())


is_dsl = has_role(Role.DSL)
sees_findings = is_dsl | is_head | is_analyst
sees_names = is_dsl | is_head | is_investigator

PERMISSIONS.update(
    {
        "review.view_queue": sees_findings,
        "review.view_finding": sees_findings & ~is_about_me,
        "review.see_names": sees_names,
        "review.triage": sees_findings & ~is_about_me,
        "review.resolve": sees_names & ~is_about_me,
        "review.run_scans": is_ict | is_dsl | is_admin,
        "review.see_scans": is_ict | is_dsl | is_head | is_admin,
        "review.manage_exclusions": is_dsl | is_head | is_ict,
        "review.see_exclusions": is_member,
        "review.manage_reviewers": is_dsl | is_head | is_admin,
        "review.manage_retention": is_dsl | is_head | is_admin,
        "concerns.report": is_staff_like,
        "concerns.view_queue": is_dsl | is_head,
        "concerns.view_concern": ((is_dsl & ~is_routed_to_head) | is_head) & ~is_about_me,
        "concerns.view_own": is_reporter,
        "insights.see_dashboard": is_leader
        | is_safeguarding
        | is_governor
        | is_trust_viewer
        | is_admin,
        "insights.see_trust": is_trust_viewer,
        "insights.edit_self_review": is_leader | is_dsl | is_admin,
        "insights.see_self_review": is_leader | is_dsl | is_governor | is_admin,
        "insights.annual_pack": is_leader | is_dsl | is_governor | is_admin,
    }
)

for _name, _predicate in PERMISSIONS.items():
    set_perm(_name, _predicate)
