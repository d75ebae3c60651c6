"""The registers, agreements, self-review and remaining office pages in a real browser, on a
desktop and on a phone, with axe-core (WCAG 2.2 A and AA, target size included) and the
320 CSS px reflow check on each. These pages had no browser test until the `|shown` filter
changed how their text is drawn; this file keeps them covered.

The school's records carry long unbroken text, HTML and a right-to-left override, as an
imported folder or a typed form can, so the pages are checked as they look at their worst.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from review_builders import core_finding

from saferpractice.findings import EvidencePointer

from .conftest import DEMO_PASSWORD, fits_320, sign_in

pytestmark = pytest.mark.slow
A11y = Callable[[Any, str], None]

RLO = "\u202e"
NAME = f"<b>Hughes</b>{RLO}"  # imported text: HTML and a right-to-left override
LONG_EMAIL = "rory.hughes.deputy.head.and.computing.lead@millbrook-primary-school.sch.uk"
LONG_MESSAGE_ID = "20260710121034.e4d5ee7d5d7e56a711aa@millbrook-primary-school.sch.uk"


def _hostile_records(school: Any) -> dict[str, str]:
    """A member of staff, an account and a self-review rating with awkward text."""
    from saferpractice.web.insights.figures import requirement_ids
    from saferpractice.web.insights.models import RequirementReview
    from saferpractice.web.registers.models import Account, Person

    person = Person.objects.create(
        school=school,
        ref="S09",
        given_name="Rory",
        family_name=NAME,
        role="staff",
        email=LONG_EMAIL,
        responsibilities=["computing lead"],
    )
    Account.objects.create(
        school=school, person=person, kind="email", value=LONG_EMAIL, ownership="school"
    )
    _, requirement, _ = requirement_ids(school)[0]
    RequirementReview.objects.create(
        school=school,
        requirement_id=requirement,
        rating="partly",
        evidence=f"Staff handbook <i>page 12</i>{RLO}",
        action="Add the rule to the acceptable use policy and brief every member of staff.",
        owner=NAME,
        due_on=date.today() + timedelta(days=60),
        reviewed_on=date.today(),
    )
    return {"person": person.ref, "requirement": requirement}


def _visit(desktop: Any, phone: Any, accessible: A11y, url: str, name: str) -> None:
    """The page passes axe on a desktop and a phone and reflows at 320 CSS px."""
    response = desktop.goto(url)
    assert response is not None and response.status == 200, f"{name}: {url}"
    accessible(desktop, name)
    phone.goto(url)
    accessible(phone, f"{name}-phone")
    fits_320(phone)


def _signed_in_pair(base: str, page: Any, phone: Any, username: str) -> None:
    sign_in(page, base, username)
    sign_in(phone, base, username)


def test_the_registers_and_agreements_pages_pass_axe_on_a_desktop_and_a_phone(
    office: dict[str, Any], page: Any, phone: Any, accessible: A11y
) -> None:
    from saferpractice.web.agreements.models import Approval

    school, base = office["school"], office["url"]
    refs = _hostile_records(school)
    _signed_in_pair(base, page, phone, "head")
    here = f"{base}/s/{school.slug}"
    approval = Approval.objects.filter(school=school).order_by("ref").first()
    assert approval is not None
    for name, path in (
        ("registers", "registers/"),
        ("register-people", "registers/people/"),
        ("register-person-hostile", f"registers/people/{refs['person']}/"),
        ("register-accounts", "registers/accounts/"),
        ("register-devices", "registers/devices/"),
        ("register-acknowledgements", "registers/acknowledgements/"),
        ("register-import", "registers/import/"),
        ("approvals", "agreements/approvals/"),
        ("approval", f"agreements/approvals/{approval.pk}/"),
        ("approval-request", "agreements/approvals/request/"),
        ("consents", "agreements/consents/"),
        ("pupil-consents", "agreements/consents/pupils/P01/"),
        ("policy-acknowledgements", "policy/acknowledgements/"),
        ("policy-history", "policy/history/"),
    ):
        _visit(page, phone, accessible, f"{here}/{path}", name)

    # imported text is shown as written: the HTML as text, the override as a visible mark
    page.goto(f"{here}/registers/people/")
    row = page.get_by_role("row").filter(has_text="Rory")
    assert "<b>Hughes</b><U+202E>" in row.inner_text()
    assert row.locator("b").count() == 0
    # the consent history names the parent or carer, not their register id
    page.goto(f"{here}/agreements/consents/pupils/P01/")
    history = page.get_by_role("region", name="Consent history")
    assert "Sarah Clarke" in history.inner_text() and "G01" not in history.inner_text()


def test_the_self_review_pages_pass_axe_and_describe_the_chart_in_words(
    office: dict[str, Any], page: Any, phone: Any, accessible: A11y
) -> None:
    from django.contrib.auth import get_user_model

    from saferpractice.web.organisations.models import Membership, Role

    school, base = office["school"], office["url"]
    refs = _hostile_records(school)
    governor = get_user_model().objects.create_user(username="governor", password=DEMO_PASSWORD)
    Membership.objects.create(user=governor, school=school, role=Role.GOVERNOR)
    here = f"{base}/s/{school.slug}/insights/self-review"
    _signed_in_pair(base, page, phone, "head")
    _visit(page, phone, accessible, f"{here}/", "self-review-head")
    _visit(page, phone, accessible, f"{here}/{refs['requirement']}/", "self-review-rate")

    page.goto(f"{here}/")
    # a screen reader hears the figures, not only the chart's name
    named = re.compile(r"^Self-review progress: In place 0%; Partly in place \d+%; .*Not yet rated")
    assert page.get_by_role("img", name=named).count() == 1
    assert page.get_by_text("1 partly in place").is_visible()
    # the action plan scrolls in its own box, which the keyboard can reach
    plan = page.get_by_role("region", name="Action plan")
    assert plan.get_attribute("tabindex") == "0"
    # typed text shown as written, never as markup
    assert "Staff handbook <i>page 12</i><U+202E>" in page.locator("main").inner_text()
    assert page.locator("main i").count() == 0
    # the Rate link names the requirement, not its machine id
    assert page.get_by_role("link", name=re.compile(r"^Rate\W+The RUP.AUP")).count() >= 1
    assert page.get_by_role("link", name=re.compile(re.escape(refs["requirement"]))).count() == 0

    page.context.clear_cookies()
    phone.context.clear_cookies()
    _signed_in_pair(base, page, phone, "governor")
    _visit(page, phone, accessible, f"{here}/", "self-review-governor")
    assert page.get_by_role("link", name=re.compile(r"^Rate\b")).count() == 0


def test_the_other_office_pages_pass_axe_on_a_desktop_and_a_phone(
    office: dict[str, Any], page: Any, phone: Any, accessible: A11y
) -> None:
    from django.contrib.auth import get_user_model

    from saferpractice.web.concerns import services
    from saferpractice.web.organisations.models import Membership, Role
    from saferpractice.web.review.store import store_findings

    school, base = office["school"], office["url"]
    finding = core_finding("F-00000000000000d1", people=("S04", "P01"))
    long_source = dataclasses.replace(
        finding.evidence,
        kind="mail",
        source="mail/vault-2026-summer-term-staff-mailboxes.mbox",
        ref=LONG_MESSAGE_ID,
    )
    assert isinstance(long_source, EvidencePointer)
    store_findings(school, [dataclasses.replace(finding, evidence=long_source)])
    dsl = get_user_model().objects.create_user(username="dsl", password=DEMO_PASSWORD)
    Membership.objects.create(user=dsl, school=school, role=Role.DSL, person_ref="S02")
    here = f"{base}/s/{school.slug}"

    _signed_in_pair(base, page, phone, "head")
    for name, url in (
        ("account", f"{base}/account/"),
        ("two-step-setup", f"{base}/account/two-step/"),
        ("sign-ins", f"{here}/sign-ins/"),
        ("reviewers", f"{here}/review/reviewers/"),
        ("audit-log", f"{here}/audit/"),
        ("consent-check", f"{here}/agreements/consents/check/"),
    ):
        _visit(page, phone, accessible, url, name)

    page.context.clear_cookies()
    phone.context.clear_cookies()
    _signed_in_pair(base, page, phone, "dsl")
    _visit(page, phone, accessible, f"{here}/review/findings/F-00000000000000d1/", "finding-long")

    # the second step of a two-step sign-in, and its error
    from django_otp.plugins.otp_totp.models import TOTPDevice

    senior = get_user_model().objects.get(username="senior")
    TOTPDevice.objects.create(user=senior, name="authenticator", confirmed=True)
    page.context.clear_cookies()
    sign_in(page, base, "senior")
    code = page.get_by_label("Code from your authenticator app")
    code.wait_for()
    accessible(page, "two-step-code")
    fits_320(page)
    code.fill("123456")
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("That code is not right").wait_for()
    accessible(page, "two-step-code-wrong")

    teacher = get_user_model().objects.get(username="teacher")
    services.file_staff_concern(school, teacher, "content", "A post about Year 5 on a forum.")
    page.context.clear_cookies()
    phone.context.clear_cookies()
    _signed_in_pair(base, page, phone, "teacher")
    _visit(page, phone, accessible, f"{here}/concerns/mine/", "my-concerns")
