"""Short messages and chat: CSV and JSON Lines with the fields id,channel,sent_at,from,to,body.

`from` and `to` are emails or phone numbers, normalised by `saferpractice.identity`
(emails case-folded, phones to E.164, GB by default). `to` may list several, separated
by `;` (or, in JSON Lines, given as a list). `sent_at` is ISO 8601; a naive time is in
Europe/London. An address that cannot be normalised is kept as written, with a warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from saferpractice.diagnostics import Diagnostic
from saferpractice.evidence.csvutil import (
    TextPart,
    iter_csv,
    iter_json_lines,
    parse_time,
    source_name,
    split_list,
)
from saferpractice.evidence.records import MessageRecord
from saferpractice.evidence.report import ReadReport
from saferpractice.identity import normalise_email, normalise_phone

MESSAGE_COLUMNS = ("id", "channel", "sent_at", "from", "to", "body")
MAX_BODY = 1024 * 1024  # characters of one message body kept
MAX_RECIPIENTS = 10_000  # recipients of one message read; any beyond are counted in a warning


def normalise_contact(value: str) -> str | None:
    """An email (case-folded) or an E.164 phone number, or None if it is neither."""
    text = value.strip()
    if "@" in text:
        return normalise_email(text)
    return normalise_phone(text)


def _contact(value: str, field: str, warnings: list[str]) -> str:
    normalised = normalise_contact(value)
    if normalised is None:
        warnings.append(f"{field}: {value.strip()[:80]!r} is not an email or phone number")
        return value.strip()[:256]
    return normalised


def _record(
    fields: dict[str, Any],
    source: str,
    locator: str,
    warnings: list[str],
    report: ReadReport,
    *,
    row: int | None = None,
    line: int | None = None,
) -> MessageRecord | None:
    """A MessageRecord from one row or line, or None (with the skip reported)."""
    ident = str(fields.get("id") or "").strip()
    if not ident:
        report.skip(Diagnostic(source, "id is empty", field="id", row=row, line=line))
        return None
    sender_raw = str(fields.get("from") or "").strip()
    if not sender_raw:
        report.skip(Diagnostic(source, "from is empty", field="from", row=row, line=line))
        return None
    sent_raw = fields.get("sent_at")
    sent_at = None
    if sent_raw in (None, ""):
        warnings.append("sent_at: missing")
    else:
        try:
            sent_at = parse_time(str(sent_raw))
        except ValueError as error:
            warnings.append(f"sent_at: {error}")
    to_raw = fields.get("to")
    to_items = (
        [str(item).strip() for item in to_raw if str(item).strip()]
        if isinstance(to_raw, list)
        else split_list(str(to_raw or ""))
    )
    if not to_items:
        warnings.append("to: no recipients")
    unread: list[str] = []
    if len(to_items) > MAX_RECIPIENTS:
        unread.append(
            f"to: {len(to_items) - MAX_RECIPIENTS} recipients beyond the first "
            f"{MAX_RECIPIENTS} were not read"
        )
        warnings.append(unread[-1])
        to_items = to_items[:MAX_RECIPIENTS]
    body = fields.get("body")
    text = body if isinstance(body, str) else "" if body is None else str(body)
    if len(text) > MAX_BODY:
        unread.append(f"body: longer than {MAX_BODY} characters; the rest was not read")
        warnings.append(unread[-1])
        text = text[:MAX_BODY]
    sender = _contact(sender_raw, "from", warnings)
    odd: list[str] = []
    recipients = tuple(dict.fromkeys(_contact(item, "to", odd) for item in to_items))
    warnings.extend(odd[:3])
    if len(odd) > 3:
        warnings.append(f"to: {len(odd) - 3} more recipients are not emails or phone numbers")
    record = MessageRecord(
        source=source,
        locator=locator,
        id=ident[:256],
        channel=str(fields.get("channel") or "").strip().casefold()[:64],
        sent_at=sent_at,
        sender=sender,
        recipients=recipients,
        body=text,
        warnings=tuple(warnings),
        unread=tuple(unread),
    )
    for warning in warnings:
        report.warn(Diagnostic(source, warning, row=row, line=line))
    report.count_read(source, len(warnings))
    return record


def read_messages_csv(
    path: Path, report: ReadReport, root: Path, part: TextPart | None = None
) -> Iterator[MessageRecord]:
    """The messages of a CSV file, or of the rows of `part` (a scan shard's byte range)."""
    source = source_name(path, root)
    for row_number, row, warnings in iter_csv(path, source, report, part):
        record = _record(row, source, f"row {row_number}", warnings, report, row=row_number)
        if record is not None:
            yield record


def read_messages_jsonl(
    path: Path, report: ReadReport, root: Path, part: TextPart | None = None
) -> Iterator[MessageRecord]:
    """The messages of a JSON Lines file, or of the lines of `part` (a scan shard's range)."""
    source = source_name(path, root)
    for line_number, value, warnings in iter_json_lines(path, source, report, part):
        missing = [name for name in MESSAGE_COLUMNS if name not in value]
        if missing:
            report.skip(
                Diagnostic(source, f"missing field(s): {', '.join(missing)}", line=line_number)
            )
            continue
        record = _record(value, source, f"line {line_number}", warnings, report, line=line_number)
        if record is not None:
            yield record


def looks_like_message_jsonl(head: bytes) -> bool:
    """True if `head` opens with JSON object lines, most of them with the message fields."""
    lines = [line for line in head.lstrip(b"\xef\xbb\xbf").split(b"\n") if line.strip()]
    if len(lines) > 1 and not head.endswith(b"\n"):
        lines = lines[:-1]  # the last line may be cut by the head's end
    lines = lines[:10]
    if not lines or not lines[0].lstrip().startswith(b"{"):
        return False
    # Most of the first lines are message objects: a damaged first line does not hide the
    # file (the reader skips and counts it).
    return sum(_is_message_line(line) for line in lines) * 2 >= len(lines)


def _is_message_line(line: bytes) -> bool:
    import json

    try:
        value = json.loads(line.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError):
        return False
    return isinstance(value, dict) and all(name in value for name in MESSAGE_COLUMNS)
