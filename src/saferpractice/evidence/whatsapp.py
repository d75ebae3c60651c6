"""WhatsApp "Export chat" text files (Android and iPhone, any date layout).

One message starts on a line that begins with its date and time; the lines after it, up to
the next such line, continue it. The layouts seen in real exports:

    06/03/2017, 00:45 - Sample User: text                  Android, 24-hour
    1/20/19, 11:23 AM - John Doe: text                     Android, US, 12-hour
    01/01/2019, 11:25 a. m. - John Doe: text                Android, Spanish 12-hour
    2019/01/01, 11:25 - John Doe: text                      year first
    [14/08/2023, 09:15:32] Jane Smith: text                 iPhone, with seconds
    [01/01/19 11:25] John Doe: text                         iPhone, no comma
    ‎[1/20/19, 11:23:45 PM] John: ‎image omitted             iPhone, U+200E marks

Lines without an author (`Messages and calls are end-to-end encrypted…`, `X added Y`,
`You created group "…"`) are system lines: read as messages with an empty sender, since
the phone shows them (a group's name is text a person chose).

Day and month order is decided per file: a first number over 12 means day first, a second
number over 12 means month first; otherwise the order in which the dates run forwards is
taken (UK day-first on a tie, with a warning). Times are the phone's local clock with no
offset; they are read as Europe/London, the school's zone. Two-digit years are 20xx.

The owner (whose phone exported the chat) is the enclosing folder's person id
(`phones/S012/WhatsApp Chat with Ann.txt`). Recipients are the chat's other participants:
everyone seen writing in the file except the sender (bounded: see MAX_PARTICIPANTS).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from saferpractice.diagnostics import Diagnostic
from saferpractice.evidence.csvutil import (
    MAX_CONSECUTIVE_ERRORS,
    MAX_LINE_BYTES,
    SCHOOL_TIMEZONE,
    source_name,
)
from saferpractice.evidence.messages import MAX_BODY, normalise_contact
from saferpractice.evidence.owner import export_owner
from saferpractice.evidence.records import MessageRecord
from saferpractice.evidence.report import ReadReport

MAX_PARTICIPANTS = 1024  # distinct authors remembered per chat; more are counted, not kept
MAX_AUTHOR = 128  # characters of an author name
CHANNEL = "whatsapp"

# Invisible marks WhatsApp puts around names, numbers and media notes.
_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_DATE = r"(?P<d1>\d{1,4})(?P<sep>[./-])(?P<d2>\d{1,2})(?P=sep)(?P<d3>\d{2,4})"
_TIME = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?"
_AMPM = r"(?:[ \u202f\u00a0]*(?P<ampm>[aApP]\.?[ \u202f\u00a0]?[mM]\.?))?"
_STAMP = _DATE + r",?[ \u202f\u00a0]+" + _TIME + _AMPM
_LINE_STARTS = frozenset("0123456789[")
# iPhone: "[stamp] rest"; Android: "stamp - rest".
_BRACKETED = re.compile(r"^\[" + _STAMP + r"\][ \u202f\u00a0]*(?P<rest>.*)$", re.DOTALL)
_DASHED = re.compile(
    r"^" + _STAMP + r"[ \u202f\u00a0]+[-\u2013][ \u202f\u00a0]+(?P<rest>.*)$", re.DOTALL
)
# Characters never in an author's name: a colon before one would make a system line an author.
_NOT_IN_AUTHOR = re.compile('[\n"\u201c\u201d]')


# Notes an iPhone export writes, behind a U+200E mark, in place of a sender's message.
_IOS_NOTES = (
    "image omitted", "video omitted", "audio omitted", "sticker omitted", "gif omitted",
    "document omitted", "contact card omitted", "<attached:", "this message was deleted",
    "you deleted this message", "location:", "missed voice call", "missed video call",
)  # fmt: skip


# Notices some exports put under the chat's name as if it had written them.
_SYSTEM_NOTICES = (
    "messages and calls are end-to-end encrypted",
    "messages to this group are now secured with end-to-end encryption",
    "messages you send to this group are now secured with end-to-end encryption",
)


@dataclass(frozen=True, slots=True)
class Stamp:
    """The raw numbers of a message line's date and time."""

    d1: int
    d2: int
    d3: int
    year_first: bool
    hour: int
    minute: int
    second: int
    ampm: str  # "", "am" or "pm"


def clean(text: str) -> str:
    return _MARKS.sub("", text)


