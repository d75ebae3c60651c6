"""Importing a school folder or a OneRoster export into the database, and exporting it.

The validation is the core's; `folder.read_folder_leniently` sets aside the rows it rejects
so that the good ones are imported and the rest are listed by file and row.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import IO

from saferpractice.diagnostics import Diagnostic, Severity
from saferpractice.school.oneroster import convert_oneroster, write_conversion
from saferpractice.school.registers import ACCOUNTS, PEOPLE
from saferpractice.school.settings import SETTINGS_FILE
from saferpractice.web.organisations.models import Membership, School
from saferpractice.web.policies.models import PolicyVersion, VersionStatus
from saferpractice.web.policies.services import current_version, parse_policy
from saferpractice.web.registers.folder import (
    ImportResult,
    export_folder,
    read_folder_leniently,
    replace_registers,
)
from saferpractice.web.registers.merge import merge_registers, removals
from saferpractice.web.registers.uploads import UploadError, unpack

MERGE, REPLACE = "merge", "replace"


def import_folder(school: School, folder: Path, mode: str = MERGE) -> ImportResult:
    """Merge (add and update, keep the rest) or replace the registers with the folder's.

    Either way the result says, register by register, what was added, updated, kept or
    removed, so nothing disappears unannounced.
    """
    core, result = read_folder_leniently(folder)
    result.mode = mode
    if core is None:
        return result
    if mode == REPLACE:
        result.changes = removals(school, core)
        result.imported = replace_registers(school, core)
        for name, change in result.changes.items():
            change.rows_now = result.imported[name]
    else:
        result.changes = merge_registers(school, core)
        result.imported = {
            name: len(c.added) + len(c.updated) for name, c in result.changes.items()
        }
    _import_policy(school, core.policy_path)
    unlinked = sorted(
        Membership.objects.filter(school=school)
        .exclude(person_ref="")
        .exclude(person_ref__in=core.people.keys())
        .values_list("user__username", flat=True)
    )
    if unlinked:
        result.problems.append(
            Diagnostic(
                PEOPLE,
                f"{len(unlinked)} sign-in(s) are linked to people no longer in the register: "
                f"{', '.join(unlinked)}; link them again on their membership",
                severity=Severity.WARNING,
            )
        )
    return result


def _import_policy(school: School, path: Path | None) -> None:
    """A folder's own policy becomes the published version, if it is new to the office."""
    if path is None or not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    try:
        policy = parse_policy(text)
    except Exception:  # the core reported it while loading the folder
        return
    version = policy.current_version.version
    if PolicyVersion.objects.filter(school=school, version=version).exists():
        return
    PolicyVersion.objects.filter(school=school, status=VersionStatus.PUBLISHED).update(
        status=VersionStatus.SUPERSEDED
    )
    from django.utils import timezone

    PolicyVersion.objects.create(
        school=school,
        version=version,
        status=VersionStatus.PUBLISHED,
        text=text,
        reason=policy.current_version.reason,
        published_at=timezone.now(),
    )


def import_folder_zip(school: School, upload: IO[bytes], mode: str = MERGE) -> ImportResult:
    with tempfile.TemporaryDirectory(prefix="saferpractice-import-") as tmp:
        folder = Path(tmp) / "school"
        try:
            unpacked = unpack(upload, SETTINGS_FILE, folder)
        except UploadError as error:
            return ImportResult(failed=str(error))
        result = import_folder(school, folder, mode)
        for name in unpacked.left_out:
            result.problems.append(
                Diagnostic(
                    name, "left out: not inside the school folder", severity=Severity.WARNING
                )
            )
        return result


def import_oneroster_zip(school: School, upload: IO[bytes], mode: str = MERGE) -> ImportResult:
    """People and accounts from OneRoster, merged into the registers or replacing the
    school's people and accounts (its other registers are kept either way)."""
    with tempfile.TemporaryDirectory(prefix="saferpractice-oneroster-") as tmp:
        source = Path(tmp) / "oneroster"
        try:
            unpack(upload, "users.csv", source)
        except UploadError as error:
            return ImportResult(failed=str(error))
        from saferpractice.diagnostics import UserError

        try:
            conversion = convert_oneroster(source)
        except UserError as error:
            return ImportResult(failed=str(error), problems=list(error.diagnostics))
        folder = Path(tmp) / "school"
        export_folder(school, folder)
        (folder / PEOPLE).unlink()
        (folder / ACCOUNTS).unlink()
        write_conversion(conversion, folder)
        result = import_folder(school, folder, mode)
        result.problems[:0] = conversion.diagnostics
        return result


def export_zip(school: School) -> bytes:
    """The school folder, in the CLI's format, as a .zip."""
    version = current_version(school)
    with tempfile.TemporaryDirectory(prefix="saferpractice-export-") as tmp:
        folder = Path(tmp) / "school"
        files = export_folder(school, folder, version.text if version else None)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, f"school/{path.relative_to(folder).as_posix()}")
        del files
        return buffer.getvalue()
