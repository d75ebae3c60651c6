"""Mail, text and chat checks: a true hit, every exception and a benign look-alike for each."""

from __future__ import annotations

from datetime import datetime

from evidence_builders import LONDON, mail, sms

from saferpractice.checks import CheckContext, check_record
from saferpractice.evidence.records import Record
from saferpractice.findings import Finding, Level

PAT_SCHOOL = "pat.smith@heatonlane.sch.uk"
PAT_GMAIL = "pat.smith78@gmail.com"
PAT_MOBILE = "+447700900456"
DEV_MOBILE = "+447700900457"
SAM = "sam.jones@heatonlane.sch.uk"
KAREN = "karen.jones@example.com"
KAREN_MOBILE = "+447700900123"
LILY_MOBILE = "+447700900789"
CHRIS_PERSONAL = "chris.wood@outlook.com"
HELEN = "helen.hughes@heatonlane.sch.uk"
DEV = "dev.patel@heatonlane.sch.uk"


def found(record: Record, ctx: CheckContext, rule: str) -> list[Finding]:
    return [f for f in check_record(record, ctx) if f.rule == rule]


def span_texts(finding: Finding) -> list[str]:
    return [finding.evidence.excerpt[s:e] for s, e, _ in finding.evidence.spans]


# -- email.personal-account -------------------------------------------------------------


def test_personal_email_to_a_pupil_is_red(ctx: CheckContext) -> None:
    (finding,) = found(mail(PAT_GMAIL, SAM), ctx, "email.personal-account")
    assert finding.level is Level.RED
    assert finding.people == ("S001", "P001")
    assert finding.policy_item == "email.red.personal-account"
    assert any("accounts.csv row 2" in line and "personal" in line for line in finding.why)
    assert PAT_GMAIL in span_texts(finding)


def test_parent_writing_to_a_staff_personal_address_is_red(ctx: CheckContext) -> None:
    (finding,) = found(mail(KAREN, PAT_GMAIL), ctx, "email.personal-account")
    assert finding.people == ("S001", "G001")
    assert "Karen Jones" in finding.summary


def test_personal_email_to_a_colleague_is_not_flagged(ctx: CheckContext) -> None:
    assert found(mail(CHRIS_PERSONAL, PAT_SCHOOL), ctx, "email.personal-account") == []


def test_school_account_to_a_pupil_is_not_a_personal_account_finding(ctx: CheckContext) -> None:
    assert found(mail(PAT_SCHOOL, SAM), ctx, "email.personal-account") == []


def test_finding_ids_are_stable_across_rescans(ctx: CheckContext) -> None:
    first = found(mail(PAT_GMAIL, SAM), ctx, "email.personal-account")
    second = found(mail(PAT_GMAIL, SAM), ctx, "email.personal-account")
    other = found(mail(PAT_GMAIL, SAM, message_id="<m2@test>"), ctx, "email.personal-account")
    assert first[0].id == second[0].id != other[0].id


# -- phone.personal-device --------------------------------------------------------------


def test_personal_phone_texting_a_pupil_is_red(ctx: CheckContext) -> None:
    (finding,) = found(sms(PAT_MOBILE, LILY_MOBILE), ctx, "phone.personal-device")
    assert finding.level is Level.RED
    assert finding.people == ("S001", "P002")
    assert any("approval A2" in line and "expired" in line for line in finding.why)


def test_pupil_texting_a_staff_personal_phone_is_red(ctx: CheckContext) -> None:
    (finding,) = found(sms(LILY_MOBILE, PAT_MOBILE), ctx, "phone.personal-device")
    assert finding.people == ("S001", "P002")


def test_mobile_phone_approval_covers_the_trip_dates(ctx: CheckContext) -> None:
    on_trip = datetime(2026, 3, 4, 19, 0, tzinfo=LONDON)
    assert found(sms(PAT_MOBILE, LILY_MOBILE, at=on_trip), ctx, "phone.personal-device") == []


