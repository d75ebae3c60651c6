"""Bidirectional and other invisible control characters in evidence, reports and usernames
are shown as visible marks (<U+202E>) on every page that shows them, never obeyed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from review_builders import core_finding

from saferpractice.web.concerns import services
from saferpractice.web.review.models import Exclusion, Scan, ScanSource, ScanStatus

pytestmark = pytest.mark.django_db

RLO = "\u202e"
ZWSP = "\u200b"
TRICK = f"invoice{RLO}fdp.exe{ZWSP} and {ZWSP}more"


def _check(html: str, where: str) -> None:
    assert RLO not in html and ZWSP not in html, f"raw control character on {where}"
    assert "&lt;U+202E&gt;" in html, f"no visible mark on {where}"


def test_every_page_showing_outsider_text_shows_controls_visibly(
    school: Any, stored: Any, signed_in: Any
) -> None:
    stored(
        core_finding(
            excerpt=f"Don't tell anyone {TRICK}",
            spans=((0, 17, "secrecy"),),
            summary=f"Rory Williams sent {TRICK}",
        )
    )
    concern = services.file_council_report(
        school,
        {"text": TRICK, "happened": TRICK, "where": TRICK, "name": TRICK, "contact": TRICK},
        "k",
    )
    Scan.objects.create(
        school=school,
        source=ScanSource.FOLDER,
        label=TRICK,
        path="/tmp",
        as_of=date(2026, 11, 24),
        status=ScanStatus.FINISHED,
        problems=[f"{TRICK}: not a mailbox"],
    )
    Exclusion.objects.create(
        school=school, rule="contact.personal-message", reason=TRICK, contains=TRICK
    )
    Client().post("/sign-in/", {"username": f"admin{RLO}", "password": "wrong"})
    client = signed_in("dsl", school, "dsl", "S002")
    slug = school.slug
    scan = Scan.objects.get(school=school)
    pages = {
        "queue": reverse("review:queue", kwargs={"school": slug}),
        "finding": reverse("review:finding", kwargs={"school": slug, "ref": "F-0000000000000001"}),
        "concerns": reverse("concerns:queue", kwargs={"school": slug}),
        "concern": reverse("concerns:concern", kwargs={"school": slug, "pk": concern.pk}),
        "scans": reverse("review:scans", kwargs={"school": slug}),
        "scan": reverse("review:scan", kwargs={"school": slug, "pk": scan.pk}),
        "exclusions": reverse("review:exclusions", kwargs={"school": slug}),
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        _check(response.content.decode(), where)


def test_the_audit_log_shows_a_hostile_username_visibly(school: Any, signed_in: Any) -> None:
    Client().post("/sign-in/", {"username": f"admin{RLO}gnp.exe", "password": "wrong"})
    client = signed_in("dsl", school, "dsl", "S002")
    from saferpractice.web.audit.chain import record

    record("changed", f"note {TRICK}", school=school)
    html = client.get(reverse("audit-log", kwargs={"school": school.slug})).content.decode()
    _check(html, "audit log")
