"""The DSL's HTML report: grouped, explained and safe with attacker-controlled evidence."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from evidence_builders import mail

from saferpractice.checks import CheckContext, check_record
from saferpractice.evidence.report import ReadReport
from saferpractice.findings import sort_key
from saferpractice.policy import load_default_policy
from saferpractice.scan.engine import ScanResult
from saferpractice.scan.html_report import render_report
from saferpractice.school import load_school

FIXTURE = Path(__file__).resolve().parents[1] / "checks" / "fixtures" / "school"
HOSTILE = (
    '<script>alert("x")</script><img src=x onerror=alert(1)> '
    "Don't tell your mum, text me on 07700 900456"
)


def _report() -> str:
    loaded = load_school(FIXTURE)
    assert loaded.school is not None
    ctx = CheckContext(school=loaded.school, policy=load_default_policy(), as_of=date(2026, 11, 24))
    record = mail("pat.smith@heatonlane.sch.uk", "sam.jones@heatonlane.sch.uk", HOSTILE)
    findings = sorted(check_record(record, ctx), key=sort_key)
    assert {f.rule for f in findings} == {"contact.personal-details", "contact.personal-message"}
    result = ScanResult(findings=findings, report=ReadReport())
    return render_report(result, ctx.school, ctx.policy, ctx.as_of, ["mail/test.mbox"])


def test_evidence_is_escaped_and_spans_are_marked() -> None:
    html = _report()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert '<mark title="personal phone">07700 900456' in html
    assert "Content-Security-Policy" in html


def test_report_groups_by_person_and_explains_next_steps() -> None:
    html = _report()
    assert "Pat Smith (S001, staff)" in html
    assert "General conduct" in html
    assert "What to do next" in html
    assert "Consequences of a breach" in html
    assert "What we check and why" in html
    assert html.count('<article class="finding') == 2