def test_an_approval_that_does_not_cover_the_day_is_named_with_uk_dates(ctx: CheckContext) -> None:
    after_trip = datetime(2026, 3, 9, 19, 0, tzinfo=LONDON)
    (finding,) = found(sms(PAT_MOBILE, LILY_MOBILE, at=after_trip), ctx, "phone.personal-device")
    assert (
        "approval A2 (Year 6 residential) expired on 6 March 2026, so it does not cover "
        "9 March 2026 (approvals.csv row 3)"
    ) in finding.why


def test_personal_phone_to_a_colleague_is_not_flagged(ctx: CheckContext) -> None:
    assert found(sms(PAT_MOBILE, DEV_MOBILE), ctx, "phone.personal-device") == []


def test_parent_texting_the_school_office_is_not_flagged(ctx: CheckContext) -> None:
    assert check_record(sms(KAREN_MOBILE, "+441614960000", "Sam is ill today"), ctx) == []


# -- contact.personal-details -----------------------------------------------------------


def test_personal_number_given_to_a_pupil_from_a_school_account_is_red(ctx: CheckContext) -> None:
    record = mail(PAT_SCHOOL, SAM, "If you get stuck, text me on 07700 900456 tonight.")
    (finding,) = found(record, ctx, "contact.personal-details")
    assert finding.level is Level.RED
    assert span_texts(finding) == ["07700 900456"]
    assert any("their own personal phone" in line for line in finding.why)


def test_personal_handle_given_to_a_parent_is_red(ctx: CheckContext) -> None:
    record = mail(PAT_SCHOOL, KAREN, "Photos from the trip are on my insta @pat.smith")
    (finding,) = found(record, ctx, "contact.personal-details")
    assert finding.people == ("S001", "G001")


def test_obfuscated_personal_email_is_found(ctx: CheckContext) -> None:
    record = mail(PAT_SCHOOL, SAM, "my email is pat.smith78 at gmail dot com")
    (finding,) = found(record, ctx, "contact.personal-details")
    assert "pat.smith78" in span_texts(finding)[0]


def test_the_school_office_number_is_never_flagged(ctx: CheckContext) -> None:
    record = mail(PAT_SCHOOL, KAREN, "Please ring the office on 0161 496 0000 about the trip.")
    assert found(record, ctx, "contact.personal-details") == []


def test_the_school_website_and_domain_are_never_flagged(ctx: CheckContext) -> None:
    record = mail(
        PAT_SCHOOL, KAREN, "The letter is on www.heatonlane.sch.uk or ask office@heatonlane.sch.uk"
    )
    assert found(record, ctx, "contact.personal-details") == []


def test_a_professional_account_is_never_flagged(ctx: CheckContext) -> None:
    record = mail(DEV, KAREN, "Follow the school news on x @HeatonLaneDSL")
    assert found(record, ctx, "contact.personal-details") == []


def test_the_recipients_own_number_is_never_flagged(ctx: CheckContext) -> None:
    record = mail(PAT_SCHOOL, KAREN, "We have your number as 07700 900123, is that right?")
    assert found(record, ctx, "contact.personal-details") == []


def test_a_parent_sending_their_own_number_is_never_flagged(ctx: CheckContext) -> None:
    record = mail(KAREN, PAT_SCHOOL, "My number is 07700 900123 if you need me.")
    assert check_record(record, ctx) == []


def test_details_only_in_quoted_history_are_not_flagged(ctx: CheckContext) -> None:
    quoted = "> text me on 07700 900456\n"
    body = "Thanks, see you tomorrow.\n" + quoted
    start = body.index(">")
    record = mail(PAT_SCHOOL, SAM, body, quoted=((start, start + len(quoted)),))
    assert found(record, ctx, "contact.personal-details") == []


def test_unregistered_number_is_flagged_only_when_offered_as_the_senders_own(
    ctx: CheckContext,
) -> None:
    own = mail(PAT_SCHOOL, SAM, "You can always ring me on 07700 900999.")
    coach = mail(PAT_SCHOOL, KAREN, "The coach company's number is 07700 900999.")
    assert len(found(own, ctx, "contact.personal-details")) == 1
    assert found(coach, ctx, "contact.personal-details") == []


