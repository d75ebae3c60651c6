"""Device inventories: an MDM CSV export (Intune's column names) mapped to DeviceRecord.

Columns are matched case-insensitively by the first name in `HEADER_MAP` that the export
has; columns not in the map are kept in `extra`. Values are normalised to the school
folder's vocabulary: ownership school|personal|unknown, passcode yes|no|unknown,
bluetooth on|off|unknown, encrypted yes|no|unknown.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from saferpractice.diagnostics import Diagnostic
from saferpractice.evidence.csvutil import iter_csv, source_name
from saferpractice.evidence.records import DeviceRecord
from saferpractice.evidence.report import ReadReport

# DeviceRecord field -> export column names, in order of preference.
HEADER_MAP: dict[str, tuple[str, ...]] = {
    "id": ("device name", "devicename", "device id", "deviceid"),
    "owner": (
        "primary user upn",
        "primary user email address",
        "user principal name",
        "userprincipalname",
        "primary user email",
    ),
    "ownership": ("ownership", "owner type", "ownertype", "managed device owner type"),
    "os": ("os", "operating system", "platform"),
    "make": ("manufacturer",),
    "model": ("model",),
    "serial": ("serial number", "serialnumber", "serial"),
    "encrypted": ("encrypted", "isencrypted", "storage encrypted"),
    "passcode": ("passcode", "passcode set", "passcode present", "password required"),
    "bluetooth": ("bluetooth", "bluetooth enabled", "bluetooth on"),
}
# Columns an export must have to be read as an MDM inventory.
REQUIRED_FIELDS = ("id", "serial", "make", "model", "owner")

_YES = frozenset({"yes", "y", "true", "1", "on", "enabled", "encrypted", "set", "required"})
_NO = frozenset(
    {"no", "n", "false", "0", "off", "disabled", "not encrypted", "unencrypted", "none", "not set"}
)


def column_for(header: Sequence[str], field: str) -> str | None:
    return next((name for name in HEADER_MAP[field] if name in header), None)


def is_mdm_header(header: Sequence[str] | None) -> bool:
    return header is not None and all(column_for(header, f) for f in REQUIRED_FIELDS)


def yes_no(value: str) -> str:
    word = value.strip().casefold()
    return "yes" if word in _YES else "no" if word in _NO else "unknown"


def ownership(value: str) -> str:
    word = value.strip().casefold()
    if word in ("corporate", "company", "school", "organisation", "organization"):
        return "school"
    if word in ("personal", "byod", "employee"):
        return "personal"
    return "unknown"


def device_kind(os_name: str, model: str) -> str:
    """phone | tablet | laptop | other, from the OS and model an MDM reports."""
    os_word, model_word = os_name.casefold(), model.casefold()
    if "ipad" in model_word or "ipados" in os_word or "tablet" in model_word:
        return "tablet"
    if "iphone" in model_word or os_word in ("ios", "android"):
        return "phone"
    if os_word.startswith(("windows", "macos", "mac os", "chrome")):
        return "laptop"
    return "other"


def read_mdm_csv(path: Path, report: ReadReport, root: Path) -> Iterator[DeviceRecord]:
    """DeviceRecords from an Intune-style export; rows without a serial number are skipped."""
    source = source_name(path, root)
    columns: dict[str, str | None] = {}
    for row_number, row, warnings in iter_csv(path, source, report):
        if not columns:
            columns = {f: column_for(list(row), f) for f in HEADER_MAP}
        mapped = set(columns.values())

        def get(
            field: str, row: dict[str, str] = row, columns: dict[str, str | None] = columns
        ) -> str:
            column = columns[field]
            return row.get(column, "").strip() if column else ""

        serial = get("serial")
        if not serial:
            report.skip(Diagnostic(source, "no serial number", row=row_number, field="serial"))
            continue
        owner = get("owner").casefold()
        kind = device_kind(get("os"), get("model"))
        extra = {k: v.strip() for k, v in row.items() if k not in mapped and v.strip()}
        for warning in warnings:
            report.warn(Diagnostic(source, warning, row=row_number))
        report.count_read(source, len(warnings))
        bluetooth = yes_no(get("bluetooth"))
        yield DeviceRecord(
            source=source,
            locator=f"row {row_number}",
            warnings=tuple(warnings),
            id=get("id") or serial,
            owner=owner,
            ownership=ownership(get("ownership")),
            device_kind=kind,
            make=get("make"),
            model=get("model"),
            serial=serial,
            passcode=yes_no(get("passcode")),
            bluetooth={"yes": "on", "no": "off"}.get(bluetooth, "unknown"),
            encrypted=yes_no(get("encrypted")),
            extra=extra,
        )
