"""Policy checks: acknowledgements and the annual review."""

from __future__ import annotations

from datetime import date

from saferpractice.checks import CheckContext, check_record, check_school
from saferpractice.evidence.records import Record
from saferpractice.findings import Finding, Level


def found(record: Record, ctx: CheckContext, rule: str) -> list[Finding]:
    return [f for f in check_record(record, ctx) if f.rule == rule]


# -- policy -----------------------------------------------------------------------------


def test_staff_who_have_not_acknowledged_the_current_version(ctx: CheckContext) -> None:
    missing = {f.evidence.ref for f in check_school(ctx) if f.rule == "policy.not-acknowledged"}
    assert missing == {"S004"}


def test_review_overdue_only_after_the_revision_date(ctx: CheckContext) -> None:
    assert [f for f in check_school(ctx) if f.rule == "policy.review-overdue"] == []
    later = CheckContext(school=ctx.school, policy=ctx.policy, as_of=date(2028, 1, 1))
    (finding,) = [f for f in check_school(later) if f.rule == "policy.review-overdue"]
    assert finding.level is Level.AMBER
    assert "2027-11-24" in finding.summary
