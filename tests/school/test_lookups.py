"""The example folder loads, and every lookup the checks use answers as documented."""

from __future__ import annotations

import pickle
from datetime import date, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from saferpractice.school import School, load_school


@pytest.fixture(scope="module")
def school(example_folder: Path) -> School:
    loaded = load_school(example_folder)
    assert loaded.diagnostics == (), [str(d) for d in loaded.diagnostics]
    assert loaded.school is not None
    return loaded.school


def test_settings_are_normalised(school: School) -> None:
    assert school.name == "Millbrook Church of England Primary School"
    assert school.urn == "100123"
    assert school.timezone == ZoneInfo("Europe/London")
    assert school.phone_numbers == ("+441614960100", "+447700900100")
    assert school.websites == ("millbrook.sch.uk", "millbrookpta.example.org")
    assert school.school_hours.start == time(8, 30)
    assert school.school_hours.days == ("mon", "tue", "wed", "thu", "fri")
    assert school.policy_path is None


def test_person_and_rows(school: School) -> None:
    head = school.person("S01")
    assert head is not None
    assert head.full_name == "Ruth Okafor"
    assert head.responsibilities == ("head-teacher",)
    assert head.row == 2  # the first data row, as a spreadsheet numbers it
    assert school.person("nobody") is None
    parent = school.person("G01")
    assert parent is not None and parent.phone == "+447700900201"


def test_accounts_by_email_phone_handle_and_website(school: School) -> None:
    match = school.account_for_email("Tom.Fletcher84@GMAIL.com")
    assert match is not None
    assert (match.person, match.ownership, match.where) == ("S04", "personal", "accounts.csv row 2")
    assert school.account_for_phone("+44 7700 900301") == school.account_for_phone("07700900301")
    dsl = school.account_for_handle("twitter", "@MillbrookDSL")
    assert dsl is not None and (dsl.person, dsl.ownership) == ("S02", "professional")
    assert school.account_for_handle("insta", "Tom.Fletcher") is not None
    blog = school.account_for_website("http://www.priyashah.example.org/2026/trip")
    assert blog is not None and blog.where == "accounts.csv row 6"
    assert school.account_for_website("https://example.org") is None
    # people.csv contact details are the person's school-held accounts
    contact = school.account_for_email("r.okafor@millbrook.sch.uk")
    assert contact is not None
    assert (contact.person, contact.ownership, contact.where) == (
        "S01",
        "school",
        "people.csv row 2",
    )
    assert school.account_for_email("stranger@example.com") is None


def test_the_schools_own_details(school: School) -> None:
    assert school.is_school_email("Office@Millbrook.sch.uk")
    assert school.is_school_email("head@staff.millbrook.sch.uk")
    assert not school.is_school_email("millbrook.sch.uk@gmail.com")
    assert school.is_school_phone("0161 496 0100")
    assert school.is_school_phone("+447700900100")
    assert not school.is_school_phone("07700 900301")
    assert school.is_school_website("https://www.millbrook.sch.uk/news/2026")
    assert not school.is_school_website("https://millbrook.example.org")


def test_roles_on_dates(school: School) -> None:
    assert school.role_on("P01", date(2026, 1, 1)) == "pupil"
    assert school.role_on("P04", date(2019, 7, 23)) == "pupil"  # left_on is the last day
    assert school.role_on("P04", date(2019, 7, 24)) == "former-pupil"
    assert school.role_on("S05", date(2025, 1, 1)) == "former-staff"
    assert school.role_on("S05", date(2024, 1, 1)) == "staff"
    assert school.role_on("G01", date(2026, 1, 1)) == "parent"
    assert school.role_on("V01", date(2026, 1, 1)) == "volunteer"
    assert school.role_on("B01", date(2026, 1, 1)) == "governor"
    assert school.role_on("nobody", date(2026, 1, 1)) is None
    assert school.is_current_pupil("P01", date(2026, 1, 1))
    assert school.is_former_pupil("P04", date(2026, 1, 1))
    assert not school.is_staff("S05", date(2026, 1, 1))
    assert school.is_parent_of_current_pupil("G01", date(2026, 1, 1))
    assert not school.is_parent_of_current_pupil("G03", date(2026, 1, 1))  # child left 2019
    assert school.is_parent_of_current_pupil("G03", date(2019, 1, 1))
    assert school.children_of("G01") == ("P01", "P02")
    assert school.parents_of("P02") == ("G01",)
    assert [p.id for p in school.staff_on(date(2026, 10, 1))] == ["S01", "S02", "S03", "S04"]


