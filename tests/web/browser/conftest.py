"""Browser tests: Debian's chromium driven by Playwright against a live server, with axe-core
on every page of every journey. Playwright never downloads a browser here."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "saferpractice-demo"
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "school"
SERIOUS = frozenset({"serious", "critical"})
# Every WCAG 2.2 A and AA rule fails a test whatever axe calls its impact; target-size (2.5.8,
# new in 2.2) is off in axe by default, so it is switched on.
WCAG = frozenset({"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"})
AXE_OPTIONS = {"rules": {"target-size": {"enabled": True}}, "resultTypes": ["violations"]}
SHOTS = (
    Path(os.environ.get("SAFERPRACTICE_SCREENSHOTS", ""))
    if os.environ.get("SAFERPRACTICE_SCREENSHOTS")
    else None
)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is not installed (scripts/bootstrap.sh installs Debian's chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI=true, so this is a failure)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def office(live_server: Any, transactional_db: Any) -> dict[str, Any]:
    """The example school, loaded, with one sign-in per role linked to its people."""
    from django.contrib.auth import get_user_model

    from saferpractice.web.organisations.models import Membership, Role
    from saferpractice.web.organisations.setup import create_school
    from saferpractice.web.registers.imports import import_folder

    school = create_school("Millbrook", "Millbrook Trust", "trust")
    import_folder(school, EXAMPLE)
    school.refresh_from_db()
    users = {
        "head": (Role.HEAD_TEACHER, "S01"),
        "senior": (Role.SENIOR_LEADER, "S02"),
        "ict": (Role.ICT_LEAD, "S03"),
        "teacher": (Role.STAFF, "S04"),
    }
    for username, (role, ref) in users.items():
        user = get_user_model().objects.create_user(username=username, password=DEMO_PASSWORD)
        Membership.objects.create(user=user, school=school, role=role, person_ref=ref)
    return {"url": live_server.url, "school": school}


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def accessible() -> Callable[[Any, str], None]:
    """Run axe-core on the page; fail on any WCAG 2.2 A/AA or any serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page: Any, name: str) -> None:
        page.wait_for_load_state("load")
        if SHOTS is not None:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        results = axe.run(page, options=AXE_OPTIONS)
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(node["target"]) for node in v["nodes"][:3])
            for v in results.response["violations"]
            if v.get("impact") in SERIOUS or WCAG & set(v.get("tags", ()))
        ]
        assert not bad, f"{name} ({page.url}): " + "; ".join(bad)

    return check


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: "/sign-in/" in url)


def fits_320(page: Any) -> None:
    """WCAG 1.4.10 reflow: at 320 CSS px nothing makes the page scroll sideways (a wide table
    scrolls inside its own box, which the keyboard can reach)."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 720})
    try:
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{page.url} is {width} CSS px wide on a 320 px screen"
    finally:
        page.set_viewport_size(size)


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A phone-sized page (390 CSS px, touch)."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-GB", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
