"""Turn the bytes of one mail message into a `MailRecord`, forgivingly and within bounds.

A lean MIME walker instead of `email.message_from_bytes`: headers are split and unfolded
once, multipart bodies are cut at their boundary lines with `bytes.find`, and only the text
parts chosen for the body are decoded (text/plain preferred, else HTML converted). Attachment
sizes are estimated from the base64 length without decoding; images alone are decoded, for
their EXIF. Every problem becomes a warning on the record; the walk is bounded in parts,
message/rfc822 nesting and body length (`MailLimits`).
"""

from __future__ import annotations

import binascii
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from saferpractice.evidence.mail_headers import (
    decode_text,
    decode_words,
    first,
    parse_addresses,
    parse_date,
    parse_headers,
    parse_params,
    split_head_body,
)
from saferpractice.evidence.mail_html import html_to_text
from saferpractice.evidence.mail_quote import find_quoted
from saferpractice.evidence.records import Address, Attachment, ImageMeta, MailRecord

ImageReader = Callable[[bytes], tuple[ImageMeta | None, list[str]]]


@dataclass(frozen=True, slots=True)
class MailLimits:
    """Bounds on hostile input; reaching any of them is a warning (or, for size, a skip)."""

    max_message_bytes: int = 50 * 1024 * 1024
    max_parts: int = 1000
    max_nesting: int = 10
    max_body_chars: int = 5_000_000


DEFAULT_LIMITS = MailLimits()

_TEXT_TYPES = ("text/plain", "text/html")
_NESTED_TYPES = ("message/rfc822", "message/global")
_B64_JUNK = re.compile(rb"[^A-Za-z0-9+/]")


@dataclass(slots=True)
class _Part:
    headers: dict[str, list[str]]
    body: bytes
    default_type: str = "text/plain"
    nesting: int = 0  # how many message/rfc822 levels this part is inside


@dataclass(slots=True)
class _Walk:
    """What the walk over one message's parts collects."""

    warnings: list[str]
    plain: list[tuple[bytes, str, str]] = field(default_factory=list)  # body, charset, cte
    html: list[tuple[bytes, str, str]] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    parts: int = 0


def parse_message(
    raw: bytes,
    *,
    source: str,
    offset: int,
    from_line: bytes = b"",
    limits: MailLimits = DEFAULT_LIMITS,
    image_reader: ImageReader | None = None,
) -> MailRecord:
    """Parse one message; never raises on bad content, records warnings instead."""
    warnings: list[str] = []
    head, body = split_head_body(raw)
    headers, spilled = parse_headers(head, warnings)
    if spilled:
        body = spilled + b"\n\n" + body if body else spilled
    if not headers:
        warnings.append("the message has no headers")

    walk = _Walk(warnings)
    _walk_parts(_Part(headers, body), walk, limits, image_reader)
    text = _body_text(walk, limits)

    message_id = first(headers, "message-id").strip().strip("<>").strip()
    if not message_id:
        digest = hashlib.sha256(f"{source}\0{offset}\0".encode() + raw).hexdigest()[:32]
        message_id = f"synthetic-{digest}@saferpractice.invalid"
        warnings.append(f"no Message-ID; synthesised {message_id}")

    sent_at = parse_date(first(headers, "date"), warnings)
    if sent_at is None and from_line:
        parts = from_line.decode("latin-1").split(None, 2)
        if len(parts) == 3:
            sent_at = parse_date(parts[2], warnings, "the mbox From line date")
    if sent_at is None:
        warnings.append("no usable date in the Date header or the From line")

    senders = parse_addresses(headers.get("from", []), warnings)
    if not senders:
        senders = parse_addresses(headers.get("sender", []), warnings)
        if not senders:
            warnings.append("no sender address")
    sender: Address | None = senders[0] if senders else None
    to = parse_addresses(headers.get("to", []), warnings)
    cc = parse_addresses(headers.get("cc", []), warnings)
    bcc = parse_addresses(headers.get("bcc", []), warnings)
    subject = decode_words(first(headers, "subject"), warnings)

    return MailRecord(
        source=source,
        locator=f"offset {offset}",
        warnings=tuple(dict.fromkeys(warnings)),
        message_id=message_id,
        sent_at=sent_at,
        sender=sender,
        to=to,
        cc=cc,
        bcc=bcc,
        subject=subject,
        body=text,
        quoted=find_quoted(text),
        attachments=tuple(walk.attachments),
        offset=offset,
    )


