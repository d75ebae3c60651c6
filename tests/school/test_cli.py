"""`school check`, `school export` and `import oneroster`, run as a user would run them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from saferpractice.cli import main
from saferpractice.school import load_school
from saferpractice.school.oneroster import convert_oneroster

ONEROSTER = Path(__file__).parent / "fixtures" / "oneroster"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out, err


def test_check_valid_example(example_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["school", "check", str(example_folder)], capsys)
    assert code == 0
    assert "valid: Millbrook Church of England Primary School; 14 people" in out
    assert "0 errors, 0 warnings" in out
    assert "Errors" not in err


def test_check_reports_errors_then_warnings(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = folder / "people.csv"
    text = people.read_text(encoding="utf-8")
    text = text.replace("07700 900202", "07700 9002").replace("t.fletcher@millbrook.sch.uk", "")
    people.write_text(text, encoding="utf-8")
    code, out, err = run(["school", "check", str(folder)], capsys)
    assert code == 1
    assert err.index("Errors (1):") < err.index("Warnings (1):")
    assert "people.csv, row 12: error: phone: '07700 9002' is not a valid phone number" in err
    assert "people.csv, row 5: warning: email: Tom Fletcher is staff but has no school email" in err
    assert "not valid: 1 error, 1 warning" in out


def test_check_unreadable_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["school", "check", str(tmp_path / "missing")], capsys)
    assert code == 2
    assert "does not exist" in err


def test_export_writes_a_folder_that_checks(
    example_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, stdout, _ = run(["school", "export", str(example_folder), "-o", str(out)], capsys)
    assert code == 0
    assert "Wrote 7 files" in stdout
    assert load_school(out).school == load_school(example_folder).school
    code, _, err = run(["school", "export", str(example_folder), "-o", str(out)], capsys)
    assert code == 2 and "--force" in err
    code, _, _ = run(["school", "export", str(example_folder), "-o", str(out), "--force"], capsys)
    assert code == 0


def test_export_refuses_an_invalid_folder(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "devices.csv").write_text("id,owner\n", encoding="utf-8")
    code, out, _ = run(["school", "export", str(folder), "-o", str(tmp_path / "o")], capsys)
    assert code == 1
    assert "Nothing was written" in out
    assert not (tmp_path / "o").exists()


# -- OneRoster -----------------------------------------------------------------------------


def test_oneroster_conversion_maps_roles_and_guardianship() -> None:
    conversion = convert_oneroster(ONEROSTER)
    people = {row[0]: row for row in conversion.people}
    assert conversion.school_name == "Ashgrove Primary School"
    assert conversion.urn == "104321"
    assert conversion.email_domains == ["ashgrove.sch.uk"]
    assert {people[i][3] for i in ("t-001", "t-002", "t-004")} == {"staff"}
    assert people["s-101"][3] == "pupil"
    assert {people[i][3] for i in ("p-201", "p-202", "p-203")} == {"parent"}
    # agentSourcedIds from both sides: p-202 is named only on s-101's row
    assert people["p-201"][7] == "s-101;s-102"
    assert people["p-202"][7] == "s-101"
    assert people["p-205"][7] == "s-105"  # s-999 is unknown and reported
    assert people["t-005"][8] == "2025-07-22"  # disabled: left on dateLastModified
    assert people["t-001"][4] == "h.walsh@ashgrove.sch.uk"
    assert people["t-003"][5] == "+447700900713"  # phone first; sms is a personal account
    assert conversion.accounts == [["t-003", "phone", "+447700900712", "personal"]]


def test_oneroster_reports_every_row_it_cannot_use() -> None:
    conversion = convert_oneroster(ONEROSTER)
    reported = {(d.row, d.field, d.severity.value) for d in conversion.diagnostics}
    assert reported == {
        (6, "enabledUser", "warning"),
        (10, "enabledUser", "warning"),
        (11, "agentSourcedIds", "error"),  # a pupil whose agent is a teacher
        (16, "agentSourcedIds", "error"),  # unknown s-999
        (16, "email", "error"),  # kelly.wood@example
        (17, "role", "error"),  # proctor
        (18, "sourcedId", "error"),  # duplicate t-002
        (19, "phone", "error"),  # 12345
    }
    converted = {row[0] for row in conversion.people}
    assert "x-301" not in converted and "s-106" in converted and "p-205" in converted


def test_import_oneroster_then_check_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "school"
    code, stdout, err = run(["import", "oneroster", str(ONEROSTER), "-o", str(out)], capsys)
    assert code == 1  # rows were reported
    assert "Converted 16 people (5 parent, 6 pupil, 5 staff) and 1 account" in stdout
    assert "users.csv, row 17: error: role: role 'proctor' has no school-folder role" in err
    assert "wrote a minimal" in err
    settings = (out / "school.yaml").read_text(encoding="utf-8")
    assert 'name: "Ashgrove Primary School"' in settings and "# Complete it" in settings
    with (out / "oneroster-import-report.csv").open(encoding="utf-8") as handle:
        report = list(csv.DictReader(handle))
    assert len(report) == 8
    code, stdout, _ = run(["school", "check", str(out)], capsys)
    assert code == 0
    assert "valid: Ashgrove Primary School; 16 people" in stdout
    # a second import does not overwrite the people without --force
    code, _, err = run(["import", "oneroster", str(ONEROSTER), "-o", str(out)], capsys)
    assert code == 2 and "--force" in err


def test_import_oneroster_needs_users_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "export").mkdir()
    code, _, err = run(
        ["import", "oneroster", str(tmp_path / "export"), "-o", str(tmp_path / "s")], capsys
    )
    assert code == 2
    assert "users.csv" in err


def test_the_documentation_shows_the_example_folder_exactly(example_folder: Path) -> None:
    doc = (example_folder.parents[1] / "docs" / "school-folder.md").read_text(encoding="utf-8")
    for path in sorted(example_folder.iterdir()):
        marker = f"`examples/school/{path.name}`:\n\n```"
        assert marker in doc, path.name
        block = doc.split(marker, 1)[1].split("\n", 1)[1].split("```", 1)[0]
        assert block == path.read_text(encoding="utf-8"), path.name
