"""Read Outlook `.pst` (and `.ost`) stores with `libpff-python` (`pypff`).

Microsoft 365 eDiscovery (Purview content search) exports mailboxes as PST: mail in the usual
folders, and Teams chats as items of class `IPM.SkypeTeams.Message` in a `TeamsMessagesData`
folder. `read_pst(path, report, root)` walks every folder depth first and yields one record per
mail or chat item, with the folder path on the record (`MailRecord.folder`, and at the start of
`locator` for both kinds). Every other item (contacts, calendar, tasks, notes) and every item or
folder that libpff cannot read is counted as skipped, with its folder and reason.

Properties are read from each item's MAPI property set by tag (libpff exposes only a few by
name); the mapping to records is `mail_mapi.outlook_record`.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from saferpractice.diagnostics import Diagnostic
from saferpractice.evidence.attached_images import (
    MAX_ATTACHED_IMAGE,
    attachment_meta,
    image_records,
    is_image,
)
from saferpractice.evidence.mail import source_name
from saferpractice.evidence.mail_mapi import (
    OutlookItem,
    every_attachment,
    outlook_record,
    skip_reason,
)
from saferpractice.evidence.pff_embedded import as_message, attached_message
from saferpractice.evidence.records import Attachment, ImageRecord, MailRecord, MessageRecord
from saferpractice.evidence.report import ReadReport

PST_MAGIC = b"!BDN"
MAX_FOLDER_DEPTH = 64
EMBEDDED_MESSAGE = 5  # PR_ATTACH_METHOD: ATTACH_EMBEDDED_MSG
_KINDS = {1: "to", 2: "cc", 3: "bcc"}
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)

# MAPI property tags (the high 16 bits of a PR_* tag)
MESSAGE_CLASS = 0x001A
SUBJECT = 0x0037
CLIENT_SUBMIT_TIME = 0x0039
CONVERSATION_TOPIC = 0x0070
TRANSPORT_HEADERS = 0x007D
MESSAGE_DELIVERY_TIME = 0x0E06
SENDER_NAME = 0x0C1A
SENDER_EMAIL = 0x0C1F
SENDER_SMTP = 0x5D01
SENT_REPRESENTING_SMTP = 0x5D02
INTERNET_MESSAGE_ID = 0x1035
BODY = 0x1000
HTML = 0x1013
DISPLAY_NAME = 0x3001
EMAIL_ADDRESS = 0x3003
SMTP_ADDRESS = 0x39FE
RECIPIENT_TYPE = 0x0C15
ATTACH_FILENAME = 0x3704
ATTACH_METHOD = 0x3705
ATTACH_LONG_FILENAME = 0x3707
ATTACH_MIME_TAG = 0x370E


def looks_like_pst(head: bytes) -> bool:
    """The PST/OST header: "!BDN", then the client magic "SM" (PST) or "SO" (OST)."""
    return head.startswith(PST_MAGIC) and head[8:10] in (b"SM", b"SO")


def read_pst(
    path: Path, report: ReadReport, root: Path
) -> Iterator[MailRecord | MessageRecord | ImageRecord]:
    import pypff  # type: ignore[import-not-found]  # libpff-python ships no type information

    source = source_name(path, root)
    store = pypff.file()
    try:
        store.open(str(path))
    except Exception as error:  # libpff raises OSError with its own message
        report.skip(Diagnostic(source, f"not a readable Outlook data file ({error})"))
        return
    try:
        top = store.get_root_folder()
        yield from _folder(top, "", 0, source, report)
    except Exception as error:
        report.skip(Diagnostic(source, f"reading stopped: the folder tree is damaged ({error})"))
    finally:
        store.close()


def _folder(
    folder: Any, path: str, depth: int, source: str, report: ReadReport
) -> Iterator[MailRecord | MessageRecord | ImageRecord]:
    count = _count(lambda: folder.number_of_sub_messages, source, path, "messages", report)
    for index in range(count):
        locator = f"item {index + 1}"
        where = f"{path} {locator}".strip()
        try:
            item = pst_item(_as_message(folder.get_sub_message(index)))
        except Exception as error:
            report.skip(Diagnostic(source, f"{where}: the item cannot be read ({error})"))
            continue
        reason = skip_reason(item, path)
        if reason is not None:
            report.skip(Diagnostic(source, f"{where}: skipped: {reason}"))
            continue
        record = outlook_record(item, source=source, locator=locator, folder=path)
        for warning in record.warnings:
            report.warn(Diagnostic(source, f"{where}: {warning}"))
        report.count_read(source, len(record.warnings))
        yield record
        yield from image_records(record, every_attachment(item), report)
    subfolders = _count(lambda: folder.number_of_sub_folders, source, path, "folders", report)
    for index in range(subfolders):
        try:
            sub = folder.get_sub_folder(index)
            name = (sub.name or "").replace("/", "\u2215") or f"folder {index + 1}"
        except Exception as error:
            report.skip(Diagnostic(source, f"{path or 'top'}: a folder cannot be read ({error})"))
            continue
        sub_path = f"{path}/{name}" if path else name
        if depth + 1 > MAX_FOLDER_DEPTH:
            report.skip(Diagnostic(source, f"{sub_path}: nested too deep; not read"))
            continue
        yield from _folder(sub, sub_path, depth + 1, source, report)


def _as_message(item: Any) -> Any:
    """pypff gives items of a class libpff does not list (Teams chat) as plain items,
    without recipients or attachments; open them as messages."""
    try:
        return as_message(item) or item
    except Exception:
        return item


def _count(read: Any, source: str, path: str, what: str, report: ReadReport) -> int:
    try:
        return int(read())
    except Exception as error:
        report.skip(Diagnostic(source, f"{path or 'top'}: its {what} cannot be listed ({error})"))
        return 0


MAX_ATTACHED_DEPTH = 8  # attached messages inside attached messages, as the MIME walk bounds


def pst_item(message: Any, depth: int = 0) -> OutlookItem:
    """The plain values of a pypff message (and of the messages attached to it)."""
    props = properties(message)
    warnings: list[str] = []
    attachments: list[Attachment] = []
    attached: list[OutlookItem] = []
    for index in range(_int_or_zero(lambda: message.number_of_attachments)):
        try:
            attachment = message.get_attachment(index)
            found = properties(attachment)
            name = (
                text(found.get(ATTACH_LONG_FILENAME))
                or text(found.get(ATTACH_FILENAME))
                or text(found.get(DISPLAY_NAME))
            )
            if integer(found.get(ATTACH_METHOD)) == EMBEDDED_MESSAGE:
                inner = _embedded(attachment, depth + 1, warnings)
                if inner is not None and (inner.plain or inner.html or inner.attached):
                    attached.append(inner)
                    warnings.extend(w for w in inner.warnings if w not in warnings)
                    continue
                if depth + 1 <= MAX_ATTACHED_DEPTH:
                    warnings.append(
                        f"the attached Outlook message {name[:80]!r} is listed, but its text "
                        "could not be read from the PST and was not checked"
                    )
                attachments.append(Attachment(f"{name or 'message'}.msg", "message/rfc822", 0))
            else:
                mime = text(found.get(ATTACH_MIME_TAG))
                size = _int_or_zero(lambda a=attachment: a.size)
                meta = None
                if is_image(name, mime) and 0 < size <= MAX_ATTACHED_IMAGE:
                    meta = attachment_meta(name, bytes(attachment.read_buffer(size)), warnings)
                attachments.append(Attachment(name, mime, size, meta))
        except Exception as error:
            warnings.append(f"attachment {index + 1} cannot be read ({error})")
    sender_email = next(
        (
            value
            for value in (
                text(props.get(tag)) for tag in (SENDER_SMTP, SENT_REPRESENTING_SMTP, SENDER_EMAIL)
            )
            if "@" in value
        ),
        "",
    )
    html = props.get(HTML)
    return OutlookItem(
        message_class=text(props.get(MESSAGE_CLASS)),
        subject=_subject(text(props.get(SUBJECT))),
        sender_name=text(props.get(SENDER_NAME)),
        sender_email=sender_email,
        recipients=tuple(_recipients(message, warnings)),
        sent_at=filetime(props.get(CLIENT_SUBMIT_TIME))
        or filetime(props.get(MESSAGE_DELIVERY_TIME)),
        message_id=text(props.get(INTERNET_MESSAGE_ID)),
        transport_headers=text(props.get(TRANSPORT_HEADERS)),
        plain=text(props.get(BODY)),
        html=html[1] if html is not None and html[0] == 0x102 else text(html).encode("utf-8"),
        attachments=tuple(attachments),
        attached=tuple(attached),
        thread=text(props.get(CONVERSATION_TOPIC)),
        warnings=tuple(warnings),
    )


MAX_EMBEDDED_BYTES = 16 * 1024 * 1024


def _embedded(attachment: Any, depth: int, warnings: list[str]) -> OutlookItem | None:
    """An attached Outlook message, opened as a message by libpff (`pff_embedded`): every
    property, recipients, long bodies and its own attachments, bounded in depth.

    Where libpff cannot open it, the bytes of its property context (a heap-on-node, MS-PST
    2.3.1) that libpff hands over as the attachment's data are read instead: the values held
    in that heap (subject, sender, short bodies), not those in sub-nodes.
    """
    if depth > MAX_ATTACHED_DEPTH:
        warnings.append(
            f"attached messages nested more than {MAX_ATTACHED_DEPTH} deep; the inner ones "
            "were not read"
        )
        return None
    try:
        message = attached_message(attachment)
        if message is not None:
            return pst_item(message, depth)
    except Exception:  # libpff refused it: fall back to the heap below
        pass
    size = _int_or_zero(lambda: attachment.size)
    if not 0 < size <= MAX_EMBEDDED_BYTES:
        return None
    try:
        props = heap_properties(attachment.read_buffer(size))
    except Exception:
        return None
    if not props:
        return None
    html = props.get(HTML)
    return OutlookItem(
        message_class=text(props.get(MESSAGE_CLASS)),
        subject=_subject(text(props.get(SUBJECT))),
        sender_name=text(props.get(SENDER_NAME)),
        sender_email=text(props.get(SENDER_SMTP)) or text(props.get(SENDER_EMAIL)),
        sent_at=filetime(props.get(CLIENT_SUBMIT_TIME)),
        message_id=text(props.get(INTERNET_MESSAGE_ID)),
        plain=text(props.get(BODY)),
        html=html[1] if html is not None and html[0] == 0x102 else b"",
    )


_INLINE_TYPES = frozenset({0x02, 0x03, 0x04, 0x0A, 0x0B})  # values of four bytes or fewer


def heap_properties(buf: bytes) -> dict[int, Value]:
    """The properties of a property context stored in one heap-on-node block (MS-PST 2.3.1,
    2.3.3): the values held in the heap itself; those in sub-nodes are left out."""
    try:
        return _heap_properties(buf)
    except (struct.error, IndexError):  # a damaged heap: no properties rather than a crash
        return {}


def _heap_properties(buf: bytes) -> dict[int, Value]:
    if len(buf) < 12 or buf[2] != 0xEC or buf[3] != 0xBC:
        return {}
    page_map, root = struct.unpack_from("<H2xI", buf, 0)
    count = struct.unpack_from("<H", buf, page_map)[0]
    offsets = struct.unpack_from(f"<{count + 1}H", buf, page_map + 4)

    def allocation(hid: int) -> bytes | None:
        index, block = (hid >> 5) & 0x7FF, hid >> 16
        if hid & 0x1F or block or not 1 <= index <= count:
            return None  # a sub-node, another block, or out of range
        return buf[offsets[index - 1] : offsets[index]]

    header = allocation(root)
    if header is None or len(header) < 8 or header[0] != 0xB5 or header[1:3] != b"\x02\x06":
        return {}
    if header[3] != 0:
        return {}  # an index level: too large a context for a single heap block
    leaf = allocation(struct.unpack_from("<I", header, 4)[0]) or b""
    found: dict[int, Value] = {}
    for start in range(0, len(leaf) - 7, 8):
        prop, kind, value = struct.unpack_from("<HHI", leaf, start)
        if kind in _INLINE_TYPES:
            found[prop] = (kind, struct.pack("<I", value))
        else:
            data = allocation(value)
            if data is not None:
                found[prop] = (kind, data)
    return found


def _recipients(message: Any, warnings: list[str]) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    try:
        table = message.recipients
        count = table.number_of_record_sets if table is not None else 0
        for index in range(count):
            props = _record_set(table.get_record_set(index))
            email = text(props.get(SMTP_ADDRESS))
            if "@" not in email:
                email = text(props.get(EMAIL_ADDRESS))
            kind = _KINDS.get(integer(props.get(RECIPIENT_TYPE)) or 1, "to")
            found.append((kind, text(props.get(DISPLAY_NAME)), email))
    except Exception as error:
        warnings.append(f"the recipients cannot be read ({error})")
    return found


Value = tuple[int, bytes]  # (MAPI value type, raw bytes)


def properties(item: Any) -> dict[int, Value]:
    """The item's first property set as {property id: (value type, bytes)}."""
    if not item.number_of_record_sets:
        return {}
    return _record_set(item.get_record_set(0))


