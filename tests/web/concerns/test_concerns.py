"""Concerns: routing, who can read them, the council page (public, rate-limited), escaping."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from saferpractice.web.audit.models import AuditEvent
from saferpractice.web.concerns import services
from saferpractice.web.concerns.models import Concern, ConcernSource, RoutedTo

pytestmark = pytest.mark.django_db

EVIL = '<script>alert("c")</script><img src=x onerror=alert(2)>'


@pytest.fixture
def staff(school: Any) -> dict[str, Any]:
    from saferpractice.web.registers.models import Person

    made = {}
    for ref, given, family, responsibilities in (
        ("S001", "Rory", "Williams", []),
        ("S002", "Clara", "Oswald", ["dsl"]),
        ("S003", "Donna", "Noble", ["head-teacher"]),
    ):
        made[ref] = Person.objects.create(
            school=school,
            ref=ref,
            given_name=given,
            family_name=family,
            role="staff",
            responsibilities=responsibilities,
        )
    return made


def _url(school: Any, name: str, **kwargs: Any) -> str:
    return reverse(f"concerns:{name}", kwargs={"school": school.slug, **kwargs})


def _client(make_user: Any, school: Any, username: str, role: str, ref: str = "") -> Client:
    user = make_user(username, school, role, ref)
    client = Client()
    client.force_login(user)
    return client


def test_a_staff_concern_goes_to_the_dsl_and_the_reporter_sees_only_its_status(
    school: Any, staff: Any, make_user: Any
) -> None:
    teacher = _client(make_user, school, "teacher", "staff", "S001")
    response = teacher.post(
        _url(school, "report"), {"kind": "online-safety", "text": f"A worry {EVIL}"}
    )
    assert response.status_code == 302
    concern = Concern.objects.get(school=school)
    assert concern.routed_to == RoutedTo.DSL
    mine = teacher.get(_url(school, "mine")).content.decode()
    assert "Received" in mine and "A worry" not in mine
    assert teacher.get(_url(school, "concern", pk=concern.pk)).status_code == 403
    assert teacher.get(_url(school, "queue")).status_code == 403
    dsl = _client(make_user, school, "dsl", "dsl", "S002")
    page = dsl.get(_url(school, "concern", pk=concern.pk)).content.decode()
    assert "&lt;script&gt;alert(&quot;c&quot;)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert AuditEvent.objects.filter(
        action="viewed", target_type="concerns.Concern", target_id=str(concern.pk)
    ).exists()


def test_a_concern_about_the_dsl_goes_to_the_head_teacher_only(
    school: Any, staff: Any, make_user: Any
) -> None:
    teacher = _client(make_user, school, "teacher", "staff", "S001")
    teacher.post(
        _url(school, "report"),
        {"kind": "colleague", "about": "S002", "text": "gave a pupil their number"},
    )
    concern = Concern.objects.get(school=school)
    assert concern.routed_to == RoutedTo.HEAD
    dsl = _client(make_user, school, "dsl", "dsl", "S002")
    assert dsl.get(_url(school, "concern", pk=concern.pk)).status_code == 403
    assert "gave a pupil" not in dsl.get(_url(school, "queue")).content.decode()
    head = _client(make_user, school, "head", "head-teacher", "S003")
    assert head.get(_url(school, "concern", pk=concern.pk)).status_code == 200
    assert "gave a pupil" in head.get(_url(school, "queue")).content.decode()


def test_a_colleague_concern_must_name_the_colleague(
    school: Any, staff: Any, make_user: Any
) -> None:
    teacher = _client(make_user, school, "teacher", "staff", "S001")
    response = teacher.post(_url(school, "report"), {"kind": "colleague", "text": "x"})
    assert response.status_code == 200
    assert "Choose the colleague" in response.content.decode()
    assert not Concern.objects.exists()


@pytest.mark.parametrize("role", ["governor", "trust-viewer", "ict-lead", "senior-leader"])
def test_other_roles_cannot_read_concerns(
    school: Any, staff: Any, make_user: Any, role: str
) -> None:
    concern = services.file_staff_concern(school, None, "online-safety", "secret worry")
    client = _client(make_user, school, "someone", role)
    assert client.get(_url(school, "queue")).status_code == 403
    assert client.get(_url(school, "concern", pk=concern.pk)).status_code == 403


def test_another_schools_dsl_gets_not_found(
    school: Any, other_school: Any, staff: Any, make_user: Any
) -> None:
    concern = services.file_staff_concern(school, None, "online-safety", "secret worry")
    client = _client(make_user, other_school, "dsl2", "dsl")
    assert client.get(_url(school, "concern", pk=concern.pk)).status_code == 404


def test_the_council_page_needs_no_sign_in_and_files_an_anonymous_report(
    school: Any, staff: Any, make_user: Any
) -> None:
    public = Client(enforce_csrf_checks=True)
    page = public.get(_url(school, "council"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cyber Safety" in html and "CEOP" in html and "Childline" in html
    token = page.cookies["csrftoken"].value
    response = public.post(
        _url(school, "council"),
        {
            "csrfmiddlewaretoken": token,
            "reporter_kind": "pupil",
            "text": f"Someone keeps being mean {EVIL}",
            "anonymous": "on",
            "name": "Amy, 6B",
        },
    )
    assert response.status_code == 302
    thanks = public.get(response["Location"]).content.decode()
    assert "Someone keeps being mean" not in thanks
    concern = Concern.objects.get(school=school)
    assert concern.source == ConcernSource.COUNCIL and concern.anonymous
    assert concern.reporter_name == ""  # they chose anonymity: the name is not kept
    assert concern.client_key and "127.0.0.1" not in concern.client_key
    dsl = _client(make_user, school, "dsl", "dsl", "S002")
    assert "Someone keeps being mean" in dsl.get(_url(school, "queue")).content.decode()


def test_the_council_page_refuses_a_post_without_csrf(school: Any) -> None:
    public = Client(enforce_csrf_checks=True)
    response = public.post(_url(school, "council"), {"reporter_kind": "pupil", "text": "x"})
    assert response.status_code == 403
    assert not Concern.objects.exists()


def test_the_council_page_never_shows_another_report(school: Any) -> None:
    services.file_council_report(school, {"text": "first secret report"}, "k")
    html = Client().get(_url(school, "council")).content.decode()
    assert "first secret report" not in html


def test_the_council_page_is_rate_limited(school: Any) -> None:
    public = Client()
    data = {"reporter_kind": "parent", "text": "worry"}
    codes = [public.post(_url(school, "council"), data).status_code for _ in range(7)]
    assert codes[:5] == [302] * 5
    assert codes[5:] == [429, 429]
    assert Concern.objects.count() == 5


def test_an_unknown_school_has_no_council_page() -> None:
    assert Client().get("/s/no-such-school/concerns/council/").status_code == 404


def test_handling_a_concern_records_notes_and_is_audited(
    school: Any, staff: Any, make_user: Any
) -> None:
    concern = services.file_staff_concern(school, None, "online-safety", "worry")
    dsl = _client(make_user, school, "dsl", "dsl", "S002")
    response = dsl.post(
        _url(school, "concern", pk=concern.pk),
        {"status": "closed", "note": "Spoke to parents", "outcome": "Advice given"},
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == "closed" and concern.closed_at is not None
    assert AuditEvent.objects.filter(summary__contains="received → closed").exists()
