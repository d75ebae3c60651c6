"""Web-use readers: a web filter's CSV export, and Squid's access.log in its native and
`common`/`combined` formats.

Squid logs more than visits. Lines that are not a page the user reached or was refused are
skipped, each with its reason, never read as visits:
- `TCP_DENIED/407` (and any /407): the proxy asking for credentials, which an authenticated
  school proxy logs before almost every request; the request that follows is the visit;
- `NONE_NONE/400`, `NONE/400`, other `NONE…/4xx|000` and URLs such as
  `error:transaction-end-before-headers` or `error:invalid-request`: connections that never
  made a request.
Only `*DENIED` codes with another status (403, usually) are "blocked".
"""

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


# Squid's `common` (and `combined`) format:
# client ident user [time] "method URL HTTP/v" status bytes ["referer" "agent"] [code:hierarchy]
SQUID_COMMON_LINE = re.compile(
    r"^(?P<client>\S+) (?P<ident>\S+) (?P<user>\S+) \[(?P<time>[^\]]{10,40})\] "
    r'"(?P<method>[A-Za-z_-]+) (?P<url>\S+)(?: [^"]*)?" (?P<status>\d{3}|-) (?P<bytes>\d+|-)'
    r'(?: "(?P<referer>[^"]*)" "(?P<agent>[^"]*)")?'
    r"(?: (?P<code>[A-Z_]+):(?P<hierarchy>[A-Z_]+))?\s*$"
)
# An appended field that names a filter category: a short word or phrase, never a URL, a
# quoted header value or a dash.
_CATEGORY = re.compile(r"^[A-Za-z][\w&+.-]{0,60}$")
_EXTRA_TOKENS = re.compile(r'"[^"]*"|\S+')


def _lines(head: bytes) -> list[str]:
    lines = [line for line in head.split(b"\n")[:10] if line.strip()]
    if len(lines) > 1 and not head.endswith(b"\n"):
        lines = lines[:-1]  # the last line may be cut by the head's end
    return [line.decode("utf-8", errors="replace").strip() for line in lines]


def _mostly(pattern: re.Pattern[str], lines: list[str]) -> bool:
    """Most of the first lines match (not necessarily the first: a log damaged at its start
    is still read, its damaged lines skipped and counted)."""
    matches = [pattern.match(line) is not None for line in lines]
    return (sum(matches) >= 2 and sum(matches) * 2 > len(matches)) or matches == [True]


def looks_like_squid(head: bytes) -> bool:
    """True if most of the first non-blank lines of `head` are Squid native log lines (so
    damaged lines early in a log do not hide it)."""
    return _mostly(SQUID_LINE, _lines(head))


def looks_like_squid_common(head: bytes) -> bool:
    """True if `head` opens with lines in Squid's `common` or `combined` format."""
    return _mostly(SQUID_COMMON_LINE, _lines(head))


def not_a_visit(code: str, status: str, url: str) -> str | None:
    """Why a Squid line is not a visit (to be skipped with that reason), or None if it is."""
    if status == "407":
        return f"proxy asked for credentials ({code or 'status'}/407); not a visit"
    if url.startswith("error:"):
        return f"Squid error {url[:60]!r} ({code or 'status'}/{status}); no request was made"
    if code.startswith("NONE") and (status.startswith("4") or status in ("000", "-")):
        return f"connection without a valid request ({code}/{status}); not a visit"
    return None


def category_of(extra: str) -> str:
    """The filter category among fields appended to a native line, or "unknown".

    The first appended field is taken when it looks like a category; a quoted Referer or
    User-Agent, a URL or `-` is not one.
    """
    tokens = _EXTRA_TOKENS.findall(extra)
    first = tokens[0] if tokens else ""
    if not first or "://" in first or not _CATEGORY.match(first):
        return "unknown"
    return first


def _read_lines(path: Path, source: str, report: ReadReport) -> Iterator[tuple[int, str]]:
    """(line number, text) of each non-blank line; long and misshapen runs are bounded."""
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
            if text:
                yield line_number, text


def _record(
    source: str, line: int, text: str, when: datetime, user: str, url: str, category: str,
    action: str, report: ReadReport,
) -> WebRecord:  # fmt: skip
    warnings = ["invalid UTF-8 replaced with U+FFFD"] if "\ufffd" in text else []
    for warning in warnings:
        report.warn(Diagnostic(source, warning, line=line))
    report.count_read(source, len(warnings))
    return WebRecord(
        source=source,
        locator=f"line {line}",
        warnings=tuple(warnings),
        time=when,
        user="" if user == "-" else user,
        url=url,
        category=category,
        action=action,
    )


def _squid(
    path: Path, report: ReadReport, root: Path, pattern: re.Pattern[str], shape: str
) -> Iterator[tuple[int, str, re.Match[str]]]:
    source = source_name(path, root)
    errors = 0
    for line_number, text in _read_lines(path, source, report):
        match = pattern.match(text)
        if match is None:
            report.skip(Diagnostic(source, f"not a Squid {shape} log line", line=line_number))
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
        yield line_number, text, match


def read_squid(path: Path, report: ReadReport, root: Path) -> Iterator[WebRecord]:
    """Squid native access.log lines (see the module docstring for lines that are skipped).

    Squid's native format carries no filter category, so category is "unknown" unless the
    log format appends a field that looks like one (an ACL or URL-filter tag); appended
    Referer and User-Agent values are never taken for a category.
    """
    source = source_name(path, root)
    for line_number, text, match in _squid(path, report, root, SQUID_LINE, "native"):
        reason = not_a_visit(match["code"], match["status"], match["url"])
        if reason is not None:
            report.skip(Diagnostic(source, reason, line=line_number))
            continue
        try:
            when = datetime.fromtimestamp(float(match["time"]), tz=UTC)
        except (OverflowError, OSError, ValueError):
            report.skip(Diagnostic(source, "time is out of range", line=line_number))
            continue
        yield _record(
            source, line_number, text, when, match["user"], match["url"],
            category_of(match["extra"] or ""),
            "blocked" if "DENIED" in match["code"] else "allowed", report,
        )  # fmt: skip


def read_squid_common(path: Path, report: ReadReport, root: Path) -> Iterator[WebRecord]:
    """Squid `common`/`combined` lines. The time carries its own offset. Without the
    trailing `code:hierarchy` field a line is "allowed" (the status alone cannot tell a
    proxy's refusal from a site's)."""
    source = source_name(path, root)
    for line_number, text, match in _squid(path, report, root, SQUID_COMMON_LINE, "common"):
        code = match["code"] or ""
        reason = not_a_visit(code, match["status"], match["url"])
        if reason is not None:
            report.skip(Diagnostic(source, reason, line=line_number))
            continue
        try:
            when = datetime.strptime(match["time"], "%d/%b/%Y:%H:%M:%S %z")
        except ValueError:
            report.skip(
                Diagnostic(
                    source, f"time {match['time'][:40]!r} is not a log time", line=line_number
                )
            )
            continue
        user = match["user"] if match["user"] != "-" else match["ident"]
        yield _record(
            source, line_number, text, when, user, match["url"], "unknown",
            "blocked" if "DENIED" in code else "allowed", report,
        )  # fmt: skip
