"""Between the database and the core's school folder: import, export and the core `School`.

The format and validation are the core's own (`saferpractice.school.load_school` and
`export_school`); nothing here re-implements them. An import with bad rows imports the rest:
the rows the core rejects are set aside (by file and row) and the folder is loaded again.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from saferpractice.diagnostics import Diagnostic, Severity
from saferpractice.school import (
    Account as CoreAccount,
)
from saferpractice.school import (
    Acknowledgement as CoreAcknowledgement,
)
from saferpractice.school import (
    Approval as CoreApproval,
)
from saferpractice.school import (
    Consent as CoreConsent,
)
from saferpractice.school import (
    Device as CoreDevice,
)
from saferpractice.school import (
    Person as CorePerson,
)
from saferpractice.school import (
    School as CoreSchool,
)
from saferpractice.school import (
    SchoolHours,
    Settings,
    export_school,
    load_school,
)
from saferpractice.school.registers import PEOPLE, REGISTERS
from saferpractice.school.settings import SETTINGS_FILE
from saferpractice.web.agreements.models import Approval, ApprovalStatus, Consent
from saferpractice.web.audit import chain
from saferpractice.web.audit.models import Action
from saferpractice.web.organisations.models import School
from saferpractice.web.policies.models import Acknowledgement
from saferpractice.web.registers.mapping import REGISTERS as DB_REGISTERS
from saferpractice.web.registers.mapping import Refs, plain, remember
from saferpractice.web.registers.models import Account, Device, Person

MAX_PASSES = 6


@dataclass(slots=True)
class ImportResult:
    """What an import did: rows imported per register, and every problem by file and row."""

    imported: dict[str, int] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    skipped_rows: dict[str, list[int]] = field(default_factory=dict)
    failed: str = ""  # why nothing at all could be imported
    mode: str = "merge"  # or "replace"
    changes: dict[str, Any] = field(default_factory=dict)  # register -> merge.RegisterChange

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.problems if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.problems if d.severity is Severity.WARNING]

    @property
    def skipped(self) -> int:
        return sum(len(rows) for rows in self.skipped_rows.values())


# -- reading a folder, leniently ----------------------------------------------------------


def _drop_rows(path: Path, rows: set[int]) -> None:
    """Rewrite a CSV without the given spreadsheet rows (the header is row 1)."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    records = list(csv.reader(io.StringIO(text, newline="")))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for number, record in enumerate(records, start=1):
        if number == 1 or number not in rows:
            writer.writerow(record)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _empty_register(path: Path) -> None:
    first = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()[:1]
    path.write_text((first[0] + "\n") if first else "", encoding="utf-8")


def read_folder_leniently(folder: Path) -> tuple[CoreSchool | None, ImportResult]:
    """Load `folder` with the core's validation, setting aside rows it rejects.

    The folder itself is never changed: the passes work on a temporary copy.
    """
    result = ImportResult()
    seen: set[tuple[str, int | None, str | None, str]] = set()
    with tempfile.TemporaryDirectory(prefix="saferpractice-import-") as tmp:
        work = Path(tmp) / "school"
        shutil.copytree(folder, work)
        for _ in range(MAX_PASSES):
            loaded = load_school(work)
            for d in loaded.diagnostics:
                key = (d.source, d.row, d.field, d.message)
                if key not in seen:
                    seen.add(key)
                    result.problems.append(d)
            if loaded.school is not None:
                return _detach(loaded.school, folder), result
            if loaded.unreadable:
                result.failed = "the folder could not be read"
                return None, result
            progress = False
            for source in REGISTERS:
                bad = {d.row for d in loaded.errors if d.source == source and d.row}
                whole = any(d.source == source and not d.row for d in loaded.errors)
                path = work / source
                if not path.is_file():
                    continue
                if whole and source == PEOPLE:
                    result.failed = f"{PEOPLE} cannot be read, so nothing can be imported"
                    return None, result
                if whole:
                    _empty_register(path)
                    result.skipped_rows.setdefault(source, []).append(0)
                    progress = True
                elif bad:
                    _drop_rows(path, bad)
                    result.skipped_rows.setdefault(source, []).extend(sorted(bad))
                    progress = True
            if any(d.source == SETTINGS_FILE for d in loaded.errors):
                result.failed = f"{SETTINGS_FILE} has errors, so nothing can be imported"
                return None, result
            if not progress:
                result.failed = "the folder has errors that no row can be set aside for"
                return None, result
        result.failed = "too many problems depend on one another; fix the rows listed"
        return None, result


def _detach(school: CoreSchool, folder: Path) -> CoreSchool:
    """Point a school loaded from a temporary copy back at its real folder."""
    object.__setattr__(school, "folder", folder.resolve())
    return school


# -- writing the registers to the database -------------------------------------------------


def _opt(value: str | None) -> str:
    return value or ""


def apply_settings(school: School, core: CoreSchool) -> list[str]:
    """Take the school's settings (school.yaml) from `core`; the names of those that changed."""
    s = core.settings
    values: dict[str, Any] = {
        "name": s.name,
        "urn": s.urn or "",
        "timezone": s.timezone,
        "email_domains": list(s.email_domains),
        "phone_numbers": list(s.phone_numbers),
        "websites": list(s.websites),
        "hours_start": s.school_hours.start,
        "hours_end": s.school_hours.end,
        "hours_days": list(s.school_hours.days),
        "folder_policy": s.policy or "",
    }
    values["logo_name"], values["logo"] = _logo(core)
    changed = [name for name, value in values.items() if getattr(school, name) != value]
    for name, value in values.items():
        setattr(school, name, value)
    school.save()
    return changed


