"""Android "SMS Backup & Restore" (SyncTech) XML: one phone's texts, SMS and MMS.

    <smses count="2" backup_set="…" backup_date="1700000000000" type="full">
      <sms protocol="0" address="07700 900123" date="1365004861000" type="1" body="…"
           readable_date="3 Apr 2013 17:01:01" contact_name="Ann" … />
      <mms date="1365004861000" msg_box="2" address="07700900123~07700900456" …>
        <parts><part ct="text/plain" text="…" /><part ct="image/jpeg" data="…" /></parts>
        <addrs><addr address="…" type="137" /><addr address="…" type="151" /></addrs>
      </mms>
    </smses>

The backup is one person's phone; the owner is the person id of the enclosing folder
(`phones/S012/sms-20250301.xml`), stated on every record. An SMS's `address` is the other
party: the sender when `type` is 1 (received), the recipient otherwise (2 sent, 3 draft,
4 outbox, 5 failed, 6 queued). The owner's own number is never on an SMS; it is taken from
the "from" address of the backup's sent MMS when it has any (`own_number_of`, a first pass),
else a sent SMS has an empty `sender`. An MMS names every party in `<addrs>` (137 from, 151 to,
130 cc, 129 bcc), its text in `text/plain` parts; `msg_box` 1 is received. `date` is
milliseconds since 1970 (UTC).

The file is parsed as a stream with defusedxml (no DTDs, no entities, no external fetches),
and each message element is discarded once read, so memory stays bounded by one message.
A call-log backup (`<calls>`) is recognised and skipped with its reason.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from saferpractice.diagnostics import Diagnostic
from saferpractice.evidence.attached_images import (
    MAX_ATTACHED_IMAGE,
    attachment_meta,
    image_records,
)
from saferpractice.evidence.csvutil import source_name
from saferpractice.evidence.messages import MAX_BODY, normalise_contact
from saferpractice.evidence.owner import export_owner
from saferpractice.evidence.records import Attachment, ImageRecord, MessageRecord
from saferpractice.evidence.report import ReadReport

MAX_RECIPIENTS = 10_000  # parties of one MMS read; more are counted in a warning
MAX_PARTS = 1_000  # parts of one MMS read
_ROOTS = {b"<smses": "sms", b"<calls": "calls"}
_SENT_TYPES = frozenset({"2", "3", "4", "5", "6"})
_MMS_FROM, _MMS_TO, _MMS_CC, _MMS_BCC = "137", "151", "130", "129"
_ROOT_TAG = re.compile(rb"<(smses|calls)[\s>/]")
CALLS_REASON = "SMS Backup & Restore call log: calls, not messages; not used by any check"


def backup_kind(head: bytes) -> str | None:
    """ "sms" or "calls" if `head` opens an SMS Backup & Restore file, else None."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"<"):
        return None
    match = _ROOT_TAG.search(text[:8192])
    if match is None:
        return None
    before = text[: match.start()]
    # Only the XML declaration, comments and processing instructions may come first.
    if re.sub(rb"<\?.*?\?>|<!--.*?-->|\s", b"", before, flags=re.DOTALL):
        return None
    return "sms" if match.group(1) == b"smses" else "calls"


def _when(value: str | None) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value or "") / 1000, tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _party(value: str, warnings: list[str], field: str) -> str:
    text = value.strip()
    normalised = normalise_contact(text)
    if normalised is None:
        warnings.append(f"{field}: {text[:80]!r} is not an email or phone number")
        return text[:256]
    return normalised


def _null(value: str | None) -> str:
    """The attribute's text; the backup writes the string "null" for a missing value."""
    return "" if value is None or value == "null" else value


