"""Outlook .msg (extract-msg) and .pst (libpff-python) on real files from public test suites
(fixtures/mail/outlook/SOURCES.md), and the Teams-chat mapping of a Purview PST."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saferpractice.evidence.mail_mapi import OutlookItem, outlook_record, skip_reason
from saferpractice.evidence.msg import looks_like_msg, read_msg
from saferpractice.evidence.pst import filetime, heap_properties, looks_like_pst, read_pst
from saferpractice.evidence.records import Address, ImageRecord, MailRecord, MessageRecord
from saferpractice.evidence.registry import MSG, PST, identify, iter_evidence
from saferpractice.evidence.report import ReadReport

OUTLOOK = Path(__file__).parent / "fixtures" / "mail" / "outlook"


@pytest.fixture(scope="module")
def psts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pst")
    for packed in OUTLOOK.glob("*.pst.gz"):
        (folder / packed.name.removesuffix(".gz")).write_bytes(gzip.decompress(packed.read_bytes()))
    return folder


def test_msg_mail_with_recipients_of_every_kind() -> None:
    path = OUTLOOK / "qwerty_2-with_custom_properties.msg"
    assert identify(path) == (MSG, "")
    report = ReadReport()
    (record,) = read_msg(path, report, OUTLOOK)
    assert isinstance(record, MailRecord)
    assert record.subject == "qwerty"
    assert record.message_id == "CEB3518C2FA4D743BF752C106451B19E14944E@sydexmail1.freehills.com.au"
    assert record.cc == (Address("johnno@nowhere.com", "Johnathan"),)
    assert record.bcc == (Address("charles.lowe@freehills.com", "Lowe, Charles"),)
    assert record.body.startswith("Charles Lowe\nData Analyst\nFreehills")
    assert "the recipient 'asdf' has no internet address" in record.warnings
    assert (report.total.read, report.total.warned) == (1, 1)


def test_msg_post_with_sender_date_and_html() -> None:
    (record,) = read_msg(OUTLOOK / "test_Blammo.msg", ReadReport(), OUTLOOK)
    assert isinstance(record, MailRecord)
    assert record.subject == "BlammoBlammo"
    assert record.sender is not None and record.sender.name == "TripleNickel"
    assert record.sent_at == datetime(2007, 9, 29, 11, 2, 44, 687000, tzinfo=UTC)
    assert record.body == "Blam"
    assert record.message_id.startswith("synthetic-")


@pytest.mark.parametrize(("name", "what"), [("note.msg", "note"), ("contact-plain.msg", "contact")])
def test_msg_that_is_not_mail_is_skipped_with_what_it_is(name: str, what: str) -> None:
    report = ReadReport()
    assert list(read_msg(OUTLOOK / name, report, OUTLOOK)) == []
    assert report.stats[name].skipped == 1
    (diagnostic,) = report.diagnostics
    assert f"an Outlook {what} (IPM." in diagnostic.message
    assert "not used by any check" in diagnostic.message


def test_sniffers_tell_outlook_files_from_other_ole_and_binary() -> None:
    assert looks_like_msg((OUTLOOK / "note.msg").read_bytes()[:65536])
    word_like = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "WordDocument".encode("utf-16-le")
    )
    assert not looks_like_msg(word_like)
    assert not looks_like_pst(b"!BDN\x00\x00\x00\x00XX")
    assert not looks_like_msg(b"From: a@b.c\n")


def test_pst_mail_with_headers_attachment_and_folder(psts: Path) -> None:
    path = psts / "pstsdk-sample1.pst"
    assert identify(path) == (PST, "")
    report = ReadReport()
    record, photo = read_pst(path, report, psts)
    assert isinstance(record, MailRecord) and isinstance(photo, ImageRecord)
    assert (
        photo.locator == "Top of Outlook data file/Sample1 item 1, attachment 1 'leah_thumper.jpg'"
    )
    assert record.folder == "Top of Outlook data file/Sample1"
    assert record.locator == "Top of Outlook data file/Sample1 item 1"
    assert record.subject == "Here is a sample message"
    assert record.sender == Address("terrymah@microsoft.com", "Terry Mahaffey")
    assert record.sent_at == datetime(2010, 3, 15, 10, 12, 5, tzinfo=timezone(timedelta(hours=-7)))
    assert record.body.startswith("With a sample attachment. It\u2019s my daughter and our puppy.")
    assert [(a.name, a.content_type) for a in record.attachments] == [("leah_thumper.jpg", "")]
    assert record.attachments[0].size > 1000
    assert record.attachments[0].image == photo.meta  # the JPEG's metadata, read from the PST
    assert (report.total.read, report.total.skipped) == (2, 0)


def test_pst_attached_message_text_is_read_and_labelled(psts: Path) -> None:
    (record,) = read_pst(psts / "pstsdk-submessage.pst", ReadReport(), psts)
    assert isinstance(record, MailRecord)
    assert [a.name for a in record.attachments] == ["This is an embedded message.msg"]
    start = record.body.index("This is the body of an embedded message")
    assert record.part_of(start) == "the attached message 'This is an embedded message'"
    assert record.warnings == ()


@pytest.fixture(scope="module")
def embedded_heap(psts: Path) -> bytes:
    """The property-context bytes libpff gives for the attached message in submessage.pst."""
    import pypff

    store = pypff.file()
    store.open(str(psts / "pstsdk-submessage.pst"))
    try:
        folders = [store.get_root_folder()]
        while folders:
            folder = folders.pop()
            if folder.number_of_sub_messages:
                attachment = folder.get_sub_message(0).get_attachment(0)
                return bytes(attachment.read_buffer(attachment.size))
            folders.extend(folder.sub_folders)
    finally:
        store.close()
    raise AssertionError("no message in submessage.pst")


def test_the_heap_holds_the_attached_messages_subject(embedded_heap: bytes) -> None:
    props = heap_properties(embedded_heap)
    assert props[0x001A] == (0x1F, "IPM.Note".encode("utf-16-le"))
    assert 0x1000 in props and 0x0037 in props


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_damaged_embedded_message_heap_never_raises(
    embedded_heap: bytes, data: st.DataObject
) -> None:
    heap = bytearray(embedded_heap)
    for _ in range(data.draw(st.integers(min_value=1, max_value=8))):
        heap[data.draw(st.integers(0, len(heap) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(heap)))
    for prop, (kind, value) in heap_properties(bytes(heap[:cut])).items():
        assert 0 <= prop <= 0xFFFF and 0 <= kind <= 0xFFFF and isinstance(value, bytes)


def test_pst_every_folder_is_walked_ansi_and_unicode(psts: Path) -> None:
    records = list(read_pst(psts / "pstsdk-test_unicode.pst", ReadReport(), psts))
    assert [(r.folder, r.subject) for r in records if isinstance(r, MailRecord)] == [
        ("Top of Personal Folders", "Test"),
        ("Top of Personal Folders/Folder", "Post"),
    ]
    (ansi,) = read_pst(psts / "pstsdk-test_ansi.pst", ReadReport(), psts)
    assert isinstance(ansi, MailRecord)
    assert (ansi.folder, ansi.subject, ansi.body) == (
        "Top of Personal Folders/Folder",
        "Post",
        "Post",
    )


def test_pst_items_that_are_not_mail_are_counted_with_folder_and_reason(psts: Path) -> None:
    report = ReadReport()
    assert list(read_pst(psts / "java-libpst-dist-list.pst", report, psts)) == []
    assert report.total.skipped == 4
    messages = sorted(d.message for d in report.diagnostics)
    assert messages[0].startswith("Freebusy Data item 1: skipped: Outlook's own settings")
    assert (
        "Top of Personal Folders/Calendar item 1: skipped: an Outlook calendar item" in messages[1]
    )
    assert (
        "Top of Personal Folders/Contacts item 1: skipped: an Outlook contact group" in messages[2]
    )


def test_a_damaged_pst_is_one_skip_not_a_crash(tmp_path: Path, psts: Path) -> None:
    whole = (psts / "pstsdk-sample1.pst").read_bytes()
    for cut in (64, 4096, len(whole) // 2):
        path = tmp_path / f"cut{cut}.pst"
        path.write_bytes(whole[:cut])
        report = ReadReport()
        records = list(read_pst(path, report, tmp_path))
        assert report.total.read == len(records)
        assert report.total.read + report.total.skipped >= 1


def test_folder_of_outlook_files_counts_add_up(psts: Path) -> None:
    for name in ("qwerty_2-with_custom_properties.msg", "note.msg"):
        (psts / name).write_bytes((OUTLOOK / name).read_bytes())
    report = ReadReport()
    records = list(iter_evidence([psts], report, psts))
    # 1 + 1 + 1 + 2 mail items in the PSTs (one with a photo attached: an image record too),
    # 1 .msg mail; 4 PST items and 1 .msg note skipped.
    assert len(records) == report.total.read == 7
    assert report.total.skipped == 5


TEAMS_ITEM = OutlookItem(
    message_class="IPM.SkypeTeams.Message",
    subject="",
    sender_name="Sam Jones",
    sender_email="sam.jones@school.sch.uk",
    recipients=(("to", "Amy Pupil", "amy.pupil@pupils.school.sch.uk"),),
    sent_at=datetime(2024, 3, 4, 21, 0, tzinfo=UTC),
    message_id="1709586000000",
    html=b"<div><p>Don't tell anyone, message me on 07700 900123</p></div>",
)


def test_teams_chat_item_becomes_a_chat_record_with_its_folder() -> None:
    folder = "Top of Information Store/TeamsMessagesData"
    assert skip_reason(TEAMS_ITEM, folder) is None
    record = outlook_record(TEAMS_ITEM, source="export.pst", locator="item 3", folder=folder)
    assert isinstance(record, MessageRecord)
    assert record.channel == "teams"
    assert record.locator == "Top of Information Store/TeamsMessagesData item 3"
    assert record.sender == "sam.jones@school.sch.uk"
    assert record.recipients == ("amy.pupil@pupils.school.sch.uk",)
    assert record.body == "Don't tell anyone, message me on 07700 900123"
    assert record.id == "1709586000000"


def test_item_in_the_teams_folder_without_the_class_is_still_chat() -> None:
    item = OutlookItem(message_class="IPM.Note", sender_email="a@b.c", plain="hi")
    record = outlook_record(item, source="x.pst", locator="item 1", folder="TeamsMessagesData")
    assert isinstance(record, MessageRecord)


@settings(max_examples=200, deadline=None)
@given(
    st.builds(
        OutlookItem,
        message_class=st.sampled_from(
            ["", "IPM.Note", "IPM.SkypeTeams.Message", "IPM.Contact", "X"]
        ),
        subject=st.text(max_size=40),
        sender_name=st.text(max_size=20),
        sender_email=st.text(max_size=30),
        recipients=st.lists(
            st.tuples(
                st.sampled_from(["to", "cc", "bcc"]), st.text(max_size=10), st.text(max_size=20)
            ),
            max_size=4,
        ).map(tuple),
        transport_headers=st.text(max_size=200),
        plain=st.text(max_size=200),
        html=st.binary(max_size=200),
    ),
    st.text(max_size=30),
)
def test_any_outlook_item_maps_or_is_skipped_never_raises(item: OutlookItem, folder: str) -> None:
    if skip_reason(item, folder) is not None:
        return
    record = outlook_record(item, source="x.pst", locator="item 1", folder=folder)
    assert record.locator.endswith("item 1")
    if isinstance(record, MailRecord):
        for span in (*record.segments, *record.quoted):
            assert 0 <= span.start <= span.end <= len(record.body)


@given(st.binary(min_size=0, max_size=12))
def test_filetime_never_raises(data: bytes) -> None:
    moment = filetime((0x40, data))
    assert moment is None or moment.tzinfo is not None