def parse_line(line: str) -> tuple[Stamp, str] | None:
    """(stamp, rest of the line) if `line` starts a message, else None."""
    text = line.lstrip("\ufeff\u200e\u200f")
    if not text or text[0] not in _LINE_STARTS:
        return None  # a continuation line: the usual case after the first line of a message
    match = (_BRACKETED if text[0] == "[" else _DASHED).match(text)
    if match is None:
        return None
    groups = match.groupdict()
    d1, d3 = groups["d1"], groups["d3"]
    if len(d1) == 3 or len(d3) == 3 or (len(d1) == 4 and len(d3) == 4):
        return None
    ampm = (groups["ampm"] or "").casefold().replace(".", "").replace(" ", "")
    ampm = ampm.replace("\u202f", "").replace("\u00a0", "")
    stamp = Stamp(
        d1=int(d1),
        d2=int(groups["d2"]),
        d3=int(d3),
        year_first=len(d1) == 4,
        hour=int(groups["hour"]),
        minute=int(groups["minute"]),
        second=int(groups["second"] or 0),
        ampm=ampm,
    )
    return stamp, match["rest"]


def split_author(rest: str) -> tuple[str, str]:
    """(author, text) of a message line's remainder, marks removed; author "" for a system
    line. iPhone exports write system lines as "<chat name>: \u200e<notice>"; a text that
    starts with that mark and is not a media or deletion note is a system line."""
    colon = rest.find(":", 1, MAX_AUTHOR + 2)
    author = rest[:colon] if colon > 0 else ""
    after = rest[colon + 1 : colon + 2] if colon > 0 else ""
    if (
        not author
        or _NOT_IN_AUTHOR.search(author)
        # "Name: text", "Name:" at the end, or "Name:text" when the name starts cleanly
        or not (after in ("", " ") or (not after.isspace() and not author[0].isspace()))
    ):
        return "", clean(rest)
    text = rest[colon + 2 :] if after == " " else rest[colon + 1 :]
    plain = clean(text).strip().casefold()
    if (text.startswith("\u200e") and not plain.startswith(_IOS_NOTES)) or plain.startswith(
        _SYSTEM_NOTICES
    ):
        return "", clean(text)
    return clean(author).strip(), clean(text)


def decide_order(dates: list[tuple[int, int, int]]) -> tuple[str, bool]:
    """("dmy" or "mdy", ambiguous?) for a file's (first, second, year) date numbers, in
    file order."""
    if any(first > 12 for first, _, _ in dates):
        return "dmy", False
    if any(second > 12 for _, second, _ in dates):
        return "mdy", False

    def backwards(order: str) -> int:
        keys = [(y, s, f) if order == "dmy" else (y, f, s) for f, s, y in dates]
        return sum(1 for a, b in itertools.pairwise(keys) if b < a)

    dmy, mdy = backwards("dmy"), backwards("mdy")
    if dmy == mdy:
        return "dmy", any(first != second for first, second, _ in dates)
    return ("dmy", False) if dmy < mdy else ("mdy", False)


def to_datetime(stamp: Stamp, order: str) -> datetime:
    """The stamp as a Europe/London datetime; ValueError if it names no real moment."""
    if stamp.year_first:
        year, month, day = stamp.d1, stamp.d2, stamp.d3
    elif order == "dmy":
        day, month, year = stamp.d1, stamp.d2, stamp.d3
    else:
        month, day, year = stamp.d1, stamp.d2, stamp.d3
    if year < 100:
        year += 2000
    hour = stamp.hour
    if stamp.ampm:
        if not 1 <= hour <= 12 and hour != 0:
            raise ValueError(f"hour {hour} with {stamp.ampm}")
        hour = hour % 12 + (12 if stamp.ampm == "pm" else 0)
    return datetime(year, month, day, hour, stamp.minute, stamp.second, tzinfo=SCHOOL_TIMEZONE)


def _lines(handle: IO[bytes]) -> Iterator[tuple[int, str | None]]:
    """(line number, text) for each line; text None for a line over the length bound."""
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = handle.readline(MAX_LINE_BYTES)
            yield number, None
            continue
        yield number, raw.decode("utf-8", errors="replace").rstrip("\r\n")


@dataclass(slots=True)
class _Survey:
    """What a first pass over the file learns: date order and participants."""

    dates: list[tuple[int, int, int]]
    authors: dict[str, None]
    more_authors: int = 0


