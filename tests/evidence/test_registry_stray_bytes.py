"""A text export with a few bytes that are not UTF-8 (a Windows-1252 'café', a damaged
message) is still read, with the bytes replaced and a warning, not skipped whole as binary
data (red team: one 'é' in a messages CSV, or two stray bytes in a JSON Lines export, lost
every message in the file)."""

from __future__ import annotations

import json
from pathlib import Path

from saferpractice.evidence import registry
from saferpractice.evidence.registry import iter_evidence
from saferpractice.evidence.report import ReadReport

HEADER = b"id,channel,sent_at,from,to,body\n"
ROW = b"m%d,sms,2026-03-03T10:00:00+00:00,+447700900185,+447700900575,%s\n"


def _read(path: Path) -> list[object]:
    report = ReadReport()
    return list(iter_evidence([path], report, path.parent))


def test_a_windows_1252_messages_csv_is_read(tmp_path: Path) -> None:
    path = tmp_path / "texts.csv"
    path.write_bytes(
        HEADER + ROW % (1, "See you at the caf\u00e9".encode("cp1252")) + ROW % (2, b"ok")
    )
    assert registry.identify(path)[0] is registry.MESSAGES_CSV
    records = _read(path)
    assert len(records) == 2
    # Every byte over 127 fails as UTF-8, so the file is read as Windows-1252 and says so.
    assert records[0].body == "See you at the caf\u00e9"  # type: ignore[attr-defined]
    assert "not UTF-8: read as Windows-1252" in records[0].warnings  # type: ignore[attr-defined]


def test_a_json_lines_export_with_stray_bytes_is_read(tmp_path: Path) -> None:
    line = {"id": "c1", "channel": "chat", "sent_at": "2026-03-03T10:00:00Z", "from": "a@x.example"}
    line |= {"to": ["b@x.example"], "body": "Don't tell your mum"}
    good = json.dumps(line).encode()
    path = tmp_path / "chat.jsonl"
    path.write_bytes(
        good + b"\n" + good.replace(b"c1", b"c2").replace(b"Don", b"D\xff\xfen") + b"\n"
    )
    assert registry.identify(path)[0] is registry.MESSAGES_JSONL
    assert len(_read(path)) == 2


def test_bytes_that_are_mostly_not_text_are_still_binary(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(bytes((i * 7919 + 13) % 255 + 1 for i in range(4096)))
    spec, reason = registry.identify(path)
    assert spec is None and "binary" in reason
