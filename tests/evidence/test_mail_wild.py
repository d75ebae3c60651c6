"""Mail as real systems write it (issue 12's mail list, issue 10 items 4 and 10): each shape on a
reproduced sample in fixtures/mail/wild (see SOURCES.md there), read through the registry as
`evidence read` does."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from saferpractice.evidence.mail import looks_like_eml, looks_like_mbox, read_eml, read_mbox
from saferpractice.evidence.mail_headers import decode_text
from saferpractice.evidence.records import Address, MailRecord
from saferpractice.evidence.registry import EML, MBOX, identify, iter_evidence
from saferpractice.evidence.report import ReadReport

WILD = Path(__file__).parent / "fixtures" / "mail" / "wild"


def _one(name: str) -> tuple[MailRecord, ReadReport]:
    report = ReadReport()
    (record,) = read_eml(WILD / name, report, WILD)
    return record, report


def _box(name: str) -> tuple[list[MailRecord], ReadReport]:
    report = ReadReport()
    return list(read_mbox(WILD / name, report, WILD)), report


def test_display_name_that_is_an_address_gives_the_real_sender_and_a_warning() -> None:
    record, _ = _one("outlook-display-name-is-address.eml")
    assert record.sender == Address("head.teacher.2024@gmail.com", "head@school.sch.uk")
    # In Cc the same shape is one recipient each, not two.
    assert [a.email for a in record.cc] == ["office@school.sch.uk", "bursar.private@outlook.com"]
    spoofing = [w for w in record.warnings if "spoofed sender" in w]
    assert len(spoofing) == 2  # the From and the bursar's Cc; office's name is its own address
    assert any("head.teacher.2024@gmail.com" in w for w in spoofing)


def test_empty_plain_part_never_hides_the_html_and_unclosed_final_boundary() -> None:
    record, _ = _one("outlook-mac-empty-plain.eml")
    assert record.body.startswith("Sports day is on Friday. Please bring a water bottle")
    assert record.part_of(0) == "the message"
    assert record.attachments == ()


def test_eight_bit_latin1_and_windows_1252_are_read_not_refused_as_binary() -> None:
    for name in ("latin1-8bit.eml", "windows-1252-undeclared.eml", "stray-nul.eml"):
        assert identify(WILD / name) == (EML, "")
    latin, _ = _one("latin1-8bit.eml")
    assert latin.subject == "Café visit £5"
    assert latin.sender == Address("jose@example.es", "José Martínez")
    assert latin.body == "The café trip costs £5 per pupil. Déjà vu!"
    cp1252, _ = _one("windows-1252-undeclared.eml")
    assert cp1252.subject == "\u201cReminder\u201d \u2013 homework"
    assert "Don\u2019t forget" in cp1252.body and "\u20ac 2" in cp1252.body


def test_stray_nul_byte_keeps_the_message() -> None:
    record, report = _one("stray-nul.eml")
    assert "Revision notes are on the shared drive." in record.body
    assert "See you in class." in record.body
    assert report.total.read == 1


def test_gb2312_is_read_as_gb18030() -> None:
    record, _ = _one("gb2312-declared-gbk-text.eml")
    assert record.subject == "家长会 喆"
    assert record.body == "您好，我是李喆的家长。"
    assert not any("not valid" in w for w in record.warnings)
    warnings: list[str] = []
    assert decode_text("喆".encode("gb18030"), "GB2312", warnings, "x") == "喆"
    assert warnings == []


def test_thunderbird_from_dash_separators_and_from_lines_in_bodies() -> None:
    head = (WILD / "thunderbird-from-dash.mbox").read_bytes()
    assert looks_like_mbox(head) and identify(WILD / "thunderbird-from-dash.mbox") == (MBOX, "")
    records, report = _box("thunderbird-from-dash.mbox")
    assert [r.subject for r in records] == ["First", "Second"]
    assert "From the office: the minibus leaves at nine.\nFrom Monday" in records[1].body
    assert (report.total.read, report.total.skipped) == (2, 0)


def test_from_address_separators_without_date_after_a_byte_order_mark() -> None:
    assert identify(WILD / "from-address-no-date-bom.mbox") == (MBOX, "")
    records, report = _box("from-address-no-date-bom.mbox")
    assert [r.message_id for r in records] == ["no-date-1@school.sch.uk", "no-date-2@school.sch.uk"]
    raw = (WILD / "from-address-no-date-bom.mbox").read_bytes()
    assert all(raw[r.offset :].startswith(b"From ") for r in records)
    assert records[0].offset == 3  # after the byte-order mark
    assert (report.total.read, report.total.skipped) == (2, 0)


def test_archive_at_addresses_become_addresses_with_a_warning() -> None:
    records, _ = _box("pipermail-archive.mbox")
    assert [r.sender for r in records] == [
        Address("andy@example.com", "Andy Smith"),
        Address("jo.bloggs@school.sch.uk", "Jo Bloggs"),
    ]
    assert any("andy at example.com was read as andy@example.com" in w for w in records[0].warnings)


def test_google_takeout_thread_and_labels_are_carried() -> None:
    (record,), _ = _box("google-takeout.mbox")
    assert record.thread == "1789012345678901234"
    assert record.labels == ("Inbox", "Important", "Opened", "Trips, 2024")
    assert record.sent_at == datetime(2024, 3, 5, 10, 0, tzinfo=UTC)


def test_html_only_risk_language_is_in_the_body_and_labelled() -> None:
    record, _ = _one("evasion-html-alternative.eml")
    assert record.body.startswith("Homework is on page 12.")
    start = record.body.index("text me on 07700 900123")
    assert record.part_of(start) == "the HTML version"
    assert record.part_of(0) == "the message"
    # The sentence already in the plain text is not repeated.
    assert record.body.count("Homework is on page 12.") == 1


def test_attached_message_text_is_in_the_body_and_labelled() -> None:
    record, _ = _one("evasion-attached-message.eml")
    start = record.body.index("Keep this our secret")
    assert record.part_of(start) == "the attached message 'notes'"
    assert [a.name for a in record.attachments] == ["notes.eml"]
    # Reply-history detection never blanks an attached message wholesale.
    assert not any(span.start <= start < span.end for span in record.quoted)


def test_every_wild_file_is_read_or_skipped_with_a_reason_and_counts_add_up() -> None:
    report = ReadReport()
    records = list(iter_evidence([WILD], report, WILD))
    files = sorted(p.name for p in WILD.iterdir())
    assert "SOURCES.md" in files
    messages = sum(1 for p in WILD.iterdir() if p.suffix == ".eml")
    assert report.stats["SOURCES.md"].skipped == 1
    assert len(records) == report.total.read == messages + 2 + 2 + 2 + 1
    assert report.total.skipped == 1
    for name in files:
        if name != "SOURCES.md":
            assert report.stats[name].read >= 1, name
            assert looks_like_eml((WILD / name).read_bytes()) or name.endswith(".mbox")


def test_links_written_into_the_plain_text_do_not_make_the_html_look_different() -> None:
    from saferpractice.evidence.mail_text import uncovered_lines

    plain = (
        "Please read the trip letter <https://school.example/trip.pdf> before Friday.\n"
        "[cid:image001.png@01DA] Mr Jones"
    )
    html = "Please read the trip letter before Friday.\nMr Jones"
    assert uncovered_lines(html, plain) == ""
    assert uncovered_lines(html + "\nmessage me on snap", plain) == "message me on snap"


def test_the_excerpt_note_says_partly_when_words_are_in_both_parts() -> None:
    record, _ = _one("evasion-html-alternative.eml")
    html_start = record.body.index("text me on")
    assert record.parts_note([html_start]) == "[in the HTML version] "
    assert record.parts_note([0, html_start]) == "[partly in the HTML version] "
    assert record.parts_note([0]) == ""
