"""The Intune-style MDM export and merging it into devices.csv."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from saferpractice.cli import cli
from saferpractice.diagnostics import UserError
from saferpractice.evidence.csvutil import header_of
from saferpractice.evidence.devices import is_mdm_header, read_jamf_csv, read_mdm_csv, yes_no
from saferpractice.evidence.registry import sniff
from saferpractice.evidence.report import ReadReport

FIXTURES = Path(__file__).parent / "fixtures"
MDM = FIXTURES / "devices/intune.csv"


def test_intune_export_maps_to_device_records() -> None:
    report = ReadReport()
    records = list(read_mdm_csv(MDM, report, FIXTURES))
    assert [
        (r.id, r.owner, r.ownership, r.device_kind, r.serial, r.passcode, r.bluetooth, r.encrypted)
        for r in records
    ] == [
        ("IPAD-CLASS5-01", "class5@school.example.org", "school", "tablet", "DMPXK1ABCD",
         "yes", "off", "yes"),
        ("JSMITH-IPHONE", "jsmith@school.example.org", "personal", "phone", "F2LXQ9ZZZZ",
         "no", "on", "yes"),
        # no serial number (as personally owned devices often report): still read
        ("OFFICE-LAPTOP", "office@school.example.org", "school", "laptop", "",
         "unknown", "unknown", "yes"),
    ]  # fmt: skip
    assert records[0].extra["jailbroken"] == "False"
    assert records[0].occurred_at is None  # an inventory row is no event in time
    assert records[0].locator == "row 2"  # as a spreadsheet numbers it: the header is row 1
    assert report.total.skipped == 0


def test_header_detection_ignores_other_csv() -> None:
    assert is_mdm_header(header_of(MDM.read_bytes()))
    assert not is_mdm_header(header_of(b"time,user,url,category,action\n"))


def test_merge_devices_matches_by_serial(tmp_path: Path) -> None:
    school = tmp_path / "school"
    school.mkdir()
    (school / "devices.csv").write_text(
        "id,owner,ownership,kind,make,model,serial,passcode,bluetooth\n"
        "D001,,school,tablet,Apple,iPad,DMPXK1ABCD,unknown,unknown\n"
        "D002,S001,school,camera,Canon,EOS 2000D,CAM123,,\n"
    )
    result = CliRunner().invoke(cli, ["evidence", "merge-devices", str(MDM), str(school)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["id"], r["passcode"], r["bluetooth"]) for r in rows] == [
        ("D001", "yes", "off"),
        ("D002", "", ""),
        ("JSMITH-IPHONE", "no", "on"),
        ("OFFICE-LAPTOP", "unknown", "unknown"),
    ]
    assert rows[2]["ownership"] == "personal" and rows[2]["serial"] == "F2LXQ9ZZZZ"
    assert rows[3]["serial"] == ""
    assert "1 matched by serial, 2 added" in result.stderr


def test_merge_refuses_a_file_that_is_not_an_mdm_export(tmp_path: Path) -> None:
    other = tmp_path / "x.csv"
    other.write_text("a,b\n1,2\n")
    result = CliRunner().invoke(cli, ["evidence", "merge-devices", str(other), str(tmp_path)])
    # A UserError (shown without a traceback, exit 2 from the command line), not a crash.
    assert isinstance(result.exception, UserError), result.exception
    assert str(result.exception).startswith(f"{other}: not an MDM inventory CSV")


serials = st.from_regex(r"[A-Z0-9]{6,12}", fullmatch=True)


@settings(max_examples=50, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            serials, st.sampled_from(["Corporate", "Personal"]), st.booleans(), st.booleans()
        ),
        max_size=15,
    )
)
def test_generated_exports_round_trip(tmp_path_factory, rows) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("mdm")
    lines = [
        "Device name,Serial number,Manufacturer,Model,Primary user UPN,Ownership,Passcode,Bluetooth"
    ]
    lines += [
        f"DEV-{i},{serial},Apple,iPhone 15,u{i}@x.example,{own},{pc},{bt}"
        for i, (serial, own, pc, bt) in enumerate(rows)
    ]
    (root / "m.csv").write_text("\n".join(lines) + "\n")
    report = ReadReport()
    records = list(read_mdm_csv(root / "m.csv", report, root))
    assert [(r.serial, r.ownership, r.passcode, r.bluetooth) for r in records] == [
        (serial, "school" if own == "Corporate" else "personal", yes_no(str(pc)),
         "on" if bt else "off")
        for serial, own, pc, bt in rows
    ]  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=600))
def test_arbitrary_rows_are_accounted_for(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("junk")
    (root / "m.csv").write_bytes(
        b"Device name,Serial number,Manufacturer,Model,Primary user UPN\n" + data
    )
    report = ReadReport()
    records = list(read_mdm_csv(root / "m.csv", report, root))
    assert report.total.read == len(records)
    assert all(r.id for r in records)


# -- Graph, PowerShell and Jamf layouts (issue 12) -------------------------------------------


def test_graph_names_in_a_powershell_export_with_type_line_and_semicolons() -> None:
    path = FIXTURES / "devices/intune-graph-powershell.csv"
    spec = sniff(path)
    assert spec is not None and spec.name == "mdm-csv"
    report = ReadReport()
    records = list(read_mdm_csv(path, report, FIXTURES))
    assert [(r.id, r.owner, r.ownership, r.device_kind, r.serial) for r in records] == [
        ("JSMITH-IPHONE", "jsmith@school.example.org", "personal", "phone", ""),
        ("Galaxy A54", "amy.jones@school.example.org", "personal", "phone", ""),
        ("IPAD-CLASS5-01", "class5@school.example.org", "school", "tablet", "DMPXK1ABCD"),
    ]
    assert records[0].encrypted == "yes" and records[0].extra["compliancestate"] == "compliant"
    assert records[0].locator == "row 3"  # the #TYPE line is row 1, the header row 2
    assert report.total.skipped == 0


def test_jamf_pro_mobile_devices_and_computers() -> None:
    mobile = FIXTURES / "devices/jamf-mobile-devices.csv"
    computers = FIXTURES / "devices/jamf-computers.csv"
    for path in (mobile, computers):
        spec = sniff(path)
        assert spec is not None and spec.name == "jamf-csv", path.name
    report = ReadReport()
    records = list(read_jamf_csv(mobile, report, FIXTURES))
    assert [
        (r.id, r.owner, r.ownership, r.device_kind, r.make, r.serial, r.passcode, r.encrypted)
        for r in records
    ] == [
        ("Class 5 iPad 01", "class5@school.example.org", "school", "tablet", "Apple",
         "DMPXK1ABCD", "yes", "yes"),
        ("J Smith iPhone", "jsmith@school.example.org", "personal", "phone", "Apple",
         "F2LXQ9ZZZZ", "no", "no"),
    ]  # fmt: skip
    mac = list(read_jamf_csv(computers, report, FIXTURES))
    assert [(r.id, r.device_kind, r.encrypted) for r in mac] == [
        ("Staffroom-MBA-01", "laptop", "yes")
    ]
    assert report.total.skipped == 0


def test_merge_reads_jamf_and_keeps_serial_less_devices_apart(tmp_path: Path) -> None:
    school = tmp_path / "school"
    school.mkdir()
    (school / "devices.csv").write_text("id,owner,ownership,kind,make,model,serial\n")
    graph = FIXTURES / "devices/intune-graph-powershell.csv"
    result = CliRunner().invoke(cli, ["evidence", "merge-devices", str(graph), str(school)])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # two personal phones without serials are two devices, never merged into one
    assert [r["id"] for r in rows] == ["JSMITH-IPHONE", "Galaxy A54", "IPAD-CLASS5-01"]
    jamf = FIXTURES / "devices/jamf-mobile-devices.csv"
    result = CliRunner().invoke(cli, ["evidence", "merge-devices", str(jamf), str(school)])
    assert result.exit_code == 0, result.output
    assert "2 added" in result.stderr


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.one_of(st.just(""), serials), st.sampled_from(["company", "personal"])),
        max_size=12,
    ),
    delimiter=st.sampled_from([",", ";"]),
    type_line=st.booleans(),
)
def test_generated_powershell_exports_round_trip(
    tmp_path_factory, rows, delimiter, type_line
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("ps")
    header = [
        "DeviceName",
        "UserPrincipalName",
        "ManagedDeviceOwnerType",
        "OperatingSystem",
        "SerialNumber",
    ]
    lines = (
        ["#TYPE Selected.Microsoft.Graph.PowerShell.Models.MicrosoftGraphManagedDevice"]
        if type_line
        else []
    )
    lines.append(delimiter.join(f'"{h}"' for h in header))
    lines += [
        delimiter.join(f'"{v}"' for v in (f"DEV-{i}", f"u{i}@x.example", own, "Android", serial))
        for i, (serial, own) in enumerate(rows)
    ]
    (root / "m.csv").write_text("\n".join(lines) + "\n")
    report = ReadReport()
    records = list(read_mdm_csv(root / "m.csv", report, root))
    assert [(r.id, r.serial, r.ownership) for r in records] == [
        (f"DEV-{i}", serial, "school" if own == "company" else "personal")
        for i, (serial, own) in enumerate(rows)
    ]
    assert report.total.skipped == 0


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            serials,
            st.sampled_from(["Institutional", "Personal", "User Enrollment"]),
            st.sampled_from(["Present", "Not Present"]),
            st.sampled_from(["iPhone 15", "iPad Air", "MacBook Pro"]),
        ),
        max_size=12,
    )
)
def test_generated_jamf_exports_round_trip(tmp_path_factory, rows) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("jamf")
    lines = [
        "Mobile Device Name,Serial Number,Model,Username,Email Address,Device Ownership Type,"
        "Passcode Status"
    ]
    lines += [
        f"Device {i},{serial},{model},u{i},u{i}@x.example,{own},{passcode}"
        for i, (serial, own, passcode, model) in enumerate(rows)
    ]
    (root / "j.csv").write_text("\n".join(lines) + "\n")
    assert sniff(root / "j.csv") is not None
    report = ReadReport()
    records = list(read_jamf_csv(root / "j.csv", report, root))
    assert [(r.serial, r.ownership, r.passcode, r.owner) for r in records] == [
        (serial, "school" if own == "Institutional" else "personal",
         "yes" if passcode == "Present" else "no", f"u{i}@x.example")
        for i, (serial, own, passcode, _) in enumerate(rows)
    ]  # fmt: skip


INTUNE_2025_COLUMNS = [
    # The admin centre's current "Export" header, all columns, in its order.
    "Device ID", "Device name", "Enrollment date", "Last check-in", "Azure AD Device ID",
    "OS version", "Azure AD registered", "EAS activation ID", "Serial number", "Manufacturer",
    "Model", "EAS activated", "IMEI", "Last EAS sync time", "EAS reason", "EAS status",
    "Compliance grace period expiration", "Security patch level", "Wi-Fi MAC", "MEID",
    "Subscriber carrier", "Total storage", "Free storage", "Management name", "Category",
    "UserId", "Primary user UPN", "Primary user email address", "Primary user display name",
    "WiFiIPv4Address", "WiFiSubnetID", "Compliance", "Managed by", "Ownership", "Device state",
    "Intune registered", "Supervised", "Encrypted", "OS", "SkuFamily", "JoinType",
    "Phone number", "Jailbroken", "ICCID", "EthernetMAC", "CellularTechnology",
    "ProcessorArchitecture", "EID", "SystemManagementBIOSVersion", "TPMManufacturerId",
    "TPMManufacturerVersion", "ProductName", "Management certificate expiration date",
]  # fmt: skip


def test_full_current_intune_header_with_a_personal_phone_without_serial_or_user(
    tmp_path: Path,
) -> None:
    def row(**values: str) -> str:
        cells = {name: "" for name in INTUNE_2025_COLUMNS}
        cells.update(values)
        return ",".join(f'"{cells[name]}"' for name in INTUNE_2025_COLUMNS)

    path = tmp_path / "DevicesWithInventory_2025.csv"
    path.write_text(
        "\ufeff"
        + ",".join(f'"{name}"' for name in INTUNE_2025_COLUMNS)
        + "\n"
        + row(**{"Device ID": "a1", "Device name": "Tom's iPhone", "Serial number": "",
                 "Manufacturer": "Apple", "Model": "iPhone 14", "Ownership": "Personal",
                 "OS": "iOS", "Encrypted": "true", "Compliance grace period expiration":
                 "9999-12-31 23:59:59.9999999", "Primary user UPN": "t.fletcher@millbrook.sch.uk"})
        + "\n"
        + row(**{"Device ID": "a2", "Device name": "LAB-PC-07", "Serial number": "5CG1234XYZ",
                 "Manufacturer": "HP", "Model": "EliteBook 840", "Ownership": "Corporate",
                 "OS": "Windows", "Encrypted": "false"})
        + "\n",
        encoding="utf-8",
    )  # fmt: skip
    spec = sniff(path)
    assert spec is not None and spec.name == "mdm-csv"
    report = ReadReport()
    records = list(read_mdm_csv(path, report, tmp_path))
    assert [
        (r.id, r.owner, r.ownership, r.device_kind, r.serial, r.encrypted) for r in records
    ] == [
        ("Tom's iPhone", "t.fletcher@millbrook.sch.uk", "personal", "phone", "", "yes"),
        ("LAB-PC-07", "", "school", "laptop", "5CG1234XYZ", "no"),
    ]
    assert records[0].extra["device id"] == "a1" and report.total.skipped == 0
