"""Running the core's scan for a school from the web: the same checks as the CLI.

The school's registers (the database) become the core's `School`; the school's published
policy is the policy; the core's `run_scan` does the rest. Progress is written to the `Scan`
row as it goes, so the page can show it. Uploaded evidence is kept only while it is scanned.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from saferpractice.checks import CheckContext
from saferpractice.diagnostics import UserError
from saferpractice.scan.engine import ScanOptions, run_scan
from saferpractice.web.organisations.models import School
from saferpractice.web.policies.services import ensure_published_policy, parse_policy
from saferpractice.web.registers.folder import core_school
from saferpractice.web.review.models import Scan, ScanSource, ScanStatus
from saferpractice.web.review.retention import purge_expired
from saferpractice.web.review.store import store_findings

PROGRESS_EVERY = 1.0  # seconds between progress writes
MAX_PROBLEMS = 50


def allowed_folders() -> list[Path]:
    """The server folders an ICT lead may name: `SAFERPRACTICE_EVIDENCE_DIRS` (separated by
    the path separator), else the data folder's `evidence` folder. Nothing else is readable."""
    configured = os.environ.get("SAFERPRACTICE_EVIDENCE_DIRS", "")
    roots = [Path(part) for part in configured.split(os.pathsep) if part.strip()]
    if not roots:
        roots = [Path(settings.DATA_DIR) / "evidence"]
    return [root.resolve() for root in roots]


def check_folder(value: str) -> Path:
    """The named folder, resolved, if it lies inside an allowed folder; else a UserError."""
    if not value.strip():
        raise UserError("name a folder to scan")
    folder = Path(value.strip()).expanduser().resolve()
    roots = allowed_folders()
    if not any(folder == root or root in folder.parents for root in roots):
        raise UserError(
            f"{folder} is not inside a folder the office may read "
            f"({', '.join(str(r) for r in roots)}); set SAFERPRACTICE_EVIDENCE_DIRS to allow one"
        )
    if not folder.is_dir():
        raise UserError(f"{folder}: no such folder")
    return folder


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str) -> str:
    """A file name that cannot climb out of its folder or hide itself."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).lstrip(".")
    return base[:120] or "upload"


def upload_folder(school: School) -> Path:
    """Where a school's uploads wait for their scan. The place is the same every time, so a
    rescan of the same files gives the same finding ids (they name the file's path)."""
    return Path(settings.DATA_DIR) / "uploads" / str(school.pk)


def save_uploads(school: School, files: Iterable[tuple[str, Iterable[bytes]]]) -> Path:
    folder = upload_folder(school)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    for name, chunks in files:
        with (folder / safe_name(name)).open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
    return folder


def context_for(school: School, as_of: date) -> CheckContext:
    """The core's check context for a school as the office holds it."""
    version = ensure_published_policy(school)
    return CheckContext(school=core_school(school), policy=parse_policy(version.text), as_of=as_of)


def execute(scan: Scan, jobs: int = 1) -> Scan:
    """Run `scan` to the end, storing its findings; a failure is recorded, never raised."""
    Scan.objects.filter(pk=scan.pk).update(status=ScanStatus.RUNNING, started_at=timezone.now())
    last = 0.0

    def progress(records: int, findings: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY:
            last = now
            Scan.objects.filter(pk=scan.pk).update(records_checked=records, findings_seen=findings)

    try:
        school = scan.school
        ctx = context_for(school, scan.as_of)
        result = run_scan(
            ctx, [Path(scan.path)], ScanOptions(as_of=scan.as_of, jobs=jobs), progress
        )
        stored = store_findings(school, result.findings, scan)
        purge_expired(school)
        total = result.report.total
        problems = [str(d) for d in result.report.diagnostics[:MAX_PROBLEMS]]
        Scan.objects.filter(pk=scan.pk).update(
            status=ScanStatus.FINISHED,
            finished_at=timezone.now(),
            records_checked=sum(result.checked.values()),
            findings_seen=stored.seen,
            findings_new=stored.new,
            findings_excluded=stored.excluded,
            skipped=total.skipped,
            problems=problems,
        )
    except UserError as error:
        _fail(scan, str(error))
    except Exception as error:  # one bad scan must never take the worker down
        _fail(scan, f"the scan stopped unexpectedly ({type(error).__name__}: {error})")
    finally:
        if scan.source == ScanSource.UPLOAD:
            shutil.rmtree(scan.path, ignore_errors=True)  # never keep whole mailboxes
    scan.refresh_from_db()
    return scan


def _fail(scan: Scan, message: str) -> None:
    Scan.objects.filter(pk=scan.pk).update(
        status=ScanStatus.FAILED, finished_at=timezone.now(), error=message[:2000]
    )


def start(scan: Scan) -> Scan:
    """Queue `scan` as a background task (Django's tasks framework)."""
    from saferpractice.web.review.tasks import run_scan_task

    result = run_scan_task.enqueue(str(scan.pk))
    Scan.objects.filter(pk=scan.pk).update(task_id=str(result.id)[:64])
    scan.task_id = str(result.id)[:64]
    return scan


def run_by_id(scan_id: str, **kwargs: Any) -> str:
    scan = Scan.objects.select_related("school").get(pk=scan_id)
    if scan.done:
        return scan.status
    return execute(scan, **kwargs).status
