"""Outlook items (from .msg files and .pst stores) as records: the pure core of both readers.

`msg.py` and `pst.py` turn what their libraries read into an `OutlookItem` of plain values;
`outlook_record` decides what it is and builds the record:

- mail (`IPM.Note…`, `IPM.Post`, meeting requests and responses `IPM.Schedule.Meeting…`, and
  items of no class) becomes a `MailRecord`. Where the item kept its internet headers
  (`PR_TRANSPORT_MESSAGE_HEADERS`), From, To, Cc, Date and Message-ID come from them; else from
  the MAPI properties. The body is built like any mail's (`mail_text.assemble_body`): the plain
  text, the lines of the HTML body it does not say, and attached messages, each segment
  labelled;
- a Teams chat message (`IPM.SkypeTeams.Message`, which Purview eDiscovery exports into the
  PST's `TeamsMessagesData` folder) becomes a `MessageRecord` on channel "teams";
- anything else (contacts, calendar items, tasks, notes, journal entries) is not mail: the
  reader counts it as skipped with `skip_reason`, naming what it is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from saferpractice.evidence.mail_headers import (
    decode_words,
    first,
    parse_addresses,
    parse_date,
    parse_headers,
)
from saferpractice.evidence.mail_text import TextPart, assemble_body
from saferpractice.evidence.records import Address, Attachment, MailRecord, MessageRecord

TEAMS_CLASS = "ipm.skypeteams.message"
TEAMS_FOLDER = "teamsmessagesdata"
MAIL_CLASSES = ("ipm.note", "ipm.post", "ipm.schedule.meeting", "report.ipm.note")
NOT_MAIL = {
    "ipm.contact": "an Outlook contact",
    "ipm.distlist": "an Outlook contact group",
    "ipm.appointment": "an Outlook calendar item",
    "ipm.task": "an Outlook task",
    "ipm.stickynote": "an Outlook note",
    "ipm.activity": "an Outlook journal entry",
    "ipm.microsoft": "Outlook's own settings",
    "ipc.microsoft": "Outlook's own settings",
}
MAX_BODY_CHARS = 5_000_000


@dataclass(frozen=True, slots=True)
class OutlookItem:
    """What an Outlook item says, as plain values (filled by the .msg and .pst readers)."""

    message_class: str = ""
    subject: str = ""
    sender_name: str = ""
    sender_email: str = ""
    recipients: tuple[tuple[str, str, str], ...] = ()  # (to | cc | bcc, name, email)
    sent_at: datetime | None = None
    message_id: str = ""
    transport_headers: str = ""
    plain: str = ""
    html: bytes = b""
    attachments: tuple[Attachment, ...] = ()
    attached: tuple[OutlookItem, ...] = ()  # attached Outlook messages
    thread: str = ""  # conversation topic or id
    warnings: tuple[str, ...] = field(default_factory=tuple)


def skip_reason(item: OutlookItem, folder: str) -> str | None:
    """Why the item is not read (not mail, not chat), or None when it is."""
    kind = item.message_class.strip().lower()
    if is_teams(item, folder) or not kind:
        return None
    if kind.startswith(MAIL_CLASSES):
        return None
    for prefix, name in NOT_MAIL.items():
        if kind.startswith(prefix):
            return f"{name} ({item.message_class[:60]}), not mail; not used by any check"
    return f"an Outlook item of class {item.message_class[:60]!r}, not mail; not used by any check"


def is_teams(item: OutlookItem, folder: str) -> bool:
    kind = item.message_class.strip().lower()
    return kind.startswith(TEAMS_CLASS) or TEAMS_FOLDER in folder.lower().replace(" ", "")


def outlook_record(
    item: OutlookItem, *, source: str, locator: str, folder: str = ""
) -> MailRecord | MessageRecord:
    """The record for a mail or Teams chat item (check `skip_reason` first)."""
    warnings = list(item.warnings)
    headers: dict[str, list[str]] = {}
    if item.transport_headers.strip():
        raw = item.transport_headers.encode("utf-8", "replace")
        headers, _ = parse_headers(raw.replace(b"\r\n", b"\n"), warnings)
    sender = _sender(item, headers, warnings)
    to, cc, bcc = _recipients(item, headers, warnings)
    sent_at = item.sent_at
    if headers.get("date"):
        sent_at = parse_date(first(headers, "date"), warnings) or sent_at
    subject = item.subject or decode_words(first(headers, "subject"), warnings)
    message_id = (item.message_id or first(headers, "message-id")).strip().strip("<>").strip()
    teams = is_teams(item, folder)
    if not message_id:
        where = f"{folder} {locator}".strip()
        digest = hashlib.sha256(f"{source}\0{where}\0{subject}\0{sent_at}".encode())
        message_id = f"synthetic-{digest.hexdigest()[:32]}@saferpractice.invalid"
        if not teams:  # Teams chat items never carry one: no warning for each of them
            warnings.append(f"no Message-ID; synthesised {message_id}")
    texts, containers, attachments = _texts(item)
    body = assemble_body(texts, containers, MAX_BODY_CHARS, warnings)
    if teams:
        return MessageRecord(
            source=source,
            locator=f"{folder} {locator}".strip(),
            warnings=tuple(dict.fromkeys(warnings)),
            id=message_id,
            channel="teams",
            sent_at=sent_at,
            sender=(sender.email if sender else ""),
            recipients=tuple(address.email for address in (*to, *cc, *bcc)),
            body=body.text,
        )
    return MailRecord(
        source=source,
        locator=f"{folder} {locator}".strip(),
        warnings=tuple(dict.fromkeys(warnings)),
        message_id=message_id,
        sent_at=sent_at,
        sender=sender,
        to=to,
        cc=cc,
        bcc=bcc,
        subject=subject,
        body=body.text,
        quoted=body.quoted,
        attachments=tuple(attachments),
        segments=body.segments,
        folder=folder,
        thread=item.thread[:200],
    )


def _sender(
    item: OutlookItem, headers: dict[str, list[str]], warnings: list[str]
) -> Address | None:
    found = parse_addresses(headers.get("from", []), warnings)
    if found:
        return found[0]
    email = item.sender_email.strip()
    if "@" in email:
        return Address(email.casefold(), item.sender_name.strip())
    if item.sender_name.strip():
        # Exchange-internal senders may carry only an X.500 address; keep the name visibly.
        warnings.append(f"the sender {item.sender_name[:80]!r} has no internet address")
        return Address(email.casefold() or item.sender_name.strip().casefold(), item.sender_name)
    warnings.append("no sender address")
    return None


def _recipients(
    item: OutlookItem, headers: dict[str, list[str]], warnings: list[str]
) -> tuple[tuple[Address, ...], tuple[Address, ...], tuple[Address, ...]]:
    if headers.get("to") or headers.get("cc"):
        return (
            parse_addresses(headers.get("to", []), warnings),
            parse_addresses(headers.get("cc", []), warnings),
            parse_addresses(headers.get("bcc", []), warnings),
        )
    kinds: dict[str, list[Address]] = {"to": [], "cc": [], "bcc": []}
    for kind, name, email in item.recipients:
        email = email.strip()
        if "@" not in email:
            warnings.append(f"the recipient {name[:80]!r} has no internet address")
            if not name.strip():
                continue
            email = email or name.strip()
        kinds.get(kind, kinds["to"]).append(Address(email.casefold(), name.strip()))
    return tuple(kinds["to"]), tuple(kinds["cc"]), tuple(kinds["bcc"])


def _texts(item: OutlookItem) -> tuple[list[TextPart], list[str], list[Attachment]]:
    """The item's text parts and those of its attached messages, as the MIME walk gives them."""
    texts: list[TextPart] = []
    containers = [""]
    attachments = list(item.attachments)
    pending = [(item, 0)]
    while pending:
        current, container = pending.pop(0)
        if current.plain:
            texts.append(TextPart(False, current.plain.encode("utf-8"), "utf-8", "", container))
        if current.html:
            texts.append(TextPart(True, current.html, _html_charset(current.html), "", container))
        for inner in current.attached[:100]:
            index = len(containers)
            label = inner.subject[:80]
            containers.append(f"the attached message {label!r}" if label else "an attached message")
            attachments.append(Attachment(f"{label or 'message'}.msg", "message/rfc822", 0))
            attachments.extend(inner.attachments)  # as the MIME walk lists a nested message's
            pending.append((inner, index))
    return texts, containers, attachments


def every_attachment(item: OutlookItem, depth: int = 0) -> list[Attachment]:
    """The item's file attachments and those of its attached messages, in document order."""
    found = list(item.attachments)
    if depth < 100:
        for inner in item.attached[:100]:
            found.extend(every_attachment(inner, depth + 1))
    return found


def _html_charset(html: bytes) -> str:
    head = html[:2048].lower()
    marker = head.find(b"charset=")
    if marker < 0:
        return "utf-8"
    value = head[marker + 8 : marker + 40].strip(b"\"' ").split(b'"')[0].split(b";")[0]
    return value.decode("ascii", "replace").strip() or "utf-8"
