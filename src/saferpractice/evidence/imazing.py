"""iMazing's iPhone messages CSV (Messages > Export to CSV): iMessage and SMS from one iPhone.

    "Chat Session","Message Date","Delivered Date","Read Date","Edited Date","Service","Type",
    "Sender ID","Sender Name","Status","Replying to","Subject","Text","Attachment","Attachment type"
    "Sarah","2025-11-03 14:32:11","","","","iMessage","Incoming","+15551234567","Sarah",…

`Type` is Incoming or Outgoing (also Notification for system lines). An incoming message's
sender is `Sender ID` (a phone number or Apple ID email); an outgoing one is the owner's, whom
the export does not name, so its sender is empty and its recipient is the `Chat Session`
(the contact's name or number as the phone shows it). The owner is the person id of the
enclosing folder. `Message Date` is the phone's local time without an offset, read as
Europe/London. `Subject` and `Text` are both checked (joined by a blank line).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from saferpractice.diagnostics import Diagnostic
from saferpractice.evidence.csvutil import iter_csv, parse_time, source_name
from saferpractice.evidence.messages import MAX_BODY, normalise_contact
from saferpractice.evidence.owner import export_owner
from saferpractice.evidence.records import MessageRecord
from saferpractice.evidence.report import ReadReport

IMAZING_COLUMNS = ("chat session", "message date", "service", "type", "sender id", "text")


def is_imazing_header(header: Sequence[str] | None) -> bool:
    return header is not None and all(column in header for column in IMAZING_COLUMNS)


def _party(value: str) -> str:
    text = value.strip()
    return normalise_contact(text) or text[:256]


def read_imazing_csv(path: Path, report: ReadReport, root: Path) -> Iterator[MessageRecord]:
    source = source_name(path, root)
    owner, owner_from = export_owner(path, root)
    if not owner:
        report.warn(
            Diagnostic(source, "no folder named after the phone owner's person id above the export")
        )
    for row_number, row, warnings in iter_csv(path, source, report):
        direction = row["type"].strip().casefold()
        chat = row["chat session"].strip()
        try:
            sent_at = parse_time(row["message date"])
        except ValueError as error:
            sent_at = None
            warnings.append(f"message date: {error}")
        if direction == "outgoing":
            sender, recipients = "", (_party(chat),) if chat else ()
        else:
            sender_raw = row["sender id"].strip() or row.get("sender name", "").strip()
            sender = _party(sender_raw) if sender_raw else ""
            recipients = ()
            if direction not in ("incoming", "notification", ""):
                warnings.append(f"type {row['type'][:40]!r} is neither Incoming nor Outgoing")
        subject = row.get("subject", "").strip()
        text = row["text"]
        body = f"{subject}\n\n{text}" if subject else text
        if len(body) > MAX_BODY:
            warnings.append(f"body: longer than {MAX_BODY} characters; the rest was not read")
            body = body[:MAX_BODY]
        attachment = row.get("attachment", "").strip()
        if attachment:
            warnings.append(f"attachment not read: {attachment[:120]}")
        for warning in warnings:
            report.warn(Diagnostic(source, warning, row=row_number))
        report.count_read(source, len(warnings))
        yield MessageRecord(
            source=source,
            locator=f"row {row_number}",
            warnings=tuple(warnings),
            id=f"row-{row_number}",
            channel=(row["service"].strip().casefold() or "imessage")[:64],
            sent_at=sent_at,
            sender=sender,
            recipients=recipients,
            body=body,
            owner=owner,
            owner_from=owner_from,
        )
