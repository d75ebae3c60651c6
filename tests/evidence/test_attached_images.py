"""Photos attached to mail and chat are read as image records, like a photo folder's.

The photos are real JPEGs with EXIF written by Pillow (camera, serial number, capture time,
GPS) and XMP naming the person shown; the mail is written by the standard library's `email`
package, the PST by `tests/support/pst_writer.py` and read back by libpff.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from photo_mail import jpeg, mail_with_photo
from pst_writer import FileAttachment, Folder, Message, Recipient, write_pst

from saferpractice.evidence.mail import read_eml, read_mbox
from saferpractice.evidence.pst import read_pst
from saferpractice.evidence.records import ImageRecord, MailRecord, MessageRecord
from saferpractice.evidence.registry import iter_evidence
from saferpractice.evidence.report import ReadReport


def test_a_photo_attached_to_mail_is_an_image_record_after_the_mail(tmp_path: Path) -> None:
    path = tmp_path / "trip.eml"
    path.write_bytes(mail_with_photo(jpeg()))
    report = ReadReport()
    mail, image = read_eml(path, report, tmp_path)
    assert isinstance(mail, MailRecord) and isinstance(image, ImageRecord)
    assert image.source == "trip.eml"
    assert image.locator == "offset 0, attachment 1 'IMG_0042.JPG'"
    assert image.path == "trip.eml: offset 0, attachment 1 'IMG_0042.JPG'"
    assert (image.meta.make, image.meta.model, image.meta.serial) == (
        "Apple",
        "iPhone 13",
        "F2LXK0A1B2C3",
    )
    assert image.meta.people == ("P001",)
    assert image.meta.captured_at == datetime(2026, 3, 4, 21, 15, 7, tzinfo=UTC)
    assert image.meta.gps_present and image.meta.latitude is not None
    assert report.total.read == 2 and report.total.skipped == 0


def test_photos_in_an_mbox_follow_each_message(tmp_path: Path) -> None:
    one = mail_with_photo(jpeg(serial="A1"), "a.jpg")
    two = mail_with_photo(jpeg(serial="B2"), "b.jpg").replace(b"trip-photo@", b"second@")
    path = tmp_path / "box.mbox"
    path.write_bytes(
        b"From a@b Wed Mar  4 21:20:00 2026\n"
        + one
        + b"\nFrom a@b Wed Mar  4 21:21:00 2026\n"
        + two
    )
    records = list(read_mbox(path, ReadReport(), tmp_path))
    assert [type(r).__name__ for r in records] == ["MailRecord", "ImageRecord"] * 2
    assert [r.meta.serial for r in records if isinstance(r, ImageRecord)] == ["A1", "B2"]


def test_photos_in_a_pst_mail_and_a_teams_chat_are_image_records(tmp_path: Path) -> None:
    when = datetime(2026, 3, 4, 21, 15, tzinfo=UTC)
    chat = Message(
        "IPM.SkypeTeams.Message",
        "Pat Smith",
        "pat.smith@heatonlane.sch.uk",
        [Recipient("Sam Jones", "sam.jones@heatonlane.sch.uk")],
        when,
        html="<div>look</div>",
        files=[FileAttachment("image.jpg", jpeg(serial="TEAMS1"), "image/jpeg")],
    )
    mail = Message(
        "IPM.Note",
        "Pat Smith",
        "pat.smith@heatonlane.sch.uk",
        [Recipient("Sam Jones", "sam.jones@heatonlane.sch.uk")],
        when,
        subject="photos",
        plain="see attached",
        files=[
            FileAttachment("notes.pdf", b"%PDF-1.4 not an image", "application/pdf"),
            FileAttachment("IMG_1.JPG", jpeg(serial="MAIL1"), ""),  # no MIME type: by its name
        ],
        attached=[
            Message("IPM.Note", "A", "a@x.example", [], when, subject="fwd", plain="inner",
                    files=[FileAttachment("inner.jpg", jpeg(serial="INNER1"), "image/jpeg")])
        ],
    )  # fmt: skip
    path = write_pst(
        tmp_path / "export.pst",
        Folder(
            "",
            folders=[
                Folder("Inbox", messages=[mail]),
                Folder("TeamsMessagesData", messages=[chat]),
            ],
        ),
    )
    report = ReadReport()
    records = list(read_pst(path, report, tmp_path))
    kinds = [(type(r).__name__, getattr(getattr(r, "meta", None), "serial", "")) for r in records]
    assert kinds == [
        ("MailRecord", ""),
        ("ImageRecord", "MAIL1"),
        ("ImageRecord", "INNER1"),
        ("MessageRecord", ""),
        ("ImageRecord", "TEAMS1"),
    ]
    images = [r for r in records if isinstance(r, ImageRecord)]
    assert images[0].locator == "Inbox item 1, attachment 2 'IMG_1.JPG'"
    assert images[2].locator == "TeamsMessagesData item 1, attachment 1 'image.jpg'"
    assert all(r.meta.people == ("P001",) for r in images)
    mail_record = records[0]
    assert isinstance(mail_record, MailRecord) and isinstance(records[3], MessageRecord)
    assert [a.name for a in mail_record.attachments] == [
        "notes.pdf",
        "IMG_1.JPG",
        "fwd.msg",
        "inner.jpg",
    ]
    assert report.total.read == 5


def test_a_damaged_attached_image_is_a_warning_on_the_mail_not_a_lost_message(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bad.eml"
    path.write_bytes(mail_with_photo(b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00*garbage"))
    report = ReadReport()
    records = list(iter_evidence([path], report, tmp_path))
    assert isinstance(records[0], MailRecord)
    assert report.total.skipped == 0
    assert report.total.read == len(records)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=600), st.sampled_from(["image/jpeg", "image/png", "image/heic"]))
def test_any_bytes_attached_as_an_image_never_lose_the_message(
    tmp_path: Path, data: bytes, kind: str
) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@b.example", "c@d.example", "x"
    message.set_content("hello")
    maintype, subtype = kind.split("/")
    message.add_attachment(data, maintype=maintype, subtype=subtype, filename="p")
    path = tmp_path / "m.eml"
    path.write_bytes(message.as_bytes())
    report = ReadReport()
    records = list(read_eml(path, report, tmp_path))
    assert isinstance(records[0], MailRecord) and records[0].body.startswith("hello")
    assert report.total.read == len(records) and report.total.skipped == 0
