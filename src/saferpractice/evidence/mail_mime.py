"""Turn the bytes of one mail message into a `MailRecord`, forgivingly, within bounds and in
time linear in its size.

A lean MIME walker instead of `email.message_from_bytes` (measured against it in
`bench/mail_stdlib.py`: see docs/architecture.md for the figures and the decision). It never
copies a part's body while walking: every part is a range of the message's bytes. Multipart
bodies are read in one left-to-right pass that looks for lines starting with "--" and checks
each against the boundaries of all the multiparts open at that point (one dictionary lookup),
so 999 nested multiparts around a 40 MB part cost one pass over 40 MB, not 999. An outer
delimiter closes any inner multiparts left open, as mail clients do. Only the text parts are
decoded (`mail_text` turns them into the body); attachment sizes come from the encoded length;
images alone are decoded, for their EXIF. Every problem becomes a warning on the record; the
walk is bounded in parts, message/rfc822 nesting, header size and body length (`MailLimits`).
"""

from __future__ import annotations

import binascii
import csv
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from saferpractice.evidence.mail_headers import (
    decode_words,
    first,
    head_and_body,
    parse_addresses,
    parse_date,
    parse_headers,
    parse_params,
)
from saferpractice.evidence.mail_text import TextPart, assemble_body, decode_transfer
from saferpractice.evidence.records import Address, Attachment, ImageMeta, MailRecord

ImageReader = Callable[[bytes], tuple[ImageMeta | None, list[str]]]


@dataclass(frozen=True, slots=True)
class MailLimits:
    """Bounds on hostile input; reaching any of them is a warning (or, for size, a skip)."""

    max_message_bytes: int = 50 * 1024 * 1024
    max_parts: int = 5000
    max_nesting: int = 10
    max_body_chars: int = 5_000_000
    max_header_bytes: int = 256 * 1024  # per header block (the message's or a part's)


DEFAULT_LIMITS = MailLimits()

_TEXT_TYPES = ("text/plain", "text/html")
_NESTED_TYPES = ("message/rfc822", "message/global")
_IDENTITY = ("", "7bit", "8bit", "binary")
_RFC822 = "message/rfc822"
MAX_DELIMITER_LINE = 1000  # a boundary is at most 70 characters; allow for padding


@dataclass(slots=True)
class _Entity:
    """A message or MIME part whose header block has been read; its body starts at body_start."""

    headers: dict[str, list[str]]
    ctype: str
    params: dict[str, str]
    cte: str
    name: str
    disposition: str
    body_start: int
    container: int  # which message the part belongs to: 0 itself, else an attached message
    nesting: int  # how many message/rfc822 levels it is inside


@dataclass(slots=True)
class _Open:
    """A multipart being read: its boundary and what its children inherit."""

    entity: _Entity
    boundary: bytes
    child_default: str
    started: bool = False


@dataclass(slots=True)
class _Walk:
    """What the walk over one message's parts collects."""

    warnings: list[str]
    limits: MailLimits
    image_reader: ImageReader | None
    unread: list[str] = field(default_factory=list)  # what a bound left unread
    texts: list[TextPart] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    containers: list[str] = field(default_factory=lambda: [""])
    parts: int = 0
    stopped: bool = False


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
    walk = _Walk(warnings, limits, image_reader)
    headers = _walk_message(raw, 0, len(raw), 0, 0, walk)
    if not headers:
        warnings.append("the message has no headers")
    body = assemble_body(walk.texts, walk.containers, limits.max_body_chars, warnings)
    if any(w.startswith("body longer than") for w in warnings):
        walk.unread.append(
            f"the text is longer than {limits.max_body_chars:,} characters; the rest was not read"
        )

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
        unread=tuple(dict.fromkeys(walk.unread)),
        message_id=message_id,
        sent_at=sent_at,
        sender=sender,
        to=to,
        cc=cc,
        bcc=bcc,
        subject=subject,
        body=body.text,
        quoted=body.quoted,
        attachments=tuple(walk.attachments),
        offset=offset,
        segments=body.segments,
        labels=_labels(headers),
        thread=first(headers, "x-gm-thrid").strip()[:64],
    )


