"""The mail readers on small synthetic fixtures: mbox (Thunderbird style), Maildir and .eml."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest
from PIL import Image

from saferpractice.diagnostics import Severity
from saferpractice.evidence.mail import (
    MailLimits,
    is_maildir,
    looks_like_eml,
    looks_like_mbox,
    read_eml,
    read_maildir,
    read_mbox,
)
from saferpractice.evidence.mail_headers import LONDON
from saferpractice.evidence.records import Address, ImageRecord, MailRecord
from saferpractice.evidence.report import ReadReport

FIXTURES = Path(__file__).parent / "fixtures" / "mail"


def test_thunderbird_mbox_fields_offsets_and_sources() -> None:
    report = ReadReport()
    records = list(read_mbox(FIXTURES / "thunderbird.mbox", report, FIXTURES))
    raw = (FIXTURES / "thunderbird.mbox").read_bytes()
    assert len(records) == 3
    assert [r.source for r in records] == ["thunderbird.mbox"] * 3
    for record in records:
        assert raw[record.offset :].startswith(b"From - ")
        assert record.locator == f"offset {record.offset}"

    trip, homework, note = records
    assert trip.message_id == "trip-1@school.sch.uk"
    assert trip.sender == Address("sam.jones@school.sch.uk", "Jones, Sam")
    assert trip.to == (Address("parent.one@gmail.com"), Address("jorg@example.de", "Jörg Müller"))
    assert trip.subject == "Trip photos – café"
    assert trip.sent_at == datetime(2024, 3, 4, 9, 14, 58, tzinfo=UTC)
    assert trip.body.startswith("The café trip is on Friday.\nFrom the office:")
    assert "\r" not in trip.body
    quoted = [trip.body[s.start : s.end] for s in trip.quoted]
    assert len(quoted) == 1
    assert quoted[0].startswith("On Sun, 3 Mar 2024") and quoted[0].endswith("> Thanks")

    assert homework.body == "Please finish page 4 & 5.\n\n- maths\n- science"
    assert "alert" not in homework.body and "color" not in homework.body
    assert homework.sent_at == datetime(2024, 3, 5, 18, 39, tzinfo=LONDON)
    assert any("no timezone" in w for w in homework.warnings)

    assert note.message_id.startswith("synthetic-")
    assert any("no Message-ID" in w for w in note.warnings)
    # No Date header: the From line's date is used, taken as London time.
    assert note.sent_at == datetime(2024, 3, 6, 7, 0, tzinfo=LONDON)

    stats = report.stats["thunderbird.mbox"]
    assert (stats.read, stats.warned, stats.skipped) == (3, 2, 0)
    assert sum(d.offset == note.offset for d in report.diagnostics) == len(note.warnings)


def test_synthetic_message_id_is_stable() -> None:
    first = list(read_mbox(FIXTURES / "thunderbird.mbox", ReadReport(), FIXTURES))[2]
    again = list(read_mbox(FIXTURES / "thunderbird.mbox", ReadReport(), FIXTURES))[2]
    assert first.message_id == again.message_id


def test_maildir_reads_new_and_cur_with_outlook_quote() -> None:
    folder = FIXTURES / "maildir"
    assert is_maildir(folder)
    assert not is_maildir(FIXTURES)
    report = ReadReport()
    records = list(read_maildir(folder, report, FIXTURES))
    assert [r.message_id for r in records] == [
        "meeting-reply@school.sch.uk",
        "meeting@school.sch.uk",
    ]
    assert records[0].source == "maildir/new/1709627400.M2P2.host"
    reply = records[0]
    assert len(reply.quoted) == 1
    assert reply.body[reply.quoted[0].start :].startswith("-----Original Message-----")
    assert reply.body[: reply.quoted[0].start].strip() == "Thursday is fine."
    assert report.total.read == 2


def test_sniffers_by_content() -> None:
    mbox_head = (FIXTURES / "thunderbird.mbox").read_bytes()[:4096]
    eml_head = next((FIXTURES / "maildir" / "cur").iterdir()).read_bytes()
    assert looks_like_mbox(mbox_head)
    assert not looks_like_eml(mbox_head)
    assert looks_like_eml(eml_head)
    assert not looks_like_mbox(eml_head)
    assert not looks_like_eml(b"name: value\nother: thing\n")
    assert not looks_like_eml(b"id,channel,sent_at,from,to,body\n")
    assert not looks_like_mbox(b"From here on, this is prose.")
    assert not looks_like_eml(b"\x89PNG\r\n\x1a\n")


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (8, 8), (10, 20, 30))
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "EOS 2000D"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _write_eml(tmp_path: Path, message: EmailMessage, name: str = "m.eml") -> Path:
    path = tmp_path / name
    path.write_bytes(bytes(message))
    return path


def test_attachments_sizes_and_image_exif(tmp_path: Path) -> None:
    message = EmailMessage()
    message["From"] = "a@school.sch.uk"
    message["Subject"] = "photos"
    message["Message-ID"] = "<p@x>"
    message.set_content("see attached")
    jpeg = _jpeg_with_exif()
    pdf = bytes(range(256)) * 37 + b"tail"
    message.add_attachment(jpeg, maintype="image", subtype="jpeg", filename="trip.jpg")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename="Rota é.pdf")
    record, photo = read_eml(_write_eml(tmp_path, message), ReadReport(), tmp_path)
    assert isinstance(record, MailRecord) and isinstance(photo, ImageRecord)
    image, document = record.attachments
    assert photo.meta == image.image and photo.locator == "offset 0, attachment 1 'trip.jpg'"
    assert (image.name, image.content_type, image.size) == ("trip.jpg", "image/jpeg", len(jpeg))
    assert image.image is not None
    assert (image.image.make, image.image.model) == ("Canon", "EOS 2000D")
    assert (document.name, document.content_type) == ("Rota é.pdf", "application/pdf")
    assert document.size == len(pdf)  # estimated from the base64 length, not decoded
    assert document.image is None
    assert record.body == "see attached"


@pytest.mark.parametrize(
    ("charset", "payload", "expected", "warned"),
    [
        ("iso-8859-1", "café".encode("latin-1"), "café", False),
        ("utf-8", b"caf\xe9 ok", "café ok", True),  # declared UTF-8, is not: replaced
        ("x-unknown", "café".encode(), "café", False),
        ("x-unknown", "café".encode("cp1252"), "café", True),
        (None, "café".encode("cp1252"), "café", True),
        ("base64_codec", b"plain", "plain", True),  # a bytes codec is not a text charset
        ("idna", "café".encode(), "café", True),  # raises UnicodeError, not a decode error
        ("utf\x008", "café".encode(), "café", True),  # NUL in the name (found by fuzzing)
    ],
)
def test_charsets(
    tmp_path: Path, charset: str | None, payload: bytes, expected: str, warned: bool
) -> None:
    ctype = f"text/plain; charset={charset}" if charset else "text/plain"
    raw = (
        b"From: a@b.c\nMessage-ID: <c@x>\nDate: Mon, 4 Mar 2024 09:00:00 +0000\n"
        b"Content-Type: " + ctype.encode() + b"\nContent-Transfer-Encoding: 8bit\n\n" + payload
    )
    (tmp_path / "c.eml").write_bytes(raw)
    (record,) = read_eml(tmp_path / "c.eml", ReadReport(), tmp_path)
    if charset == "utf-8":
        assert record.body == "caf\ufffd ok"
    else:
        assert record.body == expected
    assert bool(record.warnings) is warned


def test_nested_message_listed_and_nesting_bounded(tmp_path: Path) -> None:
    inner = EmailMessage()
    inner["Subject"] = "level 0"
    inner.set_content("innermost")
    for level in range(1, 6):
        outer = EmailMessage()
        outer["Subject"] = f"level {level}"
        outer["From"] = "x@y.z"
        outer["Message-ID"] = f"<n{level}@x>"
        outer.set_content(f"text {level}")
        outer.add_attachment(inner)
        inner = outer
    path = _write_eml(tmp_path, inner)
    (deep,) = read_eml(path, ReadReport(), tmp_path)
    # Every attached message's text is checked too, each segment labelled with its part.
    assert deep.body.startswith("text 5\n\ntext 4") and deep.body.endswith("innermost")
    assert deep.part_of(0) == "the message"
    assert deep.part_of(deep.body.index("innermost")) == "the attached message 'level 0'"
    assert [a.name for a in deep.attachments] == [f"level {n}.eml" for n in range(4, -1, -1)]
    assert not any("nested" in w for w in deep.warnings)

    (bounded,) = read_eml(path, ReadReport(), tmp_path, limits=MailLimits(max_nesting=2))
    # Two levels are walked; the third nested message is listed but not opened.
    assert [a.name for a in bounded.attachments] == ["level 4.eml", "level 3.eml", "level 2.eml"]
    assert any("nested more than 2 deep" in w for w in bounded.warnings)


def test_parts_bound(tmp_path: Path) -> None:
    parts = b"".join(
        b"--B\nContent-Type: application/octet-stream\n\npart %d\n" % n for n in range(6000)
    )
    raw = (
        b"From: a@b.c\nMessage-ID: <p@x>\nContent-Type: multipart/mixed; boundary=B\n\n"
        + parts
        + b"--B--\n"
    )
    (tmp_path / "p.eml").write_bytes(raw)
    (record,) = read_eml(tmp_path / "p.eml", ReadReport(), tmp_path)
    assert len(record.attachments) == 4999  # 5,000 parts walked, the root among them
    assert any("more than 5000 MIME parts" in w for w in record.warnings)
    (small,) = read_eml(tmp_path / "p.eml", ReadReport(), tmp_path, limits=MailLimits(max_parts=50))
    assert len(small.attachments) == 49


def test_body_truncated_at_bound(tmp_path: Path) -> None:
    raw = b"From: a@b.c\nMessage-ID: <t@x>\n\n" + b"word " * 5000
    (tmp_path / "t.eml").write_bytes(raw)
    (record,) = read_eml(
        tmp_path / "t.eml", ReadReport(), tmp_path, limits=MailLimits(max_body_chars=1000)
    )
    assert len(record.body) == 1000
    assert any("truncated" in w for w in record.warnings)


def test_oversized_message_skipped_by_offset_and_scan_continues(tmp_path: Path) -> None:
    small = b"From a@b Mon Jan  1 00:00:00 2024\nFrom: a@b.c\nMessage-ID: <%d@x>\n\nhi\n\n"
    big = b"From a@b Mon Jan  1 00:00:00 2024\nFrom: a@b.c\n\n" + b"x" * 5_000 + b"\n\n"
    data = small % 1 + big + small % 2
    path = tmp_path / "big.mbox"
    path.write_bytes(data)
    report = ReadReport()
    records = list(read_mbox(path, report, tmp_path, limits=MailLimits(max_message_bytes=1000)))
    assert [r.message_id for r in records] == ["1@x", "2@x"]
    assert records[1].offset == len(small % 1) + len(big)
    (skip,) = [d for d in report.diagnostics if d.severity is Severity.ERROR]
    assert skip.offset == len(small % 1)
    assert "larger than the bound" in skip.message
    assert report.stats["big.mbox"].skipped == 1

    eml = tmp_path / "big.eml"
    eml.write_bytes(big)
    assert list(read_eml(eml, report, tmp_path, limits=MailLimits(max_message_bytes=1000))) == []
    assert report.stats["big.eml"].skipped == 1


def test_stray_bytes_before_the_first_message_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "s.mbox"
    path.write_bytes(b"junk\nFrom a Mon Jan  1 00:00:00 2024\nMessage-ID: <s@x>\n\nbody\n")
    report = ReadReport()
    records = list(read_mbox(path, report, tmp_path))
    assert [r.message_id for r in records] == ["s@x"]
    assert records[0].offset == 5
    assert report.stats["s.mbox"].skipped == 1


def test_unreadable_file_is_a_skip_not_a_crash(tmp_path: Path) -> None:
    report = ReadReport()
    assert list(read_mbox(tmp_path / "missing.mbox", report, tmp_path)) == []
    assert list(read_eml(tmp_path / "missing.eml", report, tmp_path)) == []
    assert report.total.skipped == 2


def test_source_outside_root_is_kept_as_given(tmp_path: Path) -> None:
    records = list(read_mbox(FIXTURES / "thunderbird.mbox", ReadReport(), tmp_path))
    assert records[0].source == str(FIXTURES / "thunderbird.mbox")


def test_maildir_plus_plus_subfolders(tmp_path: Path) -> None:
    for folder in (tmp_path / "box", tmp_path / "box" / ".Sent"):
        for name in ("cur", "new", "tmp"):
            (folder / name).mkdir(parents=True)
    message = b"From: a@b.c\nMessage-ID: <%b@x>\nDate: Mon, 4 Mar 2024 09:00:00 +0000\n\nhi\n"
    (tmp_path / "box" / "cur" / "1.host").write_bytes(message % b"inbox")
    (tmp_path / "box" / ".Sent" / "new" / "2.host").write_bytes(message % b"sent")
    report = ReadReport()
    records = list(read_maildir(tmp_path / "box", report, tmp_path))
    assert [(r.message_id, r.source) for r in records] == [
        ("inbox@x", "box/cur/1.host"),
        ("sent@x", "box/.Sent/new/2.host"),
    ]
    assert (report.total.read, report.total.warned, report.total.skipped) == (2, 0, 0)
