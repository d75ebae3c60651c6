"""A message whose header block runs past the sniff's window before naming two mail fields is
still mail (red team: 250 header lines, or a 70 KiB header, before From and To made the file
'text of no format we read', so its words were never checked)."""

from __future__ import annotations

from pathlib import Path

import pytest

from saferpractice.evidence import registry
from saferpractice.evidence.mail import read_eml
from saferpractice.evidence.report import ReadReport

TAIL = (
    "From: Ann Teacher <a.teacher@school.example>\n"
    "To: pupil@school.example\n"
    "Subject: hello\n"
    "Date: Tue, 03 Mar 2026 10:15:00 +0000\n\n"
    "Don't tell your mum.\n"
)


@pytest.mark.parametrize(
    "padding",
    [
        "".join(f"X-Filler-{i}: v\n" for i in range(250)),
        "Received: from relay.example\nX-Pad: " + "a" * 70_000 + "\n",
    ],
    ids=["250 header lines", "70 KiB header"],
)
def test_a_long_header_block_is_still_read_as_mail(tmp_path: Path, padding: str) -> None:
    path = tmp_path / "a.eml"
    path.write_text(padding + TAIL)
    spec, reason = registry.identify(path)
    assert spec is registry.EML, reason
    report = ReadReport()
    records = list(read_eml(path, report, tmp_path))
    assert len(records) == 1
    assert records[0].sender is not None and records[0].sender.email == "a.teacher@school.example"
    assert "Don't tell your mum" in records[0].body


def test_plain_text_with_one_colon_line_is_not_mail(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Subject: things to do\n" + "buy milk\n" * 10)
    assert registry.identify(path)[0] is not registry.EML


def test_a_short_note_of_colon_lines_naming_one_mail_field_is_not_mail(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Subject: things to do\nMilk: two pints\nBread: one loaf\n")
    assert registry.identify(path)[0] is not registry.EML


def test_a_tiny_message_without_a_final_newline_is_still_mail(tmp_path: Path) -> None:
    path = tmp_path / "a.eml"
    path.write_bytes(b"From: a@school.example\nTo: b@school.example")
    assert registry.identify(path)[0] is registry.EML
