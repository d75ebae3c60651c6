"""The demo office's findings: the demo school's scan, stored, with a review under way.

Called by saferpractice.web.demo.load_demo after the registers and sign-ins exist. When the
demo folder holds `findings.jsonl` (written by `saferpractice scan -o`), those findings are
loaded; otherwise the evidence is scanned here, with the same service the web page uses.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from saferpractice.web.organisations.models import School
from saferpractice.web.review import scanning, workflow
from saferpractice.web.review.models import Finding, Outcome, Priority, Scan, ScanSource, ScanStatus
from saferpractice.web.review.store import core_findings_from_jsonl, store_findings

DEMO_AS_OF = date(2026, 11, 24)  # the demo school's evidence runs to 22 November 2026


def load_findings(school: School, demo_dir: Path, jobs: int = 2) -> Scan:
    jsonl = demo_dir / "findings.jsonl"
    evidence = (demo_dir / "evidence").resolve()
    if jsonl.is_file():
        scan = Scan.objects.create(
            school=school,
            source=ScanSource.IMPORT,
            label="the demo school's evidence (command-line scan)",
            path=str(evidence),
            as_of=DEMO_AS_OF,
            status=ScanStatus.RUNNING,
            started_at=timezone.now(),
        )
        with jsonl.open(encoding="utf-8") as lines:
            stored = store_findings(school, core_findings_from_jsonl(lines), scan)
        Scan.objects.filter(pk=scan.pk).update(
            status=ScanStatus.FINISHED,
            finished_at=timezone.now(),
            records_checked=_records_checked(jsonl),
            findings_seen=stored.seen,
            findings_new=stored.new,
            findings_excluded=stored.excluded,
        )
        return scan
    scan = Scan.objects.create(
        school=school,
        source=ScanSource.FOLDER,
        label="the demo school's evidence",
        path=str(evidence),
        as_of=DEMO_AS_OF,
    )
    return scanning.execute(scan, jobs=jobs)


def _records_checked(jsonl: Path) -> int:
    """The records the command-line scan checked, from its closing summary line."""
    import json

    last = ""
    with jsonl.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                last = line
    try:
        checked = json.loads(last).get("summary", {}).get("checked", {})
        return sum(int(n) for n in checked.values())
    except (ValueError, AttributeError, TypeError):
        return 0


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def start_review(school: School) -> None:
    """A review under way: some findings triaged, some resolved, one false positive."""
    dsl, head = _user("dsl"), _user("head")
    if dsl is None:
        return
    rows = Finding.objects.filter(school=school)
    high = list(rows.filter(priority=Priority.HIGH).order_by("occurred_at", "ref")[:8])
    routine = list(rows.filter(priority=Priority.ROUTINE).order_by("occurred_at", "ref")[:6])
    outcomes = [
        (Outcome.ADVICE, "Spoke to them; they will use the school account from now on."),
        (Outcome.NO_BREACH, "The parent is also a colleague; contact was about staff matters."),
        (Outcome.LOW_LEVEL, "Recorded as a low-level concern; pattern to be watched."),
    ]
    for finding, (outcome, reason) in zip(high[:3], outcomes, strict=False):
        workflow.triage(finding, dsl)
        workflow.resolve(finding, dsl, outcome, reason)
    for finding in high[3:5]:
        workflow.triage(finding, dsl)
        workflow.add_note(finding, dsl, "Asked the ICT lead for the full thread.")
    if len(high) > 5:
        workflow.escalate(high[5], dsl, "To the head teacher: concerns a senior colleague.")
        if head is not None:
            workflow.assign(high[5], dsl, head)
    if routine:
        workflow.false_positive(
            routine[0], dsl, "The school's own newsletter account; not a personal one."
        )
    for finding in routine[1:3]:
        workflow.resolve(finding, dsl, Outcome.ADVICE, "Reminder sent about device settings.")


def load_demo(school: School, demo_dir: Path) -> None:
    load_findings(school, demo_dir)
    start_review(school)
