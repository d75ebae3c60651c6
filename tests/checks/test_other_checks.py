"""Social, image, device, web and policy checks: true hits, exceptions and look-alikes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from evidence_builders import LONDON, connection, image, profile, web

from saferpractice.checks import CheckContext, check_record, check_school
from saferpractice.evidence.records import Record, Visibility
from saferpractice.findings import Finding, Level


def found(record: Record, ctx: CheckContext, rule: str) -> list[Finding]:
    return [f for f in check_record(record, ctx) if f.rule == rule]


# -- social.pupil-connection / social.former-pupil-connection ---------------------------


def test_pupil_matched_by_handle_is_red(ctx: CheckContext) -> None:
    (finding,) = found(
        connection("S001", "instagram", handle="sammyj"), ctx, "social.pupil-connection"
    )
    assert finding.level is Level.RED
    assert finding.people == ("S001", "P001")
    assert finding.evidence.ref == "instagram:sammyj"
    assert any("handle instagram:sammyj" in line for line in finding.why)


def test_pupil_matched_by_full_name_says_so(ctx: CheckContext) -> None:
    (finding,) = found(
        connection("S001", "facebook", name="Lily Evans"), ctx, "social.pupil-connection"
    )
    assert any("full name 'Lily Evans' only" in line for line in finding.why)


def test_parent_of_a_current_pupil_is_red(ctx: CheckContext) -> None:
    (finding,) = found(
        connection("S001", "facebook", name="Karen Jones"), ctx, "social.pupil-connection"
    )
    assert finding.people == ("S001", "G001")


def test_a_pupil_who_left_years_ago_is_amber_not_red(ctx: CheckContext) -> None:
    record = connection("S001", "facebook", name="Tom Brown")
    assert found(record, ctx, "social.pupil-connection") == []
    (finding,) = found(record, ctx, "social.former-pupil-connection")
    assert finding.level is Level.AMBER
    assert any("2016-07-20" in line for line in finding.why)


def test_strangers_and_colleagues_are_not_flagged(ctx: CheckContext) -> None:
    assert check_record(connection("S001", "facebook", name="Joe Bloggs"), ctx) == []
    assert check_record(connection("S001", "facebook", name="Dev Patel"), ctx) == []


def test_a_pupils_own_connections_are_not_a_staff_matter(ctx: CheckContext) -> None:
    assert check_record(connection("P002", "instagram", handle="sammyj"), ctx) == []


# -- social.open-profile ----------------------------------------------------------------


def test_a_public_personal_profile_is_amber(ctx: CheckContext) -> None:
    record = profile("S001", "instagram", "pat.smith", Visibility.PUBLIC)
    (finding,) = found(record, ctx, "social.open-profile")
    assert finding.level is Level.AMBER


def test_a_friends_only_profile_is_not_flagged(ctx: CheckContext) -> None:
    assert check_record(profile("S001", "instagram", "pat.smith", Visibility.FRIENDS), ctx) == []


def test_a_public_professional_profile_is_not_flagged(ctx: CheckContext) -> None:
    assert check_record(profile("S003", "x", "heatonlanedsl", Visibility.PUBLIC), ctx) == []


# -- images.personal-device -------------------------------------------------------------


def test_pupils_photographed_on_a_personal_phone_by_serial_is_red(ctx: CheckContext) -> None:
    record = image(("P001",), serial="F2LXK0A1B2C3", make="Apple", model="iPhone 13")
    (finding,) = found(record, ctx, "images.personal-device")
    assert finding.level is Level.RED
    assert finding.people == ("S001", "P001")
    assert any("serial F2LXK0A1B2C3 is device D003" in line for line in finding.why)


def test_identified_by_model_only_says_so(ctx: CheckContext) -> None:
    record = image(("Sam Jones",), make="Samsung", model="SM-G991B")
    (finding,) = found(record, ctx, "images.personal-device")
    assert any("only by make and model" in line for line in finding.why)


def test_an_images_approval_covers_its_trip(ctx: CheckContext) -> None:
    on_trip = datetime(2026, 6, 11, 14, 0, tzinfo=LONDON)
    after = datetime(2026, 6, 20, 14, 0, tzinfo=LONDON)
    approved = image(("P001",), serial="R58N12345AB", taken=on_trip, taken_by="S003")
    assert found(approved, ctx, "images.personal-device") == []
    (late,) = found(
        replace(approved, meta=replace(approved.meta, captured_at=after)),
        ctx,
        "images.personal-device",
    )
    assert any("A1" in line for line in late.why)


def test_school_equipment_is_not_flagged(ctx: CheckContext) -> None:
    assert found(image(("P001",), serial="DMPX1234ABCD"), ctx, "images.personal-device") == []
    same_model = image(("P001",), make="Apple", model="iPad (9th generation)")
    assert found(same_model, ctx, "images.personal-device") == []


def test_an_image_with_no_pupils_named_is_not_flagged(ctx: CheckContext) -> None:
    assert found(image((), serial="F2LXK0A1B2C3"), ctx, "images.personal-device") == []


# -- images.no-consent ------------------------------------------------------------------


def test_refused_consent_is_red(ctx: CheckContext) -> None:
    (finding,) = found(image(("P001",), use="social-media"), ctx, "images.no-consent")
    assert finding.level is Level.RED
    assert any("refused" in line for line in finding.why)


def test_expired_consent_is_red_after_expiry_only(ctx: CheckContext) -> None:
    before = image(("P002",), use="website", taken=datetime(2026, 5, 1, 10, tzinfo=LONDON))
    after = image(("P002",), use="website", taken=datetime(2026, 9, 15, 10, tzinfo=LONDON))
    assert found(before, ctx, "images.no-consent") == []
    (finding,) = found(after, ctx, "images.no-consent")
    assert any("expired" in line for line in finding.why)


def test_withdrawn_consent_is_red_after_withdrawal_only(ctx: CheckContext) -> None:
    before = image(("P004",), use="press", taken=datetime(2026, 1, 10, 10, tzinfo=LONDON))
    after = image(("P004",), use="press", taken=datetime(2026, 3, 1, 10, tzinfo=LONDON))
    assert found(before, ctx, "images.no-consent") == []
    (finding,) = found(after, ctx, "images.no-consent")
    assert any("withdrawn" in line for line in finding.why)


def test_granted_consent_and_unknown_use_are_not_flagged(ctx: CheckContext) -> None:
    assert found(image(("P001",), use="website"), ctx, "images.no-consent") == []
    assert found(image(("P001",), use=None), ctx, "images.no-consent") == []


# -- images.location --------------------------------------------------------------------


def test_gps_on_a_website_image_is_amber(ctx: CheckContext) -> None:
    (finding,) = found(image(("P001",), use="website", gps=True), ctx, "images.location")
    assert finding.level is Level.AMBER
    assert any("53.41000" in line for line in finding.why)


def test_gps_on_a_school_display_image_is_not_flagged(ctx: CheckContext) -> None:
    assert found(image(("P001",), use="school-displays", gps=True), ctx, "images.location") == []


# -- devices ----------------------------------------------------------------------------


def test_device_register_findings(ctx: CheckContext) -> None:
    devices = [f for f in check_school(ctx) if f.rule.startswith("devices.")]
    by_rule = {(f.rule, f.evidence.ref) for f in devices}
    assert ("devices.no-passcode", "D003") in by_rule
    assert ("devices.bluetooth-on", "D003") in by_rule
    # D005 has Bluetooth on but an equipment approval covers it; the others are fine.
    assert {ref for _, ref in by_rule} == {"D003"}
    assert all(
        f.level is (Level.RED if f.rule == "devices.no-passcode" else Level.AMBER) for f in devices
    )


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
