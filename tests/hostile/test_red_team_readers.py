"""Readers that skipped or refused more than they had to (independent red team, point 5).

- A JSON Lines file whose first line is bad was skipped whole; now that line is skipped,
  counted and reported, and the rest is read.
- A mostly-Latin-1 (Windows-1252) text file was called "binary"; now it is decoded as
  Windows-1252, and each record read that way says so.
- The CSV cell limit (128 KiB, the csv module's default) was below a real cell of 10,000
  recipients; it is now 1 MiB, and a cell over it is reported with its row.
- A Squid access.log whose first lines are damaged was skipped whole; now the damaged
  lines are skipped and counted, and the rest is read.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from saferpractice.evidence import registry
from saferpractice.evidence.csvutil import MAX_FIELD
from saferpractice.evidence.images import SidecarCache
from saferpractice.evidence.records import Record
from saferpractice.evidence.report import ReadReport


def read(path: Path) -> tuple[str, list[Record], ReadReport]:
    spec, reason = registry.identify(path)
    assert spec is not None, f"not recognised: {reason}"
    reader = registry.reader_for(spec, SidecarCache())
    assert reader is not None
    report = ReadReport()
    return spec.name, list(reader(path, report, path.parent)), report


def message(number: int, body: str = "See you at the trip") -> dict[str, object]:
    return {
        "id": f"m{number}",
        "channel": "chat",
        "sent_at": f"2026-11-17T10:{number:02d}:00Z",
        "from": "pat.smith@heatonlane.sch.uk",
        "to": ["sam.jones@heatonlane.sch.uk"],
        "body": body,
    }


def test_jsonl_with_a_bad_first_line_is_read_past_it(tmp_path: Path) -> None:
    path = tmp_path / "chat.jsonl"
    lines = ['{"id": "m0", "channel": "chat", "sent_at": "2026-11-17T10:00', "not json at all"]
    lines += [json.dumps(message(n)) for n in range(1, 9)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    kind, records, report = read(path)
    assert kind == "messages-jsonl"
    assert [r.ref for r in records] == [f"m{n}" for n in range(1, 9)]  # type: ignore[attr-defined]
    stats = report.stats["chat.jsonl"]
    assert (stats.read, stats.skipped) == (8, 2)
    assert sorted(d.line for d in report.diagnostics) == [1, 2]


def test_a_latin1_messages_csv_is_read_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "sms.csv"
    rows = ["id,channel,sent_at,from,to,body"]
    rows += [
        f"m{n},sms,2026-11-17T10:{n:02d}:00,+447700900456,+447700900789,"
        f'"Très bien, élève, à demain – café {n}"'
        for n in range(40)
    ]
    path.write_bytes("\n".join(rows).encode("cp1252") + b"\n")
    kind, records, report = read(path)
    assert kind == "messages-csv"
    assert len(records) == 40
    first = records[0]
    assert first.body.startswith("Très bien, élève, à demain – café")  # type: ignore[attr-defined]
    assert any("Windows-1252" in w for w in first.warnings)
    assert report.stats["sms.csv"].warned == 40


def test_a_latin1_jsonl_line_is_read_as_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "chat.jsonl"
    lines = [
        json.dumps(message(n, "Très bien, élève, à demain"), ensure_ascii=False) for n in range(5)
    ]
    path.write_bytes("\n".join(lines).encode("cp1252") + b"\n")
    _, records, _ = read(path)
    assert len(records) == 5
    assert records[0].body == "Très bien, élève, à demain"  # type: ignore[attr-defined]
    assert any("Windows-1252" in w for w in records[0].warnings)


def test_a_cell_of_ten_thousand_recipients_is_read(tmp_path: Path) -> None:
    recipients = ";".join(f"pupil{n:05d}@heatonlane.sch.uk" for n in range(10_000))
    assert 128 * 1024 < len(recipients) < MAX_FIELD
    path = tmp_path / "sms.csv"
    path.write_text(
        "id,channel,sent_at,from,to,body\n"
        f'm1,sms,2026-11-17T10:00:00,+447700900456,"{recipients}",Trip letter\n'
        "m2,sms,2026-11-17T10:01:00,+447700900456,+447700900789,Thanks\n",
        encoding="utf-8",
    )
    _, records, report = read(path)
    assert [len(r.recipients) for r in records] == [10_000, 1]  # type: ignore[attr-defined]
    assert report.stats["sms.csv"].skipped == 0


def test_a_cell_over_the_bound_is_reported_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "sms.csv"
    path.write_text(
        "id,channel,sent_at,from,to,body\n"
        f"m1,sms,2026-11-17T10:00:00,+447700900456,+447700900789,{'x' * (MAX_FIELD + 10)}\n"
        "m2,sms,2026-11-17T10:01:00,+447700900456,+447700900789,Thanks\n",
        encoding="utf-8",
    )
    _, records, report = read(path)
    assert [r.ref for r in records] == ["m2"]  # type: ignore[attr-defined]
    (skip,) = report.diagnostics
    assert skip.row == 2 and "1 MiB" in skip.message


SQUID = (
    "1709547300.123    921 10.0.4.17 TCP_MISS/200 5071 GET http://www.bbc.co.uk/news "
    "jsmith HIER_DIRECT/151.101.0.81 text/html"
)


def test_a_squid_log_with_damaged_first_lines_is_read(tmp_path: Path) -> None:
    path = tmp_path / "access.log"
    damaged = ["####### log rotated after a crash", "1709547299.9 12 10.0.4.17 TCP_MI"]
    good = [SQUID.replace("1709547300", str(1709547300 + n)) for n in range(8)]
    path.write_text("\n".join(damaged + good) + "\n", encoding="utf-8")
    kind, records, report = read(path)
    assert kind == "squid-log"
    assert len(records) == 8
    stats = report.stats["access.log"]
    assert (stats.read, stats.skipped) == (8, 2)
    assert sorted(d.line for d in report.diagnostics if d.line) == [1, 2]


# Found by fuzz/fuzz_csv.py once Windows-1252 text was read: a web-filter header with bytes
# that are not UTF-8 inside "category" was identified with those bytes ignored, then read
# with them decoded, and the reader raised KeyError: 'category'.
FUZZ_CSV_CRASH = (
    "dGltZSx1c2VyLHVybCxjYXT/////////////////////////////////////////////////////////"
    "////////////////////////////////////////////ZWdvcnksYWN0aW9uCjMyMTYtMDMtMDRUMTA6"
    "MTU6MDAsanNtaXRoLGh0dHBzOi8vY2FzaW5vLmV4YW1wbGUvLEdhbWJsaW5jb2IsbGdrZWQKZnJpZTIw"
    "MjUtMDMtMDRUMTA6MTY6MDCpqf80Wmxqc21pdGhAc2M="
    ""
)


def test_a_damaged_header_is_never_taken_for_one_the_reader_can_use(tmp_path: Path) -> None:
    path = tmp_path / "filter.csv"
    path.write_bytes(base64.b64decode(FUZZ_CSV_CRASH))
    spec, reason = registry.identify(path)
    assert spec is None and "header we do not read" in reason
