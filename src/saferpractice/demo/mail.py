"""Mail for the demo: messages rendered by hand into mbox bytes, deterministically.

The standard library's `mailbox` writes the current time into "From " lines, so messages
are assembled here: RFC 5322 headers (non-ASCII names encoded), text/plain, HTML
alternatives, quoted replies and base64 attachments, with boundaries derived from the
Message-ID rather than from random state.
"""

from __future__ import annotations

import base64
import hashlib
import html
import quopri
import textwrap
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.header import Header
from email.utils import format_datetime, formataddr
from typing import BinaryIO

Party = tuple[str, str]  # (display name, address)


@dataclass(slots=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(slots=True)
class Mail:
    message_id: str  # without angle brackets (how the reader and the truth cite it)
    sent_at: datetime
    sender: Party
    to: list[Party]
    subject: str
    text: str
    cc: list[Party] = field(default_factory=list)
    html_body: bool = False  # also send an HTML alternative
    html_only: bool = False  # newsletters: HTML and nothing else
    quoted: str = ""  # the earlier message, quoted below the new text
    quoted_from: str = ""  # its author's name (no address, so no detail hides there)
    quoted_at: datetime | None = None
    in_reply_to: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    mailer: str = ""


def _address(party: Party) -> str:
    name, address = party
    if not name:
        return address
    return formataddr((name, address), charset="utf-8")


def _header_text(value: str) -> str:
    return value if value.isascii() else Header(value, "utf-8").encode()


def _attribution(mail: Mail) -> str:
    when = mail.quoted_at or mail.sent_at
    stamp = (
        f"{when.strftime('%a')}, {when.day} {when.strftime('%b %Y')} at {when.strftime('%H:%M')}"
    )
    return f"On {stamp}, {mail.quoted_from} wrote:"


def _plain(mail: Mail) -> str:
    body = mail.text.rstrip("\n") + "\n"
    if mail.quoted:
        quoted = "\n".join(
            f"> {line}" if line else ">" for line in mail.quoted.rstrip("\n").split("\n")
        )
        body += f"\n{_attribution(mail)}\n{quoted}\n"
    return body


def _html(mail: Mail) -> str:
    paragraphs = "".join(
        f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>"
        for part in mail.text.strip("\n").split("\n\n")
    )
    quote = ""
    if mail.quoted:
        inner = "".join(
            f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>"
            for part in mail.quoted.strip("\n").split("\n\n")
        )
        quote = (
            f'<div class="gmail_quote"><div>{html.escape(_attribution(mail))}</div>'
            f'<blockquote style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">'
            f"{inner}</blockquote></div>"
        )
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>'
        '<body style="font-family:Arial,sans-serif;font-size:14px">'
        f"{paragraphs}{quote}</body></html>\n"
    )


def _text_part(content_type: str, text: str) -> list[str]:
    if text.isascii() and all(len(line) < 900 for line in text.split("\n")):
        return [
            f"Content-Type: {content_type}; charset=us-ascii",
            "Content-Transfer-Encoding: 7bit",
            "",
            text,
        ]
    encoded = quopri.encodestring(text.encode("utf-8")).decode("ascii")
    return [
        f'Content-Type: {content_type}; charset="utf-8"',
        "Content-Transfer-Encoding: quoted-printable",
        "",
        encoded,
    ]


def _boundary(mail: Mail, level: int) -> str:
    digest = hashlib.blake2b(f"{mail.message_id}:{level}".encode(), digest_size=8).hexdigest()
    return f"----=_Part_{level}_{digest}"


def _body_lines(mail: Mail) -> list[str]:
    plain = _plain(mail)
    if mail.html_only:
        body = _text_part("text/html", _html(mail))
    elif mail.html_body:
        boundary = _boundary(mail, 1)
        body = [f'Content-Type: multipart/alternative; boundary="{boundary}"', "", ""]
        body += [f"--{boundary}", *_text_part("text/plain", plain)]
        body += [f"--{boundary}", *_text_part("text/html", _html(mail))]
        body += [f"--{boundary}--", ""]
    else:
        body = _text_part("text/plain", plain)
    if not mail.attachments:
        return body
    boundary = _boundary(mail, 0)
    lines = [
        f'Content-Type: multipart/mixed; boundary="{boundary}"',
        "",
        "This is a multi-part message in MIME format.",
        "",
    ]
    lines += [f"--{boundary}", *body]
    for attachment in mail.attachments:
        data = base64.b64encode(attachment.data).decode("ascii")
        lines += [
            f"--{boundary}",
            f'Content-Type: {attachment.content_type}; name="{attachment.filename}"',
            f'Content-Disposition: attachment; filename="{attachment.filename}"',
            "Content-Transfer-Encoding: base64",
            "",
            *textwrap.wrap(data, 76),
        ]
    lines += [f"--{boundary}--", ""]
    return lines


def render(mail: Mail) -> bytes:
    """One message as mbox bytes: the "From " line, headers, body, a blank line."""
    utc = mail.sent_at.astimezone(UTC)
    envelope = (
        f"From {mail.sender[1]} {utc.strftime('%a %b')} {utc.day:2d} {utc.strftime('%H:%M:%S %Y')}"
    )
    headers = [
        envelope,
        f"From: {_address(mail.sender)}",
        f"To: {', '.join(_address(p) for p in mail.to)}",
    ]
    if mail.cc:
        headers.append(f"Cc: {', '.join(_address(p) for p in mail.cc)}")
    headers += [
        f"Subject: {_header_text(mail.subject)}",
        f"Date: {format_datetime(mail.sent_at)}",
        f"Message-ID: <{mail.message_id}>",
    ]
    if mail.in_reply_to:
        headers += [f"In-Reply-To: <{mail.in_reply_to}>", f"References: <{mail.in_reply_to}>"]
    if mail.mailer:
        headers.append(f"X-Mailer: {mail.mailer}")
    headers.append("MIME-Version: 1.0")
    lines = headers[1:] + _body_lines(mail)
    text = envelope + "\n" + "\n".join(_escape_from(line) for line in lines)
    return (text.rstrip("\n") + "\n\n").encode("utf-8")


def _escape_from(line: str) -> str:
    """mboxrd quoting: a line starting "From " (after any ">") gains one more ">"."""
    return ">" + line if line.lstrip(">").startswith("From ") else line


class MboxWriter:
    """Appends rendered messages to an open binary file; counts what it wrote."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.count = 0

    def write(self, mail: Mail) -> None:
        self.handle.write(render(mail))
        self.count += 1
