"""Approvals (request, decision, expiry, audit, and the checks using them) and consents
(history and the staff quick check)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from saferpractice.web.agreements.models import Approval, ApprovalStatus, Consent
from saferpractice.web.audit.models import AuditEvent
from saferpractice.web.organisations.models import Role
from saferpractice.web.registers.folder import core_school
from saferpractice.web.registers.models import Device, Person

pytestmark = pytest.mark.django_db


def _client(make_user: Any, username: str, school: Any, role: str, ref: str = "") -> Client:
    client = Client()
    client.force_login(make_user(username, school, role, ref))
    return client


@pytest.fixture
def people(school: Any) -> dict[str, Person]:
    rows = [
        ("T1", "Maya", "Green", "staff", [], []),
        ("T2", "Olu", "Adeyemi", "staff", [], []),
        ("H1", "Rita", "Shah", "staff", ["senior-leader"], []),
        ("P1", "Ella", "Wood", "pupil", [], []),
        ("P2", "Sam", "Wood", "pupil", [], []),
        ("P3", "Ivy", "Cole", "pupil", [], []),
        ("G1", "Jo", "Wood", "parent", [], ["P1", "P2"]),
    ]
    made = {}
    for i, (ref, given, family, role, resp, guardian_of) in enumerate(rows):
        made[ref] = Person.objects.create(
            school=school,
            ref=ref,
            given_name=given,
            family_name=family,
            role=role,
            responsibilities=resp,
            guardian_of=guardian_of,
            position=i,
        )
    return made


def test_staff_request_and_a_senior_leader_approves_then_the_checks_use_it(
    make_user: Any, school: Any, people: dict[str, Person]
) -> None:
    phone = Device.objects.create(
        school=school,
        ref="D1",
        owner=people["T1"],
        ownership="personal",
        kind="phone",
        make="Apple",
        model="iPhone 13",
    )
    teacher = _client(make_user, "teacher", school, Role.STAFF, "T1")
    senior = _client(make_user, "senior", school, Role.SENIOR_LEADER, "H1")
    base = f"/s/{school.slug}/agreements/approvals"
    start = date.today() + timedelta(days=3)
    response = teacher.post(
        f"{base}/request/",
        {
            "kind": "images",
            "device": str(phone.pk),
            "purpose": "Photos of the Year 5 trip",
            "valid_from": start.isoformat(),
            "valid_to": start.isoformat(),
        },
    )
    approval = Approval.objects.get(school=school)
    assert response.status_code == 302 and approval.status == ApprovalStatus.REQUESTED
    # Not an agreement until a senior leader approves it.
    assert core_school(school).approvals_covering("T1", "images", start, "D1") == ()

    # The member of staff cannot decide; a senior leader must give a reason.
    assert (
        teacher.post(f"{base}/{approval.pk}/", {"decision": "approved", "reason": "ok"}).status_code
        == 403
    )
    page = senior.post(f"{base}/{approval.pk}/", {"decision": "approved", "reason": ""})
    assert "This field is required" in page.content.decode()
    senior.post(f"{base}/{approval.pk}/", {"decision": "approved", "reason": "Trip agreed"})
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.APPROVED
    assert approval.approved_by_ref == "H1"
    assert AuditEvent.objects.filter(action="decided", target_id=str(approval.pk)).exists()

    covering = core_school(school).approvals_covering("T1", "images", start, "D1")
    assert [a.id for a in covering] == [approval.ref]
    detail = teacher.get(f"{base}/{approval.pk}/").content.decode()
    assert "Expires in" in detail or "Starts on" in detail
    assert "Trip agreed" in detail


def test_staff_never_see_another_members_approval(
    make_user: Any, school: Any, people: dict[str, Person]
) -> None:
    other = Approval.objects.create(
        school=school,
        ref="A9",
        person=people["T2"],
        kind="webcam",
        purpose="Secret",
        valid_from=date.today(),
        valid_to=date.today(),
    )
    teacher = _client(make_user, "teacher", school, Role.STAFF, "T1")
    listing = teacher.get(f"/s/{school.slug}/agreements/approvals/").content.decode()
    # ">A9<" rather than "A9": the page's random CSRF token can contain "A9".
    assert ">A9<" not in listing and "Secret" not in listing
    assert teacher.get(f"/s/{school.slug}/agreements/approvals/{other.pk}/").status_code == 403


def test_an_approval_past_its_dates_is_tagged_expired_on_its_page_as_on_the_list(
    make_user: Any, school: Any, people: dict[str, Person]
) -> None:
    ended = Approval.objects.create(
        school=school,
        ref="A8",
        person=people["T1"],
        kind="webcam",
        purpose="Parents' evening calls",
        valid_from=date.today() - timedelta(days=30),
        valid_to=date.today() - timedelta(days=1),
        status=ApprovalStatus.APPROVED,
    )
    senior = _client(make_user, "senior", school, Role.SENIOR_LEADER, "H1")
    page = senior.get(f"/s/{school.slug}/agreements/approvals/{ended.pk}/").content.decode()
    assert '<span class="tag tag-expired">Expired</span>' in page
    assert '<span class="tag tag-approved">' not in page


def test_consent_quick_check_answers_with_the_reason(
    make_user: Any, school: Any, people: dict[str, Person]
) -> None:
    Consent.objects.create(
        school=school,
        pupil=people["P1"],
        use="website",
        status="granted",
        given_by="G1",
        recorded_on=date(2025, 9, 1),
        position=0,
    )
    Consent.objects.create(
        school=school,
        pupil=people["P2"],
        use="website",
        status="granted",
        given_by="G1",
        recorded_on=date(2025, 9, 1),
        position=1,
    )
    Consent.objects.create(
        school=school,
        pupil=people["P2"],
        use="website",
        status="withdrawn",
        given_by="G1",
        recorded_on=date(2026, 1, 10),
        position=2,
    )
    teacher = _client(make_user, "teacher", school, Role.STAFF, "T1")
    url = f"/s/{school.slug}/agreements/consents/check/"
    yes = teacher.post(url, {"pupils": "Ella Wood", "use": "website"}).content.decode()
    assert "Yes, you can use it for the school website" in yes
    assert "Granted by Jo Wood on 1 September 2025" in yes
    no = teacher.post(
        url, {"pupils": "Ella Wood\nP2\nNobody Here", "use": "website"}
    ).content.decode()
    assert "No, do not use it for the school website" in no
    assert "Withdrawn by Jo Wood on 10 January 2026" in no
    assert "No pupil of that name or id" in no
    press = teacher.post(url, {"pupils": "Ivy Cole", "use": "press"}).content.decode()
    assert "No consent for newspapers and press is on record" in press


def test_the_nav_and_the_consent_pages_all_say_image_consent(
    make_user: Any, school: Any, people: dict[str, Person]
) -> None:
    check = f"/s/{school.slug}/agreements/consents/check/"
    register = f"/s/{school.slug}/agreements/consents/"
    teacher = _client(make_user, "teacher", school, Role.STAFF, "T1")
    page = teacher.get(check).content.decode()
    assert f'href="{check}"' in page and ">Image consent</a>" in page  # the nav
    assert "<title>Image consent: can I use this photo?" in page
    assert "Photo consent" not in page
    assert f'href="{register}"' not in page  # staff cannot open the register
    dsl = _client(make_user, "dsl", school, Role.DSL)
    page = dsl.get(check).content.decode()
    assert f'<a href="{register}">The image consent register</a>' in page
    page = dsl.get(register).content.decode()
    assert "<title>Image consent register" in page and "<h1>Image consent register</h1>" in page


def test_consent_history_is_kept_and_its_views_are_audited(
    make_user: Any, school: Any, people: dict[str, Person]
) -> None:
    dsl = _client(make_user, "dsl", school, Role.DSL)
    url = f"/s/{school.slug}/agreements/consents/pupils/P1/"
    for status in ("granted", "withdrawn"):
        dsl.post(
            url,
            {
                "use": "social-media",
                "status": status,
                "given_by": "G1",
                "recorded_on": date.today().isoformat(),
            },
        )
    assert list(Consent.objects.filter(pupil=people["P1"]).values_list("status", flat=True)) == [
        "granted",
        "withdrawn",
    ]
    page = dsl.get(url).content.decode()
    assert page.count("tag-withdrawn") >= 2  # today's state and the history
    assert AuditEvent.objects.filter(action="viewed", summary__contains="P1").exists()
    teacher = _client(make_user, "teacher", school, Role.STAFF, "T1")
    assert teacher.get(url).status_code == 403


@pytest.mark.parametrize(
    ("linked", "why"),
    [("", "not linked to your entry in the register"), ("T2", "head teacher or senior leader")],
)
def test_an_approval_always_records_who_approved_or_is_refused_with_the_reason(
    make_user: Any, school: Any, people: dict[str, Person], linked: str, why: str
) -> None:
    request = Approval.objects.create(
        school=school,
        ref="A5",
        person=people["T1"],
        kind="images",
        purpose="Trip photos",
        valid_from=date.today(),
        valid_to=date.today() + timedelta(days=1),
    )
    leader = _client(make_user, "leader", school, Role.SENIOR_LEADER, linked)
    url = f"/s/{school.slug}/agreements/approvals/{request.pk}/"
    page = leader.post(url, {"decision": "approved", "reason": "ok"}, follow=True)
    assert why in page.content.decode()
    request.refresh_from_db()
    assert request.status == ApprovalStatus.REQUESTED and request.approved_by_ref == ""
    # A decline needs no approver in the register, and is recorded.
    leader.post(url, {"decision": "declined", "reason": "No: use a school camera"})
    request.refresh_from_db()
    assert request.status == ApprovalStatus.DECLINED and request.approved_by_ref == ""
    assert all(a.approved_by for a in core_school(school).approvals)
