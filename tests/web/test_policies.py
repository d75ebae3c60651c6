"""The policy pages: rendering with the core's renderer, the annual review workflow, the diff,
acknowledgement with changed items highlighted, and the leaders' export."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from saferpractice.checks.rules import RULES
from saferpractice.web.audit.models import AuditEvent
from saferpractice.web.organisations.models import Role
from saferpractice.web.policies.models import Acknowledgement, PolicyVersion, VersionStatus
from saferpractice.web.policies.services import ensure_published_policy
from saferpractice.web.registers.models import Person

pytestmark = pytest.mark.django_db
ITEM = "email.red.personal-account"
NEW_TEXT = "Never use a personal email account to contact a pupil or a parent, for any reason."


def _client(make_user: Any, username: str, school: Any, role: str, ref: str = "") -> Client:
    client = Client()
    client.force_login(make_user(username, school, role, ref))
    return client


@pytest.fixture
def staff(school: Any) -> list[Person]:
    return [
        Person.objects.create(school=school, ref=ref, given_name=g, family_name=f, role="staff")
        for ref, g, f in (("T1", "Maya", "Green"), ("T2", "Olu", "Adeyemi"), ("H1", "Rita", "Shah"))
    ]


def test_the_policy_document_is_the_cli_renderer_and_downloads_as_pdf(
    make_user: Any, school: Any
) -> None:
    from saferpractice.policy.render import render_html

    client = _client(make_user, "gov", school, Role.GOVERNOR)
    version = ensure_published_policy(school)
    page = client.get(f"/s/{school.slug}/policy/")
    assert page.status_code == 200
    document = client.get(f"/s/{school.slug}/policy/versions/{version.pk}/document/")
    from saferpractice.web.policies.services import parse_policy

    assert document.content.decode() == render_html(parse_policy(version.text))
    assert document["X-Frame-Options"] == "SAMEORIGIN"
    pdf = client.get(f"/s/{school.slug}/policy/versions/{version.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_what_we_check_lists_every_rule_that_runs(make_user: Any, school: Any) -> None:
    client = _client(make_user, "t", school, Role.STAFF)
    page = client.get(f"/s/{school.slug}/policy/what-we-check/").content.decode()
    for rule in RULES.values():
        assert rule.title.replace("'", "&#x27;") in page


def test_annual_review_from_draft_to_published_asks_staff_to_reacknowledge(
    make_user: Any, school: Any, staff: list[Person]
) -> None:
    old = ensure_published_policy(school)
    for person in staff:
        Acknowledgement.objects.create(
            school=school, person=person, policy_version=old.version, acknowledged_on="2026-09-01"
        )
    senior = _client(make_user, "senior", school, Role.SENIOR_LEADER, "H1")
    head = _client(make_user, "head", school, Role.HEAD_TEACHER)
    teacher = _client(make_user, "teacher", school, Role.STAFF, "T1")
    base = f"/s/{school.slug}/policy"

    # A member of staff cannot start a review; a senior leader can.
    assert teacher.post(f"{base}/review/", {"version": "3.0", "reason": "x"}).status_code == 403
    response = senior.post(f"{base}/review/", {"version": "3.0", "reason": "Annual review 2026"})
    draft = PolicyVersion.objects.get(school=school, version="3.0")
    assert response["Location"].endswith(f"/review/{draft.pk}/")
    assert draft.status == VersionStatus.DRAFT

    edit = senior.post(f"{base}/review/{draft.pk}/items/{ITEM}/edit/", {"text": NEW_TEXT})
    assert edit.status_code == 302
    senior.post(f"{base}/review/{draft.pk}/next-step/")
    draft.refresh_from_db()
    assert draft.status == VersionStatus.CIRCULATED

    # Reviewers comment on items; only the head teacher approves.
    teacher.post(f"{base}/review/{draft.pk}/comment/", {"item_id": ITEM, "text": "Clearer, thanks"})
    assert draft.comments.get().text == "Clearer, thanks"
    assert senior.post(f"{base}/review/{draft.pk}/next-step/").status_code == 403
    head.post(f"{base}/review/{draft.pk}/next-step/")
    draft.refresh_from_db()
    assert draft.status == VersionStatus.APPROVED
    senior.post(f"{base}/review/{draft.pk}/next-step/", follow=True)
    draft.refresh_from_db()
    old.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert old.status == VersionStatus.SUPERSEDED
    event = AuditEvent.objects.filter(action="workflow").order_by("-seq").first()
    assert event is not None and "3 staff asked to acknowledge" in event.summary

    # The member of staff is asked again, and the changed item is highlighted.
    home = teacher.get(f"/s/{school.slug}/").content.decode()
    assert "Please read and acknowledge the policy" in home
    page = teacher.get(f"{base}/acknowledge/").content.decode()
    assert f'id="change-{ITEM}"' in page
    assert "<ins>" in page and "reason." in page
    teacher.post(f"{base}/acknowledge/", {"confirm": "on"})
    assert Acknowledgement.objects.filter(person__ref="T1", policy_version="3.0").exists()

    # Leaders see who has not, and can export the list.
    csv_text = senior.get(f"{base}/acknowledgements/not-acknowledged.csv").content.decode()
    assert "T2,Olu,Adeyemi" in csv_text and "T1," not in csv_text
    diff = head.get(f"{base}/versions/{draft.pk}/changes/").content.decode()
    assert "Changed" in diff and "<del>" in diff


def test_staff_cannot_see_who_has_acknowledged(make_user: Any, school: Any) -> None:
    teacher = _client(make_user, "teacher", school, Role.STAFF)
    assert teacher.get(f"/s/{school.slug}/policy/acknowledgements/").status_code == 403