def test_people_named_ignores_case_and_spacing(school: School) -> None:
    assert [p.id for p in school.people_named("  amelia   CLARKE ")] == ["P01"]
    assert school.people_named("Amelia") == ()


def test_approvals(school: School) -> None:
    trip = date(2026, 6, 16)
    assert [a.id for a in school.approvals_covering("S04", "images", trip, "D04")] == ["A01"]
    assert school.approvals_covering("S04", "images", trip, "D02") == ()
    assert [a.id for a in school.approvals_covering("S04", "images", trip)] == ["A01"]
    assert school.approvals_covering("S04", "images", date(2026, 6, 20), "D04") == ()
    assert school.approvals_covering("S04", "images", date(2026, 6, 15), "D04")  # inclusive
    # an approval without a device covers any device
    assert school.approvals_covering("S04", "mobile-phone", trip, "D99")
    assert [a.id for a in school.approvals_of("S04", "images")] == ["A01"]
    assert school.approvals_of("S01", "images") == ()


def test_consent_states(school: School) -> None:
    assert school.consent("P01", "website", date(2026, 1, 1)).status == "granted"
    expired = school.consent("P03", "video", date(2026, 7, 23))
    assert expired.status == "expired" and expired.record is not None
    assert expired.record.row == 9
    assert school.consent("P03", "video", date(2026, 7, 22)).status == "granted"
    assert school.consent("P01", "social-media", date(2026, 1, 1)).status == "refused"
    assert school.consent("P02", "press", date(2026, 3, 9)).status == "granted"
    assert school.consent("P02", "press", date(2026, 3, 10)).status == "withdrawn"
    assert school.consent("P02", "press", date(2025, 9, 2)).status == "none"  # not yet recorded
    none = school.consent("P03", "press", date(2026, 1, 1))
    assert none.status == "none" and none.record is None


def test_acknowledgements(school: School) -> None:
    assert school.has_acknowledged("S01", "2.0")
    assert not school.has_acknowledged("S01", "1.0")
    assert not school.has_acknowledged("B01", "2.0")


def test_devices(school: School) -> None:
    assert school.device("D04") is not None
    found = school.device_by_serial(" f2ltf1xyz123 ")
    assert found is not None and found.id == "D04"
    assert school.device_by_serial("nope") is None
    # cameras write the make into the model; both forms match
    assert [d.id for d in school.devices_by_model("CANON", "Canon EOS 2000D")] == ["D02"]
    assert [d.id for d in school.devices_by_model("canon", " eos  2000d ")] == ["D02"]
    assert school.devices_by_model("Apple", "iPhone 15") == ()


def test_school_pickles_with_its_lookups(school: School) -> None:
    copy = pickle.loads(pickle.dumps(school))
    assert copy == school
    assert copy.account_for_phone("07700 900301") == school.account_for_phone("07700 900301")
    assert copy.consent("P02", "press", date(2026, 4, 1)).status == "withdrawn"


def test_accounts_csv_says_what_a_contact_detail_is(folder: Path) -> None:
    """A parent's own number in people.csv, marked personal in accounts.csv: accounts wins."""
    with (folder / "accounts.csv").open("a", encoding="utf-8") as handle:
        handle.write("G01,phone,+447700900201,personal,\n")
    loaded = load_school(folder)
    assert loaded.errors == ()
    assert loaded.school is not None
    match = loaded.school.account_for_phone("07700 900201")
    assert match is not None and (match.ownership, match.where) == (
        "personal",
        "accounts.csv row 10",
    )


def test_checks_fixture_loads_cleanly() -> None:
    fixture = Path(__file__).resolve().parents[1] / "checks" / "fixtures" / "school"
    loaded = load_school(fixture)
    assert loaded.errors == (), [str(d) for d in loaded.errors]
