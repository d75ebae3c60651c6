"""Dashboards, the self-review and the annual review pack: figures, access, escaping, the PDF."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from saferpractice.web.insights import charts
from saferpractice.web.insights.figures import figures_for, requirement_ids
from saferpractice.web.insights.models import RequirementReview

pytestmark = pytest.mark.django_db


def _client(make_user: Any, school: Any, username: str, role: str) -> Client:
    client = Client()
    client.force_login(make_user(username, school, role))
    return client


def _url(school: Any, name: str, **kwargs: Any) -> str:
    return reverse(f"insights:{name}", kwargs={"school": school.slug, **kwargs})


def test_chart_labels_are_escaped() -> None:
    svg = str(
        charts.stacked_columns("<t>", ["<script>x</script>"], [charts.Series("<b>", "#000", (3,))])
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg
    assert svg.startswith("<svg") and 'role="img"' in svg
    bars = str(charts.bars("t", [("a & b", 150.0, "#000")]))
    assert "a &amp; b" in bars and "150%" in bars


def test_coverage_counts_current_staff_and_latest_unexpired_consent(school: Any) -> None:
    from saferpractice.web.agreements.models import Consent
    from saferpractice.web.policies.models import Acknowledgement
    from saferpractice.web.policies.services import current_version
    from saferpractice.web.registers.models import Person

    version = current_version(school)
    assert version is not None
    staff = [
        Person.objects.create(school=school, ref=f"S{n}", role="staff", given_name="A")
        for n in range(4)
    ]
    Person.objects.create(school=school, ref="S9", role="staff", left_on=date(2020, 1, 1))
    Acknowledgement.objects.create(
        school=school, person=staff[0], policy_version=version.version, acknowledged_on=date.today()
    )
    Acknowledgement.objects.create(
        school=school, person=staff[1], policy_version="0.1", acknowledged_on=date.today()
    )
    pupils = [Person.objects.create(school=school, ref=f"P{n}", role="pupil") for n in range(2)]
    today = date.today()
    # pupil 0: granted then withdrawn; pupil 1: granted, not expired
    Consent.objects.create(
        school=school,
        pupil=pupils[0],
        use="website",
        status="granted",
        given_by="C1",
        recorded_on=today - timedelta(days=10),
    )
    Consent.objects.create(
        school=school,
        pupil=pupils[0],
        use="website",
        status="withdrawn",
        given_by="C1",
        recorded_on=today - timedelta(days=1),
    )
    Consent.objects.create(
        school=school,
        pupil=pupils[1],
        use="website",
        status="granted",
        given_by="C2",
        recorded_on=today,
        expires_on=today + timedelta(days=5),
    )
    Consent.objects.create(
        school=school,
        pupil=pupils[1],
        use="press",
        status="granted",
        given_by="C2",
        recorded_on=today - timedelta(days=400),
        expires_on=today - timedelta(days=1),
    )
    fig = figures_for([school])
    assert (fig.staff, fig.acknowledged) == (4, 1)
    uses = dict(fig.consent_by_use)
    assert uses["The school website"] == 1
    assert uses["Newspapers and press"] == 0
    assert fig.pupils == 2


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("head-teacher", 200),
        ("senior-leader", 200),
        ("dsl", 200),
        ("governor", 200),
        ("trust-viewer", 200),
        ("staff", 403),
        ("ict-lead", 403),
    ],
)
def test_who_sees_the_dashboard(school: Any, make_user: Any, role: str, code: int) -> None:
    client = _client(make_user, school, "someone", role)
    assert client.get(_url(school, "dashboard")).status_code == code


def test_the_trust_view_aggregates_schools_without_names(school: Any, make_user: Any) -> None:
    from saferpractice.web.organisations.setup import create_school
    from saferpractice.web.registers.models import Person

    sister = create_school("Ash Lane Infants", "Riverside Trust", "trust")
    Person.objects.create(school=sister, ref="S1", role="staff", given_name="Zebedee")
    Person.objects.create(school=school, ref="S1", role="staff", given_name="Ermintrude")
    client = _client(make_user, school, "trust", "trust-viewer")
    html = client.get(_url(school, "trust")).content.decode()
    assert "Ash Lane Infants" in html and "Oak Tree Primary" in html
    assert "Zebedee" not in html and "Ermintrude" not in html
    head = _client(make_user, school, "head", "head-teacher")
    assert head.get(_url(school, "trust")).status_code == 403


def test_rating_a_requirement_builds_the_action_plan(school: Any, make_user: Any) -> None:
    _, req_id, _ = requirement_ids(school)[0]
    client = _client(make_user, school, "head", "head-teacher")
    url = _url(school, "rate", requirement=req_id)
    response = client.post(url, {"rating": "not-yet"})
    assert response.status_code == 200
    assert "An action plan needs" in response.content.decode()
    response = client.post(
        url,
        {"rating": "not-yet", "action": "<b>Write it</b>", "owner": "DSL", "due_on": "2027-01-31"},
    )
    assert response.status_code == 302
    review = RequirementReview.objects.get(school=school, requirement_id=req_id)
    assert review.owner == "DSL"
    html = client.get(_url(school, "self-review")).content.decode()
    assert "&lt;b&gt;Write it&lt;/b&gt;" in html and "31 Jan 2027" in html
    governor = _client(make_user, school, "gov", "governor")
    assert governor.get(_url(school, "self-review")).status_code == 200
    assert governor.post(url, {"rating": "in-place"}).status_code == 403
    assert client.get(_url(school, "rate", requirement="no.such")).status_code == 404


def test_the_annual_review_pack_is_a_pdf_with_the_standards(school: Any, make_user: Any) -> None:
    import shutil
    import subprocess

    _, req_id, _ = requirement_ids(school)[0]
    RequirementReview.objects.create(
        school=school,
        requirement_id=req_id,
        rating="not-yet",
        action="Write the webcam rule",
        owner="ICT lead",
        due_on=date(2027, 2, 1),
        reviewed_on=date.today(),
    )
    client = _client(make_user, school, "gov", "governor")
    response = client.get(_url(school, "pack"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext (poppler-utils) reads the PDF back"
    text = subprocess.run(
        [tool, "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    text = " ".join(text.split())
    for words in (
        "filtering and monitoring standards",
        "Roles",
        "Filtering",
        "Monitoring",
        "Changes to the policy",
        "webcam",
    ):
        assert words in text
    staff = _client(make_user, school, "teacher", "staff")
    assert staff.get(_url(school, "pack")).status_code == 403