def read_sms_backup(
    path: Path, report: ReadReport, root: Path
) -> Iterator[MessageRecord | ImageRecord]:
    """MessageRecords for every `<sms>` and `<mms>` in the backup (see the module docstring),
    each MMS followed by an ImageRecord for each picture sent in it whose metadata was read."""
    source = source_name(path, root)
    owner, owner_from = export_owner(path, root)
    if not owner:
        report.warn(
            Diagnostic(source, "no folder named after the phone owner's person id above the backup")
        )
    own_number = own_number_of(path)
    if own_number:
        owner_from = "; ".join(
            part
            for part in (owner_from, f"own number {own_number} from the backup's sent MMS")
            if part
        )
    counter = {"sms": 0, "mms": 0}
    depth = 0
    top: Element | None = None
    try:
        for event, element in iterparse(path, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                if depth == 0:
                    top = element
                depth += 1
                continue
            depth -= 1
            tag = element.tag
            if depth == 1 and top is not None:
                top.clear()  # drop read messages from the tree: memory stays one message
            if depth == 1 and tag in counter:
                counter[tag] += 1
                photos: list[Attachment] = []
                record = (
                    _sms(element, counter["sms"], source, owner, owner_from, report, own_number)
                    if tag == "sms"
                    else _mms(element, counter["mms"], source, owner, owner_from, report, photos)
                )
                if record is not None:
                    yield record
                    yield from image_records(record, photos, report)
                element.clear()
            elif depth == 1:
                report.skip(Diagnostic(source, f"<{str(tag)[:40]}> element is not a message"))
                element.clear()
            elif depth == 0:
                element.clear()
    except DefusedXmlException as error:
        report.skip(
            Diagnostic(source, f"XML refused ({type(error).__name__}); the rest was skipped")
        )
    except ParseError as error:
        line, column = getattr(error, "position", (None, None))
        report.skip(
            Diagnostic(
                source,
                f"XML is not well formed from column {column}; the rest was skipped",
                line=line,
            )
        )


def own_number_of(path: Path) -> str:
    """The phone's own number, when the backup shows it: the "from" address (type 137) that
    its sent MMS (`msg_box` 2) most often carry; "" if there is none or the file is unreadable.
    An SMS backup never names the owner's number otherwise."""
    counts: dict[str, int] = {}
    depth = 0
    top: Element | None = None
    try:
        for event, element in iterparse(path, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                top = element if depth == 0 else top
                depth += 1
                continue
            depth -= 1
            if depth != 1:
                continue
            if top is not None:
                top.clear()  # keep memory at one message
            if element.tag == "mms" and _null(element.get("msg_box")) == "2":
                for addr in element.iter("addr"):
                    if _null(addr.get("type")) == _MMS_FROM:
                        number = normalise_contact(_null(addr.get("address")))
                        if number and len(counts) < 100:
                            counts[number] = counts.get(number, 0) + 1
                        break
            element.clear()
    except (DefusedXmlException, ParseError):
        pass  # the reading pass reports the problem
    return max(counts, key=lambda n: counts[n]) if counts else ""


def _finish(
    record_fields: dict[str, Any], warnings: list[str], source: str, report: ReadReport
) -> MessageRecord:
    for warning in warnings:
        report.warn(Diagnostic(source, warning, field=record_fields["locator"]))
    report.count_read(source, len(warnings))
    return MessageRecord(warnings=tuple(warnings), source=source, **record_fields)


def _body(text: str, warnings: list[str]) -> str:
    if len(text) > MAX_BODY:
        warnings.append(f"body: longer than {MAX_BODY} characters; the rest was not read")
        return text[:MAX_BODY]
    return text


def _sms(
    element: Element,
    index: int,
    source: str,
    owner: str,
    owner_from: str,
    report: ReadReport,
    own_number: str = "",
) -> MessageRecord | None:
    locator = f"sms {index}"
    warnings: list[str] = []
    address = _null(element.get("address")).strip()
    if not address:
        report.skip(Diagnostic(source, f"{locator}: no address", field="address"))
        return None
    sent_at = _when(element.get("date"))
    if sent_at is None:
        warnings.append(f"date {str(element.get('date'))[:40]!r} is not a time")
    other = _party(address, warnings, "address")
    sent = _null(element.get("type")) in _SENT_TYPES
    name = _null(element.get("contact_name"))
    return _finish(
        {
            "locator": locator + (f" ({name[:80]})" if name and name != "(Unknown)" else ""),
            "id": f"sms-{index}-{element.get('date') or ''}"[:256],
            "channel": "sms",
            "sent_at": sent_at,
            "sender": own_number if sent else other,
            "recipients": (other,) if sent else (),
            "body": _body(_null(element.get("body")), warnings),
            "owner": owner,
            "owner_from": owner_from,
        },
        warnings,
        source,
        report,
    )


def _photo(part: Element, kind: str, number: int, warnings: list[str]) -> Attachment:
    """A picture sent in an MMS (base64 in the part's `data`), with its metadata if readable."""
    name = _null(part.get("cl")) or _null(part.get("name")) or f"part {number + 1}"
    data = _null(part.get("data"))[: MAX_ATTACHED_IMAGE * 4 // 3 + 4]
    try:
        raw = base64.b64decode(data + "=" * (-len(data) % 4))
    except (binascii.Error, ValueError):
        warnings.append(f"attachment {name[:80]!r}: its data is not base64; not read")
        return Attachment(name, kind, 0)
    return Attachment(name, kind, len(raw), attachment_meta(name, raw, warnings))


def _mms(
    element: Element,
    index: int,
    source: str,
    owner: str,
    owner_from: str,
    report: ReadReport,
    photos: list[Attachment],
) -> MessageRecord | None:
    """The MMS as a message; its pictures' metadata is added to `photos` for image records."""
    locator = f"mms {index}"
    warnings: list[str] = []
    sent_at = _when(element.get("date"))
    if sent_at is None:
        warnings.append(f"date {str(element.get('date'))[:40]!r} is not a time")
    texts: list[str] = []
    others: list[str] = []
    for number, part in enumerate(element.iter("part")):
        if number >= MAX_PARTS:
            warnings.append(f"more than {MAX_PARTS} parts; the rest were not read")
            break
        kind = _null(part.get("ct")).casefold()
        if kind == "text/plain":
            texts.append(_null(part.get("text")))
        elif kind.startswith("image/") and _null(part.get("data")):
            photos.append(_photo(part, kind, number, warnings))
        elif not kind.startswith("application/smil"):
            others.append(_null(part.get("ct")) or "unknown")
    sender = ""
    recipients: list[str] = []
    extra = 0
    for addr in element.iter("addr"):
        value = _null(addr.get("address")).strip()
        if not value or value.casefold() == "insert-address-token":
            continue
        kind = _null(addr.get("type"))
        if kind == _MMS_FROM and not sender:
            sender = _party(value, warnings, "from")
        elif kind in (_MMS_TO, _MMS_CC, _MMS_BCC):
            if len(recipients) < MAX_RECIPIENTS:
                recipients.append(_party(value, warnings, "to"))
            else:
                extra += 1
    if not sender and not recipients:
        # Older backups give only the `address` attribute, parties joined by "~".
        parties = [p for p in _null(element.get("address")).split("~") if p.strip()]
        received = _null(element.get("msg_box")) == "1"
        named = [_party(p, warnings, "address") for p in parties[:MAX_RECIPIENTS]]
        extra = max(len(parties) - MAX_RECIPIENTS, 0)
        if received and named:
            sender, recipients = named[0], named[1:]
        else:
            recipients = named
    if extra:
        warnings.append(f"{extra} more recipients than the {MAX_RECIPIENTS} read")
    if not sender and not recipients:
        report.skip(Diagnostic(source, f"{locator}: no address", field="addrs"))
        return None
    if others:
        warnings.append(f"attachments not read: {', '.join(sorted(set(others)))[:200]}")
    body = "\n".join(text for text in texts if text)
    return _finish(
        {
            "locator": locator,
            "id": f"mms-{index}-{element.get('date') or ''}"[:256],
            "channel": "mms",
            "sent_at": sent_at,
            "sender": sender,
            "recipients": tuple(dict.fromkeys(r for r in recipients if r != sender)),
            "body": _body(body, warnings),
            "owner": owner,
            "owner_from": owner_from,
        },
        warnings,
        source,
        report,
    )
