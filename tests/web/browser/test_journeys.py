"""The main journeys in a real browser, driven by accessible names, with axe-core on every
page: acknowledgement, an approval request and decision, a consent check, and the annual
review from draft to published."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from .conftest import fits_320, sign_in, sign_out

pytestmark = pytest.mark.slow
A11y = Callable[[Any, str], None]


def test_staff_sign_in_and_acknowledge_the_policy(
    office: dict[str, Any], page: Any, accessible: A11y
) -> None:
    from saferpractice.web.policies.models import Acknowledgement

    Acknowledgement.objects.filter(person__ref="S04").delete()
    base = office["url"]
    page.goto(f"{base}/sign-in/")
    accessible(page, "sign-in")
    sign_in(page, base, "teacher")
    accessible(page, "staff-home")
    page.get_by_role("link", name="Read and acknowledge it").click()
    accessible(page, "acknowledge")
    page.get_by_label("I have read this version of the policy and I will follow it").check()
    page.get_by_role("button", name="Acknowledge the policy").click()
    page.get_by_text("Thank you. You have acknowledged version 2.0.").wait_for()
    accessible(page, "policy-after-acknowledging")
    assert Acknowledgement.objects.filter(person__ref="S04", policy_version="2.0").exists()


def test_staff_request_approval_and_a_senior_leader_approves(
    office: dict[str, Any], page: Any, accessible: A11y
) -> None:
    from saferpractice.web.agreements.models import Approval

    base = office["url"]
    sign_in(page, base, "teacher")
    page.get_by_role("navigation", name="School").get_by_role("link", name="Approvals").click()
    accessible(page, "approvals-staff")
    page.get_by_role("link", name="Ask for approval").click()
    page.get_by_label("Taking or keeping images of pupils on my own device").check()
    page.get_by_label("If it is not in the register, describe the device").fill("Apple iPhone 13")
    page.get_by_label("What is it for?").fill("Photos of the Year 4 trip to the museum")
    day = date.today() + timedelta(days=7)
    page.get_by_label("From").fill(day.isoformat())
    page.get_by_label("Until").fill(day.isoformat())
    accessible(page, "approval-request-form")
    page.get_by_role("button", name="Send the request").click()
    page.get_by_text("has been sent to the senior leaders").wait_for()
    accessible(page, "approval-requested")
    sign_out(page)

    sign_in(page, base, "senior")
    accessible(page, "senior-home")
    page.get_by_role("link", name="Decide requests").click()
    accessible(page, "approvals-to-decide")
    page.get_by_role("link", name=Approval.objects.get(purpose__contains="Year 4").ref).click()
    page.get_by_label("Approve").check()
    page.get_by_label("Reason").fill("Agreed for the museum trip; delete the photos afterwards.")
    accessible(page, "approval-decision-form")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("approved.").first.wait_for()
    accessible(page, "approval-decided")
    approval = Approval.objects.get(purpose__contains="Year 4")
    assert approval.status == "approved" and approval.approved_by_ref == "S02"


def test_staff_check_consent_for_a_photo(
    office: dict[str, Any], page: Any, accessible: A11y
) -> None:
    base = office["url"]
    sign_in(page, base, "teacher")
    page.get_by_role("navigation", name="School").get_by_role("link", name="Image consent").click()
    accessible(page, "consent-check")
    page.get_by_label("Pupils in the photo").fill("Amelia Clarke\nIsla Begum")
    page.get_by_role("radio", name="The school website").check()
    page.get_by_role("button", name="Check consent").click()
    answer = page.get_by_role("heading", name="No, do not use it for the school website")
    answer.wait_for()
    assert page.get_by_text("No consent for the school website is on record.").is_visible()
    accessible(page, "consent-answer-no")
    page.get_by_label("Pupils in the photo").fill("Amelia Clarke")
    page.get_by_role("radio", name="The school website").check()
    page.get_by_role("button", name="Check consent").click()
    page.get_by_role("heading", name="Yes, you can use it for the school website").wait_for()
    accessible(page, "consent-answer-yes")


def test_annual_review_from_draft_to_published_asks_staff_to_reacknowledge(
    office: dict[str, Any], page: Any, accessible: A11y
) -> None:
    base = office["url"]
    item = "email.red.personal-account"
    sign_in(page, base, "senior")
    page.get_by_role("navigation", name="School").get_by_role("link", name="Policy").click()
    accessible(page, "policy-home")
    page.get_by_role("link", name="Annual review").click()
    accessible(page, "review-start")
    page.get_by_label("New version number").fill("3.0")
    page.get_by_role("button", name="Start the review").click()
    page.get_by_text("Draft version 3.0 started.").wait_for()
    accessible(page, "review-draft")
    page.locator(f'[id="item-{item}"]').get_by_role("link", name="Edit").click()
    accessible(page, "review-edit-item")
    page.get_by_label("Text").fill(
        "Never use a personal email account to contact a pupil or a parent, for any reason."
    )
    page.get_by_role("button", name="Save the change").click()
    page.get_by_role("button", name="Circulate for comments").click()
    page.get_by_text("Circulated for comments").first.wait_for()
    page.locator(f'[id="item-{item}"]').get_by_label("Comment on").fill("Clearer. Agreed.")
    page.locator(f'[id="item-{item}"]').get_by_role("button", name="Add comment").click()
    page.get_by_text("Clearer. Agreed.").wait_for()
    accessible(page, "review-circulated")
    sign_out(page)

    sign_in(page, base, "head")
    page.get_by_role("link", name="Open the annual review").click()
    page.get_by_role("button", name="Approve version 3.0").click()
    page.get_by_text("Approved by the head teacher").first.wait_for()
    accessible(page, "review-approved")
    sign_out(page)

    sign_in(page, base, "senior")
    page.get_by_role("link", name="Open the annual review").click()
    page.get_by_role("button", name="Publish version 3.0").click()
    page.get_by_text("have been asked to read and acknowledge it").wait_for()
    accessible(page, "review-published")
    page.get_by_role("navigation", name="School").get_by_role("link", name="Policy").click()
    page.goto(page.url + "history/")
    page.get_by_role("link", name="What changed from 2.0").click()
    accessible(page, "policy-changes")
    fits_320(page)
    sign_out(page)

    sign_in(page, base, "teacher")
    page.get_by_role("heading", name="Please read and acknowledge the policy").wait_for()
    page.get_by_role("link", name="Read and acknowledge it").click()
    changed = page.locator(f'[id="change-{item}"]')
    changed.wait_for()
    assert "for any reason." in changed.locator("ins").all_inner_texts()[-1]
    accessible(page, "reacknowledge-changes")
    page.get_by_label("I have read this version of the policy and I will follow it").check()
    page.get_by_role("button", name="Acknowledge the policy").click()
    page.get_by_text("You have acknowledged version 3.0").wait_for()
