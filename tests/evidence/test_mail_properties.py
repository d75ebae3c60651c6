"""Property tests: hostile bytes never crash the mail readers and every message is accounted
for; generated messages round-trip through an mbox with subject, addresses and body intact."""

from __future__ import annotations

import io
import re
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import formataddr
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saferpractice.evidence.mail import read_eml, read_mbox
from saferpractice.evidence.mail_html import html_to_text
from saferpractice.evidence.mail_quote import find_quoted
from saferpractice.evidence.mbox_split import split_mbox
from saferpractice.evidence.report import ReadReport

PIECES = st.sampled_from(
    [
        b"From ",
        b"\n",
        b"\r\n",
        b"From a@b Mon Jan  1 00:00:00 2024\n",
        b"From - Mon Jan  1 00:00:00 2024\n",
        b"From andy at example.com\n",
        b"From the office, a note\n",
        b"X-GM-THRID: 1\n",
        b"\xef\xbb\xbf",
        b">From ",
        b"Subject: =?utf-8?b?w6k=?=\n",
        b"Content-Type: multipart/mixed; boundary=B\n",
        b"Content-Type: message/rfc822\n",
        b"Content-Transfer-Encoding: base64\n",
        b"--B\n",
        b"--B--\n",
        b"Date: Mon, 1 Jan 2024 10:00 +0100\n",
        b"From: =?x-unknown?q?=FF?= <A@B.C>\n",
        b"<html><p>hi</p><blockquote>q</blockquote>",
        b"\xff\xfe\x00",
    ]
)
HOSTILE = st.lists(st.one_of(PIECES, st.binary(max_size=40)), max_size=40).map(b"".join)


# An independent, line-by-line statement of the separator rule in mbox_split.
_REFERENCE_FROM = re.compile(rb"From [^ \t\r\n]+(?:[ \t]*|[ \t].*\d:\d\d.*)")
_REFERENCE_HEADER = re.compile(rb"[!-9;-~]{1,200}[ \t]*:")


def expected_items(data: bytes) -> int:
    """Separator lines plus one for non-blank stray leading bytes (after a byte-order mark)."""
    lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    separators = [
        index
        for index, line in enumerate(lines[:-1])
        if len(line) < 1000
        and _REFERENCE_FROM.fullmatch(line.removesuffix(b"\r"))
        and _REFERENCE_HEADER.match(lines[index + 1])
    ]
    preamble = b"\n".join(lines[: separators[0]] if separators else lines)
    return len(separators) + (1 if preamble.strip() else 0)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE)
def test_arbitrary_bytes_never_raise_and_every_message_is_counted(data: bytes) -> None:
    with TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "x.mbox").write_bytes(data)
        report = ReadReport()
        records = list(read_mbox(root / "x.mbox", report, root))
        stats = report.stats.get("x.mbox")
        counted = 0 if stats is None else stats.read + stats.skipped
        assert counted == expected_items(data)
        assert len(records) == (0 if stats is None else stats.read)
        for record in records:
            assert data[record.offset :].startswith(b"From ")
            assert record.sent_at is None or record.sent_at.tzinfo is not None

        (root / "x.eml").write_bytes(data)
        eml_report = ReadReport()
        assert len(list(read_eml(root / "x.eml", eml_report, root))) == 1


@settings(max_examples=200, deadline=None)
@given(HOSTILE, st.integers(min_value=1, max_value=16))
def test_chunk_size_never_changes_the_split(data: bytes, chunk: int) -> None:
    whole = list(split_mbox(io.BytesIO(data), 1 << 20))
    pieces = list(split_mbox(io.BytesIO(data), 1 << 20, chunk_bytes=chunk))
    assert pieces == whole


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_html_and_quote_finders_never_raise(text: str) -> None:
    converted = html_to_text(text)
    assert "<script" not in converted.lower() or "<script" in text.lower()
    for span in find_quoted(converted):
        assert 0 <= span.start < span.end <= len(converted)


LETTERS = st.characters(whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" -'éöçłСяü")
WORDS = st.text(LETTERS, min_size=1, max_size=40).filter(lambda s: s.strip() != "")
LOCAL = st.from_regex(r"[A-Za-z0-9]{1,10}(\.[a-z0-9]{1,5})?", fullmatch=True)
DOMAIN = st.from_regex(r"[a-z]{1,10}\.(sch\.uk|com|org)", fullmatch=True)
ADDRESS = st.tuples(st.one_of(st.just(""), WORDS), LOCAL, DOMAIN)
BODY_CHARS = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\x85"
)
BODY_LINE = st.text(BODY_CHARS, max_size=60)
BODY = st.lists(BODY_LINE, min_size=1, max_size=12).map("\n".join)


# The stdlib's header folding can encode the comma between two addresses as an encoded word,
# which makes an invalid list; write unfolded headers so the test exercises our reader.
UNFOLDED = default_policy.clone(max_line_length=10_000)


def _collapse(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(WORDS, ADDRESS, st.lists(ADDRESS, min_size=1, max_size=3), BODY),
        min_size=1,
        max_size=4,
    )
)
def test_generated_messages_round_trip_through_an_mbox(
    messages: list[tuple[str, tuple[str, str, str], list[tuple[str, str, str]], str]],
) -> None:
    out = io.BytesIO()
    for number, (subject, sender, recipients, body) in enumerate(messages):
        message = EmailMessage(policy=UNFOLDED)
        message["Subject"] = subject
        message["From"] = formataddr((sender[0], f"{sender[1]}@{sender[2]}"))
        message["To"] = ", ".join(formataddr((n, f"{lp}@{d}")) for n, lp, d in recipients)
        message["Message-ID"] = f"<{number}@round.trip>"
        message["Date"] = "Mon, 04 Mar 2024 09:00:00 +0000"
        message.set_content(body)
        data = re.sub(rb"(?m)^(>*From )", rb">\1", bytes(message))  # mboxrd quoting
        out.write(b"From x@y Mon Mar  4 09:00:00 2024\n" + data + b"\n")
    with TemporaryDirectory() as folder:
        path = Path(folder) / "r.mbox"
        path.write_bytes(out.getvalue())
        report = ReadReport()
        records = list(read_mbox(path, report, Path(folder)))
    assert len(records) == len(messages)
    for record, (subject, sender, recipients, body) in zip(records, messages, strict=True):
        assert record.subject == _collapse(subject)
        assert record.sender is not None
        assert record.sender.email == f"{sender[1]}@{sender[2]}".casefold()
        assert record.sender.name == _collapse(sender[0])
        assert [(a.name, a.email) for a in record.to] == [
            (_collapse(n), f"{lp}@{d}".casefold()) for n, lp, d in recipients
        ]
        assert record.body == body.strip("\n")
