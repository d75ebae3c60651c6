"""The ICT lead changes a person and removes a device in a real browser, driven by
accessible names, with axe-core on every page (the change and removal pages of issue 13)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.slow
A11y = Callable[[Any, str], None]


def test_the_ict_lead_changes_a_person_and_removes_a_device(
    office: dict[str, Any], page: Any, accessible: A11y
) -> None:
    from saferpractice.web.registers.models import Device, Person

    base, slug = office["url"], office["school"].slug
    sign_in(page, base, "ict")
    page.goto(f"{base}/s/{slug}/registers/people/S05/")
    accessible(page, "register-person")
    page.get_by_role("link", name="Change").first.click()
    accessible(page, "register-person-change")
    page.get_by_label("Email (school contact)").fill("not an address")
    page.get_by_role("button", name="Save the changes").click()
    page.get_by_text("is not an email address").first.wait_for()
    accessible(page, "register-person-change-error")
    page.get_by_label("Email (school contact)").fill("")
    page.get_by_label("Family name").fill("Whitfield")
    page.get_by_role("button", name="Save the changes").click()
    page.get_by_text("changed family name").wait_for()
    assert Person.objects.get(school=office["school"], ref="S05").family_name == "Whitfield"

    page.goto(f"{base}/s/{slug}/registers/devices/")
    accessible(page, "register-devices-editable")
    page.get_by_role("link", name="Remove D01").click()
    accessible(page, "register-device-remove")
    page.get_by_role("button", name="Remove").click()
    page.get_by_text("This field is required").first.wait_for()
    page.get_by_label("Yes, remove it from the register").check()
    page.get_by_role("button", name="Remove").click()
    page.get_by_text("was removed from the register").wait_for()
    assert not Device.objects.filter(school=office["school"], ref="D01").exists()

    page.goto(f"{base}/s/{slug}/registers/people/S04/remove/")
    page.get_by_role("heading", name="This cannot be removed yet").wait_for()
    accessible(page, "register-person-remove-refused")
