"""The report a safeguarding lead acts on: urgent first, staff-led, UK dates, printable."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

from evidence_builders import mail

from saferpractice.checks import CheckContext, check_record
from saferpractice.evidence.report import ReadReport
from saferpractice.findings import sort_key
from saferpractice.policy import load_default_policy
from saferpractice.scan.engine import ScanResult
from saferpractice.scan.html_report import render_report, uk_datetime, visible_controls
from saferpractice.school import load_school

FIXTURE = Path(__file__).resolve().parents[1] / "checks" / "fixtures" / "school"
PAT_SCHOOL = "pat.smith@heatonlane.sch.uk"
PAT_GMAIL = "pat.smith78@gmail.com"
SAM = "sam.jones@heatonlane.sch.uk"
KAREN = "karen.jones@example.com"


def _context() -> CheckContext:
    loaded = load_school(FIXTURE)
    assert loaded.school is not None
    return CheckContext(
        school=loaded.school, policy=load_default_policy(), as_of=date(2026, 11, 24)
    )


def _report(*records: object, checked: int = 0) -> str:
    ctx = _context()
    findings = sorted(
        (f for record in records for f in check_record(record, ctx)),  # type: ignore[arg-type]
        key=sort_key,
    )
    result = ScanResult(findings=findings, report=ReadReport(), checked=Counter(mail=checked))
    return render_report(result, ctx.school, ctx.policy, ctx.as_of, ["mail/test.mbox"])


def _section(html: str, section_id: str) -> str:
    match = re.search(rf'<section[^>]*id="{section_id}".*?</section>', html, re.S)
    assert match, section_id
    return match.group(0)


def test_the_report_opens_with_the_urgent_findings() -> None:
    html = _report(
        mail(PAT_GMAIL, KAREN, "Raffle prizes are in the office.", message_id="<r@t>"),
        mail(PAT_SCHOOL, SAM, "Keep this between us and don't tell your mum.", message_id="<u@t>"),
    )
    today = _section(html, "today")
    assert html.index('id="today"') < html.index('id="summary"') < html.index('id="high"')
    assert "Needs attention today" in today
    assert "between us" in today and "Raffle" not in today
    assert "Raffle" in _section(html, "routine")
    assert 'href="#today"' in html  # the contents list jumps to it


def test_pupils_appear_only_as_involved_under_the_member_of_staff() -> None:
    html = _report(mail(PAT_SCHOOL, SAM, "Keep this between us and don't tell your mum."))
    today = _section(html, "today")
    assert "member of staff: Pat Smith (S001, staff)" in today
    assert "Involved: Sam Jones (P001, pupil)" in today
    assert "<h3>Sam Jones" not in html  # no pupil ever heads a group of findings


def test_no_urgent_findings_says_so() -> None:
    html = _report(mail(PAT_GMAIL, KAREN, "Raffle prizes are in the office."))
    assert "Nothing urgent was found." in _section(html, "today")


def test_dates_are_uk_in_the_school_timezone_and_numbers_have_separators() -> None:
    html = _report(mail(PAT_SCHOOL, SAM, "Keep this between us."), checked=12345)
    assert "Tuesday 17 November 2026, 10:15" in html
    assert "as of Tuesday 24 November 2026" in html
    assert "12,345 mail" in html


def test_the_guidance_is_printed_in_full() -> None:
    html = _report(mail(PAT_SCHOOL, SAM, "Keep this between us and don't tell your mum."))
    assert html.count('<div class="print-only"><p><b>What to do next</b></p>') == 1
    assert re.search(r"@media print \{.*\.print-only \{ display: block; \}", html, re.S)


def test_right_to_left_override_is_shown_not_obeyed() -> None:
    assert visible_controls("invoice\u202egpj.exe") == "invoice<U+202E>gpj.exe"
    assert visible_controls("family 👨\u200d👩\u200d👧") == "family 👨\u200d👩\u200d👧"
    html = _report(mail(PAT_SCHOOL, SAM, "Keep this between us \u202eim ot gniog"))
    assert "\u202e" not in html
    assert "&lt;U+202E&gt;" in html


def test_uk_datetime_never_fails_on_extreme_moments() -> None:
    from datetime import datetime, timedelta, timezone
    from zoneinfo import ZoneInfo

    far = datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-12)))
    assert uk_datetime(far, ZoneInfo("Europe/London")).startswith("Friday 31 December 9999")
    assert uk_datetime(None, ZoneInfo("Europe/London")) == "date not known"
