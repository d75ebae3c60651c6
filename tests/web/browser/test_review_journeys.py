"""The review and concerns journeys in a real browser, with axe-core on every page: the DSL
walks a finding from new to resolved (and a member of staff cannot see it); a pupil files an
anonymous report on the Cyber Safety Council page from a phone, and the DSL finds it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from review_builders import core_finding

from .conftest import DEMO_PASSWORD, sign_in, sign_out

pytestmark = pytest.mark.slow
A11y = Callable[[Any, str], None]


def _dsl(school: Any) -> None:
    from django.contrib.auth import get_user_model

    from saferpractice.web.organisations.models import Membership, Role

    user = get_user_model().objects.create_user(username="dsl", password=DEMO_PASSWORD)
    Membership.objects.create(user=user, school=school, role=Role.DSL, person_ref="S02")


def test_the_dsl_walks_a_finding_from_new_to_resolved_and_staff_cannot_see_it(
    office: dict[str, Any], page: Any, accessible: A11y
) -> None:
    from saferpractice.web.review.models import Finding, Status
    from saferpractice.web.review.store import store_findings

    school, base = office["school"], office["url"]
    _dsl(school)
    finding = core_finding(
        "F-00000000000000b1",
        people=("S04", "P01"),
        summary="Tom Fletcher sent Amelia Clarke a message with secrecy language",
    )
    store_findings(school, [finding])
    sign_in(page, base, "dsl")
    page.get_by_role("navigation", name="School").get_by_role("link", name="Findings").click()
    accessible(page, "review-queue")
    page.get_by_role("link", name="Tom Fletcher sent Amelia Clarke a message").click()
    accessible(page, "review-finding")
    excerpt = page.locator("blockquote.excerpt")
    # attacker-controlled HTML is shown as text, never run
    assert '<script>alert("x")</script>' in excerpt.inner_text()
    assert excerpt.locator("mark").first.inner_text().startswith("Don't tell anyone")
    assert page.evaluate("() => document.querySelectorAll('main script, main img').length") == 0
    page.get_by_role("button", name="Mark as triaged").click()
    page.get_by_text("Marked as triaged.").wait_for()
    page.get_by_role("radio", name="Advice given").check()
    page.get_by_label("What was decided, and why").fill("Spoke to Tom; school account only.")
    page.get_by_role("button", name="Resolve", exact=True).click()
    page.get_by_text("Resolved: Advice given.").wait_for()
    accessible(page, "review-finding-resolved")
    row = Finding.objects.get(school=school, ref="F-00000000000000b1")
    assert row.status == Status.RESOLVED and row.outcome == "advice"
    url = page.url
    sign_out(page)

    sign_in(page, base, "teacher")
    nav = page.get_by_role("navigation", name="School")
    assert nav.get_by_role("link", name="Findings").count() == 0
    response = page.goto(url)
    assert response is not None and response.status == 403
    assert "Amelia" not in page.content() and "tell anyone" not in page.content()


def test_a_pupil_reports_a_worry_anonymously_from_a_phone_and_the_dsl_finds_it(
    office: dict[str, Any], browser: Any, page: Any, accessible: A11y
) -> None:
    from saferpractice.web.concerns.models import Concern

    school, base = office["school"], office["url"]
    _dsl(school)
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-GB", is_mobile=True, has_touch=True
    )
    pupil = phone.new_page()
    pupil.goto(f"{base}/s/{school.slug}/concerns/council/")
    accessible(pupil, "council-page-phone")
    assert pupil.evaluate("() => document.documentElement.scrollWidth") <= 390
    pupil.get_by_role("radio", name="A pupil").check()
    pupil.get_by_label("What is worrying you?").fill(
        "Someone in Year 5 keeps sending me mean messages in a game."
    )
    assert pupil.get_by_label("I want to stay anonymous").is_checked()
    pupil.get_by_role("button", name="Send").click()
    pupil.get_by_role("heading", name="Thank you for telling us").wait_for()
    accessible(pupil, "council-thanks-phone")
    assert "mean messages" not in pupil.content()
    phone.close()
    concern = Concern.objects.get(school=school)
    assert concern.anonymous and concern.reporter is None

    sign_in(page, base, "dsl")
    page.get_by_role("navigation", name="School").get_by_role("link", name="Concerns").click()
    accessible(page, "concerns-queue")
    page.get_by_role("link", name="A report through the Cyber Safety Council page").click()
    page.get_by_text("Someone in Year 5 keeps sending me mean messages").wait_for()
    accessible(page, "concern")


def test_the_other_review_concerns_and_insights_pages_pass_axe(
    office: dict[str, Any], page: Any, accessible: A11y
) -> None:
    from saferpractice.web.review.store import store_findings

    school, base = office["school"], office["url"]
    store_findings(school, [core_finding(people=("S04", "P01"))])
    sign_in(page, base, "head")
    for name, path in (
        ("dashboard", "insights/dashboard/"),
        ("self-review", "insights/self-review/"),
        ("exclusions", "review/exclusions/"),
        ("reviewers", "review/reviewers/"),
        ("scans-head", "review/scans/"),
        # the queue with its date filter said in words, and a date it cannot read named
        ("review-queue-dated", "review/findings/?since=2026-01-01&until=2026-06-30"),
        ("review-queue-bad-date", "review/findings/?since=31/11/2026"),
    ):
        page.goto(f"{base}/s/{school.slug}/{path}")
        accessible(page, name)
    page.goto(f"{base}/s/{school.slug}/insights/self-review/")
    page.get_by_role("link", name="Rate").first.click()
    accessible(page, "self-review-rate")
    sign_out(page)
    sign_in(page, base, "ict")
    page.goto(f"{base}/s/{school.slug}/review/scans/")
    accessible(page, "scans-ict")
    sign_out(page)
    sign_in(page, base, "teacher")
    page.goto(f"{base}/s/{school.slug}/concerns/report/")
    accessible(page, "report-concern")
    page.get_by_role("radio", name="A colleague's conduct (a low-level concern)").check()
    page.get_by_role("button", name="Send the concern").click()
    accessible(page, "report-concern-errors")
    page.goto(f"{base}/s/{school.slug}/concerns/mine/")
    accessible(page, "my-concerns")


def test_an_analyst_sees_pseudonyms_and_controls_and_links_are_safe(
    office: dict[str, Any], browser: Any, page: Any, accessible: A11y
) -> None:
    from django.contrib.auth import get_user_model

    from saferpractice.web.concerns import services
    from saferpractice.web.review.models import Reviewer
    from saferpractice.web.review.store import store_findings

    school, base = office["school"], office["url"]
    store_findings(
        school,
        [
            core_finding(
                "F-00000000000000c1",
                people=("S01", "P01"),
                summary="Ruth Okafor sent Amelia Clarke a message with secrecy language",
                excerpt="Amelia, text me on 07700 900123, don't tell anyone. invoice\u202efdp.exe",
                spans=((33, 50, "secrecy"),),
            )
        ],
    )
    teacher = get_user_model().objects.get(username="teacher")
    Reviewer.objects.create(school=school, user=teacher, level="analyst")
    sign_in(page, base, "teacher")
    page.goto(f"{base}/s/{school.slug}/review/findings/F-00000000000000c1/")
    accessible(page, "review-finding-analyst")
    main = page.locator("main").inner_text()
    assert "Amelia" not in main and "Okafor" not in main and "900123" not in main
    assert "Pupil " in main and "[phone number]" in main and "<U+202E>" in main
    assert page.locator("blockquote.excerpt mark").first.inner_text().startswith("don't tell")
    page.goto(f"{base}/s/{school.slug}/review/findings/?since=2026-01-01")
    accessible(page, "review-queue-analyst-dated")
    assert "dated from 1 January 2026" in page.locator("main").inner_text()
    sign_out(page)

    services.file_council_report(school, {"text": "a worry invoice\u202efdp.exe"}, "k")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pupil = phone.new_page()
    pupil.goto(f"{base}/s/{school.slug}/concerns/council/")
    links = pupil.locator("ul.resources a")
    assert links.count() >= 3
    for n in range(links.count()):
        assert links.nth(n).get_attribute("rel") == "noopener noreferrer"
        assert (links.nth(n).get_attribute("href") or "").startswith(("http://", "https://"))
    phone.close()
