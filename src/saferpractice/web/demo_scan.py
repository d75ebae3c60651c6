"""The demo's scan in the background, so that `make demo` serves the office at once.

The scan is the command line's own (`saferpractice scan ... -o findings.jsonl`), run as a
child process (niced, so pages stay quick) from a thread beside the web server. When it has
finished, the review app loads the findings as it always does. Until then `LOADING` says so,
and every page of the demo shows it (see `common.context`). Only the demo uses this.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import connections
from django.utils import timezone

from saferpractice.web.review.demo import DEMO_AS_OF

FINDINGS = "findings.jsonl"
SCAN_LOG = "scan.log"


@dataclass(slots=True)
class Loading:
    """Where the demo's findings are: "scanning", "done" or "failed" (with why)."""

    state: str = "done"
    started: datetime | None = None
    message: str = ""

    @property
    def busy(self) -> bool:
        return self.state == "scanning"


LOADING = Loading()


def scan_command(demo_dir: Path, out: Path, jobs: int = 2) -> list[str]:
    return [
        sys.executable,
        "-m",
        "saferpractice",
        "scan",
        str(demo_dir / "school"),
        str(demo_dir / "evidence"),
        "--as-of",
        DEMO_AS_OF.isoformat(),
        "--jobs",
        str(jobs),
        "-o",
        str(out),
    ]


def start_background_scan(school_pk: Any, demo_dir: Path) -> threading.Thread:
    """Scan the demo's evidence in the background, then load its findings."""
    LOADING.state, LOADING.started, LOADING.message = "scanning", timezone.now(), ""
    thread = threading.Thread(
        target=_scan_and_load, args=(school_pk, demo_dir), name="saferpractice-demo-scan"
    )
    thread.daemon = True
    thread.start()
    return thread


def _scan_and_load(school_pk: Any, demo_dir: Path) -> None:
    began = time.monotonic()
    try:
        partial = demo_dir / "findings.scanning.jsonl"  # not ".partial": that is a stopped scan
        code = _run_scan(scan_command(demo_dir, partial), demo_dir / SCAN_LOG)
        if code not in (0, 1):  # 1 means "findings found"
            raise RuntimeError(f"the scan exited with status {code}; see {demo_dir / SCAN_LOG}")
        partial.replace(demo_dir / FINDINGS)
        from saferpractice.web.demo import FINDINGS_APPS, load_later_apps
        from saferpractice.web.organisations.models import School

        load_later_apps(School.objects.get(pk=school_pk), demo_dir, FINDINGS_APPS)
        LOADING.state = "done"
        took = time.monotonic() - began
        print(f"The demo's findings are loaded (scan and load took {took:.0f} s).", flush=True)
    except Exception as error:  # the office keeps serving; the banner says what went wrong
        LOADING.state, LOADING.message = "failed", str(error)
        print(f"The demo's findings could not be loaded: {error}", file=sys.stderr, flush=True)
    finally:
        connections.close_all()


def _run_scan(command: list[str], log_path: Path) -> int:
    with log_path.open("w", encoding="utf-8") as log:
        nice = shutil.which("nice")
        child = subprocess.Popen(
            [nice, "-n", "5", *command] if nice else command,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        atexit.register(_stop, child)
        return child.wait()


def _stop(child: subprocess.Popen[bytes]) -> None:
    if child.poll() is None:
        child.terminate()
