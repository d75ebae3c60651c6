"""An analyst reads the demo school's real findings (generated, scanned and stored as `make
demo` does, at a smaller size): no page or API answer shows a registered person's name,
email address or phone number, wherever in the finding it was written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from saferpractice.web.registers.models import Account, Person
from saferpractice.web.review.models import Finding, Reviewer

pytestmark = pytest.mark.django_db

SMALL = {"pupils": 60, "messages": 800, "images": 40}


@pytest.fixture
def demo_office(tmp_path: Path) -> Any:
    from saferpractice.demo import generate
    from saferpractice.web.demo import load_demo

    generate(1, tmp_path, **SMALL)
    return load_demo(tmp_path)


def _identifiers(school: Any) -> set[str]:
    """Full names, email addresses and phone numbers (as written and as digits)."""
    found: set[str] = set()
    for person in Person.objects.filter(school=school):
        if person.given_name and person.family_name:
            found.add(person.full_name.casefold())
        for value in (person.email, person.phone):
            if value:
                found.add(value.casefold())
    for account in Account.objects.filter(school=school, kind__in=["email", "phone"]):
        found.add(account.value.casefold())
    return found | {re.sub(r"\D", "", v) for v in found if re.fullmatch(r"[\d +()-]{10,}", v)}


def _leaks(text: str, identifiers: set[str]) -> list[str]:
    folded = text.casefold()
    digits = re.sub(r"\D", "", text)
    return sorted(
        i for i in identifiers if (i in digits if i.isdigit() and len(i) >= 10 else i in folded)
    )


# Reviewers' own names (the signed-in analyst in the masthead, who a finding is assigned to,
# who wrote a note) are office colleagues, not what the evidence says, and stay visible.
_REVIEWERS = [
    re.compile(r"<header.*?</header>", re.S),
    re.compile(r'<span class="muted">with [^<]*</span>'),
    re.compile(r"<dt>Assigned to</dt><dd>[^<]*</dd>"),
    re.compile(r'<select[^>]*name="assignee".*?</select>', re.S),
    re.compile(r'<ol class="history">.*?</ol>', re.S),
]


def _without_reviewers(body: str) -> str:
    for pattern in _REVIEWERS:
        body = pattern.sub("", body)
    return body


def test_an_analyst_sees_no_name_email_or_phone_in_real_demo_findings(demo_office: Any) -> None:
    from saferpractice.web.organisations.models import Membership, School

    school = School.objects.get(slug=demo_office.school_slug)
    findings = list(Finding.objects.filter(school=school))
    assert len(findings) >= 10, "the demo should give a queue's worth of findings"
    identifiers = _identifiers(school)
    # the findings really do mention people (otherwise this test proves nothing)
    raw = " ".join(f"{f.summary} {' '.join(map(str, f.why))} {f.excerpt}" for f in findings)
    assert len(_leaks(raw, identifiers)) >= 5

    teacher = get_user_model().objects.get(username="teacher")
    Reviewer.objects.create(school=school, user=teacher, level="analyst")
    me = Membership.objects.get(user=teacher, school=school).person_ref
    client = Client()
    client.force_login(teacher)
    slug = school.slug
    pages = [reverse("review:queue", kwargs={"school": slug})]
    pages += [
        reverse("review:finding", kwargs={"school": slug, "ref": f.ref})
        for f in findings
        if f.staff_ref != me
    ]
    pages += [reverse("api:findings", kwargs={"school": slug})]
    pages += [
        reverse("api:finding", kwargs={"school": slug, "ref": f.ref})
        for f in findings
        if f.staff_ref != me
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = _without_reviewers(response.content.decode())
        leaks = _leaks(body, identifiers)
        if leaks:
            Path("/tmp/web14/leak.html").write_text(body)
        assert not leaks, (url, leaks)