def _labels(headers: dict[str, list[str]]) -> tuple[str, ...]:
    """Gmail's labels (Google Vault and Takeout exports): comma-separated, quotes allowed."""
    value = first(headers, "x-gmail-labels")
    if not value:
        return ()
    try:
        fields = next(csv.reader([value[:20_000]], skipinitialspace=True))
    except (csv.Error, StopIteration):
        fields = value.split(",")
    labels = (item.strip().strip('"').strip() for item in fields)
    return tuple(dict.fromkeys(label[:200] for label in labels if label))[:100]


def _walk_message(
    buf: bytes, start: int, stop: int, container: int, nesting: int, walk: _Walk
) -> dict[str, list[str]]:
    """Walk the message in buf[start:stop]; return its top-level headers."""
    root = _enter(buf, start, stop, "text/plain", container, nesting, walk)
    if root is None:
        return {}
    if not _walk_multipart(buf, root, stop, walk):
        _leaf(buf, root, root.body_start, stop, walk)
    return root.headers


def _enter(
    buf: bytes,
    start: int,
    stop: int,
    default_type: str,
    container: int,
    nesting: int,
    walk: _Walk,
) -> _Entity | None:
    """Read the header block of the entity at `start`; None once the parts bound is reached."""
    walk.parts += 1
    if walk.parts > walk.limits.max_parts:
        if not walk.stopped:
            unread = (
                f"more than {walk.limits.max_parts} MIME parts; the remaining parts were not read"
            )
            walk.warnings.append(unread)
            walk.unread.append(unread)
        walk.stopped = True
        return None
    warnings = walk.warnings
    bound = walk.limits.max_header_bytes
    head_end, body_start, too_long = head_and_body(buf, start, stop, bound)
    if too_long:
        unread = (
            f"a header block is longer than {bound} bytes; only its first {bound} bytes were read"
        )
        warnings.append(unread)
        walk.unread.append(unread)
    headers, stray = parse_headers(buf[start:head_end], warnings)
    if stray is not None:
        body_start = start + stray
    ctype, params = _content_type(headers, default_type, warnings)
    cte = first(headers, "content-transfer-encoding").strip().lower()
    disposition_value = first(headers, "content-disposition")
    disposition, dparams = (
        parse_params(disposition_value, warnings) if disposition_value else ("", {})
    )
    name = dparams.get("filename") or params.get("name") or ""
    return _Entity(headers, ctype, params, cte, name, disposition, body_start, container, nesting)


def _content_type(
    headers: dict[str, list[str]], default_type: str, warnings: list[str]
) -> tuple[str, dict[str, str]]:
    value = first(headers, "content-type")
    if not value:
        return default_type, {}
    ctype, params = parse_params(value, warnings)
    if ctype.count("/") != 1 or " " in ctype:
        warnings.append(f"malformed Content-Type {value[:80]!r}; read as text/plain")
        return "text/plain", params
    return ctype, params


def _boundary_of(entity: _Entity, warnings: list[str]) -> bytes | None:
    if not entity.ctype.startswith("multipart/"):
        return None
    boundary = entity.params.get("boundary", "")
    if not boundary:
        warnings.append(f"{entity.ctype} has no boundary; read as text")
        entity.ctype = "text/plain"
        return None
    return boundary.encode("utf-8", "replace")


