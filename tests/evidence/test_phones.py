"""Phone exports: WhatsApp chats, SMS Backup & Restore XML and iMazing's iPhone CSV."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from saferpractice.evidence.imazing import read_imazing_csv
from saferpractice.evidence.records import ImageRecord, MessageRecord
from saferpractice.evidence.registry import describe, iter_evidence, sniff
from saferpractice.evidence.report import ReadReport
from saferpractice.evidence.sms_backup import backup_kind, read_sms_backup
from saferpractice.evidence.whatsapp import (
    decide_order,
    looks_like_whatsapp,
    parse_line,
    read_whatsapp,
    split_author,
)

FIXTURES = Path(__file__).parent / "fixtures"
PHONES = FIXTURES / "phones"
CHATS = PHONES / "S021/whatsapp"
LONDON = ZoneInfo("Europe/London")


def chat(name: str) -> tuple[list, ReadReport]:  # type: ignore[type-arg]
    report = ReadReport()
    return list(read_whatsapp(CHATS / name, report, FIXTURES)), report


# -- WhatsApp ---------------------------------------------------------------------------


def test_android_uk_layout_from_a_public_parser_suite() -> None:
    records, report = chat("chat-miner_ddmmyy_24hrs.txt")
    assert len(records) == 9 and report.total.skipped == 0
    first, third = records[0], records[2]
    assert first.sent_at == datetime(2019, 1, 1, 11, 25, tzinfo=LONDON)
    assert (first.sender, first.body, first.channel) == (
        "John Doe",
        "Lorem ipsum dolor sit amet.",
        "whatsapp",
    )
    # a message continued on the next line is one message
    assert third.body == "Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero."
    assert records[3].locator == "line 5"
    # the owner is the person id of the folder the chat is filed in, and the record says so
    assert (first.owner, first.owner_from) == ("S021", "folder S021")
    # recipients are the other participants
    assert "John Doe" not in first.recipients and "Jahn Doe" in first.recipients
    system = [r for r in records if not r.sender]
    assert [r.body for r in system] == ['+12 345 578 created group "Groupname"', "You were added"]
    assert all("system line" in r.locator for r in system)


def test_us_and_year_first_and_ios_layouts_give_the_same_moments() -> None:
    expected = [r.sent_at for r in chat("chat-miner_ddmmyy_24hrs.txt")[0]]
    for name in (
        "chat-miner_mmddyyyy_12hrs.txt",  # 01/20/2019, 11:23 a. m.
        "chat-miner_yyyymmdd_24hrs.txt",  # 2019/01/20, 11:23
        "chat-miner_ios_mmddyy_24hrs.txt",  # [01/20/19 11:23]
    ):
        records, report = chat(name)
        assert [r.sent_at for r in records][: len(expected) - 1] == expected[: len(expected) - 1], (
            name
        )
        assert report.total.skipped == 0, name


def test_ambiguous_day_month_order_is_decided_by_the_dates_running_forwards() -> None:
    # 06/03, 08/05, 09/04 runs forwards only as month/day (June, August, September)
    records, report = chat("pustur_short-chat.txt")
    assert [r.sent_at.date().isoformat() for r in records if r.sent_at] == [
        "2017-06-03", "2017-06-03", "2017-06-03", "2017-08-05", "2017-09-04",
    ]  # fmt: skip
    assert records[-1].body == "How are you?\n\nIs everything alright?"  # a blank line kept
    assert not any("order" in d.message for d in report.diagnostics)


def test_ios_uk_export_with_marks_media_notes_and_seconds() -> None:
    records, report = chat("ios_uk_seconds.txt")
    first = records[0]
    # the chat's name before an iPhone system notice is not a participant
    assert first.sender == "" and first.body.startswith("Messages and calls are end-to-end")
    assert records[1].recipients == ("+447700900123",)
    assert records[2].sender == "+447700900123"  # U+200E marks removed, number to E.164
    assert records[2].body == "Yes\nsee you there\nbring the forms"
    assert records[2].sent_at == datetime(2023, 8, 14, 9, 16, 45, tzinfo=LONDON)
    assert records[3].body == "image omitted"
    assert not any("\u200e" in r.body for r in records)
    assert report.total.skipped == 0


def test_android_us_twelve_hour_with_narrow_spaces_and_media_omitted() -> None:
    records, _ = chat("android_us_12h.txt")
    assert [(r.sender, r.sent_at.hour if r.sent_at else None) for r in records] == [
        ("", 21), ("Mr Smith", 21), ("Sam", 21), ("Mr Smith", 0), ("Sam", 0),
    ]  # fmt: skip
    assert records[2].body == "<Media omitted>"
    assert records[3].recipients == ("Sam",)


def test_dotted_dates() -> None:
    records, _ = chat("android_dotted_24h.txt")
    assert [r.sent_at for r in records] == [
        datetime(2024, 1, 20, 21, 5, tzinfo=LONDON),
        datetime(2024, 1, 21, 7, 15, tzinfo=LONDON),
    ]


def test_ambiguous_order_warns_and_reads_day_first(tmp_path: Path) -> None:
    (tmp_path / "S001").mkdir()
    path = tmp_path / "S001/chat.txt"
    path.write_text("03/04/2024, 10:00 - A: hi\n03/04/2024, 10:05 - B: hello\n")
    report = ReadReport()
    records = list(read_whatsapp(path, report, tmp_path))
    assert records[0].sent_at == datetime(2024, 4, 3, 10, 0, tzinfo=LONDON)
    assert any("day and month order" in d.message for d in report.diagnostics)


def test_impossible_dates_and_leading_text_are_counted_as_skips(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(
        "exported by a tool\n"
        "31/02/2024, 10:00 - A: no such day\n"
        "01/03/2024, 25:00 - A: no such hour\n"
        "01/03/2024, 10:00 - A: fine\n"
    )
    report = ReadReport()
    records = list(read_whatsapp(path, report, tmp_path))
    assert [r.body for r in records] == ["fine"]
    assert report.total.skipped == 3
    assert sorted(d.line for d in report.diagnostics if d.severity == "error") == [1, 2, 3]


def test_whatsapp_is_recognised_by_content() -> None:
    for path in CHATS.iterdir():
        spec = sniff(path)
        assert spec is not None and spec.name == "whatsapp-txt", path.name
    assert not looks_like_whatsapp(b"just some notes\n")
    assert not looks_like_whatsapp(b"id,channel,sent_at,from,to,body\n")


def test_line_shapes() -> None:
    parsed = parse_line("\u200e[1/20/19, 11:23:45\u202fPM] John: \u200eimage omitted")
    assert parsed is not None
    stamp, rest = parsed
    assert (stamp.d1, stamp.d2, stamp.d3, stamp.hour, stamp.second, stamp.ampm) == (
        1, 20, 19, 11, 45, "pm",
    )  # fmt: skip
    assert split_author(rest) == ("John", "image omitted")
    assert parse_line("123/45/6789, 10:00 - x") is None
    assert split_author('Ann changed the subject to "Trip: day 2"')[0] == ""
    assert decide_order([(13, 1, 24)]) == ("dmy", False)
    assert decide_order([(1, 13, 24)]) == ("mdy", False)


stamps = st.datetimes(min_value=datetime(2010, 1, 1), max_value=datetime(2035, 12, 31))
names = st.sampled_from(["Ann", "Mr Smith", "+44 7700 900123", "Zoë", "J-J O'Neil"])
texts = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"),
        blacklist_characters="\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029\x85",
    ),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() == t and ":" not in t)
layouts = st.sampled_from(["uk", "us12", "ios", "year"])


def render(when: datetime, layout: str) -> str:
    if layout == "uk":
        return when.strftime("%d/%m/%Y, %H:%M - ")
    if layout == "us12":
        hour = when.hour % 12 or 12
        half = "PM" if when.hour >= 12 else "AM"
        return f"{when.month}/{when.day}/{when:%y}, {hour}:{when:%M}\u202f{half} - "
    if layout == "ios":
        return when.strftime("[%d/%m/%Y, %H:%M:%S] ")
    return when.strftime("%Y/%m/%d, %H:%M - ")


@settings(max_examples=60, deadline=None)
@given(
    layout=layouts,
    rows=st.lists(st.tuples(stamps, names, texts), min_size=1, max_size=12).map(
        lambda rows: sorted(rows, key=lambda r: r[0])
    ),
)
def test_generated_chats_round_trip(tmp_path_factory, layout: str, rows) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("wa")
    (root / "S900").mkdir()
    lines = [f"{render(when, layout)}{name}: {text}" for when, name, text in rows]
    if layout in ("uk", "ios"):  # make the day-first order certain
        lines.insert(
            0,
            ("[13/01/2010, 00:00:00] " if layout == "ios" else "13/01/2010, 00:00 - ")
            + "Ann: start",
        )
        rows = [(datetime(2010, 1, 13), "Ann", "start"), *rows]
    if layout == "us12":
        lines.insert(0, "1/13/10, 12:00\u202fAM - Ann: start")
        rows = [(datetime(2010, 1, 13), "Ann", "start"), *rows]
    path = root / "S900/chat.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ReadReport()
    records = list(read_whatsapp(path, report, root))
    assert report.total.skipped == 0
    assert [r.body for r in records] == [text for _, _, text in rows]
    seconds = layout == "ios"
    assert [r.sent_at.replace(tzinfo=None) if r.sent_at else None for r in records] == [
        when.replace(second=when.second if seconds else 0, microsecond=0) for when, _, _ in rows
    ]
    assert all(r.owner == "S900" for r in records)


@settings(max_examples=80, deadline=None)
@given(data=st.binary(max_size=800))
def test_arbitrary_bytes_after_a_message_line_are_accounted_for(
    tmp_path_factory, data: bytes
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("junk")
    path = root / "chat.txt"
    path.write_bytes(b"01/03/2024, 10:00 - A: hi\n" + data)
    report = ReadReport()
    records = list(read_whatsapp(path, report, root))
    assert report.total.read == len(records) >= 1


def test_hostile_chat_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    with path.open("w") as handle:
        handle.write("01/03/2024, 10:00 - A: " + "x" * 3_000_000 + "\n")  # one line over the bound
        handle.write("01/03/2024, 10:01 - A: start\n")
        handle.write(("y" * 1000 + "\n") * 2000)  # a 2 MB continuation
        for index in range(1500):  # more participants than are kept
            handle.write(f"01/03/2024, 10:02 - P{index}: hi\n")
    report = ReadReport()
    records = list(read_whatsapp(path, report, tmp_path))
    assert report.total.skipped == 1  # the over-long line
    assert len(records[0].body) <= 1024 * 1024 and any("longer" in w for w in records[0].warnings)
    assert len(records[-1].recipients) <= 1024
    assert any("participants" in d.message for d in report.diagnostics)


# -- SMS Backup & Restore ------------------------------------------------------------------


def test_sms_backup_sms_and_mms_with_owner_from_folder() -> None:
    report = ReadReport()
    path = PHONES / "S022/sms-20250301120000.xml"
    found = list(read_sms_backup(path, report, FIXTURES))
    # The picture sent in the first MMS follows it as an image record.
    assert [type(r).__name__ for r in found][2:4] == ["MessageRecord", "ImageRecord"]
    assert found[3].locator == "mms 1, attachment 1 'IMG_0042.jpg'"
    records = [r for r in found if isinstance(r, MessageRecord)]
    assert [(r.channel, r.sender, r.recipients) for r in records] == [
        ("sms", "+447700900456", ()),  # received: the address sent it
        # sent: from the owner, whose own number the backup shows only in its sent MMS
        ("sms", "+447911123456", ("+447700900456",)),
        ("mms", "+447911123456", ("+447700900456", "+447700900789")),
        ("mms", "+447700900456", ()),
    ]
    assert records[0].sent_at == datetime(2025, 2, 25, 16, 0, tzinfo=UTC)
    assert records[0].body == "Sir can you help with my coursework tonight?"
    assert records[2].body == "Photos from the trip, don't show your parents"
    assert not any("image/jpeg" in w for w in records[2].warnings)  # read, not left unread
    assert all(r.owner == "S022" for r in records)
    assert records[0].owner_from == (
        "folder S022; own number +447911123456 from the backup's sent MMS"
    )
    assert report.total.skipped == 1  # the sms without an address
    assert "sms 3" in report.diagnostics[0].message or any(
        "sms 3" in d.message for d in report.diagnostics
    )


def test_a_photo_sent_by_mms_is_an_image_record_with_its_exif(tmp_path: Path) -> None:
    import base64

    from photo_mail import jpeg

    folder = tmp_path / "S022"
    folder.mkdir()
    data = base64.b64encode(jpeg(serial="F2LXK0A1B2C3")).decode()
    (folder / "sms.xml").write_text(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">"
        '<mms date="1740600000000" msg_box="2" address="+447700900456"><parts>'
        '<part seq="0" ct="text/plain" text="from the trip" />'
        f'<part seq="0" ct="image/jpeg" cl="IMG_7.jpg" data="{data}" />'
        '<part seq="0" ct="image/png" cl="broken.png" data="@@not base64@@" />'
        '</parts><addrs><addr address="+447700900456" type="151" /></addrs></mms></smses>',
        encoding="utf-8",
    )
    report = ReadReport()
    message, photo = read_sms_backup(folder / "sms.xml", report, tmp_path)
    assert isinstance(message, MessageRecord) and isinstance(photo, ImageRecord)
    assert photo.meta.serial == "F2LXK0A1B2C3" and photo.meta.people == ("P001",)
    assert photo.locator == "mms 1, attachment 1 'IMG_7.jpg'" and photo.source == "S022/sms.xml"
    assert any("broken.png" in w and "not base64" in w for w in message.warnings)
    assert report.total.read == 2


def test_call_log_backup_is_named_in_its_skip_reason() -> None:
    found = {d.path.name: d for d in describe([PHONES / "S022"])}
    call_log = found["calls-20250301120000.xml"]
    assert call_log.spec is None and "call log" in call_log.reason
    report = ReadReport()
    list(iter_evidence([PHONES / "S022/calls-20250301120000.xml"], report, PHONES))
    assert report.total.skipped == 1
    assert call_log.reason in report.diagnostics[0].message  # ls and read agree


def test_sms_backup_refuses_entities_and_reports_broken_xml(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE smses [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<smses count="1"><sms address="07700900123" date="1" type="1" body="&b;" /></smses>\n'
    )
    report = ReadReport()
    assert list(read_sms_backup(bomb, report, tmp_path)) == []
    assert report.total.skipped == 1 and "refused" in report.diagnostics[-1].message
    broken = tmp_path / "broken.xml"
    broken.write_text(
        '<smses count="2"><sms address="07700900123" date="1000" type="1" body="one" />'
        '<sms address="07700900123" date="2000" type="1" body="tw'
    )
    report = ReadReport()
    records = list(read_sms_backup(broken, report, tmp_path))
    assert [r.body for r in records] == ["one"]
    assert report.total.skipped == 1 and "not well formed" in report.diagnostics[-1].message


def test_backup_kind_needs_the_root_element_first() -> None:
    assert backup_kind(b"<?xml version='1.0'?>\n<!-- x -->\n<smses count='1'>") == "sms"
    assert backup_kind(b"<calls count='0'/>") == "calls"
    assert backup_kind(b"<html><smses>") is None


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["07700 900123", "+447911123456", "+12025550123"]),
            st.integers(min_value=0, max_value=4_000_000_000_000),
            st.sampled_from(["1", "2"]),
            st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
        ),
        max_size=10,
    )
)
def test_generated_backups_round_trip(tmp_path_factory, rows) -> None:  # type: ignore[no-untyped-def]
    from xml.sax.saxutils import quoteattr

    root = tmp_path_factory.mktemp("sms")
    path = root / "sms.xml"
    body = "".join(
        f'<sms protocol="0" address={quoteattr(a)} date="{d}" type="{t}" body={quoteattr(b)} />\n'
        for a, d, t, b in rows
    )
    path.write_text(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
        f'<smses count="{len(rows)}">\n{body}</smses>\n'
    )
    report = ReadReport()
    records = list(read_sms_backup(path, report, root))
    assert [r.body for r in records] == [b.replace("\r", "\n") for *_, b in rows]
    assert [r.sent_at for r in records] == [
        datetime.fromtimestamp(d / 1000, tz=UTC) for _, d, _, _ in rows
    ]
    # no sent MMS, so the owner's own number is unknown and a sent SMS has no sender
    assert [bool(r.sender) for r in records] == [t == "1" for _, _, t, _ in rows]


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=600))
def test_arbitrary_bytes_in_a_backup_never_raise(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("smsjunk")
    path = root / "sms.xml"
    path.write_bytes(
        b"<smses count='1'><sms address='07700900123' date='1' type='1' body='a' />" + data
    )
    report = ReadReport()
    records = list(read_sms_backup(path, report, root))
    assert report.total.read == len(records)


# -- iMazing ---------------------------------------------------------------------------------


def test_imazing_csv_incoming_outgoing_subject_and_attachment() -> None:
    report = ReadReport()
    records = list(read_imazing_csv(PHONES / "S022/imazing-messages.csv", report, FIXTURES))
    assert [(r.channel, r.sender, r.recipients) for r in records] == [
        ("imessage", "+447700900456", ()),
        ("imessage", "", ("Sam (Y10)",)),
        ("sms", "+447700900789", ()),
    ]
    assert records[1].body == "Text me on this number instead,\nkeep it between us"
    assert records[1].sent_at == datetime(2025, 2, 25, 20, 0, tzinfo=LONDON)
    assert records[2].body == "Trip\n\nIs the trip still on?"
    assert any("IMG_0042.HEIC" in w for w in records[2].warnings)
    assert all(r.owner == "S022" for r in records)
    spec = sniff(PHONES / "S022/imazing-messages.csv")
    assert spec is not None and spec.name == "imazing-csv"


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["Incoming", "Outgoing"]),
            st.sampled_from(["+447700900456", "+447911123456", "ann@example.com"]),
            st.datetimes(min_value=datetime(2010, 1, 1), max_value=datetime(2035, 1, 1)),
            st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
        ),
        max_size=12,
    )
)
def test_generated_imazing_exports_round_trip(tmp_path_factory, rows) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    root = tmp_path_factory.mktemp("imz")
    (root / "S777").mkdir()
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow(
        ["Chat Session", "Message Date", "Delivered Date", "Read Date", "Edited Date", "Service",
         "Type", "Sender ID", "Sender Name", "Status", "Replying to", "Subject", "Text",
         "Attachment", "Attachment type"]
    )  # fmt: skip
    for direction, party, when, text in rows:
        sender = party if direction == "Incoming" else ""
        writer.writerow(
            [party, when.strftime("%Y-%m-%d %H:%M:%S"), "", "", "", "iMessage", direction,
             sender, "", "", "", "", text, "", ""]
        )  # fmt: skip
    path = root / "S777/messages.csv"
    path.write_text(buffer.getvalue(), newline="")
    report = ReadReport()
    records = list(read_imazing_csv(path, report, root))
    assert report.total.skipped == 0
    assert [r.body for r in records] == [text for *_, text in rows]
    assert [(r.sender, r.recipients) for r in records] == [
        ((party, ()) if direction == "Incoming" else ("", (party,)))
        for direction, party, _, _ in rows
    ]
    assert all(r.owner == "S777" for r in records)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=600))
def test_arbitrary_bytes_in_an_imazing_export_are_accounted_for(
    tmp_path_factory, data: bytes
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("imzjunk")
    path = root / "m.csv"
    path.write_bytes(b'"Chat Session","Message Date","Service","Type","Sender ID","Text"\n' + data)
    report = ReadReport()
    records = list(read_imazing_csv(path, report, root))
    assert report.total.read == len(records)


def test_encryption_notice_under_the_group_name_is_a_system_line(tmp_path: Path) -> None:
    # As Android exports of some versions write it (seen in whatstk's GPL-licensed samples,
    # reproduced here in our own words and names)
    path = tmp_path / "chat.txt"
    path.write_text(
        "15.04.2016, 15:04 - Trip Chat: Messages and calls are end-to-end encrypted. No one "
        "outside of this chat, not even WhatsApp, can read or listen to them.\n"
        "15.04.2016, 15:05 - Ann: Hi all\n"
        "16.04.2016, 09:00 - Ben: Hello\n"
    )
    records = list(read_whatsapp(path, ReadReport(), tmp_path))
    assert [r.sender for r in records] == ["", "Ann", "Ben"]
    assert records[1].recipients == ("Ben",)  # the group's name is not a participant


@settings(max_examples=60, deadline=None)
@given(
    person=st.from_regex(r"[A-Z][0-9]{3}", fullmatch=True),
    layout=st.lists(
        st.sampled_from(
            ["whatsapp", "phones", "sms", "messages", "inbox", "facebook-jo-2025", "evidence"]
        ),
        max_size=4,
    ),
)
def test_owner_is_the_nearest_folder_that_is_not_layout(tmp_path_factory, person, layout) -> None:  # type: ignore[no-untyped-def]
    from saferpractice.evidence.owner import export_owner

    root = tmp_path_factory.mktemp("own")
    folder = root.joinpath("school", person, *layout)
    folder.mkdir(parents=True)
    (folder / "x.txt").write_text("")
    assert export_owner(folder / "x.txt", root) == (person, f"folder {person}")
