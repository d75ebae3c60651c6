"""The registers through the web: a round trip loses nothing, bad rows are imported as far
as possible and listed by file and row, OneRoster import, and the search pages."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saferpractice.school import load_school
from saferpractice.web.organisations.models import Role
from saferpractice.web.registers.folder import core_school
from saferpractice.web.registers.imports import import_folder
from saferpractice.web.registers.models import Person

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "school"
ONEROSTER = REPO / "tests" / "school" / "fixtures" / "oneroster"


def _zip(folder: Path, prefix: str = "school") -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{prefix}/{path.relative_to(folder).as_posix()}")
    buffer.seek(0)
    buffer.name = "upload.zip"
    return buffer


def _ict(make_user: Any, school: Any) -> Client:
    client = Client()
    client.force_login(make_user("ict", school, Role.ICT_LEAD))
    return client


def test_round_trip_through_the_web_loses_nothing(
    make_user: Any, school: Any, tmp_path: Path
) -> None:
    original = load_school(EXAMPLE).school
    assert original is not None
    client = _ict(make_user, school)
    base = f"/s/{school.slug}/registers"
    page = client.post(f"{base}/import/", {"kind": "folder", "archive": _zip(EXAMPLE)})
    assert "Nothing was imported" not in page.content.decode()
    exported = client.get(f"{base}/export/school-folder.zip")
    assert exported["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        archive.extractall(tmp_path)
    again = load_school(tmp_path / "school")
    assert again.school is not None, [str(d) for d in again.errors]
    assert again.school == original
    # And the core's view of the database is the same school, for the checks.
    school.refresh_from_db()
    assert core_school(school) == original


def test_bad_rows_are_imported_as_far_as_possible_and_listed_by_file_and_row(
    make_user: Any, school: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "school"
    shutil.copytree(EXAMPLE, folder)
    approvals = (folder / "approvals.csv").read_text().splitlines()
    approvals[2] = approvals[2].replace("20", "2O", 1)  # row 3: a date that is not a date
    (folder / "approvals.csv").write_text("\n".join(approvals) + "\n")
    with (folder / "consents.csv").open("a") as consents:
        consents.write("NOBODY,website,granted,NOBODY2,2025-09-01,\n")
    rows_before = len(approvals) - 1
    client = _ict(make_user, school)
    page = client.post(
        f"/s/{school.slug}/registers/import/", {"kind": "folder", "archive": _zip(folder)}
    ).content.decode()
    assert "2 rows could not be imported" in page
    assert "<td>approvals.csv</td><td>3</td>" in page
    consents_rows = len((folder / "consents.csv").read_text().splitlines())
    assert f"<td>consents.csv</td><td>{consents_rows}</td>" in page
    core = core_school(school)
    assert len(core.approvals) == rows_before - 1
    assert len(core.people) == 14


def test_oneroster_import_replaces_people_and_keeps_the_other_registers(
    make_user: Any, school: Any
) -> None:
    import_folder(school, EXAMPLE)
    client = _ict(make_user, school)
    page = client.post(
        f"/s/{school.slug}/registers/import/",
        {"kind": "oneroster", "archive": _zip(ONEROSTER, "export")},
    ).content.decode()
    assert "Nothing was imported" not in page
    assert "Registers merged" in page
    assert Person.objects.filter(school=school).count() > 0


def test_a_zip_without_a_school_folder_imports_nothing_and_says_why(
    make_user: Any, school: Any
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    buffer.seek(0)
    buffer.name = "x.zip"
    page = _ict(make_user, school).post(
        f"/s/{school.slug}/registers/import/", {"kind": "folder", "archive": buffer}
    )
    assert "The archive has no school.yaml" in page.content.decode()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=2000))
def test_any_upload_is_answered_with_a_page_never_a_crash(
    make_user: Any, school: Any, data: bytes
) -> None:
    from django.contrib.auth import get_user_model

    client = Client()

    ict = get_user_model().objects.filter(username="ict-h").first() or make_user(
        "ict-h", school, Role.ICT_LEAD
    )
    client.force_login(ict)
    upload = io.BytesIO(data)
    upload.name = "x.zip"
    response = client.post(
        f"/s/{school.slug}/registers/import/", {"kind": "folder", "archive": upload}
    )
    assert response.status_code == 200


def test_search_and_filters(make_user: Any, school: Any) -> None:
    import_folder(school, EXAMPLE)
    client = _ict(make_user, school)
    base = f"/s/{school.slug}/registers"
    pupils = client.get(f"{base}/people/?role=pupil").content.decode()
    assert "4 found" in pupils
    first = Person.objects.filter(school=school, role="staff").first()
    assert first is not None
    found = client.get(f"{base}/people/?q={first.family_name}").content.decode()
    assert first.full_name in found
    assert client.get(f"{base}/devices/?ownership=personal").status_code == 200
    assert client.get(f"{base}/accounts/?kind=email").status_code == 200
    assert client.get(f"{base}/acknowledgements/").status_code == 200
    assert client.get(f"{base}/people/{first.ref}/").status_code == 200


def test_an_import_warns_of_sign_ins_whose_person_is_no_longer_in_the_register(
    make_user: Any, school: Any
) -> None:
    make_user("gone", school, Role.STAFF, "S99")
    result = import_folder(school, EXAMPLE)
    assert any("gone" in d.message and d.source == "people.csv" for d in result.warnings)


def _changed_copy(tmp_path: Path) -> Path:
    """The example folder with one name changed, one person added and device D02 gone."""
    folder = tmp_path / "school"
    shutil.copytree(EXAMPLE, folder)
    people = (folder / "people.csv").read_text().replace(",Okafor,", ",Okafor-Reid,", 1)
    people += "S90,Nadia,Iqbal,staff,n.iqbal@millbrook.sch.uk,,,,\n"
    (folder / "people.csv").write_text(people)
    devices = (folder / "devices.csv").read_text().splitlines()
    kept = [line for line in devices if not line.startswith("D02,")]
    (folder / "devices.csv").write_text("\n".join(kept) + "\n")
    return folder


def test_a_merge_adds_and_updates_reports_each_change_and_drops_nothing(
    school: Any, tmp_path: Path
) -> None:
    import_folder(school, EXAMPLE)
    before = core_school(school)
    result = import_folder(school, _changed_copy(tmp_path))
    people, devices = result.changes["people"], result.changes["devices"]
    assert people.added == ["S90"]
    assert people.updated == ["S01 (family name)"]
    assert people.unchanged == len(before.people) - 1
    assert devices.kept == ["D02"] and not devices.removed
    after = core_school(school)
    assert after.people["S01"].family_name == "Okafor-Reid"
    assert {d.id for d in after.devices} == {d.id for d in before.devices}  # D02 is still there
    assert after.consents == before.consents and after.approvals == before.approvals
    # Merging the same folder again changes nothing.
    again = import_folder(school, _changed_copy(tmp_path / "again"))
    assert not any(c.added or c.updated for c in again.changes.values())


def test_replace_is_an_explicit_choice_and_says_what_it_removed(
    make_user: Any, school: Any, tmp_path: Path
) -> None:
    import_folder(school, EXAMPLE)
    client = _ict(make_user, school)
    page = client.post(
        f"/s/{school.slug}/registers/import/",
        {"kind": "folder", "mode": "replace", "archive": _zip(_changed_copy(tmp_path))},
    ).content.decode()
    assert "Registers replaced" in page
    assert "<strong>Removed</strong> (not in the file): D02" in page
    assert "D02" not in {d.id for d in core_school(school).devices}


def test_the_import_page_offers_merge_first_and_shows_what_changed(
    make_user: Any, school: Any, tmp_path: Path
) -> None:
    import_folder(school, EXAMPLE)
    client = _ict(make_user, school)
    form = client.get(f"/s/{school.slug}/registers/import/").content.decode()
    assert form.index('value="merge"') < form.index('value="replace"')
    page = client.post(
        f"/s/{school.slug}/registers/import/",
        {"kind": "folder", "mode": "merge", "archive": _zip(_changed_copy(tmp_path))},
    ).content.decode()
    assert "Registers merged" in page
    assert "<strong>Kept</strong> (in the office, not in the file): D02" in page
    assert "S01 (family name)" in page