def _walk_multipart(buf: bytes, root: _Entity, stop: int, walk: _Walk) -> bool:
    """Read a multipart entity and everything nested in it in one pass; False if not one."""
    boundary = _boundary_of(root, walk.warnings)
    if boundary is None:
        return False
    stack: list[_Open] = []
    levels: dict[bytes, list[int]] = {}
    _push(stack, levels, root, boundary)
    pending: _Entity | None = None  # a leaf part whose end is not known yet
    pos = root.body_start
    while stack and not walk.stopped:
        hit = _next_delimiter(buf, pos, stop, levels)
        if hit is None:
            break
        line_start, next_line, level, close = hit
        if pending is not None:
            _leaf(buf, pending, pending.body_start, _end_before(buf, line_start, pending), walk)
            pending = None
        while len(stack) - 1 > level:  # an outer delimiter closes the inner multiparts
            _pop(buf, stack, levels, line_start, walk, closed=False)
        if close:
            _pop(buf, stack, levels, line_start, walk, closed=True)
            pos = next_line
            continue
        parent = stack[level]
        parent.started = True
        child = _enter(
            buf,
            next_line,
            stop,
            parent.child_default,
            parent.entity.container,
            parent.entity.nesting,
            walk,
        )
        if child is None:
            break
        inner = _boundary_of(child, walk.warnings)
        if inner is not None:
            _push(stack, levels, child, inner)
        else:
            pending = child
        pos = child.body_start
    if pending is not None and not _blank_tail(buf, pending, stop):
        _leaf(buf, pending, pending.body_start, stop, walk)
    while stack:
        _pop(buf, stack, levels, stop, walk, closed=False)
    return True


def _push(stack: list[_Open], levels: dict[bytes, list[int]], entity: _Entity, b: bytes) -> None:
    default = "message/rfc822" if entity.ctype == "multipart/digest" else "text/plain"
    levels.setdefault(b, []).append(len(stack))
    stack.append(_Open(entity, b, default))


def _pop(
    buf: bytes,
    stack: list[_Open],
    levels: dict[bytes, list[int]],
    end: int,
    walk: _Walk,
    *,
    closed: bool,
) -> None:
    done = stack.pop()
    levels[done.boundary].pop()
    if not levels[done.boundary]:
        del levels[done.boundary]
    ctype = done.entity.ctype
    if not done.started:
        if not walk.stopped:
            shown = done.boundary[:70].decode("utf-8", "replace")
            walk.warnings.append(f"{ctype} boundary {shown!r} never occurs; read as text")
            done.entity.ctype = "text/plain"
            _leaf(buf, done.entity, done.entity.body_start, end, walk)
    elif not closed and not walk.stopped:
        walk.warnings.append(f"{ctype} has no closing boundary")


def _next_delimiter(
    buf: bytes, pos: int, stop: int, levels: dict[bytes, list[int]]
) -> tuple[int, int, int, bool] | None:
    """The next line in buf[pos:stop] that opens or closes an open multipart's part.

    Returns (line start, next line start, stack level, is a close delimiter), or None.
    """
    at = pos
    while True:
        if at == pos and (at == 0 or buf[at - 1] == 0x0A) and buf.startswith(b"--", at):
            line = at
        else:
            found = buf.find(b"\n--", at, stop)
            if found < 0:
                return None
            line = found + 1
        limit = min(stop, line + MAX_DELIMITER_LINE)
        line_end = buf.find(b"\n", line + 2, limit)
        if line_end < 0:
            if limit < stop:  # too long to be a delimiter line
                at = line + 2
                continue
            line_end, next_line = stop, stop
        else:
            next_line = line_end + 1
        token = buf[line + 2 : line_end].rstrip(b" \t\r")
        if token.endswith(b"--") and token[:-2] in levels:
            return line, next_line, levels[token[:-2]][-1], True
        if token in levels:
            return line, next_line, levels[token][-1], False
        at = line + 2


def _end_before(buf: bytes, line_start: int, part: _Entity) -> int:
    """Where a part ends: before the line break that precedes the next delimiter line."""
    end = line_start - 1 if line_start > part.body_start else part.body_start
    if end > part.body_start and buf[end - 1] == 0x0D:
        end -= 1
    return max(end, part.body_start)


