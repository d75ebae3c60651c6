"""Every CSV reader, every register and the OneRoster import number rows as a spreadsheet
shows them.

The header is row 1 and the first data row is row 2 (issue 11 item 3), so "filter.csv, row 3"
is the line a head teacher finds at row 3 when the file is opened in a spreadsheet. Register
files that cannot be read at all still say which row broke (issue 10 item 16).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from saferpractice.diagnostics import UserError
from saferpractice.evidence import images
from saferpractice.evidence.registry import iter_evidence, sniff
from saferpractice.evidence.report import ReadReport
from saferpractice.school import load_school
from saferpractice.school.oneroster import ORGS, USERS, convert_oneroster
from saferpractice.school.registers import REGISTERS

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "school"
FIXTURES = Path(__file__).resolve().parent / "evidence" / "fixtures"
ONEROSTER = Path(__file__).resolve().parent / "school" / "fixtures" / "oneroster"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _from_fixture(relative: str) -> tuple[str, str]:
    header, first, *_ = _lines(FIXTURES / relative)
    return header, first


def _from_columns(columns: tuple[str, ...], values: tuple[str, ...]) -> tuple[str, str]:
    return ",".join(columns), ",".join(values)


READERS = {
    "messages.csv": _from_fixture("messages/sms.csv"),
    "connections.csv": _from_fixture("social/connections.csv"),
    "filter.csv": _from_fixture("web/filter.csv"),
    "intune.csv": _from_fixture("devices/intune.csv"),
}


@pytest.mark.parametrize("name", sorted(READERS))
def test_evidence_readers_count_the_header_as_row_1(tmp_path: Path, name: str) -> None:
    header, first = READERS[name]
    # Row 2 is good, row 3 has one field too many, row 4 is good again.
    path = tmp_path / name
    path.write_text(f"{header}\n{first}\n{first},extra\n{first}\n", encoding="utf-8")
    assert sniff(path) is not None, name
    report = ReadReport()
    records = list(iter_evidence([path], report, tmp_path))
    rows_read = {r.locator for r in records if r.locator.startswith("row ")}
    assert rows_read <= {"row 2", "row 4"}, rows_read
    skipped = [d for d in report.diagnostics if d.row == 3 and "fields" in d.message]
    assert skipped, [str(d) for d in report.diagnostics]
    assert not [d for d in report.diagnostics if d.row is not None and d.row < 2]


def test_the_image_sidecar_counts_the_header_as_row_1(tmp_path: Path) -> None:
    """Sidecars are read when an image beside them is; read one directly."""
    header, first = _from_columns(images.SIDECAR_COLUMNS, ("a.jpg", "P001", "website", "S001"))
    second = first.replace("a.jpg", "b.jpg")
    path = tmp_path / "photos.csv"
    path.write_text(f"{header}\n{first}\n{first},extra\n{second}\n", encoding="utf-8")
    report = ReadReport()
    entries = images._read_sidecar(path, report, tmp_path)
    assert {entries["a.jpg"].row, entries["b.jpg"].row} == {2, 4}
    assert [d.row for d in report.diagnostics if "fields" in d.message] == [3]


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "school"
    shutil.copytree(EXAMPLE, folder)
    return folder


@pytest.mark.parametrize("name", REGISTERS)
def test_registers_count_the_header_as_row_1(tmp_path: Path, name: str) -> None:
    folder = _copy(tmp_path)
    lines = _lines(folder / name)
    assert len(lines) >= 2, f"the example {name} needs a data row"
    extra = lines[1] + ",surplus,cells"
    (folder / name).write_text("\n".join([lines[0], lines[1], extra, *lines[2:]]) + "\n")
    loaded = load_school(folder)
    rows = [d.row for d in loaded.errors + loaded.warnings if d.source == name]
    assert 3 in rows, [str(d) for d in loaded.errors + loaded.warnings]


BROKEN_ROW_3 = {
    "unterminated quote": lambda header, first: f'{header}\n{first}\n"never closed,x\n{first}\n',
    "128 KiB cell": lambda header, first: f"{header}\n{first}\n{'x' * (128 * 1024 + 1)},y\n",
}


@pytest.mark.parametrize("kind", sorted(BROKEN_ROW_3))
@pytest.mark.parametrize("name", REGISTERS)
def test_unreadable_registers_name_the_row(tmp_path: Path, name: str, kind: str) -> None:
    folder = _copy(tmp_path)
    header, first, *_ = _lines(folder / name)
    (folder / name).write_text(BROKEN_ROW_3[kind](header, first), encoding="utf-8")
    errors = [d for d in load_school(folder).errors if d.source == name]
    assert [d.row for d in errors][:1] == [3], [str(d) for d in errors]


@pytest.mark.parametrize("name", REGISTERS)
def test_a_latin_1_register_names_the_row_not_a_byte_offset(tmp_path: Path, name: str) -> None:
    folder = _copy(tmp_path)
    header, first, *_ = _lines(folder / name)
    text = f"{header}\n{first}\n{first}\n"
    (folder / name).write_bytes(text.encode("utf-8") + "café,x\n".encode("latin-1"))
    errors = [d for d in load_school(folder).errors if d.source == name]
    assert [(d.row, d.offset) for d in errors][:1] == [(4, None)], [str(d) for d in errors]
    assert "UTF-8" in errors[0].message


def _oneroster(tmp_path: Path) -> Path:
    folder = tmp_path / "oneroster"
    shutil.copytree(ONEROSTER, folder)
    return folder


def _insert_row_3(path: Path, row: str) -> None:
    header, first, *rest = _lines(path)
    path.write_text("\n".join([header, first, row, *rest]) + "\n", encoding="utf-8")


def test_oneroster_users_count_the_header_as_row_1(tmp_path: Path) -> None:
    folder = _oneroster(tmp_path)
    before = {d.row for d in convert_oneroster(folder).diagnostics if d.source == USERS}
    first = _lines(folder / USERS)[1]
    _insert_row_3(
        folder / USERS, "x-900" + first[first.index(",") :].replace("administrator", "proctor")
    )
    after = [d for d in convert_oneroster(folder).diagnostics if d.source == USERS]
    moved = {row + 1 if row is not None and row >= 3 else row for row in before}
    assert {d.row for d in after} == moved | {3}, [str(d) for d in after]
    assert [d.field for d in after if d.row == 3] == ["role"]


def test_oneroster_orgs_count_the_header_as_row_1(tmp_path: Path) -> None:
    folder = _oneroster(tmp_path)
    school = _lines(folder / ORGS)[2]
    (folder / ORGS).write_text(
        "\n".join([_lines(folder / ORGS)[0], school.replace("104321", "not-a-urn")]) + "\n",
        encoding="utf-8",
    )
    warnings = [d for d in convert_oneroster(folder).diagnostics if d.source == ORGS]
    assert [(d.row, d.field) for d in warnings] == [(2, "identifier")], [str(d) for d in warnings]


@pytest.mark.parametrize("kind", sorted(BROKEN_ROW_3))
def test_an_unreadable_oneroster_file_names_the_row(tmp_path: Path, kind: str) -> None:
    folder = _oneroster(tmp_path)
    header, first, *_ = _lines(folder / USERS)
    (folder / USERS).write_text(BROKEN_ROW_3[kind](header, first), encoding="utf-8")
    with pytest.raises(UserError, match=r"users\.csv, row 3: not valid CSV"):
        convert_oneroster(folder)


def test_a_latin_1_oneroster_file_names_the_row(tmp_path: Path) -> None:
    folder = _oneroster(tmp_path)
    header, first, *_ = _lines(folder / USERS)
    text = f"{header}\n{first}\n"
    (folder / USERS).write_bytes(text.encode("utf-8") + "café,x\n".encode("latin-1"))
    with pytest.raises(UserError, match=r"users\.csv, row 3: not UTF-8 text"):
        convert_oneroster(folder)
