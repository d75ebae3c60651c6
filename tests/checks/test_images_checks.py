"""Image checks: personal equipment, consent and location data."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from evidence_builders import LONDON, image

from saferpractice.checks import CheckContext, check_record
from saferpractice.evidence.records import Record
from saferpractice.findings import Finding, Level


def found(record: Record, ctx: CheckContext, rule: str) -> list[Finding]:
    return [f for f in check_record(record, ctx) if f.rule == rule]


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


def test_a_photo_attached_to_mail_meets_the_same_image_checks(ctx: CheckContext, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A real .eml with a real JPEG (EXIF serial of a personal phone, XMP naming a pupil, GPS),
    read by the mail reader: the attached photo gives the same findings as a photo folder's."""
    from photo_mail import jpeg, mail_with_photo

    from saferpractice.evidence.mail import read_eml
    from saferpractice.evidence.records import ImageRecord
    from saferpractice.evidence.report import ReadReport

    path = tmp_path / "trip.eml"
    path.write_bytes(mail_with_photo(jpeg()))
    (photo,) = [r for r in read_eml(path, ReadReport(), tmp_path) if isinstance(r, ImageRecord)]
    (finding,) = found(photo, ctx, "images.personal-device")
    assert finding.people == ("S001", "P001")
    assert finding.evidence.source == "trip.eml"
    assert "attachment 1 'IMG_0042.JPG'" in finding.evidence.excerpt
    # Location data matters for published images; a photo sent by mail is not published.
    assert photo.use is None and found(photo, ctx, "images.location") == []
