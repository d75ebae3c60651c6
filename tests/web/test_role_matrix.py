"""Each role can, and cannot, reach each page and action; a user of one school never sees
another school's data. The expected reach is written out here, role by role, so that a
change to saferpractice.web.permissions that widens or narrows it fails this test."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from saferpractice.web.agreements.models import Approval
from saferpractice.web.organisations.models import Role
from saferpractice.web.registers.models import Person

pytestmark = pytest.mark.django_db

STAFF, SENIOR, HEAD, DSL, ICT = (
    Role.STAFF,
    Role.SENIOR_LEADER,
    Role.HEAD_TEACHER,
    Role.DSL,
    Role.ICT_LEAD,
)
GOVERNOR, TRUST, ADMIN = Role.GOVERNOR, Role.TRUST_VIEWER, Role.ADMIN
ALL = frozenset(Role.values)
STAFF_LIKE = frozenset({STAFF, SENIOR, HEAD, DSL, ICT})
SAFEGUARDING = frozenset({SENIOR, HEAD, DSL})

# page (relative to /s/<school>/) -> the roles that may open it
PAGES: dict[str, frozenset[str]] = {
    "": ALL,
    "policy/": ALL,
    "policy/history/": ALL,
    "policy/what-we-check/": ALL,
    "policy/review/": ALL,
    "policy/acknowledge/": STAFF_LIKE,
    "policy/acknowledgements/": SAFEGUARDING | {ADMIN},
    "policy/acknowledgements/not-acknowledged.csv": SAFEGUARDING | {ADMIN},
    "agreements/approvals/": STAFF_LIKE | {ADMIN},
    "agreements/approvals/request/": STAFF_LIKE,
    "agreements/approvals/{own}/": STAFF_LIKE | {ADMIN},
    "agreements/approvals/{other}/": SAFEGUARDING | {ADMIN},
    "agreements/consents/check/": STAFF_LIKE,
    "agreements/consents/": SAFEGUARDING | {ICT, ADMIN},
    "agreements/consents/pupils/P1/": SAFEGUARDING | {ICT, ADMIN},
    "registers/": SAFEGUARDING | {ICT, ADMIN},
    "registers/people/": SAFEGUARDING | {ICT, ADMIN},
    "registers/people/T2/": SAFEGUARDING | {ICT, ADMIN},
    "registers/devices/": SAFEGUARDING | {ICT, ADMIN},
    "registers/people/T2/change/": {ICT, HEAD, ADMIN},
    "registers/people/T2/remove/": {ICT, HEAD, ADMIN},
    "registers/import/": {ICT, HEAD, ADMIN},
    "registers/export/school-folder.zip": {ICT, HEAD, ADMIN},
    "audit/": SAFEGUARDING | {ADMIN},
    "sign-ins/": {HEAD, ADMIN},
}
# Who holds each role in the test school (staff-like roles are people in the registers).
PERSON_OF = {STAFF: "T1", SENIOR: "H1", HEAD: "H2", DSL: "D1", ICT: "I1"}


@pytest.fixture
def world(school: Any) -> dict[str, Any]:
    people = {}
    for i, (ref, role, resp) in enumerate(
        [
            ("T1", "staff", []),
            ("T2", "staff", []),
            ("H1", "staff", ["senior-leader"]),
            ("H2", "staff", ["head-teacher"]),
            ("D1", "staff", ["dsl"]),
            ("I1", "staff", ["ict"]),
            ("P1", "pupil", []),
        ]
    ):
        people[ref] = Person.objects.create(
            school=school,
            ref=ref,
            given_name=ref,
            family_name="Test",
            role=role,
            responsibilities=resp,
            position=i,
        )
    today = date.today()
    return {
        "people": people,
        "own": {},
        "other": Approval.objects.create(
            school=school,
            ref="A2",
            person=people["T2"],
            kind="webcam",
            purpose="theirs",
            valid_from=today,
            valid_to=today,
        ),
        "today": today,
    }


def _own_approval(world: dict[str, Any], school: Any, role: str) -> Approval | None:
    ref = PERSON_OF.get(role)
    if ref is None:
        return None
    return Approval.objects.create(
        school=school,
        ref=f"A-{ref}",
        person=world["people"][ref],
        kind="images",
        purpose="mine",
        valid_from=world["today"],
        valid_to=world["today"],
    )


@pytest.mark.parametrize("role", sorted(Role.values))
def test_each_role_reaches_exactly_its_pages(
    role: str, school: Any, other_school: Any, world: dict[str, Any], make_user: Any
) -> None:
    user = make_user(f"user-{role}", school, role, PERSON_OF.get(role, ""))
    client = Client()
    client.force_login(user)
    own = _own_approval(world, school, role)
    wrong: list[str] = []
    for page, allowed in PAGES.items():
        if "{own}" in page and own is None:
            continue  # roles without a person in the registers have no requests of their own
        path = page.format(own=own.pk if own else "", other=world["other"].pk)
        status = client.get(f"/s/{school.slug}/{path}").status_code
        expected = 200 if role in allowed else 403
        if status != expected:
            wrong.append(f"{path or 'home'}: {status}, expected {expected}")
        # Another school's page is never found, whatever the role.
        elsewhere = client.get(f"/s/{other_school.slug}/{path}").status_code
        if elsewhere != 404:
            wrong.append(f"other school's {path or 'home'}: {elsewhere}, expected 404")
    assert not wrong, f"{role}: " + "; ".join(wrong)


ACTIONS: dict[str, tuple[str, dict[str, str], frozenset[str]]] = {
    "start the annual review": (
        "policy/review/",
        {"version": "9.0", "reason": "Annual review"},
        frozenset({SENIOR, HEAD, ADMIN}),
    ),
    "decide another's request": (
        "agreements/approvals/{other}/",
        {"decision": "approved", "reason": "ok"},
        frozenset({SENIOR, HEAD}),
    ),
    "record a consent decision": (
        "agreements/consents/pupils/P1/",
        {"use": "website", "status": "granted", "given_by": "", "recorded_on": "2026-01-01"},
        SAFEGUARDING | {ICT, ADMIN},
    ),
}


@pytest.mark.parametrize("role", sorted(Role.values))
def test_each_role_can_take_exactly_its_actions(
    role: str, school: Any, world: dict[str, Any], make_user: Any
) -> None:
    client = Client()
    client.force_login(make_user(f"actor-{role}", school, role, PERSON_OF.get(role, "")))
    wrong = []
    for action, (page, data, allowed) in ACTIONS.items():
        path = page.format(other=world["other"].pk)
        status = client.post(f"/s/{school.slug}/{path}", data).status_code
        refused = status == 403
        if refused == (role in allowed):
            wrong.append(f"{action}: {status}")
    assert not wrong, f"{role}: " + "; ".join(wrong)


def test_a_request_cannot_be_decided_by_the_person_who_made_it(
    school: Any, world: dict[str, Any], make_user: Any
) -> None:
    client = Client()
    client.force_login(make_user("self", school, SENIOR, "H1"))
    mine = _own_approval(world, school, SENIOR)
    assert mine is not None
    client.post(
        f"/s/{school.slug}/agreements/approvals/{mine.pk}/", {"decision": "approved", "reason": "x"}
    )
    mine.refresh_from_db()
    assert mine.status == "requested"
