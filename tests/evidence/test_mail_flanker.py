"""Every flanker MIME fixture (broken, odd and hostile mail) yields a record and never crashes."""

from __future__ import annotations

from pathlib import Path

import pytest

from saferpractice.evidence.mail import MailLimits, read_eml, read_mbox
from saferpractice.evidence.mbox_split import HEADER_START
from saferpractice.evidence.records import ImageRecord, MailRecord
from saferpractice.evidence.report import ReadReport

FLANKER = Path(__file__).resolve().parents[2].parent / "shared/data/flanker-mime-fixtures/messages"
FIXTURES = sorted(p for p in FLANKER.rglob("*") if p.is_file()) if FLANKER.is_dir() else []


def test_the_fixtures_are_there(shared_data: Path) -> None:
    assert len(list((shared_data / "flanker-mime-fixtures/messages").glob("*.eml"))) >= 30


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.relative_to(FLANKER).as_posix())
def test_fixture_yields_a_record_with_warnings_not_a_crash(path: Path) -> None:
    report = ReadReport()
    records = list(read_eml(path, report, FLANKER))
    stats = report.stats[path.relative_to(FLANKER).as_posix()]
    mails = [r for r in records if isinstance(r, MailRecord)]
    images = [r for r in records if isinstance(r, ImageRecord)]
    assert len(mails) + stats.skipped == 1
    assert len(records) == stats.read == len(mails) + len(images)  # photos attached follow it
    assert len(images) == sum(a.image is not None for m in mails for a in m.attachments)
    for record in mails:
        assert record.message_id
        assert record.sent_at is None or record.sent_at.tzinfo is not None
        assert all(span.end <= len(record.body) for span in record.quoted)
        assert stats.warned == (1 if record.warnings else 0)
        assert len(report.diagnostics) == len(record.warnings)


def test_endless_nesting_is_bounded(shared_data: Path) -> None:
    path = shared_data / "flanker-mime-fixtures/messages/enclosed-endless.eml"
    (record,) = read_eml(path, ReadReport(), path.parent)
    assert record.subject == "Wow"
    # Its 3,000 parts fit the bound: all are read, the attached message's text labelled.
    assert [a.name for a in record.attachments] == ["thanks.eml"]
    assert record.part_of(record.body.index("kicking")) == "the attached message 'Thanks!'"
    (bounded,) = read_eml(path, ReadReport(), path.parent, limits=MailLimits(max_parts=100))
    assert any("more than 100 MIME parts" in w for w in bounded.warnings)


def test_known_fixtures_read_correctly(shared_data: Path) -> None:
    folder = shared_data / "flanker-mime-fixtures/messages"
    iphone, photo_record = read_eml(folder / "iphone.eml", ReadReport(), folder)
    assert isinstance(iphone, MailRecord) and isinstance(photo_record, ImageRecord)
    (photo,) = iphone.attachments
    assert photo_record.meta == photo.image
    assert photo_record.locator == "offset 0, attachment 1 'photo.JPG'"
    assert (photo.name, photo.content_type) == ("photo.JPG", "image/jpeg")
    assert photo.image is not None
    russian = next(read_eml(folder / "russian-attachment-yahoo.eml", ReadReport(), folder))
    assert isinstance(russian, MailRecord)
    assert russian.attachments[0].name.startswith("Картинка с очень")
    (bilingual,) = read_eml(folder / "bilingual-simple.eml", ReadReport(), folder)
    assert "Как ты поживаешь?" in bilingual.subject
    (missing,) = read_eml(folder / "missing-final-boundary.eml", ReadReport(), folder)
    assert any("no closing boundary" in w for w in missing.warnings)


def test_all_fixtures_concatenated_as_one_mbox(tmp_path: Path) -> None:
    """The same hostile messages inside an mbox: every one is accounted for, in order."""
    path = tmp_path / "all.mbox"
    with path.open("wb") as out:
        for fixture in FIXTURES:
            data = fixture.read_bytes().replace(b"\nFrom ", b"\n>From ")
            if data.startswith(b"From "):
                data = b">" + data
            out.write(b"From test@example.com Mon Jan  1 00:00:00 2024\n" + data + b"\n\n")
    report = ReadReport()
    records = list(read_mbox(path, report, tmp_path))
    # A "From " line separates messages only when a header line follows it, so the fixtures
    # that do not start with a header (images, a body with no header) join the message before.
    starts_with_header = [HEADER_START.match(fixture.read_bytes()) for fixture in FIXTURES]
    assert report.total.read + report.total.skipped == sum(map(bool, starts_with_header))
    assert len(records) == report.total.read
    assert [r.offset for r in records] == sorted(r.offset for r in records)
