"""Device inventories: MDM CSV exports mapped to DeviceRecord.

Two families of column names are read, matched case-insensitively, the first name present
winning (see `INTUNE_MAP` and `JAMF_MAP`; columns not in the map are kept in `extra`):

- Microsoft Intune: the admin centre's export (Devices > All devices > Export), Graph's
  managedDevice property names (`DeviceName`, `UserPrincipalName`, `ManagedDeviceOwnerType`,
  `OperatingSystem`, `SerialNumber`, `IsEncrypted`), and PowerShell `Export-Csv` output of
  either (a `#TYPE` line first; `;` delimiters with `-UseCulture`);
- Jamf Pro: an Advanced Search exported to CSV, for computers or mobile devices.

Values are normalised to the school folder's vocabulary: ownership school|personal|unknown,
passcode yes|no|unknown, bluetooth on|off|unknown, encrypted yes|no|unknown. A device with
no serial number is read (personally owned phones enrolled in Intune usually report none);
its id is then the device name or the MDM's device id.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from saferpractice.diagnostics import Diagnostic
from saferpractice.evidence.csvutil import iter_csv, source_name
from saferpractice.evidence.records import DeviceRecord
from saferpractice.evidence.report import ReadReport

ColumnMap = dict[str, tuple[str, ...]]

# DeviceRecord field -> export column names, in order of preference.
INTUNE_MAP: ColumnMap = {
    "id": ("device name", "devicename", "device id", "deviceid", "managed device id", "id"),
    "owner": (
        "primary user upn",
        "primary user email address",
        "user principal name",
        "userprincipalname",
        "primary user email",
        "emailaddress",
        "email address",
    ),
    "ownership": (
        "ownership",
        "owner type",
        "ownertype",
        "managed device owner type",
        "manageddeviceownertype",
    ),
    "os": ("os", "operating system", "operatingsystem", "platform"),
    "make": ("manufacturer",),
    "model": ("model",),
    "serial": ("serial number", "serialnumber", "serial"),
    "encrypted": ("encrypted", "isencrypted", "storage encrypted"),
    "passcode": ("passcode", "passcode set", "passcode present", "password required"),
    "bluetooth": ("bluetooth", "bluetooth enabled", "bluetooth on"),
}
JAMF_MAP: ColumnMap = {
    "id": ("computer name", "mobile device name", "display name", "device name"),
    "owner": ("email address", "username", "user name", "full name"),
    "ownership": ("device ownership type", "device ownership level", "ownership"),
    "os": ("operating system", "os"),
    "make": ("make", "manufacturer"),
    "model": ("model",),
    "serial": ("serial number",),
    "encrypted": ("filevault 2 status", "filevault 2 - status", "data protection", "encrypted"),
    "passcode": ("passcode status", "passcode compliance", "passcode is compliant", "passcode"),
    "bluetooth": ("bluetooth", "bluetooth enabled"),
}
HEADER_MAP = INTUNE_MAP  # the default family, under its earlier name
# Columns an export must have to be read as an inventory: an id, a user, and something that
# says what the device is.
REQUIRED_FIELDS = ("id", "owner")
DESCRIBING_FIELDS = ("serial", "model", "os")
# Columns only Jamf Pro writes.
_JAMF_MARKERS = ("computer name", "mobile device name", "jamf pro id", "udid", "managed")

_YES = frozenset(
    {
        "yes", "y", "true", "1", "on", "enabled", "encrypted", "set", "required", "present",
        "compliant", "boot partitions encrypted", "all partitions encrypted",
    }
)  # fmt: skip
_NO = frozenset(
    {
        "no", "n", "false", "0", "off", "disabled", "not encrypted", "unencrypted", "none",
        "not set", "not present", "not compliant", "noncompliant", "no partitions encrypted",
    }
)  # fmt: skip


def column_for(header: Sequence[str], field: str, mapping: ColumnMap = INTUNE_MAP) -> str | None:
    return next((name for name in mapping[field] if name in header), None)


def _fits(header: Sequence[str], mapping: ColumnMap) -> bool:
    return all(column_for(header, f, mapping) for f in REQUIRED_FIELDS) and any(
        column_for(header, f, mapping) for f in DESCRIBING_FIELDS
    )


def header_family(header: Sequence[str] | None) -> ColumnMap | None:
    """The column map that reads `header` (Jamf Pro or Intune), or None if neither does."""
    if header is None:
        return None
    if any(marker in header for marker in _JAMF_MARKERS) and _fits(header, JAMF_MAP):
        return JAMF_MAP
    return INTUNE_MAP if _fits(header, INTUNE_MAP) else None


def is_mdm_header(header: Sequence[str] | None) -> bool:
    return header_family(header) is INTUNE_MAP


def is_jamf_header(header: Sequence[str] | None) -> bool:
    return header_family(header) is JAMF_MAP


def yes_no(value: str) -> str:
    word = value.strip().casefold()
    return "yes" if word in _YES else "no" if word in _NO else "unknown"


def ownership(value: str) -> str:
    word = value.strip().casefold()
    if word in ("corporate", "company", "school", "organisation", "organization", "institutional"):
        return "school"
    if word in ("personal", "byod", "employee", "user enrollment", "personally owned"):
        return "personal"
    return "unknown"


def device_kind(os_name: str, model: str) -> str:
    """phone | tablet | laptop | other, from the OS and model an MDM reports."""
    os_word, model_word = os_name.casefold(), model.casefold()
    if "ipad" in model_word or "ipados" in os_word or "tablet" in model_word:
        return "tablet"
    if "iphone" in model_word or os_word in ("ios", "android"):
        return "phone"
    if os_word.startswith(("windows", "macos", "mac os", "chrome")) or model_word.startswith(
        ("macbook", "imac", "mac mini", "mac pro", "mac studio")
    ):
        return "laptop"
    return "other"


def read_mdm_csv(path: Path, report: ReadReport, root: Path) -> Iterator[DeviceRecord]:
    """DeviceRecords from an Intune export (portal, Graph or PowerShell)."""
    yield from _read(path, report, root, INTUNE_MAP)


def read_jamf_csv(path: Path, report: ReadReport, root: Path) -> Iterator[DeviceRecord]:
    """DeviceRecords from a Jamf Pro Advanced Search CSV (computers or mobile devices)."""
    yield from _read(path, report, root, JAMF_MAP)


def read_inventory(path: Path, report: ReadReport, root: Path) -> Iterator[DeviceRecord]:
    """DeviceRecords from either family, chosen by the file's header (Intune by default)."""
    from saferpractice.evidence.csvutil import header_of, read_head

    yield from _read(path, report, root, header_family(header_of(read_head(path))) or INTUNE_MAP)


