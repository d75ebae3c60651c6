"""Broken school folders: each mistake gives exactly one error naming the file, the row (or
line), the column and the reason, and nothing else is reported as an error."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saferpractice.school import load_school
from saferpractice.school.registers import REGISTERS
from saferpractice.school.settings import SETTINGS_FILE


@dataclass(frozen=True)
class Break:
    """Replace `old` by `new` in `file` (or append `new` when `old` is empty)."""

    name: str
    file: str
    old: str
    new: str
    row: int | None  # or the line, for school.yaml
    column: str | None
    reason: str


BREAKS = [
    Break(
        "duplicate id",
        "people.csv",
        "",
        "P03,Extra,Person,pupil,,,,,\n",
        16,
        "id",
        "duplicate id 'P03'; first used on row 9",
    ),
    Break(
        "bad role",
        "people.csv",
        "V01,Joan,Whitaker,volunteer",
        "V01,Joan,Whitaker,helper",
        14,
        "role",
        "'helper' is not allowed",
    ),
    Break(
        "phone does not parse",
        "people.csv",
        "07700 900202",
        "07700 9002",
        12,
        "phone",
        "'07700 9002' is not a valid phone number",
    ),
    Break(
        "email does not parse",
        "people.csv",
        "f.begum@example.net",
        "f.begum(at)example",
        12,
        "email",
        "'f.begum(at)example' is not an email address",
    ),
    Break(
        "bad date",
        "people.csv",
        "2024-07-19",
        "19/07/2024",
        6,
        "left_on",
        "'19/07/2024' is not a date written YYYY-MM-DD",
    ),
    Break(
        "responsibility for a non-staff role",
        "people.csv",
        "B01,Graham,Ellis,governor,g.ellis@millbrook.sch.uk,,,",
        "B01,Graham,Ellis,governor,g.ellis@millbrook.sch.uk,,dsl,",
        15,
        "responsibilities",
        "apply to staff only; this person's role is governor",
    ),
    Break(
        "unknown responsibility",
        "people.csv",
        "senior-leader;dsl",
        "senior-leader;deputy",
        3,
        "responsibilities",
        "'deputy' is not allowed",
    ),
    Break(
        "guardian of a non-pupil",
        "people.csv",
        ",P03,",
        ",P03;S04,",
        12,
        "guardian_of",
        "'S04' (Tom Fletcher) is a staff, not a pupil",
    ),
    Break(
        "guardian of an unknown id",
        "people.csv",
        ",P03,",
        ",P03;P33,",
        12,
        "guardian_of",
        "unknown person id 'P33'",
    ),
    Break(
        "guardian_of on a pupil",
        "people.csv",
        "isla.begum@millbrook.sch.uk,,,,",
        "isla.begum@millbrook.sch.uk,,,P01,",
        9,
        "guardian_of",
        "applies to parents only",
    ),
    Break(
        "left_on on a parent",
        "people.csv",
        "0161 496 0202,,P04,",
        "0161 496 0202,,P04,2020-01-01",
        13,
        "left_on",
        "not parents",
    ),
    Break(
        "missing column",
        "people.csv",
        "guardian_of,left_on",
        "guardian_of",
        1,
        "left_on",
        "required column is missing",
    ),
    Break(
        "misspelt column",
        "devices.csv",
        "bluetooth,encrypted",
        "bluetooth,encryption",
        1,
        "encrypted",
        "required column is missing; rename column 'encryption' to 'encrypted'",
    ),
    Break(
        "unknown column",
        "devices.csv",
        "bluetooth,encrypted",
        "bluetooth,encrypted,colour",
        1,
        "colour",
        "unknown column 'colour'",
    ),
    Break(
        "too many cells",
        "acknowledgements.csv",
        "S03,2.0,2026-09-02",
        "S03,2.0,2026-09-02,x",
        4,
        None,
        "has 4 cells but the header has 3 columns",
    ),
    Break(
        "unknown person in accounts",
        "accounts.csv",
        "S01,phone",
        "S11,phone",
        7,
        "person",
        "unknown person id 'S11' (not in people.csv)",
    ),
    Break(
        "school-domain address marked personal",
        "accounts.csv",
        "tom.fletcher84@gmail.com",
        "Tom.Fletcher@Millbrook.sch.uk",
        2,
        "ownership",
        "tom.fletcher@millbrook.sch.uk is at a school email domain",
    ),
    Break(
        "school number marked personal",
        "accounts.csv",
        "S01,phone,07700 900302",
        "S01,phone,07700 900100",
        7,
        "ownership",
        "is one of the school's own numbers",
    ),
    Break(
        "account phone does not parse",
        "accounts.csv",
        "S04,phone,07700 900301",
        "S04,phone,0770 090",
        3,
        "value",
        "'0770 090' is not a valid phone number",
    ),
    Break(
        "social without a platform",
        "accounts.csv",
        "instagram:@tom.fletcher",
        "tom.fletcher",
        4,
        "value",
        "is not written platform:handle",
    ),
    Break(
        "bad account kind",
        "accounts.csv",
        "S01,phone",
        "S01,pager",
        7,
        "kind",
        "'pager' is not allowed; expected one of email, phone, social, website",
    ),
    Break(
        "duplicate serial",
        "devices.csv",
        "GP8HEAD0001",
        "f2ltf1xyz123",
        7,
        "serial",
        "already used on row 5",
    ),
    Break(
        "bad bluetooth value",
        "devices.csv",
        "F2LTF1XYZ123,yes,on,yes",
        "F2LTF1XYZ123,yes,maybe,yes",
        5,
        "bluetooth",
        "'maybe' is not allowed; expected one of on, off, unknown",
    ),
    Break(
        "shared device marked personal",
        "devices.csv",
        "D03,,school",
        "D03,,personal",
        4,
        "ownership",
        "a device with no owner is shared",
    ),
    Break(
        "unknown device owner",
        "devices.csv",
        "D06,S01",
        "D06,S77",
        7,
        "owner",
        "unknown person id 'S77'",
    ),
    Break(
        "approver not a senior leader",
        "approvals.csv",
        "2026-06-19,S01\nA02",
        "2026-06-19,S04\nA02",
        2,
        "approved_by",
        "'S04' (Tom Fletcher) is not a head-teacher or senior-leader",
    ),
    Break(
        "valid_to before valid_from",
        "approvals.csv",
        "2026-09-01,2027-07-31,S02",
        "2026-09-01,2025-07-31,S02",
        4,
        "valid_to",
        "2025-07-31 is before valid_from 2026-09-01",
    ),
    Break(
        "unknown device in approval",
        "approvals.csv",
        "webcam,D05",
        "webcam,D50",
        4,
        "device",
        "unknown device id 'D50'",
    ),
    Break(
        "duplicate approval id",
        "approvals.csv",
        "A04,S02",
        "A03,S02",
        5,
        "id",
        "duplicate id 'A03'; first used on row 4",
    ),
    Break(
        "bad approval kind",
        "approvals.csv",
        "S02,equipment",
        "S02,speaker",
        5,
        "kind",
        "'speaker' is not allowed",
    ),
    Break(
        "consent by someone not the pupil's parent",
        "consents.csv",
        "P01,school-displays,granted,G01",
        "P01,school-displays,granted,G02",
        2,
        "given_by",
        "'G02' (Farhana Begum) is not a parent of 'P01' (Amelia Clarke)",
    ),
    Break(
        "consent for a non-pupil",
        "consents.csv",
        "P03,school-displays",
        "S04,school-displays",
        8,
        "pupil",
        "'S04' (Tom Fletcher) is a staff, not a pupil",
    ),
    Break(
        "bad consent use",
        "consents.csv",
        "P02,school-displays",
        "P02,newsletter",
        5,
        "use",
        "'newsletter' is not allowed",
    ),
    Break(
        "conflicting consents on one date",
        "consents.csv",
        "",
        "P01,website,refused,G01,2025-09-03,\n",
        10,
        "status",
        "refused conflicts with row 3 (granted)",
    ),
    Break(
        "unknown person acknowledging",
        "acknowledgements.csv",
        "V01,2.0",
        "V99,2.0",
        6,
        "person",
        "unknown person id 'V99'",
    ),
    Break(
        "bad acknowledgement date",
        "acknowledgements.csv",
        "2026-09-10",
        "2026-13-10",
        6,
        "acknowledged_on",
        "'2026-13-10' is not a date",
    ),
    Break(
        "bad URN",
        "school.yaml",
        'urn: "100123"',
        'urn: "10012"',
        4,
        "urn",
        "'10012' is not a DfE URN",
    ),
    Break(
        "school phone does not parse",
        "school.yaml",
        '"07700 900100"',
        '"07700 9001"',
        10,
        "phone_numbers[1]",
        "'07700 9001' is not a valid phone number",
    ),
    Break("unknown key", "school.yaml", "timezone:", "time_zone:", 5, "time_zone", "unknown key"),
    Break(
        "bad timezone",
        "school.yaml",
        "Europe/London",
        "Europe/Manchester",
        5,
        "timezone",
        "'Europe/Manchester' is not a timezone name",
    ),
    Break(
        "school day ends before it starts",
        "school.yaml",
        'end: "15:30"',
        'end: "07:30"',
        16,
        "school_hours.end",
        "end 07:30 is not after start 08:30",
    ),
    Break(
        "bad school day",
        "school.yaml",
        "[mon, tue, wed, thu, fri]",
        "[mon, tue, wed, thu, fry]",
        17,
        "school_hours.days[4]",
        "'fry' is not a day",
    ),
    Break(
        "missing policy file",
        "school.yaml",
        "# policy: our-policy.yaml",
        "policy: our-policy.yaml",
        18,
        "policy",
        "'our-policy.yaml' does not exist",
    ),
]


def _apply(folder: Path, broken: Break) -> None:
    path = folder / broken.file
    text = path.read_text(encoding="utf-8")
    if broken.old:
        assert text.count(broken.old) == 1, f"{broken.old!r} must occur once in {broken.file}"
        text = text.replace(broken.old, broken.new)
    else:
        text += broken.new
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("broken", BREAKS, ids=[b.name for b in BREAKS])
def test_each_mistake_gives_one_precise_error(folder: Path, broken: Break) -> None:
    _apply(folder, broken)
    loaded = load_school(folder)
    assert loaded.school is None
    assert len(loaded.errors) == 1, [str(d) for d in loaded.errors]
    error = loaded.errors[0]
    assert error.source == broken.file
    where = error.line if broken.file == "school.yaml" else error.row
    assert where == broken.row, str(error)
    assert error.field == broken.column, str(error)
    assert broken.reason in error.message, str(error)


def test_the_broken_folders_cover_every_file_and_each_breaks_one_thing() -> None:
    """Every register and school.yaml is broken somewhere, each break has its own name, and
    no two breaks expect the same error (a copied row would test nothing new)."""
    assert {b.file for b in BREAKS} == {SETTINGS_FILE, *REGISTERS}
    assert len({b.name for b in BREAKS}) == len(BREAKS)
    expected = [(b.file, b.row, b.column, b.reason) for b in BREAKS]
    assert len(set(expected)) == len(expected)


def test_all_errors_are_reported_at_once(folder: Path) -> None:
    names = (
        "bad role",
        "school-domain address marked personal",
        "approver not a senior leader",
        "consent by someone not the pupil's parent",
    )
    for broken in BREAKS:
        if broken.name in names:
            _apply(folder, broken)
    loaded = load_school(folder)
    assert [(e.source, e.row) for e in loaded.errors] == [
        ("people.csv", 14),
        ("accounts.csv", 2),
        ("approvals.csv", 2),
        ("consents.csv", 2),
    ]


def test_missing_files(folder: Path) -> None:
    (folder / "people.csv").unlink()
    (folder / "consents.csv").unlink()
    loaded = load_school(folder)
    assert [str(e) for e in loaded.errors] == [
        "people.csv: error: is missing; the folder needs one"
    ]
    assert [str(w) for w in loaded.warnings] == [
        "consents.csv: warning: is missing; treated as empty"
    ]


def test_a_broken_person_row_is_not_reported_again_where_it_is_referenced(folder: Path) -> None:
    """S04's row is broken; its accounts, device and approvals must not add errors."""
    _apply(
        folder,
        Break(
            "", "people.csv", "S04,Tom,Fletcher,staff", "S04,Tom,Fletcher,teacher", 5, "role", ""
        ),
    )
    loaded = load_school(folder)
    assert [(e.source, e.row, e.field) for e in loaded.errors] == [("people.csv", 5, "role")]