def _survey(path: Path) -> _Survey:
    survey = _Survey(dates=[], authors={})
    with path.open("rb") as handle:
        for _, text in _lines(handle):
            parsed = parse_line(text) if text is not None else None
            if parsed is None:
                continue
            stamp, rest = parsed
            if not stamp.year_first and len(survey.dates) < 100_000:
                survey.dates.append((stamp.d1, stamp.d2, stamp.d3))
            author, _ = split_author(rest)
            if author and author not in survey.authors:
                if len(survey.authors) < MAX_PARTICIPANTS:
                    survey.authors[author] = None
                else:
                    survey.more_authors += 1
    return survey


def _party(name: str) -> str:
    """A participant as an E.164 number when the export shows a number, else the name."""
    return normalise_contact(name) or name[:MAX_AUTHOR]


def looks_like_whatsapp(head: bytes) -> bool:
    """True if the first non-blank line of `head` starts a WhatsApp message."""
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = [line for line in text.split("\n")[:20] if line.strip()]
    parsed = parse_line(lines[0].rstrip("\r")) if lines else None
    return parsed is not None and parsed[1].strip() != ""


@dataclass(slots=True)
class _Pending:
    line: int
    stamp: Stamp
    author: str
    parts: list[str]
    size: int
    truncated: bool = False


def read_whatsapp(path: Path, report: ReadReport, root: Path) -> Iterator[MessageRecord]:
    """MessageRecords from one exported chat; see the module docstring."""
    source = source_name(path, root)
    survey = _survey(path)
    order, ambiguous = decide_order(survey.dates)
    owner, owner_from = export_owner(path, root)
    file_warnings: list[str] = []
    if ambiguous:
        file_warnings.append("day and month order could not be told apart; read as day/month")
    if survey.more_authors:
        file_warnings.append(
            f"more than {MAX_PARTICIPANTS} participants; recipients list only the first "
            f"{MAX_PARTICIPANTS}"
        )
    if not owner:
        file_warnings.append("no folder named after the phone owner's person id above the chat")
    for warning in file_warnings:
        report.warn(Diagnostic(source, warning))
    parties = {name: _party(name) for name in survey.authors}  # each author normalised once
    participants = list(parties.values())

    def emit(pending: _Pending) -> MessageRecord | None:
        warnings: list[str] = []
        try:
            when: datetime | None = to_datetime(pending.stamp, order)
        except ValueError as error:
            report.skip(
                Diagnostic(
                    source, f"date or time is not a real moment ({error})", line=pending.line
                )
            )
            return None
        body = "\n".join(pending.parts)
        if pending.truncated:
            warnings.append(f"body: longer than {MAX_BODY} characters; the rest was not read")
        if "\ufffd" in body:
            warnings.append("invalid UTF-8 replaced with U+FFFD")
        author = pending.author
        sender = (parties.get(author) or _party(author)) if author else ""
        recipients = tuple(p for p in participants if p != sender)
        for warning in warnings:
            report.warn(Diagnostic(source, warning, line=pending.line))
        report.count_read(source, len(warnings))
        return MessageRecord(
            source=source,
            locator=f"line {pending.line}" + ("" if pending.author else " (system line)"),
            warnings=tuple(file_warnings + warnings),
            id=f"line-{pending.line}",
            channel=CHANNEL,
            sent_at=when,
            sender=sender,
            recipients=recipients,
            body=body,
            owner=owner,
            owner_from=owner_from,
        )

    pending: _Pending | None = None
    orphans = 0
    with path.open("rb") as handle:
        for number, text in _lines(handle):
            if text is None:
                report.skip(
                    Diagnostic(source, f"line longer than {MAX_LINE_BYTES} bytes", line=number)
                )
                continue
            parsed = parse_line(text)
            if parsed is None:
                if pending is not None:
                    _append(pending, clean(text))
                elif text.strip():
                    orphans += 1
                    report.skip(
                        Diagnostic(source, "text before the first dated message line", line=number)
                    )
                    if orphans >= MAX_CONSECUTIVE_ERRORS:
                        report.skip(
                            Diagnostic(
                                source,
                                f"{orphans} undated lines at the start; the rest was skipped",
                                line=number,
                            )
                        )
                        return
                continue
            if pending is not None:
                record = emit(pending)
                if record is not None:
                    yield record
            stamp, rest = parsed
            author, first = split_author(rest)
            pending = _Pending(number, stamp, author, [], 0)
            _append(pending, first)
    if pending is not None:
        record = emit(pending)
        if record is not None:
            yield record


def _append(pending: _Pending, text: str) -> None:
    if pending.truncated:
        return
    room = MAX_BODY - pending.size
    if len(text) > room:
        text = text[: max(room, 0)]
        pending.truncated = True
    pending.parts.append(text)
    pending.size += len(text) + 1