def _walk_parts(
    root: _Part, walk: _Walk, limits: MailLimits, image_reader: ImageReader | None
) -> None:
    """Depth-first, in document order, with an explicit stack (no recursion to exhaust)."""
    stack = [root]
    while stack:
        part = stack.pop()
        walk.parts += 1
        if walk.parts > limits.max_parts:
            walk.warnings.append(
                f"more than {limits.max_parts} MIME parts; the remaining parts were not read"
            )
            return
        children = _visit(part, walk, limits, image_reader)
        stack.extend(reversed(children))


def _visit(
    part: _Part, walk: _Walk, limits: MailLimits, image_reader: ImageReader | None
) -> list[_Part]:
    warnings = walk.warnings
    ctype, params = _content_type(part, warnings)
    cte = first(part.headers, "content-transfer-encoding").strip().lower()
    disposition_value = first(part.headers, "content-disposition")
    disposition, dparams = (
        parse_params(disposition_value, warnings) if disposition_value else ("", {})
    )
    name = dparams.get("filename") or params.get("name") or ""

    if ctype.startswith("multipart/"):
        children = _split_children(part, ctype, params, walk, limits)
        if children is not None:
            return children
        ctype = "text/plain"  # a multipart with no usable boundary: read it as text

    if ctype in _NESTED_TYPES:
        return _nested(part, cte, name, walk, limits)

    if ctype in _TEXT_TYPES and disposition != "attachment" and not name:
        if part.nesting == 0:
            target = walk.plain if ctype == "text/plain" else walk.html
            target.append((part.body, params.get("charset", ""), cte))
        return []

    walk.attachments.append(_attachment(part.body, ctype, cte, name, warnings, image_reader))
    return []


def _content_type(part: _Part, warnings: list[str]) -> tuple[str, dict[str, str]]:
    value = first(part.headers, "content-type")
    if not value:
        return part.default_type, {}
    ctype, params = parse_params(value, warnings)
    if ctype.count("/") != 1 or " " in ctype:
        warnings.append(f"malformed Content-Type {value[:80]!r}; read as text/plain")
        return "text/plain", params
    return ctype, params


def _split_children(
    part: _Part, ctype: str, params: dict[str, str], walk: _Walk, limits: MailLimits
) -> list[_Part] | None:
    boundary = params.get("boundary", "")
    if not boundary:
        walk.warnings.append(f"{ctype} has no boundary; read as text")
        return None
    budget = max(1, limits.max_parts - walk.parts + 1)
    bodies, closed = split_multipart(part.body, boundary.encode("utf-8", "replace"), budget)
    if not bodies:
        walk.warnings.append(f"{ctype} boundary {boundary[:70]!r} never occurs; read as text")
        return None
    if not closed and len(bodies) < budget:
        walk.warnings.append(f"{ctype} has no closing boundary")
    default = "message/rfc822" if ctype == "multipart/digest" else "text/plain"
    children: list[_Part] = []
    for body in bodies:
        head, rest = split_head_body(body)
        headers, spilled = parse_headers(head, walk.warnings)
        if spilled:
            rest = spilled + b"\n\n" + rest if rest else spilled
        children.append(_Part(headers, rest, default, part.nesting))
    return children


def split_multipart(body: bytes, boundary: bytes, limit: int) -> tuple[list[bytes], bool]:
    """Cut a multipart body at its delimiter lines; return (part bodies, closed properly).

    Stops after `limit` parts. A delimiter must start a line and be followed only by "--"
    (the close) and whitespace, so a longer boundary that starts with this one never matches.
    """
    delimiter = b"--" + boundary
    parts: list[bytes] = []
    start: int | None = None
    pos = 0
    while True:
        found = body.find(delimiter, pos)
        if found < 0:
            break
        after = found + len(delimiter)
        if found > 0 and body[found - 1] != 0x0A:
            pos = after
            continue
        line_end = body.find(b"\n", after)
        if line_end < 0:
            line_end = len(body)
        tail = body[after:line_end].rstrip(b" \t\r")
        if tail not in (b"", b"--"):
            pos = after
            continue
        if start is not None:
            end = max(start, found - 1)
            if end > start and body[end - 1] == 0x0D:
                end -= 1
            parts.append(body[start:end])
            if len(parts) >= limit:
                return parts, False
        if tail == b"--":
            return parts, True
        start = pos = line_end + 1
    if start is not None:
        parts.append(body[start:])
    return parts, False


