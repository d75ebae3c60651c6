"""Web-filter checks: staff visits to monitored categories."""

from __future__ import annotations

from evidence_builders import web

from saferpractice.checks import CheckContext, check_record
from saferpractice.evidence.records import Record
from saferpractice.findings import Finding, Level


def found(record: Record, ctx: CheckContext, rule: str) -> list[Finding]:
    return [f for f in check_record(record, ctx) if f.rule == rule]


# -- internet.inappropriate -------------------------------------------------------------


def test_staff_access_to_a_monitored_category_is_red(ctx: CheckContext) -> None:
    record = web("pat.smith@heatonlane.sch.uk", "http://casino.example/", "Gambling", "blocked")
    (finding,) = found(record, ctx, "internet.inappropriate")
    assert finding.level is Level.RED
    assert finding.people == ("S001",)
    assert "blocked" in finding.summary


def test_web_users_are_matched_by_username(ctx: CheckContext) -> None:
    record = web("pat.smith", "http://casino.example/", "gambling")
    assert len(found(record, ctx, "internet.inappropriate")) == 1


def test_ordinary_categories_and_pupils_are_not_flagged(ctx: CheckContext) -> None:
    assert check_record(web("pat.smith", "https://www.bbc.co.uk/bitesize", "Education"), ctx) == []
    assert check_record(web("sam.jones", "http://casino.example/", "Gambling"), ctx) == []
