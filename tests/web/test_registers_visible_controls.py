"""Register and self-review text comes from outside (an imported school folder, a typed
action or owner): its invisible control characters are shown as visible marks (<U+202E>)
on the registers' and insights' pages, as on the review pages, never obeyed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from saferpractice.web.insights.figures import requirement_ids
from saferpractice.web.insights.models import RequirementReview
from saferpractice.web.registers.models import Account, Device, Person
from saferpractice.web.review.templatetags.evidence_text import shown_each

pytestmark = pytest.mark.django_db

RLO = "\u202e"
ZWSP = "\u200b"
TRICK = f"invoice{RLO}fdp.exe{ZWSP}"


def _check(html: str, where: str) -> None:
    assert RLO not in html and ZWSP not in html, f"raw control character on {where}"
    assert "&lt;U+202E&gt;" in html, f"no visible mark on {where}"


def test_register_pages_show_controls_in_imported_text_visibly(school: Any, signed_in: Any) -> None:
    person = Person.objects.create(
        school=school,
        ref=f"S9{RLO}9",
        given_name=f"Rory{RLO}",
        family_name=TRICK,
        role="staff",
        email=f"rory{ZWSP}@example.org",
        phone=f"0700{RLO}",
        responsibilities=[TRICK],
        notes=TRICK,
    )
    Account.objects.create(
        school=school, person=person, kind="email", value=TRICK, ownership="personal"
    )
    Device.objects.create(
        school=school, ref=f"D1{RLO}", owner=person, ownership="school", kind="laptop", make=TRICK
    )
    client = signed_in("dsl", school, "dsl", "S002")
    slug = school.slug
    pages = {
        "people": reverse("registers-people", kwargs={"school": slug}),
        "person": reverse("registers-person", kwargs={"school": slug, "ref": person.ref}),
        "accounts": reverse("registers-accounts", kwargs={"school": slug}),
        "devices": reverse("registers-devices", kwargs={"school": slug}),
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        _check(response.content.decode(), where)


def test_self_review_shows_controls_in_typed_text_visibly(school: Any, signed_in: Any) -> None:
    _, req_id, _ = requirement_ids(school)[0]
    RequirementReview.objects.create(
        school=school,
        requirement_id=req_id,
        rating="not-yet",
        evidence=TRICK,
        action=TRICK,
        owner=TRICK,
        due_on=date(2027, 2, 1),
        reviewed_on=date.today(),
    )
    client = signed_in("head", school, "head-teacher")
    response = client.get(reverse("insights:self-review", kwargs={"school": school.slug}))
    assert response.status_code == 200
    _check(response.content.decode(), "self-review")


def test_shown_each_marks_every_item_and_leaves_escaping_to_join() -> None:
    assert shown_each([TRICK, "plain"]) == ["invoice<U+202E>fdp.exe<U+200B>", "plain"]
    assert shown_each(None) == [] and shown_each("one") == ["one"]
