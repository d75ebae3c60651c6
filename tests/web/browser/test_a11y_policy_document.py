"""The policy document (saferpractice.policy.render's HTML, shown in a frame on the Policy
page) in a real browser for every role, on a desktop and a phone: axe-core (WCAG 2.2 A and AA,
target size included), the 320 CSS px reflow check, and what the accessibility review found
wrong with it (15 px contents links, no main landmark, a version table wider than a phone,
ISO dates).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .conftest import fits_320, sign_in

pytestmark = pytest.mark.slow
A11y = Callable[[Any, str], None]
ROLES = ("head", "senior", "ict", "teacher")


def _document_url(office: dict[str, Any]) -> str:
    from saferpractice.web.policies.models import PolicyVersion, VersionStatus

    school = office["school"]
    version = PolicyVersion.objects.get(school=school, status=VersionStatus.PUBLISHED)
    return f"{office['url']}/s/{school.slug}/policy/versions/{version.pk}/document/"


def _check_document(page: Any, accessible: A11y, name: str) -> None:
    accessible(page, name)
    assert page.get_by_role("main").count() == 1
    contents = page.get_by_role("navigation").get_by_role("link")
    assert contents.count() > 4
    for n in range(contents.count()):
        box = contents.nth(n).bounding_box()
        assert box is not None and box["height"] >= 24, f"{name}: contents link {n} is {box}"
    versions = page.get_by_role("region", name="Version history table")
    # UK dates, as everywhere else in the office; never an ISO date
    assert "13 October 2011" in versions.inner_text()
    assert "2011-10-13" not in page.content()


def test_the_policy_document_passes_axe_for_every_role_on_a_desktop_and_a_phone(
    office: dict[str, Any], browser: Any, page: Any, phone: Any, accessible: A11y
) -> None:
    url = _document_url(office)
    base = office["url"]
    for role in ROLES:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        desktop = context.new_page()
        try:
            sign_in(desktop, base, role)
            response = desktop.goto(url)
            assert response is not None and response.status == 200, f"{role}: {url}"
            _check_document(desktop, accessible, f"policy-document-{role}")
        finally:
            context.close()

    sign_in(phone, base, "teacher")
    phone.goto(url)
    _check_document(phone, accessible, "policy-document-phone")
    fits_320(phone)
    # The version table scrolls in its own box, which the keyboard can reach.
    region = phone.get_by_role("region", name="Version history table")
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("box => box.scrollWidth > box.clientWidth")

    # The Policy page that frames it passes too (axe checks inside the frame).
    sign_in(page, base, "head")
    page.get_by_role("navigation", name="School").get_by_role("link", name="Policy").click()
    page.frame_locator("iframe.policy-frame").get_by_role("main").wait_for()
    accessible(page, "policy-home-with-document")
