"""Every form that changes a finding, concern, scan or self-review refuses a POST without a
CSRF token, whoever sends it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from saferpractice.web.concerns.models import Concern
from saferpractice.web.insights.figures import requirement_ids
from saferpractice.web.insights.models import RequirementReview
from saferpractice.web.review.models import Exclusion, Reviewer, Scan

pytestmark = pytest.mark.django_db


def test_every_changing_form_needs_a_csrf_token(school: Any, stored: Any, make_user: Any) -> None:
    from saferpractice.web.concerns import services

    stored()
    for username, role in (("dsl", "dsl"), ("head", "head-teacher"), ("ict", "ict-lead")):
        make_user(username, school, role, "S002" if role == "dsl" else "")
    concern = services.file_staff_concern(school, None, "online-safety", "worry")
    exclusion = Exclusion.objects.create(school=school, rule="contact.personal-message", reason="x")
    _, req_id, _ = requirement_ids(school)[0]
    slug = school.slug
    posts = [
        ("ict", reverse("review:scans", kwargs={"school": slug}), {"folder": "/tmp"}),
        (
            "head",
            reverse("review:exclusions", kwargs={"school": slug}),
            {"exclusion": exclusion.pk},
        ),
        ("head", reverse("review:reviewers", kwargs={"school": slug}), {"level": "analyst"}),
        ("head", reverse("review:reviewers", kwargs={"school": slug}), {"days": "5"}),
        ("head", reverse("concerns:report", kwargs={"school": slug}), {"text": "x"}),
        (
            "dsl",
            reverse("concerns:concern", kwargs={"school": slug, "pk": concern.pk}),
            {"status": "closed"},
        ),
        (
            "head",
            reverse("insights:rate", kwargs={"school": slug, "requirement": req_id}),
            {"rating": "in-place"},
        ),
    ]
    for username, url, data in posts:
        client = Client(enforce_csrf_checks=True)
        client.force_login(get_user_model().objects.get(username=username))
        assert client.post(url, data).status_code == 403, url
    assert not Scan.objects.exists()
    assert Exclusion.objects.get(pk=exclusion.pk).active
    assert not Reviewer.objects.exists()
    assert Concern.objects.count() == 1 and Concern.objects.get().status == "received"
    assert not RequirementReview.objects.exists()


def test_analysts_see_pseudonyms_in_the_queue_too(school: Any, stored: Any, signed_in: Any) -> None:
    stored()
    client = signed_in("ana", school, "staff", "S003")
    Reviewer.objects.create(
        school=school, user=get_user_model().objects.get(username="ana"), level="analyst"
    )
    html = client.get(reverse("review:queue", kwargs={"school": school.slug})).content.decode()
    assert "F-0000000000000001" in html
    assert "Rory" not in html and "Amy Pond" not in html and "Williams" not in html
