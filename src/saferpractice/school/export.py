"""Writing a school folder back out, normalised: E.164 numbers, case-folded addresses,
`platform:handle` social accounts, `host/path` websites, ISO dates and lower-case values.

Loading the written folder gives back an equal `School` (the round trip is lossless). The
optional `notes` column is written only for a register that has notes.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path, PurePosixPath

from saferpractice.school.model import Approval, Device, Person, Settings
from saferpractice.school.registers import (
    ACCOUNTS,
    ACKNOWLEDGEMENTS,
    APPROVALS,
    COLUMNS,
    CONSENTS,
    DEVICES,
    PEOPLE,
)
from saferpractice.school.school import School
from saferpractice.school.settings import SETTINGS_FILE

Row = Sequence[str]


def _d(value: date | None) -> str:
    return value.isoformat() if value else ""


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def settings_yaml(settings: Settings, policy: str | None) -> str:
    """school.yaml text for `settings`, with `policy` written as given."""
    lines = [f"name: {_q(settings.name)}"]
    if settings.urn is not None:
        lines.append(f"urn: {_q(settings.urn)}")
    lines.append(f"timezone: {_q(settings.timezone)}")
    for key, values in (
        ("email_domains", settings.email_domains),
        ("phone_numbers", settings.phone_numbers),
        ("websites", settings.websites),
    ):
        if values:
            lines.append(f"{key}:")
            lines.extend(f"  - {_q(value)}" for value in values)
        else:
            lines.append(f"{key}: []")
    hours = settings.school_hours
    lines += [
        "school_hours:",
        f"  start: {_q(hours.start.strftime('%H:%M'))}",
        f"  end: {_q(hours.end.strftime('%H:%M'))}",
        f"  days: [{', '.join(hours.days)}]",
    ]
    if policy is not None:
        lines.append(f"policy: {_q(policy)}")
    if settings.logo is not None:
        lines.append(f"logo: {_q(settings.logo)}")
    return "\n".join(lines) + "\n"


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Row]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _with_notes(path: Path, columns: Sequence[str], rows: list[tuple[Row, str]]) -> None:
    if any(notes for _, notes in rows):
        write_csv(path, [*columns, "notes"], ([*row, notes] for row, notes in rows))
    else:
        write_csv(path, columns, (row for row, _ in rows))


def _policy_target(school: School, out: Path) -> str | None:
    """Copy a customised policy beside the exported folder; the path to write in school.yaml."""
    source = school.policy_path
    relative = school.settings.policy
    if source is None or relative is None:
        return None
    pure = PurePosixPath(relative.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts:
        return str(source)
    target = out / pure
    if target.resolve() != source:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return pure.as_posix()


def _copy_logo(school: School, out: Path) -> None:
    """The logo sits inside the folder by rule, so it keeps its relative name."""
    if school.settings.logo is None:
        return
    source = (school.folder / school.settings.logo).resolve()
    target = out / school.settings.logo
    if target.resolve() != source and source.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def export_school(school: School, out: str | Path) -> list[Path]:
    """Write `school` as a normalised folder at `out`; the files written."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    policy = _policy_target(school, folder)
    _copy_logo(school, folder)
    (folder / SETTINGS_FILE).write_text(settings_yaml(school.settings, policy), encoding="utf-8")
    for name, rows in _register_rows(school).items():
        _with_notes(folder / name, COLUMNS[name], rows)
    return [folder / name for name in (SETTINGS_FILE, *COLUMNS)]


_Rows = list[tuple[Row, str]]


def _register_rows(school: School) -> dict[str, _Rows]:
    """Each register's rows, in the order of its columns, with their notes."""
    return {
        PEOPLE: [(_person_row(p), p.notes) for p in school.people.values()],
        ACCOUNTS: [((a.person, a.kind, a.value, a.ownership), a.notes) for a in school.accounts],
        DEVICES: [(_device_row(d), d.notes) for d in school.devices],
        APPROVALS: [(_approval_row(a), a.notes) for a in school.approvals],
        CONSENTS: [
            ((c.pupil, c.use, c.status, c.given_by, _d(c.recorded_on), _d(c.expires_on)), c.notes)
            for c in school.consents
        ],
        ACKNOWLEDGEMENTS: [
            ((a.person, a.policy_version, _d(a.acknowledged_on)), a.notes)
            for a in school.acknowledgements
        ],
    }


def _person_row(p: Person) -> Row:
    return (
        p.id, p.given_name, p.family_name, p.role, p.email or "", p.phone or "",
        ";".join(p.responsibilities), ";".join(p.guardian_of), _d(p.left_on),
    )  # fmt: skip


def _device_row(d: Device) -> Row:
    return (
        d.id, d.owner or "", d.ownership, d.kind, d.make, d.model, d.serial, d.passcode,
        d.bluetooth, d.encrypted,
    )  # fmt: skip


def _approval_row(a: Approval) -> Row:
    return (
        a.id, a.person, a.kind, a.device or "", a.purpose, _d(a.valid_from), _d(a.valid_to),
        a.approved_by,
    )  # fmt: skip