def _counts(core: CoreSchool) -> dict[str, int]:
    return {register.name: len(list(register.rows(core))) for register in DB_REGISTERS}


@transaction.atomic
def replace_registers(school: School, core: CoreSchool) -> dict[str, int]:
    """Replace the school's registers in the database with those of `core`."""
    with chain.suppressed():
        for register in reversed(DB_REGISTERS):
            register.model.objects.filter(school=school).delete()  # type: ignore[attr-defined]
        apply_settings(school, core)
        refs = Refs()
        for register in DB_REGISTERS:
            model: Any = register.model
            written = model.objects.bulk_create(
                model(school=school, position=i, **register.values(row, refs))
                for i, row in enumerate(register.rows(core))
            )
            remember(register, written, refs)
    counts = _counts(core)
    chain.record(
        Action.IMPORTED,
        "school folder imported: " + ", ".join(f"{count} {name}" for name, count in counts.items()),
        school=school,
        detail=counts,
    )
    return counts


# -- reading the registers back out as the core's School ------------------------------------


def core_school(school: School, folder: Path | None = None) -> CoreSchool:
    """The school as the core sees it: what the checks and the export use.

    Only approved approvals are agreements; requests and declined ones are not.
    """
    settings = Settings(
        name=school.name,
        urn=school.urn or None,
        timezone=school.timezone,
        email_domains=tuple(school.email_domains),
        phone_numbers=tuple(school.phone_numbers),
        websites=tuple(school.websites),
        school_hours=SchoolHours(
            _time(school.hours_start), _time(school.hours_end), tuple(school.hours_days)
        ),
        policy=school.folder_policy or None,
        logo=school.logo_name or None,
    )
    people = {
        p.ref: CorePerson(
            id=p.ref,
            email=p.email or None,
            phone=p.phone or None,
            responsibilities=tuple(p.responsibilities),
            guardian_of=tuple(p.guardian_of),
            row=row,
            **plain(Person, p),
        )
        for row, p in _rows(school, Person)
    }
    accounts = tuple(
        CoreAccount(person=a.person.ref, row=row, **plain(Account, a))
        for row, a in _rows(school, Account, "person")
    )
    devices = tuple(
        CoreDevice(id=d.ref, owner=d.owner.ref if d.owner else None, row=row, **plain(Device, d))
        for row, d in _rows(school, Device, "owner")
    )
    approved = Approval.objects.filter(status=ApprovalStatus.APPROVED)
    approvals = tuple(
        CoreApproval(
            id=a.ref,
            person=a.person.ref,
            device=a.device.ref if a.device else None,
            approved_by=a.approved_by_ref,
            row=row,
            **plain(Approval, a),
        )
        for row, a in _rows(school, approved, "person", "device")
    )
    consents = tuple(
        CoreConsent(pupil=c.pupil.ref, row=row, **plain(Consent, c))
        for row, c in _rows(school, Consent, "pupil")
    )
    acknowledgements = tuple(
        CoreAcknowledgement(person=a.person.ref, row=row, **plain(Acknowledgement, a))
        for row, a in _rows(school, Acknowledgement, "person")
    )
    return CoreSchool(
        settings=settings,
        folder=(folder or Path()).resolve(),
        people=people,
        accounts=accounts,
        devices=devices,
        approvals=approvals,
        consents=consents,
        acknowledgements=acknowledgements,
    )


def _rows(school: School, rows: Any, *related: str) -> Iterator[tuple[int, Any]]:
    """A register's rows in the file's order, numbered as spreadsheet rows (header is 1)."""
    queryset = rows if isinstance(rows, QuerySet) else rows.objects
    ordered = queryset.filter(school=school).select_related(*related)
    return enumerate(ordered.order_by("position", "created_at"), start=2)


def _logo(core: CoreSchool) -> tuple[str, bytes | None]:
    name = core.settings.logo
    if not name:
        return "", None
    path = (core.folder / name).resolve()
    if not path.is_file() or path.stat().st_size > 5 * 1024 * 1024:
        return "", None
    return name, path.read_bytes()


def _time(value: Any) -> time:
    return value if isinstance(value, time) else time.fromisoformat(str(value))


def export_folder(school: School, out: Path, policy_text: str | None = None) -> list[Path]:
    """Write the school folder to `out` with the core's exporter (the CLI's format)."""
    out.mkdir(parents=True, exist_ok=True)
    if school.logo_name and school.logo is not None:
        logo = out / school.logo_name
        logo.parent.mkdir(parents=True, exist_ok=True)
        logo.write_bytes(bytes(school.logo))
    if school.folder_policy and policy_text is not None:
        target = out / school.folder_policy
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(policy_text, encoding="utf-8")
    return export_school(core_school(school, out), out)


@contextmanager
def folder_from_upload(files: dict[str, bytes]) -> Iterator[Path]:
    """A temporary school folder made of uploaded files (name -> content)."""
    with tempfile.TemporaryDirectory(prefix="saferpractice-upload-") as tmp:
        folder = Path(tmp)
        for name, content in files.items():
            (folder / Path(name).name).write_bytes(content)
        yield folder
