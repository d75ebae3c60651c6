"""Read Outlook `.msg` files (one saved message each) with `extract-msg`.

`looks_like_msg(head)` recognises the OLE compound file that holds MAPI property streams
(`__substg1.0_…`, `__properties_version1.0`), so that Word and Excel files, which share the
OLE signature, are not taken for mail. `read_msg(path, report, root)` yields one record, or
counts the file as skipped with a reason: not mail (a contact, a calendar item, a note),
too large, or unreadable. Mapping to records is `mail_mapi.outlook_record`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from saferpractice.diagnostics import Diagnostic
from saferpractice.evidence.attached_images import attachment_meta, image_records, is_image
from saferpractice.evidence.mail import source_name
from saferpractice.evidence.mail_mapi import (
    OutlookItem,
    every_attachment,
    outlook_record,
    skip_reason,
)
from saferpractice.evidence.mail_mime import DEFAULT_LIMITS, MailLimits
from saferpractice.evidence.records import Attachment, ImageRecord, MailRecord, MessageRecord
from saferpractice.evidence.report import ReadReport

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAPI_NAMES = ("__substg1.0_".encode("utf-16-le"), "__properties_version1.0".encode("utf-16-le"))
MAX_ATTACHED_DEPTH = 10
_KINDS = {1: "to", 2: "cc", 3: "bcc"}


def looks_like_msg(head: bytes) -> bool:
    """An OLE compound file whose directory (in the first bytes) names MAPI streams."""
    return head.startswith(OLE_MAGIC) and any(name in head for name in _MAPI_NAMES)


def read_msg(
    path: Path, report: ReadReport, root: Path, *, limits: MailLimits = DEFAULT_LIMITS
) -> Iterator[MailRecord | MessageRecord | ImageRecord]:
    source = source_name(path, root)
    try:
        size = path.stat().st_size
    except OSError as error:
        report.skip(Diagnostic(source, f"cannot read the message: {error.strerror or error}"))
        return
    if size > limits.max_message_bytes:
        report.skip(
            Diagnostic(
                source,
                f"Outlook message of {size} bytes is larger than the bound of "
                f"{limits.max_message_bytes} bytes; skipped",
            )
        )
        return
    item = _open(path, source, report)
    if item is None:
        return
    reason = skip_reason(item, "")
    if reason is not None:
        report.skip(Diagnostic(source, f"skipped: {reason}"))
        return
    record = outlook_record(item, source=source, locator="message")
    for warning in record.warnings:
        report.warn(Diagnostic(source, warning))
    report.count_read(source, len(record.warnings))
    yield record
    yield from image_records(record, every_attachment(item), report)


def _open(path: Path, source: str, report: ReadReport) -> OutlookItem | None:
    import extract_msg

    # extract-msg logs every odd property at WARNING; the reader reports what matters itself.
    logging.getLogger("extract_msg").setLevel(logging.ERROR)
    try:
        message = extract_msg.openMsg(str(path), strict=False)
    except Exception as error:  # olefile and extract-msg raise many kinds on damaged files
        report.skip(
            Diagnostic(source, f"not a readable Outlook message ({type(error).__name__}: {error})")
        )
        return None
    try:
        return outlook_item(message, 0)
    except Exception as error:
        report.skip(
            Diagnostic(source, f"the Outlook message could not be read ({type(error).__name__})")
        )
        return None
    finally:
        message.close()


def outlook_item(message: Any, depth: int) -> OutlookItem:
    """The plain values of an extract-msg message object (and of its attached messages)."""
    warnings: list[str] = []
    attachments: list[Attachment] = []
    attached: list[OutlookItem] = []
    for attachment in _safe(lambda: list(message.attachments), [], warnings, "attachments"):
        name = str(
            _safe(lambda a=attachment: a.longFilename or a.shortFilename or a.name, "", [], "")
            or ""
        )
        data = _safe(lambda a=attachment: a.data, None, warnings, f"attachment {name!r}")
        if isinstance(data, bytes):
            mimetype = str(_safe(lambda a=attachment: a.mimetype, "", [], "") or "")
            meta = attachment_meta(name, data, warnings) if is_image(name, mimetype) else None
            attachments.append(Attachment(name, mimetype, len(data), meta))
        elif data is not None and hasattr(data, "classType"):
            if depth + 1 > MAX_ATTACHED_DEPTH:
                warnings.append("attached messages nested too deep; the inner ones were not read")
            else:
                attached.append(outlook_item(data, depth + 1))
    sender_name, sender_email = _sender(message)
    html = _safe(lambda: message.htmlBody, b"", warnings, "the HTML body") or b""
    return OutlookItem(
        message_class=_clean(_safe(lambda: message.classType, "", [], "")),
        subject=_clean(_safe(lambda: message.subject, "", warnings, "the subject")),
        sender_name=sender_name,
        sender_email=sender_email,
        recipients=tuple(_recipients(message, warnings)),
        sent_at=_date(message),
        message_id=_clean(_safe(lambda: message.messageId, "", [], "")),
        transport_headers=_clean(
            _safe(lambda: message.getStringStream("__substg1.0_007D"), "", [], "")
        ),
        plain=_clean(_safe(lambda: message.body, "", warnings, "the body")),
        html=html if isinstance(html, bytes) else str(html).encode("utf-8"),
        attachments=tuple(attachments),
        attached=tuple(attached),
        thread=_clean(_safe(lambda: message.getStringStream("__substg1.0_0070"), "", [], "")),
        warnings=tuple(warnings),
    )


def _sender(message: Any) -> tuple[str, str]:
    name = _clean(_safe(lambda: message.getStringStream("__substg1.0_0C1A"), "", [], ""))
    email = ""
    for stream in ("__substg1.0_5D01", "__substg1.0_5D02", "__substg1.0_0C1F", "__substg1.0_0065"):
        value = _clean(_safe(lambda s=stream: message.getStringStream(s), "", [], ""))
        if "@" in value:
            email = value
            break
    if not name and not email:
        sender = _clean(_safe(lambda: message.sender, "", [], ""))
        name, _, rest = sender.partition("<")
        name, email = name.strip(), rest.rstrip(">").strip()
    return name, email


def _recipients(message: Any, warnings: list[str]) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    for recipient in _safe(lambda: list(message.recipients), [], warnings, "the recipients"):
        kind = _KINDS.get(int(getattr(recipient.type, "value", 1) or 1), "to")
        name = _clean(_safe(lambda r=recipient: r.name, "", [], ""))
        email = _clean(_safe(lambda r=recipient: r.email, "", [], ""))
        found.append((kind, name, email))
    return found


def _date(message: Any) -> datetime | None:
    value = _safe(lambda: message.date, None, [], "")
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else None
    return None


def _clean(value: object) -> str:
    """extract-msg leaves NUL terminators on some strings."""
    return str(value or "").replace("\x00", "").strip()


def _safe(read: Any, default: Any, warnings: list[str], what: str) -> Any:
    """One property that cannot be read costs that property (with a warning), not the item."""
    try:
        return read()
    except Exception as error:
        if what:
            warnings.append(f"{what} could not be read ({type(error).__name__})")
        return default
