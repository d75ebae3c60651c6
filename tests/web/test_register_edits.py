"""Changing and removing people and devices in the registers: the same rules as the school
folder's files, permissions, CSRF, a confirmation before removal, refusals that keep the
registers consistent, the audit trail, and an export that still loads."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from saferpractice.school import load_school
from saferpractice.web.audit.models import AuditEvent
from saferpractice.web.organisations.models import Membership, Role
from saferpractice.web.registers.imports import import_folder
from saferpractice.web.registers.models import Account, Device, Person

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "school"


@pytest.fixture
def ict(make_user: Any, school: Any) -> Client:
    import_folder(school, EXAMPLE)
    client = Client()
    client.force_login(make_user("ict", school, Role.ICT_LEAD, "S03"))
    return client


def _base(school: Any) -> str:
    return f"/s/{school.slug}/registers"


PERSON = {
    "given_name": "Amir",
    "family_name": "Patel-Jones",
    "role": "staff",
    "email": "A.Patel@Millbrook.sch.uk",
    "phone": "07700 900123",
    "responsibilities": ["ict"],
    "guardian_of": "",
    "left_on": "",
    "notes": "",
}


def test_a_change_is_validated_like_the_folder_saved_and_audited(ict: Client, school: Any) -> None:
    url = f"{_base(school)}/people/S04/change/"
    form = ict.get(url).content.decode()
    assert 'name="csrfmiddlewaretoken"' in form and '<label for="id_family_name"' in form
    bad = ict.post(url, {**PERSON, "email": "not an address", "role": "pupil"}).content.decode()
    assert "is not an email address" in bad and "apply to staff only" in bad
    assert Person.objects.get(school=school, ref="S04").family_name != "Patel-Jones"
    done = ict.post(url, PERSON, follow=True).content.decode()
    person = Person.objects.get(school=school, ref="S04")
    assert person.family_name == "Patel-Jones" and person.email == "a.patel@millbrook.sch.uk"
    assert person.phone == "+447700900123" and person.responsibilities == ["ict"]
    assert "changed" in done
    event = AuditEvent.objects.filter(action="changed", target_id=str(person.pk)).last()
    assert event is not None and event.actor == "ict"
    assert "family_name" in event.detail["fields"]


def test_a_device_change_keeps_the_registers_rules(ict: Client, school: Any) -> None:
    url = f"{_base(school)}/devices/D01/change/"
    device = {
        "kind": "tablet",
        "ownership": "personal",
        "owner": "",
        "make": "Apple",
        "model": "iPad",
        "serial": "CAN2000D0001",  # D02's serial
        "passcode": "yes",
        "bluetooth": "off",
        "encrypted": "yes",
        "notes": "",
    }
    page = ict.post(url, device).content.decode()
    assert "it must be school" in page
    page = ict.post(url, {**device, "ownership": "school"}).content.decode()
    assert "has this serial number" in page
    ict.post(url, {**device, "ownership": "personal", "owner": "S05", "serial": "NEW1"})
    changed = Device.objects.get(school=school, ref="D01")
    assert changed.owner is not None and changed.owner.ref == "S05" and changed.serial == "NEW1"


def test_removal_asks_first_then_removes_and_audits(ict: Client, school: Any) -> None:
    url = f"{_base(school)}/people/S05/remove/"
    confirm = ict.get(url).content.decode()
    assert "cannot be undone" in confirm
    assert 'type="checkbox"' in confirm
    refused = ict.post(url, {}).content.decode()
    assert "This field is required" in refused
    assert Person.objects.filter(school=school, ref="S05").exists()
    ict.post(url, {"confirm": "on"})
    assert not Person.objects.filter(school=school, ref="S05").exists()
    assert AuditEvent.objects.filter(action="deleted", actor="ict").exists()
    # A device without approvals goes the same way.
    ict.post(f"{_base(school)}/devices/D01/remove/", {"confirm": "on"})
    assert not Device.objects.filter(school=school, ref="D01").exists()


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("people/S04/remove/", "approvals are theirs"),
        ("people/S01/remove/", "They approved 3 requests"),
        ("people/P04/remove/", "still list them as their child"),
        ("people/P01/remove/", "photo consents are theirs"),
        ("devices/D04/remove/", "approval names this device"),
    ],
)
def test_a_removal_that_would_break_the_registers_is_refused(
    ict: Client, school: Any, path: str, why: str
) -> None:
    page = ict.get(f"{_base(school)}/{path}").content.decode()
    assert why in page and 'type="checkbox"' not in page
    ict.post(f"{_base(school)}/{path}", {"confirm": "on"})
    ref = path.split("/")[1]
    model = Person if path.startswith("people") else Device
    assert model.objects.filter(school=school, ref=ref).exists()


def test_only_those_who_keep_the_registers_may_change_them_and_csrf_is_checked(
    make_user: Any, school: Any, ict: Client
) -> None:
    for role in (Role.STAFF, Role.DSL, Role.GOVERNOR, Role.SENIOR_LEADER):
        client = Client()
        client.force_login(make_user(f"u-{role}", school, role))
        for path in ("people/S05/change/", "people/S05/remove/", "devices/D01/remove/"):
            assert client.get(f"{_base(school)}/{path}").status_code == 403, (role, path)
            assert client.post(f"{_base(school)}/{path}", {"confirm": "on"}).status_code == 403
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(Membership.objects.get(school=school, user__username="ict").user)
    assert guarded.post(f"{_base(school)}/people/S05/remove/", {"confirm": "on"}).status_code == 403
    assert Person.objects.filter(school=school, ref="S05").exists()


def test_another_schools_entry_is_not_found(make_user: Any, ict: Client) -> None:
    from saferpractice.web.organisations.setup import create_school

    other = create_school("Elm Primary", "Riverside Trust", "trust")
    Person.objects.create(school=other, ref="X1", role="staff", given_name="Ann")
    client = Client()
    client.force_login(make_user("ict2", other, Role.ICT_LEAD))
    mine = Person.objects.exclude(school=other).first()
    assert mine is not None
    assert client.get(f"/s/{other.slug}/registers/people/{mine.ref}/change/").status_code == 404


def test_after_changes_and_removals_the_export_still_loads(
    ict: Client, school: Any, tmp_path: Path
) -> None:
    ict.post(f"{_base(school)}/people/S04/change/", PERSON)
    ict.post(f"{_base(school)}/people/G03/remove/", {"confirm": "on"})
    ict.post(f"{_base(school)}/devices/D02/remove/", {"confirm": "on"})
    assert not Account.objects.filter(school=school, person__ref="G03").exists()
    exported = ict.get(f"{_base(school)}/export/school-folder.zip")
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        archive.extractall(tmp_path)
    loaded = load_school(tmp_path / "school")
    assert loaded.school is not None, [str(d) for d in loaded.errors]
    assert loaded.school.people["S04"].family_name == "Patel-Jones"
    assert "G03" not in loaded.school.people