# -- contact.personal-message -----------------------------------------------------------


def test_secrecy_to_a_pupil_is_red(ctx: CheckContext) -> None:
    record = mail(PAT_SCHOOL, SAM, "Don't tell your mum about the extra lesson, it's our secret.")
    (finding,) = found(record, ctx, "contact.personal-message")
    assert finding.level is Level.RED
    assert "secrecy" in finding.summary
    assert any("don't tell your mum" in text.casefold() for text in span_texts(finding))
    assert "red because secrecy is a red-severity category" in finding.why


def test_flattery_to_a_pupil_is_amber(ctx: CheckContext) -> None:
    record = mail(PAT_SCHOOL, SAM, "You're so mature for your age.")
    (finding,) = found(record, ctx, "contact.personal-message")
    assert finding.level is Level.AMBER
    assert "amber because every category matched is amber-severity" in finding.why


def test_non_sexual_risk_language_to_a_parent_is_amber(ctx: CheckContext) -> None:
    record = mail(PAT_SCHOOL, KAREN, "Between you and me, I think Sam is the best in the class.")
    (finding,) = found(record, ctx, "contact.personal-message")
    assert finding.level is Level.AMBER
    assert any("amber unless the content is sexual" in line for line in finding.why)


def test_a_surprise_party_among_colleagues_is_not_flagged(ctx: CheckContext) -> None:
    record = mail(PAT_SCHOOL, [HELEN, DEV], "Don't tell anyone the surprise! Class party Friday.")
    assert check_record(record, ctx) == []


def test_a_pupils_name_containing_a_lexicon_word_is_not_flagged(ctx: CheckContext) -> None:
    record = mail(PAT_SCHOOL, KAREN, "Grace Secret and Sam will be reading at the assembly.")
    assert found(record, ctx, "contact.personal-message") == []


def test_ordinary_homework_mail_is_not_flagged(ctx: CheckContext) -> None:
    record = mail(PAT_SCHOOL, SAM, "Please finish pages 12 to 14 of your maths book by Friday.")
    assert check_record(record, ctx) == []


# -- contact.out-of-hours ---------------------------------------------------------------


def test_a_message_to_a_pupil_on_saturday_is_amber(ctx: CheckContext) -> None:
    saturday = datetime(2026, 11, 21, 11, 0, tzinfo=LONDON)
    (finding,) = found(mail(PAT_SCHOOL, SAM, at=saturday), ctx, "contact.out-of-hours")
    assert finding.level is Level.AMBER
    assert any("Saturday" in line for line in finding.why)


def test_a_late_evening_message_is_judged_in_london_time(ctx: CheckContext) -> None:
    # 17:00 UTC in summer is 18:00 in London: outside 08:30-16:30.
    from datetime import UTC

    evening = datetime(2026, 6, 16, 17, 0, tzinfo=UTC)
    (finding,) = found(mail(PAT_SCHOOL, SAM, at=evening), ctx, "contact.out-of-hours")
    assert any("18:00" in line for line in finding.why)


def test_a_message_in_school_hours_is_not_flagged(ctx: CheckContext) -> None:
    assert found(mail(PAT_SCHOOL, SAM), ctx, "contact.out-of-hours") == []


def test_an_approved_trip_covers_out_of_hours_messages(ctx: CheckContext) -> None:
    trip_evening = datetime(2026, 3, 4, 20, 0, tzinfo=LONDON)
    assert found(mail(PAT_SCHOOL, SAM, at=trip_evening), ctx, "contact.out-of-hours") == []


def test_a_message_to_a_parent_out_of_hours_is_not_flagged(ctx: CheckContext) -> None:
    saturday = datetime(2026, 11, 21, 11, 0, tzinfo=LONDON)
    assert found(mail(PAT_SCHOOL, KAREN, at=saturday), ctx, "contact.out-of-hours") == []
