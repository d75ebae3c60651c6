"""A Microsoft 365 eDiscovery (Purview) PST holding Teams chats and mail, read end to end.

No public PST with Teams chats exists, and no open-source PST writer can be installed, so the
file is written by `tests/support/pst_writer.py` from the published [MS-PST] specification and
read back by libpff-python, the reader the product uses. Teams chat items are as Purview
exports them: class `IPM.SkypeTeams.Message`, an HTML body and no subject or Message-ID, in a
`TeamsMessagesData` folder beside `Top of Information Store` (and, in older mailboxes, in
`Conversation History/Team Chat`), the chat's members as recipients.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pst_writer import Folder, Message, Recipient, write_pst

from saferpractice.evidence.pst import read_pst
from saferpractice.evidence.records import Address, MailRecord, MessageRecord
from saferpractice.evidence.registry import PST, identify, iter_evidence
from saferpractice.evidence.report import ReadReport

TEACHER = ("Sam Carter", "s.carter@oakfield.example")
PUPIL = ("Jamie Lee", "j.lee@pupils.oakfield.example")
OTHER = ("Alex Khan", "a.khan@pupils.oakfield.example")
WHEN = datetime(2026, 3, 4, 21, 15, 7, tzinfo=UTC)


def chat(
    text: str, sender: tuple[str, str], members: list[tuple[str, str]], at: datetime
) -> Message:
    return Message(
        "IPM.SkypeTeams.Message",
        sender[0],
        sender[1],
        [Recipient(name, email) for name, email in members],
        at,
        html=f"<html><body><div><div><p>{text}</p></div></div></body></html>",
    )


def purview_export() -> Folder:
    one_to_one = [
        chat("are you still up?", TEACHER, [PUPIL], WHEN),
        chat("yes", PUPIL, [TEACHER], WHEN + timedelta(minutes=1)),
        chat(
            "don&#39;t tell your parents we talk on here",
            TEACHER,
            [PUPIL],
            WHEN + timedelta(minutes=2),
        ),
    ]
    group = chat("Homework is due on Friday", TEACHER, [PUPIL, OTHER], WHEN - timedelta(days=1))
    old_style = chat("see you at the match", TEACHER, [PUPIL], WHEN - timedelta(days=30))
    trip = Message(
        "IPM.Note",
        TEACHER[0],
        TEACHER[1],
        [
            Recipient("Head Teacher", "head@oakfield.example"),
            Recipient("Office", "office@oakfield.example", 2),
        ],
        WHEN - timedelta(days=2),
        subject="Trip photos",
        plain="Forwarding the thread as asked.",
        internet_id="<trip-1@oakfield.example>",
        attached=[
            Message(
                "IPM.Note",
                TEACHER[0],
                TEACHER[1],
                [Recipient(*PUPIL)],
                WHEN - timedelta(days=3),
                subject="our secret",
                plain="Delete this after reading. " * 200,  # over one heap allocation
            )
        ],
    )
    return Folder(
        "",
        folders=[
            Folder(
                "Top of Information Store",
                folders=[
                    Folder("Inbox", messages=[trip]),
                    Folder("Sent Items"),
                    Folder("Deleted Items"),
                    Folder(
                        "Conversation History", folders=[Folder("Team Chat", messages=[old_style])]
                    ),
                ],
            ),
            Folder("TeamsMessagesData", messages=[*one_to_one, group], container_class=""),
        ],
    )


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("purview")
    return write_pst(folder / "s.carter@oakfield.example.pst", purview_export())


def test_libpff_reads_the_written_store(export: Path) -> None:
    import pypff

    store = pypff.file()
    store.open(str(export))
    try:
        root = store.get_root_folder()
        names = [root.get_sub_folder(i).name for i in range(root.number_of_sub_folders)]
        assert names == ["Top of Information Store", "TeamsMessagesData"]
        assert root.get_sub_folder(1).number_of_sub_messages == 4
    finally:
        store.close()


def test_teams_chats_are_chat_messages_with_people_times_and_folder(export: Path) -> None:
    assert identify(export) == (PST, "")
    report = ReadReport()
    records = list(read_pst(export, report, export.parent))
    chats = [r for r in records if isinstance(r, MessageRecord)]
    assert [c.locator for c in chats] == [
        "Top of Information Store/Conversation History/Team Chat item 1",
        "TeamsMessagesData item 1",
        "TeamsMessagesData item 2",
        "TeamsMessagesData item 3",
        "TeamsMessagesData item 4",
    ]
    assert {c.channel for c in chats} == {"teams"}
    late = chats[3]
    assert late.sender == TEACHER[1]
    assert late.recipients == (PUPIL[1],)
    assert late.sent_at == WHEN + timedelta(minutes=2)
    assert late.body == "don't tell your parents we talk on here"
    assert chats[2].sender == PUPIL[1] and chats[2].recipients == (TEACHER[1],)
    assert chats[4].recipients == (PUPIL[1], OTHER[1])
    assert len({c.id for c in chats}) == 5  # chat items have no Message-ID; each gets its own
    assert all(c.warnings == () for c in chats)
    assert (report.total.read, report.total.skipped) == (6, 0)


def test_mail_beside_the_chats_with_its_attached_message_read_whole(export: Path) -> None:
    records = list(read_pst(export, ReadReport(), export.parent))
    (mail,) = [r for r in records if isinstance(r, MailRecord)]
    assert mail.folder == "Top of Information Store/Inbox"
    assert mail.to == (Address("head@oakfield.example", "Head Teacher"),)
    assert mail.cc == (Address("office@oakfield.example", "Office"),)
    inner = mail.body.index("Delete this after reading.")
    assert mail.part_of(inner) == "the attached message 'our secret'"
    # The attached message's body is larger than a heap allocation (a sub-node): read whole.
    assert mail.body.count("Delete this after reading.") == 200
    assert [a.name for a in mail.attachments] == ["our secret.msg"]
    assert mail.warnings == ()


def test_folder_of_exports_counts_add_up(export: Path) -> None:
    report = ReadReport()
    records = list(iter_evidence([export.parent], report, export.parent))
    assert len(records) == 6
    assert report.total.read == 6 and report.total.skipped == 0


def test_attached_messages_nested_past_the_bound_are_reported(tmp_path: Path) -> None:
    inner = Message("IPM.Note", "A", "a@x.example", [], WHEN, subject="level 12", plain="deepest")
    for level in range(11, 0, -1):
        inner = Message(
            "IPM.Note", "A", "a@x.example", [], WHEN, subject=f"level {level}",
            plain=f"text {level}", attached=[inner],
        )  # fmt: skip
    path = write_pst(
        tmp_path / "nested.pst", Folder("", folders=[Folder("Inbox", messages=[inner])])
    )
    report = ReadReport()
    (record,) = read_pst(path, report, tmp_path)
    assert "text 9" in record.body and "deepest" not in record.body
    assert any("nested more than 8 deep" in w for w in record.warnings)


def test_a_cut_teams_export_is_one_skip_naming_the_file(export: Path, tmp_path: Path) -> None:
    whole = export.read_bytes()
    for cut in (600, 0x4500, len(whole) // 2, len(whole) - 700):
        path = tmp_path / f"cut{cut}.pst"
        path.write_bytes(whole[:cut])
        report = ReadReport()
        assert list(read_pst(path, report, tmp_path)) == []
        (diagnostic,) = report.diagnostics
        assert diagnostic.source == path.name
        assert diagnostic.message.startswith("not a readable Outlook data file")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_damaged_blocks_in_a_teams_export_never_crash_or_hide_the_count(
    export: Path, tmp_path: Path, data: st.DataObject
) -> None:
    """Bytes overwritten anywhere in the blocks (items, tables, heaps): the read never raises,
    and every item is read or counted as skipped, naming the file."""
    whole = bytearray(export.read_bytes())
    at = data.draw(st.integers(0x4800, len(whole) - 1024))
    junk = data.draw(st.binary(min_size=1, max_size=64))
    whole[at : at + len(junk)] = junk
    path = tmp_path / "damaged.pst"
    path.write_bytes(bytes(whole))
    report = ReadReport()
    records = list(read_pst(path, report, tmp_path))
    assert report.total.read == len(records)
    assert report.total.read + report.total.skipped >= 1
    assert all(d.source == "damaged.pst" for d in report.diagnostics)


_names = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=30
)
_words = st.lists(st.from_regex(r"[A-Za-z']{1,12}", fullmatch=True), min_size=1, max_size=40)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(_names, st.integers(0, 10**8), _words, st.integers(1, 4)), min_size=1, max_size=6
    )
)
def test_any_teams_chat_is_read_back_as_written(
    tmp_path: Path, chats: list[tuple[str, int, list[str], int]]
) -> None:
    messages = []
    for number, (name, seconds, words, members) in enumerate(chats):
        people = [Recipient(f"Member {m}", f"m{m}@x.example") for m in range(members)]
        messages.append(
            Message(
                "IPM.SkypeTeams.Message", name, f"u{number}@x.example", people,
                WHEN + timedelta(seconds=seconds), html=f"<div>{' '.join(words)}</div>",
            )
        )  # fmt: skip
    path = write_pst(
        tmp_path / "t.pst", Folder("", folders=[Folder("TeamsMessagesData", messages=messages)])
    )
    records = list(read_pst(path, ReadReport(), tmp_path))
    assert len(records) == len(chats)
    for record, (_, seconds, words, members) in zip(records, chats, strict=True):
        assert isinstance(record, MessageRecord)
        assert record.body == " ".join(words)
        assert record.sent_at == WHEN + timedelta(seconds=seconds)
        assert record.recipients == tuple(f"m{m}@x.example" for m in range(members))
