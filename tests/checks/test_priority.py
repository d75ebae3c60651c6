"""Priority: every finding says how soon to look, and why, apart from red and amber."""

from __future__ import annotations

from evidence_builders import mail, sms, web

from saferpractice.checks import CheckContext, check_record
from saferpractice.checks import priority as priorities
from saferpractice.checks.rules import RULES
from saferpractice.evidence.records import Record
from saferpractice.findings import Finding, Level, Priority, sort_key

PAT_SCHOOL = "pat.smith@heatonlane.sch.uk"
PAT_GMAIL = "pat.smith78@gmail.com"
PAT_MOBILE = "+447700900456"
SAM = "sam.jones@heatonlane.sch.uk"
KAREN = "karen.jones@example.com"
KAREN_MOBILE = "+447700900123"


def found(record: Record, ctx: CheckContext, rule: str) -> Finding:
    (finding,) = [f for f in check_record(record, ctx) if f.rule == rule]
    return finding


def test_every_rule_has_a_stated_priority() -> None:
    missing = sorted(set(RULES) - set(priorities.RULE_PRIORITY))
    assert missing == []
    for rule_id, (_, reason) in priorities.RULE_PRIORITY.items():
        assert reason, rule_id


def test_personal_email_to_a_parent_about_school_business_is_routine(ctx: CheckContext) -> None:
    finding = found(
        mail(PAT_GMAIL, KAREN, "Raffle prizes for the summer fair are in the office."),
        ctx,
        "email.personal-account",
    )
    assert finding.level is Level.RED  # the guidance's level is unchanged
    assert finding.priority is Priority.ROUTINE
    assert "procedural" in finding.priority_reason


def test_personal_email_to_a_pupil_is_high(ctx: CheckContext) -> None:
    finding = found(mail(PAT_GMAIL, SAM), ctx, "email.personal-account")
    assert finding.priority is Priority.HIGH
    assert "pupil" in finding.priority_reason


def test_personal_phone_to_a_parent_is_routine(ctx: CheckContext) -> None:
    to_parent = found(sms(PAT_MOBILE, KAREN_MOBILE), ctx, "phone.personal-device")
    assert to_parent.priority is Priority.ROUTINE


def test_secrecy_language_to_a_pupil_is_urgent_with_its_reason(ctx: CheckContext) -> None:
    finding = found(
        mail(PAT_SCHOOL, SAM, "Keep this between us and don't tell your mum."),
        ctx,
        "contact.personal-message",
    )
    assert finding.priority is Priority.URGENT
    assert "to a pupil" in finding.priority_reason
    assert finding.to_json()["priority"] == "urgent"
    # Categories by their titles in a sentence, not their ids ("secrecy", not "secrecy-ask").
    assert finding.priority_reason.startswith("secrecy")
    assert "-" not in finding.priority_reason.split(" in a message")[0]


def test_a_reason_names_several_categories_in_words() -> None:
    titles = {"appearance-body": "Appearance and the body", "sexual-content": "Sexual content"}
    urgency, reason = priorities.for_categories(
        ["sexual-content", "appearance-body"],
        to_pupil=False,
        concern_of=lambda c: "sexual content" if c == "sexual-content" else "possible grooming",
        title_of=titles.__getitem__,
    )
    assert urgency is Priority.URGENT
    assert reason == (
        "appearance and the body and sexual content in a message from a member of staff to a parent"
    )
    three = priorities.for_categories(
        ["a", "b", "c"], to_pupil=True, concern_of=lambda c: "possible grooming"
    )
    assert three[1].startswith("a, b and c in a message to a pupil")


def test_web_categories_set_priority() -> None:
    assert priorities.for_web_category("self-harm")[0] is Priority.URGENT
    assert priorities.for_web_category("pornography")[0] is Priority.HIGH
    assert priorities.for_web_category("gambling")[0] is Priority.ROUTINE


def test_gambling_site_visit_is_routine(ctx: CheckContext) -> None:
    finding = found(
        web(PAT_SCHOOL, "http://casino.example/", "Gambling", "blocked"),
        ctx,
        "internet.inappropriate",
    )
    assert finding.priority is Priority.ROUTINE


def test_urgent_findings_sort_before_red_routine_ones(ctx: CheckContext) -> None:
    urgent = found(
        mail(PAT_SCHOOL, SAM, "Keep this between us and don't tell your mum."),
        ctx,
        "contact.personal-message",
    )
    routine = found(mail(PAT_GMAIL, KAREN), ctx, "email.personal-account")
    assert sorted([routine, urgent], key=sort_key) == [urgent, routine]


def test_a_pattern_caught_by_the_lexicon_and_the_detector_is_named_once(ctx: CheckContext) -> None:
    from saferpractice.checks.message_context import title_for
    from saferpractice.detect.semantic import categories

    lexicons = ctx.risk.lexicons
    # Every alias names a real built-in lexicon category (a typo would silently do nothing).
    for category in categories().values():
        for alias in category.lexicon:
            assert lexicons.category(alias) is not None, (category.id, alias)
    assert title_for("meeting", lexicons) == title_for("meeting-outside", lexicons)
    assert title_for("flattery-affection", lexicons) == "Singling a child out"
    _, reason = priorities.for_categories(
        ["meeting", "meeting-outside"],
        to_pupil=True,
        concern_of=lambda c: "possible grooming",
        title_of=lambda c: title_for(c, lexicons),
    )
    assert reason == "meeting or transport outside school in a message to a pupil: " + (
        "possible grooming or harm"
    )
    assert title_for("no-such-category", lexicons) == "no-such-category"
