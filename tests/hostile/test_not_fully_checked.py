"""Text beyond the readers' bounds reaches the safeguarding lead (red-team point 3).

A message with more than 5,000 MIME parts, attached messages nested more than 10 deep,
more than 5,000,000 characters of text or a header block over 256 KiB is read up to the
bound; before, the rest was only a warning in a log, so risk words placed after the bound
were neither found nor shown. Now each such message is an `evidence.not-fully-checked`
finding naming the file, the message and what was not read.
"""

from __future__ import annotations

from pathlib import Path

from hostile_cli import assert_clean, findings, scan

PAT = "pat.smith@heatonlane.sch.uk"
SAM = "sam.jones@heatonlane.sch.uk"
HIDDEN = "Keep this between us, don't tell your mum."


def message(body: bytes, extra_headers: bytes = b"") -> bytes:
    return (
        f"From: {PAT}\r\nTo: {SAM}\r\nSubject: Homework\r\n"
        "Date: Tue, 17 Nov 2026 10:15:00 +0000\r\nMessage-ID: <bounds@test>\r\n".encode()
        + extra_headers
        + body
    )


def many_parts() -> bytes:
    parts = b"".join(b"--b\r\nContent-Type: text/plain\r\n\r\nok\r\n" for _ in range(5_001))
    last = b"--b\r\nContent-Type: text/plain\r\n\r\n" + HIDDEN.encode() + b"\r\n--b--\r\n"
    return message(parts + last, b'Content-Type: multipart/mixed; boundary="b"\r\n')


def deep_nesting() -> bytes:
    chain = b"Subject: innermost\r\nContent-Type: text/plain\r\n\r\n" + HIDDEN.encode() + b"\r\n"
    for _ in range(12):
        chain = b"Subject: fwd\r\nContent-Type: message/rfc822\r\n\r\n" + chain
    return message(b"\r\n" + chain, b"Content-Type: message/rfc822\r\n")


def huge_header() -> bytes:
    folded = b"X-Junk: " + b"\r\n ".join(b"x" * 70 for _ in range(4_000)) + b"\r\n"
    return message(b"\r\nSee you in class.\r\n", folded)


def long_text() -> bytes:
    return message(b"\r\n" + b"Homework is on page four. " * 200_000 + HIDDEN.encode() + b"\r\n")


def test_each_bound_reached_is_a_finding_naming_the_file(tmp_path: Path, school: Path) -> None:
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    (evidence / "parts.eml").write_bytes(many_parts())
    (evidence / "long.eml").write_bytes(long_text())
    (evidence / "nested.eml").write_bytes(deep_nesting())
    (evidence / "header.eml").write_bytes(huge_header())
    recipients = ";".join(f"+4477009{n:05d}" for n in range(10_005))
    (evidence / "sms.csv").write_text(
        "id,channel,sent_at,from,to,body\n"
        f'm1,sms,2026-11-17T10:00:00,+447700900456,"{recipients}",Trip letter\n',
        encoding="utf-8",
    )
    out = tmp_path / "findings.jsonl"
    result = scan(school, evidence, out=out, timeout=240)
    assert_clean(result)
    unchecked = {
        f["evidence"]["source"]: f
        for f in findings(out)
        if f["rule"] == "evidence.not-fully-checked"
    }
    expected = {"parts.eml", "long.eml", "nested.eml", "header.eml", "sms.csv"}
    assert set(unchecked) == expected, [f["rule"] for f in findings(out)]
    parts = unchecked["parts.eml"]
    assert parts["level"] == "amber"
    assert "more than 5000 MIME parts" in parts["summary"]
    assert any("were not checked" in line for line in parts["why"])
    assert "5,000,000 characters" in unchecked["long.eml"]["summary"]
    assert "nested more than 10 deep" in unchecked["nested.eml"]["summary"]
    assert "header block is longer than 262144 bytes" in unchecked["header.eml"]["summary"]
    assert "5 recipients beyond the first 10000" in unchecked["sms.csv"]["summary"]
    # The risk words past the bound were not read: the finding is what shows the lead.
    assert not [f for f in findings(out) if f["rule"] == "contact.personal-message"]
