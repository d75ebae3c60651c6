"""Web-use readers: a web filter's CSV export and Squid's native access.log."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from saferpractice.diagnostics import Diagnostic
from saferpractice.evidence.csvutil import (
    MAX_CONSECUTIVE_ERRORS,
    MAX_LINE_BYTES,
    iter_csv,
    parse_time,
    source_name,
)
from saferpractice.evidence.records import WebRecord
from saferpractice.evidence.report import ReadReport

WEB_COLUMNS = ("time", "user", "url", "category", "action")

_ALLOWED = frozenset({"allowed", "allow", "permitted", "pass", "passed", "ok"})
_BLOCKED = frozenset({"blocked", "block", "denied", "deny", "refused"})

# time elapsed client code/status bytes method URL user hierarchy/peer type [extra...]
SQUID_LINE = re.compile(
    r"^(?P<time>\d{9,11}(?:\.\d{1,6})?)\s+(?P<elapsed>-?\d+)\s+(?P<client>\S+)\s+"
    r"(?P<code>[A-Z_]+)/(?P<status>\d{3})\s+(?P<bytes>\d+)\s+(?P<method>[A-Za-z_-]+)\s+"
    r"(?P<url>\S+)\s+(?P<user>\S+)\s+(?P<hierarchy>[A-Z_]+)/(?P<peer>\S+)\s+(?P<type>\S+)"
    r"(?:\s+(?P<extra>.*))?$"
)


def normalise_action(value: str) -> str | None:
    """ "allowed" or "blocked" for the usual spellings filters use, else None."""
    word = value.strip().casefold()
    if word in _ALLOWED:
        return "allowed"
    if word in _BLOCKED:
        return "blocked"
    return None


def read_web_csv(path: Path, report: ReadReport, root: Path) -> Iterator[WebRecord]:
    """Rows of `time,user,url,category,action`; naive times are Europe/London."""
    source = source_name(path, root)
    for row_number, row, warnings in iter_csv(path, source, report):
        url = row["url"].strip()
        if not url:
            report.skip(Diagnostic(source, "url is empty", row=row_number, field="url"))
            continue
        try:
            when = parse_time(row["time"])
        except ValueError as error:
            report.skip(Diagnostic(source, str(error), row=row_number, field="time"))
            continue
        action = normalise_action(row["action"])
        if action is None:
            warnings.append(f"action {row['action'][:40]!r} is neither allowed nor blocked")
            action = row["action"].strip().casefold()[:40] or "unknown"
        for warning in warnings:
            report.warn(Diagnostic(source, warning, row=row_number))
        report.count_read(source, len(warnings))
        yield WebRecord(
            source=source,
            locator=f"row {row_number}",
            warnings=tuple(warnings),
            time=when,
            user=row["user"].strip(),
            url=url,
            category=row["category"].strip() or "unknown",
            action=action,
        )


def looks_like_squid(head: bytes) -> bool:
    """True if the first non-blank line of `head` is a Squid native log line, and most of
    the next few are (so one bad line early in a log does not hide it)."""
    lines = [line for line in head.split(b"\n")[:10] if line.strip()]
    if len(lines) > 1 and not head.endswith(b"\n"):
        lines = lines[:-1]  # the last line may be cut by the head's end
    if not lines:
        return False
    decoded = [line.decode("utf-8", errors="replace").strip() for line in lines]
    matches = [SQUID_LINE.match(line) is not None for line in decoded]
    return matches[0] and sum(matches) * 2 > len(matches)


def read_squid(path: Path, report: ReadReport, root: Path) -> Iterator[WebRecord]:
    """Squid native access.log lines; TCP_DENIED (and other *DENIED codes) are blocked.

    Squid's native format carries no filter category, so category is "unknown" unless the
    log format appends extra fields, when the first of them is taken as the category (as
    with a `logformat` that adds an ACL or URL-filter tag).
    """
    source = source_name(path, root)
    errors = 0
    with path.open("rb") as handle:
        line_number = 0
        while True:
            raw = handle.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            line_number += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):
                    raw = handle.readline(MAX_LINE_BYTES)
                report.skip(
                    Diagnostic(source, f"line longer than {MAX_LINE_BYTES} bytes", line=line_number)
                )
                continue
            text = raw.decode("utf-8", errors="replace").strip()
            if not text:
                continue
            match = SQUID_LINE.match(text)
            if match is None:
                report.skip(Diagnostic(source, "not a Squid native log line", line=line_number))
                errors += 1
                if errors >= MAX_CONSECUTIVE_ERRORS:
                    report.skip(
                        Diagnostic(
                            source,
                            f"{errors} unreadable lines in a row; the rest was skipped",
                            line=line_number,
                        )
                    )
                    return
                continue
            errors = 0
            try:
                when = datetime.fromtimestamp(float(match["time"]), tz=UTC)
            except (OverflowError, OSError, ValueError):
                report.skip(Diagnostic(source, "time is out of range", line=line_number))
                continue
            warnings = ["invalid UTF-8 replaced with U+FFFD"] if "\ufffd" in text else []
            user = match["user"]
            extra = (match["extra"] or "").split()
            for warning in warnings:
                report.warn(Diagnostic(source, warning, line=line_number))
            report.count_read(source, len(warnings))
            yield WebRecord(
                source=source,
                locator=f"line {line_number}",
                warnings=tuple(warnings),
                time=when,
                user="" if user == "-" else user,
                url=match["url"],
                category=extra[0] if extra and extra[0] != "-" else "unknown",
                action="blocked" if "DENIED" in match["code"] else "allowed",
            )