def _read(path: Path, report: ReadReport, root: Path, mapping: ColumnMap) -> Iterator[DeviceRecord]:
    source = source_name(path, root)
    columns: dict[str, str | None] = {}
    for row_number, row, warnings in iter_csv(path, source, report):
        if not columns:
            columns = {f: column_for(list(row), f, mapping) for f in mapping}
        mapped = set(columns.values())

        def get(
            field: str, row: dict[str, str] = row, columns: dict[str, str | None] = columns
        ) -> str:
            column = columns[field]
            return row.get(column, "").strip() if column else ""

        serial = get("serial")
        ident = get("id") or serial
        if not ident:
            report.skip(
                Diagnostic(
                    source, "no device name, id or serial number", row=row_number, field="id"
                )
            )
            continue
        make = get("make") or ("Apple" if mapping is JAMF_MAP else "")
        extra = {k: v.strip() for k, v in row.items() if k not in mapped and v.strip()}
        for warning in warnings:
            report.warn(Diagnostic(source, warning, row=row_number))
        report.count_read(source, len(warnings))
        bluetooth = yes_no(get("bluetooth"))
        yield DeviceRecord(
            source=source,
            locator=f"row {row_number}",
            warnings=tuple(warnings),
            id=ident,
            owner=get("owner").casefold(),
            ownership=ownership(get("ownership")),
            device_kind=device_kind(get("os"), get("model")),
            make=make,
            model=get("model"),
            serial=serial,
            passcode=yes_no(get("passcode")),
            bluetooth={"yes": "on", "no": "off"}.get(bluetooth, "unknown"),
            encrypted=yes_no(get("encrypted")),
            extra=extra,
        )