def _blank_tail(buf: bytes, part: _Entity, stop: int) -> bool:
    """An empty last part after an unclosed final delimiter (`--b` where `--b--` belongs)."""
    return not part.headers and not buf[part.body_start : stop].strip()


def _leaf(buf: bytes, part: _Entity, start: int, stop: int, walk: _Walk) -> None:
    ctype = part.ctype
    if ctype in _NESTED_TYPES:
        _nested(buf, part, start, stop, walk)
    elif ctype in _TEXT_TYPES and part.disposition != "attachment" and not part.name:
        walk.texts.append(
            TextPart(
                ctype == "text/html",
                buf[start:stop],
                part.params.get("charset", ""),
                part.cte,
                part.container,
            )
        )
    else:
        walk.attachments.append(_attachment(buf, start, stop, part, walk))


def _nested(buf: bytes, part: _Entity, start: int, stop: int, walk: _Walk) -> None:
    """An attached message: listed as an attachment, and its text read as its own segment."""
    if part.cte in _IDENTITY:
        data, first_byte, end = buf, start, stop
    else:
        data = decode_transfer(buf[start:stop], part.cte, walk.warnings)
        first_byte, end = 0, len(data)
    size = end - first_byte
    if part.nesting + 1 > walk.limits.max_nesting:
        unread = (
            f"message/rfc822 nested more than {walk.limits.max_nesting} deep; the inner parts "
            "were not read"
        )
        walk.warnings.append(unread)
        walk.unread.append(unread)
        head_end, _, _ = head_and_body(data, first_byte, end, walk.limits.max_header_bytes)
        headers, _ = parse_headers(data[first_byte:head_end], walk.warnings)
        walk.attachments.append(Attachment(_message_name(part, headers, walk), _RFC822, size))
        return
    index = len(walk.attachments)
    walk.attachments.append(Attachment(part.name, _RFC822, size))
    container = len(walk.containers)
    walk.containers.append("an attached message")
    headers = _walk_message(data, first_byte, end, container, part.nesting + 1, walk)
    subject = decode_words(first(headers, "subject"), walk.warnings)
    if subject:
        walk.containers[container] = f"the attached message {subject[:80]!r}"
    walk.attachments[index] = Attachment(_message_name(part, headers, walk), _RFC822, size)


def _message_name(part: _Entity, headers: dict[str, list[str]], walk: _Walk) -> str:
    if part.name:
        return part.name
    subject = decode_words(first(headers, "subject"), walk.warnings)
    return f"{subject or 'message'}.eml"


def _attachment(buf: bytes, start: int, stop: int, part: _Entity, walk: _Walk) -> Attachment:
    name, ctype, cte = part.name, part.ctype, part.cte
    if ctype.startswith("image/") and walk.image_reader is not None:
        data = decode_transfer(buf[start:stop], cte, walk.warnings)
        try:
            meta, problems = walk.image_reader(data)
        except Exception as error:  # one bad image must not lose the message
            meta, problems = None, [f"{type(error).__name__}: {error}"]
        walk.warnings.extend(f"attachment {name or ctype}: {problem}" for problem in problems)
        return Attachment(name, ctype, len(data), meta)
    return Attachment(name, ctype, estimated_size(buf, start, stop, cte))


def estimated_size(buf: bytes, start: int, stop: int, cte: str) -> int:
    """The decoded size of buf[start:stop], computed without decoding base64."""
    if cte == "base64":
        spaces = sum(buf.count(c, start, stop) for c in (b"\n", b"\r", b" ", b"\t"))
        tail = buf[max(start, stop - 256) : stop].rstrip()[-2:]
        return max(0, (stop - start - spaces) * 3 // 4 - tail.count(b"="))
    if cte == "quoted-printable":
        return len(binascii.a2b_qp(buf[start:stop]))
    return stop - start