def test_an_unusable_header_stops_cascades(folder: Path) -> None:
    missing = next(b for b in BREAKS if b.name == "missing column")
    _apply(folder, missing)  # people.csv lacks left_on: no person is known
    loaded = load_school(folder)
    assert len(loaded.errors) == 1


def test_warnings_are_separate_from_errors(folder: Path) -> None:
    _apply(folder, Break("", "people.csv", "t.fletcher@millbrook.sch.uk", "", 5, "email", ""))
    _apply(folder, Break("", "approvals.csv", "Bluetooth speaker for assemblies", "", 5, "", ""))
    loaded = load_school(folder)
    assert loaded.errors == ()
    assert loaded.school is not None
    assert [(w.source, w.row, w.field) for w in loaded.warnings] == [
        ("people.csv", 5, "email"),
        ("approvals.csv", 5, "purpose"),
    ]
    assert "Tom Fletcher is staff but has no school email" in loaded.warnings[0].message


def test_not_utf8_and_not_a_folder(folder: Path, tmp_path: Path) -> None:
    (folder / "accounts.csv").write_bytes(
        b"person,kind,value,ownership\nS01,email,\xff@x.com,school\n"
    )
    loaded = load_school(folder)
    assert [(e.source, e.row, e.offset) for e in loaded.errors] == [("accounts.csv", 2, None)]
    missing = load_school(tmp_path / "nowhere")
    assert missing.unreadable and missing.school is None


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=10), min_size=1, max_size=6))
def test_arbitrary_cells_never_crash_the_loader(folder: Path, rows: list[list[str]]) -> None:
    """Whatever a spreadsheet holds, loading reports it; every people.csv message has a row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "id",
            "given_name",
            "family_name",
            "role",
            "email",
            "phone",
            "responsibilities",
            "guardian_of",
            "left_on",
        ]
    )
    writer.writerows(rows)
    (folder / "people.csv").write_text(buffer.getvalue(), encoding="utf-8")
    loaded = load_school(folder)
    for diagnostic in loaded.diagnostics:
        if diagnostic.source == "people.csv" and diagnostic.field != "responsibilities":
            assert diagnostic.row is not None and diagnostic.row >= 2, str(diagnostic)
    assert (loaded.school is None) == bool(loaded.errors)
