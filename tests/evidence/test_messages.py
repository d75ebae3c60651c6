"""Short messages and chat: CSV and JSON Lines."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from saferpractice.evidence.messages import (
    MAX_RECIPIENTS,
    normalise_contact,
    read_messages_csv,
    read_messages_jsonl,
)
from saferpractice.evidence.registry import sniff
from saferpractice.evidence.report import ReadReport

FIXTURES = Path(__file__).parent / "fixtures"
LONDON = ZoneInfo("Europe/London")


def test_sms_csv() -> None:
    report = ReadReport()
    records = list(read_messages_csv(FIXTURES / "messages/sms.csv", report, FIXTURES))
    assert [r.id for r in records] == ["m1", "m2", "m3"]
    first = records[0]
    assert first.sender == "+447911123456"
    assert first.recipients == ("+447700900456", "anna@school.example.org")
    assert first.sent_at == datetime(2025, 1, 15, 19, 45, tzinfo=LONDON)
    assert first.channel == "sms" and first.locator == "row 2"
    assert first.body == "See you at the trip, bring a coat"
    third = records[2]
    assert third.sent_at is None
    assert any("sent_at" in w for w in third.warnings)
    assert any("'someone'" in w for w in third.warnings)
    assert third.recipients == ("someone",)  # kept as written
    stats = report.stats["messages/sms.csv"]
    assert stats.read == 3 and stats.skipped == 2
    assert sorted(d.row for d in report.diagnostics if d.severity == "error") == [5, 6]


def test_chat_jsonl() -> None:
    report = ReadReport()
    records = list(read_messages_jsonl(FIXTURES / "messages/chat.jsonl", report, FIXTURES))
    assert [(r.id, r.locator) for r in records] == [
        ("c1", "line 1"),
        ("c2", "line 2"),
        ("c6", "line 7"),
    ]
    assert records[0].sent_at == datetime(2025, 2, 1, 21, 30, tzinfo=UTC)
    assert records[0].recipients == ("pupil@example.com", "+447700900111") or any(
        "07700 900111" in w for w in records[0].warnings
    )
    assert records[1].body == "ok 😀"
    assert records[2].body == "" and records[2].recipients == ()
    skipped = sorted(d.line for d in report.diagnostics if d.severity == "error")
    assert skipped == [3, 4, 5]


def test_emails_are_case_folded() -> None:
    assert normalise_contact(" Anna.Smith@School.Example.ORG ") == "anna.smith@school.example.org"


addresses = st.sampled_from(
    [
        "07911 123456",
        "+44 7911 123457",
        "amy@school.example.org",
        "ben@example.com",
        "0161 234 5678",
    ]
)
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)


@settings(max_examples=50, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.from_regex(r"[a-z0-9]{1,12}", fullmatch=True),
            st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)),
            addresses,
            st.lists(addresses, min_size=1, max_size=3, unique=True),
            texts,
        ),
        max_size=15,
    ),
    as_json=st.booleans(),
)
def test_generated_messages_round_trip(tmp_path_factory, rows, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("msgs")
    if as_json:
        path = root / "m.jsonl"
        path.write_text(
            "".join(
                json.dumps(
                    {
                        "id": i,
                        "channel": "chat",
                        "sent_at": when.isoformat(),
                        "from": sender,
                        "to": to,
                        "body": body,
                    }
                )
                + "\n"
                for i, when, sender, to, body in rows
            )
        )
        reader = read_messages_jsonl
    else:
        path = root / "m.csv"
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["id", "channel", "sent_at", "from", "to", "body"])
        for i, when, sender, to, body in rows:
            writer.writerow([i, "sms", when.isoformat(), sender, ";".join(to), body])
        path.write_text(buffer.getvalue(), newline="")
        reader = read_messages_csv
    report = ReadReport()
    records = list(reader(path, report, root))
    assert [r.id for r in records] == [i for i, *_ in rows]
    assert [r.sent_at for r in records] == [when.replace(tzinfo=LONDON) for _, when, *_ in rows]
    assert [r.sender for r in records] == [normalise_contact(s) for _, _, s, _, _ in rows]
    assert [r.recipients for r in records] == [
        tuple(normalise_contact(t) for t in to) for *_, to, _ in rows
    ]
    assert [r.body for r in records] == [body for *_, body in rows]
    assert report.total.skipped == 0


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=800))
def test_arbitrary_bytes_are_accounted_for(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("junk")
    (root / "m.csv").write_bytes(b"id,channel,sent_at,from,to,body\n" + data)
    (root / "m.jsonl").write_bytes(data)
    for name, reader in (("m.csv", read_messages_csv), ("m.jsonl", read_messages_jsonl)):
        report = ReadReport()
        records = list(reader(root / name, report, root))
        assert report.total.read == len(records)
    lines = [line for line in data.split(b"\n") if line.strip()]
    assert len(records) + report.total.skipped == len(lines)


def test_recipients_after_the_thousandth_are_read(tmp_path: Path) -> None:
    """Issue 10 item 8: every recipient is checked, or counted when over the bound."""
    many = [f"+4477009{i:05d}" for i in range(1500)]
    (tmp_path / "m.csv").write_text(
        "id,channel,sent_at,from,to,body\n"
        f"m1,sms,2025-01-15T19:45:00,07911 123456,{';'.join(many)},hi\n"
    )
    report = ReadReport()
    (record,) = read_messages_csv(tmp_path / "m.csv", report, tmp_path)
    assert len(record.recipients) == 1500 and record.recipients[-1] == many[-1]
    over = ";".join(f"+4477009{i:05d}" for i in range(MAX_RECIPIENTS + 5))
    (tmp_path / "n.jsonl").write_text(
        json.dumps({"id": "x", "channel": "sms", "sent_at": "", "from": "07911 123456",
                    "to": over.split(";"), "body": ""}) + "\n"
    )  # fmt: skip
    report = ReadReport()
    (record,) = read_messages_jsonl(tmp_path / "n.jsonl", report, tmp_path)
    assert len(record.recipients) == MAX_RECIPIENTS
    assert any("5 recipients beyond" in w for w in record.warnings)


def test_a_messages_csv_with_one_nul_byte_is_read(tmp_path: Path) -> None:
    """Issue 10 item 10: one stray NUL in the first 64 KiB no longer makes the file binary."""
    path = tmp_path / "sms.csv"
    path.write_bytes(
        b"id,channel,sent_at,from,to,body\n"
        b"m1,sms,2025-01-15T19:45:00,07911 123456,07700 900456,hello\x00 there\n"
        b"m2,sms,2025-01-15T19:46:00,07911 123456,07700 900456,second\n"
    )
    spec = sniff(path)
    assert spec is not None and spec.name == "messages-csv"
    report = ReadReport()
    records = list(read_messages_csv(path, report, tmp_path))
    assert [r.id for r in records] == ["m1", "m2"]
    # many NULs (UTF-16, binary) still make a file binary
    (tmp_path / "wide.csv").write_bytes("id,channel,sent_at,from,to,body\n".encode("utf-16-le"))
    assert sniff(tmp_path / "wide.csv") is None