def _record_set(record_set: Any) -> dict[int, Value]:
    found: dict[int, Value] = {}
    for index in range(record_set.number_of_entries):
        entry = record_set.get_entry(index)
        try:
            data = entry.data
        except Exception:
            continue  # a value libpff cannot read is treated as absent
        found.setdefault(entry.entry_type, (entry.value_type, data or b""))
    return found


def text(value: Value | None) -> str:
    """A string property: UTF-16 (PT_UNICODE), else 8-bit (PT_STRING8) as Windows-1252."""
    if value is None:
        return ""
    kind, data = value
    if kind == 0x1F:
        return data.decode("utf-16-le", "replace").replace("\x00", "").strip()
    if kind == 0x1E:
        return data.decode("cp1252", "replace").replace("\x00", "").strip()
    return ""


def integer(value: Value | None) -> int | None:
    if value is None or value[0] != 0x03 or len(value[1]) < 4:
        return None
    return int(struct.unpack_from("<i", value[1])[0])


def filetime(value: Value | None) -> datetime | None:
    """A PT_SYSTIME (100 ns since 1601, UTC), or None if absent or out of range."""
    if value is None or value[0] != 0x40 or len(value[1]) < 8:
        return None
    ticks = struct.unpack_from("<Q", value[1])[0]
    try:
        return _FILETIME_EPOCH + timedelta(microseconds=ticks // 10)
    except OverflowError:
        return None


def _subject(value: str) -> str:
    """PR_SUBJECT may start with U+0001 and a character giving the prefix length; drop both."""
    return value[2:] if value.startswith("\x01") and len(value) >= 2 else value


def _int_or_zero(read: Any) -> int:
    try:
        return int(read() or 0)
    except Exception:
        return 0