def _nested(part: _Part, cte: str, name: str, walk: _Walk, limits: MailLimits) -> list[_Part]:
    data = decode_transfer(part.body, cte, walk.warnings)
    head, rest = split_head_body(data)
    headers, spilled = parse_headers(head, walk.warnings)
    if spilled:
        rest = spilled + b"\n\n" + rest if rest else spilled
    if not name:
        subject = decode_words(first(headers, "subject"), walk.warnings)
        name = f"{subject or 'message'}.eml"
    walk.attachments.append(Attachment(name, "message/rfc822", len(data)))
    if part.nesting + 1 > limits.max_nesting:
        walk.warnings.append(
            f"message/rfc822 nested more than {limits.max_nesting} deep; the inner parts "
            "were not read"
        )
        return []
    # Attachments inside a forwarded message are listed; its text is not the sender's body.
    return [_Part(headers, rest, "text/plain", part.nesting + 1)]


def _attachment(
    body: bytes,
    ctype: str,
    cte: str,
    name: str,
    warnings: list[str],
    image_reader: ImageReader | None,
) -> Attachment:
    if ctype.startswith("image/") and image_reader is not None:
        data = decode_transfer(body, cte, warnings)
        try:
            meta, problems = image_reader(data)
        except Exception as error:  # one bad image must not lose the message
            meta, problems = None, [f"{type(error).__name__}: {error}"]
        warnings.extend(f"attachment {name or ctype}: {problem}" for problem in problems)
        return Attachment(name, ctype, len(data), meta)
    return Attachment(name, ctype, estimated_size(body, cte))


def estimated_size(body: bytes, cte: str) -> int:
    """The decoded size of a part, computed from its length without decoding base64."""
    if cte == "base64":
        length = len(body) - sum(body.count(c) for c in (b"\n", b"\r", b" ", b"\t"))
        tail = body.rstrip()[-2:]
        return max(0, length * 3 // 4 - tail.count(b"="))
    if cte == "quoted-printable":
        return len(binascii.a2b_qp(body))
    return len(body)


def decode_transfer(body: bytes, cte: str, warnings: list[str]) -> bytes:
    """Undo the Content-Transfer-Encoding, forgiving damaged base64."""
    if cte in ("", "7bit", "8bit", "binary"):
        return body
    if cte == "base64":
        try:
            return binascii.a2b_base64(body)
        except binascii.Error:
            clean = _B64_JUNK.sub(b"", body)
            clean = clean[: len(clean) - 1] if len(clean) % 4 == 1 else clean
            warnings.append("damaged base64; decoded what could be read")
            return binascii.a2b_base64(clean + b"=" * (-len(clean) % 4))
    if cte == "quoted-printable":
        return binascii.a2b_qp(body)
    warnings.append(f"unknown Content-Transfer-Encoding {cte[:40]!r}; read as is")
    return body


def _body_text(walk: _Walk, limits: MailLimits) -> str:
    chosen = walk.plain or walk.html
    texts: list[str] = []
    for body, charset, cte in chosen:
        data = decode_transfer(body, cte, walk.warnings)
        text = decode_text(data, charset, walk.warnings, "the body")
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if chosen is walk.html:
            # Markup is several times the text it holds; cap it so conversion stays bounded.
            text = html_to_text(text[: limits.max_body_chars * 4])
        texts.append(text.strip("\n"))
    text = "\n\n".join(texts)
    if len(text) > limits.max_body_chars:
        walk.warnings.append(f"body longer than {limits.max_body_chars} characters; truncated")
        text = text[: limits.max_body_chars]
    return text
