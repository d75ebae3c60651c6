"""Background tasks: a scan started from the web runs here, in a worker."""

from __future__ import annotations

import os

from django_tasks import task


@task()
def run_scan_task(scan_id: str) -> str:
    from saferpractice.web.review.scanning import run_by_id

    jobs = int(os.environ.get("SAFERPRACTICE_SCAN_JOBS", "1") or 1)
    return run_by_id(scan_id, jobs=max(1, jobs))
